// One stripe of the endpoint registry: a lock, a sequence counter and an
// open-addressing table (linear probing, the id's hash stored beside it).
//
// Why this shape (measured in bench/registry.cpp):
// - Lookups vastly outnumber updates and come from many threads. Any lock
//   a reader takes is a write to a shared cache line, and on two cores that
//   line then ping-pongs between them on nearly every lookup. So readers
//   take no lock: they read optimistically under a sequence counter (a
//   seqlock) and retry, or fall back to the lock, if a writer moved entries
//   meanwhile. Writers still serialise on the stripe's lock.
// - Everything a lock-free reader touches is a std::atomic (relaxed loads,
//   validated by the counter), so the protocol has no data race in the C++
//   memory model and ThreadSanitizer checks it as written. Keys up to
//   inline_key_bytes long live inside the slot as atomic words for that
//   reason; longer ids are read under the lock.
// - A slot array is never freed while the registry lives: a reader may hold
//   a pointer to one that a writer has just replaced. Arrays double, so the
//   retired ones together are smaller than the live one.
// - C++17's std::unordered_map<std::string, ...> has no heterogeneous find:
//   a lookup by std::string_view would build a std::string (docs/contract.md,
//   "Registry", forbids the allocation). Here a lookup allocates nothing.
#pragma once

#include <brokerwire/config.hpp>
#include <brokerwire/registry/backend_state.hpp>
#include <brokerwire/registry/id_hash.hpp>
#include <brokerwire/registry/stripe_locks.hpp>
#include <brokerwire/registry/thread_annotations.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brokerwire {
namespace detail {

constexpr std::size_t inline_key_words = 6;
// Ids up to this length are found without taking a lock.
constexpr std::size_t inline_key_bytes = inline_key_words * 8;

// backend_state packed into one atomic word: kind << 16 | port. 0 is an
// empty slot (untracked).
inline std::uint32_t pack_state(backend_state s) noexcept {
    return static_cast<std::uint32_t>(static_cast<std::uint32_t>(s.kind()) << 16) | s.port().value_or(0);
}
inline backend_state unpack_state(std::uint32_t v) noexcept {
    switch (static_cast<backend_kind>(v >> 16)) {
        case backend_kind::pending: return backend_state::pending();
        case backend_kind::bound: return backend_state::bound(static_cast<std::uint16_t>(v & 0xFFFF));
        default: return backend_state::untracked();
    }
}

// Word `w` of `id`, zero-padded past its end: bytes 8w..8w+7 as a
// little-endian integer, how an inline key is stored and compared. Only
// fixed-size loads (a variable-length memcpy would be a library call on every
// compared word of every lookup).
inline std::uint64_t key_word(std::string_view id, std::size_t w) noexcept {
    const std::size_t at = w * 8;
    if (at >= id.size()) return 0;
    const char* p = id.data() + at;
    const std::size_t rem = id.size() - at;
    if (rem >= 8) return detail::load_le64(p);
    if (id.size() >= 8) {
        // The 8 bytes ending at the id's end hold ours in their top `rem`
        // bytes; shifting them down leaves zero padding above.
        return detail::load_le64(id.data() + id.size() - 8) >> (8 * (8 - rem));
    }
    if (rem >= 4) {
        // Two overlapping 4-byte loads; the shared bytes agree.
        return detail::load_le32(p) | (detail::load_le32(p + rem - 4) << (8 * (rem - 4)));
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < rem; ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

// Lock-free readers are only lock-free if these are: a target without
// native 64-bit atomics (Cortex-M, for one) would take a hidden lock in
// libatomic on every read, or fail to link.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free &&
                  std::atomic<std::uint32_t>::is_always_lock_free &&
                  std::atomic<std::size_t>::is_always_lock_free,
              "the registry needs lock-free 32- and 64-bit atomics");

// One table entry. Written only with the stripe's lock held; read by
// lock-free readers through relaxed atomic loads.
struct slot {
    std::atomic<std::uint32_t> state{0};  // pack_state(); 0 = empty
    std::atomic<std::size_t> length{0};
    std::atomic<std::uint64_t> hash{0};
    std::atomic<std::uint64_t> words[inline_key_words] = {};  // key bytes when length <= inline_key_bytes
    std::string long_key;  // key when longer; touched only with the lock held
};

struct slot_array {
    explicit slot_array(std::size_t capacity) : mask(capacity - 1), slots(new slot[capacity]) {}
    const std::size_t mask;  // capacity - 1 (a power of two)
    const std::unique_ptr<slot[]> slots;
};

// `OptimisticReads` false makes readers take the lock (shared) instead; it
// exists so the benchmark can show what the seqlock buys.
template <class Lock, bool OptimisticReads = true>
class stripe {
public:
    // The state of `id` (hash_id(id) == hash). Never allocates; takes no
    // lock unless the id is long or writers keep moving entries.
    backend_state state(std::uint64_t hash, std::string_view id) const noexcept
        BROKERWIRE_EXCLUDES(lock_) {
        if (OptimisticReads && id.size() <= inline_key_bytes) {
            for (int attempt = 0; attempt < 4; ++attempt) {
                const std::uint32_t before = seq_.load(std::memory_order_acquire);
                if (before & 1) continue;  // a writer is moving entries
                const std::uint32_t found = probe(hash, id);
                // Orders the data loads above before the re-check (the
                // seqlock reader of Boehm, "Can seqlocks get along with
                // programming language memory models?", 2012).
                std::atomic_thread_fence(std::memory_order_acquire);
                if (seq_.load(std::memory_order_relaxed) == before) return unpack_state(found);
            }
        }
        shared_guard<Lock> g(lock_);
        return unpack_state(probe(hash, id));
    }

    // Untracked becomes pending; otherwise nothing changes.
    void track(std::uint64_t hash, std::string_view id) BROKERWIRE_EXCLUDES(lock_) {
        exclusive_guard<Lock> g(lock_);
        if (find_slot(hash, id) == nullptr) insert(hash, id, backend_state::pending());
    }

    // Binds `id` to `port`, inserting it if needed; the previous port if any.
    std::optional<std::uint16_t> bind(std::uint64_t hash, std::string_view id, std::uint16_t port)
        BROKERWIRE_EXCLUDES(lock_) {
        exclusive_guard<Lock> g(lock_);
        slot* s = find_slot(hash, id);
        if (s == nullptr) {
            insert(hash, id, backend_state::bound(port));
            return std::nullopt;
        }
        const backend_state previous = unpack_state(s->state.load(std::memory_order_relaxed));
        // One atomic store and no sequence bump: entries do not move, and a
        // reader sees the old or the new port, both correct at some instant.
        s->state.store(pack_state(backend_state::bound(port)), std::memory_order_relaxed);
        return previous.port();
    }

    // Removes `id`; true when it was tracked.
    bool erase(std::uint64_t hash, std::string_view id) noexcept BROKERWIRE_EXCLUDES(lock_) {
        exclusive_guard<Lock> g(lock_);
        slot* s = find_slot(hash, id);
        if (s == nullptr) return false;
        begin_write();
        close_gap(static_cast<std::size_t>(s - array_.load(std::memory_order_relaxed)->slots.get()));
        --size_;
        end_write();
        return true;
    }

    // For a consistent view across stripes (registry snapshot/size): the
    // caller takes every stripe's lock, in stripe order, then reads.
    void acquire() const BROKERWIRE_ACQUIRE(lock_) { lock_.lock(); }
    void release() const BROKERWIRE_RELEASE(lock_) { lock_.unlock(); }

    std::size_t size() const BROKERWIRE_REQUIRES(lock_) { return size_; }

    // Calls fn(id, state) for every tracked id, in slot order.
    template <class Fn>
    void for_each(Fn&& fn) const BROKERWIRE_REQUIRES(lock_) {
        const slot_array* a = array_.load(std::memory_order_relaxed);
        if (a == nullptr) return;
        std::string key;
        for (std::size_t i = 0; i <= a->mask; ++i) {
            const slot& s = a->slots[i];
            const std::uint32_t st = s.state.load(std::memory_order_relaxed);
            if (st == 0) continue;
            fn(key_of(s, key), unpack_state(st));
        }
    }

private:
    static constexpr std::size_t min_capacity = 8;

    // The packed state of `id`, 0 when absent. Safe without the lock for
    // ids of at most inline_key_bytes (the caller validates with seq_);
    // longer ids are compared through long_key and need the lock.
    std::uint32_t probe(std::uint64_t hash, std::string_view id) const noexcept {
        const slot* s = locate(hash, id);
        return s ? s->state.load(std::memory_order_relaxed) : 0;
    }

    const slot* locate(std::uint64_t hash, std::string_view id) const noexcept {
        const slot_array* a = array_.load(std::memory_order_acquire);
        if (a == nullptr) return nullptr;
        const std::size_t mask = a->mask;
        // At most capacity steps: a reader racing a writer may see a table
        // that is never consistent; the sequence check discards its answer.
        std::size_t i = static_cast<std::size_t>(hash) & mask;
        for (std::size_t n = 0; n <= mask; ++n, i = (i + 1) & mask) {
            const slot& s = a->slots[i];
            if (s.state.load(std::memory_order_relaxed) == 0) return nullptr;
            if (s.hash.load(std::memory_order_relaxed) == hash &&
                s.length.load(std::memory_order_relaxed) == id.size() && key_equals(s, id))
                return &s;
        }
        return nullptr;
    }

    static bool key_equals(const slot& s, std::string_view id) noexcept {
        if (id.size() > inline_key_bytes) return s.long_key == id;  // lock held (see probe)
        for (std::size_t w = 0; w * 8 < id.size(); ++w)
            if (s.words[w].load(std::memory_order_relaxed) != key_word(id, w)) return false;
        return true;
    }

    static std::string_view key_of(const slot& s, std::string& buf) {
        const std::size_t n = s.length.load(std::memory_order_relaxed);
        if (n > inline_key_bytes) return s.long_key;
        buf.resize(n);
        for (std::size_t w = 0; w * 8 < n; ++w) {
            const std::uint64_t v = config::from_little_endian(s.words[w].load(std::memory_order_relaxed));
            std::memcpy(&buf[w * 8], &v, n - w * 8 < 8 ? n - w * 8 : 8);
        }
        return buf;
    }

    slot* find_slot(std::uint64_t hash, std::string_view id) BROKERWIRE_REQUIRES(lock_) {
        return const_cast<slot*>(locate(hash, id));
    }

    // A write that moves or adds entries: odd counter while it runs.
    void begin_write() BROKERWIRE_REQUIRES(lock_) {
        seq_.store(seq_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
    }
    void end_write() BROKERWIRE_REQUIRES(lock_) {
        seq_.store(seq_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    void insert(std::uint64_t hash, std::string_view id, backend_state initial) BROKERWIRE_REQUIRES(lock_) {
        begin_write();
        const slot_array* a = array_.load(std::memory_order_relaxed);
        if (a == nullptr || (size_ + 1) * 2 > a->mask + 1) a = grow();  // load factor <= 1/2
        std::size_t i = static_cast<std::size_t>(hash) & a->mask;
        while (a->slots[i].state.load(std::memory_order_relaxed) != 0) i = (i + 1) & a->mask;
        slot& s = a->slots[i];
        s.hash.store(hash, std::memory_order_relaxed);
        s.length.store(id.size(), std::memory_order_relaxed);
        if (id.size() > inline_key_bytes) {
            s.long_key.assign(id.data(), id.size());
        } else {
            for (std::size_t w = 0; w < inline_key_words; ++w)
                s.words[w].store(key_word(id, w), std::memory_order_relaxed);
        }
        s.state.store(pack_state(initial), std::memory_order_relaxed);
        ++size_;
        end_write();
    }

    static void move_slot(slot& to, slot& from) noexcept {
        to.hash.store(from.hash.load(std::memory_order_relaxed), std::memory_order_relaxed);
        to.length.store(from.length.load(std::memory_order_relaxed), std::memory_order_relaxed);
        for (std::size_t w = 0; w < inline_key_words; ++w)
            to.words[w].store(from.words[w].load(std::memory_order_relaxed), std::memory_order_relaxed);
        to.long_key = std::move(from.long_key);
        to.state.store(from.state.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }

    // Doubles the capacity and reinserts every entry; the old array stays
    // allocated (readers may be in it) until the stripe is destroyed.
    const slot_array* grow() BROKERWIRE_REQUIRES(lock_) {
        const slot_array* old = array_.load(std::memory_order_relaxed);
        arrays_.push_back(std::make_unique<slot_array>(old ? (old->mask + 1) * 2 : min_capacity));
        slot_array* fresh = arrays_.back().get();
        if (old != nullptr) {
            for (std::size_t j = 0; j <= old->mask; ++j) {
                slot& s = old->slots[j];
                if (s.state.load(std::memory_order_relaxed) == 0) continue;
                std::size_t i = static_cast<std::size_t>(s.hash.load(std::memory_order_relaxed)) & fresh->mask;
                while (fresh->slots[i].state.load(std::memory_order_relaxed) != 0) i = (i + 1) & fresh->mask;
                move_slot(fresh->slots[i], s);
            }
        }
        array_.store(fresh, std::memory_order_release);
        return fresh;
    }

    // Backward-shift deletion: later members of the probe run move into the
    // hole, so lookups need no tombstones and stay short however many
    // backends come and go over the broker's lifetime.
    void close_gap(std::size_t hole) noexcept BROKERWIRE_REQUIRES(lock_) {
        const slot_array& a = *array_.load(std::memory_order_relaxed);
        for (std::size_t j = (hole + 1) & a.mask; a.slots[j].state.load(std::memory_order_relaxed) != 0;
             j = (j + 1) & a.mask) {
            const std::size_t home = static_cast<std::size_t>(a.slots[j].hash.load(std::memory_order_relaxed)) & a.mask;
            // j may fill the hole only if its home is not in (hole, j]
            // (cyclically), or it would end up before its home.
            if (((j - home) & a.mask) >= ((j - hole) & a.mask)) {
                move_slot(a.slots[hole], a.slots[j]);
                hole = j;
            }
        }
        a.slots[hole].state.store(0, std::memory_order_relaxed);
        a.slots[hole].long_key.clear();
    }

    // The writers' lock, alone on its cache line: port updates take it, and
    // must not invalidate the line lock-free readers read seq_ and array_ from.
    alignas(config::cache_line_bytes) mutable Lock lock_;
    alignas(config::cache_line_bytes) std::atomic<std::uint32_t> seq_{0};
    std::atomic<slot_array*> array_{nullptr};
    std::vector<std::unique_ptr<slot_array>> arrays_ BROKERWIRE_GUARDED_BY(lock_);  // live one last
    std::size_t size_ BROKERWIRE_GUARDED_BY(lock_) = 0;
};

}  // namespace detail
}  // namespace brokerwire
