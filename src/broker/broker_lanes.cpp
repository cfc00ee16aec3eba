// The broker's answers on the control lane of broker.sock and on the admin lane.
#include "brokerwire/broker/broker_lanes.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/control.hpp"

namespace brokerwire::broker {
namespace {

template <class T>
std::string encoded(const T& m) {
    const std::vector<std::uint8_t> bytes = encode(m);
    return std::string(bytes.begin(), bytes.end());
}

std::vector<std::pair<std::string, backend_state>> sorted_snapshot(const endpoint_registry& registry) {
    auto snap = registry.snapshot();
    std::sort(snap.begin(), snap.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return snap;
}

// The content types upstream v1 puts on each reply kind (admin.rs text_reply,
// json_reply, and the METRICS arm): bare media types, no parameters.
constexpr const char* text_content_type = "text/plain";
constexpr const char* json_content_type = "application/json";
constexpr const char* openmetrics_content_type = "application/openmetrics-text";

// Upstream's exit codes: READYZ answers 1 while not ready; 2 is the
// "unsupported admin verb" refusal, on which clients fall back (the v1
// proto's note on ADMIN_VERB_SHUTDOWN relies on it).
constexpr std::uint32_t not_ready_exit_code = 1;
constexpr std::uint32_t unsupported_verb_exit_code = 2;

v1::admin_reply text_reply(std::string body, std::uint32_t exit_code = 0) {
    v1::admin_reply r;
    r.kind = v1::admin_reply_kind::text;
    r.body = std::move(body);
    r.exit_code = exit_code;
    r.content_type = text_content_type;
    return r;
}

v1::admin_reply status_reply(const broker_view& state, bool json) {
    if (!json) return text_reply(status_text(state.registry));
    v1::admin_reply r;
    r.kind = v1::admin_reply_kind::json;
    r.body = status_json(state.registry);
    r.content_type = json_content_type;
    return r;
}

v1::admin_reply readyz_reply(const broker_view& state) {
    // Upstream's fixed bodies (render_readyz).
    if (state.accepting_hello) return text_reply("ready\n");
    return text_reply("not ready\n", not_ready_exit_code);
}

v1::admin_reply metrics_reply(const broker_view& state) {
    std::size_t pending = 0;
    std::size_t bound = 0;
    count_backends(state.registry, pending, bound);
    v1::admin_reply r;
    r.kind = v1::admin_reply_kind::openmetrics;
    r.body = render_openmetrics(state.metrics, pending, bound);
    r.content_type = openmetrics_content_type;
    return r;
}

}  // namespace

status classify_client_request(bytes_view payload, client_request_kind& kind) {
    v2::get_session_token_request token;
    if (decode(payload, token).ok() && !token.daemon_id.empty()) {
        kind = client_request_kind::session_token;
        return {};
    }
    // Not a token request: it must at least be a well-formed message.
    v2::get_broker_http_endpoint_request endpoint;
    const status s = decode(payload, endpoint);
    kind = client_request_kind::http_endpoint;
    return s;
}

void answer_client_control(bytes_view payload, const broker_view& state, broker::lane_reply& reply) {
    client_request_kind kind{};
    const status s = classify_client_request(payload, kind);
    if (!s.ok()) {
        reply.error = "control request is neither GetBrokerHttpEndpointRequest nor "
                      "GetSessionTokenRequest: " + to_string(s);
        return;
    }
    if (kind == client_request_kind::http_endpoint) {
        v2::get_broker_http_endpoint_response r;
        r.port = state.http_port;
        r.pid = state.pid;
        reply.payload = encoded(r);
        return;
    }
    v2::get_session_token_response r;
    if (state.session_token) {
        r.found = true;
        r.session_token = *state.session_token;
    }
    reply.payload = encoded(r);
}

void answer_admin(bytes_view payload, const broker_view& state, broker::lane_reply& reply,
                  bool& shutdown_requested) {
    v1::admin_request req;
    const status s = decode(payload, req);
    if (!s.ok()) {
        reply.error = "malformed AdminRequest: " + to_string(s);
        return;
    }
    v1::admin_reply r;
    switch (req.verb) {
        case v1::admin_verb::status: r = status_reply(state, req.json); break;
        case v1::admin_verb::healthz: r = text_reply("ok\n"); break;  // upstream's render_healthz
        case v1::admin_verb::readyz: r = readyz_reply(state); break;
        case v1::admin_verb::metrics: r = metrics_reply(state); break;
        case v1::admin_verb::shutdown:
            shutdown_requested = true;
            r = text_reply("broker shutting down\n");
            break;
        default:
            // UNSPECIFIED, values the schema does not name, and the verbs that
            // need upstream's v1 process registry (DUMP, LIST_INSTANCES,
            // BACKEND_HEALTH, CONFIG, DIAGNOSE): the reply an upstream broker
            // gives for a verb it does not know.
            r = text_reply("unsupported admin verb\n", unsupported_verb_exit_code);
            break;
    }
    reply.payload = encoded(r);
}

std::string status_json(const endpoint_registry& registry) {
    std::string out;
    json::writer w(out);
    w.begin_object();
    w.key("backends");
    w.begin_array();
    for (const auto& [service, st] : sorted_snapshot(registry)) {
        // Keys in sorted order, as upstream's serde_json maps write them.
        w.begin_object();
        if (st.is_bound()) {
            w.key("port");
            w.number(static_cast<std::uint32_t>(*st.port()));
        }
        w.key("service");
        w.string(service);
        w.key("state");
        w.string(st.is_bound() ? "bound" : "pending");
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return out;
}

std::string status_text(const endpoint_registry& registry) {
    std::string out;
    for (const auto& [service, st] : sorted_snapshot(registry)) {
        out += service;
        out += st.is_bound() ? " bound " + std::to_string(*st.port()) : std::string(" pending");
        out += '\n';
    }
    return out;
}

void count_backends(const endpoint_registry& registry, std::size_t& pending, std::size_t& bound) {
    pending = 0;
    bound = 0;
    for (const auto& entry : registry.snapshot()) {
        if (entry.second.is_bound()) {
            ++bound;
        } else if (entry.second.is_pending()) {
            ++pending;
        }
    }
}

}  // namespace brokerwire::broker
