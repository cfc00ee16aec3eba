// The steps of `brokerwire demo`: three sample services taken through every
// layer of the library, from their files to upstream's v2 flow (a broker on
// its rpb-v2 socket, daemons on their own sockets with published identities,
// a client's Hellos and probes) and brokerwire's extensions, inside one
// scratch directory that stands in for the runtime directory. Each step returns "" or why it failed; the command
// (cmd_demo.cpp) numbers and reports them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/daemon_socket_path.hpp"
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
    // The runtime directory upstream's broker and daemons share: the v2
    // socket, each daemon's socket and identity file.
    std::string runtime() const { return root + "/runtime"; }
    // Upstream's daemon socket with the service as its scope.
    std::string daemon_socket(const std::string& service) const { return broker::daemon_socket_path(runtime(), service); }
    std::string bin(const std::string& service) const { return root + "/bin/" + service; }
    std::string cache(const std::string& service) const { return root + "/cache/" + service; }
};

// One simulated service: what is written about it (its manifest's
// service_version is the version its client asks for), and the HTTP port its
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

// The program whose v2 broker the demo runs: its socket is upstream's
// rpb-v2-<program>-<sid>-0.sock. Short, because that path, under $TMPDIR and
// the demo's directory, must fit sun_path's 107 bytes.
inline constexpr const char* demo_program = "demo";

// Step 4 and its undoing: a broker::server whose loop runs on a thread of
// this process, silent (its log would interleave with the demo's output).
class broker_thread {
public:
    broker_thread() = default;
    ~broker_thread();  // stop()
    broker_thread(const broker_thread&) = delete;
    broker_thread& operator=(const broker_thread&) = delete;

    // Opens the v2 Hello socket at upstream's path inside at.runtime()
    // (answering from at.services() and the identity files in at.runtime()),
    // the extension sockets of `services` in at.run(), and starts the loop.
    std::string start(const demo_paths& at, const std::vector<std::string>& services);
    // Stops the loop and removes the sockets; "" or why the loop had failed.
    std::string stop();

    // <runtime>/rpb-v2-<demo_program>-<sid>-0.sock, once start() has computed it.
    const std::string& hello_socket() const noexcept { return hello_socket_; }

private:
    std::unique_ptr<broker::server> server_;
    std::thread loop_;
    broker::broker_error loop_error_;
    std::string hello_socket_;
    int stop_fd_ = -1;
};

// Step 5 and its undoing: one broker::daemon_endpoint per service, each
// serving its own socket on a thread of its own, as upstream's daemons do
// (they never connect to the broker for a Hello). Each also reports its
// HTTP port on run/<service>.sock, the brokerwire extension that feeds the
// registry table; that connection is held while the daemon runs.
class daemon_fleet {
public:
    daemon_fleet();   // out of line: `daemon` is complete only there
    ~daemon_fleet();  // stop()
    daemon_fleet(const daemon_fleet&) = delete;
    daemon_fleet& operator=(const daemon_fleet&) = delete;

    // For each service: listens on at.daemon_socket(name), publishes
    // daemon-<name>.json in at.runtime(), starts its loop, then sends
    // BackendHttpReady{port} on <at.run()>/<name>.sock.
    std::string start(const demo_paths& at, const std::vector<sample_service>& services);
    // Closes the port reports, stops every loop and closes the endpoints
    // (their sockets and identity files removed). "" or why a loop failed.
    std::string stop();

    // The identity the daemon of `service` made and published, or nullptr.
    const broker::daemon_identity* identity_of(const std::string& service) const;
    // "zccache 1, soldr 1, fbuild 1": the probes each daemon answered, and
    // whether each answered exactly `expected`. Read after stop().
    bool probes_answered(std::uint64_t expected, std::string& summary) const;

private:
    struct daemon;
    std::vector<std::unique_ptr<daemon>> daemons_;
};

// What a client learns about one service: the Hello's answer (step 6) and
// the identity its daemon proves on the backend pipe (step 7).
struct session_record {
    std::string service;
    std::string wanted_version;
    std::string backend_pipe;
    std::string daemon_version;
    std::uint32_t negotiated_protocol = 0;
    broker::daemon_identity identity;  // what the probe proved
};

// Step 6: upstream's client_v2 Hello for each service, with its installed
// version, on the broker's v2 socket; each must be Negotiated with
// backend_pipe = at.daemon_socket(service) and daemon_version = the library's.
std::string hello_each(const demo_paths& at, const std::string& hello_socket,
                       const std::vector<sample_service>& services, std::vector<session_record>& out);

// Step 7: dials each session's backend_pipe and probes it (lane 0xB232);
// the identity that answers must be the one published in daemon-<service>.json,
// which must be the one the daemon made.
std::string probe_each(const demo_paths& at, const daemon_fleet& daemons, std::vector<session_record>& sessions);

// One Hello the broker must refuse, and how it did.
struct refusal_record {
    std::string service;
    std::string wanted_version;
    std::string code;    // the ErrorCode's schema name
    std::string reason;
};

// Step 8: Hellos for an unknown service, for fbuild at a version outside its
// allow-list and below its min_version; each must be Refused with upstream's
// code and reason.
std::string hello_refusals(const std::string& hello_socket, std::vector<refusal_record>& out);

// Lowercase hex of a digest.
std::string hex_of(const broker::digest32& digest);

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

// Step 9: asks broker.sock for the HTTP endpoint, then polls the admin
// lane's status (for at most 5 s) until every service is bound to its port.
std::string query_broker(const std::string& run_dir, const std::vector<sample_service>& services,
                         broker_answers& out);

// A decode rate over all the samples.
struct decode_rate {
    double mb_per_s = 0;        // 10^6 bytes per second
    double messages_per_s = 0;
};

// Step 11: the measured decode speed on sample messages built in memory.
struct decode_throughput {
    std::vector<std::string> samples;  // message types, one per sample
    double seconds_per_mode = 0;
    decode_rate view;    // into zero-copy views
    decode_rate owning;  // into owning messages
};

// Step 11: decodes, round robin, a ServiceDefinition and a CacheManifest of
// `service`, a BackendHttpReady and the Frame envelope that carries it, for
// about `seconds` into views and as long into owning messages.
std::string measure_decode(const sample_service& service, double seconds, decode_throughput& out);

}  // namespace brokerwire::tool::demo
