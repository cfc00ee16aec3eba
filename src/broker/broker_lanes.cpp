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

v1::admin_reply text_reply(std::string body, std::uint32_t exit_code = 0) {
    v1::admin_reply r;
    r.kind = v1::admin_reply_kind::text;
    r.body = std::move(body);
    r.exit_code = exit_code;
    r.content_type = "text/plain";
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

void answer_client_control(bytes_view payload, const broker_view& state, framing::lane_reply& reply) {
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

void answer_admin(bytes_view payload, const broker_view& state, framing::lane_reply& reply,
                  bool& shutdown_requested) {
    v1::admin_request req;
    const status s = decode(payload, req);
    if (!s.ok()) {
        reply.error = "malformed AdminRequest: " + to_string(s);
        return;
    }
    v1::admin_reply r;
    switch (req.verb) {
        case v1::admin_verb::status:
            if (req.json) {
                r.kind = v1::admin_reply_kind::json;
                r.body = status_json(state.registry);
                r.content_type = "application/json";
            } else {
                r = text_reply(status_text(state.registry));
            }
            break;
        case v1::admin_verb::healthz: r = text_reply("ok\n"); break;
        case v1::admin_verb::metrics: {
            std::size_t pending = 0;
            std::size_t bound = 0;
            count_backends(state.registry, pending, bound);
            r.kind = v1::admin_reply_kind::openmetrics;
            r.body = render_openmetrics(state.metrics, pending, bound);
            r.content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            break;
        }
        case v1::admin_verb::shutdown:
            shutdown_requested = true;
            r = text_reply("shutting down\n");
            break;
        default: {
            const std::string_view name = name_of(req.verb);
            r = text_reply("verb " +
                               (name.empty() ? std::to_string(static_cast<std::int32_t>(req.verb))
                                             : std::string(name)) +
                               " is not supported by this broker\n",
                           1);
            break;
        }
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
        w.begin_object();
        w.key("service");
        w.string(service);
        w.key("state");
        w.string(st.is_bound() ? "bound" : "pending");
        if (st.is_bound()) {
            w.key("port");
            w.number(static_cast<std::uint32_t>(*st.port()));
        }
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
