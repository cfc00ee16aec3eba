// The lock-striped endpoint registry (docs/contract.md, "Registry"):
// backend id -> untracked / pending / bound(port), safe to use from any
// number of threads at once.
//
// Needs a hosted C++17 target with threads and lock-free 32- and 64-bit
// atomics (stripe.hpp asserts the atomics at compile time): 64-bit Linux,
// macOS and BSD, 32-bit ARMv7-A; not Cortex-M, whose 64-bit atomics take a
// lock.
#pragma once

#include <brokerwire/config.hpp>
#include <brokerwire/registry/backend_state.hpp>
#include <brokerwire/registry/id_hash.hpp>
#include <brokerwire/registry/stripe.hpp>
#include <brokerwire/registry/stripe_locks.hpp>
#include <brokerwire/registry/thread_annotations.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brokerwire {

// Ids hash to one of N stripes (N a power of two fixed at construction),
// each with its own lock and its own table, so threads working on different
// backends do not contend. Every single-id operation hashes the id once.
// Writers hold exactly one stripe lock, briefly; readers (lookup, state) of
// ids up to detail::inline_key_bytes long take no lock at all and write no
// shared memory (stripe.hpp says how), so lookups scale with cores.
//
// `Lock` is the writers' lock, one of stripe_locks.hpp; `OptimisticReads`
// false makes readers lock too. endpoint_registry (spin_lock, optimistic
// reads) was chosen by measurement: bench/registry.cpp runs the
// alternatives side by side.
template <class Lock, bool OptimisticReads = true>
class basic_endpoint_registry {
public:
    static constexpr std::size_t default_stripes = 16;
    static constexpr std::size_t max_stripes = std::size_t{1} << 16;

    // `stripes` is rounded up to a power of two, at least 1 and at most
    // max_stripes. Allocates the stripe array only; tables grow on insert.
    explicit basic_endpoint_registry(std::size_t stripes = default_stripes)
        : stripe_count_(round_stripes(stripes)), stripes_(new stripe[stripe_count_]) {}

    basic_endpoint_registry(const basic_endpoint_registry&) = delete;
    basic_endpoint_registry& operator=(const basic_endpoint_registry&) = delete;

    // Untracked becomes pending; a pending or bound backend is left as it is.
    // Allocates only for a new id: its copy if longer than
    // detail::inline_key_bytes, and the stripe's table when that grows.
    void track(std::string_view id) {
        const std::uint64_t h = hash_id(id);
        stripe_for(h).track(h, id);
    }

    // The backend becomes bound to `port`, tracked first if needed. Returns
    // the port it was bound to before, or nothing if it was pending or
    // untracked. Allocates only for a new id, as track() does.
    std::optional<std::uint16_t> register_endpoint(std::string_view id, std::uint16_t port) {
        const std::uint64_t h = hash_id(id);
        return stripe_for(h).bind(h, id, port);
    }

    // The port if `id` is bound; nothing if pending or untracked (the two
    // look the same here, as in upstream's registry). Never allocates.
    std::optional<std::uint16_t> lookup(std::string_view id) const noexcept {
        return state(id).port();
    }

    // Untracked, pending or bound(port). Never allocates; for ids up to
    // detail::inline_key_bytes long it takes no lock and writes nothing.
    backend_state state(std::string_view id) const noexcept {
        const std::uint64_t h = hash_id(id);
        return stripe_for(h).state(h, id);
    }

    // Forgets `id` (its backend died). True when it was tracked. Never
    // allocates.
    bool untrack(std::string_view id) noexcept {
        const std::uint64_t h = hash_id(id);
        return stripe_for(h).erase(h, id);
    }

    // Every tracked backend with its state, in no particular order.
    //
    // Guarantee: the result is one point-in-time view (linearizable). It
    // holds every stripe lock at once, taken in ascending stripe order,
    // while copying; writers hold one stripe lock each, so no writer is
    // half-way and no lock-order cycle exists. Writers wait for the copy
    // (readers do not), which is fine for an operation the aggregator runs
    // on a page load, not per request.
    std::vector<std::pair<std::string, backend_state>> snapshot() const {
        std::vector<std::pair<std::string, backend_state>> out;
        all_stripes_locked([&](const stripe& s) BROKERWIRE_NO_THREAD_SAFETY_ANALYSIS {
            out.reserve(out.size() + s.size());
            s.for_each([&](std::string_view key, backend_state st) { out.emplace_back(key, st); });
        });
        return out;
    }

    // The number of tracked backends, with the same point-in-time guarantee
    // as snapshot().
    std::size_t size() const noexcept {
        std::size_t n = 0;
        all_stripes_locked([&](const stripe& s) BROKERWIRE_NO_THREAD_SAFETY_ANALYSIS { n += s.size(); });
        return n;
    }

    std::size_t stripe_count() const noexcept { return stripe_count_; }

private:
    // Each stripe is aligned to a cache line (its lock and its read-side
    // header each on their own line), so work on one stripe never invalidates
    // a line another thread reads for a different stripe (false sharing).
    using stripe = detail::stripe<Lock, OptimisticReads>;
    static_assert(alignof(stripe) >= config::cache_line_bytes, "stripes must not share cache lines");

    static std::size_t round_stripes(std::size_t n) noexcept {
        std::size_t p = 1;
        while (p < n && p < max_stripes) p <<= 1;
        return p;
    }

    // The high half of the hash picks the stripe; the table uses the low bits.
    stripe& stripe_for(std::uint64_t hash) const noexcept {
        return stripes_[static_cast<std::size_t>(hash >> 32) & (stripe_count_ - 1)];
    }

    // Calls fn(stripe) for every stripe with all stripe locks held.
    // The analysis cannot follow a loop that acquires N locks, so it is
    // switched off here; correctness rests on the lock order (ascending index,
    // the only place more than one stripe lock is ever held).
    template <class Fn>
    void all_stripes_locked(Fn&& fn) const BROKERWIRE_NO_THREAD_SAFETY_ANALYSIS {
        // Releases whatever was taken even if fn throws (std::bad_alloc in a
        // caller built with exceptions).
        struct releaser {
            const basic_endpoint_registry& r;
            std::size_t held = 0;
            ~releaser() BROKERWIRE_NO_THREAD_SAFETY_ANALYSIS {
                while (held > 0) r.stripes_[--held].release();
            }
        } taken{*this};
        for (; taken.held < stripe_count_; ++taken.held) stripes_[taken.held].acquire();
        for (std::size_t i = 0; i < stripe_count_; ++i) fn(stripes_[i]);
    }

    std::size_t stripe_count_;
    std::unique_ptr<stripe[]> stripes_;
};

// The registry brokerwire uses: spin-locked writers, lock-free readers.
using endpoint_registry = basic_endpoint_registry<spin_lock, true>;

}  // namespace brokerwire
