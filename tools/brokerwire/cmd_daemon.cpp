// `brokerwire daemon`: a daemon the way upstream's v2 broker finds one. It
// listens on its own socket, publishes <runtime-dir>/daemon-<service>.json,
// answers identity probes, and runs until SIGINT or SIGTERM.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <sys/signalfd.h>
#include <unistd.h>

#include "brokerwire/broker/daemon_endpoint.hpp"
#include "brokerwire/broker/daemon_socket_path.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/files/names.hpp"
#include "brokerwire/files/runtime_dir.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/control.hpp"
#include "arguments.hpp"
#include "broker_calls.hpp"
#include "commands.hpp"

namespace brokerwire::tool {
namespace {

constexpr const char* usage =
    "brokerwire daemon --service NAME [--runtime-dir DIR] [--socket PATH]\n"
    "                  [--report-port PORT --run-dir DIR]";

void print_daemon_help() {
    std::printf(
        "usage: %s\n\n"
        "Listens on the daemon's own Unix socket, then publishes its identity (upstream's\n"
        "DaemonProcess JSON) at DIR/daemon-NAME.json, where running-process-broker-v2 reads\n"
        "it on every Hello and hands the socket to clients as Negotiated.backend_pipe.\n"
        "Answers endpoint probes (lane 0xB232); refuses every other frame with one framed\n"
        "error. Prints one line saying where it listens and where it published, runs until\n"
        "SIGINT or SIGTERM, then removes its socket and identity file.\n\n"
        "  --runtime-dir DIR  default: upstream's broker_v2_runtime_dir ($XDG_RUNTIME_DIR/\n"
        "                     running-process/broker-v2, else ~/.cache/running-process/broker-v2, ...)\n"
        "  --socket PATH      default: $XDG_RUNTIME_DIR/running-process/daemon-NAME.sock,\n"
        "                     or /tmp/running-process-UID/daemon-NAME.sock (upstream's daemon\n"
        "                     socket with NAME as its scope)\n"
        "  --report-port PORT also report PORT to a `brokerwire serve` broker (a brokerwire\n"
        "                     extension): BackendHttpReady on DIR/NAME.sock of --run-dir,\n"
        "                     held open while the daemon runs\n",
        usage);
}

struct daemon_options {
    std::string service;
    std::string runtime_dir;
    std::string socket;
    std::string run_dir;
    unsigned long report_port = 0;
};

// Reads `--name VALUE` pairs; false (after naming the problem) on a usage error.
bool parse_options(int argc, char** argv, daemon_options& o) {
    std::string port;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        std::string* slot = arg == "--service"       ? &o.service
                            : arg == "--runtime-dir" ? &o.runtime_dir
                            : arg == "--socket"      ? &o.socket
                            : arg == "--run-dir"     ? &o.run_dir
                            : arg == "--report-port" ? &port
                                                     : nullptr;
        if (slot == nullptr || i + 1 >= argc) {
            std::fprintf(stderr, "error: unexpected argument '%s'\nusage: %s\n", arg.c_str(), usage);
            return false;
        }
        *slot = argv[++i];
    }
    if (!port.empty()) {
        char* end = nullptr;
        o.report_port = std::strtoul(port.c_str(), &end, 10);
        if (*end != '\0' || port[0] == '-' || o.report_port == 0 || o.report_port > 65535 || o.run_dir.empty()) {
            std::fprintf(stderr, "error: --report-port needs PORT 1..65535 and --run-dir\nusage: %s\n", usage);
            return false;
        }
    }
    if (o.service.empty()) {
        std::fprintf(stderr, "error: --service is required\nusage: %s\n", usage);
        return false;
    }
    return true;
}

// A relative socket would be dialled from the broker's directory, not ours.
std::string absolute(const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd) == nullptr) return path;
    return std::string(cwd) + "/" + path;
}

// Upstream's defaults for what the command line left out; false (after
// printing why) when one has no stable, absolute place.
bool fill_defaults(daemon_options& o) {
    const files::runtime_environment env = files::runtime_environment::from_process();
    if (o.runtime_dir.empty()) o.runtime_dir = files::broker_v2_runtime_dir(env);
    if (o.socket.empty()) {
        o.socket = broker::daemon_socket_path(broker::daemon_runtime_dir(env.xdg_runtime_dir, env.uid), o.service);
    }
    // A relative default would follow the working directory: upstream's
    // reader, started elsewhere, would look somewhere else.
    if (o.runtime_dir[0] != '/' || o.socket[0] != '/') {
        std::fprintf(stderr, "error: XDG_RUNTIME_DIR is set but not absolute; pass --runtime-dir and --socket\n");
        return false;
    }
    return true;
}

// SIGINT and SIGTERM, blocked and delivered to a descriptor the loop polls.
int stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) return -1;
    return ::signalfd(-1, &set, SFD_CLOEXEC);
}

// The --report-port extension: the held connection, or -1 after printing why.
int report_port(const daemon_options& o) {
    std::string error;
    const int fd = connect_to(o.run_dir, o.service, error);
    if (fd < 0) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return -1;
    }
    v2::backend_http_ready ready;
    ready.port = static_cast<std::uint32_t>(o.report_port);
    v1::frame response;
    error = ask(fd, broker::lane::control, bytes_view(encode(ready)), response);
    if (!error.empty()) {
        std::fprintf(stderr, "error: reporting port %lu: %s\n", o.report_port, error.c_str());
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

int run_daemon(int argc, char** argv) {
    if (wants_help(argc, argv)) {
        print_daemon_help();
        return 0;
    }
    daemon_options o;
    if (!parse_options(argc, argv, o)) return 2;
    if (const files::file_error e = files::validate_service_name(o.service); !e.ok()) {
        std::fprintf(stderr, "error: %s\n", files::to_string(e).c_str());
        return 2;
    }
    o.socket = absolute(o.socket);
    o.runtime_dir = absolute(o.runtime_dir);
    if (!fill_defaults(o)) return 1;
    broker::daemon_endpoint_config config;
    config.socket_path = o.socket;
    config.identity_path = files::daemon_identity_path(o.runtime_dir, o.service);
    config.log = stderr;
    const int stop_fd = stop_signals();
    if (stop_fd < 0) {
        std::fprintf(stderr, "error: signalfd: %s\n", std::strerror(errno));
        return 1;
    }
    broker::daemon_endpoint endpoint(config);
    if (const broker::broker_error opened = endpoint.open(); !opened.ok()) {
        std::fprintf(stderr, "error: %s\n", to_string(opened).c_str());
        return 1;
    }
    const int broker_fd = o.report_port != 0 ? report_port(o) : -1;
    if (o.report_port != 0 && broker_fd < 0) return 1;
    std::printf("brokerwire daemon: %s listening on %s, identity published at %s\n", o.service.c_str(),
                config.socket_path.c_str(), config.identity_path.c_str());
    std::fflush(stdout);
    const broker::broker_error failed = endpoint.run(stop_fd);
    endpoint.close();
    if (broker_fd >= 0) ::close(broker_fd);
    ::close(stop_fd);
    if (!failed.ok()) {
        std::fprintf(stderr, "error: %s\n", to_string(failed).c_str());
        return 1;
    }
    return 0;
}

}  // namespace brokerwire::tool
