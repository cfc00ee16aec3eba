// `brokerwire query`, `brokerwire admin`: small clients of a running
// `brokerwire serve`. (`brokerwire daemon` is cmd_daemon.cpp.)
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

#include "brokerwire/broker/lanes.hpp"
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

}  // namespace

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
        std::string error = ask_for(fd, broker::lane::control, req, reply);
        // found=false with a token is no GetSessionTokenResponse our broker sends.
        if (error.empty() && !reply.found && !reply.session_token.empty()) {
            error = "the reply says no token was found yet carries " + std::to_string(reply.session_token.size()) +
                    " bytes of one: it is not a GetSessionTokenResponse";
        }
        ok = reported(error);
        if (ok) print_json(reply);
    } else {
        v2::get_broker_http_endpoint_response reply;
        ok = reported(ask_for(fd, broker::lane::control, v2::get_broker_http_endpoint_request{}, reply));
        if (ok) print_json(reply);
    }
    ::close(fd);
    return ok ? 0 : 1;
}

namespace {

// The admin verbs the tool sends, by their command-line word.
bool admin_verb_of(const std::string& word, v1::admin_verb& verb) {
    if (word == "status") {
        verb = v1::admin_verb::status;
    } else if (word == "healthz") {
        verb = v1::admin_verb::healthz;
    } else if (word == "readyz") {
        verb = v1::admin_verb::readyz;
    } else if (word == "metrics") {
        verb = v1::admin_verb::metrics;
    } else if (word == "shutdown") {
        verb = v1::admin_verb::shutdown;
    } else {
        return false;
    }
    return true;
}

// The process exit status for a reply's exit code, as upstream's v1 CLI
// exits with it (2: unsupported verb, 1: not ready). A code the exit status
// cannot carry (over 255) still fails, with 1.
int exit_status_of(std::uint32_t exit_code) {
    if (exit_code == 0) return 0;
    return exit_code <= 255 ? static_cast<int>(exit_code) : 1;
}

}  // namespace

int run_admin(int argc, char** argv) {
    const char* usage = "brokerwire admin --run-dir DIR status|healthz|readyz|metrics|shutdown [--text]";
    if (wants_help(argc, argv)) {
        std::printf("usage: %s\n\nSends an AdminRequest on the admin lane of broker.sock and prints the\n"
                    "reply body; exits with the reply's exit code (1: not ready, 2: verb not\n"
                    "supported). status is JSON unless --text.\n",
                    usage);
        return 0;
    }
    std::string run_dir;
    std::vector<std::string> pos, flags;
    v1::admin_request req;
    if (!split_arguments(argc, argv, run_dir, pos, flags) || pos.size() != 1 || !admin_verb_of(pos[0], req.verb) ||
        (!flags.empty() && !(flags.size() == 1 && flags[0] == "--text"))) {
        std::fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    // Only STATUS has a JSON body; upstream's CLI asks the others as text.
    req.json = req.verb == v1::admin_verb::status && flags.empty();
    const int fd = connect_or_report(run_dir, "broker");
    if (fd < 0) return 1;
    v1::admin_reply reply;
    const bool ok = reported(ask_for(fd, broker::lane::admin, req, reply));
    ::close(fd);
    if (!ok) return 1;
    std::fputs(reply.body.c_str(), stdout);
    if (!reply.body.empty() && reply.body.back() != '\n') std::fputc('\n', stdout);
    return exit_status_of(reply.exit_code);
}

}  // namespace brokerwire::tool
