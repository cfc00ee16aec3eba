// BM_handshake/<server>/threads:N: whole Hello exchanges per second over a
// Unix socket, as upstream's client_v2 performs them: connect, write one
// framed REQUEST carrying bench/data/hello.bin, read the reply until the
// server closes, close. N client threads; items/s = Hellos per second.
//
//   broker  brokerwire's broker::server on a thread of this process, serving
//           its v2 socket as `brokerwire serve` does: the envelope and the
//           Hello decoded, the service definition read from disk and
//           decoded, the daemon's identity file looked up, the HelloReply
//           encoded and framed, one log line formatted (to /dev/null)
//   echo    the floor: one thread that accepts, reads one whole frame,
//           writes back the broker's reply bytes for this Hello (captured
//           once, before timing) and closes. No decoding, no files.
//
// BM_hello_answer/<part>: the broker's work for one Hello without the
// socket, to say where the difference between the two goes:
//   frame       answer_hello_frame on the request body (all of it)
//   definition  load_definition_for_hello (open, read, decode, close)
//   pipe        resolve_backend_pipe (the identity file: absent here)
//
// Counters, per Hello: server_cpu_ns, the CPU time the server's thread
// used; server_vcsw and server_ivcsw, its voluntary (it waited) and
// involuntary (it was preempted) context switches.
//
// Every exchange is checked: the first reply of each server must decode to
// a Negotiated (the broker's) and be byte-identical for both servers; every
// timed reply must have the expected length.
#include <benchmark/benchmark.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "brokerwire/broker/hello_exchange.hpp"
#include "brokerwire/broker/server.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages.hpp"
#include "samples.hpp"

namespace {

using namespace brokerwire;

// ---- the request, the files, the sockets ---------------------------------

// The framed REQUEST upstream's client sends: request_id 1, control lane.
const std::string& request_frame() {
    static const std::string bytes = [] {
        const std::string& hello = bench::sample("hello");
        v1::frame f;
        f.envelope_version = broker::envelope_version;
        f.kind = v1::frame_kind::request;
        f.payload_protocol = broker::lane::control;
        f.payload = hello;
        f.request_id = 1;
        const std::vector<std::uint8_t> body = encode(f);
        std::string out;
        (void)framing::append_frame(out, body.data(), body.size());
        return out;
    }();
    return bytes;
}

// A private directory under $TMPDIR holding services/zccache.servicedef.v2
// (bench/data/servicedef.bin), an empty runtime/ and the sockets. Removed
// at exit.
struct scratch {
    std::string root, services, runtime;
    scratch() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/bw-bench-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) {
            std::perror("brokerwire-bench: mkdtemp");
            std::exit(1);
        }
        root = pattern;
        services = root + "/services";
        runtime = root + "/runtime";
        mkdir(services.c_str(), 0700);
        mkdir(runtime.c_str(), 0700);
        std::ofstream(services + "/zccache.servicedef.v2", std::ios::binary) << bench::sample("servicedef");
    }
    ~scratch() {
        for (const char* name : {"/broker.sock", "/echo.sock", "/services/zccache.servicedef.v2"})
            unlink((root + name).c_str());
        rmdir(services.c_str());
        rmdir(runtime.c_str());
        rmdir(root.c_str());
    }
};

scratch& files() {
    static scratch s;
    return s;
}

broker::hello_sources sources() { return {files().services, files().runtime, "0.1.0"}; }

sockaddr_un address_of(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), std::min(path.size() + 1, sizeof a.sun_path - 1));
    return a;
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// One client exchange: connect, send the request, read until the server
// closes. Returns the reply's bytes, or "" when any step failed.
std::string exchange(const std::string& socket_path, std::string& reply) {
    reply.clear();
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return "socket: " + std::string(std::strerror(errno));
    const sockaddr_un a = address_of(socket_path);
    std::string error;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
        error = "connect: " + std::string(std::strerror(errno));
    } else if (!write_all(fd, request_frame().data(), request_frame().size())) {
        error = "write: " + std::string(std::strerror(errno));
    } else {
        char buf[4096];
        for (;;) {
            const ssize_t r = ::read(fd, buf, sizeof buf);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) error = "read: " + std::string(std::strerror(errno));
            if (r <= 0) break;
            reply.append(buf, static_cast<std::size_t>(r));
        }
    }
    ::close(fd);
    return error;
}

// ---- the two servers -----------------------------------------------------

// The context switches of thread `tid` so far: {voluntary, involuntary}
// (from /proc; zeros when not readable).
std::pair<double, double> context_switches(long tid) {
    std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/status");
    std::string key;
    double value = 0, voluntary = 0, involuntary = 0;
    while (in >> key) {
        if (key == "voluntary_ctxt_switches:" && in >> value) voluntary = value;
        if (key == "nonvoluntary_ctxt_switches:" && in >> value) involuntary = value;
    }
    return {voluntary, involuntary};
}

long current_tid() { return static_cast<long>(::syscall(SYS_gettid)); }

// CPU time the thread `t` has used so far, in ns (0 when not readable).
double thread_cpu_ns(std::thread& t) {
    clockid_t clock{};
    timespec ts{};
    if (!t.joinable() || pthread_getcpuclockid(t.native_handle(), &clock) != 0 || clock_gettime(clock, &ts) != 0)
        return 0;
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// The broker, serving its v2 socket on a thread until the process exits.
struct broker_thread {
    std::string socket_path = files().root + "/broker.sock";
    std::FILE* log = std::fopen("/dev/null", "w");
    int stop = ::eventfd(0, EFD_CLOEXEC);
    std::unique_ptr<broker::server> server;
    std::thread loop;
    std::atomic<long> tid{0};
    std::string error;

    broker_thread() {
        broker::broker_config c;
        c.hello_socket = socket_path;
        c.hello = sources();
        c.program = "zccache";
        c.log = log;
        server = std::make_unique<broker::server>(std::move(c));
        if (const broker::broker_error opened = server->open(); !opened.ok()) {
            error = "broker open: " + to_string(opened);
            return;
        }
        loop = std::thread([this] {
            tid = current_tid();
            if (const broker::broker_error failed = server->run(stop); !failed.ok()) error = to_string(failed);
        });
        while (tid == 0) std::this_thread::yield();
    }
    ~broker_thread() {
        const std::uint64_t one = 1;
        if (::write(stop, &one, sizeof one) < 0) std::perror("brokerwire-bench: eventfd");
        if (loop.joinable()) loop.join();
        server->close();
        ::close(stop);
        std::fclose(log);
    }
};

// The echo floor: the same round trip, answered with canned bytes.
struct echo_thread {
    std::string socket_path = files().root + "/echo.sock";
    std::string error;  // never set: a failure to listen ends the process
    std::string reply;
    int listener = -1;
    int stop = ::eventfd(0, EFD_CLOEXEC);
    std::thread loop;
    std::atomic<long> tid{0};

    explicit echo_thread(std::string canned) : reply(std::move(canned)) {
        listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_un a = address_of(socket_path);
        ::unlink(socket_path.c_str());
        if (::bind(listener, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 || ::listen(listener, 256) != 0) {
            std::perror("brokerwire-bench: echo listen");
            std::exit(1);
        }
        loop = std::thread([this] {
            tid = current_tid();
            serve();
        });
        while (tid == 0) std::this_thread::yield();
    }
    ~echo_thread() {
        const std::uint64_t one = 1;
        if (::write(stop, &one, sizeof one) < 0) std::perror("brokerwire-bench: eventfd");
        loop.join();
        ::close(listener);
        ::close(stop);
        ::unlink(socket_path.c_str());
    }

    void serve() {
        pollfd fds[2] = {{listener, POLLIN, 0}, {stop, POLLIN, 0}};
        char buf[4096];
        for (;;) {
            if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
            if (fds[1].revents != 0) return;
            if (fds[0].revents == 0) continue;
            const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            // Read one whole frame: the header says how long the body is.
            std::size_t got = 0, want = framing::header_size;
            while (got < want) {
                const ssize_t r = ::read(fd, buf + got, sizeof buf - got);
                if (r <= 0) break;
                got += static_cast<std::size_t>(r);
                if (want == framing::header_size && got >= framing::header_size)
                    want += framing::parse_header(reinterpret_cast<const std::uint8_t*>(buf)).body_length;
                if (want > sizeof buf) break;
            }
            if (got == want) (void)write_all(fd, reply.data(), reply.size());
            ::close(fd);
        }
    }
};

// The broker's reply to the sample request, computed once without a socket:
// the bytes the echo floor answers with.
const std::string& canned_reply() {
    static const std::string bytes = [] {
        const std::string& request = request_frame();
        const broker::hello_exchange x = broker::answer_hello_frame(
            bytes_view(reinterpret_cast<const std::uint8_t*>(request.data()) + framing::header_size,
                       request.size() - framing::header_size),
            sources());
        return x.negotiated() ? x.reply_frame : std::string();
    }();
    return bytes;
}

broker_thread& the_broker() {
    static broker_thread b;
    return b;
}

echo_thread& the_echo() {
    static echo_thread e(canned_reply());
    return e;
}

// Checks one exchange with `socket_path` before any thread times it.
std::string first_exchange_error(const std::string& socket_path) {
    if (canned_reply().empty()) return "the broker does not negotiate the sample Hello";
    std::string reply;
    if (std::string error = exchange(socket_path, reply); !error.empty()) return error;
    if (reply != canned_reply()) return "the reply differs from the broker's answer to the sample Hello";
    return "";
}

// Times exchanges with one server; `server()` starts it on first use.
template <typename Server, Server& (*server)()>
void handshakes(benchmark::State& state) {
    // Once per server, before any thread times: a failure skips every run.
    static const std::string error = [] {
        const std::string& startup = server().error;
        return startup.empty() ? first_exchange_error(server().socket_path) : startup;
    }();
    if (!error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    const std::string& path = server().socket_path;
    std::string reply;
    reply.reserve(4096);
    std::size_t bad = 0;
    const double server_cpu_before = state.thread_index() == 0 ? thread_cpu_ns(server().loop) : 0;
    const auto switches_before = state.thread_index() == 0 ? context_switches(server().tid) : std::pair<double, double>{};
    for (auto _ : state) {
        if (!exchange(path, reply).empty() || reply.size() != canned_reply().size()) ++bad;
    }
    if (bad != 0) {
        state.SkipWithError("an exchange failed while timed");
        return;
    }
    state.SetItemsProcessed(state.iterations());
    // The server thread's CPU per Hello (counters are summed over threads:
    // thread 0 alone reports it; every thread ran the same iterations).
    if (state.thread_index() == 0) {
        const double hellos = static_cast<double>(state.iterations()) * state.threads();
        const auto switches = context_switches(server().tid);
        state.counters["server_cpu_ns"] = (thread_cpu_ns(server().loop) - server_cpu_before) / hellos;
        state.counters["server_vcsw"] = (switches.first - switches_before.first) / hellos;
        state.counters["server_ivcsw"] = (switches.second - switches_before.second) / hellos;
    } else {
        state.counters["server_cpu_ns"] = state.counters["server_vcsw"] = state.counters["server_ivcsw"] = 0;
    }
}

// ---- the broker's share, without the socket --------------------------------

bytes_view request_body() {
    const std::string& request = request_frame();
    return {reinterpret_cast<const std::uint8_t*>(request.data()) + framing::header_size,
            request.size() - framing::header_size};
}

void BM_hello_answer_frame(benchmark::State& state) {
    const broker::hello_sources src = sources();
    for (auto _ : state) {
        broker::hello_exchange x = broker::answer_hello_frame(request_body(), src);
        if (!x.negotiated()) {
            state.SkipWithError("the sample Hello is not negotiated");
            return;
        }
        benchmark::DoNotOptimize(x);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_hello_answer_definition(benchmark::State& state) {
    const std::string dir = files().services;
    for (auto _ : state) {
        auto definition = broker::load_definition_for_hello(dir, "zccache");
        if (!definition.ok()) {
            state.SkipWithError("the service definition does not load");
            return;
        }
        benchmark::DoNotOptimize(definition);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_hello_answer_pipe(benchmark::State& state) {
    const std::string dir = files().runtime;
    for (auto _ : state) benchmark::DoNotOptimize(broker::resolve_backend_pipe(dir, "zccache"));
    state.SetItemsProcessed(state.iterations());
}

const bool registered = [] {
    // Wall-clock time: the server's thread does the work, not the client's.
    benchmark::RegisterBenchmark("BM_handshake/broker", handshakes<broker_thread, the_broker>)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_handshake/echo", handshakes<echo_thread, the_echo>)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_hello_answer/frame", BM_hello_answer_frame);
    benchmark::RegisterBenchmark("BM_hello_answer/definition", BM_hello_answer_definition);
    benchmark::RegisterBenchmark("BM_hello_answer/pipe", BM_hello_answer_pipe);
    return true;
}();

}  // namespace
