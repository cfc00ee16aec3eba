// The HTTP surface's listening socket, and one whole exchange over real TCP:
// bind_http_listener, a blocking accept here in the test, the request scan,
// the response. Cases named "<upstream file>: <test>" restate
// zackees/running-process 52831e53, crates/running-process/.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "brokerwire/broker/http_listener.hpp"
#include "brokerwire/broker/http_page.hpp"
#include "brokerwire/broker/http_request.hpp"
#include "test_thread.hpp"

using namespace brokerwire;
using namespace brokerwire::broker;
using brokerwire::test::test_thread;

namespace {

// The environment is passed in, so an override set on the machine running
// the tests cannot change what they bind.
resolved_http_bind on_loopback(http_port_option option) { return resolve_http_bind(option, http_environment{}); }

struct bound_listener {
    http_listener listener;
    explicit bound_listener(http_port_option option) {
        http_bind_error error;
        const auto bound = bind_http_listener(on_loopback(option), error);
        REQUIRE_MESSAGE(bound.has_value(), to_string(error));
        listener = *bound;
    }
    ~bound_listener() { ::close(listener.fd); }
    bound_listener(const bound_listener&) = delete;
    bound_listener& operator=(const bound_listener&) = delete;
};

// A plain blocking listener on 127.0.0.1, as Rust's TcpListener::bind makes
// one (SO_REUSEADDR): what upstream's tests squat a port with.
int squat_loopback_port(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    const int on = 1;
    REQUIRE(::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 16) == 0);
    socklen_t length = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0);
    port = ntohs(a.sin_port);
    return fd;
}

// Connects to 127.0.0.1:port, sends `request`, reads until the server
// closes. Runs on its own thread, so it only reports; the test checks.
std::string client_exchange(std::uint16_t port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return "socket failed";
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string response;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
        char buffer[4096];
        ssize_t n;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return response;
}

// The server's half, as the event loop will do it, but blocking: wait for a
// connection (the listener itself is non-blocking), read until the head is
// complete, answer, close.
void serve_one(int listen_fd, const endpoint_registry& registry) {
    pollfd ready{listen_fd, POLLIN, 0};
    REQUIRE(::poll(&ready, 1, 30000) == 1);  // a harness bound, not the property under test
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    REQUIRE(fd >= 0);
    http_request_scan scan;
    char buffer[512];
    ssize_t n = 0;
    while (!scan.head_complete() && (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
        scan.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    }
    const std::string response = http_response(scan.route(), registry);
    CHECK(::send(fd, response.data(), response.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(response.size()));
    ::close(fd);
}

std::string round_trip(std::uint16_t port, int listen_fd, const endpoint_registry& registry,
                       const std::string& request) {
    std::string response;
    test_thread client([&] { response = client_exchange(port, request); });
    serve_one(listen_fd, registry);
    client.join();
    return response;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

// src/broker/broker_http_server.rs:267
TEST_CASE("broker_http_server.rs: dynamic_bind_yields_nonzero_port") {
    const bound_listener bound(http_port_option::dynamic());
    CHECK(bound.listener.port != 0);
}

// src/broker/broker_http_server.rs:361
TEST_CASE("broker_http_server.rs: static_or_fallback_falls_back_on_eaddrinuse") {
    std::uint16_t preferred = 0;
    const int blocker = squat_loopback_port(preferred);
    {
        const bound_listener bound(http_port_option::static_or_fallback(preferred));
        CHECK(bound.listener.port != preferred);
        CHECK(bound.listener.port != 0);
    }
    ::close(blocker);
}

// tests/broker_http_aggregator_test.rs:354
TEST_CASE("broker_http_aggregator_test.rs: a_static_port_in_use_falls_back_rather_than_failing_to_start") {
    std::uint16_t taken = 0;
    const int squatter = squat_loopback_port(taken);
    {
        const bound_listener bound(http_port_option::static_or_fallback(taken));
        CHECK(bound.listener.port != taken);
        CHECK(bound.listener.port != 0);
    }
    ::close(squatter);
}

// tests/broker_http_aggregator_test.rs:340
TEST_CASE("broker_http_aggregator_test.rs: the_server_binds_loopback_only") {
    http_bind_error error;
    const auto bound = bind_http_listener(http_port_option::dynamic(), error);  // the process environment
    REQUIRE_MESSAGE(bound.has_value(), to_string(error));
    if (std::getenv("RUNNING_PROCESS_BROKER_HTTP_BIND") == nullptr) {
        CHECK(bound->address == ip_address::loopback_v4());
    }
    sockaddr_in a{};
    socklen_t length = sizeof a;
    REQUIRE(::getsockname(bound->fd, reinterpret_cast<sockaddr*>(&a), &length) == 0);
    CHECK(a.sin_port == htons(bound->port));
    if (std::getenv("RUNNING_PROCESS_BROKER_HTTP_BIND") == nullptr) CHECK(ntohl(a.sin_addr.s_addr) == INADDR_LOOPBACK);
    ::close(bound->fd);
}

TEST_CASE("a static port that is in use is an error in upstream's words, with nothing left open") {
    std::uint16_t taken = 0;
    const int squatter = squat_loopback_port(taken);
    http_bind_error error;
    CHECK_FALSE(bind_http_listener(on_loopback(http_port_option::static_port(taken)), error).has_value());
    CHECK(error.sys_errno == EADDRINUSE);
    CHECK(error.port == taken);
    CHECK(to_string(error) ==
          "bind 127.0.0.1:" + std::to_string(taken) + " failed: Address already in use (os error 98)");
    ::close(squatter);
}

TEST_CASE("the listener is non-blocking and close-on-exec") {
    const bound_listener bound(http_port_option::dynamic());
    CHECK((::fcntl(bound.listener.fd, F_GETFL) & O_NONBLOCK) != 0);
    CHECK((::fcntl(bound.listener.fd, F_GETFD) & FD_CLOEXEC) != 0);
    errno = 0;
    CHECK(::accept(bound.listener.fd, nullptr, nullptr) == -1);
    CHECK((errno == EAGAIN || errno == EWOULDBLOCK));
}

TEST_CASE("a bind override to an IPv6 loopback binds there") {
    http_bind_error error;
    const auto bound = bind_http_listener(resolve_http_bind(http_port_option::dynamic(), {std::nullopt, "::1"}), error);
    if (!bound) {
        // A host without IPv6 cannot bind ::1; that is the host, not the rule.
        CHECK(error.sys_errno == EADDRNOTAVAIL);
        CHECK(to_string(error).rfind("bind ::1:0 failed: ", 0) == 0);
        return;
    }
    CHECK(to_string(bound->address) == "::1");
    CHECK(bound->port != 0);
    ::close(bound->fd);
}

// src/broker/broker_http_server.rs:274, over a real socket this time
TEST_CASE("a page request round-trips over TCP through the bound listener") {
    const bound_listener bound(http_port_option::dynamic());
    endpoint_registry registry;
    registry.track("zccache");
    registry.register_endpoint("fbuild", 8002);
    const std::string buf =
        round_trip(bound.listener.port, bound.listener.fd, registry, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(buf.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(contains(buf, "text/html"));
    CHECK(contains(buf, "<iframe id=\"agg\""));
    CHECK(contains(buf, "zccache (starting"));
    CHECK(contains(buf, "src=\"http://127.0.0.1:8002/\""));
    CHECK(buf == http_response(http_route::aggregator_page, registry));
}

// src/bin/running-process-broker-v2/tests.rs:285, the answering half
TEST_CASE("running-process-broker-v2/tests.rs: starting_the_surface_publishes_an_endpoint_that_answers") {
    const bound_listener bound(http_port_option::dynamic());
    CHECK(bound.listener.port != 0);
    const endpoint_registry registry;
    const std::string text =
        round_trip(bound.listener.port, bound.listener.fd, registry, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
    CHECK(text.rfind("HTTP/", 0) == 0);
}

TEST_CASE("a 404 round-trips over TCP too") {
    const bound_listener bound(http_port_option::dynamic());
    const endpoint_registry registry;
    const std::string text =
        round_trip(bound.listener.port, bound.listener.fd, registry, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(text == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n"
                  "Connection: close\r\n\r\nnot found\n");
}
