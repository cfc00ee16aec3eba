// One stripe's hash table: backend id -> backend_state, open addressing with
// linear probing and the id's hash stored beside it. Not thread-safe; the
// registry guards each table with its stripe's lock.
//
// Why not std::unordered_map<std::string, ...>: C++17 gives it no
// heterogeneous find, so every lookup by std::string_view would build a
// std::string (SPEC §4: a lookup by a borrowed string allocates nothing).
// Here a lookup hashes nothing (the registry hashed the id once), compares
// stored hashes first and touches a key's bytes only on a hash match.
#pragma once

#include <brokerwire/registry/backend_state.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brokerwire {
namespace detail {

class stripe_table {
public:
    // The slot of `id` (whose hash_id() is `hash`), or nullptr when absent.
    // Never allocates. The pointer lives until the next insert or erase.
    const backend_state* find(std::uint64_t hash, std::string_view id) const noexcept {
        const std::size_t i = index_of(hash, id);
        return i == npos ? nullptr : &slots_[i].state;
    }

    // The state of `id`, inserting it with `initial` first when absent.
    // Allocates only when `id` is new (its copy, and a rehash when the table
    // is half full).
    backend_state& find_or_insert(std::uint64_t hash, std::string_view id, backend_state initial) {
        std::size_t i = index_of(hash, id);
        if (i != npos) return slots_[i].state;
        if ((size_ + 1) * 2 > slots_.size()) grow();
        i = static_cast<std::size_t>(hash) & mask();
        while (slots_[i].state.is_tracked()) i = (i + 1) & mask();
        slot& s = slots_[i];
        s.hash = hash;
        s.key.assign(id.data(), id.size());
        s.state = initial;
        ++size_;
        return s.state;
    }

    // Removes `id`; true when it was present. Never allocates.
    bool erase(std::uint64_t hash, std::string_view id) noexcept {
        const std::size_t i = index_of(hash, id);
        if (i == npos) return false;
        close_gap(i);
        --size_;
        return true;
    }

    std::size_t size() const noexcept { return size_; }

    // Calls fn(key, state) for every entry, in slot order.
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const slot& s : slots_)
            if (s.state.is_tracked()) fn(std::string_view(s.key), s.state);
    }

private:
    struct slot {
        std::uint64_t hash = 0;
        std::string key;
        backend_state state;  // untracked marks an empty slot
    };

    static constexpr std::size_t npos = ~std::size_t{0};
    static constexpr std::size_t min_capacity = 8;

    std::size_t mask() const noexcept { return slots_.size() - 1; }

    std::size_t index_of(std::uint64_t hash, std::string_view id) const noexcept {
        if (slots_.empty()) return npos;
        // Terminates: the load factor stays at most 1/2, so an empty slot exists.
        for (std::size_t i = static_cast<std::size_t>(hash) & mask();; i = (i + 1) & mask()) {
            const slot& s = slots_[i];
            if (!s.state.is_tracked()) return npos;
            if (s.hash == hash && std::string_view(s.key) == id) return i;
        }
    }

    // Doubles the capacity (power of two) and reinserts every entry,
    // moving the keys rather than copying them.
    void grow() {
        std::vector<slot> old(slots_.size() < min_capacity ? min_capacity : slots_.size() * 2);
        old.swap(slots_);
        for (slot& s : old) {
            if (!s.state.is_tracked()) continue;
            std::size_t i = static_cast<std::size_t>(s.hash) & mask();
            while (slots_[i].state.is_tracked()) i = (i + 1) & mask();
            slots_[i] = std::move(s);
        }
    }

    // Backward-shift deletion: pulls later members of the probe run into the
    // hole so that lookups never need tombstones and stay short after many
    // track/untrack cycles (backends come and go for the broker's lifetime).
    void close_gap(std::size_t hole) noexcept {
        for (std::size_t j = (hole + 1) & mask(); slots_[j].state.is_tracked(); j = (j + 1) & mask()) {
            const std::size_t home = static_cast<std::size_t>(slots_[j].hash) & mask();
            // Slot j may move to the hole only if its home is not in (hole, j]
            // (cyclically): otherwise the move would put it before its home.
            const std::size_t dist_home = (j - home) & mask();
            const std::size_t dist_hole = (j - hole) & mask();
            if (dist_home >= dist_hole) {
                slots_[hole] = std::move(slots_[j]);
                hole = j;
            }
        }
        slots_[hole].state = backend_state::untracked();
        slots_[hole].key.clear();  // keeps its buffer for the next insert here
    }

    std::vector<slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace detail
}  // namespace brokerwire
