// `brokerwire demo`: the whole library at work for a newcomer, in a private
// temporary directory that is removed afterwards whatever happens.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
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

// How long each decode mode of step 11 runs.
constexpr double throughput_seconds = 0.2;

void print_demo_help() {
    std::printf(
        "usage: %s\n\n"
        "Shows the library at work in a fresh private directory under $TMPDIR (or /tmp),\n"
        "whose runtime/ stands in for upstream's runtime directory (nothing outside is touched):\n"
        "  1. installs three service definitions (zccache, soldr, fbuild) with the builders,\n"
        "  2. writes their cache manifests, per cache root and in a central registry,\n"
        "  3. scans and loads them back, checking each equals what was written,\n"
        "  4. starts a broker in this process on upstream's v2 socket,\n"
        "     runtime/rpb-v2-%s-<sid>-0.sock, and on the extension sockets in run/,\n"
        "  5. starts a daemon per service on runtime/daemon-<service>.sock, each publishing\n"
        "     runtime/daemon-<service>.json and reporting its HTTP port on run/<service>.sock,\n"
        "  6. sends upstream's client_v2 Hello for each service: Negotiated, backend_pipe its daemon,\n"
        "  7. dials each backend_pipe and probes it: the identity is the one published,\n"
        "  8. sends Hellos the broker must refuse: an unknown service, fbuild at blocked versions,\n"
        "  9. asks broker.sock for the HTTP endpoint and the admin status until all are bound,\n"
        " 10. stops the daemons and the broker, checking runtime/ and run/ are left empty,\n"
        " 11. measures decode throughput on sample messages built in memory,\n"
        " 12. removes the directory (also after a failed step),\n"
        "then prints the registry as step 9 saw it, and the throughput.\n"
        "--json prints one document (steps, hello socket, sessions, refusals, backends,\n"
        "throughput) instead.\n\n"
        "exit status: 0 every step passed; 1 a step failed (\"error: step N (what): why\"\n"
        "on standard error; nothing is left behind); 2 usage error.\n",
        demo_usage, demo::demo_program);
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

// The first name in `dir`, "" when it has none (or cannot be read).
std::string first_entry(const std::string& dir) {
    std::string found;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (const dirent* e = ::readdir(d)) {
            const std::string n = e->d_name;
            if (n != "." && n != "..") {
                found = n;
                break;
            }
        }
        ::closedir(d);
    }
    return found;
}

// Whether `dir` exists and holds nothing.
bool is_empty_dir(const std::string& dir) {
    struct stat st {};
    return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && first_entry(dir).empty();
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

// `path` as the lines show it: relative to the demo's directory.
std::string shown(const demo::demo_paths& at, const std::string& path) {
    return path.rfind(at.root + "/", 0) == 0 ? path.substr(at.root.size() + 1) : path;
}

// "zccache 1.4.2 -> runtime/daemon-zccache.sock, ..."
std::string pipes_of(const demo::demo_paths& at, const std::vector<demo::session_record>& sessions) {
    std::string out;
    for (const demo::session_record& s : sessions) {
        out += (out.empty() ? "" : ", ") + s.service + " " + s.wanted_version + " -> " + shown(at, s.backend_pipe);
    }
    return out;
}

// What the probes proved: the one process and executable behind every pipe.
std::string identity_of(const std::vector<demo::session_record>& sessions) {
    if (sessions.empty()) return "";
    const broker::daemon_identity& d = sessions.front().identity;
    return "pid " + std::to_string(d.pid) + ", exe_hash blake3:" + demo::hex_of(d.exe_hash).substr(0, 16) +
           "..., boot_id " + d.boot_id.substr(0, 8) + "...";
}

// `nosuch 1.0.0 -> ERROR_SERVICE_UNKNOWN "service definition was not found"; ...`
std::string refusals_of(const std::vector<demo::refusal_record>& refusals) {
    std::string out;
    for (const demo::refusal_record& r : refusals) {
        out += (out.empty() ? "" : "; ") + r.service + " " + r.wanted_version + " -> " + r.code + " (" + r.reason + ")";
    }
    return out;
}

// Steps 4-8: upstream's v2 flow. The broker and the daemons outlive them,
// for step 9.
bool run_v2_steps(demo_report& report, const demo::demo_paths& at, const std::vector<demo::sample_service>& services,
                  const std::vector<std::string>& names, demo::broker_thread& broker, demo::daemon_fleet& daemons) {
    std::string error = broker.start(at, names);
    if (!error.empty()) return report.failed(4, "broker", error);
    report.set_hello_socket(broker.hello_socket());
    report.done(4, "broker", "v2 Hellos on " + shown(at, broker.hello_socket()) + ", extensions in run/ on " +
                std::to_string(names.size()) + " service sockets and broker.sock");
    error = daemons.start(at, services);
    if (!error.empty()) return report.failed(5, "daemons", error);
    report.done(5, "daemons", "each listening on runtime/daemon-<service>.sock, identity published as "
                "runtime/daemon-<service>.json; ports reported on run/<service>.sock: " + ports_of(services));
    std::vector<demo::session_record> sessions;
    error = demo::hello_each(at, broker.hello_socket(), services, sessions);
    if (!error.empty()) return report.failed(6, "hello", error);
    report.done(6, "hello", std::to_string(sessions.size()) + " Negotiated (protocol 1, daemon_version " +
                sessions.front().daemon_version + "), backend_pipe each daemon's socket: " + pipes_of(at, sessions));
    error = demo::probe_each(at, daemons, sessions);
    if (!error.empty()) return report.failed(7, "probe", error);
    report.done(7, "probe", "each backend_pipe dialled and probed on lane 0xB232; every answer is the identity in "
                "its daemon-<service>.json: " + identity_of(sessions));
    report.set_sessions(std::move(sessions));
    std::vector<demo::refusal_record> refusals;
    error = demo::hello_refusals(broker.hello_socket(), refusals);
    if (!error.empty()) return report.failed(8, "refusals", error);
    report.done(8, "refusals", refusals_of(refusals));
    report.set_refusals(std::move(refusals));
    return true;
}

// Steps 4-10, the broker.
bool run_broker_steps(demo_report& report, const demo::demo_paths& at,
                      const std::vector<demo::sample_service>& services, const std::vector<std::string>& names) {
    demo::broker_thread broker;
    demo::daemon_fleet daemons;
    if (!run_v2_steps(report, at, services, names, broker, daemons)) return false;
    demo::broker_answers answers;
    std::string error = demo::query_broker(at.run(), services, answers);
    if (!error.empty()) return report.failed(9, "query", error);
    report.done(9, "query", "broker.sock answers HTTP port " + std::to_string(answers.http_port) + ", pid " +
                std::to_string(answers.pid) + "; every backend bound after " + std::to_string(answers.waited_ms) +
                " ms");
    report.set_answers(std::move(answers));
    error = daemons.stop();
    std::string probes;
    if (error.empty() && !daemons.probes_answered(1, probes)) error = "probes answered, not 1 each: " + probes;
    if (error.empty()) error = broker.stop();
    for (const std::string& dir : {at.runtime(), at.run()}) {
        if (error.empty() && !is_empty_dir(dir)) error = shown(at, dir) + " is not empty: " + first_entry(dir);
    }
    if (!error.empty()) return report.failed(10, "stop", error);
    report.done(10, "stop", "daemons stopped after 1 probe each, broker stopped; their sockets and identity files "
                "removed, runtime/ and run/ empty");
    return true;
}

bool run_steps(demo_report& report, demo::demo_paths& at) {
    std::vector<demo::sample_service> services;
    std::vector<std::string> names;
    if (!run_file_steps(report, at, services, names) || !run_broker_steps(report, at, services, names)) return false;
    demo::decode_throughput throughput;
    const std::string error = demo::measure_decode(services.front(), throughput_seconds, throughput);
    if (!error.empty()) return report.failed(11, "throughput", error);
    report.done(11, "throughput", std::to_string(throughput.samples.size()) + " sample messages decoded into views, "
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
            ok = report.failed(12, "clean up", error);
        } else if (ok) {
            report.done(12, "clean up", "removed " + at.root);
        }
    }
    report.finish();
    return ok ? 0 : 1;
}

}  // namespace brokerwire::tool
