// docs/contract.md, "Registry": a lookup by a borrowed string performs no heap
// allocation. This executable replaces the global operator new/delete with
// counting versions, which is why it is a test binary of its own.
#include "registry_printers.hpp"

#include <brokerwire/registry/decode_and_register.hpp>
#include <brokerwire/registry/endpoint_registry.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "counting_new.hpp"

using brokerwire::backend_state;
using brokerwire::bytes_view;
using brokerwire::ready_result;
using brokerwire::endpoint_registry;
using brokerwire::test::allocations_during;

// Ids longer than any small-string buffer, so building a std::string from
// one would have to allocate (and still short enough for lock-free reads).
constexpr std::string_view bound_id = "zccache-backend-with-a-long-identifier-0001";
constexpr std::string_view pending_id = "fbuild-backend-with-a-long-identifier-0002";
constexpr std::string_view absent_id = "unknown-backend-with-a-long-identifier-0003";

TEST_CASE("the counting allocator sees allocations") {
    long n = allocations_during([] {
        std::string s(bound_id);
        CHECK(s.size() == bound_id.size());
    });
    CHECK(n >= 1);
}

TEST_CASE("lookup and state of a long id (locked read) allocate nothing") {
    endpoint_registry reg;
    const std::string long_id(brokerwire::detail::inline_key_bytes + 10, 'L');
    (void)reg.register_endpoint(long_id, 7);
    std::optional<std::uint16_t> got;
    const long n = allocations_during([&] { got = reg.lookup(long_id); });
    CHECK(n == 0);
    CHECK(got == std::optional<std::uint16_t>(7));
}

TEST_CASE("lookup and state by string_view allocate nothing") {
    endpoint_registry reg;
    (void)reg.register_endpoint(bound_id, 8765);
    reg.track(pending_id);
    std::optional<std::uint16_t> a, b, c;
    backend_state sa, sb, sc;
    const long n = allocations_during([&] {
        for (int i = 0; i < 1000; ++i) {
            a = reg.lookup(bound_id);
            b = reg.lookup(pending_id);
            c = reg.lookup(absent_id);
            sa = reg.state(bound_id);
            sb = reg.state(pending_id);
            sc = reg.state(absent_id);
        }
    });
    CHECK(n == 0);
    CHECK(a == std::optional<std::uint16_t>(8765));
    CHECK(b == std::nullopt);
    CHECK(c == std::nullopt);
    CHECK(sa == backend_state::bound(8765));
    CHECK(sb == backend_state::pending());
    CHECK(sc == backend_state::untracked());
}

TEST_CASE("updating a tracked backend allocates nothing") {
    endpoint_registry reg;
    reg.track(bound_id);
    std::optional<std::uint16_t> prev;
    const long n = allocations_during([&] {
        for (std::uint16_t p = 1; p <= 1000; ++p) prev = reg.register_endpoint(bound_id, p);
        reg.track(bound_id);
    });
    CHECK(n == 0);
    CHECK(prev == std::optional<std::uint16_t>(999));
}

TEST_CASE("decode-and-register of a tracked id allocates nothing, even past a 4 KiB unknown field") {
    endpoint_registry reg;
    reg.track(bound_id);
    // BackendHttpReady{port = 40001} behind field 15 (unknown to it), 4 KiB long.
    std::string body = "\x7a\x80\x20" + std::string(4096, 'x') + "\x08\xc1\xb8\x02";
    const bytes_view in(reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
    ready_result r = ready_result::registered(0);
    const long n = allocations_during([&] { r = decode_and_register(reg, bound_id, in); });
    CHECK(n == 0);
    REQUIRE(r.ok());
    CHECK(r.port() == 40001);
    CHECK(reg.state(bound_id) == backend_state::bound(40001));
}

TEST_CASE("untrack allocates nothing") {
    endpoint_registry reg;
    reg.track(bound_id);
    reg.track(pending_id);
    bool a = false, b = true;
    const long n = allocations_during([&] {
        a = reg.untrack(bound_id);
        b = reg.untrack(absent_id);
    });
    CHECK(n == 0);
    CHECK(a);
    CHECK_FALSE(b);
}

TEST_CASE("tracking a new short id allocates nothing until its table grows") {
    endpoint_registry reg(1);  // one stripe, so every id shares one table
    reg.track("first");        // creates the table (capacity 8, holds 4)
    const long n = allocations_during([&] {
        reg.track(bound_id);
        (void)reg.register_endpoint(pending_id, 1);
        reg.track("fourth");
    });
    CHECK(n == 0);
    CHECK(reg.size() == 4);
}

TEST_CASE("tracking a new long id allocates its key copy only") {
    endpoint_registry reg(1);
    reg.track("first");
    const std::string long_id(brokerwire::detail::inline_key_bytes + 1, 'L');
    const long n = allocations_during([&] { reg.track(long_id); });
    CHECK(n == 1);
    CHECK(reg.state(long_id) == backend_state::pending());
}
