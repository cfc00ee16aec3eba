// The contended path of spin_lock (see stripe_locks.hpp).
#include <brokerwire/registry/stripe_locks.hpp>

#include <thread>

namespace brokerwire {
namespace {

// Tells the core we are spinning (frees pipeline resources for the other
// hyper-thread, and avoids a memory-order mis-speculation on exit).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

}  // namespace

void spin_lock::wait_until_free() noexcept {
    // A stripe's critical section is a table probe: a holder that is running
    // releases within a few hundred cycles. Spinning longer than that means
    // the holder was preempted, and only giving up our time slice lets it run
    // again (on a 2-core machine this matters).
    constexpr int spins_before_yield = 128;
    int spins = 0;
    while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < spins_before_yield) {
            cpu_relax();
        } else {
            std::this_thread::yield();
        }
    }
}

}  // namespace brokerwire
