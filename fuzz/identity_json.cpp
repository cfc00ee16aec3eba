// Harness for the daemon identity file's JSON reader
// (broker/daemon_identity_json.hpp): the file upstream's daemons publish and
// the broker reads on every Hello, so untrusted bytes from disk.
//
// Invariants: a document that reads writes back (it always can: every
// string read is UTF-8), the written form reads again to the same identity,
// and writing that again gives the same bytes (the writer is canonical).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/broker/daemon_identity_json.hpp"
#include "fuzz_check.hpp"

namespace bw = brokerwire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    bw::broker::daemon_identity first;
    if (!bw::broker::read_identity_json(text, first).ok()) return 0;

    std::string written;
    BROKERWIRE_FUZZ_CHECK(bw::broker::write_identity_json(first, written).ok());
    bw::broker::daemon_identity second;
    BROKERWIRE_FUZZ_CHECK(bw::broker::read_identity_json(written, second).ok());
    BROKERWIRE_FUZZ_CHECK(second == first);
    std::string again;
    BROKERWIRE_FUZZ_CHECK(bw::broker::write_identity_json(second, again).ok());
    BROKERWIRE_FUZZ_CHECK(again == written);
    return 0;
}
