// One exchange on the HTTP surface without sockets: when the request head
// is complete, which route it takes, and the exact response bytes. Cases
// named "<upstream file>: <test>" restate zackees/running-process 52831e53,
// crates/running-process/ (their page assertions; the sockets part is in
// test_http_listener.cpp). The golden responses were produced by upstream's
// handle_one and render_aggregator_page, run under rustc 1.95.
#include <doctest/doctest.h>

#include <string>

#include "brokerwire/broker/http_page.hpp"
#include "brokerwire/broker/http_request.hpp"

using namespace brokerwire;
using namespace brokerwire::broker;

namespace {

constexpr std::string_view upstream_request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

// What the broker sends for `request`, with `registry` as it stands.
std::string answer(std::string_view request, const endpoint_registry& registry) {
    const http_request_head head = scan_http_request(request);
    CHECK(head.complete);
    return http_response(head.route, registry);
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

http_route route_of(std::string_view request) { return scan_http_request(request).route; }

constexpr std::string_view golden_page_prefix =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>running-process broker-v2 aggregator</title>\n"
    "<style>\n"
    "  html, body { margin: 0; padding: 0; height: 100%; font-family: system-ui, sans-serif; }\n"
    "  #bar { display: flex; gap: 0.4rem; padding: 0.4rem; border-bottom: 1px solid #ccc; background: #f5f5f5; }\n"
    "  #bar button { padding: 0.3rem 0.8rem; }\n"
    "  #agg { width: 100%; height: calc(100% - 3rem); border: 0; }\n"
    "  .empty { color: #888; font-style: italic; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

}  // namespace

// src/broker/broker_http_server.rs:274 (make_server's registry at :259)
TEST_CASE("broker_http_server.rs: placeholder_renders_registered_backends") {
    endpoint_registry registry;
    registry.track("zccache");
    registry.register_endpoint("fbuild", 8002);
    const std::string buf = answer(upstream_request, registry);
    CHECK(contains(buf, "200 OK"));
    CHECK(contains(buf, "text/html"));
    CHECK(contains(buf, "<iframe id=\"agg\""));
    CHECK(contains(buf, "http://127.0.0.1:8002/"));
    CHECK(contains(buf, "zccache (starting"));
    CHECK(contains(buf, "src=\"http://127.0.0.1:8002/\""));
}

// src/broker/broker_http_server.rs:327
TEST_CASE("broker_http_server.rs: aggregator_page_with_no_backends_shows_empty_state") {
    const endpoint_registry registry;
    const std::string buf = answer(upstream_request, registry);
    CHECK(contains(buf, "no backends registered yet"));
    CHECK(contains(buf, "src=\"about:blank\""));
}

// tests/broker_http_aggregator_test.rs:147 (ports stand in for its stub backends)
TEST_CASE("broker_http_aggregator_test.rs: the_aggregator_lists_both_backends_with_distinct_iframe_targets") {
    endpoint_registry registry;
    registry.track("alpha");
    registry.track("beta");
    registry.register_endpoint("alpha", 41001);
    registry.register_endpoint("beta", 41002);
    const std::string page = answer("GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n", registry);
    CHECK(contains(page, "alpha"));
    CHECK(contains(page, "beta"));
    CHECK(contains(page, "http://127.0.0.1:41001/"));
    CHECK(contains(page, "http://127.0.0.1:41002/"));
    CHECK(contains(page, "<iframe id=\"agg\" src=\"http://127.0.0.1:"));
}

// tests/broker_http_aggregator_test.rs:212
TEST_CASE("broker_http_aggregator_test.rs: a_backend_that_has_not_reported_a_port_renders_as_starting") {
    endpoint_registry registry;
    registry.track("ready");
    registry.track("pending");
    registry.register_endpoint("ready", 41003);
    const std::string page = answer(upstream_request, registry);
    CHECK(contains(page, "pending (starting\xE2\x80\xA6)"));
    CHECK(contains(page, "disabled"));
    CHECK(contains(page, "http://127.0.0.1:41003/"));
}

// tests/broker_http_aggregator_test.rs:249
TEST_CASE("broker_http_aggregator_test.rs: a_backend_that_never_declared_http_is_absent_rather_than_disabled") {
    endpoint_registry registry;
    registry.track("ready");
    registry.register_endpoint("ready", 41004);
    const std::string page = answer(upstream_request, registry);
    CHECK_FALSE(contains(page, "silent"));
    CHECK(contains(page, "http://127.0.0.1:41004/"));
}

// tests/broker_http_aggregator_test.rs:296
TEST_CASE("broker_http_aggregator_test.rs: a_late_backend_http_ready_turns_starting_into_a_live_target") {
    endpoint_registry registry;
    registry.track("late");
    const std::string before = answer(upstream_request, registry);
    CHECK(contains(before, "late (starting\xE2\x80\xA6)"));
    registry.register_endpoint("late", 41005);
    const std::string after = answer(upstream_request, registry);
    CHECK(contains(after, "http://127.0.0.1:41005/"));
    CHECK_FALSE(contains(after, "late (starting\xE2\x80\xA6)"));
}

// src/bin/running-process-broker-v2/tests.rs:251 (the page half; the
// published file is another component's)
TEST_CASE("running-process-broker-v2/tests.rs: the_page_lists_a_backend_once_it_is_tracked") {
    endpoint_registry registry;
    registry.track("zccache");  // what a negotiated Hello does
    const std::string page = answer("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", registry);
    CHECK(contains(page, "zccache"));
    CHECK_FALSE(contains(page, "no backends registered yet"));
}

TEST_CASE("the page with one bound and one pending backend is upstream's, byte for byte") {
    endpoint_registry registry;
    registry.track("zccache");
    registry.register_endpoint("fbuild", 8002);
    const std::string expected =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 772\r\n"
        "Connection: close\r\n\r\n" +
        std::string(golden_page_prefix) +
        "<nav id=\"bar\"><button onclick=\"document.getElementById('agg').src=\"http://127.0.0.1:8002/\"\">"
        "fbuild</button><button disabled title=\"backend has not reported a port yet\">"
        "zccache (starting\xE2\x80\xA6)</button></nav>\n"
        "<iframe id=\"agg\" src=\"http://127.0.0.1:8002/\"></iframe>\n"
        "</body>\n"
        "</html>\n";
    CHECK(answer(upstream_request, registry) == expected);
}

TEST_CASE("the empty page is upstream's, byte for byte") {
    const std::string expected =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 630\r\n"
        "Connection: close\r\n\r\n" +
        std::string(golden_page_prefix) +
        "<nav id=\"bar\"><span class=\"empty\">no backends registered yet</span></nav>\n"
        "<iframe id=\"agg\" src=\"about:blank\"></iframe>\n"
        "</body>\n"
        "</html>\n";
    CHECK(answer(upstream_request, endpoint_registry()) == expected);
}

TEST_CASE("anything but GET / is a 404 with upstream's plain-text body") {
    const endpoint_registry registry;
    const std::string expected =
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n"
        "Connection: close\r\n\r\nnot found\n";
    CHECK(answer("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", registry) == expected);
    CHECK(answer("POST / HTTP/1.1\r\nHost: x\r\n\r\n", registry) == expected);
}

TEST_CASE("backend ids are HTML-escaped and the bar is sorted by id bytes") {
    CHECK(html_escaped("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    endpoint_registry registry;
    registry.track("b<script>");
    registry.register_endpoint("a&b", 9);
    registry.track("Z");
    const std::string page = http_response(http_route::aggregator_page, registry);
    CHECK_FALSE(contains(page, "<script>"));
    const auto upper = page.find(">Z (starting");
    const auto amp = page.find(">a&amp;b</button>");
    const auto script = page.find(">b&lt;script&gt; (starting");
    REQUIRE(upper != std::string::npos);
    REQUIRE(amp != std::string::npos);
    REQUIRE(script != std::string::npos);
    CHECK(upper < amp);
    CHECK(amp < script);
    CHECK(contains(page, "<iframe id=\"agg\" src=\"http://127.0.0.1:9/\">"));  // the first bound one
}

TEST_CASE("untracked entries of a snapshot do not appear") {
    const std::string page = render_aggregator_page({{"ghost", backend_state::untracked()}});
    CHECK_FALSE(contains(page, "ghost"));
    CHECK(contains(page, "no backends registered yet"));
}

TEST_CASE("the head is complete at the first blank line, and not before") {
    http_request_scan scan;
    CHECK_FALSE(scan.feed("GET / HTTP/1.1\r\nHost: x\r\n"));
    CHECK_FALSE(scan.feed("\r"));
    CHECK(scan.feed("\n"));
    CHECK(scan.head_complete());
    CHECK(scan.route() == http_route::aggregator_page);
    // Whatever follows the head is never read, so it cannot change the answer.
    CHECK(scan.feed("GET /other HTTP/1.1\r\n\r\n"));
    CHECK(scan.route() == http_route::aggregator_page);
    CHECK_FALSE(scan_http_request("GET / HTTP/1.1\r\nHost: x\r\n").complete);
    CHECK_FALSE(scan_http_request("GET / HTTP/1.1\n\n").complete);  // bare LFs are not the blank line
    CHECK_FALSE(scan_http_request("").complete);
}

TEST_CASE("a head split at every byte gives the same answer") {
    const std::string request = "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n\r\n";
    http_request_scan scan;
    for (std::size_t i = 0; i < request.size(); ++i) {
        CHECK(scan.feed(std::string_view(&request[i], 1)) == (i + 1 == request.size()));
    }
    CHECK(scan.route() == http_route::aggregator_page);
}

TEST_CASE("a request with no header lines is complete at its blank line") {
    // Upstream's look-ahead misses this blank line and answers only when the
    // client closes, with this same route; here it answers at once.
    const auto head = scan_http_request("GET / HTTP/1.0\r\n\r\n");
    CHECK(head.complete);
    CHECK(head.route == http_route::aggregator_page);
}

TEST_CASE("the route follows Rust's starts_with(\"GET \") and split_whitespace().nth(1)") {
    CHECK(route_of("GET / HTTP/1.1\r\n\r\n") == http_route::aggregator_page);
    CHECK(route_of("GET /\r\n\r\n") == http_route::aggregator_page);
    CHECK(route_of("GET \r\n\r\n") == http_route::aggregator_page);           // no second word: "/"
    CHECK(route_of("GET    /   x y z\r\n\r\n") == http_route::aggregator_page);
    CHECK(route_of("GET /\xC2\xA0x\r\n\r\n") == http_route::aggregator_page);  // U+00A0 splits words
    CHECK(route_of("GET /\xE3\x80\x80\r\n\r\n") == http_route::aggregator_page);  // so does U+3000
    CHECK(route_of("GET /\x0Bx\r\n\r\n") == http_route::aggregator_page);      // and vertical tab
    CHECK(route_of("GET /x HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET // HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET /?a=1 HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET\t/ HTTP/1.1\r\n\r\n") == http_route::not_found);       // the fourth byte must be a space
    CHECK(route_of("get / HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("HEAD / HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of(" GET / HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GE\n\r\n\r\n") == http_route::not_found);
    // Only the first line counts.
    CHECK(route_of("POST / HTTP/1.1\r\nGET / HTTP/1.1\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET / HTTP/1.1\r\nX: GET /x\r\n\r\n") == http_route::aggregator_page);
}

TEST_CASE("a request line that is not valid UTF-8 is a 404, as Rust's read_line leaves it empty") {
    CHECK(route_of("GET / HTTP/1.1\xFF\r\n\r\n") == http_route::not_found);
    CHECK(route_of("GET / \xC0\xAF\r\n\r\n") == http_route::not_found);          // overlong
    CHECK(route_of("GET / \xED\xA0\x80\r\n\r\n") == http_route::not_found);      // surrogate
    CHECK(route_of("GET / \xF4\x90\x80\x80\r\n\r\n") == http_route::not_found);  // above U+10FFFF
    CHECK(route_of("GET / \xE2\x82\r\n\r\n") == http_route::not_found);          // cut short by the line end
    CHECK(route_of("GET / caf\xC3\xA9\r\n\r\n") == http_route::aggregator_page);
    // Header lines are never decoded.
    CHECK(route_of("GET / HTTP/1.1\r\nX: \xFF\r\n\r\n") == http_route::aggregator_page);
}

TEST_CASE("a client that closes before the blank line is answered from what it sent") {
    http_request_scan scan;
    CHECK_FALSE(scan.feed("GET / HTTP/1.1\r\nHost: x"));
    CHECK(scan.route() == http_route::aggregator_page);  // upstream answers at end of input too
    CHECK(scan_http_request("GET /").route == http_route::aggregator_page);
    CHECK(scan_http_request("GET / \xE2\x82").route == http_route::not_found);  // a sequence cut by the end
    CHECK(scan_http_request("GET").route == http_route::not_found);
    CHECK(scan_http_request("").route == http_route::not_found);
}

TEST_CASE("any amount of header bytes costs the scan no memory") {
    http_request_scan scan;
    CHECK_FALSE(scan.feed("GET / HTTP/1.1\r\n"));
    const std::string header = "X-Filler: " + std::string(4096, 'a') + "\r\n";
    for (int i = 0; i < 1024; ++i) REQUIRE_FALSE(scan.feed(header));
    CHECK(scan.feed("\r\n"));
    CHECK(scan.route() == http_route::aggregator_page);
    static_assert(sizeof(http_request_scan) <= 32, "the scan is a few bytes of state");
}
