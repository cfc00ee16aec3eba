// The client side of the broker's sockets: connect, send an envelope, wait
// for the RESPONSE that echoes its request_id. Blocking; for tools and tests.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <string>

#include "brokerwire/broker/broker_error.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::broker {

// Connects a blocking stream socket to the Unix socket at `path`. Returns
// the descriptor, or -1 with `error` set (socket_path, system).
int connect_unix(const std::string& path, broker_error& error);

// Sends a REQUEST envelope {lane, payload, request_id} on `fd` and reads the
// next frame into `response`. Fails with send or receive (I/O, framing),
// closed, malformed (the envelope), or unexpected_reply for any frame other
// than a version-1 RESPONSE echoing `request_id` (one request is in flight
// at a time, so nothing else may come first). A broker that refuses the
// request answers on the admin lane: see request_error().
broker_error call(int fd, std::uint32_t lane, bytes_view payload, std::uint64_t request_id,
                  v1::frame& response);

// Sends an EVENT envelope {lane, payload}: no reply comes. Fails with send.
broker_error send_event(int fd, std::uint32_t lane, bytes_view payload);

// When `response` answers a request sent on `asked_lane` with the broker's
// error reply (an AdminReply on the admin lane with a non-zero exit code,
// see envelope_dispatch.hpp), error_reply with its text; a reply on another
// lane is unexpected_reply, an AdminReply that does not decode malformed.
broker_error request_error(const v1::frame& response, std::uint32_t asked_lane);

}  // namespace brokerwire::broker
