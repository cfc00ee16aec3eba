// A daemon's own endpoint, the way upstream's v2 broker expects to find one
// (running-process#532): the daemon never connects to the broker. It
// listens on its own Unix socket, then publishes its identity file
// (`<runtime_dir>/daemon-<service>.json`, daemon_identity_file.hpp), and the
// broker, on each Hello for that service, reads the file and hands
// `ipc_endpoint.path` to the client as Negotiated.backend_pipe. The client
// then dials the daemon directly and may probe it first (lane 0xB232).
//
// One thread, one poll(2) loop, non-blocking sockets: every connection is
// served as daemon_frame.hpp says (probes answered, served lanes handed to
// their handlers on the loop's thread, anything else refused with one framed
// error and the connection closed). A peer that does not read its replies
// stops being read once `max_pending_output` bytes wait for it;
// connections beyond `max_connections` are accepted and closed at once. No
// fault of one peer stops the loop.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "brokerwire/broker/broker_error.hpp"
#include "brokerwire/broker/daemon_frame.hpp"
#include "brokerwire/broker/daemon_identity.hpp"

namespace brokerwire::broker {

struct daemon_endpoint_config {
    std::string socket_path;    // where to listen; its directory is created 0700 when missing
    std::string identity_path;  // where to publish (daemon_identity_path); "" publishes nothing
    std::string namespace_id;   // Endpoint.namespace_id; upstream's daemon records ""
    std::optional<std::uint32_t> idle_timeout_secs;  // advertised in the identity only
    daemon_lanes lanes;         // consumer lanes served
    std::size_t max_connections = 256;
    std::size_t max_pending_output = std::size_t{1} << 20;
    std::FILE* log = nullptr;   // one line per refused frame or connection; nullptr: silent
};

// Counters, for tests and logs.
struct daemon_endpoint_counts {
    std::uint64_t connections = 0;  // accepted and served
    std::uint64_t refused_connections = 0;  // over max_connections
    std::uint64_t probes = 0;       // probes answered
    std::uint64_t frames = 0;       // frames handed to lane handlers
    std::uint64_t faults = 0;       // connections ended by a framed error
};

class daemon_endpoint {
public:
    explicit daemon_endpoint(daemon_endpoint_config config);
    ~daemon_endpoint();  // close()
    daemon_endpoint(const daemon_endpoint&) = delete;
    daemon_endpoint& operator=(const daemon_endpoint&) = delete;

    // Listens on the socket (a stale socket file is replaced, a live one
    // refused), then makes the identity: `identity` as given, or this
    // process's (current_daemon_identity) with ipc_endpoint {namespace_id,
    // socket_path}. Then publishes it (publish_daemon_identity_file: a live
    // other daemon's file is not overwritten: live_daemon). On failure
    // nothing is left listening or published.
    broker_error open(std::optional<daemon_identity> identity = std::nullopt);

    // Serves until `stop_fd` becomes readable (a pipe, an eventfd, a
    // signalfd). Fails with system when poll fails, wrong_state before open.
    broker_error run(int stop_fd);

    // Closes every connection and the listener, removes the socket file, and
    // removes the identity file if it still names this daemon's pid. Safe to
    // call twice.
    void close();

    const daemon_identity& identity() const noexcept;
    const daemon_endpoint_counts& counts() const noexcept;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace brokerwire::broker
