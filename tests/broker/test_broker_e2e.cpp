// The broker end to end: real processes, real Unix sockets.
#include "broker_harness.hpp"

#include <string>

using namespace harness;
namespace v1 = brokerwire::v1;

namespace {

// A `brokerwire daemon` child, reporting its port to the broker.
struct daemon_process {
    pid_t pid = -1;
    int stdin_w = -1;
    daemon_process(const broker_process& b, const std::string& service, int port) {
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        // The daemon listens on its own socket and publishes its identity
        // in the run directory; --report-port is the registration extension.
        const test_support::c_string_array argv(test_support::program_command(
            tool_path(), {"daemon", "--service", service, "--runtime-dir", b.run, "--socket",
                          b.run + "/daemon-" + service + ".sock", "--report-port", std::to_string(port),
                          "--run-dir", b.run}));
        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(fds[0], 0);
            ::close(fds[1]);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 1);
            ::dup2(devnull, 2);
            test_support::exec_argv(argv);
        }
        ::close(fds[0]);
        stdin_w = fds[1];
    }
    // SIGTERM ends it: exit status 0 expected.
    int finish() {
        ::kill(pid, SIGTERM);
        ::close(stdin_w);
        int st = 0;
        ::waitpid(pid, &st, 0);
        pid = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    ~daemon_process() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            ::close(stdin_w);
        }
    }
};

// Runs the tool with `args`, returning its stdout and exit status.
}  // namespace

TEST_CASE("backends register from separate processes and go pending when their connection closes") {
    broker_process b({"alpha", "beta", "gamma"});
    CHECK(b.status() ==
          R"({"backends":[{"service":"alpha","state":"pending"},{"service":"beta","state":"pending"},)"
          R"({"service":"gamma","state":"pending"}]})");

    daemon_process a(b, "alpha", 9001), g(b, "gamma", 9003);
    const std::string both = R"({"backends":[{"port":9001,"service":"alpha","state":"bound"},)"
                             R"({"service":"beta","state":"pending"},{"port":9003,"service":"gamma","state":"bound"}]})";
    CHECK(eventually([&] { return b.status() == both; }));

    int st = -1;
    CHECK(run_tool({"query", "--run-dir", b.run}, st) ==
          R"({"port":)" + std::to_string(b.http_port()) + R"(,"pid":)" + std::to_string(b.pid) + "}\n");
    CHECK(st == 0);
    CHECK(run_tool({"query", "--run-dir", b.run, "--session-token-for", "d1"}, st) == "{}\n");
    CHECK(run_tool({"admin", "--run-dir", b.run, "status", "--text"}, st) ==
          "alpha bound 9001\nbeta pending\ngamma bound 9003\n");
    CHECK(run_tool({"admin", "--run-dir", b.run, "healthz"}, st) == "ok\n");
    const std::string metrics = run_tool({"admin", "--run-dir", b.run, "metrics"}, st);
    CHECK(metrics.find("brokerwire_backends{state=\"bound\"} 2\n") != std::string::npos);
    CHECK(metrics.find("brokerwire_frames_received_total ") != std::string::npos);
    CHECK(metrics.substr(metrics.size() - 6) == "# EOF\n");

    CHECK(a.finish() == 0);
    CHECK(eventually([&] {
        return b.status() == R"({"backends":[{"service":"alpha","state":"pending"},{"service":"beta","state":"pending"},)"
                             R"({"port":9003,"service":"gamma","state":"bound"}]})";
    }));
    CHECK(g.finish() == 0);
}

TEST_CASE("SIGTERM stops the broker cleanly and removes its sockets") {
    broker_process b({"alpha"});
    CHECK(exists(b.run + "/alpha.sock"));
    CHECK(exists(b.run + "/broker.sock"));
    struct stat st {};
    REQUIRE(::stat(b.run.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat((b.run + "/broker.sock").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(b.stop() == 0);
    CHECK_FALSE(exists(b.run + "/alpha.sock"));
    CHECK_FALSE(exists(b.run + "/broker.sock"));
    CHECK(read_file(b.log).find("stopped") != std::string::npos);
}

TEST_CASE("the session token is found only when one was configured") {
    broker_process b({"alpha"}, {"--session-token", "00ff10"});
    int st = -1;
    CHECK(run_tool({"query", "--run-dir", b.run, "--session-token-for", "d1"}, st) ==
          "{\"found\":true,\"sessionToken\":\"AP8Q\"}\n");
    CHECK(st == 0);
}

TEST_CASE("a malformed BackendHttpReady closes its connection and leaves the registry as it was") {
    broker_process b({"alpha"});
    const int good = b.connect("alpha");
    REQUIRE(send_all(good, framed(ready_envelope(9001, v1::frame_kind::event))));
    CHECK(eventually([&] { return b.status().find("\"port\":9001") != std::string::npos; }));

    const int out_of_range = b.connect("alpha");
    REQUIRE(send_all(out_of_range, framed(ready_envelope(70000, v1::frame_kind::event))));
    CHECK(closed_by_peer(out_of_range));
    ::close(out_of_range);

    const int garbage = b.connect("alpha");
    v1::frame f;
    f.envelope_version = 1;
    f.payload_protocol = brokerwire::broker::lane::control;
    f.payload = std::string("\x08\xFF", 2);  // truncated varint
    const std::vector<std::uint8_t> body = encode(f);
    REQUIRE(send_all(garbage, framed(std::string(body.begin(), body.end()))));
    CHECK(closed_by_peer(garbage));
    ::close(garbage);

    CHECK(b.status() == R"({"backends":[{"port":9001,"service":"alpha","state":"bound"}]})");
    CHECK(read_file(b.log).find("out of u16 range") != std::string::npos);
    ::close(good);
    CHECK(eventually([&] { return b.status() == R"({"backends":[{"service":"alpha","state":"pending"}]})"; }));
}

TEST_CASE("a request on a lane the broker does not serve gets an error reply and the connection stays") {
    broker_process b({"alpha"});
    const int fd = b.connect("broker");
    v1::frame response;
    REQUIRE(brokerwire::broker::call(fd, brokerwire::broker::lane::handoff, brokerwire::bytes_view(std::string("x")),
                                     5, response).ok());
    CHECK(response.request_id == 5);
    const brokerwire::broker::broker_error not_served =
        brokerwire::broker::request_error(response, brokerwire::broker::lane::handoff);
    CHECK(not_served.kind == brokerwire::broker::broker_errc::error_reply);
    CHECK(not_served.exit_code != 0);
    CHECK(to_string(not_served) == "error: lane not served here: handoff lane (0xD0FF)");
    REQUIRE(brokerwire::broker::call(fd, 0x4242, brokerwire::bytes_view(std::string()), 6, response).ok());
    CHECK(to_string(brokerwire::broker::request_error(response, 0x4242)) ==
          "error: unknown lane: payload_protocol 0x4242");
    ::close(fd);
    CHECK(b.healthy());
}
