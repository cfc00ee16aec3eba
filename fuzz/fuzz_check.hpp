// What every harness shares: the invariant check that stops the fuzzer.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

// A violated invariant is a finding: name it on stderr, then trap so that
// libFuzzer (and the replay driver) stop with a stack trace at this line.
// Harness-only; the library never traps on input (SECURITY.md).
#define BROKERWIRE_FUZZ_CHECK(condition)                                                      \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__,       \
                         #condition);                                                          \
            __builtin_trap();                                                                  \
        }                                                                                      \
    } while (0)

namespace brokerwire::fuzz {

// The bytes of `v` as a string, for comparing an encoding with a payload.
inline std::string as_string(const std::vector<std::uint8_t>& v) {
    return std::string(v.begin(), v.end());
}

// True when [inner, inner + inner_size) lies within [outer, outer + outer_size):
// a view must point into the bytes it was decoded from (SECURITY.md).
inline bool points_into(std::string_view inner, const std::uint8_t* outer, std::size_t outer_size) {
    if (inner.empty()) return true;
    const auto* p = reinterpret_cast<const std::uint8_t*>(inner.data());
    return p >= outer && inner.size() <= outer_size && p <= outer + (outer_size - inner.size());
}

}  // namespace brokerwire::fuzz
