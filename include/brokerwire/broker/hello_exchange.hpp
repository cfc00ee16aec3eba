// One Hello exchange on the v2 broker's socket, from the request's bytes to
// the framed reply, as upstream's v2 broker answers it
// (running-process-broker-v2.rs: handle_hello_bytes, reply_for_framing_error).
//
// Every failure a peer can cause is answered with a framed RESPONSE carrying
// a Refused, never with silence: a client can tell "you sent something
// wrong" from "the broker died". The RESPONSE echoes the request's
// request_id, traceparent and tracestate once the envelope has been decoded;
// before that (framing faults, an undecodable Frame) it carries zeros.
//
//   fault                         code                 reason
//   framing byte not 1            VERSION_UNSUPPORTED  "unsupported framing version"
//   length over 64 KiB            PEER_REJECTED        "initial Hello frame exceeds 64 KiB"
//   stream ends or times out      PEER_REJECTED        "incomplete Hello frame"
//   body is not a Frame           PEER_REJECTED        "malformed broker Frame"
//   envelope_version not 1        VERSION_UNSUPPORTED  "frame envelope_version is not v1"
//   kind not REQUEST              PEER_REJECTED        "Hello frame kind must be REQUEST"
//   lane not control (0)          PEER_REJECTED        "Hello frame payload_protocol must be control-plane"
//   payload compressed            PEER_REJECTED        "Hello payload must not be compressed"
//   payload is not a Hello        PEER_REJECTED        "malformed Hello payload"
//
// then the checks of hello_policy.hpp.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <string>
#include <string_view>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/messages/handshake.hpp"
#include "brokerwire/messages/service_def.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::broker {

// Where a Hello's answer comes from. Both directories are read afresh for
// every Hello, as upstream does, so an installed or removed definition or a
// daemon that came or went is seen by the next client.
struct hello_sources {
    std::string services_dir;    // <service>.servicedef.v2 files
    std::string runtime_dir;     // daemon-<service>.json identity files
    std::string broker_version;  // sent as Negotiated.daemon_version
};

// The result of one exchange.
struct hello_exchange {
    std::string reply_frame;   // the whole RESPONSE: frame header and body
    v1::hello_reply reply;     // what reply_frame carries
    std::string service;       // the Hello's service_name, once decoded
    std::string fault;         // for the log: what was wrong, "" when negotiated

    bool negotiated() const noexcept { return reply.negotiated() != nullptr; }
};

// Loads `<services_dir>/<service>.servicedef.v2` as upstream's v2 loader does
// for a Hello: the name is checked, the file read and decoded, and its
// service_name must be the one asked for. The directory's permissions are not
// looked at (upstream's Hello path does not either); the file must be a
// small regular file, so a FIFO or a device never stalls the broker.
files::file_result<v2::service_definition> load_definition_for_hello(const std::string& services_dir,
                                                                      std::string_view service);

// The pipe the daemon for `service` published in its identity file, or ""
// when none is published or the file cannot be read (a service may be known
// before its daemon has started: that is not a refusal).
std::string resolve_backend_pipe(const std::string& runtime_dir, std::string_view service);

// Answers a decoded Hello: protocol range, then the service's definition,
// then the version policy (hello_policy.hpp).
v1::hello_reply answer_hello(const v1::hello& hello, const hello_sources& sources);

// Answers a whole first frame body.
hello_exchange answer_hello_frame(bytes_view body, const hello_sources& sources);

// Answers a connection whose first frame could not be read: `fault` is the
// framing error (wrong_version, over_cap), or truncated / io_error / a
// timeout for a stream that ended or stalled before the frame was whole.
hello_exchange answer_unreadable_hello(framing::frame_errc fault);

// Frames `reply` as the RESPONSE to `request` (nullptr: no request could be
// decoded, so nothing is echoed).
std::string hello_reply_frame(const v1::hello_reply& reply, const broker::response_to* request);

}  // namespace brokerwire::broker
