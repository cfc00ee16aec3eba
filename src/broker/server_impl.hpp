// The broker's event loop state (internal to server.cpp and connection.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "brokerwire/broker/hello_exchange.hpp"
#include "brokerwire/broker/http_request.hpp"
#include "brokerwire/broker/server.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/http_listener.hpp"
#include "brokerwire/framing/frame_reader.hpp"

namespace brokerwire::broker {

using steady = std::chrono::steady_clock;

// What a listening socket is for.
enum class listener_role : std::uint8_t {
    hello,    // the v2 socket: one Hello, one HelloReply, close
    backend,  // extension: a service's control socket
    clients,  // extension: broker.sock
    http,     // the optional HTTP page: one request, one response, close
};

// One listening socket.
struct listener {
    int fd = -1;
    std::string path;
    std::string service;  // the backend's service, for listener_role::backend
    listener_role role = listener_role::hello;
    bool paused = false;  // out of descriptors: re-armed on the next tick
};

// One accepted connection.
struct connection {
    int fd = -1;
    std::uint64_t serial = 0;         // unique for the broker's life (fds are reused)
    std::size_t listener_index = 0;
    // docs/contract.md, "Framing": the first frame plays the Hello role,
    // capped at 64 KiB.
    framing::frame_reader reader{framing::max_hello_body};
    bool hello_done = false;
    std::string out;                  // framed replies not yet sent
    std::size_t out_sent = 0;
    steady::time_point deadline_start{};  // start of a partial frame, a stall, or a close
    bool closing = false;             // close once `out` is flushed
    bool reading = true;              // EPOLLIN armed
    bool writing = false;             // EPOLLOUT armed
    bool hello_role = false;          // on the v2 socket: the first frame is the whole exchange
    bool http_role = false;           // on the HTTP listener
    http_request_scan http_scan;      // the HTTP request head seen so far
};

// Tags in epoll_event.data.u64: listeners by index, connections by serial.
inline constexpr std::uint64_t connection_tag = std::uint64_t{1} << 63;
inline constexpr std::uint64_t stop_tag = std::uint64_t{1} << 62;

struct server::impl {
    explicit impl(broker_config c);

    broker_config cfg;
    endpoint_registry registry;
    broker_metrics metrics;
    std::vector<listener> listeners;
    std::unordered_map<std::uint64_t, std::unique_ptr<connection>> connections;
    std::map<std::string, std::uint64_t, std::less<>> owners;  // service -> serial that bound it
    broker::envelope_dispatcher backend_lanes;
    broker::envelope_dispatcher client_lanes;
    connection* current = nullptr;  // the connection whose frame is being dispatched
    int epoll_fd = -1;
    int reserve_fd = -1;  // spare descriptor, given up to refuse a connection at EMFILE
    std::uint64_t next_serial = 1;
    std::size_t hellos_in_flight = 0;  // open connections on the v2 socket
    std::optional<http_listener> http;  // the HTTP page's listener, once bound
    bool http_published = false;        // its .http_port file is written
    bool stop = false;
    bool opened = false;
    std::uint8_t recv_buffer[64 * 1024];

    void log(const char* format, ...) __attribute__((format(printf, 2, 3)));

    // server.cpp: setup, the loop, accepting, timeouts.
    broker_error open();
    std::vector<listener> wanted_listeners();
    broker_error run(int stop_fd);
    void close_all();
    void on_listener(listener& l);
    void refuse_at_fd_limit(listener& l);
    void expire(steady::time_point now);

    // connection.cpp: reading, dispatching, writing, closing.
    void install_lanes();
    void on_readable(connection& c);
    void on_frame(connection& c, bytes_view body);
    void on_hello_bytes(connection& c, const std::uint8_t* data, std::size_t size);
    void answer_hello_once(connection& c, const hello_exchange& exchange);
    void on_http_bytes(connection& c, const std::uint8_t* data, std::size_t size);
    void open_http_surface(std::vector<listener>& made);
    void flush(connection& c);
    void update_interest(connection& c);
    void close_connection(connection& c, const std::string& why);
    void on_backend_ready(const broker::lane_request& req, broker::lane_reply& reply);
};

}  // namespace brokerwire::broker
