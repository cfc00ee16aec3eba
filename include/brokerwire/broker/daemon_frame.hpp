// What a daemon's own endpoint does with one frame, as a pure function: the
// routing of upstream's BackendEndpointMux (crates/running-process/src/
// broker/backend_sdk/mux.rs) for a daemon with no legacy wire, which is how
// upstream's daemon uses it (daemon/backend_endpoint.rs):
//
//   1. lane 0xB232: an identity probe. A valid request is answered with the
//      daemon's identity (endpoint_probe.hpp); an invalid one is fatal.
//   2. another first-party lane (control 0x0000, admin 0xAD01, handoff
//      0xD0FF): fatal; a broker's Hello sent to a daemon lands here.
//   3. a lane the daemon serves: handed to its handler, whatever the kind.
//      A REQUEST is answered: the handler's payload in a RESPONSE on the same
//      lane (upstream's Frame::response_to), or its refusal as brokerwire's
//      error reply. Other kinds are not answered.
//   4. any other lane: fatal.
//
// Upstream ends the connection on every fatal case without a word. This
// endpoint first sends one framed error, brokerwire's error reply
// (envelope_dispatch.hpp: an AdminReply on the admin lane, "error: <why>",
// echoing the request_id once the Frame decoded), so a peer learns why; then
// it closes the connection. The daemon keeps serving everyone else.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <map>
#include <string>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::broker {

// The consumer lanes a daemon serves, each with its handler.
using daemon_lanes = std::map<std::uint32_t, broker::lane_handler>;

// upstream registry.rs FIRST_PARTY_PAYLOAD_PROTOCOLS: control, admin,
// backend-handle probe, handoff. The session lane (0x5350) is not one: a
// daemon may serve it like a consumer lane.
bool is_first_party_lane(std::uint32_t lane) noexcept;

// The answer to one frame.
struct daemon_frame_answer {
    std::string reply;      // whole frames (header and body) to send, in order; may be empty
    bool close = false;     // end the connection once `reply` is sent
    std::string fault;      // why the frame was refused, for the log; "" when served
    bool probe = false;     // an identity probe was answered
};

// Answers one frame body received on the daemon's endpoint.
daemon_frame_answer answer_daemon_frame(bytes_view body, const daemon_identity& daemon, const daemon_lanes& lanes);

// Answers a stream whose framing broke before a frame body could be taken
// (a framing byte other than 1: upstream's "legacy wire", which this
// endpoint does not speak; a length over 16 MiB; a stream cut mid-frame).
daemon_frame_answer answer_broken_framing(const framing::frame_status& s);

}  // namespace brokerwire::broker
