// The client side of the v2 Hello exchange, as upstream's client
// (crates/running-process/src/broker/client_v2.rs, hello_round_trip) performs
// it and with the same acceptance rules: a framed REQUEST with request_id 1
// goes out; the reply must be one frame holding a RESPONSE on the control
// lane, version 1, uncompressed, echoing request_id 1, whose payload is a
// HelloReply with a result. Anything else is a failure that says what came
// back. Blocking; for tools, tests and daemons that dial a broker.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/broker/broker_error.hpp"
#include "brokerwire/messages/handshake.hpp"

namespace brokerwire::broker {

// The Hello upstream's client_v2 sends for `service` through the broker of
// `program`: protocol 1..1, wanted_version = `version_hint`, request_id
// "client_v2-<program>-<pid>", peer_pid = `pid`, client_lib_name
// "running-process broker::client_v2", client and library version
// `client_version`, everything else zero.
v1::hello client_v2_hello(std::string_view program, std::string_view service, std::string_view version_hint,
                          std::string_view client_version, std::uint32_t pid);

// Sends `hello` on the connected stream `fd` and reads the reply into
// `reply`. Succeeds when a HelloReply with a result (Negotiated or Refused)
// came back; fails with send, receive, closed, malformed (the Frame or the
// HelloReply) or unexpected_reply ("kind is not RESPONSE", "HelloReply.result
// missing", ...).
broker_error exchange_hello(int fd, const v1::hello& hello, v1::hello_reply& reply);

// Connects to the Unix socket `socket_path` and exchanges `hello` on it; the
// connection is closed afterwards, as the broker closes it.
broker_error exchange_hello(const std::string& socket_path, const v1::hello& hello, v1::hello_reply& reply);

}  // namespace brokerwire::broker
