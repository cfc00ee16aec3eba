// The broker's answers on its lanes, without sockets.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "brokerwire/broker/broker_lanes.hpp"
#include "brokerwire/messages/control.hpp"

using namespace brokerwire;
using namespace brokerwire::broker;

namespace {

template <class T>
std::string encoded(const T& m) {
    const std::vector<std::uint8_t> b = encode(m);
    return std::string(b.begin(), b.end());
}

v1::admin_reply admin(const broker_view& view, v1::admin_verb verb, bool json, bool& shutdown) {
    v1::admin_request req;
    req.verb = verb;
    req.json = json;
    framing::lane_reply reply;
    answer_admin(bytes_view(encoded(req)), view, reply, shutdown);
    REQUIRE(reply.error.empty());
    v1::admin_reply out;
    REQUIRE(decode(bytes_view(reply.payload), out).ok());
    return out;
}

}  // namespace

TEST_CASE("client control requests are told apart by field shape") {
    client_request_kind kind{};
    CHECK(classify_client_request(bytes_view(std::string()), kind).ok());
    CHECK(kind == client_request_kind::http_endpoint);

    v2::get_session_token_request token;
    token.daemon_id = "d1";
    CHECK(classify_client_request(bytes_view(encoded(token)), kind).ok());
    CHECK(kind == client_request_kind::session_token);

    // An endpoint request from a newer peer with an unknown varint field 1.
    CHECK(classify_client_request(bytes_view(std::string("\x08\x01", 2)), kind).ok());
    CHECK(kind == client_request_kind::http_endpoint);

    CHECK(classify_client_request(bytes_view(std::string("\x0a\x05", 2)), kind).code == errc::buffer_underflow);
}

TEST_CASE("the endpoint request is answered with the HTTP port and pid; the token only when configured") {
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> no_token;
    const broker_view view{registry, metrics, 8080, 4242, no_token};
    framing::lane_reply reply;
    answer_client_control(bytes_view(std::string()), view, reply);
    v2::get_broker_http_endpoint_response endpoint;
    REQUIRE(decode(bytes_view(reply.payload), endpoint).ok());
    CHECK(endpoint.port == 8080);
    CHECK(endpoint.pid == 4242);

    v2::get_session_token_request req;
    req.daemon_id = "d1";
    framing::lane_reply token_reply;
    answer_client_control(bytes_view(encoded(req)), view, token_reply);
    v2::get_session_token_response token;
    REQUIRE(decode(bytes_view(token_reply.payload), token).ok());
    CHECK_FALSE(token.found);

    std::optional<std::string> configured = std::string("\x01\x02", 2);
    const broker_view with_token{registry, metrics, 8080, 4242, configured};
    framing::lane_reply found_reply;
    answer_client_control(bytes_view(encoded(req)), with_token, found_reply);
    REQUIRE(decode(bytes_view(found_reply.payload), token).ok());
    CHECK(token.found);
    CHECK(token.session_token == std::string("\x01\x02", 2));
}

TEST_CASE("STATUS lists every backend sorted, with a port only when bound") {
    endpoint_registry registry;
    registry.track("zeta");
    (void)registry.register_endpoint("alpha", 9001);
    CHECK(status_json(registry) ==
          R"({"backends":[{"service":"alpha","state":"bound","port":9001},{"service":"zeta","state":"pending"}]})");
    CHECK(status_text(registry) == "alpha bound 9001\nzeta pending\n");

    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1, token};
    const v1::admin_reply json = admin(view, v1::admin_verb::status, true, shutdown);
    CHECK(json.kind == v1::admin_reply_kind::json);
    CHECK(json.body == status_json(registry));
    CHECK(admin(view, v1::admin_verb::status, false, shutdown).body == status_text(registry));
}

TEST_CASE("HEALTHZ, METRICS and SHUTDOWN answer; other verbs say they are not supported") {
    endpoint_registry registry;
    registry.track("a");
    (void)registry.register_endpoint("b", 1);
    broker_metrics metrics;
    metrics.frames_received = 10;
    metrics.reject("over_cap");
    metrics.reject("over_cap");
    metrics.reject("wrong_version");
    metrics.connections_accepted = 3;
    metrics.connections_open = 1;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1, token};

    CHECK(admin(view, v1::admin_verb::healthz, false, shutdown).body == "ok\n");
    const v1::admin_reply m = admin(view, v1::admin_verb::metrics, false, shutdown);
    CHECK(m.kind == v1::admin_reply_kind::openmetrics);
    CHECK(m.body.find("brokerwire_frames_received_total 10\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_frames_rejected_total{reason=\"over_cap\"} 2\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_frames_rejected_total{reason=\"wrong_version\"} 1\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_connections_total{outcome=\"accepted\"} 3\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_backends{state=\"pending\"} 1\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_backends{state=\"bound\"} 1\n") != std::string::npos);
    CHECK(m.body.substr(m.body.size() - 6) == "# EOF\n");
    CHECK(metrics.rejected_total() == 3);

    CHECK_FALSE(shutdown);
    CHECK(admin(view, v1::admin_verb::shutdown, false, shutdown).exit_code == 0);
    CHECK(shutdown);

    const v1::admin_reply dump = admin(view, v1::admin_verb::dump, false, shutdown);
    CHECK(dump.exit_code == 1);
    CHECK(dump.body == "verb ADMIN_VERB_DUMP is not supported by this broker\n");
}

TEST_CASE("a malformed AdminRequest is refused") {
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1, token};
    framing::lane_reply reply;
    answer_admin(bytes_view(std::string("\x08", 1)), view, reply, shutdown);
    CHECK(reply.error.rfind("malformed AdminRequest: invalid varint", 0) == 0);
}
