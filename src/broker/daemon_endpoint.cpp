// A daemon's own endpoint: listener, poll loop, identity file (see daemon_endpoint.hpp).
#include "brokerwire/broker/daemon_endpoint.hpp"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

#include "brokerwire/broker/current_daemon.hpp"
#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "brokerwire/framing/frame_reader.hpp"
#include "unix_socket.hpp"

namespace brokerwire::broker {
namespace {

// One accepted connection to the daemon's endpoint (the broker's
// server_impl.hpp has a `connection` of its own).
struct endpoint_connection {
    int fd = -1;
    framing::frame_reader reader{framing::max_frame_body};
    std::string out;         // replies not yet sent
    bool closing = false;    // close once `out` is sent
};

// The directory holding `path`: "." for a bare name (singleton_socket.cpp's
// parent_of, Rust's Path::parent, answers "" there).
std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Creates a missing directory privately; an existing one is used as it is
// (a socket may well live in a shared directory chosen by the caller).
broker_error ensure_directory(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) return {};
    files::file_error e = files::ensure_private_directory(dir);
    return e.ok() ? broker_error{} : file_layer_error(std::move(e));
}

}  // namespace

struct daemon_endpoint::impl {
    daemon_endpoint_config config;
    daemon_identity identity;
    daemon_endpoint_counts counts;
    int listen_fd = -1;
    bool published = false;
    std::vector<endpoint_connection> conns;

    void log(const std::string& line) const {
        if (config.log == nullptr) return;
        std::fprintf(config.log, "brokerwire daemon: %s\n", line.c_str());
        std::fflush(config.log);
    }

    void accept_all() {
        for (;;) {
            const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return;  // EAGAIN, or a transient error (EMFILE, ECONNABORTED): try again next round
            if (conns.size() >= config.max_connections) {
                ::close(fd);
                ++counts.refused_connections;
                continue;
            }
            endpoint_connection c;
            c.fd = fd;
            conns.push_back(std::move(c));
            ++counts.connections;
        }
    }

    void take(endpoint_connection& c, const daemon_frame_answer& a) {
        c.out += a.reply;
        if (a.probe) ++counts.probes;
        if (!a.fault.empty() && a.close) {
            ++counts.faults;
            log("connection refused: " + a.fault);
        } else if (!a.probe) {
            ++counts.frames;
        }
        if (a.close) c.closing = true;
    }

    // Reads what is there and answers each whole frame, until the peer's
    // connection is to be closed.
    void read_from(endpoint_connection& c) {
        std::uint8_t buf[16384];
        while (!c.closing) {
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return;
            if (n <= 0) {  // end of stream, or a reset
                if (c.reader.mid_frame()) log("peer closed mid-frame");
                c.closing = true;
                return;
            }
            const std::uint8_t* data = buf;
            std::size_t size = static_cast<std::size_t>(n);
            bytes_view body;
            while (!c.closing && c.reader.pull(data, size, body)) take(c, answer_daemon_frame(body, identity, config.lanes));
            if (!c.closing && !c.reader.status().ok()) take(c, answer_broken_framing(c.reader.status()));
            if (c.out.size() > config.max_pending_output) return;  // let it drain first
        }
    }

    // Sends what is pending; false when the connection is finished with.
    bool write_to(endpoint_connection& c) {
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return true;
            if (n <= 0) return false;  // the peer is gone: drop what it did not take
            c.out.erase(0, static_cast<std::size_t>(n));
        }
        return !c.closing;
    }

    // Polls once and serves what is ready; `stopped` is set when `stop_fd`
    // became readable.
    broker_error serve_once(int stop_fd, bool& stopped) {
        std::vector<pollfd> fds;
        fds.push_back({stop_fd, POLLIN, 0});
        fds.push_back({listen_fd, POLLIN, 0});
        for (const endpoint_connection& c : conns) {
            short events = 0;
            if (!c.closing && c.out.size() <= config.max_pending_output) events |= POLLIN;
            if (!c.out.empty()) events |= POLLOUT;
            fds.push_back({c.fd, events, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            return errno == EINTR ? broker_error{} : system_error("", "poll", errno);
        }
        if (fds[0].revents != 0) {
            stopped = true;
            return {};
        }
        std::vector<endpoint_connection> kept;
        kept.reserve(conns.size());
        for (std::size_t i = 0; i < conns.size(); ++i) {
            endpoint_connection& c = conns[i];
            const short got = fds[i + 2].revents;
            if ((got & (POLLIN | POLLHUP | POLLERR)) != 0 && !c.closing) read_from(c);
            const bool keep = write_to(c);
            if (keep) {
                kept.push_back(std::move(c));
            } else {
                ::close(c.fd);
            }
        }
        conns = std::move(kept);
        if ((fds[1].revents & POLLIN) != 0) accept_all();
        return {};
    }

    broker_error publish() {
        if (config.identity_path.empty()) return {};
        if (broker_error e = ensure_directory(directory_of(config.identity_path)); !e.ok()) return e;
        publish_status s = publish_daemon_identity_file(config.identity_path, identity, host_boot_id());
        if (s.code == publish_errc::live_daemon) return live_daemon_error(config.identity_path, s.holder.pid);
        if (!s.ok()) return file_layer_error(std::move(s.write));
        published = true;
        return {};
    }

    void unpublish() {
        if (!published) return;
        published = false;
        // Another daemon may have taken the service over since: leave its file alone.
        const std::optional<daemon_identity> now = read_daemon_identity_file(config.identity_path);
        if (now && now->pid == identity.pid) remove_daemon_identity_file(config.identity_path);
    }
};

daemon_endpoint::daemon_endpoint(daemon_endpoint_config config) : impl_(std::make_unique<impl>()) {
    impl_->config = std::move(config);
}

daemon_endpoint::~daemon_endpoint() { close(); }

broker_error daemon_endpoint::open(std::optional<daemon_identity> identity) {
    impl& m = *impl_;
    if (m.listen_fd >= 0) return wrong_state_error("already open");
    broker_error error = ensure_directory(directory_of(m.config.socket_path));
    if (!error.ok()) return error;
    m.listen_fd = detail::listen_unix(m.config.socket_path, error);
    if (m.listen_fd < 0) return error;
    if (identity) {
        m.identity = std::move(*identity);
    } else {
        v1::endpoint endpoint;
        endpoint.namespace_id = m.config.namespace_id;
        endpoint.path = m.config.socket_path;  // recorded exactly as bound, as upstream's daemon does
        files::file_result<daemon_identity> made = current_daemon_identity(endpoint, m.config.idle_timeout_secs);
        if (!made.ok()) {
            close();
            return file_layer_error(std::move(made.error), "cannot make this daemon's identity");
        }
        m.identity = std::move(made.value);
    }
    error = m.publish();
    if (!error.ok()) close();
    return error;
}

broker_error daemon_endpoint::run(int stop_fd) {
    impl& m = *impl_;
    if (m.listen_fd < 0) return wrong_state_error("not open");
    bool stopped = false;
    while (!stopped) {
        if (broker_error e = m.serve_once(stop_fd, stopped); !e.ok()) return e;
    }
    return {};
}

void daemon_endpoint::close() {
    impl& m = *impl_;
    for (endpoint_connection& c : m.conns) ::close(c.fd);
    m.conns.clear();
    if (m.listen_fd >= 0) {
        ::close(m.listen_fd);
        m.listen_fd = -1;
        ::unlink(m.config.socket_path.c_str());
    }
    m.unpublish();
}

const daemon_identity& daemon_endpoint::identity() const noexcept { return impl_->identity; }
const daemon_endpoint_counts& daemon_endpoint::counts() const noexcept { return impl_->counts; }

}  // namespace brokerwire::broker
