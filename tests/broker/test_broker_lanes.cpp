// The broker's answers on its lanes, without sockets.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
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
    broker::lane_reply reply;
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
    broker::lane_reply reply;
    answer_client_control(bytes_view(std::string()), view, reply);
    v2::get_broker_http_endpoint_response endpoint;
    REQUIRE(decode(bytes_view(reply.payload), endpoint).ok());
    CHECK(endpoint.port == 8080);
    CHECK(endpoint.pid == 4242);

    v2::get_session_token_request req;
    req.daemon_id = "d1";
    broker::lane_reply token_reply;
    answer_client_control(bytes_view(encoded(req)), view, token_reply);
    v2::get_session_token_response token;
    REQUIRE(decode(bytes_view(token_reply.payload), token).ok());
    CHECK_FALSE(token.found);

    std::optional<std::string> configured = std::string("\x01\x02", 2);
    const broker_view with_token{registry, metrics, 8080, 4242, configured};
    broker::lane_reply found_reply;
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
          R"({"backends":[{"port":9001,"service":"alpha","state":"bound"},{"service":"zeta","state":"pending"}]})");
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

// The admin replies follow upstream v1's render_admin_reply
// (crates/running-process/src/broker/server/admin.rs); the tests below
// restate upstream's, with their literal values, where our broker serves the verb.

TEST_CASE("admin.rs admin_request_dispatches_status_json_reply: STATUS json is a JSON reply, exit 0") {
    endpoint_registry registry;
    (void)registry.register_endpoint("zccache", 9001);
    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1234, token};
    const v1::admin_reply r = admin(view, v1::admin_verb::status, true, shutdown);
    CHECK(r.kind == v1::admin_reply_kind::json);
    CHECK(r.exit_code == 0);
    CHECK(r.content_type == "application/json");
    // The body is ours (no v1 process registry): see status_json.
    CHECK(r.body == R"({"backends":[{"port":9001,"service":"zccache","state":"bound"}]})");

    // render_admin_reply: STATUS without json is a text reply.
    const v1::admin_reply text = admin(view, v1::admin_verb::status, false, shutdown);
    CHECK(text.kind == v1::admin_reply_kind::text);
    CHECK(text.exit_code == 0);
    CHECK(text.content_type == "text/plain");
    CHECK(text.body == "zccache bound 9001\n");
}

TEST_CASE("admin.rs healthz_and_readyz_bodies_are_stable: \"ok\\n\" and \"ready\\n\", text/plain, exit 0") {
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1, token};
    for (const bool json : {false, true}) {  // upstream renders both as text whatever `json` says
        const v1::admin_reply healthz = admin(view, v1::admin_verb::healthz, json, shutdown);
        CHECK(healthz.body == "ok\n");
        CHECK(healthz.kind == v1::admin_reply_kind::text);
        CHECK(healthz.content_type == "text/plain");
        CHECK(healthz.exit_code == 0);
        const v1::admin_reply readyz = admin(view, v1::admin_verb::readyz, json, shutdown);
        CHECK(readyz.body == "ready\n");
        CHECK(readyz.kind == v1::admin_reply_kind::text);
        CHECK(readyz.content_type == "text/plain");
        CHECK(readyz.exit_code == 0);
    }
    CHECK_FALSE(shutdown);
}

TEST_CASE("admin.rs render_readyz / render_admin_reply: a broker not taking Hellos is \"not ready\\n\", exit 1") {
    // docs/v1-admin-verbs.md: "During shutdown drain, healthz stays healthy and readyz returns failure."
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    broker_view view{registry, metrics, 0, 1, token};
    view.accepting_hello = false;
    const v1::admin_reply readyz = admin(view, v1::admin_verb::readyz, false, shutdown);
    CHECK(readyz.body == "not ready\n");
    CHECK(readyz.kind == v1::admin_reply_kind::text);
    CHECK(readyz.exit_code == 1);
    CHECK(admin(view, v1::admin_verb::healthz, false, shutdown).body == "ok\n");
}

TEST_CASE("admin.rs handle_admin_connection_writes_admin_reply_frame: METRICS is an OpenMetrics reply") {
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

    const v1::admin_reply m = admin(view, v1::admin_verb::metrics, false, shutdown);
    CHECK(m.kind == v1::admin_reply_kind::openmetrics);
    CHECK(m.exit_code == 0);
    // render_admin_reply's METRICS arm: the bare media type.
    CHECK(m.content_type == "application/openmetrics-text");
    // Our metric names, not upstream's running_process_broker_v1_* ones.
    CHECK(m.body.find("brokerwire_connections_open 1\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_frames_received_total 10\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_frames_rejected_total{reason=\"over_cap\"} 2\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_frames_rejected_total{reason=\"wrong_version\"} 1\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_connections_total{outcome=\"accepted\"} 3\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_backends{state=\"pending\"} 1\n") != std::string::npos);
    CHECK(m.body.find("brokerwire_backends{state=\"bound\"} 1\n") != std::string::npos);
    CHECK(metrics.rejected_total() == 3);
    // admin.rs metrics_text_contains_frozen_metric_names: the exposition ends in "# EOF\n".
    CHECK(m.body.substr(m.body.size() - 6) == "# EOF\n");
}

TEST_CASE("control_socket_coverage.rs connection_dispatch_handles_admin_shutdown_and_oversized_hello: "
          "SHUTDOWN is acked and stops the broker, STATUS does not") {
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    const broker_view view{registry, metrics, 0, 1, token};
    bool shutdown = false;
    CHECK(admin(view, v1::admin_verb::status, true, shutdown).kind == v1::admin_reply_kind::json);
    CHECK_FALSE(shutdown);
    const v1::admin_reply ack = admin(view, v1::admin_verb::shutdown, true, shutdown);
    CHECK(shutdown);
    // admin.rs render_admin_reply's SHUTDOWN arm.
    CHECK(ack.body == "broker shutting down\n");
    CHECK(ack.kind == v1::admin_reply_kind::text);
    CHECK(ack.content_type == "text/plain");
    CHECK(ack.exit_code == 0);
}

TEST_CASE("admin.rs render_admin_reply: other verbs get \"unsupported admin verb\\n\", exit 2") {
    // broker_v1_admin.proto: brokers answer a verb they do not serve with the
    // "unsupported admin verb" refusal (exit_code 2), on which clients fall
    // back. UNSPECIFIED and unnamed values are refused upstream too; the
    // named ones need upstream's v1 process registry, which we do not have.
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    const broker_view view{registry, metrics, 0, 1, token};
    // control_socket_coverage.rs private_dispatch_helpers_...: verb 999 is no SHUTDOWN.
    for (const std::int32_t verb : {0, 2, 3, 6, 7, 8, 10, 20, 999, -1}) {
        CAPTURE(verb);
        bool shutdown = false;
        const v1::admin_reply r = admin(view, static_cast<v1::admin_verb>(verb), true, shutdown);
        CHECK(r.body == "unsupported admin verb\n");
        CHECK(r.kind == v1::admin_reply_kind::text);
        CHECK(r.content_type == "text/plain");
        CHECK(r.exit_code == 2);
        CHECK_FALSE(shutdown);
    }
}

TEST_CASE("a malformed AdminRequest is refused") {
    endpoint_registry registry;
    broker_metrics metrics;
    std::optional<std::string> token;
    bool shutdown = false;
    const broker_view view{registry, metrics, 0, 1, token};
    broker::lane_reply reply;
    answer_admin(bytes_view(std::string("\x08", 1)), view, reply, shutdown);
    CHECK(reply.error.rfind("malformed AdminRequest: invalid varint", 0) == 0);
}
