// Envelope dispatch: a frame body (a v1 Frame) in, routed by lane to a
// handler, a RESPONSE frame body out.
//
// Reply convention:
// - A REQUEST is answered with exactly one RESPONSE frame echoing its
//   request_id and trace context (traceparent, tracestate). On success it carries the request's lane and the handler's
//   reply payload.
// - A request that cannot be served (malformed envelope, wrong envelope
//   version, a payload encoding other than NONE, an unknown lane, a lane this
//   endpoint does not serve, a payload the handler refuses) is answered on
//   the admin lane (0xAD01) with an AdminReply {kind TEXT, body "error: ...",
//   exit_code = the dispatch_errc value, content_type "text/plain"}: the
//   admin reply is the envelope's only message that carries a text and an
//   exit status, and a client tells the error from a success by the lane.
//   A malformed envelope has no readable request_id and is answered with 0.
// - EVENT frames are routed like requests but never answered; RESPONSE and
//   CANCEL frames are not routed and not answered (answering a response
//   could make two peers loop).
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "brokerwire/messages/envelope.hpp"
#include "brokerwire/wire/bytes.hpp"
#include "brokerwire/wire/error.hpp"

namespace brokerwire::broker {

// Why a frame was not served. Values are stable: they are the exit_code of
// the error reply.
enum class dispatch_errc : std::uint8_t {
    ok = 0,
    malformed_envelope = 1,      // not a v1 Frame; see `decode`
    wrong_envelope_version = 2,  // value = the version
    unsupported_encoding = 3,    // value = the payload_encoding (compressed payloads are refused, not guessed at)
    unknown_lane = 4,            // value = the payload_protocol
    lane_not_served = 5,         // a lane of the protocol that no handler serves here; value = lane
    unexpected_kind = 6,         // a RESPONSE or an unknown kind was sent to us; value = kind
    refused_by_handler = 7,      // the handler refused the payload; see `message`
};

// Short, stable English text ("unsupported payload encoding").
const char* describe(dispatch_errc code) noexcept;

// What a lane handler sees. `payload` and `envelope` point into the frame
// body passed to dispatch() and live until the handler returns.
struct lane_request {
    const v1::frame_view& envelope;
    bytes_view payload;
};

// What a lane handler answers: a reply payload, or a refusal with its
// reason. `close` asks the caller to drop the connection after replying.
struct lane_reply {
    std::string payload;
    std::string error;  // non-empty = refused
    bool close = false;
};

using lane_handler = std::function<void(const lane_request&, lane_reply&)>;

// The outcome of one dispatch.
struct [[nodiscard]] dispatch_result {
    dispatch_errc code = dispatch_errc::ok;
    std::uint64_t value = 0;   // see dispatch_errc
    status decode{};           // the envelope's decode verdict for malformed_envelope
    std::string message;       // the full error text ("" when ok)
    std::uint32_t lane = 0;
    std::uint64_t request_id = 0;
    bool replied = false;      // `reply_body` holds an encoded RESPONSE frame
    bool close = false;        // the handler asked to drop the connection

    bool ok() const noexcept { return code == dispatch_errc::ok; }
};

// A table of lane handlers. Not thread-safe to modify; dispatch() is const
// and may run concurrently if the handlers allow it.
class envelope_dispatcher {
public:
    // Serves `lane` with `handler`, replacing any earlier one.
    void on(std::uint32_t lane, lane_handler handler);

    // Decodes `frame_body`, routes it, and for a REQUEST (or an undecodable
    // envelope) replaces `reply_body` with the encoded RESPONSE envelope
    // (the frame body; the caller adds the frame header). `reply_body` is
    // left empty when nothing is to be sent.
    dispatch_result dispatch(bytes_view frame_body, std::string& reply_body) const;

private:
    std::map<std::uint32_t, lane_handler> handlers_;
};

// What a RESPONSE carries over from its request, as upstream's
// Frame::response_to does: the lane, the request_id and the W3C trace
// context. The strings point into the request and live as long as it does.
struct response_to {
    std::uint32_t lane = 0;
    std::uint64_t request_id = 0;
    std::string_view traceparent;
    std::string_view tracestate;
};

// The reply address of `request`.
response_to reply_address(const v1::frame_view& request) noexcept;

// Encodes a RESPONSE envelope addressed `to` around `payload`.
std::string encode_response(const response_to& to, bytes_view payload);

// Encodes the error RESPONSE described above: on the admin lane, whatever
// `to.lane` says, echoing the request id and trace context.
std::string encode_error_response(const response_to& to, dispatch_errc code, const std::string& message);

}  // namespace brokerwire::broker
