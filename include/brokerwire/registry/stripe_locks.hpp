// The locks a registry stripe can use, each annotated for clang's
// thread-safety analysis, and the scoped guards that take them.
//
// Every lock offers lock()/unlock() and lock_shared()/unlock_shared(), so a
// stripe is written once and benchmarked with each (bench/registry.cpp).
// For a plain mutex or a spin lock, "shared" simply means exclusive.
#pragma once

#include <brokerwire/registry/thread_annotations.hpp>

#include <atomic>
#include <mutex>
#include <shared_mutex>

namespace brokerwire {

// A test-and-test-and-set spin lock for critical sections of a few dozen
// nanoseconds (one probe of a small table). An uncontended lock() is one
// atomic exchange and unlock() one release store, which is what makes it
// beat a reader-writer lock here: a reader of std::shared_mutex pays two
// read-modify-writes on the same line a writer needs. When the holder may
// have been preempted (on a machine with few cores), the waiter yields its
// time slice instead of burning it.
class BROKERWIRE_CAPABILITY("mutex") spin_lock {
public:
    spin_lock() noexcept = default;
    spin_lock(const spin_lock&) = delete;
    spin_lock& operator=(const spin_lock&) = delete;

    // Blocks until the lock is held by the caller. Not recursive.
    void lock() noexcept BROKERWIRE_ACQUIRE() {
        while (locked_.exchange(true, std::memory_order_acquire)) wait_until_free();
    }
    // Takes the lock if it is free; true when the caller now holds it.
    bool try_lock() noexcept BROKERWIRE_TRY_ACQUIRE(true) {
        return !locked_.load(std::memory_order_relaxed) &&
               !locked_.exchange(true, std::memory_order_acquire);
    }
    // Releases a lock the caller holds.
    void unlock() noexcept BROKERWIRE_RELEASE() { locked_.store(false, std::memory_order_release); }

    void lock_shared() noexcept BROKERWIRE_ACQUIRE_SHARED() { lock(); }
    void unlock_shared() noexcept BROKERWIRE_RELEASE_SHARED() { unlock(); }

private:
    // Out of line: the contended path is cold and must not bloat callers.
    void wait_until_free() noexcept;

    std::atomic<bool> locked_{false};
};

// std::mutex with annotations (std::mutex has none on libstdc++).
class BROKERWIRE_CAPABILITY("mutex") plain_mutex {
public:
    void lock() BROKERWIRE_ACQUIRE() { m_.lock(); }
    void unlock() BROKERWIRE_RELEASE() { m_.unlock(); }
    void lock_shared() BROKERWIRE_ACQUIRE_SHARED() { m_.lock(); }
    void unlock_shared() BROKERWIRE_RELEASE_SHARED() { m_.unlock(); }

private:
    std::mutex m_;
};

// std::shared_mutex with annotations: readers share, writers exclude.
class BROKERWIRE_CAPABILITY("mutex") rw_mutex {
public:
    void lock() BROKERWIRE_ACQUIRE() { m_.lock(); }
    void unlock() BROKERWIRE_RELEASE() { m_.unlock(); }
    void lock_shared() BROKERWIRE_ACQUIRE_SHARED() { m_.lock_shared(); }
    void unlock_shared() BROKERWIRE_RELEASE_SHARED() { m_.unlock_shared(); }

private:
    std::shared_mutex m_;
};

// Holds `lock` exclusively for the guard's lifetime.
template <class Lock>
class BROKERWIRE_SCOPED_CAPABILITY exclusive_guard {
public:
    explicit exclusive_guard(Lock& lock) BROKERWIRE_ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
    ~exclusive_guard() BROKERWIRE_RELEASE() { lock_.unlock(); }
    exclusive_guard(const exclusive_guard&) = delete;
    exclusive_guard& operator=(const exclusive_guard&) = delete;

private:
    Lock& lock_;
};

// Holds `lock` shared (read-only access) for the guard's lifetime.
template <class Lock>
class BROKERWIRE_SCOPED_CAPABILITY shared_guard {
public:
    explicit shared_guard(Lock& lock) BROKERWIRE_ACQUIRE_SHARED(lock) : lock_(lock) {
        lock_.lock_shared();
    }
    ~shared_guard() BROKERWIRE_RELEASE() { lock_.unlock_shared(); }
    shared_guard(const shared_guard&) = delete;
    shared_guard& operator=(const shared_guard&) = delete;

private:
    Lock& lock_;
};

}  // namespace brokerwire
