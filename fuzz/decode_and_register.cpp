// Harness for decode_and_register (docs/contract.md, "Registry").
//
// Input layout: [setup byte][BackendHttpReady body ...]
//   setup bits 0-1: the target backend's state before the call: untracked,
//                   pending, bound (to port 1000 + setup), or untracked in
//                   an empty registry;
//   setup bits 2-3: stripe count 1, 2, 16 or 64.
//
// Invariants: the outcome is what an independent decode of the body says
// (decode failure with the decoder's status; a port above 65535 refused
// with that value; else registered); on every error the registry is
// exactly as before (same snapshot); on success only the target changed,
// to bound(port), and the previous binding is what it was.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "brokerwire/messages/control.hpp"
#include "brokerwire/registry/decode_and_register.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"
#include "fuzz_check.hpp"

namespace {

namespace bw = brokerwire;
using entries = std::vector<std::pair<std::string, bw::backend_state>>;

constexpr const char* target = "backend-7";

entries sorted_snapshot(const bw::endpoint_registry& r) {
    entries s = r.snapshot();
    std::sort(s.begin(), s.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return s;
}

void populate(bw::endpoint_registry& r, std::uint8_t setup) {
    const unsigned mode = setup & 3u;
    if (mode == 3) return;  // empty registry, target untracked
    r.track("backend-1");
    (void)r.register_endpoint("backend-2", 8080);
    (void)r.register_endpoint("backend-3", 65535);
    if (mode == 1) r.track(target);
    if (mode == 2) (void)r.register_endpoint(target, static_cast<std::uint16_t>(1000u + setup));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t setup = data[0];
    static constexpr std::size_t stripe_counts[] = {1, 2, 16, 64};
    bw::endpoint_registry registry(stripe_counts[(setup >> 2) & 3u]);
    populate(registry, setup);
    const bw::bytes_view body(data + 1, size - 1);

    const entries before = sorted_snapshot(registry);
    const bw::backend_state target_before = registry.state(target);
    const bw::ready_result result = bw::decode_and_register(registry, target, body);
    const entries after = sorted_snapshot(registry);
    BROKERWIRE_FUZZ_CHECK(!bw::to_string(result).empty());

    bw::v2::backend_http_ready expected;
    const bw::status decoded = decode(body, expected);
    if (!decoded.ok()) {
        BROKERWIRE_FUZZ_CHECK(result.error() == bw::ready_error::decode);
        BROKERWIRE_FUZZ_CHECK(result.decode_status() == decoded);
        BROKERWIRE_FUZZ_CHECK(result.port() == 0);
        BROKERWIRE_FUZZ_CHECK(after == before);
        return 0;
    }
    if (expected.port > 65535u) {
        BROKERWIRE_FUZZ_CHECK(result.error() == bw::ready_error::port_out_of_range);
        BROKERWIRE_FUZZ_CHECK(result.rejected_port() == expected.port);
        BROKERWIRE_FUZZ_CHECK(result.port() == 0);
        BROKERWIRE_FUZZ_CHECK(after == before);
        return 0;
    }
    const auto port = static_cast<std::uint16_t>(expected.port);
    BROKERWIRE_FUZZ_CHECK(result.ok());
    BROKERWIRE_FUZZ_CHECK(result.port() == port);
    BROKERWIRE_FUZZ_CHECK(result.decode_status().ok());
    BROKERWIRE_FUZZ_CHECK(registry.state(target) == bw::backend_state::bound(port));
    BROKERWIRE_FUZZ_CHECK(registry.lookup(target) == port);

    // Everything else is untouched: rebuild the expected snapshot by hand.
    entries want = before;
    if (target_before.is_tracked()) {
        for (auto& e : want) {
            if (e.first == target) e.second = bw::backend_state::bound(port);
        }
    } else {
        want.emplace_back(target, bw::backend_state::bound(port));
        std::sort(want.begin(), want.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    BROKERWIRE_FUZZ_CHECK(after == want);
    return 0;
}
