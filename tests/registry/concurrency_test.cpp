// docs/contract.md, "Registry": every operation is safe to call from any
// number of threads at once. Bounded stress tests whose every answer is
// checked; run them under ThreadSanitizer too (run-sanitizers.sh).
#include "registry_printers.hpp"

#include <brokerwire/registry/endpoint_registry.hpp>
#include <brokerwire/registry/stripe.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_thread.hpp"

using brokerwire::backend_state;
using brokerwire::endpoint_registry;
using brokerwire::test::test_thread;

namespace {

constexpr int thread_count = 4;
constexpr int owned_per_thread = 24;
constexpr int shared_ids = 8;
constexpr int ops_per_thread = 20000;

struct xorshift {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 0x2545F4914F6CDD1DULL;
    }
};

// Ports carry their writer: thread in the top 4 bits, sequence in the rest.
std::uint16_t make_port(int thread, std::uint32_t seq) {
    return static_cast<std::uint16_t>((static_cast<std::uint32_t>(thread) << 12) | (seq & 0xFFF));
}
bool port_from_some_thread(std::uint16_t port) { return (port >> 12) < thread_count; }

// Every fourth owned id is too long for lock-free reads, so the locked read
// path races the writers too.
std::string owned_id(int thread, int k) {
    std::string id = "owned-" + std::to_string(thread) + "-" + std::to_string(k);
    if (k % 4 == 0) id += std::string(brokerwire::detail::inline_key_bytes, '.');
    return id;
}
std::string shared_id(int k) { return "shared-" + std::to_string(k); }

// The position of `key` in `ids`, or -1 for a key the test never wrote.
int index_of(const std::vector<std::string>& ids, const std::string& key) {
    const auto found = std::find(ids.begin(), ids.end(), key);
    return found == ids.end() ? -1 : static_cast<int>(found - ids.begin());
}

// What one thread knows for certain about the ids it alone writes, and the
// first disagreement it saw (checked on the main thread: doctest's
// assertions are not meant to be called from many threads).
struct owner {
    std::vector<backend_state> model = std::vector<backend_state>(owned_per_thread);
    std::vector<std::string> ids;
    std::string failure;
    void fail(const std::string& what) {
        if (failure.empty()) failure = what;
    }
};

// `written` holds every id that any thread writes: a snapshot key outside it
// is an id the registry garbled.
void run_mixed_ops(endpoint_registry& reg, int t, owner& me, const std::vector<std::string>& shared,
                   const std::set<std::string>& written) {
    xorshift rng{std::uint64_t{0x1234567} * static_cast<std::uint64_t>(t + 1)};
    std::uint32_t seq = 0;
    for (int op = 0; op < ops_per_thread; ++op) {
        const std::uint64_t r = rng.next();
        const bool on_shared = (r & 3) == 0;  // a quarter of the ops contend
        const auto pool = static_cast<std::uint64_t>(on_shared ? shared_ids : owned_per_thread);
        const int k = static_cast<int>((r >> 8) % pool);
        const std::string& id = on_shared ? shared[static_cast<std::size_t>(k)] : me.ids[static_cast<std::size_t>(k)];
        backend_state* mine = on_shared ? nullptr : &me.model[static_cast<std::size_t>(k)];
        switch ((r >> 16) % 7) {
            case 0:
            case 1: {  // register
                const std::uint16_t port = make_port(t, ++seq);
                const std::optional<std::uint16_t> prev = reg.register_endpoint(id, port);
                if (mine) {
                    if (prev != mine->port()) me.fail("register returned a wrong previous port for " + id);
                    *mine = backend_state::bound(port);
                } else if (prev && !port_from_some_thread(*prev)) {
                    me.fail("torn port on " + id);
                }
                break;
            }
            case 2:
            case 3: {  // lookup (the common operation)
                const std::optional<std::uint16_t> got = reg.lookup(id);
                if (mine && got != mine->port()) me.fail("lookup disagrees on " + id);
                if (!mine && got && !port_from_some_thread(*got)) me.fail("torn port on " + id);
                break;
            }
            case 4: {  // state
                const backend_state got = reg.state(id);
                if (mine && got != *mine) me.fail("state disagrees on " + id);
                break;
            }
            case 5: {  // track
                reg.track(id);
                if (mine && !mine->is_tracked()) *mine = backend_state::pending();
                break;
            }
            default: {  // untrack
                const bool was = reg.untrack(id);
                if (mine) {
                    if (was != mine->is_tracked()) me.fail("untrack disagrees on " + id);
                    *mine = backend_state::untracked();
                }
            }
        }
        if (op % 2048 == 0) {  // snapshots race with every writer
            for (const auto& [key, st] : reg.snapshot()) {
                if (written.count(key) == 0) me.fail("snapshot holds an id nobody wrote: " + key);
                for (int j = 0; j < owned_per_thread; ++j)
                    if (key == me.ids[static_cast<std::size_t>(j)] && st != me.model[static_cast<std::size_t>(j)])
                        me.fail("snapshot disagrees on " + key);
                if (st.is_bound() && !port_from_some_thread(*st.port())) me.fail("torn port on " + key);
            }
        }
    }
}

}  // namespace

TEST_CASE("concurrent mixed operations lose nothing and tear nothing") {
    endpoint_registry reg(8);  // fewer stripes than ids: owned and shared ids share stripes
    std::vector<std::string> shared;
    for (int k = 0; k < shared_ids; ++k) shared.push_back(shared_id(k));
    std::vector<owner> owners(thread_count);
    for (int t = 0; t < thread_count; ++t)
        for (int k = 0; k < owned_per_thread; ++k) owners[static_cast<std::size_t>(t)].ids.push_back(owned_id(t, k));
    std::set<std::string> written(shared.begin(), shared.end());
    for (const owner& o : owners) written.insert(o.ids.begin(), o.ids.end());

    std::vector<test_thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] { run_mixed_ops(reg, t, owners[static_cast<std::size_t>(t)], shared, written); });
    }
    for (test_thread& th : threads) th.join();

    std::size_t expected_size = 0;
    for (int t = 0; t < thread_count; ++t) {
        const owner& o = owners[static_cast<std::size_t>(t)];
        CHECK_MESSAGE(o.failure.empty(), o.failure);
        for (int k = 0; k < owned_per_thread; ++k) {
            const backend_state want = o.model[static_cast<std::size_t>(k)];
            CHECK(reg.state(o.ids[static_cast<std::size_t>(k)]) == want);
            if (want.is_bound()) CHECK((*want.port() >> 12) == t);
            expected_size += want.is_tracked() ? 1u : 0u;
        }
    }
    for (const std::string& id : shared) {
        const backend_state st = reg.state(id);
        if (st.is_bound()) CHECK(port_from_some_thread(*st.port()));
        expected_size += st.is_tracked() ? 1u : 0u;
    }
    CHECK(reg.size() == expected_size);
    const auto last = reg.snapshot();
    CHECK(last.size() == expected_size);
    for (const auto& entry : last) CHECK_MESSAGE(written.count(entry.first) == 1, "an id nobody wrote: " << entry.first);
}

// A writer tracks ids 0..n-1 in order, then untracks them in the same order,
// round after round, so at every instant the tracked ids form one run
// [lo, hi). A snapshot taken stripe by stripe would see a later id's stripe
// after its insert and an earlier id's stripe before it, breaking the run;
// the documented point-in-time snapshot never does.
TEST_CASE("snapshot is a single point in time under a concurrent writer") {
    constexpr int n = 48;
    endpoint_registry reg(16);
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("run-" + std::to_string(i));
    std::atomic<bool> stop{false};
    test_thread writer([&] {
        for (std::uint16_t round = 1; !stop.load(std::memory_order_relaxed); ++round) {
            for (const std::string& id : ids) (void)reg.register_endpoint(id, round);
            for (const std::string& id : ids) (void)reg.untrack(id);
        }
    });

    int broken_runs = 0, unknown_keys = 0;
    for (int i = 0; i < 400; ++i) {
        std::vector<bool> present(n, false);
        for (const auto& [key, st] : reg.snapshot()) {
            const int at = index_of(ids, key);
            unknown_keys += at < 0 ? 1 : 0;
            if (at >= 0) present[static_cast<std::size_t>(at)] = true;
        }
        int edges = 0;  // 0->1 and 1->0 changes around the cycle; one run has at most 2
        for (int j = 0; j < n; ++j) edges += present[static_cast<std::size_t>(j)] != present[static_cast<std::size_t>((j + 1) % n)];
        broken_runs += edges > 2;
        if (i % 8 == 0) std::this_thread::yield();  // let the writer make progress on a busy machine
    }
    stop = true;
    writer.join();
    CHECK(unknown_keys == 0);
    CHECK(broken_runs == 0);
}

// All ids get port r in round r, in id order. A point-in-time snapshot sees
// ports r for a prefix of ids and r-1 for the rest: non-increasing in id
// order with a spread of at most one round.
TEST_CASE("snapshot ports come from at most two adjacent writer rounds") {
    constexpr int n = 32;
    endpoint_registry reg(16);
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("round-" + std::to_string(i));
    for (const std::string& id : ids) (void)reg.register_endpoint(id, 0);
    std::atomic<bool> stop{false};
    test_thread writer([&] {
        for (std::uint16_t round = 1; !stop.load(std::memory_order_relaxed); ++round)
            for (const std::string& id : ids) (void)reg.register_endpoint(id, round);
    });

    int violations = 0, unknown_keys = 0;
    for (int i = 0; i < 400; ++i) {
        std::vector<int> port(n, -1);
        for (const auto& [key, st] : reg.snapshot()) {
            const int at = index_of(ids, key);
            unknown_keys += at < 0 ? 1 : 0;
            if (at >= 0) port[static_cast<std::size_t>(at)] = *st.port();
        }
        for (int j = 0; j + 1 < n; ++j) {
            const int a = port[static_cast<std::size_t>(j)], b = port[static_cast<std::size_t>(j + 1)];
            // Equal, or a step of one round (allowing the 16-bit wrap).
            const bool ok = a == b || static_cast<std::uint16_t>(a - b) == 1;
            violations += ok ? 0 : 1;
        }
        const int first = port[0], last = port[n - 1];
        violations += (first == last || static_cast<std::uint16_t>(first - last) == 1) ? 0 : 1;
        if (i % 8 == 0) std::this_thread::yield();
    }
    stop = true;
    writer.join();
    CHECK(unknown_keys == 0);
    CHECK(violations == 0);
}

// Lock-free readers race writers that move entries (inserts that grow the
// table, deletes that shift probe runs back): a backend that never changes
// must read as bound to its port every single time, never as absent.
TEST_CASE("lock-free reads never miss a stable backend while others move around it") {
    endpoint_registry reg(1);  // one stripe: every write moves entries the readers probe
    const std::string stable = "stable-backend";
    const std::string stable_long = "stable-backend" + std::string(brokerwire::detail::inline_key_bytes, '.');
    (void)reg.register_endpoint(stable, 4242);
    (void)reg.register_endpoint(stable_long, 4343);
    std::atomic<bool> stop{false};
    test_thread writer([&] {
        for (int round = 0; !stop.load(std::memory_order_relaxed); ++round) {
            for (int i = 0; i < 40; ++i) reg.track("churn-" + std::to_string(i));
            for (int i = 0; i < 40; ++i) (void)reg.untrack("churn-" + std::to_string(i));
        }
    });
    int misses = 0;
    for (int i = 0; i < 50000; ++i) {
        misses += reg.lookup(stable) != std::optional<std::uint16_t>(4242);
        if (i % 16 == 0) misses += reg.lookup(stable_long) != std::optional<std::uint16_t>(4343);
    }
    stop = true;
    writer.join();
    CHECK(misses == 0);
    CHECK(reg.size() == 2);
}

// The same at the stripe level with every id on one hash, so all of them
// form one probe run and each erase shifts the stable entry back a slot
// while readers probe it (the case the sequence counter exists for).
TEST_CASE("lock-free reads never miss an entry that backward-shift deletion is moving") {
    brokerwire::detail::stripe<brokerwire::spin_lock> s;
    constexpr std::uint64_t same_hash = 3;
    constexpr int fillers = 12;
    // Ids of one length that differ only in their last bytes, so a reader
    // compares every key word of every filler it passes (a slow reader
    // widens the window in which a writer overtakes it).
    const auto filler = [](int i) { return "backend-id-with-a-shared-prefix-000-" + std::to_string(10 + i); };
    const std::string stable = "backend-id-with-a-shared-prefix-000-99";
    for (int i = 0; i < fillers; ++i) s.track(same_hash, filler(i));
    (void)s.bind(same_hash, stable, 4242);  // last in the run, after the fillers
    // The reader runs exactly as long as the writer does (a fixed number of
    // moves), so the two overlap however the threads are scheduled.
    std::atomic<bool> started{false}, done{false};
    test_thread writer([&] {
        started = true;
        for (int n = 0; n < 100000; ++n) {
            const int i = n % fillers;
            (void)s.erase(same_hash, filler(i));  // shifts every later entry back one slot
            s.track(same_hash, filler(i));        // re-appended at the end of the run
        }
        done = true;
    });
    while (!started.load()) std::this_thread::yield();
    long reads = 0, misses = 0;
    while (!done.load(std::memory_order_relaxed)) {
        misses += s.state(same_hash, stable) != backend_state::bound(4242);
        ++reads;
    }
    writer.join();
    CHECK(reads > 0);
    CHECK(misses == 0);
}
