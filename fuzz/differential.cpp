// Differential harness: the same bytes through brokerwire and through
// libprotobuf, the reference implementation. The first byte picks the
// message type (an index into interop::differential_types(), modulo their
// number), so one fuzzer covers the whole schema; the rest is the message.
//
// Invariant: the two decoders agree — both reject, or both accept with the
// same values and unknown fields, and brokerwire's re-encoding reads back
// the same under libprotobuf — except for the documented differences
// between prost and libprotobuf (tests/interop/differential.cpp), which
// are excused.
//
// Built only where the interop code is (libprotobuf and protoc present),
// hence not listed in harnesses.txt; see fuzz/run-differential.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "differential.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& types = interop::differential_types();
    const std::string_view type = types[data[0] % types.size()];
    std::string why;
    const bool decoders_agree = interop::differential_check(type, data + 1, size - 1, &why);
    if (!decoders_agree) {
        std::fprintf(stderr, "differential: %.*s: %s\n", static_cast<int>(type.size()), type.data(),
                     why.c_str());
    }
    BROKERWIRE_FUZZ_CHECK(decoders_agree);
    return 0;
}
