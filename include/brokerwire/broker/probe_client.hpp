// The client end of the endpoint probe over a real socket: dial a daemon's
// Unix socket, send upstream's challenge, read one answer, check it
// (crates/running-process/src/broker/backend_lifecycle/probe.rs
// probe_endpoint_response). Blocking, bounded by one deadline for the whole
// exchange (upstream's DEFAULT_ENDPOINT_PROBE_TIMEOUT, 500 ms).
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/endpoint_probe.hpp"
#include "brokerwire/messages/envelope.hpp"

namespace brokerwire::broker {

inline constexpr std::chrono::milliseconds default_probe_timeout{500};

enum class probe_errc : std::uint8_t {
    ok = 0,
    random,             // no nonce could be drawn (getrandom)
    connect,            // the socket could not be dialled
    timeout,            // the deadline passed first
    io,                 // send/recv failed
    closed,             // the peer closed before a whole frame came back
    framing,            // a wrong framing byte or an over-cap length came back
    decode_frame,       // the body is not a Frame
    bad_response,       // a Frame that is not the answer; see `check`
    identity_mismatch,  // an answer from a different daemon; `mismatch` names the field
};

struct [[nodiscard]] probe_result {
    probe_errc code = probe_errc::ok;
    std::string message;                  // what went wrong, upstream's words where it has them
    probe_response_check check;           // for bad_response
    std::string_view mismatch;            // for identity_mismatch (static text)
    daemon_identity identity;             // the identity that answered (ok, identity_mismatch)
    std::optional<v1::frame> response;    // the frame that came back, whenever one did

    bool ok() const noexcept { return code == probe_errc::ok; }
};

// Probes the daemon listening at `socket_path` with a fresh random nonce and
// returns the identity it proves.
probe_result probe_endpoint(const std::string& socket_path,
                            std::chrono::milliseconds timeout = default_probe_timeout);

// The same with a given nonce (tests; the request_id follows from it).
probe_result probe_endpoint_with_nonce(const std::string& socket_path, const probe_nonce& nonce,
                                       std::chrono::milliseconds timeout);

// Upstream's probe_endpoint_response: probes expected.ipc_endpoint.path and
// requires the answer to be the same daemon (first_identity_mismatch), else
// identity_mismatch with "endpoint probe response identity did not match
// expected daemon identity: <field>".
probe_result probe_expected_daemon(const daemon_identity& expected,
                                   std::chrono::milliseconds timeout = default_probe_timeout);

}  // namespace brokerwire::broker
