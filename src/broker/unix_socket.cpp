// Unix-domain socket setup: path checks, stale-socket cleanup, permissions.
#include "unix_socket.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace brokerwire::broker::detail {
namespace {

bool fill_address(const std::string& path, sockaddr_un& addr, broker_error& error) {
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    // sun_path is a fixed array (108 bytes on Linux) and needs its NUL.
    if (path.empty() || path.size() >= sizeof addr.sun_path) {
        error = socket_path_error(path);
        return false;
    }
    std::memcpy(addr.sun_path, path.data(), path.size());
    return true;
}

// Removes a socket file nobody accepts on; refuses anything else.
bool clear_stale(const std::string& path, broker_error& error) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return true;
        error = system_error(path, "lstat", errno);
        return false;
    }
    if (!S_ISSOCK(st.st_mode)) {
        error = not_a_socket_error(path);
        return false;
    }
    broker_error ignored;
    // Qualified: argument-dependent lookup on broker_error would also find
    // broker::connect_unix, and in one translation unit the call is ambiguous.
    const int probe = detail::connect_unix(path, ignored);
    if (probe >= 0) {
        ::close(probe);
        error = socket_in_use_error(path);
        return false;
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        error = system_error(path, "unlink of stale socket", errno);
        return false;
    }
    return true;
}

}  // namespace

int listen_unix(const std::string& path, broker_error& error) {
    sockaddr_un addr{};
    if (!fill_address(path, addr, error) || !clear_stale(path, error)) return -1;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = system_error(path, "socket", errno);
        return -1;
    }
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        error = system_error(path, "bind", errno);
        ::close(fd);
        return -1;
    }
    // Owner only. The run directory is already 0700, so no other user can
    // reach the socket in the moment before this chmod.
    if (::chmod(path.c_str(), 0600) != 0 || ::listen(fd, 1024) != 0) {
        error = system_error(path, "chmod/listen", errno);
        ::close(fd);
        ::unlink(path.c_str());
        return -1;
    }
    return fd;
}

int connect_unix(const std::string& path, broker_error& error) {
    sockaddr_un addr{};
    if (!fill_address(path, addr, error)) return -1;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = system_error(path, "socket", errno);
        return -1;
    }
    while (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno == EINTR) continue;
        error = system_error(path, "connect", errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace brokerwire::broker::detail
