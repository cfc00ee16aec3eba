// docs/contract.md, "Command-line tool": scan of a service-definition or
// manifest directory, and the install command that writes a definition
// given as proto3 JSON.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <brokerwire/json/base64.hpp>
#include <brokerwire/json/reader.hpp>

#include "temp_dir.hpp"
#include "tool_command.hpp"

using namespace brokerwire::files::testing;

namespace {

struct run_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the brokerwire tool (BROKERWIRE_TOOL, set by meson) with `args`,
// feeding `input` on stdin, with the service-definition directory variable
// set to `service_def_dir` when one is given, killed by SIGALRM after
// `timeout_s` seconds; stdout and stderr go through files in `scratch`.
run_result run_tool(const temp_dir& scratch, std::vector<std::string> args, const std::string& input = "",
                    const std::string& service_def_dir = "", unsigned timeout_s = 30) {
    const std::string in_path = scratch / "stdin", out_path = scratch / "stdout", err_path = scratch / "stderr";
    write_plain(in_path, input);
    const test_support::c_string_array argv(test_support::program_command(BROKERWIRE_TOOL, args));
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open(in_path.c_str(), O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        if (!service_def_dir.empty()) ::setenv("RUNNING_PROCESS_SERVICE_DEF_DIR", service_def_dir.c_str(), 1);
        ::alarm(timeout_s);  // a hang ends as SIGALRM, and the test sees no exit code
        test_support::exec_argv(argv);
    }
    run_result r;
    int status = 0;
    if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    r.out = read_plain(out_path);
    r.err = read_plain(err_path);
    return r;
}

const char* const zccache_json =
    R"({"serviceName":"zccache","binaryPath":"/opt/zc","isolation":"SHARED_BROKER","labels":{"tier":"dev"}})";

}  // namespace

TEST_CASE("tool install: writes the definition and prints its path") {
    const temp_dir tmp;
    const run_result r = run_tool(tmp, {"install", "--dir", tmp / "services"}, zccache_json);
    CHECK(r.exit_code == 0);
    CHECK(r.out == tmp / "services/zccache.servicedef.v2" + "\n");
    CHECK(mode_of(tmp / "services") == 0700);
    CHECK(read_plain(tmp / "services/zccache.servicedef.v2").size() > 10);
}

TEST_CASE("tool install: bad JSON, an invalid name and a symlinked directory exit 1 with the reason") {
    const temp_dir tmp;
    const run_result json = run_tool(tmp, {"install", "--dir", tmp / "s"}, R"({"serviceName":)");
    CHECK(json.exit_code == 1);
    CHECK(json.err.find("line 1, column 16") != std::string::npos);
    const run_result name = run_tool(tmp, {"install", "--dir", tmp / "s"}, R"({"serviceName":"Zc"})");
    CHECK(name.exit_code == 1);
    CHECK(name.err.find("uppercase") != std::string::npos);
    REQUIRE(::mkdir((tmp / "real").c_str(), 0700) == 0);
    REQUIRE(::symlink((tmp / "real").c_str(), (tmp / "link").c_str()) == 0);
    const run_result linked = run_tool(tmp, {"install", "--dir", tmp / "link"}, zccache_json);
    CHECK(linked.exit_code == 1);
    CHECK(linked.err == "error: \"" + (tmp / "link") +
                            "\": directory is a symbolic link: it is neither followed nor made private\n");
    CHECK(list_dir(tmp / "real").empty());
    CHECK(run_tool(tmp, {"install", "--bogus"}).exit_code == 2);
}

TEST_CASE("directory policy: tool install tightens the user's own 0770 directory and notes it") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "open").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "open").c_str(), 0770) == 0);
    const run_result r = run_tool(tmp, {"install", "--dir", tmp / "open"}, zccache_json);
    CHECK(r.exit_code == 0);
    CHECK(r.out == tmp / "open/zccache.servicedef.v2" + "\n");
    CHECK(r.err == "note: \"" + (tmp / "open") +
                       "\" was mode 0770; made private (0700), as upstream's broker requires\n");
    CHECK(mode_of(tmp / "open") == 0700);
}

TEST_CASE("v1 rules before writing: tool install refuses a relative binaryPath or a stray explicitInstance") {
    const temp_dir tmp;
    const run_result relative =
        run_tool(tmp, {"install", "--dir", tmp / "s"}, R"({"serviceName":"zc","binaryPath":"bin/zc"})");
    CHECK(relative.exit_code == 1);
    CHECK(relative.err ==
          "error: invalid binary_path \"bin/zc\": is relative (an absolute path, starting with '/', is required)\n");
    const run_result missing = run_tool(tmp, {"install", "--dir", tmp / "s"}, R"({"serviceName":"zc"})");
    CHECK(missing.err == "error: invalid binary_path \"\": is empty (an absolute path is required)\n");
    const run_result stray = run_tool(
        tmp, {"install", "--dir", tmp / "s"},
        R"({"serviceName":"zc","binaryPath":"/zc","isolation":"SHARED_BROKER","explicitInstance":"ci"})");
    CHECK(stray.exit_code == 1);
    CHECK(stray.err.find("invalid explicit_instance \"ci\": must be empty unless isolation is EXPLICIT_INSTANCE") !=
          std::string::npos);
    const run_result dir = run_tool(
        tmp, {"install", "--dir", tmp / "s"},
        R"({"serviceName":"zc","binaryPath":"/zc","perVersionBinaryDir":"versions"})");
    CHECK(dir.err.find("invalid per_version_binary_dir \"versions\"") != std::string::npos);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"stderr", "stdin", "stdout"});  // no directory made
}

TEST_CASE("tool scan --json: one object per file, good and bad, exit 0") {
    const temp_dir tmp;
    REQUIRE(run_tool(tmp, {"install", "--dir", tmp / "s"}, zccache_json).exit_code == 0);
    REQUIRE(write_plain(tmp / "s/bad.servicedef.v2", "\x0a\x05zc"));
    const run_result r = run_tool(tmp, {"scan", "--json", tmp / "s"});
    CHECK(r.exit_code == 0);
    const std::string bad_line = R"({"path":")" + (tmp / "s/bad.servicedef.v2") + R"(","ok":false,"error":")";
    const std::string good_line = R"({"path":")" + (tmp / "s/zccache.servicedef.v2") +
                                  R"(","ok":true,"type":"ServiceDefinition","message":)" + zccache_json + "}\n";
    CHECK(r.out.compare(0, bad_line.size(), bad_line) == 0);
    CHECK(r.out.size() > good_line.size());
    CHECK(r.out.substr(r.out.size() - good_line.size()) == good_line);
}

TEST_CASE("tool scan: a table for people, manifests included") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "r").c_str(), 0700) == 0);
    const std::string manifest = read_plain(std::string(FILES_GOLDEN_DIR) + "/cache_manifest_full.bin");
    REQUIRE(write_plain(tmp / "r/zccache-1.2.3.v2.pb", manifest));
    REQUIRE(write_plain(tmp / "r/wrong-1.0.0.v2.pb", manifest));
    const run_result r = run_tool(tmp, {"scan", tmp / "r"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("ok     CacheManifest      zccache 1.2.3") != std::string::npos);
    CHECK(r.out.find("file is named for \"wrong-1.0.0\" but holds \"zccache-1.2.3\"") != std::string::npos);
    CHECK(r.out.find("2 file(s) in " + (tmp / "r") + ": 1 ok, 1 with errors") != std::string::npos);
}

TEST_CASE("directory policy: tool scan of a missing directory lists nothing and exits 0") {
    const temp_dir tmp;
    const run_result missing = run_tool(tmp, {"scan", tmp / "missing"});
    CHECK(missing.exit_code == 0);
    CHECK(missing.err.empty());
    CHECK(missing.out.find("0 file(s) in " + (tmp / "missing") + " (no such directory): 0 ok, 0 with errors") !=
          std::string::npos);
    const run_result json = run_tool(tmp, {"scan", "--json", tmp / "missing"});
    CHECK(json.exit_code == 0);
    CHECK(json.out.empty());
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"stderr", "stdin", "stdout"});  // nothing created
}

TEST_CASE("tool scan: an insecure directory exits 1, and scan leaves its mode alone") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "w").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "w").c_str(), 0703) == 0);
    CHECK(run_tool(tmp, {"scan", tmp / "w"}).exit_code == 1);
    REQUIRE(::chmod((tmp / "w").c_str(), 0755) == 0);
    const run_result readable = run_tool(tmp, {"scan", tmp / "w"});
    CHECK(readable.exit_code == 1);
    CHECK(readable.err.find("insecure directory: mode 0755") != std::string::npos);
    CHECK(mode_of(tmp / "w") == 0755);
}

TEST_CASE("error text: scan --json is valid JSON for any file name, exact bytes in pathBase64") {
    const temp_dir tmp;
    REQUIRE(run_tool(tmp, {"install", "--dir", tmp / "s"}, zccache_json).exit_code == 0);
    const std::string odd = std::string("odd\xff\xfe\n\"q\x1b.servicedef.v2");
    REQUIRE(write_plain(tmp / "s" + "/" + odd, "x"));
    const run_result r = run_tool(tmp, {"scan", "--json", tmp / "s"});
    CHECK(r.exit_code == 0);
    std::vector<std::string> lines;
    for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
        lines.push_back(r.out.substr(at, nl - at));
    }
    REQUIRE(lines.size() == 2);
    for (const std::string& line : lines) {
        brokerwire::json::value doc;
        const brokerwire::json::parse_error e = brokerwire::json::parse(line, doc);
        CHECK_MESSAGE(e.ok(), brokerwire::json::to_string(e) << " in " << line);
    }
    const std::string exact = tmp / "s" + "/" + odd;
    std::string b64;
    brokerwire::json::encode_base64(reinterpret_cast<const std::uint8_t*>(exact.data()), exact.size(), b64);
    CHECK(lines[0].find(R"("path":")" + (tmp / "s") + "/odd\xEF\xBF\xBD\xEF\xBF\xBD\\n\\\"q\\u001b.servicedef.v2\"") !=
          std::string::npos);
    CHECK(lines[0].find(R"("pathBase64":")" + b64 + "\"") != std::string::npos);
    CHECK(lines[0].find(R"(\"odd\\xff\\xfe\\n\\\"q\\x1b\")") != std::string::npos);  // the error's escaped name
    CHECK(lines[1].find("pathBase64") == std::string::npos);  // a UTF-8 name needs none
    const run_result table = run_tool(tmp, {"scan", tmp / "s"});
    CHECK(table.out.find(R"(/odd\xff\xfe\n\"q\x1b.servicedef.v2)") != std::string::npos);
    CHECK(table.out.find('\x1b') == std::string::npos);  // no raw escape reaches the terminal
}

TEST_CASE("files that hang upstream: tool scan of a FIFO and a /dev/zero symlink finishes at once") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "s").c_str(), 0700) == 0);
    REQUIRE(::mkfifo((tmp / "s/x.servicedef.v2").c_str(), 0600) == 0);
    REQUIRE(::symlink("/dev/zero", (tmp / "s/zero.servicedef.v2").c_str()) == 0);
    REQUIRE(::symlink("/dev/zero", (tmp / "s/.running-process-manifest.v2.pb").c_str()) == 0);
    REQUIRE(::mkfifo((tmp / "s/x-1.0.0.v2.pb").c_str(), 0600) == 0);
    const run_result r = run_tool(tmp, {"scan", tmp / "s"}, "", "", 5);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("not a regular file (fifo)") != std::string::npos);
    CHECK(r.out.find("not a regular file (symlink)") != std::string::npos);
    CHECK(r.out.find("4 file(s) in " + (tmp / "s") + ": 0 ok, 4 with errors") != std::string::npos);
}

TEST_CASE("tool scan: no DIR scans the service-definition directory of the environment") {
    const temp_dir tmp;
    REQUIRE(run_tool(tmp, {"install", "--dir", tmp / "s"}, zccache_json).exit_code == 0);
    const run_result r = run_tool(tmp, {"scan"}, "", tmp / "s");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("ok     ServiceDefinition  zccache") != std::string::npos);
    CHECK(r.out.find("1 file(s) in " + (tmp / "s") + ": 1 ok") != std::string::npos);
}

TEST_CASE("tool scan: a second DIR, \"-\" or an unknown option is a usage error that names it, exit 2") {
    const temp_dir tmp;
    const run_result two = run_tool(tmp, {"scan", "--json", "a", "b"});
    CHECK(two.exit_code == 2);
    CHECK(two.out.empty());
    CHECK(two.err == "error: unexpected argument 'b'\nusage: brokerwire scan [--json] [DIR]\n");
    CHECK(run_tool(tmp, {"scan", "-"}).err.rfind("error: unexpected argument '-'\n", 0) == 0);
    CHECK(run_tool(tmp, {"scan", "--hex"}).exit_code == 2);
}
