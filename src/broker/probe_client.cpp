// The client end of the endpoint probe over a Unix socket (see probe_client.hpp).
#include "brokerwire/broker/probe_client.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <utility>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/framing/frame_reader.hpp"

namespace brokerwire::broker {
namespace {

using steady = std::chrono::steady_clock;

probe_result failure(probe_errc code, std::string message) {
    probe_result r;
    r.code = code;
    r.message = std::move(message);
    return r;
}

std::string errno_message(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

int remaining_ms(steady::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left);
}

// Waits for `events` on `fd` until the deadline: true when ready.
bool wait_for(int fd, short events, steady::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, remaining_ms(deadline));
        if (n > 0) return true;
        if (n == 0) return false;
        if (errno != EINTR) return true;  // let the next call report the error
    }
}

// A non-blocking connect bounded by the deadline. Linux refuses a full
// listen backlog with EAGAIN rather than waiting, so that is retried, as
// upstream's blocking connect would wait (probe.rs connect_endpoint_with_deadline).
probe_result dial(const std::string& path, steady::time_point deadline, int& fd) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty()) return failure(probe_errc::connect, "backend endpoint path is empty");
    if (path.size() >= sizeof addr.sun_path) {
        return failure(probe_errc::connect, path + ": socket path longer than " +
                                                std::to_string(sizeof addr.sun_path - 1) + " bytes");
    }
    std::memcpy(addr.sun_path, path.data(), path.size());
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return failure(probe_errc::connect, errno_message("socket", errno));
    for (;;) {
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return {};
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
            if (remaining_ms(deadline) == 0) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (errno == EINPROGRESS) {
            if (!wait_for(fd, POLLOUT, deadline)) break;
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == 0) return {};
            return failure(probe_errc::connect, "backend endpoint probe connect failed: " + path + ": " +
                                                    std::strerror(err));
        }
        return failure(probe_errc::connect,
                       "backend endpoint probe connect failed: " + path + ": " + std::strerror(errno));
    }
    return failure(probe_errc::timeout, "backend endpoint probe connect timed out: " + path);
}

probe_result send_all(int fd, const std::string& wire, steady::time_point deadline) {
    std::size_t sent = 0;
    while (sent < wire.size()) {
        const ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            if (!wait_for(fd, POLLOUT, deadline)) return failure(probe_errc::timeout, "backend endpoint probe timed out");
        } else {
            return failure(probe_errc::io, errno_message("backend endpoint probe I/O failed: send", errno));
        }
    }
    return {};
}

// Reads until one whole frame has arrived (upstream parse_probe_frame: the
// framing byte, a length of at most 16 MiB, the body).
probe_result receive_frame(int fd, steady::time_point deadline, std::string& body) {
    framing::frame_reader reader(framing::max_frame_body);
    std::uint8_t buf[16384];
    bool done = false;
    while (!done) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            if (!wait_for(fd, POLLIN, deadline)) return failure(probe_errc::timeout, "backend endpoint probe timed out");
            continue;
        }
        if (n < 0) return failure(probe_errc::io, errno_message("backend endpoint probe I/O failed: recv", errno));
        if (n == 0) {
            return failure(probe_errc::closed, "the daemon closed the connection after " +
                                                   std::to_string(reader.offset()) +
                                                   " bytes, before a whole response frame");
        }
        const std::uint8_t* data = buf;
        std::size_t size = static_cast<std::size_t>(n);
        bytes_view frame;
        if (reader.pull(data, size, frame)) {
            body.assign(frame.as_chars());
            done = true;  // bytes after the first frame are not ours to read
        } else if (!reader.status().ok()) {
            return failure(probe_errc::framing, "backend endpoint probe: " + framing::to_string(reader.status()));
        }
    }
    return {};
}

bool draw_nonce(probe_nonce& nonce) {
    std::size_t have = 0;
    while (have < nonce.size()) {
        const ssize_t n = ::getrandom(nonce.data() + have, nonce.size() - have, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        have += static_cast<std::size_t>(n);
    }
    return true;
}

probe_result exchange(int fd, const probe_nonce& nonce, steady::time_point deadline) {
    std::string wire;
    const std::string request = endpoint_probe_request_frame(nonce);
    (void)framing::append_frame(wire, reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
    probe_result r = send_all(fd, wire, deadline);
    if (!r.ok()) return r;
    std::string body;
    r = receive_frame(fd, deadline, body);
    if (!r.ok()) return r;
    v1::frame response;
    const status decoded = decode(bytes_view(body), response);
    if (!decoded.ok()) {
        return failure(probe_errc::decode_frame,
                       "failed to decode endpoint probe response Frame: " + to_string(decoded));
    }
    v1::frame_view view;
    (void)decode(bytes_view(body), view);  // decoded above as an owning frame: cannot fail now
    r.check = read_endpoint_probe_response(view, nonce, r.identity);
    if (!r.check.ok()) {
        r.code = probe_errc::bad_response;
        r.message = to_string(r.check);
    }
    r.response = std::move(response);
    return r;
}

}  // namespace

probe_result probe_endpoint_with_nonce(const std::string& socket_path, const probe_nonce& nonce,
                                       std::chrono::milliseconds timeout) {
    const steady::time_point deadline = steady::now() + timeout;
    int fd = -1;
    probe_result r = dial(socket_path, deadline, fd);
    if (r.ok()) r = exchange(fd, nonce, deadline);
    if (fd >= 0) ::close(fd);
    return r;
}

probe_result probe_endpoint(const std::string& socket_path, std::chrono::milliseconds timeout) {
    probe_nonce nonce{};
    if (!draw_nonce(nonce)) return failure(probe_errc::random, errno_message("backend endpoint probe random generation failed", errno));
    return probe_endpoint_with_nonce(socket_path, nonce, timeout);
}

probe_result probe_expected_daemon(const daemon_identity& expected, std::chrono::milliseconds timeout) {
    probe_result r = probe_endpoint(expected.ipc_endpoint.path, timeout);
    if (!r.ok()) return r;
    r.mismatch = first_identity_mismatch(expected, r.identity);
    if (!r.mismatch.empty()) {
        r.code = probe_errc::identity_mismatch;
        r.message = "endpoint probe response identity did not match expected daemon identity: " +
                    std::string(r.mismatch);
    }
    return r;
}

}  // namespace brokerwire::broker
