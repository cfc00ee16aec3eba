// The per-stripe table and the id hash: the mechanics under SPEC §4's
// registry, checked against a std::map model.
#include "registry_printers.hpp"

#include <brokerwire/registry/id_hash.hpp>
#include <brokerwire/registry/stripe_table.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

using brokerwire::backend_state;
using brokerwire::hash_id;
using brokerwire::detail::stripe_table;

namespace {

// Deterministic pseudo-random numbers (xorshift64*), so a failure replays.
struct xorshift {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 0x2545F4914F6CDD1DULL;
    }
};

// A hash that puts every id in one probe run: the worst case for linear
// probing and backward-shift deletion.
std::uint64_t colliding_hash(std::string_view id) {
    return 5 + (id.empty() ? 0u : static_cast<unsigned char>(id.back()) % 3u);
}

}  // namespace

TEST_CASE("hash_id depends on every byte and on the length") {
    const std::string a = "zccache-daemon-01";
    std::string b = a;
    CHECK(hash_id(a) == hash_id(b));  // same bytes, different storage
    for (std::size_t i = 0; i < b.size(); ++i) {
        std::string c = b;
        c[i] = static_cast<char>(c[i] ^ 1);
        CHECK(hash_id(c) != hash_id(a));
    }
    std::set<std::uint64_t> prefixes;
    for (std::size_t n = 0; n <= a.size(); ++n) prefixes.insert(hash_id(std::string_view(a).substr(0, n)));
    CHECK(prefixes.size() == a.size() + 1);
}

TEST_CASE("hash_id spreads short ids over stripes and slots") {
    // 64 ids like the broker's over 16 stripes: every stripe gets some, and
    // the low bits (slot index) of ids are not all equal.
    std::set<std::uint64_t> stripes, slots;
    for (int i = 0; i < 64; ++i) {
        const std::uint64_t h = hash_id("backend-" + std::to_string(i));
        stripes.insert((h >> 32) & 15);
        slots.insert(h & 7);
    }
    CHECK(stripes.size() == 16);
    CHECK(slots.size() == 8);
}

TEST_CASE("stripe table insert, find and erase agree with a map model") {
    for (const bool collide : {false, true}) {
        CAPTURE(collide);
        stripe_table table;
        std::map<std::string, backend_state> model;
        xorshift rng{0x9E3779B97F4A7C15ULL};
        for (int step = 0; step < 20000; ++step) {
            const std::string id = "id" + std::to_string(rng.next() % 97);
            const std::uint64_t h = collide ? colliding_hash(id) : hash_id(id);
            switch (rng.next() % 3) {
                case 0: {
                    const auto port = static_cast<std::uint16_t>(rng.next());
                    table.find_or_insert(h, id, backend_state::pending()) = backend_state::bound(port);
                    model[id] = backend_state::bound(port);
                    break;
                }
                case 1: {
                    const bool erased = table.erase(h, id);
                    CHECK(erased == (model.erase(id) == 1));
                    break;
                }
                default: {
                    const backend_state* found = table.find(h, id);
                    const auto it = model.find(id);
                    REQUIRE((found != nullptr) == (it != model.end()));
                    if (found) CHECK(*found == it->second);
                }
            }
        }
        CHECK(table.size() == model.size());
        std::size_t visited = 0;
        table.for_each([&](std::string_view key, backend_state st) {
            ++visited;
            const auto it = model.find(std::string(key));
            REQUIRE(it != model.end());
            CHECK(st == it->second);
        });
        CHECK(visited == model.size());
    }
}

TEST_CASE("stripe table find_or_insert keeps an existing entry") {
    stripe_table table;
    const std::uint64_t h = hash_id("zccache");
    table.find_or_insert(h, "zccache", backend_state::bound(1));
    CHECK(table.find_or_insert(h, "zccache", backend_state::pending()) == backend_state::bound(1));
    CHECK(table.size() == 1);
}

TEST_CASE("stripe table grows past its initial capacity without losing entries") {
    stripe_table table;
    for (std::uint16_t i = 0; i < 1000; ++i) {
        const std::string id = "backend-" + std::to_string(i);
        table.find_or_insert(hash_id(id), id, backend_state::bound(i));
    }
    CHECK(table.size() == 1000);
    for (std::uint16_t i = 0; i < 1000; ++i) {
        const std::string id = "backend-" + std::to_string(i);
        const backend_state* found = table.find(hash_id(id), id);
        REQUIRE(found != nullptr);
        CHECK(*found == backend_state::bound(i));
    }
}

TEST_CASE("stripe table on an empty table finds nothing and erases nothing") {
    stripe_table table;
    CHECK(table.find(hash_id("x"), "x") == nullptr);
    CHECK_FALSE(table.erase(hash_id("x"), "x"));
    CHECK(table.size() == 0);
}
