// The endpoint identity probe (lane 0xB232), both ends, as pure functions
// of frames: how a client builds its challenge, how a daemon answers it, and
// how the client checks the answer. Upstream: crates/running-process/src/
// broker/backend_lifecycle/probe.rs. The checks run in upstream's order and
// report upstream's reasons.
//
//   REQUEST  {envelope_version 1, kind REQUEST, payload_protocol 0xB232,
//             payload = 32-byte nonce, request_id = the nonce's first 8
//             bytes little-endian, encoding NONE, no deadline, no trace}
//   RESPONSE {envelope_version 1, kind RESPONSE, payload_protocol 0xB232,
//             payload = nonce + DaemonProcess + legacy trailer
//             (probe_payload.hpp), request_id and trace context echoed}
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/probe_payload.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "brokerwire/wire/error.hpp"

namespace brokerwire::broker {

// A request that passed the checks: what the response must echo.
struct endpoint_probe_request {
    std::uint64_t request_id = 0;
    probe_nonce nonce{};
    std::string traceparent;
    std::string tracestate;
};

// ---- the daemon's side ----

// Why a frame is not a probe request, first failing check first
// (probe.rs validate_endpoint_probe_request_frame).
enum class probe_request_fault : std::uint8_t {
    none = 0,
    envelope_version,  // "envelope_version is not v1"
    kind,              // "kind is not REQUEST"
    payload_protocol,  // "payload_protocol is not endpoint probe"
    payload_encoding,  // "payload is compressed"
    nonce_length,      // "nonce must be 32 bytes" (a malformed payload, not an unexpected frame)
};

// Upstream's reason text for a fault (above), "" for none.
const char* describe(probe_request_fault f) noexcept;

struct [[nodiscard]] probe_request_check {
    probe_request_fault fault = probe_request_fault::none;
    std::int64_t actual = 0;  // the offending value (the payload's length for nonce_length)

    bool ok() const noexcept { return fault == probe_request_fault::none; }
};

// Upstream's error text with what was received:
// "unexpected endpoint probe request: kind is not REQUEST (got 1)",
// "endpoint probe request payload is malformed: nonce must be 32 bytes (got 31)".
std::string to_string(const probe_request_check& c);

// Checks `f` as a probe request and fills `out` when it is one.
probe_request_check read_endpoint_probe_request(const v1::frame_view& f, endpoint_probe_request& out);

// The encoded RESPONSE Frame (the frame body; framing::append_frame adds
// the header) answering `request` with `daemon`'s identity, byte for byte as
// upstream's endpoint_probe_response_frame encodes.
std::string endpoint_probe_response_frame(const endpoint_probe_request& request, const daemon_identity& daemon);

// ---- the client's side ----

// The request_id upstream derives from a nonce: its first 8 bytes, little-endian.
std::uint64_t probe_request_id(const probe_nonce& nonce) noexcept;

// The encoded REQUEST Frame (frame body) carrying `nonce`, with
// probe_request_id(nonce) as its request_id.
std::string endpoint_probe_request_frame(const probe_nonce& nonce);

// Why a response does not prove the identity, first failing check first
// (probe.rs validate_endpoint_probe_response_frame, then
// decode_response_identity).
enum class probe_response_fault : std::uint8_t {
    none = 0,
    envelope_version,  // "envelope_version is not v1"
    kind,              // "kind is not RESPONSE"
    payload_protocol,  // "payload_protocol is not endpoint probe"
    request_id,        // "request_id does not match endpoint probe request"
    payload_encoding,  // "payload is compressed"
    short_payload,     // "payload shorter than nonce"
    nonce_mismatch,    // "nonce does not match endpoint probe request"
    undecodable,       // the bytes after the nonce are not a DaemonProcess; see `decode`
    invalid_identity,  // a DaemonProcess that is not an identity; see `identity`
};

const char* describe(probe_response_fault f) noexcept;

struct [[nodiscard]] probe_response_check {
    probe_response_fault fault = probe_response_fault::none;
    std::int64_t actual = 0;   // the offending envelope value, or the payload's length
    status decode{};           // for undecodable: offset within the identity bytes
    identity_status identity;  // for invalid_identity

    bool ok() const noexcept { return fault == probe_response_fault::none; }
};

// Upstream's error text: "unexpected endpoint probe response: kind is not
// RESPONSE (got 0)", "failed to decode endpoint probe daemon identity: ...",
// "daemon process is missing ipc_endpoint", ...
std::string to_string(const probe_response_check& c);

// Checks a response frame against the request it answers and decodes the
// identity it carries into `out` (written only when ok).
probe_response_check read_endpoint_probe_response(const v1::frame_view& f, const probe_nonce& nonce,
                                                  daemon_identity& out);

// The payload half of the check on its own (probe.rs decode_response_identity):
// length, nonce echo, DaemonProcess decode, identity rules. For fuzzing and
// for callers that validated the envelope themselves.
probe_response_check decode_response_identity(bytes_view payload, const probe_nonce& expected_nonce,
                                              daemon_identity& out);

}  // namespace brokerwire::broker
