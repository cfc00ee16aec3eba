// A broker: one single-threaded epoll loop over Unix-domain sockets.
//
// The v2 socket (`hello_socket`) is the one upstream's clients dial
// (rpb-v2-<program>-<sid16>-0.sock, see files/broker_names.hpp), served as
// upstream's running-process-broker-v2 serves it: one exchange per
// connection, a REQUEST Frame carrying a Hello answered by a RESPONSE Frame
// carrying a HelloReply, then close (hello_exchange.hpp says what each fault
// is answered with). The service definition and the daemon's identity file
// are read afresh for every Hello. The exchange must complete within
// `hello_timeout_ms` of the accept; connections beyond `max_hellos_in_flight`
// are closed unanswered, as upstream drops them. A negotiated Hello tracks
// its service in the registry (pending until a port is reported).
//
// Extension sockets, which no upstream peer dials, all in `run_dir` (created
// 0700; each socket 0600; none when `run_dir` is empty):
// - `<service>.sock` for each configured service: that service's daemon
//   connects and sends a control-lane frame carrying BackendHttpReady; the
//   backend becomes bound to the port (decode_and_register). A malformed one
//   closes the connection with a logged reason and leaves the registry as it
//   was. When the connection that bound a backend closes, the backend goes
//   back to pending (a later connection that re-bound it takes ownership).
// - `broker.sock` for clients: see broker_lanes.hpp.
// On these the first frame is capped at 64 KiB, later frames at 16 MiB. A
// framing error closes the connection; a partial frame that does not
// complete within `partial_frame_timeout_ms` of its first byte closes it
// too. Output waiting for a slow reader is bounded: past
// `max_pending_output` the broker stops reading from that peer until it
// drains.
//
// The HTTP page, when configured, answers one GET per connection (within
// `hello_timeout_ms` of the accept, or it is closed unanswered).
//
// Connections beyond `max_connections`, or beyond the descriptor limit, are
// accepted and closed at once (counted as refused): the broker never stops
// serving the others.
//
// Logging: one line per event on `log`.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brokerwire/broker/broker_error.hpp"
#include "brokerwire/broker/broker_metrics.hpp"
#include "brokerwire/broker/hello_exchange.hpp"
#include "brokerwire/broker/http_port_option.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"

namespace brokerwire::broker {

struct broker_config {
    std::string hello_socket;                       // the v2 socket; "" for none
    hello_sources hello;                            // what a Hello is answered from
    std::uint32_t hello_timeout_ms = 30000;         // upstream's default Hello deadline
    std::size_t max_hellos_in_flight = 256;         // upstream's MAX_INFLIGHT_HANDLERS
    bool once = false;                              // stop after the first v2 connection closes
    // The HTTP page of the backends (http_page.hpp), off unless set. Its
    // endpoint is published for `program` in hello.runtime_dir (the
    // .http_port file, files/http_port_file.hpp) once bound and removed at
    // close; a bind failure leaves the broker serving without it, as upstream.
    std::optional<resolved_http_bind> http;
    std::string program;
    std::string run_dir;                            // extension sockets; "" for none
    std::vector<std::string> services;              // valid service names
    std::uint16_t http_port = 0;                    // answered to GetBrokerHttpEndpointRequest,
                                                    // unless the HTTP page is bound: then its port
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
    // extension service as pending. On failure nothing is left listening;
    // already_bound says a live broker holds the v2 socket (it is never
    // taken over).
    broker_error open();

    // Serves until `stop_fd` becomes readable (a signalfd, an eventfd, a
    // pipe) or an admin SHUTDOWN arrives. Fails with system when epoll
    // fails, wrong_state before a successful open().
    broker_error run(int stop_fd);

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
