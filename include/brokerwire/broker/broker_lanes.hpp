// What the broker answers on its lanes, as pure functions of its state so
// they can be tested without sockets.
//
// Lanes and sockets:
// - `<run-dir>/<service>.sock` (one per service): the control lane carries
//   BackendHttpReady from that service's daemon; the socket names the backend.
// - `<run-dir>/broker.sock` (clients): the control lane carries
//   GetBrokerHttpEndpointRequest or GetSessionTokenRequest, and the admin lane
//   AdminRequest.
//
// Telling the two client requests apart (the envelope has no type field):
// by the payload's field shape. A payload carrying field 1 as a non-empty
// string is a GetSessionTokenRequest (field 1 is its `daemon_id`); any other
// well-formed payload, the empty one included, is a
// GetBrokerHttpEndpointRequest (a message with no fields, whose unknown
// fields are ignored). The consequence, and the rule for clients: a
// GetSessionTokenRequest must name its daemon (a non-empty daemon_id);
// one with an empty daemon_id encodes to nothing and is read as an endpoint
// request.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "brokerwire/broker/broker_metrics.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::broker {

// The broker state the lanes read. References live as long as the broker.
struct broker_view {
    const endpoint_registry& registry;
    const broker_metrics& metrics;
    std::uint16_t http_port = 0;
    std::uint32_t pid = 0;
    const std::optional<std::string>& session_token;  // raw bytes, when configured
    // Whether the broker takes new Hellos (upstream v1's `accepting_hello`),
    // which READYZ reports. The admin lane is served only from inside the
    // serving loop, so true unless the caller knows better.
    bool accepting_hello = true;
};

// The two control requests a client may send on broker.sock.
enum class client_request_kind : std::uint8_t { http_endpoint, session_token };

// Classifies a control-lane payload from broker.sock by field shape (see
// above). Returns the decode error of a payload that is neither message.
status classify_client_request(bytes_view payload, client_request_kind& kind);

// Answers a control-lane request on broker.sock: GetBrokerHttpEndpointResponse
// {http_port, pid}, or GetSessionTokenResponse {found, session_token}
// (found=false unless a token is configured). A malformed payload is refused.
void answer_client_control(bytes_view payload, const broker_view& state, broker::lane_reply& reply);

// Answers an admin-lane AdminRequest by upstream v1's reply rules
// (running-process src/broker/server/admin.rs, render_admin_reply):
// - STATUS: JSON (application/json) when `json`, else text; the body is ours
//   (status_json / status_text), since we have no v1 process registry.
// - HEALTHZ: "ok\n". READYZ: "ready\n", or "not ready\n" with exit_code 1
//   when the broker does not take Hellos.
// - METRICS: OpenMetrics (application/openmetrics-text), our counters.
// - SHUTDOWN: "broker shutting down\n", and sets `shutdown_requested`.
// - Any other verb, named or not: upstream's refusal, "unsupported admin
//   verb\n" with exit_code 2, which clients read as "this broker predates
//   the verb".
// Text replies are text/plain. A malformed AdminRequest is refused (no
// AdminReply of ours; the lane answers with its error reply).
void answer_admin(bytes_view payload, const broker_view& state, broker::lane_reply& reply,
                  bool& shutdown_requested);

// {"backends":[{"port":8080,"service":"a","state":"bound"},{"service":"b","state":"pending"}]}
// sorted by service; "port" only for a bound backend.
std::string status_json(const endpoint_registry& registry);
// One line per backend, sorted: "a bound 8080", "b pending".
std::string status_text(const endpoint_registry& registry);

// Backends tracked as pending and as bound.
void count_backends(const endpoint_registry& registry, std::size_t& pending, std::size_t& bound);

}  // namespace brokerwire::broker
