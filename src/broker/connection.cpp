// One connection's life in the broker: read, split into frames, dispatch,
// write replies, close.
#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "brokerwire/broker/broker_lanes.hpp"
#include "brokerwire/broker/http_page.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/registry/decode_and_register.hpp"
#include "server_impl.hpp"

namespace brokerwire::broker {
namespace {

// The metrics label of a dispatch failure.
const char* reason_of(broker::dispatch_errc code, bool backend) {
    switch (code) {
        case broker::dispatch_errc::malformed_envelope: return "malformed_envelope";
        case broker::dispatch_errc::wrong_envelope_version: return "wrong_envelope_version";
        case broker::dispatch_errc::unsupported_encoding: return "unsupported_encoding";
        case broker::dispatch_errc::unknown_lane: return "unknown_lane";
        case broker::dispatch_errc::lane_not_served: return "lane_not_served";
        case broker::dispatch_errc::unexpected_kind: return "unexpected_kind";
        case broker::dispatch_errc::refused_by_handler: return backend ? "bad_backend_ready" : "bad_request";
        case broker::dispatch_errc::ok: break;
    }
    return "other";
}

const char* reason_of(framing::frame_errc code) {
    switch (code) {
        case framing::frame_errc::wrong_version: return "wrong_version";
        case framing::frame_errc::over_cap: return "over_cap";
        case framing::frame_errc::truncated: return "truncated";
        default: return "io_error";
    }
}

unsigned long long id_of(const connection& c) { return static_cast<unsigned long long>(c.serial); }

}  // namespace

void server::impl::install_lanes() {
    backend_lanes.on(broker::lane::control,
                     [this](const broker::lane_request& req, broker::lane_reply& reply) {
                         on_backend_ready(req, reply);
                     });
    client_lanes.on(broker::lane::control, [this](const broker::lane_request& req, broker::lane_reply& reply) {
        const broker_view view{registry, metrics, http ? http->port : cfg.http_port,
                               static_cast<std::uint32_t>(::getpid()), cfg.session_token};
        answer_client_control(req.payload, view, reply);
    });
    client_lanes.on(broker::lane::admin, [this](const broker::lane_request& req, broker::lane_reply& reply) {
        // Ready while a Hello would be taken: the v2 socket is served and not at its cap.
        const bool accepting = !cfg.hello_socket.empty() && hellos_in_flight < cfg.max_hellos_in_flight;
        const broker_view view{registry, metrics, http ? http->port : cfg.http_port,
                               static_cast<std::uint32_t>(::getpid()), cfg.session_token, accepting};
        bool shutdown = false;
        answer_admin(req.payload, view, reply, shutdown);
        if (shutdown) {
            log("shutdown requested on the admin lane");
            stop = true;
        }
    });
}

void server::impl::on_backend_ready(const broker::lane_request& req, broker::lane_reply& reply) {
    const std::string& service = listeners[current->listener_index].service;
    const backend_state before = registry.state(service);
    // decode_and_register leaves the registry untouched on any error.
    const ready_result result = decode_and_register(registry, service, req.payload);
    if (!result) {
        reply.error = "BackendHttpReady for " + service + ": " + to_string(result);
        reply.close = true;
        return;
    }
    owners[service] = current->serial;
    if (before != backend_state::bound(result.port())) {
        log("backend %s bound to port %u (connection %llu)", service.c_str(), static_cast<unsigned>(result.port()),
            id_of(*current));
    }
}

void server::impl::on_readable(connection& c) {
    const ssize_t n = ::recv(c.fd, recv_buffer, sizeof recv_buffer, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        close_connection(c, std::string("recv failed: ") + std::strerror(errno));
        return;
    }
    if (c.hello_role) {
        on_hello_bytes(c, recv_buffer, static_cast<std::size_t>(n));
        return;
    }
    if (c.http_role) {
        on_http_bytes(c, recv_buffer, static_cast<std::size_t>(n));
        return;
    }
    if (n == 0) {
        const framing::frame_status end = c.reader.finish();
        if (end.code == framing::frame_errc::truncated) {
            metrics.reject("truncated");
            close_connection(c, "peer closed: " + framing::to_string(end));
        } else {
            close_connection(c, "peer closed");
        }
        return;
    }
    const bool was_mid = c.reader.mid_frame();
    std::size_t frames = 0;
    const framing::frame_status st =
        c.reader.feed(recv_buffer, static_cast<std::size_t>(n), [&](bytes_view body) {
            ++frames;
            if (!c.closing) on_frame(c, body);
        });
    if (!st.ok()) {
        // The stream cannot be resynchronised after a framing error.
        metrics.reject(reason_of(st.code));
        close_connection(c, "framing error: " + framing::to_string(st));
        return;
    }
    if (c.reader.mid_frame() && (!was_mid || frames > 0)) c.deadline_start = steady::now();
    flush(c);
}

void server::impl::on_hello_bytes(connection& c, const std::uint8_t* data, std::size_t size) {
    if (c.hello_done) return;  // one exchange per connection: anything after the Hello is not read
    if (size == 0) {
        // The peer may have shut down only its writing side and still be
        // waiting for an answer: it gets one, as upstream's broker sends it.
        answer_hello_once(c, answer_unreadable_hello(framing::frame_errc::truncated));
        flush(c);
        return;
    }
    bytes_view body;
    if (c.reader.pull(data, size, body)) {
        ++metrics.frames_received;
        answer_hello_once(c, answer_hello_frame(body, cfg.hello));
    } else if (!c.reader.status().ok()) {
        answer_hello_once(c, answer_unreadable_hello(c.reader.status().code));
    }
    flush(c);
}

void server::impl::answer_hello_once(connection& c, const hello_exchange& exchange) {
    c.hello_done = true;
    c.out += exchange.reply_frame;
    c.closing = true;  // closed as soon as the reply is out
    if (exchange.negotiated()) {
        ++metrics.hellos_negotiated;
        registry.track(exchange.service);
        log("connection %llu: Hello for %s negotiated", id_of(c), exchange.service.c_str());
    } else {
        ++metrics.hellos_refused;
        log("connection %llu: Hello %s", id_of(c), exchange.fault.c_str());
    }
}

void server::impl::on_http_bytes(connection& c, const std::uint8_t* data, std::size_t size) {
    if (c.closing) return;  // answered: the rest of the request is not read
    // A client that closes early is answered from what it sent, as upstream does.
    const bool complete = size == 0 || c.http_scan.feed(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!complete) return;
    c.out = http_response(c.http_scan.route(), registry);
    c.closing = true;
    flush(c);
}

void server::impl::on_frame(connection& c, bytes_view body) {
    ++metrics.frames_received;
    if (!c.hello_done) {
        c.hello_done = true;
        c.reader.set_cap(framing::max_frame_body);
    }
    const listener& l = listeners[c.listener_index];
    std::string reply;
    current = &c;
    const bool for_clients = l.role == listener_role::clients;
    const broker::dispatch_result r = (for_clients ? client_lanes : backend_lanes).dispatch(body, reply);
    current = nullptr;
    if (!r.ok()) {
        metrics.reject(reason_of(r.code, !for_clients));
        log("connection %llu: %s", id_of(c), r.message.c_str());
    }
    if (r.replied) (void)framing::append_frame(c.out, reinterpret_cast<const std::uint8_t*>(reply.data()), reply.size());
    // A peer that cannot even frame an envelope is not worth talking to.
    if (r.close || r.code == broker::dispatch_errc::malformed_envelope) {
        c.closing = true;
        c.deadline_start = steady::now();
    }
}

void server::impl::flush(connection& c) {
    while (c.out_sent < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c.out_sent += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            close_connection(c, std::string("send failed: ") + std::strerror(errno));
            return;
        }
    }
    if (c.out_sent == c.out.size()) {
        c.out.clear();
        c.out_sent = 0;
        if (c.closing) {
            close_connection(c, c.hello_role  ? "Hello exchange done"
                                : c.http_role ? "HTTP response sent"
                                              : "closed after a protocol error");
            return;
        }
    } else if (c.out_sent >= 64 * 1024) {
        c.out.erase(0, c.out_sent);
        c.out_sent = 0;
    }
    update_interest(c);
}

void server::impl::update_interest(connection& c) {
    const bool want_write = c.out_sent < c.out.size();
    // Backpressure: a peer that does not read its replies is not read from.
    const bool want_read = !c.closing && c.out.size() - c.out_sent < cfg.max_pending_output;
    if (want_read == c.reading && want_write == c.writing) return;
    if (!want_read && c.reading) c.deadline_start = steady::now();
    c.reading = want_read;
    c.writing = want_write;
    epoll_event ev{};
    ev.events = (want_read ? EPOLLIN | EPOLLRDHUP : 0u) | (want_write ? EPOLLOUT : 0u);
    ev.data.u64 = connection_tag | c.serial;
    (void)::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
}

void server::impl::close_connection(connection& c, const std::string& why) {
    (void)::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    const listener& l = listeners[c.listener_index];
    if (c.hello_role) {
        --hellos_in_flight;
        if (cfg.once) stop = true;
    }
    if (l.role == listener_role::backend) {
        const auto owner = owners.find(l.service);
        if (owner != owners.end() && owner->second == c.serial) {
            // The connection that bound the backend is gone, so is the
            // backend as far as we know: back to pending.
            owners.erase(owner);
            (void)registry.untrack(l.service);
            registry.track(l.service);
            log("backend %s pending: its control connection %llu closed", l.service.c_str(), id_of(c));
        }
    }
    ++metrics.connections_closed;
    --metrics.connections_open;
    log("connection %llu closed: %s", id_of(c), why.c_str());
    connections.erase(c.serial);  // destroys c
}

}  // namespace brokerwire::broker
