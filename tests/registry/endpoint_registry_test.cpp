// docs/contract.md, "Registry": single-threaded rules, and upstream's tests
// (http_endpoint_registry.rs) under the same names.
#include "registry_printers.hpp"

#include <brokerwire/registry/endpoint_registry.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using brokerwire::backend_kind;
using brokerwire::backend_state;
using brokerwire::endpoint_registry;

namespace {

using snapshot_t = std::vector<std::pair<std::string, backend_state>>;

snapshot_t sorted_snapshot(const endpoint_registry& reg) {
    snapshot_t snap = reg.snapshot();
    std::sort(snap.begin(), snap.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return snap;
}

}  // namespace

// --- Upstream's tests ------------------------------------------------------

TEST_CASE("empty_registry_has_no_state_for_unknown_backend") {
    endpoint_registry reg;
    CHECK(reg.state("zccache") == backend_state::untracked());
    CHECK(reg.lookup("zccache") == std::nullopt);
}

TEST_CASE("track_then_lookup_returns_none_for_pending_port") {
    endpoint_registry reg;
    reg.track("zccache");
    CHECK(reg.lookup("zccache") == std::nullopt);
    CHECK(reg.state("zccache") == backend_state::pending());
}

TEST_CASE("register_endpoint_makes_port_available") {
    endpoint_registry reg;
    reg.track("zccache");
    CHECK(reg.register_endpoint("zccache", 8765) == std::nullopt);
    CHECK(reg.lookup("zccache") == std::optional<std::uint16_t>(8765));
    CHECK(reg.state("zccache") == backend_state::bound(8765));
}

TEST_CASE("register_endpoint_updates_existing_port_and_returns_previous") {
    endpoint_registry reg;
    CHECK(reg.register_endpoint("fbuild", 8001) == std::nullopt);
    CHECK(reg.register_endpoint("fbuild", 8002) == std::optional<std::uint16_t>(8001));
    CHECK(reg.lookup("fbuild") == std::optional<std::uint16_t>(8002));
}

TEST_CASE("snapshot_reflects_all_tracked_backends") {
    endpoint_registry reg;
    reg.track("zccache");
    (void)reg.register_endpoint("fbuild", 8002);
    const snapshot_t expected{{"fbuild", backend_state::bound(8002)},
                              {"zccache", backend_state::pending()}};
    CHECK(sorted_snapshot(reg) == expected);
}

// --- docs/contract.md, "Registry" -----------------------------------------

TEST_CASE("backend_state tells untracked, pending and bound(port) apart") {
    CHECK(backend_state().kind() == backend_kind::untracked);
    CHECK(backend_state::pending().kind() == backend_kind::pending);
    CHECK(backend_state::bound(0).kind() == backend_kind::bound);
    CHECK(backend_state::bound(0).port() == std::optional<std::uint16_t>(0));
    CHECK(backend_state::pending().port() == std::nullopt);
    CHECK(backend_state::bound(1) != backend_state::bound(2));
    CHECK(backend_state::pending() != backend_state::untracked());
    CHECK(brokerwire::to_string(backend_state::bound(8765)) == "bound(8765)");
    CHECK(brokerwire::to_string(backend_state::pending()) == "pending");
    CHECK(brokerwire::to_string(backend_state::untracked()) == "untracked");
}

TEST_CASE("track leaves a pending backend pending") {
    endpoint_registry reg;
    reg.track("zccache");
    reg.track("zccache");
    CHECK(reg.state("zccache") == backend_state::pending());
    CHECK(reg.size() == 1);
}

TEST_CASE("track leaves a bound backend bound to its port") {
    endpoint_registry reg;
    (void)reg.register_endpoint("zccache", 8765);
    reg.track("zccache");
    CHECK(reg.state("zccache") == backend_state::bound(8765));
}

TEST_CASE("register endpoint tracks an untracked backend") {
    endpoint_registry reg;
    CHECK(reg.register_endpoint("fbuild", 0) == std::nullopt);
    CHECK(reg.state("fbuild") == backend_state::bound(0));
    CHECK(reg.size() == 1);
}

TEST_CASE("register endpoint on a pending backend returns no previous port") {
    endpoint_registry reg;
    reg.track("fbuild");
    CHECK(reg.register_endpoint("fbuild", 65535) == std::nullopt);
    CHECK(reg.lookup("fbuild") == std::optional<std::uint16_t>(65535));
}

TEST_CASE("lookup does not tell pending from untracked, state does") {
    endpoint_registry reg;
    reg.track("pending-one");
    CHECK(reg.lookup("pending-one") == reg.lookup("never-seen"));
    CHECK(reg.state("pending-one") != reg.state("never-seen"));
}

TEST_CASE("untrack forgets a backend and reports whether it was tracked") {
    endpoint_registry reg;
    (void)reg.register_endpoint("zccache", 8765);
    reg.track("fbuild");
    CHECK(reg.untrack("zccache"));
    CHECK_FALSE(reg.untrack("zccache"));
    CHECK_FALSE(reg.untrack("never-seen"));
    CHECK(reg.state("zccache") == backend_state::untracked());
    CHECK(reg.lookup("zccache") == std::nullopt);
    CHECK(reg.untrack("fbuild"));
    CHECK(reg.size() == 0);
    CHECK(reg.snapshot().empty());
}

TEST_CASE("a backend tracked again after untrack starts pending, without its old port") {
    endpoint_registry reg;
    (void)reg.register_endpoint("zccache", 8765);
    CHECK(reg.untrack("zccache"));
    reg.track("zccache");
    CHECK(reg.state("zccache") == backend_state::pending());
    CHECK(reg.register_endpoint("zccache", 9000) == std::nullopt);
}

TEST_CASE("size counts tracked backends, pending and bound alike") {
    endpoint_registry reg;
    CHECK(reg.size() == 0);
    reg.track("a");
    (void)reg.register_endpoint("b", 1);
    (void)reg.register_endpoint("b", 2);
    CHECK(reg.size() == 2);
}

TEST_CASE("ids are compared as whole byte strings") {
    endpoint_registry reg;
    const std::string with_nul("svc\0a", 5);
    (void)reg.register_endpoint("svc", 1);
    (void)reg.register_endpoint(with_nul, 2);
    (void)reg.register_endpoint("", 3);
    (void)reg.register_endpoint("a-backend-id-longer-than-sixteen-bytes", 4);
    (void)reg.register_endpoint("a-backend-id-longer-than-sixteen-bytez", 5);
    CHECK(reg.lookup("svc") == std::optional<std::uint16_t>(1));
    CHECK(reg.lookup(with_nul) == std::optional<std::uint16_t>(2));
    CHECK(reg.lookup("") == std::optional<std::uint16_t>(3));
    CHECK(reg.lookup("a-backend-id-longer-than-sixteen-bytes") == std::optional<std::uint16_t>(4));
    CHECK(reg.lookup("a-backend-id-longer-than-sixteen-bytez") == std::optional<std::uint16_t>(5));
    CHECK(reg.lookup("sv") == std::nullopt);
    CHECK(reg.size() == 5);
}

TEST_CASE("stripe count is a power of two rounded up from the request") {
    CHECK(endpoint_registry().stripe_count() == 16);
    CHECK(endpoint_registry(0).stripe_count() == 1);
    CHECK(endpoint_registry(1).stripe_count() == 1);
    CHECK(endpoint_registry(3).stripe_count() == 4);
    CHECK(endpoint_registry(16).stripe_count() == 16);
    CHECK(endpoint_registry(17).stripe_count() == 32);
    CHECK(endpoint_registry(endpoint_registry::max_stripes + 1).stripe_count() == endpoint_registry::max_stripes);
    CHECK(endpoint_registry(std::numeric_limits<std::size_t>::max()).stripe_count() == endpoint_registry::max_stripes);
}

TEST_CASE("every stripe count gives the same answers") {
    for (const std::size_t stripes : {std::size_t{1}, std::size_t{2}, std::size_t{16}, std::size_t{64}}) {
        CAPTURE(stripes);
        endpoint_registry reg(stripes);
        for (std::uint16_t i = 0; i < 200; ++i) (void)reg.register_endpoint("b" + std::to_string(i), i);
        for (std::uint16_t i = 0; i < 200; i += 2) CHECK(reg.untrack("b" + std::to_string(i)));
        CHECK(reg.size() == 100);
        std::size_t bound = 0;
        for (std::uint16_t i = 0; i < 200; ++i) {
            const auto got = reg.lookup("b" + std::to_string(i));
            if (i % 2 == 0) {
                CHECK(got == std::nullopt);
            } else {
                CHECK(got == std::optional<std::uint16_t>(i));
                ++bound;
            }
        }
        CHECK(bound == 100);
        CHECK(reg.snapshot().size() == 100);
    }
}

using spin_locked_reads = brokerwire::basic_endpoint_registry<brokerwire::spin_lock, false>;
using mutex_optimistic = brokerwire::basic_endpoint_registry<brokerwire::plain_mutex, true>;
using rw_locked_reads = brokerwire::basic_endpoint_registry<brokerwire::rw_mutex, false>;

TEST_CASE_TEMPLATE("every lock and read policy gives the same answers", Registry, endpoint_registry,
                   spin_locked_reads, mutex_optimistic, rw_locked_reads) {
    Registry reg(4);
    reg.track("zccache");
    CHECK(reg.register_endpoint("fbuild", 8001) == std::nullopt);
    CHECK(reg.register_endpoint("fbuild", 8002) == std::optional<std::uint16_t>(8001));
    CHECK(reg.state("zccache") == backend_state::pending());
    CHECK(reg.lookup("fbuild") == std::optional<std::uint16_t>(8002));
    CHECK(reg.untrack("zccache"));
    CHECK(reg.size() == 1);
    CHECK(reg.snapshot().size() == 1);
}
