// Steps 4-7 of `brokerwire demo`: a broker in this process, daemons that
// report their ports to it, and a client that asks it what it knows.
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sys/eventfd.h>
#include <unistd.h>

#include "brokerwire/broker/client.hpp"
#include "brokerwire/framing/lanes.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/control.hpp"
#include "broker_calls.hpp"
#include "demo_steps.hpp"

namespace brokerwire::tool::demo {

broker_thread::~broker_thread() { (void)stop(); }

std::string broker_thread::start(const std::string& run_dir, const std::vector<std::string>& services) {
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (stop_fd_ < 0) return std::string("eventfd failed: ") + std::strerror(errno);
    broker::broker_config cfg;
    cfg.run_dir = run_dir;
    cfg.services = services;
    cfg.http_port = broker_http_port;
    cfg.log = nullptr;
    server_ = std::make_unique<broker::server>(cfg);
    const std::string opened = server_->open();
    if (!opened.empty()) return opened;
    loop_ = std::thread([this] { loop_error_ = server_->run(stop_fd_); });
    return "";
}

std::string broker_thread::stop() {
    if (loop_.joinable()) {
        // Writing 1 to a blocking eventfd fails only when interrupted (EINVAL
        // needs a short buffer or the value 2^64-1), so the join returns: a
        // thread left joinable would end the process when it is destroyed.
        const std::uint64_t one = 1;
        while (::write(stop_fd_, &one, sizeof one) < 0 && errno == EINTR) {
        }
        loop_.join();
    }
    if (server_) server_->close();
    server_.reset();
    if (stop_fd_ >= 0) ::close(stop_fd_);
    stop_fd_ = -1;
    return loop_error_;
}

daemon_connections::~daemon_connections() { close_all(); }

void daemon_connections::close_all() {
    for (const int fd : fds_) ::close(fd);
    fds_.clear();
}

std::string report_ports(const std::string& run_dir, const std::vector<sample_service>& services,
                         daemon_connections& daemons) {
    for (const sample_service& s : services) {
        const std::string& name = s.definition.service_name;
        std::string error;
        const int fd = connect_to(run_dir, name, error);
        if (fd < 0) return error;
        daemons.add(fd);
        v2::backend_http_ready ready;
        ready.port = s.port;
        error = broker::send_event(fd, framing::lane::control, bytes_view(encode(ready)));
        if (!error.empty()) return name + ": " + error;
    }
    return "";
}

namespace {

// The admin lane's JSON status ({"backends":[{"service":..,"state":..,"port":..}]}) as rows.
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
    const std::string error = ask_for(fd, framing::lane::control, v2::get_broker_http_endpoint_request{}, reply);
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
        std::string error = ask_for(fd, framing::lane::admin, req, reply);
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
