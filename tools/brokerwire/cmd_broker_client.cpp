// `brokerwire daemon`, `brokerwire query`, `brokerwire admin`: small
// clients of a running `brokerwire serve`.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <poll.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "brokerwire/framing/lanes.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/json.hpp"
#include "arguments.hpp"
#include "broker_calls.hpp"
#include "commands.hpp"

namespace brokerwire::tool {
namespace {

// Splits `--run-dir DIR` (required) and `--name VALUE` options from the
// positional arguments. False on a usage error.
bool split_arguments(int argc, char** argv, std::string& run_dir, std::vector<std::string>& positional,
                     std::vector<std::string>& flags) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--run-dir") {
            if (i + 1 >= argc) return false;
            run_dir = argv[++i];
        } else if (arg.rfind("--", 0) == 0) {
            flags.push_back(arg);
            if (arg == "--session-token-for") {
                if (i + 1 >= argc) return false;
                flags.push_back(argv[++i]);
            }
        } else {
            positional.push_back(arg);
        }
    }
    return !run_dir.empty();
}

// Prints a failure of broker_calls.hpp; false when there was one.
bool reported(const std::string& error) {
    if (error.empty()) return true;
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return false;
}

// connect_to(), printing why it failed; -1 then.
int connect_or_report(const std::string& run_dir, const std::string& name) {
    std::string error;
    const int fd = connect_to(run_dir, name, error);
    if (fd < 0) (void)reported(error);
    return fd;
}

template <class T>
void print_json(const T& m) {
    std::string out;
    json::writer w(out);
    to_json(m, w);
    std::printf("%s\n", out.c_str());
}

// Waits until standard input closes (0) or the broker drops us (1).
int stay_connected(int fd) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    char buf[4096];
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (fds[1].revents != 0 && ::read(STDIN_FILENO, buf, sizeof buf) <= 0) return 0;
        if (fds[0].revents != 0 && ::read(fd, buf, sizeof buf) <= 0) {
            std::fputs("brokerwire daemon: the broker closed the connection\n", stderr);
            return 1;
        }
    }
}

}  // namespace

int run_daemon(int argc, char** argv) {
    const char* usage = "brokerwire daemon --run-dir DIR SERVICE PORT";
    if (wants_help(argc, argv)) {
        std::printf("usage: %s\n\nConnects to <DIR>/<SERVICE>.sock, reports BackendHttpReady{PORT}, and stays\n"
                    "connected (the backend stays bound) until standard input closes or it is killed.\n",
                    usage);
        return 0;
    }
    std::string run_dir;
    std::vector<std::string> pos, flags;
    unsigned long port = 0;
    if (split_arguments(argc, argv, run_dir, pos, flags) && pos.size() == 2 && flags.empty()) {
        char* end = nullptr;
        port = std::strtoul(pos[1].c_str(), &end, 10);
        if (*end != '\0' || pos[1][0] == '-') port = 0;
    }
    if (port == 0 || port > 65535) {
        std::fprintf(stderr, "usage: %s   (PORT 1..65535)\n", usage);
        return 2;
    }
    const int fd = connect_or_report(run_dir, pos[0]);
    if (fd < 0) return 1;
    v2::backend_http_ready ready;
    ready.port = static_cast<std::uint32_t>(port);
    v1::frame response;
    if (!reported(ask(fd, framing::lane::control, bytes_view(encode(ready)), response))) {
        ::close(fd);
        return 1;
    }
    std::fprintf(stderr, "brokerwire daemon: %s registered on port %lu\n", pos[0].c_str(), port);
    const int rc = stay_connected(fd);
    ::close(fd);
    return rc;
}

int run_query(int argc, char** argv) {
    const char* usage = "brokerwire query --run-dir DIR [--session-token-for DAEMON_ID]";
    if (wants_help(argc, argv)) {
        std::printf("usage: %s\n\nAsks broker.sock for GetBrokerHttpEndpointResponse (or, with\n"
                    "--session-token-for, GetSessionTokenResponse) and prints it as proto3 JSON.\n",
                    usage);
        return 0;
    }
    std::string run_dir;
    std::vector<std::string> pos, flags;
    const bool parsed = split_arguments(argc, argv, run_dir, pos, flags);
    const bool token = flags.size() == 2 && flags[0] == "--session-token-for" && !flags[1].empty();
    if (!parsed || !pos.empty() || !(flags.empty() || token)) {
        std::fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    const int fd = connect_or_report(run_dir, "broker");
    if (fd < 0) return 1;
    bool ok = false;
    if (token) {
        v2::get_session_token_request req;
        req.daemon_id = flags[1];
        v2::get_session_token_response reply;
        ok = reported(ask_for(fd, framing::lane::control, req, reply));
        if (ok) print_json(reply);
    } else {
        v2::get_broker_http_endpoint_response reply;
        ok = reported(ask_for(fd, framing::lane::control, v2::get_broker_http_endpoint_request{}, reply));
        if (ok) print_json(reply);
    }
    ::close(fd);
    return ok ? 0 : 1;
}

int run_admin(int argc, char** argv) {
    const char* usage = "brokerwire admin --run-dir DIR status|healthz|metrics|shutdown [--text]";
    if (wants_help(argc, argv)) {
        std::printf("usage: %s\n\nSends an AdminRequest on the admin lane of broker.sock and prints the\n"
                    "reply body; exits with the reply's exit code. status is JSON unless --text.\n",
                    usage);
        return 0;
    }
    std::string run_dir;
    std::vector<std::string> pos, flags;
    if (!split_arguments(argc, argv, run_dir, pos, flags) || pos.size() != 1 ||
        (!flags.empty() && !(flags.size() == 1 && flags[0] == "--text"))) {
        std::fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    v1::admin_request req;
    if (pos[0] == "status") {
        req.verb = v1::admin_verb::status;
        req.json = flags.empty();
    } else if (pos[0] == "healthz") {
        req.verb = v1::admin_verb::healthz;
    } else if (pos[0] == "metrics") {
        req.verb = v1::admin_verb::metrics;
    } else if (pos[0] == "shutdown") {
        req.verb = v1::admin_verb::shutdown;
    } else {
        std::fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    const int fd = connect_or_report(run_dir, "broker");
    if (fd < 0) return 1;
    v1::admin_reply reply;
    const bool ok = reported(ask_for(fd, framing::lane::admin, req, reply));
    ::close(fd);
    if (!ok) return 1;
    std::fputs(reply.body.c_str(), stdout);
    if (!reply.body.empty() && reply.body.back() != '\n') std::fputc('\n', stdout);
    return reply.exit_code == 0 ? 0 : 1;
}

}  // namespace brokerwire::tool
