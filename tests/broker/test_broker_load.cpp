// The broker under load and under attack: bounded runs on Unix sockets,
// each printing its figures.
#include "broker_harness.hpp"

#include <poll.h>

#include <atomic>
#include <random>
#include <string>

using namespace harness;
namespace v1 = brokerwire::v1;
using brokerwire::bytes_view;
using steady = std::chrono::steady_clock;

namespace {

double seconds_since(steady::time_point t0) {
    return std::chrono::duration<double>(steady::now() - t0).count();
}

std::uint32_t load_port(std::size_t service, std::size_t k) {
    return static_cast<std::uint32_t>(1024 + (service * 1009 + k) % 60000);
}

std::string service_name(std::size_t i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "svc-%02zu", i);
    return buf;
}

// Child: 1,000 BackendHttpReady frames (999 events, then a request whose
// reply proves all were read), then "done" on `done_w`, then waits for
// `release_r` to close. Exit 0 on success.
[[noreturn]] void backend_child(const broker_process& b, std::size_t service, int done_w, int release_r) {
    brokerwire::broker::broker_error error;
    const int fd = brokerwire::broker::connect_unix(b.run + "/" + service_name(service) + ".sock", error);
    if (fd < 0) ::_exit(10);
    std::string burst;
    for (std::size_t k = 0; k + 1 < 1000; ++k) burst += framed(ready_envelope(load_port(service, k), v1::frame_kind::event));
    if (!send_all(fd, burst)) ::_exit(11);
    brokerwire::v2::backend_http_ready last;
    last.port = load_port(service, 999);
    const std::vector<std::uint8_t> payload = encode(last);
    v1::frame response;
    if (!brokerwire::broker::call(fd, brokerwire::broker::lane::control, bytes_view(payload), 99, response).ok()) ::_exit(12);
    if (response.payload_protocol != brokerwire::broker::lane::control) ::_exit(13);
    if (::write(done_w, "d", 1) != 1) ::_exit(14);
    char c;
    while (::read(release_r, &c, 1) > 0) {
    }
    ::close(fd);
    ::_exit(0);
}

// Child: `count` endpoint queries on one connection, each checked.
[[noreturn]] void query_child(const broker_process& b, int count, std::uint16_t http_port) {
    brokerwire::broker::broker_error error;
    const int fd = brokerwire::broker::connect_unix(b.run + "/broker.sock", error);
    if (fd < 0) ::_exit(20);
    for (int i = 0; i < count; ++i) {
        v1::frame response;
        if (!brokerwire::broker::call(fd, brokerwire::broker::lane::control, bytes_view(std::string()),
                                      static_cast<std::uint64_t>(i + 1), response)
                 .ok()) {
            ::_exit(21);
        }
        brokerwire::v2::get_broker_http_endpoint_response r;
        if (!decode(bytes_view(response.payload), r).ok() || r.port != http_port) ::_exit(22);
    }
    ::close(fd);
    ::_exit(0);
}

int wait_child(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// The broker's count of frames rejected for `reason`, from its metrics.
std::uint64_t frames_rejected(const broker_process& b, const std::string& reason) {
    const std::string metrics = b.admin(v1::admin_verb::metrics);
    const std::string sample = "brokerwire_frames_rejected_total{reason=\"" + reason + "\"} ";
    const std::size_t at = metrics.find(sample);
    return at == std::string::npos ? 0 : std::stoull(metrics.substr(at + sample.size()));
}

// Whether the broker holds a fresh connection `fd`: it answers a request on
// one it holds, and closes one it refuses at its descriptor limit. The
// receive timeout only bounds a hang; a broker that does neither fails.
bool held_by_broker(int fd) {
    const timeval hang_bound{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &hang_bound, sizeof hang_bound);
    v1::frame response;
    if (brokerwire::broker::call(fd, brokerwire::broker::lane::control, bytes_view(std::string()), 1, response).ok()) {
        return true;
    }
    CHECK_MESSAGE(closed_by_peer(fd), "the broker neither answered nor closed a connection");
    return false;
}

}  // namespace

TEST_CASE("64 daemons x 1,000 frames while 8 clients query: the registry holds each last port") {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < 64; ++i) names.push_back(service_name(i));
    broker_process b(names);
    int done[2], release[2];
    REQUIRE(::pipe(done) == 0);
    REQUIRE(::pipe(release) == 0);

    const auto t0 = steady::now();
    std::vector<pid_t> backends, queriers;
    for (std::size_t i = 0; i < 64; ++i) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(release[1]);
            backend_child(b, i, done[1], release[0]);
        }
        backends.push_back(pid);
    }
    const std::uint16_t http_port = b.http_port();
    for (int i = 0; i < 8; ++i) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) query_child(b, 500, http_port);
        queriers.push_back(pid);
    }
    ::close(done[1]);
    ::close(release[0]);
    int finished = 0;
    char c;
    while (finished < 64 && ::read(done[0], &c, 1) == 1) ++finished;
    const double elapsed = seconds_since(t0);
    CHECK(finished == 64);
    for (pid_t q : queriers) CHECK(wait_child(q) == 0);
    const double with_queries = seconds_since(t0);

    std::string expected = R"({"backends":[)";
    for (std::size_t i = 0; i < 64; ++i) {
        expected += (i ? "," : "") + std::string(R"({"port":)") + std::to_string(load_port(i, 999)) +
                    R"(,"service":")" + service_name(i) + R"(","state":"bound"})";
    }
    expected += "]}";
    CHECK(b.status() == expected);
    const long rss = peak_rss_kib(b.pid);
    const std::string metrics = b.admin(v1::admin_verb::metrics);
    CHECK(metrics.find("brokerwire_frames_rejected_total") == std::string::npos);

    ::close(release[1]);
    for (pid_t p : backends) CHECK(wait_child(p) == 0);
    ::close(done[0]);
    CHECK(eventually([&] { return b.status().find("bound") == std::string::npos; }));
    std::printf("load: 64,000 BackendHttpReady frames from 64 connections in %.3f s = %.0f frames/s; "
                "8 x 500 queries done after %.3f s (%.0f queries/s); broker peak RSS %ld KiB\n",
                elapsed, 64000 / elapsed, with_queries, 4000 / with_queries, rss);
    CHECK(rss > 0);
}

TEST_CASE("malicious peers are cut off and never disturb the registry or other clients") {
    broker_process b({"alpha", "beta"}, {"--partial-frame-timeout-ms", "300"});
    const int good = b.connect("alpha");
    REQUIRE(send_all(good, framed(ready_envelope(9001, v1::frame_kind::event))));
    const std::string expected =
        R"({"backends":[{"port":9001,"service":"alpha","state":"bound"},{"service":"beta","state":"pending"}]})";
    REQUIRE(eventually([&] { return b.status() == expected; }));
    const long rss_before = peak_rss_kib(b.pid);

    const auto attack = [&](const char* what, const std::string& socket, const std::string& bytes, bool shut) {
        const auto t0 = steady::now();
        const int fd = b.connect(socket);
        (void)send_all(fd, bytes);  // the broker may cut us off before the last byte
        if (shut) ::shutdown(fd, SHUT_WR);
        CHECK_MESSAGE(closed_by_peer(fd), what);
        ::close(fd);
        CHECK_MESSAGE(b.healthy(), what);
        CHECK_MESSAGE(b.status() == expected, what);
        std::printf("attack %-28s on %-6s: cut off after %.0f ms, broker healthy, registry intact\n", what,
                    socket.c_str(), seconds_since(t0) * 1000);
    };

    std::mt19937 rng(7);
    std::string noise(4096, '\0');
    for (char& ch : noise) ch = static_cast<char>(rng());
    noise[0] = '\x01';  // a plausible header with a random length: cut off by the timeout or the cap
    attack("random bytes", "beta", noise, false);
    noise[0] = '\x7f';
    attack("random bytes", "broker", noise, false);
    attack("wrong version byte", "beta", std::string("\x02\x00\x00\x00\x00", 5), false);
    attack("4 GiB length", "beta", std::string("\x01\xff\xff\xff\xff", 5), false);
    attack("cut off mid-body", "alpha", framed(ready_envelope(7, v1::frame_kind::event)).substr(0, 8), true);
    attack("Hello cap exceeded", "broker", framed(std::string(brokerwire::framing::max_hello_body + 1, '\0')), false);
    CHECK(peak_rss_kib(b.pid) - rss_before < 8 * 1024);

    {
        // One byte per 10 ms, then silence: others are served meanwhile, and
        // the silent dribbler is cut off by the partial-frame timeout.
        const std::uint64_t timeouts_before = frames_rejected(b, "partial_frame_timeout");
        const int slow = b.connect("beta");
        const std::string frame = framed(ready_envelope(9002, v1::frame_kind::event));
        double worst_ms = 0;
        for (std::size_t i = 0; i + 3 < frame.size(); ++i) {
            CHECK(send_all(slow, frame.substr(i, 1)));
            const auto t0 = steady::now();
            CHECK(b.healthy());
            worst_ms = std::max(worst_ms, seconds_since(t0) * 1000);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto idle = steady::now();
        CHECK(closed_by_peer(slow));
        const double cut_ms = seconds_since(idle) * 1000;
        ::close(slow);
        CHECK(b.status() == expected);
        CHECK(frames_rejected(b, "partial_frame_timeout") == timeouts_before + 1);
        std::printf("attack dribbler (1 byte / 10 ms): other clients' worst round trip %.1f ms; cut off %.0f ms after "
                    "going idle\n", worst_ms, cut_ms);
    }
    {
        // 1,000 connections opened and dropped, 100 at a time.
        const auto t0 = steady::now();
        for (int round = 0; round < 10; ++round) {
            std::vector<int> fds;
            for (int i = 0; i < 100; ++i) fds.push_back(b.connect(i % 2 ? "broker" : "beta"));
            for (int fd : fds) ::close(fd);
        }
        CHECK(b.healthy());
        CHECK(b.status() == expected);
        CHECK(eventually([&] {
            return b.admin(v1::admin_verb::metrics).find("brokerwire_connections_open 2\n") != std::string::npos;
        }));
        std::printf("attack 1,000 connections opened and dropped: %.0f ms, broker healthy\n", seconds_since(t0) * 1000);
    }
    {
        // After a small first frame, a frame above the Hello cap is fine.
        const int fd = b.connect("broker");
        v1::frame response;
        CHECK(brokerwire::broker::call(fd, brokerwire::broker::lane::control, bytes_view(std::string()), 1, response).ok());
        std::string big = "\x12";  // field 2, length-delimited: unknown to GetBrokerHttpEndpointRequest
        const std::size_t n = 100000;
        big += static_cast<char>(0x80 | (n & 0x7f));
        big += static_cast<char>(0x80 | ((n >> 7) & 0x7f));
        big += static_cast<char>(n >> 14);
        big += std::string(n, 'x');
        CHECK(brokerwire::broker::call(fd, brokerwire::broker::lane::control, bytes_view(big), 2, response).ok());
        CHECK(brokerwire::broker::request_error(response, brokerwire::broker::lane::control).ok());
        ::close(fd);
    }
    const std::string metrics = b.admin(v1::admin_verb::metrics);
    for (const char* reason : {"wrong_version", "over_cap", "truncated", "partial_frame_timeout"}) {
        CHECK_MESSAGE(metrics.find(std::string("reason=\"") + reason + "\"") != std::string::npos, reason);
    }
    ::close(good);
    CHECK(b.stop() == 0);
}

TEST_CASE("at the descriptor limit extra connections are refused and the broker keeps serving") {
    broker_process b({"alpha"}, {}, 24);
    std::vector<int> held;
    int refused = 0;
    for (int i = 0; i < 40; ++i) {
        const int fd = b.connect("broker");
        if (held_by_broker(fd)) {
            held.push_back(fd);
        } else {
            ++refused;
            ::close(fd);
        }
    }
    CHECK(refused > 0);
    CHECK(b.alive());
    for (int fd : held) ::close(fd);
    CHECK(eventually([&] { return b.healthy(); }));
    const int daemon = b.connect("alpha");
    REQUIRE(send_all(daemon, framed(ready_envelope(9005, v1::frame_kind::event))));
    std::string error;
    CHECK(eventually([&] {
        return b.try_admin(v1::admin_verb::status, true, error) ==
               R"({"backends":[{"port":9005,"service":"alpha","state":"bound"}]})";
    }));
    const std::string metrics = b.admin(v1::admin_verb::metrics);
    CHECK(metrics.find("brokerwire_connections_total{outcome=\"refused\"} 0\n") == std::string::npos);
    std::printf("fd limit 24: %zu connections held, %d refused, broker alive and serving\n", held.size(), refused);
    ::close(daemon);
}
