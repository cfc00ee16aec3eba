// The steps of `brokerwire demo`: three sample services taken through every
// layer of the library, from their files to a running broker, inside one
// scratch directory. Each step returns "" or why it failed; the command
// (cmd_demo.cpp) numbers and reports them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "brokerwire/broker/server.hpp"
#include "brokerwire/messages/manifest.hpp"
#include "brokerwire/messages/service_def.hpp"

namespace brokerwire::tool::demo {

// Where each kind of file goes under the scratch directory.
struct demo_paths {
    std::string root;

    std::string services() const { return root + "/services"; }
    std::string registry() const { return root + "/registry"; }
    std::string run() const { return root + "/run"; }
    std::string bin(const std::string& service) const { return root + "/bin/" + service; }
    std::string cache(const std::string& service) const { return root + "/cache/" + service; }
};

// One simulated service: what is written about it, and the HTTP port its
// daemon reports.
struct sample_service {
    v2::service_definition definition;
    v2::cache_manifest manifest;
    std::uint16_t port = 0;
};

// The HTTP port the demo's broker answers GetBrokerHttpEndpointRequest with.
inline constexpr std::uint16_t broker_http_port = 49150;

// Step 1: builds zccache, soldr and fbuild with the library's builders and
// installs their definitions in services().
std::string install_definitions(const demo_paths& at, std::vector<sample_service>& services);

// Step 2: writes each manifest into every cache root it lists and into the
// central registry. `written` counts the files.
std::string write_manifests(const std::vector<sample_service>& services, const demo_paths& at,
                            std::size_t& written);

// Step 3: scans the definitions and the central registry, loads every
// per-root manifest, and checks each equals what was written. `names` gets
// the services found, for the broker; `read` counts the manifests.
std::string read_back(const std::vector<sample_service>& services, const demo_paths& at,
                      std::vector<std::string>& names, std::size_t& read);

// Step 4 and its undoing: a broker::server whose loop runs on a thread of
// this process, silent (its log would interleave with the demo's output).
class broker_thread {
public:
    broker_thread() = default;
    ~broker_thread();  // stop()
    broker_thread(const broker_thread&) = delete;
    broker_thread& operator=(const broker_thread&) = delete;

    // Opens every socket of `services` in `run_dir` and starts the loop.
    std::string start(const std::string& run_dir, const std::vector<std::string>& services);
    // Stops the loop and removes the sockets; "" or why the loop had failed.
    std::string stop();

private:
    std::unique_ptr<broker::server> server_;
    std::thread loop_;
    std::string loop_error_;
    int stop_fd_ = -1;
};

// The control connections of the simulated daemons. A backend stays bound
// only while the connection that reported it is open, so they are kept
// until the end.
class daemon_connections {
public:
    daemon_connections() = default;
    ~daemon_connections();  // close_all()
    daemon_connections(const daemon_connections&) = delete;
    daemon_connections& operator=(const daemon_connections&) = delete;

    void add(int fd) { fds_.push_back(fd); }
    void close_all();

private:
    std::vector<int> fds_;
};

// Step 5: each daemon connects to `<run_dir>/<service>.sock` and sends a
// control-lane EVENT carrying BackendHttpReady{port}.
std::string report_ports(const std::string& run_dir, const std::vector<sample_service>& services,
                         daemon_connections& daemons);

// One row of the registry, as the admin lane's status reports it.
struct backend_row {
    std::string service;
    std::string state;   // "bound" or "pending"
    std::uint16_t port = 0;  // 0 unless bound
};

// What a client learns from broker.sock.
struct broker_answers {
    std::uint32_t http_port = 0;
    std::uint32_t pid = 0;
    std::vector<backend_row> backends;  // sorted by service
    long waited_ms = 0;                 // until every backend was bound
};

// Step 6: asks broker.sock for the HTTP endpoint, then polls the admin
// lane's status (for at most 5 s) until every service is bound to its port.
std::string query_broker(const std::string& run_dir, const std::vector<sample_service>& services,
                         broker_answers& out);

// A decode rate over all the samples.
struct decode_rate {
    double mb_per_s = 0;        // 10^6 bytes per second
    double messages_per_s = 0;
};

// Step 8: the measured decode speed on sample messages built in memory.
struct decode_throughput {
    std::vector<std::string> samples;  // message types, one per sample
    double seconds_per_mode = 0;
    decode_rate view;    // into zero-copy views
    decode_rate owning;  // into owning messages
};

// Step 8: decodes, round robin, a ServiceDefinition and a CacheManifest of
// `service`, a BackendHttpReady and the Frame envelope that carries it, for
// about `seconds` into views and as long into owning messages.
std::string measure_decode(const sample_service& service, double seconds, decode_throughput& out);

}  // namespace brokerwire::tool::demo
