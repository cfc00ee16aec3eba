// `brokerwire demo`, run as a separate process: three services taken through
// files, upstream's v2 flow (broker socket, daemons with published
// identities, Hellos, probes, refusals) and the extensions, each step
// reported, nothing left behind. What the demo claims is checked against what
// this test computes itself: the sid, the BLAKE3 of the tool's binary, the
// paths, upstream's refusal texts.
#include <doctest/doctest.h>

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "brokerwire/files/session_id.hpp"
#include "brokerwire/hash/blake3.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/version.hpp"
#include "run_tool.hpp"

using brokerwire::test::run_tool;
using brokerwire::test::tool_result;

namespace {

// The steps, in order.
const std::vector<std::string> step_names = {"install", "manifests", "read back", "broker",
                                             "daemons", "hello",     "probe",     "refusals",
                                             "query",   "stop",      "throughput", "clean up"};

// What the demo's three daemons report.
const std::vector<std::pair<std::string, std::string>> bound_ports = {
    {"fbuild", "49154"}, {"soldr", "49153"}, {"zccache", "49152"}};

// Each service's Hello, with the version its manifest installs.
const std::vector<std::pair<std::string, std::string>> hellos = {
    {"zccache", "1.4.2"}, {"soldr", "0.9.3"}, {"fbuild", "2.1.0"}};

struct expected_refusal {
    std::string service, version, code, reason;
};

// Upstream's codes and texts (running-process-broker-v2.rs build_hello_reply);
// fbuild's definition has min_version "2.0.0" and an allow-list without 2.0.5.
const std::vector<expected_refusal> refusals = {
    {"nosuch", "1.0.0", "ERROR_SERVICE_UNKNOWN", "service definition was not found"},
    {"fbuild", "2.0.5", "ERROR_VERSION_BLOCKED", "wanted_version \"2.0.5\" is not in version_allow_list"},
    {"fbuild", "1.9.9", "ERROR_VERSION_BLOCKED", "wanted_version \"1.9.9\" is below min_version \"2.0.0\""},
};

// This user's sid on this machine, as the demo's broker names its socket.
std::string sid() {
    const auto r = brokerwire::files::user_sid_hash();
    REQUIRE_MESSAGE(r.ok(), brokerwire::files::to_string(r.error));
    return r.value;
}

// The v2 socket's name, relative to the demo's directory.
std::string hello_socket_name() { return "runtime/rpb-v2-demo-" + sid() + "-0.sock"; }

// BLAKE3 of the tool's binary, in hex: the exe_hash its daemons must prove.
std::string tool_blake3_hex() {
    std::ifstream in(BROKERWIRE_TOOL, std::ios::binary);
    REQUIRE(in);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string hex;
    static const char digits[] = "0123456789abcdef";
    for (const std::uint8_t b : brokerwire::hash::blake3_of(brokerwire::bytes_view(bytes))) {
        hex += digits[b >> 4];
        hex += digits[b & 0xf];
    }
    return hex;
}

std::string tool_real_path() {
    char resolved[PATH_MAX];
    REQUIRE(::realpath(BROKERWIRE_TOOL, resolved) != nullptr);
    return resolved;
}

// A fresh directory to hand to the demo as its TMPDIR, removed with
// whatever is in it on scope exit.
class demo_tmpdir {
public:
    demo_tmpdir() {
        const char* base = std::getenv("TMPDIR");
        std::string templ = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/brokerwire-demo-test-XXXXXX";
        REQUIRE(::mkdtemp(templ.data()) != nullptr);
        root_ = templ;
    }
    ~demo_tmpdir() {
        (void)::nftw(root_.c_str(), [](const char* p, const struct stat*, int, FTW*) { return ::remove(p); }, 16,
                     FTW_DEPTH | FTW_PHYS);
    }
    demo_tmpdir(const demo_tmpdir&) = delete;
    demo_tmpdir& operator=(const demo_tmpdir&) = delete;

    const std::string& path() const { return root_; }
    // A subdirectory, made here.
    std::string subdir(const std::string& name) const {
        const std::string p = root_ + "/" + name;
        REQUIRE(::mkdir(p.c_str(), 0700) == 0);
        return p;
    }

private:
    std::string root_;
};

// The names in `dir` (none when it is empty or missing).
std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return names;
    while (const dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
    return names;
}

tool_result run_demo(const std::string& tmpdir, std::vector<std::string> args = {}) {
    args.insert(args.begin(), "demo");
    return run_tool(args, "", {"TMPDIR=" + tmpdir});
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A table row: the service, then its state and port, in columns.
bool has_row(const std::string& out, const std::string& service, const std::string& state, const std::string& port) {
    for (const std::string& line : lines_of(out)) {
        std::istringstream words(line);
        std::string s, st, p;
        if (words >> s >> st >> p && s == service && st == state && p == port) return true;
    }
    return false;
}

brokerwire::json::value parse_json(const std::string& text) {
    brokerwire::json::value doc;
    const auto e = brokerwire::json::parse(text, doc);
    REQUIRE_MESSAGE(e.ok(), brokerwire::json::to_string(e));
    REQUIRE(doc.is_object());
    return doc;
}

const brokerwire::json::value& member(const brokerwire::json::value& v, const char* key) {
    const brokerwire::json::value* m = v.find(key);
    REQUIRE_MESSAGE(m != nullptr, key);
    return *m;
}

// The line of step `number` ("N. ok  name: detail"): its detail, checked to
// come in order after the line of the step before.
struct step_lines {
    std::vector<std::string> details;

    explicit step_lines(const std::string& out) {
        const std::vector<std::string> lines = lines_of(out);
        std::size_t at = 0;
        for (std::size_t i = 0; i < step_names.size(); ++i) {
            const std::string head = std::to_string(i + 1) + ". ok  " + step_names[i] + ": ";
            while (at < lines.size() && lines[at].rfind(head, 0) != 0) ++at;
            REQUIRE_MESSAGE(at < lines.size(), "no line, in order, for step ", head);
            details.push_back(lines[at].substr(head.size()));
        }
    }
    const std::string& of(const std::string& name) const {
        for (std::size_t i = 0; i < step_names.size(); ++i) {
            if (step_names[i] == name) return details[i];
        }
        FAIL("no step ", name);
        return details.front();
    }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the demo passes every step in order and its table shows the three services bound to their ports") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.empty());
    const step_lines steps(r.out);
    for (const auto& expected : bound_ports) {
        CHECK_MESSAGE(has_row(r.out, expected.first, "bound", expected.second), expected.first);
    }
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(!lines.empty());
    CHECK(lines.back().rfind("decode throughput on 4 sample messages: views ", 0) == 0);
    CHECK(lines.back().find(" MB/s (") != std::string::npos);
    CHECK(lines.back().find(" messages/s)") != std::string::npos);
}

TEST_CASE("the broker serves v2 Hellos at upstream's socket name inside the demo's runtime directory") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const step_lines steps(r.out);
    CHECK_MESSAGE(contains(steps.of("broker"), "v2 Hellos on " + hello_socket_name() + ","), steps.of("broker"));
    CHECK(contains(steps.of("daemons"), "runtime/daemon-<service>.json"));
}

TEST_CASE("each Hello is negotiated with its daemon's socket, and the probe there proves the published identity") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const step_lines steps(r.out);
    const std::string& hello = steps.of("hello");
    CHECK(contains(hello, "3 Negotiated (protocol 1, daemon_version " + std::string(brokerwire::version) + ")"));
    for (const auto& h : hellos) {
        CHECK_MESSAGE(contains(hello, h.first + " " + h.second + " -> runtime/daemon-" + h.first + ".sock"), hello);
    }
    // The daemons run inside the demo's process: the pid the probe proves is
    // the one broker.sock reports, and the executable is this very binary.
    const std::string& query = steps.of("query");
    const std::size_t pid_at = query.find(", pid ");
    REQUIRE(pid_at != std::string::npos);
    const std::string pid = query.substr(pid_at + 6, query.find(';', pid_at) - pid_at - 6);
    const std::string& probe = steps.of("probe");
    CHECK_MESSAGE(contains(probe, ": pid " + pid + ", exe_hash blake3:" + tool_blake3_hex().substr(0, 16) + "..."), probe);
    CHECK(contains(steps.of("stop"), "after 1 probe each"));
    CHECK(contains(steps.of("stop"), "runtime/ and run/ empty"));
}

TEST_CASE("an unknown service and fbuild's blocked versions are refused with upstream's codes and reasons") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const step_lines steps(r.out);
    const std::string& line = steps.of("refusals");
    for (const expected_refusal& e : refusals) {
        CHECK_MESSAGE(contains(line, e.service + " " + e.version + " -> " + e.code + " (" + e.reason + ")"), line);
    }
}

TEST_CASE("demo --json prints one document with the steps, the v2 sessions, the refusals, the bound backends and the throughput") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path(), {"--json"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const brokerwire::json::value doc = parse_json(r.out);
    CHECK(member(doc, "ok").boolean);
    const auto& steps = member(doc, "steps").items;
    REQUIRE(steps.size() == step_names.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        CHECK(member(steps[i], "step").text == std::to_string(i + 1));
        CHECK(member(steps[i], "name").text == step_names[i]);
    }
    CHECK(doc.find("error") == nullptr);
    const std::string dir = member(doc, "directory").text;
    CHECK(member(doc, "hello_socket").text == dir + "/" + hello_socket_name());

    const auto& sessions = member(doc, "sessions").items;
    REQUIRE(sessions.size() == hellos.size());
    const std::string exe_hash = tool_blake3_hex();
    const std::string exe_path = tool_real_path();
    std::string pid;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const std::string pipe = dir + "/runtime/daemon-" + hellos[i].first + ".sock";
        CHECK(member(sessions[i], "service").text == hellos[i].first);
        CHECK(member(sessions[i], "wanted_version").text == hellos[i].second);
        CHECK(member(sessions[i], "negotiated_protocol").text == "1");
        CHECK(member(sessions[i], "daemon_version").text == brokerwire::version);
        CHECK(member(sessions[i], "backend_pipe").text == pipe);
        const brokerwire::json::value& identity = member(sessions[i], "identity");
        CHECK(member(identity, "ipc_endpoint").text == pipe);
        CHECK(member(identity, "exe_hash").text == exe_hash);
        CHECK(member(identity, "exe_path").text == exe_path);
        CHECK(!member(identity, "boot_id").text.empty());
        pid = member(identity, "pid").text;
    }
    CHECK(pid == member(member(doc, "endpoint"), "pid").text);

    const auto& refused = member(doc, "refusals").items;
    REQUIRE(refused.size() == refusals.size());
    for (std::size_t i = 0; i < refused.size(); ++i) {
        CHECK(member(refused[i], "service").text == refusals[i].service);
        CHECK(member(refused[i], "wanted_version").text == refusals[i].version);
        CHECK(member(refused[i], "code").text == refusals[i].code);
        CHECK(member(refused[i], "reason").text == refusals[i].reason);
    }

    const auto& backends = member(doc, "backends").items;
    REQUIRE(backends.size() == bound_ports.size());
    for (std::size_t i = 0; i < backends.size(); ++i) {
        CHECK(member(backends[i], "service").text == bound_ports[i].first);
        CHECK(member(backends[i], "state").text == "bound");
        CHECK(member(backends[i], "port").text == bound_ports[i].second);
    }
    const brokerwire::json::value& throughput = member(doc, "throughput");
    CHECK(member(throughput, "samples").items.size() == 4);
    for (const char* mode : {"view", "owning"}) {
        CHECK(std::stod(member(member(throughput, mode), "mb_per_s").text) > 0);
        CHECK(std::stod(member(member(throughput, mode), "messages_per_s").text) > 0);
    }
}

TEST_CASE("the demo touches neither XDG_RUNTIME_DIR nor HOME: its directory is the runtime directory") {
    demo_tmpdir tmp;
    const std::string scratch = tmp.subdir("tmp");
    const std::string xdg = tmp.subdir("xdg");
    const std::string home = tmp.subdir("home");
    const tool_result r = run_tool({"demo"}, "", {"TMPDIR=" + scratch, "XDG_RUNTIME_DIR=" + xdg, "HOME=" + home});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(entries(xdg).empty());
    CHECK(entries(home).empty());
    CHECK(entries(scratch).empty());
}

TEST_CASE("the demo leaves nothing behind in its TMPDIR") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(entries(tmp.path()).empty());
}

TEST_CASE("a TMPDIR that is a regular file fails step 1, named, with exit 1") {
    demo_tmpdir tmp;
    const std::string file = tmp.path() + "/not-a-directory";
    std::ofstream(file) << "x";
    const tool_result r = run_demo(file);
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind("error: step 1 (install): ", 0) == 0);
    CHECK(r.out.find("ok") == std::string::npos);
    CHECK(entries(tmp.path()) == std::vector<std::string>{"not-a-directory"});
}

TEST_CASE("a missing TMPDIR fails step 1, named, with exit 1") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path() + "/missing");
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind("error: step 1 (install): ", 0) == 0);
    CHECK(entries(tmp.path()).empty());
}

TEST_CASE("a socket path longer than sun_path fails step 4, named, with exit 1 and nothing left behind") {
    demo_tmpdir tmp;
    // <dir>/brokerwire-demo-XXXXXX/runtime/rpb-v2-...-0.sock no longer fits 108 bytes.
    const std::string deep = tmp.subdir(std::string(100, 'd'));
    const tool_result r = run_demo(deep);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("3. ok  read back") != std::string::npos);
    CHECK(r.err.rfind("error: step 4 (broker): ", 0) == 0);
    CHECK(r.err.find("socket path") != std::string::npos);
    CHECK(r.err.find("/runtime/rpb-v2-demo-") != std::string::npos);
    CHECK(entries(deep).empty());
}

TEST_CASE("with --json a failed step is named in the document too") {
    demo_tmpdir tmp;
    const std::string deep = tmp.subdir(std::string(100, 'd'));
    const tool_result r = run_demo(deep, {"--json"});
    CHECK(r.exit_code == 1);
    const brokerwire::json::value doc = parse_json(r.out);
    CHECK_FALSE(member(doc, "ok").boolean);
    CHECK(member(doc, "steps").items.size() == 3);
    CHECK(doc.find("sessions") == nullptr);
    const brokerwire::json::value& error = member(doc, "error");
    CHECK(member(error, "step").text == "4");
    CHECK(member(error, "name").text == "broker");
    CHECK(entries(deep).empty());
}

TEST_CASE("demo output has no colour when standard output is not a terminal") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find('\033') == std::string::npos);
}

TEST_CASE("demo with an unknown option is a usage error, exit 2") {
    for (const char* bad : {"--bogus", "extra"}) {
        demo_tmpdir tmp;
        const tool_result r = run_demo(tmp.path(), {bad});
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("usage: brokerwire demo [--json]") != std::string::npos);
        CHECK(entries(tmp.path()).empty());
    }
}

TEST_CASE("demo --help prints its usage and exits 0") {
    const tool_result r = run_tool({"demo", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("usage: brokerwire demo [--json]", 0) == 0);
    CHECK(r.err.empty());
}
