// Binding the HTTP surface's listener.
#include "brokerwire/broker/http_listener.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "brokerwire/files/file_error.hpp"  // errno_text

namespace brokerwire::broker {
namespace {

// Rust's std listens with a backlog of 128 on Linux (seen with strace).
constexpr int rust_listen_backlog = 128;

struct socket_address {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

socket_address to_sockaddr(const ip_address& address, std::uint16_t port) noexcept {
    socket_address out;
    if (address.family == ip_address::family_kind::v4) {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        std::memcpy(&v4.sin_addr, address.bytes.data(), 4);
        std::memcpy(&out.storage, &v4, sizeof v4);
        out.length = sizeof v4;
    } else {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        std::memcpy(&v6.sin6_addr, address.bytes.data(), 16);
        std::memcpy(&out.storage, &v6, sizeof v6);
        out.length = sizeof v6;
    }
    return out;
}

// One bind attempt on `port`: a listening descriptor, or -1 with errno kept
// in `error`.
int try_bind(const ip_address& address, std::uint16_t port, http_bind_error& error) {
    error = http_bind_error{address, port, 0};
    const int family = address.family == ip_address::family_kind::v4 ? AF_INET : AF_INET6;
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error.sys_errno = errno;
        return -1;
    }
    const int on = 1;
    const socket_address target = to_sockaddr(address, port);
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        ::bind(fd, reinterpret_cast<const sockaddr*>(&target.storage), target.length) != 0 ||
        ::listen(fd, rust_listen_backlog) != 0) {
        error.sys_errno = errno;
        ::close(fd);
        return -1;
    }
    return fd;
}

// The port the system gave `fd`, or 0 with errno in `error` (upstream
// reports a failed local_addr as a bind error on port 0).
std::uint16_t bound_port(int fd, http_bind_error& error) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
        error.port = 0;
        error.sys_errno = errno;
        return 0;
    }
    if (storage.ss_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage, sizeof v6);
        return ntohs(v6.sin6_port);
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &storage, sizeof v4);
    return ntohs(v4.sin_port);
}

}  // namespace

std::string to_string(const http_bind_error& error) {
    return "bind " + to_string(error.address) + ":" + std::to_string(error.port) +
           " failed: " + files::errno_text(error.sys_errno) + " (os error " + std::to_string(error.sys_errno) + ")";
}

std::optional<http_listener> bind_http_listener(const resolved_http_bind& bind, http_bind_error& error) {
    const http_port_option option = bind.port;
    const std::uint16_t first = option.mode == http_port_mode::dynamic ? 0 : option.port;
    int fd = try_bind(bind.address, first, error);
    if (fd < 0 && option.mode == http_port_mode::static_or_fallback && error.sys_errno == EADDRINUSE) {
        fd = try_bind(bind.address, 0, error);
    }
    if (fd < 0) return std::nullopt;
    const std::uint16_t port = bound_port(fd, error);
    if (port == 0) {
        ::close(fd);
        return std::nullopt;
    }
    return http_listener{fd, bind.address, port};
}

std::optional<http_listener> bind_http_listener(http_port_option option, http_bind_error& error) {
    return bind_http_listener(resolve_http_bind(option, http_environment_from_process()), error);
}

}  // namespace brokerwire::broker
