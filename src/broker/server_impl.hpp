// The broker's event loop state (internal to server.cpp and connection.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "brokerwire/broker/server.hpp"
#include "brokerwire/framing/envelope_dispatch.hpp"
#include "brokerwire/framing/frame_reader.hpp"

namespace brokerwire::broker {

using steady = std::chrono::steady_clock;

// One listening socket: a service's control socket, or broker.sock.
struct listener {
    int fd = -1;
    std::string path;
    std::string service;  // empty for broker.sock
    bool for_clients = false;
    bool paused = false;  // out of descriptors: re-armed on the next tick
};

// One accepted connection.
struct connection {
    int fd = -1;
    std::uint64_t serial = 0;         // unique for the broker's life (fds are reused)
    std::size_t listener_index = 0;
    // SPEC §3: the first frame plays the Hello role, capped at 64 KiB.
    framing::frame_reader reader{framing::max_hello_body};
    bool hello_done = false;
    std::string out;                  // framed replies not yet sent
    std::size_t out_sent = 0;
    steady::time_point deadline_start{};  // start of a partial frame, a stall, or a close
    bool closing = false;             // close once `out` is flushed
    bool reading = true;              // EPOLLIN armed
    bool writing = false;             // EPOLLOUT armed
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
    framing::envelope_dispatcher backend_lanes;
    framing::envelope_dispatcher client_lanes;
    connection* current = nullptr;  // the connection whose frame is being dispatched
    int epoll_fd = -1;
    int reserve_fd = -1;  // spare descriptor, given up to refuse a connection at EMFILE
    std::uint64_t next_serial = 1;
    bool stop = false;
    bool opened = false;
    std::uint8_t recv_buffer[64 * 1024];

    void log(const char* format, ...) __attribute__((format(printf, 2, 3)));

    // server.cpp: setup, the loop, accepting, timeouts.
    std::string open();
    std::string run(int stop_fd);
    void close_all();
    void on_listener(listener& l);
    void refuse_at_fd_limit(listener& l);
    void expire(steady::time_point now);

    // connection.cpp: reading, dispatching, writing, closing.
    void install_lanes();
    void on_readable(connection& c);
    void on_frame(connection& c, bytes_view body);
    void flush(connection& c);
    void update_interest(connection& c);
    void close_connection(connection& c, const std::string& why);
    void on_backend_ready(const framing::lane_request& req, framing::lane_reply& reply);
};

}  // namespace brokerwire::broker
