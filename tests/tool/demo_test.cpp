// `brokerwire demo`, run as a separate process: three services taken through
// files and a broker, each step reported, nothing left behind.
#include <doctest/doctest.h>

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "brokerwire/json/reader.hpp"
#include "run_tool.hpp"

using brokerwire::test::run_tool;
using brokerwire::test::tool_result;

namespace {

// What the demo's three daemons report.
const std::vector<std::pair<std::string, std::string>> bound_ports = {
    {"fbuild", "49154"}, {"soldr", "49153"}, {"zccache", "49152"}};

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

}  // namespace

TEST_CASE("the demo passes every step and its table shows the three services bound to their ports") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.err.empty());
    const std::vector<std::string> lines = lines_of(r.out);
    for (int step = 1; step <= 9; ++step) {
        CHECK_MESSAGE(r.out.find(std::to_string(step) + ". ok  ") != std::string::npos, "step ", step);
    }
    for (const auto& expected : bound_ports) {
        CHECK_MESSAGE(has_row(r.out, expected.first, "bound", expected.second), expected.first);
    }
    REQUIRE(!lines.empty());
    CHECK(lines.back().rfind("decode throughput on 4 sample messages: views ", 0) == 0);
    CHECK(lines.back().find(" MB/s (") != std::string::npos);
    CHECK(lines.back().find(" messages/s)") != std::string::npos);
}

TEST_CASE("demo --json prints one document with the steps, the bound backends and the throughput") {
    demo_tmpdir tmp;
    const tool_result r = run_demo(tmp.path(), {"--json"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const brokerwire::json::value doc = parse_json(r.out);
    CHECK(member(doc, "ok").boolean);
    CHECK(member(doc, "steps").items.size() == 9);
    CHECK(doc.find("error") == nullptr);
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
    // <dir>/brokerwire-demo-XXXXXX/run/zccache.sock no longer fits 108 bytes.
    const std::string deep = tmp.subdir(std::string(100, 'd'));
    const tool_result r = run_demo(deep);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("3. ok  read back") != std::string::npos);
    CHECK(r.err.rfind("error: step 4 (broker): ", 0) == 0);
    CHECK(r.err.find("socket path") != std::string::npos);
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
