// `brokerwire demo`: the whole library at work for a newcomer, in a private
// temporary directory that is removed afterwards whatever happens.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ftw.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "demo_report.hpp"
#include "demo_steps.hpp"

namespace brokerwire::tool {
namespace {

using demo::demo_report;

const char* const demo_usage = "brokerwire demo [--json]";

// How long each decode mode of step 8 runs.
constexpr double throughput_seconds = 0.2;

void print_demo_help() {
    std::printf(
        "usage: %s\n\n"
        "Shows the library at work in a fresh private directory under $TMPDIR (or /tmp):\n"
        "  1. installs three service definitions (zccache, soldr, fbuild) with the builders,\n"
        "  2. writes their cache manifests, per cache root and in a central registry,\n"
        "  3. scans and loads them back, checking each equals what was written,\n"
        "  4. starts the minimal broker in this process,\n"
        "  5. has each simulated daemon report its HTTP port on <service>.sock,\n"
        "  6. asks broker.sock for the HTTP endpoint and the admin status until all are bound,\n"
        "  7. disconnects the daemons and stops the broker,\n"
        "  8. measures decode throughput on sample messages built in memory,\n"
        "  9. removes the directory (also after a failed step),\n"
        "then prints the registry as step 6 saw it, and the throughput.\n"
        "--json prints one JSON document (steps, backends, throughput) instead.\n\n"
        "exit status: 0 every step passed; 1 a step failed (\"error: step N (what): why\"\n"
        "on standard error; nothing is left behind); 2 usage error.\n",
        demo_usage);
}

// Colour only for a person watching a terminal (https://no-color.org).
bool colour_wanted() {
    const char* no_colour = std::getenv("NO_COLOR");
    return ::isatty(STDOUT_FILENO) == 1 && (no_colour == nullptr || *no_colour == '\0');
}

// A fresh private directory (mkdtemp: mode 0700) under $TMPDIR or /tmp.
std::string make_scratch(std::string& path) {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/brokerwire-demo-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) return templ + ": mkdtemp failed: " + std::strerror(errno);
    path = templ;
    return "";
}

// `rm -rf path`, not following symbolic links. "" or why not.
std::string remove_tree(const std::string& path) {
    const auto remove_one = [](const char* p, const struct stat*, int, FTW*) { return ::remove(p) == 0 ? 0 : errno; };
    const int rc = ::nftw(path.c_str(), remove_one, 16, FTW_DEPTH | FTW_PHYS);
    if (rc == 0) return "";
    return path + ": removal failed: " + std::strerror(rc > 0 ? rc : errno);
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// "zccache 49152, soldr 49153, ..."
std::string ports_of(const std::vector<demo::sample_service>& services) {
    std::string out;
    for (const demo::sample_service& s : services) {
        out += (out.empty() ? "" : ", ") + s.definition.service_name + " " + std::to_string(s.port);
    }
    return out;
}

// Steps 1-3, the files; `names` gets the services the scan found.
bool run_file_steps(demo_report& report, demo::demo_paths& at, std::vector<demo::sample_service>& services,
                    std::vector<std::string>& names) {
    std::string error = make_scratch(at.root);
    if (error.empty()) error = demo::install_definitions(at, services);
    if (!error.empty()) return report.failed(1, "install", error);
    report.begin(at.root);
    report.done(1, "install", std::to_string(services.size()) + " definitions in services/: zccache (shared broker, "
                "HTTP, labels), soldr (private broker), fbuild (instance ci-trusted, allow-list)");
    std::size_t count = 0;
    error = demo::write_manifests(services, at, count);
    if (!error.empty()) return report.failed(2, "manifests", error);
    report.done(2, "manifests", std::to_string(count) + " written: one in each cache root under cache/, "
                "one per service in registry/");
    count = 0;
    error = demo::read_back(services, at, names, count);
    if (!error.empty()) return report.failed(3, "read back", error);
    report.done(3, "read back", std::to_string(names.size()) + " definitions and " + std::to_string(count) +
                " manifests scanned and loaded, each equal to what was written");
    return true;
}

// Steps 4-7, the broker.
bool run_broker_steps(demo_report& report, const demo::demo_paths& at,
                      const std::vector<demo::sample_service>& services, const std::vector<std::string>& names) {
    demo::broker_thread broker;
    demo::daemon_connections daemons;
    std::string error = broker.start(at.run(), names);
    if (!error.empty()) return report.failed(4, "broker", error);
    report.done(4, "broker", "listening in run/ on " + std::to_string(names.size()) + " service sockets and broker.sock");
    error = demo::report_ports(at.run(), services, daemons);
    if (!error.empty()) return report.failed(5, "daemons", error);
    report.done(5, "daemons", "BackendHttpReady sent on each <service>.sock: " + ports_of(services));
    demo::broker_answers answers;
    error = demo::query_broker(at.run(), services, answers);
    if (!error.empty()) return report.failed(6, "query", error);
    report.done(6, "query", "broker.sock answers HTTP port " + std::to_string(answers.http_port) + ", pid " +
                std::to_string(answers.pid) + "; every backend bound after " + std::to_string(answers.waited_ms) +
                " ms");
    report.set_answers(std::move(answers));
    daemons.close_all();
    error = broker.stop();
    if (error.empty() && exists(at.run() + "/broker.sock")) error = "broker.sock is still there";
    if (!error.empty()) return report.failed(7, "stop", error);
    report.done(7, "stop", "daemons disconnected, broker stopped, its sockets removed");
    return true;
}

bool run_steps(demo_report& report, demo::demo_paths& at) {
    std::vector<demo::sample_service> services;
    std::vector<std::string> names;
    if (!run_file_steps(report, at, services, names) || !run_broker_steps(report, at, services, names)) return false;
    demo::decode_throughput throughput;
    const std::string error = demo::measure_decode(services.front(), throughput_seconds, throughput);
    if (!error.empty()) return report.failed(8, "throughput", error);
    report.done(8, "throughput", std::to_string(throughput.samples.size()) + " sample messages decoded into views, "
                "then into owning messages, " + std::to_string(static_cast<int>(throughput_seconds * 1000)) +
                " ms each");
    report.set_throughput(std::move(throughput));
    return true;
}

}  // namespace

int run_demo(int argc, char** argv) {
    bool json = false;
    const command_syntax syntax{demo_usage, print_demo_help, operand_kind::none};
    if (const auto stop = parse_command_line(argc, argv, syntax, {{"--json", &json}})) return *stop;
    demo_report report(json, !json && colour_wanted());
    demo::demo_paths at;
    bool ok = run_steps(report, at);
    // Whatever happened, nothing is left behind.
    if (!at.root.empty()) {
        const std::string error = remove_tree(at.root);
        if (!error.empty()) {
            ok = report.failed(9, "clean up", error);
        } else if (ok) {
            report.done(9, "clean up", "removed " + at.root);
        }
    }
    report.finish();
    return ok ? 0 : 1;
}

}  // namespace brokerwire::tool
