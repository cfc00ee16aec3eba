// The listening TCP socket of the broker's optional HTTP surface, bound as
// upstream's BrokerHttpServer::bind binds it (src/broker/broker_http_server.rs),
// but non-blocking so the broker's event loop can own it.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "brokerwire/broker/http_port_option.hpp"

namespace brokerwire::broker {

// A bound, listening socket and where it landed.
struct http_listener {
    int fd = -1;          // owned by the caller, who closes it
    ip_address address;   // the address bound (the resolved one)
    std::uint16_t port = 0;  // the port bound: never 0, even for dynamic
};

// Why binding failed: the address and port tried, and errno.
struct http_bind_error {
    ip_address address;
    std::uint16_t port = 0;  // 0 for a system-picked port, and for a failed getsockname
    int sys_errno = 0;
};

// upstream's text: "bind 127.0.0.1:8080 failed: Address already in use (os error 98)".
// An IPv6 address is written without brackets, as upstream writes it.
std::string to_string(const http_bind_error& error);

// Binds and listens as Rust's TcpListener::bind does (SO_REUSEADDR, backlog
// 128), with SOCK_NONBLOCK | SOCK_CLOEXEC added:
// - static_port: exactly that port;
// - dynamic: port 0, the system picks;
// - static_or_fallback: the preferred port, and on EADDRINUSE (only that)
//   port 0.
// Returns nullopt with `error` set when binding or listening fails; nothing
// is left open then.
std::optional<http_listener> bind_http_listener(const resolved_http_bind& bind, http_bind_error& error);

// resolve_http_bind(option, http_environment_from_process()), then the
// above: what upstream does for `--http-port`.
std::optional<http_listener> bind_http_listener(http_port_option option, http_bind_error& error);

}  // namespace brokerwire::broker
