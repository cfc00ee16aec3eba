// A minimal broker: one single-threaded epoll loop over Unix-domain sockets.
//
// Sockets, all in the run directory (created 0700; each socket 0600):
// - `<service>.sock` for each configured service: that service's daemon
//   connects and sends a control-lane frame carrying BackendHttpReady; the
//   backend becomes bound to the port (decode_and_register). A malformed one
//   closes the connection with a logged reason and leaves the registry as it
//   was. When the connection that bound a backend closes, the backend goes
//   back to pending (a later connection that re-bound it takes ownership).
// - `broker.sock` for clients: see broker_lanes.hpp.
//
// Framing per connection: the first frame plays the Hello role and is
// capped at 64 KiB, later frames at 16 MiB (SPEC §3). A framing error (wrong
// version, over-cap length) closes the connection; a partial frame that does
// not complete within `partial_frame_timeout_ms` of its first byte closes it
// too. Output waiting for a slow reader is bounded: past
// `max_pending_output` the broker stops reading from that peer until it
// drains. Connections beyond `max_connections`, or beyond the descriptor
// limit, are accepted and closed at once (counted as refused): the broker
// never stops serving the others.
//
// Logging: one line per event on `log`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brokerwire/broker/broker_metrics.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"

namespace brokerwire::broker {

struct broker_config {
    std::string run_dir;
    std::vector<std::string> services;              // valid service names
    std::uint16_t http_port = 0;                    // answered to GetBrokerHttpEndpointRequest
    std::optional<std::string> session_token;       // raw bytes; found=false when absent
    std::uint32_t partial_frame_timeout_ms = 5000;
    std::size_t max_connections = 4096;
    std::size_t max_pending_output = std::size_t{1} << 20;
    std::FILE* log = stderr;
};

class server {
public:
    explicit server(broker_config config);
    ~server();  // close()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Creates the run directory and every listening socket, and tracks each
    // service as pending. Returns "" or the reason it could not (nothing is
    // left listening then).
    std::string open();

    // Serves until `stop_fd` becomes readable (a signalfd, an eventfd, a
    // pipe) or an admin SHUTDOWN arrives. Returns "" or why the loop failed.
    std::string run(int stop_fd);

    // Closes every connection and listening socket and removes the socket
    // files. Safe to call twice.
    void close();

    const endpoint_registry& registry() const noexcept;
    const broker_metrics& metrics() const noexcept;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace brokerwire::broker
