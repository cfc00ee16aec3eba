// Steps 4-10 of `brokerwire demo`: upstream's v2 flow inside the demo's
// runtime directory (a broker on its rpb-v2 socket, daemons on their own
// sockets with published identities, a client's Hellos and probes), then the
// brokerwire extensions (ports reported into the registry, broker.sock asked
// what it knows).
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sys/eventfd.h>
#include <unistd.h>

#include "brokerwire/broker/client.hpp"
#include "brokerwire/broker/daemon_endpoint.hpp"
#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/broker/hello_client.hpp"
#include "brokerwire/broker/hello_policy.hpp"
#include "brokerwire/broker/probe_client.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/control.hpp"
#include "broker_calls.hpp"
#include "demo_steps.hpp"
#include "v2_locations.hpp"

namespace brokerwire::tool::demo {
namespace {

// Wakes a loop that polls `fd` (an eventfd). Writing 1 to a blocking eventfd
// fails only when interrupted (EINVAL needs a short buffer or the value
// 2^64-1), so the join that follows returns: a thread left joinable would
// end the process when it is destroyed.
void wake(int fd) {
    const std::uint64_t one = 1;
    while (::write(fd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

}  // namespace

broker_thread::~broker_thread() { (void)stop(); }

std::string broker_thread::start(const demo_paths& at, const std::vector<std::string>& services) {
    // The tool's own placement rules, as `serve --runtime-dir` uses them:
    // upstream's socket name, inside the demo's runtime directory.
    location_overrides where;
    where.services_dir = at.services();
    where.runtime_dir = at.runtime();
    v2_locations located;
    if (std::string error = locate_v2(demo_program, where, located); !error.empty()) return error;
    hello_socket_ = located.socket;
    // Upstream makes the socket's directory private before binding.
    if (const files::file_error e = files::ensure_private_directory(at.runtime()); !e.ok()) {
        return "runtime directory: " + files::to_string(e);
    }
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0) return std::string("eventfd failed: ") + std::strerror(errno);
    broker::broker_config cfg;
    cfg.hello_socket = located.socket;
    cfg.hello = {located.services_dir, located.runtime_dir, brokerwire_version};
    cfg.program = demo_program;
    cfg.run_dir = at.run();
    cfg.services = services;
    cfg.http_port = broker_http_port;
    cfg.log = nullptr;
    server_ = std::make_unique<broker::server>(cfg);
    if (const broker::broker_error opened = server_->open(); !opened.ok()) return to_string(opened);
    loop_ = std::thread([this] { loop_error_ = server_->run(stop_fd_); });
    return "";
}

std::string broker_thread::stop() {
    if (loop_.joinable()) {
        wake(stop_fd_);
        loop_.join();
    }
    if (server_) server_->close();
    server_.reset();
    if (stop_fd_ >= 0) ::close(stop_fd_);
    stop_fd_ = -1;
    return loop_error_.ok() ? std::string() : to_string(loop_error_);
}

struct daemon_fleet::daemon {
    std::string service;
    std::unique_ptr<broker::daemon_endpoint> endpoint;
    std::thread loop;
    broker::broker_error loop_error;
    int stop_fd = -1;
    int report_fd = -1;  // the held BackendHttpReady connection
};

daemon_fleet::daemon_fleet() = default;
daemon_fleet::~daemon_fleet() { (void)stop(); }

std::string daemon_fleet::start(const demo_paths& at, const std::vector<sample_service>& services) {
    for (const sample_service& s : services) {
        const std::string& name = s.definition.service_name;
        broker::daemon_endpoint_config cfg;
        cfg.socket_path = at.daemon_socket(name);
        cfg.identity_path = files::daemon_identity_path(at.runtime(), name);
        daemons_.push_back(std::make_unique<daemon>());
        daemon& d = *daemons_.back();
        d.service = name;
        d.endpoint = std::make_unique<broker::daemon_endpoint>(cfg);
        // This process's identity (its pid, its executable's BLAKE3), as a
        // daemon started by upstream's broker would make it.
        if (const broker::broker_error opened = d.endpoint->open(); !opened.ok()) return name + ": " + to_string(opened);
        d.stop_fd = ::eventfd(0, EFD_CLOEXEC);
        if (d.stop_fd < 0) return std::string("eventfd failed: ") + std::strerror(errno);
        d.loop = std::thread([&d] { d.loop_error = d.endpoint->run(d.stop_fd); });
        std::string error;
        d.report_fd = connect_to(at.run(), name, error);
        if (d.report_fd < 0) return name + ": " + error;
        v2::backend_http_ready ready;
        ready.port = s.port;
        const broker::broker_error sent = broker::send_event(d.report_fd, broker::lane::control, bytes_view(encode(ready)));
        if (!sent.ok()) return name + ": reporting port " + std::to_string(s.port) + ": " + to_string(sent);
    }
    return "";
}

std::string daemon_fleet::stop() {
    std::string error;
    for (const std::unique_ptr<daemon>& d : daemons_) {
        if (d->report_fd >= 0) ::close(d->report_fd);
        d->report_fd = -1;
        if (d->loop.joinable()) {
            wake(d->stop_fd);
            d->loop.join();
            if (error.empty() && !d->loop_error.ok()) error = d->service + ": " + to_string(d->loop_error);
        }
        d->endpoint->close();
        if (d->stop_fd >= 0) ::close(d->stop_fd);
        d->stop_fd = -1;
    }
    return error;
}

const broker::daemon_identity* daemon_fleet::identity_of(const std::string& service) const {
    for (const std::unique_ptr<daemon>& d : daemons_) {
        if (d->service == service) return &d->endpoint->identity();
    }
    return nullptr;
}

bool daemon_fleet::probes_answered(std::uint64_t expected, std::string& summary) const {
    bool all = true;
    summary.clear();
    for (const std::unique_ptr<daemon>& d : daemons_) {
        const std::uint64_t probes = d->endpoint->counts().probes;
        summary += (summary.empty() ? "" : ", ") + d->service + " " + std::to_string(probes);
        all = all && probes == expected;
    }
    return all;
}

std::string hex_of(const broker::digest32& digest) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t b : digest) {
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

namespace {

// "ERROR_SERVICE_UNKNOWN: service definition was not found"
std::string describe(const v1::refused& r) {
    return std::string(v1::name_of(r.code)) + ": " + r.reason;
}

// upstream's client_v2 Hello from this process, and the broker's answer.
std::string say_hello(const std::string& hello_socket, const std::string& service, const std::string& version,
                      v1::hello_reply& reply) {
    const v1::hello hello = broker::client_v2_hello(demo_program, service, version, brokerwire_version,
                                                    static_cast<std::uint32_t>(::getpid()));
    const broker::broker_error error = broker::exchange_hello(hello_socket, hello, reply);
    return error.ok() ? "" : service + " " + version + ": " + to_string(error);
}

}  // namespace

std::string hello_each(const demo_paths& at, const std::string& hello_socket,
                       const std::vector<sample_service>& services, std::vector<session_record>& out) {
    for (const sample_service& s : services) {
        const std::string& name = s.definition.service_name;
        const std::string& version = s.manifest.service_version;
        v1::hello_reply reply;
        if (std::string error = say_hello(hello_socket, name, version, reply); !error.empty()) return error;
        const v1::negotiated* n = reply.negotiated();
        if (n == nullptr) return name + " " + version + ": refused, " + describe(*reply.refused());
        const std::string pipe = at.daemon_socket(name);
        if (n->backend_pipe != pipe) {
            return name + ": backend_pipe \"" + n->backend_pipe + "\" is not the daemon's socket " + pipe;
        }
        if (n->daemon_version != brokerwire_version) return name + ": daemon_version \"" + n->daemon_version + "\"";
        if (n->negotiated_protocol != broker::broker_protocol_version) {
            return name + ": negotiated_protocol " + std::to_string(n->negotiated_protocol);
        }
        session_record r;
        r.service = name;
        r.wanted_version = version;
        r.backend_pipe = n->backend_pipe;
        r.daemon_version = n->daemon_version;
        r.negotiated_protocol = n->negotiated_protocol;
        out.push_back(std::move(r));
    }
    return "";
}

std::string probe_each(const demo_paths& at, const daemon_fleet& daemons, std::vector<session_record>& sessions) {
    for (session_record& s : sessions) {
        const std::string path = files::daemon_identity_path(at.runtime(), s.service);
        const broker::identity_file_read file = broker::try_read_daemon_identity_file(path);
        if (!file.ok()) return broker::to_string(file, path);
        if (!file.identity) return path + ": no identity published";
        const broker::daemon_identity& published = *file.identity;
        const broker::daemon_identity* made = daemons.identity_of(s.service);
        if (made == nullptr) return s.service + ": no daemon";
        if (const std::string_view field = broker::first_identity_mismatch(*made, published); !field.empty()) {
            return path + ": differs from the daemon's own identity in " + std::string(field);
        }
        if (published.ipc_endpoint.path != s.backend_pipe) return path + ": names " + published.ipc_endpoint.path;
        // The client's side: dial the pipe the broker handed out.
        const broker::probe_result probed = broker::probe_endpoint(s.backend_pipe);
        if (!probed.ok()) return s.service + ": probing " + s.backend_pipe + ": " + probed.message;
        if (const std::string_view field = broker::first_identity_mismatch(published, probed.identity); !field.empty()) {
            return s.service + ": endpoint probe response identity did not match expected daemon identity: " +
                   std::string(field);
        }
        // The daemons run in this very process.
        if (probed.identity.pid != static_cast<std::uint32_t>(::getpid())) {
            return s.service + ": answered by pid " + std::to_string(probed.identity.pid);
        }
        s.identity = probed.identity;
    }
    return "";
}

namespace {

struct expected_refusal {
    const char* service;
    const char* version;
    v1::error_code code;
    const char* reason;  // upstream's text (build_hello_reply)
};

// fbuild's definition (demo_files.cpp): min_version "2.0.0", allow-list
// 2.0.0, 2.1.0, 2.1.1-rc.1.
const expected_refusal expected_refusals[] = {
    {"nosuch", "1.0.0", v1::error_code::service_unknown, "service definition was not found"},
    {"fbuild", "2.0.5", v1::error_code::version_blocked, "wanted_version \"2.0.5\" is not in version_allow_list"},
    {"fbuild", "1.9.9", v1::error_code::version_blocked,
     "wanted_version \"1.9.9\" is below min_version \"2.0.0\""},
};

}  // namespace

std::string hello_refusals(const std::string& hello_socket, std::vector<refusal_record>& out) {
    for (const expected_refusal& e : expected_refusals) {
        const std::string asked = std::string(e.service) + " " + e.version;
        v1::hello_reply reply;
        if (std::string error = say_hello(hello_socket, e.service, e.version, reply); !error.empty()) return error;
        const v1::refused* r = reply.refused();
        if (r == nullptr) return asked + ": negotiated, where the broker must refuse";
        if (r->code != e.code || r->reason != e.reason) {
            return asked + ": refused with " + describe(*r) + ", not " + std::string(v1::name_of(e.code)) + ": " +
                   e.reason;
        }
        out.push_back({e.service, e.version, std::string(v1::name_of(r->code)), r->reason});
    }
    return "";
}

namespace {

// The admin lane's JSON status ({"backends":[{"port":..,"service":..,"state":..}]}) as rows.
std::string parse_status(const std::string& body, std::vector<backend_row>& rows) {
    json::value doc;
    if (const json::parse_error e = json::parse(body, doc); !e.ok()) return "status: " + json::to_string(e);
    const json::value* backends = doc.find("backends");
    if (backends == nullptr || !backends->is_array()) return "status: no \"backends\" array";
    rows.clear();
    for (const json::value& b : backends->items) {
        const json::value* service = b.find("service");
        const json::value* state = b.find("state");
        const json::value* port = b.find("port");
        if (service == nullptr || state == nullptr || !service->is_string() || !state->is_string()) {
            return "status: a backend without service or state";
        }
        backend_row row{service->text, state->text, 0};
        if (port != nullptr && port->is_number()) row.port = static_cast<std::uint16_t>(std::strtoul(port->text.c_str(), nullptr, 10));
        rows.push_back(std::move(row));
    }
    return "";
}

bool all_bound(const std::vector<backend_row>& rows, const std::vector<sample_service>& services) {
    for (const sample_service& s : services) {
        bool bound = false;
        for (const backend_row& r : rows) {
            bound = bound || (r.service == s.definition.service_name && r.state == "bound" && r.port == s.port);
        }
        if (!bound) return false;
    }
    return true;
}

// "fbuild bound 49154, soldr pending": for the timeout's message.
std::string describe(const std::vector<backend_row>& rows) {
    std::string out;
    for (const backend_row& r : rows) {
        out += (out.empty() ? "" : ", ") + r.service + " " + r.state;
        if (r.state == "bound") out += " " + std::to_string(r.port);
    }
    return out;
}

std::string ask_endpoint(int fd, broker_answers& out) {
    v2::get_broker_http_endpoint_response reply;
    const std::string error = ask_for(fd, broker::lane::control, v2::get_broker_http_endpoint_request{}, reply);
    if (!error.empty()) return "endpoint: " + error;
    out.http_port = reply.port;
    out.pid = reply.pid;
    if (reply.port != broker_http_port) return "endpoint: HTTP port " + std::to_string(reply.port);
    // The broker runs in this very process.
    if (reply.pid != static_cast<std::uint32_t>(::getpid())) return "endpoint: pid " + std::to_string(reply.pid);
    return "";
}

// Asks the status until every backend is bound; 5 s at most.
std::string wait_until_bound(int fd, const std::vector<sample_service>& services, broker_answers& out) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const auto deadline = start + std::chrono::seconds(5);
    v1::admin_request req;
    req.verb = v1::admin_verb::status;
    req.json = true;
    for (;;) {
        v1::admin_reply reply;
        std::string error = ask_for(fd, broker::lane::admin, req, reply);
        if (error.empty()) error = parse_status(reply.body, out.backends);
        if (!error.empty()) return error;
        if (all_bound(out.backends, services)) break;
        if (clock::now() >= deadline) return "not every backend bound after 5 s: " + describe(out.backends);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    out.waited_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start).count());
    return "";
}

}  // namespace

std::string query_broker(const std::string& run_dir, const std::vector<sample_service>& services,
                         broker_answers& out) {
    std::string error;
    const int fd = connect_to(run_dir, "broker", error);
    if (fd < 0) return error;
    error = ask_endpoint(fd, out);
    if (error.empty()) error = wait_until_bound(fd, services, out);
    ::close(fd);
    return error;
}

}  // namespace brokerwire::tool::demo
