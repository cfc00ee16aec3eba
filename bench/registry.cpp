// Endpoint registry throughput (docs/contract.md, "Registry") against
// upstream's design and two concurrent-map peers, in the same run:
//   brokerwire          endpoint_registry: lock-free (seqlock) reads,
//                       writers on a per-stripe spin lock, the default
//   brokerwire_mutex    the same, writers on std::mutex
//   brokerwire_spin_locked_reads   readers take the spin lock too
//   brokerwire_rwlock   readers share, writers exclude, std::shared_mutex
//   seed_mutex          one std::mutex over std::unordered_map<std::string,
//                       std::optional<uint16_t>>, a std::string key built per
//                       call (upstream's Mutex<HashMap<String, _>>, in
//                       http_endpoint_registry.rs)
//   tbb                 tbb::concurrent_hash_map (if TBB was found)
//   cuckoo              libcuckoo's cuckoohash_map (if its header was found)
// Peers get their best API: heterogeneous (string_view) lookup where they
// offer one. Every benchmark reports items/s = registry operations per
// second over wall-clock time (UseRealTime), summed over threads; the
// default registry and the three peers at 1, 2, 4, 8 and 16 threads.
#include <brokerwire/registry/decode_and_register.hpp>
#include <brokerwire/registry/endpoint_registry.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#if defined(BROKERWIRE_BENCH_HAVE_TBB)
#include <oneapi/tbb/concurrent_hash_map.h>
#endif
#if defined(BROKERWIRE_BENCH_HAVE_LIBCUCKOO)
#include <libcuckoo/cuckoohash_map.hh>
#endif

namespace {

constexpr std::size_t backend_count = 64;

// "backend-00" .. "backend-63": short, like real service names, and within
// std::string's small buffer, so upstream's design pays no allocation per key
// (it would otherwise look worse than it is).
const std::vector<std::string>& backend_ids() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> v;
        char buf[16];
        for (std::size_t i = 0; i < backend_count; ++i) {
            std::snprintf(buf, sizeof buf, "backend-%02zu", i);
            v.emplace_back(buf);
        }
        return v;
    }();
    return ids;
}

// --- The contenders, behind one shape: get(id) and put(id, port) ----------

template <class Lock, bool OptimisticReads>
struct brokerwire_impl {
    brokerwire::basic_endpoint_registry<Lock, OptimisticReads> reg;
    std::optional<std::uint16_t> get(std::string_view id) const { return reg.lookup(id); }
    std::optional<std::uint16_t> put(std::string_view id, std::uint16_t port) {
        return reg.register_endpoint(id, port);
    }
};

struct seed_mutex_impl {
    mutable std::mutex m;
    std::unordered_map<std::string, std::optional<std::uint16_t>> map;
    std::optional<std::uint16_t> get(std::string_view id) const {
        const std::string key(id);  // C++17 unordered_map has no heterogeneous find
        std::lock_guard<std::mutex> g(m);
        const auto it = map.find(key);
        return it == map.end() ? std::nullopt : it->second;
    }
    std::optional<std::uint16_t> put(std::string_view id, std::uint16_t port) {
        std::string key(id);
        std::lock_guard<std::mutex> g(m);
        std::optional<std::uint16_t>& slot = map[std::move(key)];
        const std::optional<std::uint16_t> prev = slot;
        slot = port;
        return prev;
    }
};

#if defined(BROKERWIRE_BENCH_HAVE_TBB)
struct tbb_impl {
    struct hash_compare {
        using is_transparent = void;
        std::size_t hash(std::string_view s) const { return std::hash<std::string_view>{}(s); }
        bool equal(std::string_view a, std::string_view b) const { return a == b; }
    };
    using map_t = oneapi::tbb::concurrent_hash_map<std::string, std::optional<std::uint16_t>, hash_compare>;
    mutable map_t map;
    std::optional<std::uint16_t> get(std::string_view id) const {
        map_t::const_accessor a;
        return map.find(a, id) ? a->second : std::nullopt;
    }
    std::optional<std::uint16_t> put(std::string_view id, std::uint16_t port) {
        map_t::accessor a;
        if (!map.find(a, id)) map.insert(a, std::string(id));
        const std::optional<std::uint16_t> prev = a->second;
        a->second = port;
        return prev;
    }
};
#endif

#if defined(BROKERWIRE_BENCH_HAVE_LIBCUCKOO)
struct cuckoo_impl {
    struct hasher {
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct key_eq {
        bool operator()(std::string_view a, std::string_view b) const { return a == b; }
    };
    libcuckoo::cuckoohash_map<std::string, std::optional<std::uint16_t>, hasher, key_eq> map;
    std::optional<std::uint16_t> get(std::string_view id) const {
        std::optional<std::uint16_t> out;
        map.find_fn(id, [&](const std::optional<std::uint16_t>& v) { out = v; });
        return out;
    }
    std::optional<std::uint16_t> put(std::string_view id, std::uint16_t port) {
        std::optional<std::uint16_t> prev;
        map.upsert(
            std::string(id),
            [&](std::optional<std::uint16_t>& v) {
                prev = v;
                v = port;
            },
            port);
        return prev;
    }
};
#endif

// One contender instance per (impl, benchmark), shared by its threads and
// populated before any thread starts timing (static initialisation is
// thread-safe), so every thread sees the 64 backends bound.
template <class Impl>
Impl& populated() {
    static Impl impl;
    static const bool ready = [] {
        std::uint16_t port = 10000;
        for (const std::string& id : backend_ids()) (void)impl.put(id, port++);
        return true;
    }();
    (void)ready;
    return impl;
}

// A fixed, per-thread sequence of operations: (backend index, write?).
// Drawn before timing starts, so the timed loop measures the registry.
struct op {
    std::uint8_t backend;
    bool write;
};

std::vector<op> make_ops(int thread, unsigned write_percent) {
    std::vector<op> ops(4096);
    std::uint64_t s = std::uint64_t{0x9E3779B97F4A7C15} * static_cast<std::uint64_t>(thread + 1);
    for (op& o : ops) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        const std::uint64_t r = s * 0x2545F4914F6CDD1DULL;
        o.backend = static_cast<std::uint8_t>((r >> 32) % backend_count);
        o.write = (r & 0xFFFF) % 100 < write_percent;
    }
    return ops;
}

template <class Impl>
void run_mix(benchmark::State& state, unsigned write_percent) {
    Impl& impl = populated<Impl>();
    const std::vector<std::string>& ids = backend_ids();
    const std::vector<op> ops = make_ops(state.thread_index(), write_percent);
    std::size_t i = 0;
    auto port = static_cast<std::uint16_t>(20000 + 1000 * state.thread_index());
    for (auto _ : state) {
        const op& o = ops[i++ & (ops.size() - 1)];
        const std::string_view id = ids[o.backend];
        if (o.write) {
            benchmark::DoNotOptimize(impl.put(id, ++port));
        } else {
            benchmark::DoNotOptimize(impl.get(id));
        }
    }
    state.SetItemsProcessed(state.iterations());
}

// Registers BM_<name>/<impl> at each of `threads`, timed on the wall clock:
// CPU time summed over threads would hide contention, which is the point.
// The machine the report runs on has 2 cores: above 2 threads the figures
// show how each design behaves when its threads are preempted while they
// hold (or wait for) a lock, not a speedup.
template <class Impl>
void register_impl(const char* impl_name, std::initializer_list<int> threads) {
    const std::string mix = std::string("BM_registry_mix/") + impl_name;
    const std::string update = std::string("BM_registry_update_mix/") + impl_name;
    auto* read_mostly = benchmark::RegisterBenchmark(mix.c_str(), [](benchmark::State& s) { run_mix<Impl>(s, 5); });
    auto* half_writes =
        benchmark::RegisterBenchmark(update.c_str(), [](benchmark::State& s) { run_mix<Impl>(s, 50); });
    for (const int n : threads) {
        read_mostly->Threads(n);
        half_writes->Threads(n);
    }
    read_mostly->UseRealTime();
    half_writes->UseRealTime();
}

// decode-and-register of a real BackendHttpReady body (port 49152, as the
// broker receives it; bench/data/ready.bin holds the same bytes).
void BM_decode_and_register(benchmark::State& state) {
    static const std::array<std::uint8_t, 4> body{0x08, 0x80, 0x80, 0x03};
    brokerwire::endpoint_registry reg;
    const std::vector<std::string>& ids = backend_ids();
    for (const std::string& id : ids) reg.track(id);
    std::size_t i = 0;
    for (auto _ : state) {
        const brokerwire::ready_result r = brokerwire::decode_and_register(
            reg, ids[i++ & (backend_count - 1)], brokerwire::bytes_view(body.data(), body.size()));
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_decode_and_register);

// The default registry and the peers at 1 to 16 threads; the design
// variants at 1 and 2, where the choice between them was made.
const bool registered = [] {
    const std::initializer_list<int> sweep = {1, 2, 4, 8, 16};
    const std::initializer_list<int> cores = {1, 2};
    register_impl<brokerwire_impl<brokerwire::spin_lock, true>>("brokerwire", sweep);
    register_impl<brokerwire_impl<brokerwire::plain_mutex, true>>("brokerwire_mutex", cores);
    register_impl<brokerwire_impl<brokerwire::spin_lock, false>>("brokerwire_spin_locked_reads", cores);
    register_impl<brokerwire_impl<brokerwire::rw_mutex, false>>("brokerwire_rwlock", cores);
    register_impl<seed_mutex_impl>("seed_mutex", sweep);
#if defined(BROKERWIRE_BENCH_HAVE_TBB)
    register_impl<tbb_impl>("tbb", sweep);
#endif
#if defined(BROKERWIRE_BENCH_HAVE_LIBCUCKOO)
    register_impl<cuckoo_impl>("cuckoo", sweep);
#endif
    return true;
}();

}  // namespace
