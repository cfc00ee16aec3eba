// A daemon endpoint running on a thread of the test, in a temporary
// runtime directory, plus blocking raw-socket helpers for playing its peer.
#pragma once

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "brokerwire/broker/client.hpp"
#include "brokerwire/broker/daemon_endpoint.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/broker/fd_io.hpp"
#include "files/temp_dir.hpp"
#include "test_thread.hpp"

namespace daemon_harness {

namespace bw = brokerwire;

struct running_daemon {
    bw::files::testing::temp_dir dir;
    std::string socket;
    std::string identity_path;
    std::optional<bw::broker::daemon_endpoint> endpoint;
    int stop[2] = {-1, -1};
    bw::test::test_thread loop;
    bw::broker::broker_error run_error;

    explicit running_daemon(bw::broker::daemon_lanes lanes = {},
                            std::optional<bw::broker::daemon_identity> identity = std::nullopt,
                            const std::string& service = "svc") {
        socket = dir / "daemon.sock";
        identity_path = bw::files::daemon_identity_path(dir.path(), service);
        bw::broker::daemon_endpoint_config config;
        config.socket_path = socket;
        config.identity_path = identity_path;
        config.lanes = std::move(lanes);
        endpoint.emplace(std::move(config));
        if (identity) identity->ipc_endpoint.path = socket;
        const bw::broker::broker_error opened = endpoint->open(std::move(identity));
        REQUIRE_MESSAGE(opened.ok(), to_string(opened));
        REQUIRE(::pipe(stop) == 0);
        loop = bw::test::test_thread([this] { run_error = endpoint->run(stop[0]); });
    }
    ~running_daemon() { shut(); }

    // Stops the loop and closes the endpoint (removing its files).
    void shut() {
        if (loop.joinable()) {
            (void)::write(stop[1], "x", 1);
            loop.join();
            ::close(stop[0]);
            ::close(stop[1]);
        }
        if (endpoint) endpoint->close();
    }
};

// A blocking connection with a 5 s receive timeout, so a test never hangs.
inline int dial(const std::string& socket) {
    bw::broker::broker_error error;
    const int fd = bw::broker::connect_unix(socket, error);
    REQUIRE_MESSAGE(fd >= 0, to_string(error));
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

inline void send_bytes(int fd, const std::string& bytes) {
    REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
}

// The next frame's body; REQUIREs that one arrives.
inline std::string read_body(int fd) {
    std::string body;
    const bw::framing::frame_status s = bw::broker::read_frame(fd, bw::framing::max_frame_body, body);
    REQUIRE_MESSAGE(s.ok(), bw::framing::to_string(s));
    return body;
}

// True when the peer has closed the connection (nothing more to read).
inline bool closed_by_peer(int fd) {
    char c;
    return ::recv(fd, &c, 1, 0) == 0;
}

}  // namespace daemon_harness
