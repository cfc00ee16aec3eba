// `brokerwire serve`: the v2 broker (see brokerwire/broker/server.hpp), with
// upstream's running-process-broker-v2 command line, start-up checks, exit
// codes and stdout lines, so it can stand in for that binary.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <sys/signalfd.h>
#include <unistd.h>

#include "brokerwire/broker/http_port_option.hpp"
#include "brokerwire/broker/server.hpp"
#include "brokerwire/files/loader.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "v2_locations.hpp"

namespace brokerwire::tool {
namespace {

constexpr const char* serve_usage =
    "brokerwire serve [--program NAME] [--once] [--no-bind] [--http-port N|dynamic]\n"
    "                 [--services DIR] [--runtime-dir DIR] [--socket PATH]\n"
    "                 [--run-dir DIR] [--session-token HEX]\n"
    "                 [--partial-frame-timeout-ms N] [--max-connections N]";

// Upstream's exit codes (sysexits.h): a live broker already owns the socket;
// started with root privileges.
constexpr int exit_already_bound = 75;
constexpr int exit_privileged = 77;

struct serve_options {
    std::string program = default_v2_program;
    bool once = false;
    bool no_bind = false;
    location_overrides where;
    std::optional<broker::http_port_option> http_port;
};

bool parse_number(const char* text, unsigned long long max, unsigned long long& out) {
    if (text == nullptr || *text == '\0' || text[0] == '-') return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoull(text, &end, 10);
    return errno == 0 && *end == '\0' && out <= max;
}

bool parse_hex(const char* text, std::string& out) {
    const std::size_t n = std::strlen(text);
    if (n == 0 || n % 2 != 0) return false;
    out.clear();
    for (std::size_t i = 0; i < n; i += 2) {
        int byte = 0;
        for (std::size_t j = i; j < i + 2; ++j) {
            const char c = text[j];
            int v = -1;
            if (c >= '0' && c <= '9') v = c - '0';
            if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
            if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
            if (v < 0) return false;
            byte = byte * 16 + v;
        }
        out.push_back(static_cast<char>(byte));
    }
    return true;
}

int usage_error(const std::string& why) {
    std::fprintf(stderr, "error: %s\nusage: %s\n", why.c_str(), serve_usage);
    return 2;
}

// The value of the option at argv[i], advancing i; nullptr when it is missing.
const char* value_of(int argc, char** argv, int& i) { return i + 1 < argc ? argv[++i] : nullptr; }

// Fills `opts` and `cfg` from the command line; 0 or a usage exit code.
int parse_serve(int argc, char** argv, serve_options& opts, broker::broker_config& cfg) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--once") {
            opts.once = true;
            continue;
        }
        if (arg == "--no-bind") {
            opts.no_bind = true;
            continue;
        }
        const char* value = value_of(argc, argv, i);
        if (value == nullptr) return usage_error(arg.rfind("--", 0) == 0 ? arg + " requires a value" : "unexpected argument '" + arg + "'");
        unsigned long long n = 0;
        if (arg == "--program") {
            opts.program = value;
        } else if (arg == "--http-port") {
            std::string error;
            opts.http_port = broker::parse_http_port(value, error);
            if (!opts.http_port) return usage_error(error);
        } else if (arg == "--services") {
            opts.where.services_dir = value;
        } else if (arg == "--runtime-dir") {
            opts.where.runtime_dir = value;
        } else if (arg == "--socket") {
            opts.where.socket = value;
        } else if (arg == "--run-dir") {
            cfg.run_dir = value;
        } else if (arg == "--session-token") {
            std::string token;
            if (!parse_hex(value, token)) return usage_error("--session-token wants an even number of hex digits");
            cfg.session_token = token;
        } else if (arg == "--partial-frame-timeout-ms") {
            if (!parse_number(value, 86400000, n) || n == 0) return usage_error("bad --partial-frame-timeout-ms");
            cfg.partial_frame_timeout_ms = static_cast<std::uint32_t>(n);
        } else if (arg == "--max-connections") {
            if (!parse_number(value, 1000000, n) || n == 0) return usage_error("bad --max-connections");
            cfg.max_connections = static_cast<std::size_t>(n);
        } else {
            return usage_error("unknown argument: " + arg);
        }
    }
    return 0;
}

// Upstream's tuning variables: a positive whole number, else the default.
template <class T>
T positive_from_env(const char* name, T fallback) {
    const char* text = std::getenv(name);
    unsigned long long n = 0;
    if (text == nullptr || !parse_number(text, static_cast<unsigned long long>(T(-1)), n) || n == 0) return fallback;
    return static_cast<T>(n);
}

// Upstream refuses to run as root: the socket would be created in a
// namespace the user's clients cannot reach. Tests opt out as upstream's do.
bool refuses_privileged_run() {
    if (::geteuid() != 0) return false;
    const char* allow = std::getenv("RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED");
    if (allow != nullptr && std::strcmp(allow, "1") == 0) return false;
    std::fprintf(stderr,
                 "brokerwire serve: refusing privileged startup: running as root. Run as an unprivileged user, "
                 "or set RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED=1 for isolated test environments only.\n");
    return true;
}

// The extension sockets serve the services defined at start-up.
void add_extension_services(const std::string& services_dir, broker::broker_config& cfg) {
    const auto scan = files::scan_service_definitions(services_dir);
    if (!scan.ok()) {
        std::fprintf(stderr, "brokerwire serve: no extension sockets for services: %s\n",
                     files::to_string(scan.error).c_str());
        return;
    }
    for (const auto& entry : scan.value) {
        if (entry.definition.ok()) {
            cfg.services.push_back(entry.definition.value.service_name);
        } else {
            // One corrupt definition never hides the others.
            std::fprintf(stderr, "brokerwire serve: skipping %s\n", files::to_string(entry.definition.error).c_str());
        }
    }
}

void print_help() {
    std::printf(
        "usage: %s\n\n"
        "Serves the v2 broker of PROGRAM (default %s) at upstream's socket,\n"
        "<runtime>/rpb-v2-PROGRAM-<sid>-0.sock: one Hello per connection, answered\n"
        "Negotiated (with the pipe the service's daemon published in\n"
        "<runtime>/daemon-SERVICE.json) or Refused. Service definitions are read from\n"
        "the services directory for every Hello. With --run-dir it also serves\n"
        "brokerwire's extension sockets there (<service>.sock for BackendHttpReady,\n"
        "broker.sock for the endpoint and token requests and the admin lane).\n"
        "--once answers one connection and exits (0 when it was negotiated).\n"
        "Prints 'running-process-broker-v2 bound at PATH (program=..., mode=...)' on\n"
        "standard output once listening; logs on standard error. SIGINT or SIGTERM\n"
        "stops it and removes the sockets. Exit status: 0 stopped, 1 failure,\n"
        "2 usage, %d another broker owns the socket, %d refused to run as root.\n",
        serve_usage, default_v2_program, exit_already_bound, exit_privileged);
}

int stop_signal_fd() {
    // Signals arrive as readable data on a signalfd, so the loop stops
    // between two events, never inside one.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
    return ::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK);
}

}  // namespace

int run_serve(int argc, char** argv) {
    if (wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    serve_options opts;
    broker::broker_config cfg;
    if (const int rc = parse_serve(argc, argv, opts, cfg); rc != 0) return rc;
    // A reader of our stdout that went away must not kill the broker.
    std::signal(SIGPIPE, SIG_IGN);
    if (opts.no_bind) {
        std::printf("running-process-broker-v2 --no-bind: skipping listener bind\n");
        return 0;
    }
    if (refuses_privileged_run()) return exit_privileged;

    v2_locations where;
    if (const std::string error = locate_v2(opts.program, opts.where, where); !error.empty()) {
        std::fprintf(stderr, "brokerwire serve: %s\n", error.c_str());
        return 1;
    }
    cfg.hello_socket = where.socket;
    cfg.hello.services_dir = where.services_dir;
    cfg.hello.runtime_dir = where.runtime_dir;
    cfg.hello.broker_version = brokerwire_version;
    cfg.hello_timeout_ms = positive_from_env<std::uint32_t>("RUNNING_PROCESS_BROKER_HELLO_TIMEOUT_MS", cfg.hello_timeout_ms);
    cfg.max_hellos_in_flight =
        positive_from_env<std::size_t>("RUNNING_PROCESS_BROKER_MAX_INFLIGHT_HANDLERS", cfg.max_hellos_in_flight);
    cfg.once = opts.once;
    cfg.program = opts.program;
    if (opts.http_port) cfg.http = broker::resolve_http_bind(*opts.http_port, broker::http_environment_from_process());
    if (!cfg.run_dir.empty()) add_extension_services(where.services_dir, cfg);

    const int stop_fd = stop_signal_fd();
    if (stop_fd < 0) {
        std::fprintf(stderr, "brokerwire serve: signalfd: %s\n", std::strerror(errno));
        return 1;
    }
    broker::server server(cfg);
    const broker::broker_error opened = server.open();
    if (!opened.ok()) {
        std::fprintf(stderr, "brokerwire serve: %s\n", to_string(opened).c_str());
        ::close(stop_fd);
        return opened.kind == broker::broker_errc::already_bound ? exit_already_bound : 1;
    }
    std::printf("running-process-broker-v2 bound at %s (program=%s, mode=%s)\n", where.socket.c_str(),
                opts.program.c_str(), opts.once ? "once" : "loop");
    std::fflush(stdout);
    const broker::broker_error failed = server.run(stop_fd);
    const bool negotiated = server.metrics().hellos_negotiated > 0;
    server.close();
    ::close(stop_fd);
    if (!failed.ok()) {
        std::fprintf(stderr, "brokerwire serve: %s\n", to_string(failed).c_str());
        return 1;
    }
    std::fputs("brokerwire serve: stopped\n", stderr);
    return opts.once && !negotiated ? 1 : 0;
}

}  // namespace brokerwire::tool
