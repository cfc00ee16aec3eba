// The broker's setup and event loop: listening sockets, accepting, timeouts.
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "server_impl.hpp"
#include "unix_socket.hpp"

namespace brokerwire::broker {
namespace {

// How often timeouts are checked and paused listeners re-armed.
constexpr int tick_ms = 100;

bool epoll_add(int epoll_fd, int fd, std::uint32_t events, std::uint64_t tag) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = tag;
    return ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void epoll_modify(int epoll_fd, int fd, std::uint32_t events, std::uint64_t tag) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = tag;
    (void)::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev);
}

}  // namespace

server::impl::impl(broker_config c) : cfg(std::move(c)) { install_lanes(); }

void server::impl::log(const char* format, ...) {
    if (cfg.log == nullptr) return;
    char line[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    // One fprintf per line, so lines from one process never interleave.
    std::fprintf(cfg.log, "brokerwire serve: %s\n", line);
}

std::string server::impl::open() {
    if (opened) return "";
    const files::file_error dir = files::ensure_private_directory(cfg.run_dir);
    if (!dir.ok()) return "run directory: " + files::to_string(dir);

    std::vector<listener> made;
    const auto give_up = [&made](std::string why) {
        for (listener& l : made) {
            ::close(l.fd);
            ::unlink(l.path.c_str());
        }
        return why;
    };
    std::vector<std::string> services;
    for (const std::string& s : cfg.services) {
        // broker.sock belongs to clients; a service of that name would shadow it.
        if (s == "broker") {
            log("service 'broker' skipped: its socket name is reserved for clients");
            continue;
        }
        services.push_back(s);
    }
    for (std::size_t i = 0; i <= services.size(); ++i) {
        listener l;
        l.for_clients = i == services.size();
        l.service = l.for_clients ? std::string() : services[i];
        l.path = cfg.run_dir + "/" + (l.for_clients ? std::string("broker") : l.service) + ".sock";
        std::string error;
        l.fd = detail::listen_unix(l.path, error);
        if (l.fd < 0) return give_up(error);
        made.push_back(std::move(l));
    }
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) return give_up(std::string("epoll_create1 failed: ") + std::strerror(errno));
    for (std::size_t i = 0; i < made.size(); ++i) {
        if (!epoll_add(epoll_fd, made[i].fd, EPOLLIN, i)) {
            ::close(epoll_fd);
            epoll_fd = -1;
            return give_up(std::string("epoll_ctl failed: ") + std::strerror(errno));
        }
    }
    listeners = std::move(made);
    reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (const listener& l : listeners) {
        if (!l.for_clients) registry.track(l.service);
        log("listening on %s%s%s", l.path.c_str(), l.for_clients ? " (clients)" : " for backend ",
            l.service.c_str());
    }
    opened = true;
    return "";
}

std::string server::impl::run(int stop_fd) {
    if (!opened) return "run() before a successful open()";
    if (stop_fd >= 0 && !epoll_add(epoll_fd, stop_fd, EPOLLIN, stop_tag)) {
        return std::string("epoll_ctl(stop fd) failed: ") + std::strerror(errno);
    }
    epoll_event events[64];
    std::string result;
    while (!stop) {
        const int n = ::epoll_wait(epoll_fd, events, 64, tick_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            result = std::string("epoll_wait failed: ") + std::strerror(errno);
            break;
        }
        for (int i = 0; i < n && !stop; ++i) {
            const std::uint64_t tag = events[i].data.u64;
            if (tag == stop_tag) {
                log("stop requested");
                stop = true;
            } else if ((tag & connection_tag) == 0) {
                on_listener(listeners[static_cast<std::size_t>(tag)]);
            } else {
                // A connection closed earlier in this batch is simply gone.
                const auto found = connections.find(tag & ~connection_tag);
                if (found == connections.end()) continue;
                connection& c = *found->second;
                if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 && c.reading) {
                    on_readable(c);
                } else if ((events[i].events & EPOLLOUT) != 0) {
                    flush(c);
                } else if ((events[i].events & (EPOLLHUP | EPOLLERR)) != 0) {
                    close_connection(c, "peer hung up");
                }
            }
        }
        expire(steady::now());
    }
    if (stop_fd >= 0) (void)::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, stop_fd, nullptr);
    return result;
}

void server::impl::on_listener(listener& l) {
    // Bounded per wakeup so one busy socket cannot starve the others.
    for (int i = 0; i < 64; ++i) {
        const int fd = ::accept4(l.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) {
                refuse_at_fd_limit(l);
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) log("accept on %s failed: %s", l.path.c_str(), std::strerror(errno));
            return;
        }
        if (connections.size() >= cfg.max_connections) {
            ::close(fd);
            ++metrics.connections_refused;
            log("connection on %s refused: %zu connections open (the limit)", l.path.c_str(), connections.size());
            continue;
        }
        auto c = std::make_unique<connection>();
        c->fd = fd;
        c->serial = next_serial++;
        c->listener_index = static_cast<std::size_t>(&l - listeners.data());
        if (!epoll_add(epoll_fd, fd, EPOLLIN | EPOLLRDHUP, connection_tag | c->serial)) {
            ::close(fd);
            ++metrics.connections_refused;
            log("connection on %s refused: epoll_ctl: %s", l.path.c_str(), std::strerror(errno));
            continue;
        }
        ++metrics.connections_accepted;
        ++metrics.connections_open;
        log("connection %llu accepted on %s", static_cast<unsigned long long>(c->serial), l.path.c_str());
        connections.emplace(c->serial, std::move(c));
    }
}

void server::impl::refuse_at_fd_limit(listener& l) {
    // The classic reserve-descriptor trick: give up the spare, accept the
    // waiting peer, close it at once, take the spare back. Without it the
    // waiting connection keeps the socket readable and the loop spins.
    int fd = -1;
    if (reserve_fd >= 0) {
        ::close(reserve_fd);
        fd = ::accept4(l.fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) ::close(fd);
        reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    ++metrics.connections_refused;
    log("connection on %s refused: out of file descriptors", l.path.c_str());
    if (fd < 0 || reserve_fd < 0) {
        // No spare to trade: stop watching this socket until the next tick.
        l.paused = true;
        epoll_modify(epoll_fd, l.fd, 0, static_cast<std::uint64_t>(&l - listeners.data()));
    }
}

void server::impl::expire(steady::time_point now) {
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        if (!listeners[i].paused) continue;
        if (reserve_fd < 0) reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        listeners[i].paused = false;
        epoll_modify(epoll_fd, listeners[i].fd, EPOLLIN, i);
    }
    const auto limit = std::chrono::milliseconds(cfg.partial_frame_timeout_ms);
    std::vector<connection*> late;
    for (auto& entry : connections) {
        connection& c = *entry.second;
        const bool waiting = c.reader.mid_frame() || c.closing || !c.reading;
        if (waiting && now - c.deadline_start > limit) late.push_back(&c);
    }
    for (connection* c : late) {
        const char* what = c->reader.mid_frame() ? "partial frame not completed" : "peer not reading its replies";
        metrics.reject("partial_frame_timeout");
        close_connection(*c, std::string(what) + " within " + std::to_string(cfg.partial_frame_timeout_ms) + " ms");
    }
}

void server::impl::close_all() {
    while (!connections.empty()) close_connection(*connections.begin()->second, "broker shutting down");
    for (listener& l : listeners) {
        ::close(l.fd);
        ::unlink(l.path.c_str());
        log("removed %s", l.path.c_str());
    }
    listeners.clear();
    if (epoll_fd >= 0) ::close(epoll_fd);
    if (reserve_fd >= 0) ::close(reserve_fd);
    epoll_fd = -1;
    reserve_fd = -1;
    opened = false;
}

server::server(broker_config config) : impl_(std::make_unique<impl>(std::move(config))) {}
server::~server() { close(); }
std::string server::open() { return impl_->open(); }
std::string server::run(int stop_fd) { return impl_->run(stop_fd); }
void server::close() { impl_->close_all(); }
const endpoint_registry& server::registry() const noexcept { return impl_->registry; }
const broker_metrics& server::metrics() const noexcept { return impl_->metrics; }

}  // namespace brokerwire::broker
