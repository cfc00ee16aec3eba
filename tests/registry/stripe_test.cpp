// One stripe (lock, sequence counter, open-addressing table) and the id
// hash: the mechanics under the registry (docs/contract.md, "Registry"),
// checked against a std::map model, for short (lock-free read) and long
// (locked read) ids alike.
#include "registry_printers.hpp"

#include <brokerwire/registry/id_hash.hpp>
#include <brokerwire/registry/stripe.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

using brokerwire::backend_state;
using brokerwire::hash_id;
using stripe_table = brokerwire::detail::stripe<brokerwire::spin_lock>;
using brokerwire::detail::inline_key_bytes;

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

// Everything a stripe holds, read under its lock.
std::map<std::string, backend_state> contents(const stripe_table& table) {
    std::map<std::string, backend_state> out;
    table.acquire();
    table.for_each([&](std::string_view key, backend_state st) { out.emplace(key, st); });
    table.release();
    return out;
}

std::size_t size_of(const stripe_table& table) {
    table.acquire();
    const std::size_t n = table.size();
    table.release();
    return n;
}

// A hash that puts every id in one probe run: the worst case for linear
// probing and backward-shift deletion.
std::uint64_t colliding_hash(std::string_view id) {
    return 5 + (id.empty() ? 0u : static_cast<unsigned char>(id.back()) % 3u);
}

// 4096 ids like the broker's ("backend-0", "backend-1", ...), each of 16
// stripes (hash bits 32..35) and each of 8 slots (bits 0..2) given between
// half and one and a half times its fair share. For an ideal hash a
// stripe's count is Binomial(4096, 1/16), mean mu = 256, and by Chernoff
// P(X >= 1.5 mu) <= exp(-mu / 10) = e^-25.6 < 7.6e-12 and
// P(X <= 0.5 mu) <= exp(-mu / 8) = e^-32 < 1.3e-14, so over 16 stripes
// < 1.3e-10; a slot's mean is 512, so over 8 slots < 8 (e^-51.2 + e^-64)
// < 1e-21. An ideal hash fails with probability < 2e-10.
bool spreads_evenly(std::uint64_t (*hash)(std::string_view)) {
    constexpr int ids = 4096;
    std::map<std::uint64_t, int> per_stripe, per_slot;
    for (int i = 0; i < ids; ++i) {
        const std::uint64_t h = hash("backend-" + std::to_string(i));
        ++per_stripe[(h >> 32) & 15];
        ++per_slot[h & 7];
    }
    const auto even = [](const std::map<std::uint64_t, int>& counts, int buckets) {
        const int fair = ids / buckets;
        if (counts.size() != static_cast<std::size_t>(buckets)) return false;
        for (const auto& bucket : counts)
            if (2 * bucket.second <= fair || 2 * bucket.second >= 3 * fair) return false;
        return true;
    };
    return even(per_stripe, 16) && even(per_slot, 8);
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

TEST_CASE("hash_id spreads short ids evenly over stripes and slots") {
    CHECK(spreads_evenly([](std::string_view id) { return hash_id(id); }));
    // The check tells bad hashes apart: a constant, and the identity on the
    // id's number (what std::hash of an integer is in libstdc++).
    CHECK_FALSE(spreads_evenly([](std::string_view) { return std::uint64_t{42}; }));
    CHECK_FALSE(spreads_evenly([](std::string_view id) -> std::uint64_t { return std::stoull(std::string(id.substr(8))); }));
}

TEST_CASE("stripe track, bind, erase and state agree with a map model") {
    for (const bool collide : {false, true}) {
        for (const bool long_ids : {false, true}) {
            CAPTURE(collide);
            CAPTURE(long_ids);
            stripe_table table;
            std::map<std::string, backend_state> model;
            xorshift rng{0x9E3779B97F4A7C15ULL};
            const std::string pad(long_ids ? inline_key_bytes : 0, 'x');
            for (int step = 0; step < 20000; ++step) {
                const std::string id = pad + "id" + std::to_string(rng.next() % 97);
                const std::uint64_t h = collide ? colliding_hash(id) : hash_id(id);
                switch (rng.next() % 4) {
                    case 0: {
                        const auto port = static_cast<std::uint16_t>(rng.next());
                        const auto prev = table.bind(h, id, port);
                        const auto it = model.find(id);
                        CHECK(prev == (it == model.end() ? std::nullopt : it->second.port()));
                        model[id] = backend_state::bound(port);
                        break;
                    }
                    case 1: {
                        table.track(h, id);
                        model.emplace(id, backend_state::pending());
                        break;
                    }
                    case 2: {
                        const bool erased = table.erase(h, id);
                        CHECK(erased == (model.erase(id) == 1));
                        break;
                    }
                    default: {
                        const auto it = model.find(id);
                        CHECK(table.state(h, id) == (it == model.end() ? backend_state::untracked() : it->second));
                    }
                }
            }
            CHECK(size_of(table) == model.size());
            CHECK(contents(table) == model);
        }
    }
}

TEST_CASE("stripe track keeps an existing entry") {
    stripe_table table;
    const std::uint64_t h = hash_id("zccache");
    CHECK(table.bind(h, "zccache", 1) == std::nullopt);
    table.track(h, "zccache");
    CHECK(table.state(h, "zccache") == backend_state::bound(1));
    CHECK(size_of(table) == 1);
}

TEST_CASE("stripe grows past its initial capacity without losing entries") {
    stripe_table table;
    for (std::uint16_t i = 0; i < 1000; ++i) {
        const std::string id = "backend-" + std::to_string(i);
        (void)table.bind(hash_id(id), id, i);
    }
    CHECK(size_of(table) == 1000);
    for (std::uint16_t i = 0; i < 1000; ++i) {
        const std::string id = "backend-" + std::to_string(i);
        CHECK(table.state(hash_id(id), id) == backend_state::bound(i));
    }
}

TEST_CASE("stripe keys at and just past the inline length are kept whole") {
    stripe_table table;
    const std::string at(inline_key_bytes, 'a');
    const std::string past(inline_key_bytes + 1, 'a');
    const std::string at_other = std::string(inline_key_bytes - 1, 'a') + "b";
    (void)table.bind(hash_id(at), at, 1);
    (void)table.bind(hash_id(past), past, 2);
    CHECK(table.state(hash_id(at), at) == backend_state::bound(1));
    CHECK(table.state(hash_id(past), past) == backend_state::bound(2));
    CHECK(table.state(hash_id(at_other), at_other) == backend_state::untracked());
    const std::map<std::string, backend_state> expected{{at, backend_state::bound(1)},
                                                        {past, backend_state::bound(2)}};
    CHECK(contents(table) == expected);
}

TEST_CASE("stripe on an empty table finds nothing and erases nothing") {
    stripe_table table;
    CHECK(table.state(hash_id("x"), "x") == backend_state::untracked());
    CHECK_FALSE(table.erase(hash_id("x"), "x"));
    CHECK(size_of(table) == 0);
}

TEST_CASE("inline key words are the id's bytes, zero-padded, for every length and offset") {
    const std::string text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL";
    for (std::size_t start = 0; start < 3; ++start) {  // unaligned starts too
        for (std::size_t n = 0; n + start <= text.size(); ++n) {
            const std::string_view id(text.data() + start, n);
            for (std::size_t w = 0; w < brokerwire::detail::inline_key_words; ++w) {
                std::uint64_t want = 0;  // little-endian packing of bytes [8w, 8w+8)
                for (std::size_t i = 0; i < 8 && 8 * w + i < n; ++i)
                    want |= std::uint64_t{static_cast<unsigned char>(id[8 * w + i])} << (8 * i);
                CAPTURE(n);
                CAPTURE(w);
                if (brokerwire::detail::key_word(id, w) != want) {
                    CHECK(brokerwire::detail::key_word(id, w) == want);
                }
            }
        }
    }
    CHECK(brokerwire::detail::key_word("ab", 0) == 0x6261u);
}
