// The lock-striped endpoint registry of SPEC §4: backend id -> untracked /
// pending / bound(port), safe to use from any number of threads at once.
#pragma once

#include <brokerwire/registry/backend_state.hpp>
#include <brokerwire/registry/id_hash.hpp>
#include <brokerwire/registry/stripe_locks.hpp>
#include <brokerwire/registry/stripe_table.hpp>
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
// backends do not contend. Every single-id operation hashes the id once and
// holds exactly one stripe lock, briefly.
//
// `Lock` is one of the annotated locks of stripe_locks.hpp; the registry
// uses `endpoint_registry` (spin_lock), chosen by measurement
// (bench/registry.cpp runs the alternatives side by side).
template <class Lock>
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
    void track(std::string_view id) {
        const std::uint64_t h = hash_id(id);
        stripe& s = stripe_for(h);
        exclusive_guard<Lock> g(s.lock);
        s.table.find_or_insert(h, id, backend_state::pending());
    }

    // The backend becomes bound to `port`, tracked first if needed. Returns
    // the port it was bound to before, or nothing if it was pending or
    // untracked. Allocates only when `id` was untracked.
    std::optional<std::uint16_t> register_endpoint(std::string_view id, std::uint16_t port) {
        const std::uint64_t h = hash_id(id);
        stripe& s = stripe_for(h);
        exclusive_guard<Lock> g(s.lock);
        backend_state& state = s.table.find_or_insert(h, id, backend_state::pending());
        const std::optional<std::uint16_t> previous = state.port();
        state = backend_state::bound(port);
        return previous;
    }

    // The port if `id` is bound; nothing if pending or untracked (the two
    // look the same here, as in the seed). Never allocates.
    std::optional<std::uint16_t> lookup(std::string_view id) const noexcept {
        return state(id).port();
    }

    // Untracked, pending or bound(port). Never allocates.
    backend_state state(std::string_view id) const noexcept {
        const std::uint64_t h = hash_id(id);
        stripe& s = stripe_for(h);
        shared_guard<Lock> g(s.lock);
        const backend_state* found = s.table.find(h, id);
        return found ? *found : backend_state::untracked();
    }

    // Forgets `id` (its backend died). True when it was tracked. Never
    // allocates.
    bool untrack(std::string_view id) noexcept {
        const std::uint64_t h = hash_id(id);
        stripe& s = stripe_for(h);
        exclusive_guard<Lock> g(s.lock);
        return s.table.erase(h, id);
    }

    // Every tracked backend with its state, in no particular order.
    //
    // Guarantee: the result is one point-in-time view (linearizable). It
    // holds every stripe lock at once, taken in ascending stripe order,
    // while copying; single-id operations hold one stripe lock each, so no
    // writer is half-way and no lock-order cycle exists. Writers on every
    // stripe wait for the copy, which is fine for an operation the
    // aggregator runs on a page load, not per request.
    std::vector<std::pair<std::string, backend_state>> snapshot() const {
        std::vector<std::pair<std::string, backend_state>> out;
        all_stripes_locked([&](const detail::stripe_table& t) {
            out.reserve(out.size() + t.size());
            t.for_each([&](std::string_view key, backend_state st) { out.emplace_back(key, st); });
        });
        return out;
    }

    // The number of tracked backends, with the same point-in-time guarantee
    // as snapshot().
    std::size_t size() const noexcept {
        std::size_t n = 0;
        all_stripes_locked([&](const detail::stripe_table& t) { n += t.size(); });
        return n;
    }

    std::size_t stripe_count() const noexcept { return stripe_count_; }

private:
    // alignas(64): each stripe's lock and table header sit on their own
    // cache line, so taking one stripe's lock never invalidates a line
    // another thread reads for a different stripe (false sharing). 64 is
    // written out because std::hardware_destructive_interference_size is
    // unreliable across compilers (GCC 12 warns about its ABI).
    struct alignas(64) stripe {
        mutable Lock lock;
        detail::stripe_table table BROKERWIRE_GUARDED_BY(lock);
    };

    static std::size_t round_stripes(std::size_t n) noexcept {
        std::size_t p = 1;
        while (p < n && p < max_stripes) p <<= 1;
        return p;
    }

    // The high half of the hash picks the stripe; the table uses the low bits.
    stripe& stripe_for(std::uint64_t hash) const noexcept {
        return stripes_[static_cast<std::size_t>(hash >> 32) & (stripe_count_ - 1)];
    }

    // Calls fn(table) for every stripe with all stripe locks held.
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
                while (held > 0) r.stripes_[--held].lock.unlock_shared();
            }
        } taken{*this};
        for (; taken.held < stripe_count_; ++taken.held) stripes_[taken.held].lock.lock_shared();
        for (std::size_t i = 0; i < stripe_count_; ++i) fn(stripes_[i].table);
    }

    std::size_t stripe_count_;
    std::unique_ptr<stripe[]> stripes_;
};

// The registry brokerwire uses: spin-locked stripes.
using endpoint_registry = basic_endpoint_registry<spin_lock>;

}  // namespace brokerwire
