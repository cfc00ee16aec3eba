// The broker's setup and event loop: listening sockets, accepting, timeouts.
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/files/http_port_file.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "brokerwire/broker/singleton_socket.hpp"
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

// The v2 socket is bound once per name, as upstream binds it: a live broker
// there is never taken over, a stale socket file is replaced.
broker_error singleton_bind_error(const singleton_error& e) {
    switch (e.kind) {
        case singleton_errc::already_bound: return already_bound_error(e.path, e.operation, e.sys_errno);
        case singleton_errc::invalid_name: return socket_path_error(e.path);
        case singleton_errc::ok:
        case singleton_errc::other: break;
    }
    return system_error(e.path, e.operation, e.sys_errno);
}

int listen_hello_socket(const std::string& path, broker_error& error) {
    singleton_options options;
    options.socket_mode = 0600;
    options.nonblocking = true;
    singleton_bind_result bound = bind_singleton(path, options);
    if (!bound.ok()) {
        error = singleton_bind_error(bound.error);
        return -1;
    }
    // The server unlinks its sockets itself when it closes.
    bound.listener.keep_name();
    const int fd = ::fcntl(bound.listener.fd(), F_DUPFD_CLOEXEC, 0);
    if (fd < 0) error = system_error(path, "fcntl(F_DUPFD_CLOEXEC)", errno);
    return fd;
}

const char* describe(listener_role role) {
    switch (role) {
        case listener_role::hello: return " (v2 Hello)";
        case listener_role::backend: return " for backend ";
        case listener_role::clients: return " (clients)";
        case listener_role::http: return " (HTTP page)";
    }
    return "";
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

std::vector<listener> server::impl::wanted_listeners() {
    std::vector<listener> wanted;
    if (!cfg.hello_socket.empty()) {
        listener l;
        l.path = cfg.hello_socket;
        l.role = listener_role::hello;
        wanted.push_back(std::move(l));
    }
    if (cfg.run_dir.empty()) return wanted;
    for (const std::string& s : cfg.services) {
        // broker.sock belongs to clients; a service of that name would shadow it.
        if (s == "broker") {
            log("service 'broker' skipped: its socket name is reserved for clients");
            continue;
        }
        listener l;
        l.role = listener_role::backend;
        l.service = s;
        l.path = cfg.run_dir + "/" + s + ".sock";
        wanted.push_back(std::move(l));
    }
    listener clients;
    clients.role = listener_role::clients;
    clients.path = cfg.run_dir + "/broker.sock";
    wanted.push_back(std::move(clients));
    return wanted;
}

broker_error server::impl::open() {
    if (opened) return {};
    if (cfg.hello_socket.empty() && cfg.run_dir.empty()) return nothing_to_serve_error();
    if (!cfg.run_dir.empty()) {
        files::file_error dir = files::ensure_private_directory(cfg.run_dir);
        if (!dir.ok()) return file_layer_error(std::move(dir), "run directory");
    }
    std::vector<listener> made;
    const auto give_up = [this, &made](broker_error why) {
        for (listener& l : made) {
            ::close(l.fd);
            if (l.role != listener_role::http) ::unlink(l.path.c_str());
        }
        if (http_published) (void)files::unpublish_http_port(cfg.hello.runtime_dir, cfg.program);
        http.reset();
        http_published = false;
        return why;
    };
    for (listener& l : wanted_listeners()) {
        broker_error error;
        l.fd = l.role == listener_role::hello ? listen_hello_socket(l.path, error) : detail::listen_unix(l.path, error);
        if (l.fd < 0) return give_up(std::move(error));
        made.push_back(std::move(l));
    }
    // After the v2 socket: a broker that lost the single-instance race has
    // exited by now, before it could publish an endpoint another one owns.
    open_http_surface(made);
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) return give_up(system_error("", "epoll_create1", errno));
    for (std::size_t i = 0; i < made.size(); ++i) {
        if (!epoll_add(epoll_fd, made[i].fd, EPOLLIN, i)) {
            ::close(epoll_fd);
            epoll_fd = -1;
            return give_up(system_error(made[i].path, "epoll_ctl", errno));
        }
    }
    listeners = std::move(made);
    reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (const listener& l : listeners) {
        if (l.role == listener_role::backend) registry.track(l.service);
        log("listening on %s%s%s", l.path.c_str(), describe(l.role), l.service.c_str());
    }
    opened = true;
    return {};
}

void server::impl::open_http_surface(std::vector<listener>& made) {
    if (!cfg.http) return;
    http_bind_error error;
    http = bind_http_listener(*cfg.http, error);
    if (!http) {
        // Not fatal: the page is an optional view onto the broker.
        log("HTTP page disabled: %s", to_string(error).c_str());
        return;
    }
    listener l;
    l.fd = http->fd;
    l.role = listener_role::http;
    l.path = to_string(http->address) + ":" + std::to_string(http->port);
    made.push_back(std::move(l));
    const auto published = files::publish_http_port(cfg.hello.runtime_dir, cfg.program, to_string(http->address), http->port);
    if (published.ok()) {
        http_published = true;
        log("HTTP page at http://%s (published to %s)", made.back().path.c_str(), published.value.c_str());
    } else {
        log("HTTP page at http://%s, not published: %s", made.back().path.c_str(), files::to_string(published.error).c_str());
    }
}

broker_error server::impl::run(int stop_fd) {
    if (!opened) return wrong_state_error("run() before a successful open()");
    if (stop_fd >= 0 && !epoll_add(epoll_fd, stop_fd, EPOLLIN, stop_tag)) {
        return system_error("", "epoll_ctl(stop fd)", errno);
    }
    epoll_event events[64];
    broker_error result;
    while (!stop) {
        const int n = ::epoll_wait(epoll_fd, events, 64, tick_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            result = system_error("", "epoll_wait", errno);
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
        const bool hello = l.role == listener_role::hello;
        const bool http_page = l.role == listener_role::http;
        if (hello && hellos_in_flight >= cfg.max_hellos_in_flight) {
            ::close(fd);
            ++metrics.connections_refused;
            log("connection on %s dropped: %zu Hellos in flight (the limit)", l.path.c_str(), hellos_in_flight);
            continue;
        }
        auto c = std::make_unique<connection>();
        c->fd = fd;
        c->hello_role = hello;
        c->http_role = http_page;
        c->deadline_start = steady::now();  // a Hello's deadline runs from the accept
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
        if (hello) ++hellos_in_flight;
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
    const auto hello_limit = std::chrono::milliseconds(cfg.hello_timeout_ms);
    std::vector<connection*> late;
    std::vector<connection*> late_hellos;
    for (auto& entry : connections) {
        connection& c = *entry.second;
        if (c.hello_role || c.http_role) {
            if (now - c.deadline_start > hello_limit) late_hellos.push_back(&c);
            continue;
        }
        const bool waiting = c.reader.mid_frame() || c.closing || !c.reading;
        if (waiting && now - c.deadline_start > limit) late.push_back(&c);
    }
    for (connection* c : late_hellos) {
        if (c->http_role) {
            close_connection(*c, "HTTP request not complete within " + std::to_string(cfg.hello_timeout_ms) + " ms");
        } else if (c->hello_done) {
            close_connection(*c, "HelloReply not taken within " + std::to_string(cfg.hello_timeout_ms) + " ms");
        } else {
            answer_hello_once(*c, answer_unreadable_hello(framing::frame_errc::truncated));
            flush(*c);
        }
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
        if (l.role == listener_role::http) continue;
        ::unlink(l.path.c_str());
        log("removed %s", l.path.c_str());
    }
    if (http_published) {
        // A stale file would send readers to a port nobody listens on.
        const files::file_error removed = files::unpublish_http_port(cfg.hello.runtime_dir, cfg.program);
        if (!removed.ok()) log("HTTP endpoint not unpublished: %s", files::to_string(removed).c_str());
    }
    http.reset();
    http_published = false;
    listeners.clear();
    if (epoll_fd >= 0) ::close(epoll_fd);
    if (reserve_fd >= 0) ::close(reserve_fd);
    epoll_fd = -1;
    reserve_fd = -1;
    opened = false;
}

server::server(broker_config config) : impl_(std::make_unique<impl>(std::move(config))) {}
server::~server() { close(); }
broker_error server::open() { return impl_->open(); }
broker_error server::run(int stop_fd) { return impl_->run(stop_fd); }
void server::close() { impl_->close_all(); }
const endpoint_registry& server::registry() const noexcept { return impl_->registry; }
const broker_metrics& server::metrics() const noexcept { return impl_->metrics; }

}  // namespace brokerwire::broker
