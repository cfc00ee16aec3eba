// `brokerwire serve`: the minimal broker (see brokerwire/broker/server.hpp).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/signalfd.h>
#include <unistd.h>

#include "brokerwire/broker/server.hpp"
#include "brokerwire/files/loader.hpp"
#include "commands.hpp"

namespace brokerwire::tool {
namespace {

constexpr const char* serve_usage =
    "brokerwire serve --services DIR --run-dir DIR [--http-port N] [--session-token HEX]\n"
    "                 [--partial-frame-timeout-ms N] [--max-connections N]";

bool parse_number(const char* text, unsigned long long max, unsigned long long& out) {
    if (text == nullptr || *text == '\0') return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoull(text, &end, 10);
    return errno == 0 && *end == '\0' && out <= max && text[0] != '-';
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

int usage_error(const char* why) {
    std::fprintf(stderr, "error: %s\nusage: %s\n", why, serve_usage);
    return 2;
}

// Fills `cfg` from the command line; 0 or a usage exit code.
int parse_serve(int argc, char** argv, broker::broker_config& cfg, std::string& services_dir) {
    // Every option takes a value: step two arguments at a time.
    for (int i = 1; i < argc; i += 2) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        unsigned long long n = 0;
        if (arg == "--services" && value) {
            services_dir = value;
        } else if (arg == "--run-dir" && value) {
            cfg.run_dir = value;
        } else if (arg == "--http-port" && value) {
            if (!parse_number(value, 65535, n)) return usage_error("--http-port wants 0..65535");
            cfg.http_port = static_cast<std::uint16_t>(n);
        } else if (arg == "--session-token" && value) {
            std::string token;
            if (!parse_hex(value, token)) return usage_error("--session-token wants an even number of hex digits");
            cfg.session_token = token;
        } else if (arg == "--partial-frame-timeout-ms" && value) {
            if (!parse_number(value, 86400000, n) || n == 0) return usage_error("bad --partial-frame-timeout-ms");
            cfg.partial_frame_timeout_ms = static_cast<std::uint32_t>(n);
        } else if (arg == "--max-connections" && value) {
            if (!parse_number(value, 1000000, n) || n == 0) return usage_error("bad --max-connections");
            cfg.max_connections = static_cast<std::size_t>(n);
        } else {
            return usage_error(("unexpected argument '" + arg + "'").c_str());
        }
    }
    if (services_dir.empty() || cfg.run_dir.empty()) return usage_error("--services and --run-dir are required");
    return 0;
}

}  // namespace

int run_serve(int argc, char** argv) {
    if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::printf(
            "usage: %s\n\nLoads every *.servicedef.v2 of the services directory and serves, in the run\n"
            "directory (created 0700): <service>.sock for each service's daemon\n"
            "(BackendHttpReady on the control lane) and broker.sock for clients\n"
            "(GetBrokerHttpEndpointRequest, GetSessionTokenRequest, the admin lane).\n"
            "Logs one line per event on standard error; SIGINT or SIGTERM stops it and\n"
            "removes the sockets.\n",
            serve_usage);
        return 0;
    }
    broker::broker_config cfg;
    std::string services_dir;
    if (const int rc = parse_serve(argc, argv, cfg, services_dir); rc != 0) return rc;

    const auto scan = files::scan_service_definitions(services_dir);
    if (!scan.ok()) {
        std::fprintf(stderr, "error: services: %s\n", files::to_string(scan.error).c_str());
        return 1;
    }
    for (const auto& entry : scan.value) {
        if (entry.definition.ok()) {
            cfg.services.push_back(entry.definition.value.service_name);
        } else {
            // One corrupt definition never hides the others (SPEC §5).
            std::fprintf(stderr, "brokerwire serve: skipping %s\n", files::to_string(entry.definition.error).c_str());
        }
    }

    // Signals arrive as readable data on a signalfd, so the loop stops
    // between two events, never inside one.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    const int stop_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK);
    if (stop_fd < 0) {
        std::fprintf(stderr, "error: signalfd: %s\n", std::strerror(errno));
        return 1;
    }

    broker::server server(cfg);
    const std::string opened = server.open();
    if (!opened.empty()) {
        std::fprintf(stderr, "error: %s\n", opened.c_str());
        ::close(stop_fd);
        return 1;
    }
    std::fprintf(stderr, "brokerwire serve: ready, pid %d, %zu services\n", static_cast<int>(::getpid()),
                 cfg.services.size());
    const std::string failed = server.run(stop_fd);
    server.close();
    ::close(stop_fd);
    if (!failed.empty()) {
        std::fprintf(stderr, "error: %s\n", failed.c_str());
        return 1;
    }
    std::fputs("brokerwire serve: stopped\n", stderr);
    return 0;
}

}  // namespace brokerwire::tool
