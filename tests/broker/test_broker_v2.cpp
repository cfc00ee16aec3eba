// `brokerwire serve` as upstream's v2 broker, over its real socket: upstream's
// acceptance tests (crates/running-process/tests/broker_v2_acceptance_test.rs)
// restated, upstream's client contract (src/broker/client_v2.rs
// hello_round_trip), and the broker under hostile and heavy use.
#include "broker_harness.hpp"

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>

#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/broker/hello_client.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/broker/fd_io.hpp"
#include "brokerwire/messages/handshake.hpp"
#include "sanitizers.hpp"
#include "test_thread.hpp"

using namespace harness;
namespace v1 = brokerwire::v1;
using brokerwire::bytes_view;
using steady = std::chrono::steady_clock;

namespace {

using brokerwire::test::built_with_asan;
using brokerwire::test::test_thread;

int dial(const std::string& path) {
    brokerwire::broker::broker_error error;
    const int fd = brokerwire::broker::connect_unix(path, error);
    REQUIRE_MESSAGE(fd >= 0, to_string(error));
    return fd;
}

// acceptance hello_for: protocol 1..1, wanted 0.0.0, connection_id 0x532.
v1::hello hello_for(const std::string& service) {
    v1::hello h;
    h.client_min_protocol = 1;
    h.client_max_protocol = 1;
    h.service_name = service;
    h.wanted_version = "0.0.0";
    h.client_version = "test";
    h.connection_id = 0x532;
    return h;
}

std::string hello_frame(const v1::hello& hello, std::uint64_t request_id) {
    v1::frame f;
    f.envelope_version = 1;
    f.kind = v1::frame_kind::request;
    const std::vector<std::uint8_t> payload = encode(hello);
    f.payload.assign(payload.begin(), payload.end());
    f.request_id = request_id;
    const std::vector<std::uint8_t> body = encode(f);
    return framed(std::string(body.begin(), body.end()));
}

// acceptance write_hello: the Frame's request_id is the connection_id.
void write_hello(int fd, const v1::hello& hello) { REQUIRE(send_all(fd, hello_frame(hello, hello.connection_id))); }

// acceptance read_reply: one frame, a RESPONSE on the control lane, a HelloReply.
struct reply_read {
    std::string error;
    v1::frame frame;
    v1::hello_reply reply;
};

reply_read read_reply(int fd) {
    reply_read r;
    std::string body;
    const brokerwire::framing::frame_status st = brokerwire::broker::read_frame(fd, brokerwire::framing::max_frame_body, body);
    if (!st.ok()) {
        r.error = "read: " + brokerwire::framing::to_string(st);
        return r;
    }
    if (!decode(bytes_view(body), r.frame).ok()) {
        r.error = "Frame does not decode";
    } else if (!brokerwire::broker::validate_frame_envelope(r.frame, v1::frame_kind::response, 0).ok()) {
        r.error = "not a control-lane RESPONSE";
    } else if (!decode(bytes_view(r.frame.payload), r.reply).ok()) {
        r.error = "HelloReply does not decode";
    }
    return r;
}

reply_read hello_once(const std::string& socket, const v1::hello& hello) {
    const int fd = dial(socket);
    write_hello(fd, hello);
    reply_read r = read_reply(fd);
    ::close(fd);
    return r;
}

bool negotiated(const reply_read& r) { return r.error.empty() && r.reply.negotiated() != nullptr; }

const v1::refused& refused_of(const reply_read& r) {
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    REQUIRE(r.reply.refused() != nullptr);
    return *r.reply.refused();
}

// A refusal that came with nothing echoed (framing faults).
void require_unechoed_refusal(int fd, v1::error_code code, const std::string& reason) {
    const reply_read r = read_reply(fd);
    CHECK(refused_of(r).code == code);
    CHECK(refused_of(r).reason == reason);
    CHECK(r.frame.request_id == 0);
}

}  // namespace

TEST_CASE("v2: a hundred concurrent Hellos are all negotiated (acceptance a_hundred_concurrent_hellos_all_succeed_within_budget)") {
    broker_process b({"alpha"});
    std::atomic<int> ok{0};
    std::vector<test_thread> clients;
    for (int i = 0; i < 100; ++i) {
        clients.emplace_back([&, i] {
            brokerwire::broker::broker_error error;
            const int fd = brokerwire::broker::connect_unix(b.hello_socket, error);
            if (fd < 0) return;
            v1::hello h = hello_for("alpha");
            h.connection_id = static_cast<std::uint64_t>(i);
            if (!send_all(fd, hello_frame(h, h.connection_id))) return;
            const reply_read r = read_reply(fd);
            ::close(fd);
            if (negotiated(r) && r.reply.negotiated()->connection_id == static_cast<std::uint64_t>(i) &&
                r.frame.request_id == static_cast<std::uint64_t>(i)) {
                ++ok;
            }
        });
    }
    for (auto& t : clients) t.join();
    // Upstream also bounds the wall time; speed is the benchmarks' business here.
    CHECK(ok.load() == 100);
}

TEST_CASE("v2: an unknown service is refused, not dropped (acceptance an_unknown_service_is_refused_rather_than_dropped)") {
    broker_process b({"alpha"});
    v1::hello h = hello_for("no-such-service-anywhere");
    h.connection_id = 1;
    const reply_read r = hello_once(b.hello_socket, h);
    CHECK(refused_of(r).code == v1::error_code::service_unknown);
    CHECK(refused_of(r).reason == "service definition was not found");
    CHECK(r.frame.request_id == 1);
}

TEST_CASE("v2: a NUL in the service name is refused (acceptance a_nul_byte_in_the_service_name_is_refused_rather_than_crashing)") {
    broker_process b({"alpha"});
    v1::hello h = hello_for(std::string("bad\0name", 8));
    h.connection_id = 2;
    CHECK(refused_of(hello_once(b.hello_socket, h)).code == v1::error_code::service_unknown);
    CHECK(b.alive());
}

TEST_CASE("v2: an unsupported protocol is refused with the broker's range (acceptance an_unsupported_protocol_version_is_refused_with_a_reason)") {
    broker_process b({"alpha"});
    v1::hello h = hello_for("alpha");
    h.client_min_protocol = 9999;
    h.client_max_protocol = 10000;
    h.connection_id = 3;
    const reply_read answer = hello_once(b.hello_socket, h);
    const v1::refused& r = refused_of(answer);
    CHECK(r.code == v1::error_code::version_unsupported);
    CHECK(r.daemon_min_protocol == 1);
    CHECK(r.daemon_max_protocol == 1);
}

TEST_CASE("v2: a garbage frame does not take the broker down (acceptance a_garbage_frame_does_not_take_the_broker_down)") {
    broker_process b({"alpha"});
    const int fd = dial(b.hello_socket);
    REQUIRE(send_all(fd, framed(std::string(6, '\xff'))));
    const reply_read garbage = read_reply(fd);
    CHECK(refused_of(garbage).reason == "malformed broker Frame");
    ::close(fd);
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));
}

TEST_CASE("v2: an oversized length is refused without being allocated (acceptance an_oversized_frame_is_rejected_without_allocating_it)") {
    broker_process b({"alpha"});
    for (const std::uint32_t claim : {65537u, 0xffffffffu}) {
        CAPTURE(claim);
        const int fd = dial(b.hello_socket);
        std::string header(1, '\x01');
        for (int i = 0; i < 4; ++i) header.push_back(static_cast<char>((claim >> (8 * i)) & 0xff));
        REQUIRE(send_all(fd, header));
        require_unechoed_refusal(fd, v1::error_code::peer_rejected, "initial Hello frame exceeds 64 KiB");
        ::close(fd);
    }
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));
    if (!built_with_asan) CHECK(peak_rss_kib(b.pid) < 64 * 1024);
}

TEST_CASE("v2: the broker serves repeatedly and exits cleanly on SIGTERM (acceptance the_broker_serves_repeatedly_and_exits_cleanly_on_sigterm)") {
    broker_process b({"alpha"});
    for (int attempt = 0; attempt < 2; ++attempt) CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));
    CHECK(b.alive());
    CHECK(b.stop() == 0);
    // Its socket is gone with it.
    CHECK_FALSE(exists(b.hello_socket));
}

TEST_CASE("v2: a closed standard output does not take the broker down (acceptance a_closed_stdout_does_not_take_the_broker_down)") {
    temp_dir dir;
    write_services(dir.path + "/services", {"alpha"});
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const test_support::c_string_array argv(test_support::program_command(
        tool_path(), {"serve", "--services", dir.path + "/services", "--runtime-dir", dir.path + "/runtime"}));
    const std::string log_path = dir.path + "/serve.log";
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(log, 2);
        ::setenv("RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED", "1", 1);
        test_support::exec_argv(argv);
    }
    ::close(out[1]);
    std::string line;
    char c;
    while (line.find('\n') == std::string::npos && ::read(out[0], &c, 1) == 1) line.push_back(c);
    // The reader takes the bound path and goes away, as a `head` would.
    ::close(out[0]);
    const std::string prefix = "running-process-broker-v2 bound at ";
    REQUIRE(line.rfind(prefix, 0) == 0);
    const std::string socket = line.substr(prefix.size(), line.find(" (program=") - prefix.size());
    CHECK(negotiated(hello_once(socket, hello_for("alpha"))));
    CHECK(::waitpid(pid, nullptr, WNOHANG) == 0);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("v2: the exact Hello upstream's client_v2 sends is accepted as that client accepts replies (client_v2.rs hello_round_trip)") {
    broker_process b({"alpha"});
    const v1::hello hello = brokerwire::broker::client_v2_hello("alpha", "alpha", "1.2.3", "4.10.4", 4242);
    CHECK(hello.request_id == "client_v2-alpha-4242");
    CHECK(hello.client_lib_name == "running-process broker::client_v2");
    v1::hello_reply reply;
    const brokerwire::broker::broker_error error = brokerwire::broker::exchange_hello(b.hello_socket, hello, reply);
    REQUIRE_MESSAGE(error.ok(), to_string(error));
    REQUIRE(reply.negotiated() != nullptr);
    CHECK(reply.negotiated()->negotiated_protocol == 1);
    CHECK_FALSE(reply.negotiated()->daemon_version.empty());
}

TEST_CASE("v2: the daemon's published socket is handed out as backend_pipe (tests.rs a_published_daemon_identity_becomes_the_backend_pipe)") {
    broker_process b({"alpha"});
    CHECK(hello_once(b.hello_socket, hello_for("alpha")).reply.negotiated()->backend_pipe.empty());
    brokerwire::broker::daemon_identity daemon;
    daemon.pid = static_cast<std::uint32_t>(::getpid());
    daemon.exe_path = "/usr/bin/alpha";
    daemon.boot_id = "boot";
    daemon.ipc_endpoint.path = "daemon-endpoint-under-test";
    const std::string path = brokerwire::files::daemon_identity_path(b.runtime, "alpha");
    REQUIRE(brokerwire::broker::write_daemon_identity_file(path, daemon).ok());
    CHECK(hello_once(b.hello_socket, hello_for("alpha")).reply.negotiated()->backend_pipe ==
          "daemon-endpoint-under-test");
    brokerwire::broker::remove_daemon_identity_file(path);
    CHECK(hello_once(b.hello_socket, hello_for("alpha")).reply.negotiated()->backend_pipe.empty());
}

TEST_CASE("v2: definitions are read afresh for every Hello") {
    broker_process b({"alpha"});
    CHECK(refused_of(hello_once(b.hello_socket, hello_for("late"))).code == v1::error_code::service_unknown);
    write_services(b.services, {"late"});
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("late"))));
    REQUIRE(::unlink((b.services + "/late.servicedef.v2").c_str()) == 0);
    CHECK(refused_of(hello_once(b.hello_socket, hello_for("late"))).code == v1::error_code::service_unknown);
}

TEST_CASE("v2: a stream that ends or is cut mid-frame is answered 'incomplete Hello frame'") {
    broker_process b({"alpha"});
    SUBCASE("nothing sent") {
        const int fd = dial(b.hello_socket);
        ::shutdown(fd, SHUT_WR);
        require_unechoed_refusal(fd, v1::error_code::peer_rejected, "incomplete Hello frame");
        ::close(fd);
    }
    SUBCASE("cut inside the body") {
        const int fd = dial(b.hello_socket);
        REQUIRE(send_all(fd, hello_frame(hello_for("alpha"), 9).substr(0, 12)));
        ::shutdown(fd, SHUT_WR);
        require_unechoed_refusal(fd, v1::error_code::peer_rejected, "incomplete Hello frame");
        ::close(fd);
    }
    SUBCASE("a wrong framing byte") {
        const int fd = dial(b.hello_socket);
        REQUIRE(send_all(fd, std::string("\x02\x00\x00\x00\x00", 5)));
        require_unechoed_refusal(fd, v1::error_code::version_unsupported, "unsupported framing version");
        ::close(fd);
    }
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));
}

TEST_CASE("v2: a stalled Hello is answered when its deadline passes, and others are served meanwhile") {
    broker_process b({"alpha"}, {}, 0, {{"RUNNING_PROCESS_BROKER_HELLO_TIMEOUT_MS", "300"}});
    const int stalled = dial(b.hello_socket);
    REQUIRE(send_all(stalled, hello_frame(hello_for("alpha"), 9).substr(0, 3)));
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));
    // No reply can come before the deadline; the one that comes is upstream's.
    require_unechoed_refusal(stalled, v1::error_code::peer_rejected, "incomplete Hello frame");
    CHECK(closed_by_peer(stalled));
    ::close(stalled);
}

TEST_CASE("v2: a dribbler that completes its Hello a byte at a time is negotiated") {
    broker_process b({"alpha"});
    const int fd = dial(b.hello_socket);
    const std::string bytes = hello_frame(hello_for("alpha"), 11);
    for (char byte : bytes) {
        REQUIRE(send_all(fd, std::string(1, byte)));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const reply_read r = read_reply(fd);
    CHECK(negotiated(r));
    CHECK(r.frame.request_id == 11);
    ::close(fd);
}

TEST_CASE("v2: one exchange per connection: a second Hello on the same connection is never read") {
    broker_process b({"alpha"});
    const int fd = dial(b.hello_socket);
    REQUIRE(send_all(fd, hello_frame(hello_for("alpha"), 1) + hello_frame(hello_for("alpha"), 2)));
    const reply_read first = read_reply(fd);
    CHECK(negotiated(first));
    CHECK(first.frame.request_id == 1);
    CHECK(closed_by_peer(fd));
    ::close(fd);
}

TEST_CASE("v2: random bytes, 1,000 connect-and-drops and 300 idle connections leave it serving") {
    broker_process b({"alpha"});
    std::mt19937 rng(20261202);
    for (int i = 0; i < 100; ++i) {
        const int fd = dial(b.hello_socket);
        std::string junk(1 + rng() % 300, '\0');
        for (char& ch : junk) ch = static_cast<char>(rng());
        (void)send_all(fd, junk);
        ::shutdown(fd, SHUT_WR);
        CHECK(closed_by_peer(fd));
        ::close(fd);
    }
    for (int i = 0; i < 1000; ++i) ::close(dial(b.hello_socket));
    CHECK(negotiated(hello_once(b.hello_socket, hello_for("alpha"))));

    // Upstream holds at most 256 Hellos in flight and drops the rest.
    std::vector<int> idle;
    for (int i = 0; i < 300; ++i) idle.push_back(dial(b.hello_socket));
    std::size_t dropped = 0;
    for (int fd : idle) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 200) == 1) {
            char byte;
            if (::recv(fd, &byte, 1, MSG_DONTWAIT) == 0) ++dropped;
        }
    }
    CHECK(dropped >= 300 - 256);
    for (int fd : idle) ::close(fd);
    CHECK(eventually([&] { return negotiated(hello_once(b.hello_socket, hello_for("alpha"))); }));
    CHECK(b.alive());
}

TEST_CASE("v2: a live broker is never taken over; a stale socket is replaced") {
    broker_process first({"alpha"});
    // The second broker on the same program and directory: refused, exit 75.
    std::string tool;
    for (const std::string& word : test_support::program_command(tool_path())) tool += "'" + word + "' ";
    const std::string cmd = "RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED=1 " + tool + "serve --services '" +
                            first.services + "' --runtime-dir '" + first.runtime + "' >/dev/null 2>" +
                            first.dir.path + "/second.log";
    const int status = std::system(cmd.c_str());
    CHECK(WEXITSTATUS(status) == 75);
    CHECK(read_file(first.dir.path + "/second.log").find("already") != std::string::npos);
    CHECK(negotiated(hello_once(first.hello_socket, hello_for("alpha"))));
    // Killed without cleanup, the first leaves its socket file behind.
    ::kill(first.pid, SIGKILL);
    ::waitpid(first.pid, nullptr, 0);
    first.pid = -1;
    REQUIRE(exists(first.hello_socket));
    broker_process again({"alpha"}, {"--runtime-dir", first.runtime});
    CHECK(again.hello_socket == first.hello_socket);
    CHECK(negotiated(hello_once(again.hello_socket, hello_for("alpha"))));
}

TEST_CASE("v2: --once answers one connection and exits 0 when it was negotiated, 1 when refused") {
    for (const bool known : {true, false}) {
        CAPTURE(known);
        broker_process b({"alpha"}, {"--once"});
        CHECK(hello_once(b.hello_socket, hello_for(known ? "alpha" : "beta")).error.empty());
        int status = 0;
        ::waitpid(b.pid, &status, 0);
        b.pid = -1;
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == (known ? 0 : 1));
    }
}

TEST_CASE("v2: Hellos at full speed from 8 clients for 10 s, every one answered") {
    broker_process b({"alpha"});
    constexpr int clients = 8;
    const auto until = steady::now() + std::chrono::seconds(10);
    std::atomic<long> failures{0};
    std::vector<std::vector<double>> latencies(clients);
    std::vector<test_thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            const std::string bytes = hello_frame(hello_for("alpha"), 1);
            while (steady::now() < until) {
                const auto t0 = steady::now();
                brokerwire::broker::broker_error error;
                const int fd = brokerwire::broker::connect_unix(b.hello_socket, error);
                if (fd < 0 || !send_all(fd, bytes)) {
                    ++failures;
                    if (fd >= 0) ::close(fd);
                    continue;
                }
                const reply_read r = read_reply(fd);
                ::close(fd);
                if (!negotiated(r)) ++failures;
                latencies[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::micro>(steady::now() - t0).count());
            }
        });
    }
    for (auto& t : threads) t.join();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    REQUIRE_FALSE(all.empty());
    const double p99 = all[all.size() * 99 / 100];
    MESSAGE("8 clients, 10 s: " << all.size() << " Hellos (" << all.size() / 10 << "/s), p50 "
                                << all[all.size() / 2] << " us, p99 " << p99 << " us, peak RSS "
                                << peak_rss_kib(b.pid) << " KiB");
    CHECK(failures.load() == 0);
    CHECK(b.alive());
    // The broker is built like this test; AddressSanitizer's shadow and
    // quarantine alone exceed the bound.
    if (!built_with_asan) CHECK(peak_rss_kib(b.pid) < 64 * 1024);
}

TEST_CASE("v2: `brokerwire hello` prints the reply and exits 0 only when negotiated") {
    broker_process b({"alpha"});
    int st = -1;
    std::string err;
    const std::string negotiated_json =
        run_tool({"hello", "--socket", b.hello_socket, "--version", "1.0.0", "alpha"}, st, &err);
    CHECK(st == 0);
    CHECK(negotiated_json.rfind(R"({"negotiated":{"negotiatedProtocol":1,"daemonVersion":")", 0) == 0);
    const std::string refused_json = run_tool({"hello", "--socket", b.hello_socket, "nosuch"}, st, &err);
    CHECK(st == 1);
    CHECK(refused_json.find(R"("code":"ERROR_SERVICE_UNKNOWN")") != std::string::npos);
    CHECK(err == "refused (ERROR_SERVICE_UNKNOWN): service definition was not found\n");
    // Nothing listening: a failure that says so, never a reply.
    CHECK(run_tool({"hello", "--socket", b.dir.path + "/none.sock", "alpha"}, st, &err).empty());
    CHECK(st == 1);
    CHECK(err.find("none.sock") != std::string::npos);
}

TEST_CASE("v2: no false success: the extension clients pointed at a Hello socket fail and say what came back") {
    broker_process b({"alpha"});
    temp_dir wrong;
    REQUIRE(::symlink(b.hello_socket.c_str(), (wrong.path + "/broker.sock").c_str()) == 0);
    int st = -1;
    std::string err;
    CHECK(run_tool({"query", "--run-dir", wrong.path, "--session-token-for", "d1"}, st, &err).empty());
    CHECK(st == 1);
    CHECK(err.find("v2 broker's Hello socket") != std::string::npos);
    CHECK(run_tool({"query", "--run-dir", wrong.path}, st, &err).empty());
    CHECK(st == 1);
    CHECK(err.find("v2 broker's Hello socket") != std::string::npos);
    CHECK(run_tool({"admin", "--run-dir", wrong.path, "status"}, st, &err).empty());
    CHECK(st == 1);
    CHECK_FALSE(err.empty());
}
