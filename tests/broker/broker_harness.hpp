// Test harness: a temporary run directory, a `brokerwire serve` child
// process, and blocking client helpers.
#pragma once

#include <doctest/doctest.h>

#include <cerrno>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "brokerwire/broker/client.hpp"
#include "brokerwire/files/http_port_file.hpp"
#include "brokerwire/files/writers.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/service_def.hpp"
#include "tool_command.hpp"

namespace harness {

namespace bw = brokerwire;

// The built tool, handed over by meson.
inline std::string tool_path() {
    const char* p = std::getenv("BROKERWIRE_TOOL");
    REQUIRE_MESSAGE(p != nullptr, "BROKERWIRE_TOOL is not set");
    return p;
}

// A fresh mkdtemp directory, removed with its contents on scope exit.
struct temp_dir {
    std::string path;
    temp_dir() {
        std::string tmpl = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) +
                           "/bw-broker-XXXXXX";
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~temp_dir() {
        ::nftw(path.c_str(), [](const char* p, const struct stat*, int, FTW*) { return ::remove(p); }, 16,
               FTW_DEPTH | FTW_PHYS);
    }
};

inline void write_services(const std::string& dir, const std::vector<std::string>& names) {
    for (const std::string& n : names) {
        bw::v2::service_definition def;
        def.service_name = n;
        def.binary_path = "/usr/bin/" + n;  // the writer refuses what upstream's v1 rules refuse
        const auto written = bw::files::write_service_definition(dir, def);
        REQUIRE_MESSAGE(written.ok(), bw::files::to_string(written.error));
    }
}

inline bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Peak resident set of a process, from /proc/<pid>/status (VmHWM), in KiB.
inline long peak_rss_kib(pid_t pid) {
    std::istringstream in(read_file("/proc/" + std::to_string(pid) + "/status"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

// A running `brokerwire serve` on its own temporary directory.
struct broker_process {
    temp_dir dir;
    std::string services = dir.path + "/services";
    std::string run = dir.path + "/run";
    std::string runtime = dir.path + "/runtime";
    std::string log = dir.path + "/serve.log";
    std::string out = dir.path + "/serve.out";
    std::string hello_socket;  // the v2 socket, from the broker's "bound at" line
    pid_t pid = -1;

    explicit broker_process(const std::vector<std::string>& names, std::vector<std::string> extra = {},
                            rlim_t nofile = 0, std::vector<std::pair<std::string, std::string>> env = {}) {
        write_services(services, names);
        std::vector<std::string> args = {"serve", "--services", services, "--run-dir", run,
                                         "--runtime-dir", runtime, "--http-port", "dynamic"};
        args.insert(args.end(), extra.begin(), extra.end());
        const test_support::c_string_array argv(test_support::program_command(tool_path(), args));
        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(fd, 2);
            const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(out_fd, 1);
            // Tests run as root; upstream's broker, and ours, refuse root unless told.
            ::setenv("RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED", "1", 1);
            for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
            if (nofile != 0) {
                const rlimit lim{nofile, nofile};
                ::setrlimit(RLIMIT_NOFILE, &lim);
            }
            test_support::exec_argv(argv);
        }
        // Ready once it has printed where it is bound: every socket listens by then.
        const std::string prefix = "running-process-broker-v2 bound at ";
        for (int i = 0; i < 500; ++i) {
            const std::string line = read_file(out);
            const std::size_t end = line.find(" (program=");
            if (line.rfind(prefix, 0) == 0 && end != std::string::npos) {
                hello_socket = line.substr(prefix.size(), end - prefix.size());
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        FAIL("broker did not start: " << read_file(log));
    }

    // SIGTERM and wait; returns the exit status (-1 if not a normal exit).
    int stop() {
        if (pid < 0) return -1;
        ::kill(pid, SIGTERM);
        int st = 0;
        ::waitpid(pid, &st, 0);
        pid = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }

    // The HTTP page's port, as the broker published it in its runtime directory.
    std::uint16_t http_port() const {
        const auto published = bw::files::read_http_port(runtime, "broker-v2-scaffold");
        REQUIRE_MESSAGE(published.ok(), bw::files::to_string(published.error));
        REQUIRE(published.value.has_value());
        return published.value->port;
    }

    bool alive() const { return pid > 0 && ::kill(pid, 0) == 0 && ::waitpid(pid, nullptr, WNOHANG) == 0; }

    ~broker_process() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }

    int connect(const std::string& name) const {
        bw::broker::broker_error error;
        const int fd = bw::broker::connect_unix(run + "/" + name + ".sock", error);
        REQUIRE_MESSAGE(fd >= 0, to_string(error));
        return fd;
    }

    // One admin request on a fresh connection: the reply body, or "" with
    // `error` set when the broker could not be asked.
    std::string try_admin(bw::v1::admin_verb verb, bool json, std::string& error) const {
        bw::broker::broker_error failed;
        const int fd = bw::broker::connect_unix(run + "/broker.sock", failed);
        if (fd < 0) {
            error = to_string(failed);
            return "";
        }
        bw::v1::admin_request req;
        req.verb = verb;
        req.json = json;
        const std::vector<std::uint8_t> payload = encode(req);
        bw::v1::frame response;
        failed = bw::broker::call(fd, bw::broker::lane::admin, bw::bytes_view(payload), 7, response);
        ::close(fd);
        bw::v1::admin_reply reply;
        if (!failed.ok()) {
            error = to_string(failed);
        } else if (!decode(bw::bytes_view(response.payload), reply).ok()) {
            error = "malformed AdminReply";
        }
        return error.empty() ? reply.body : "";
    }

    std::string admin(bw::v1::admin_verb verb, bool json = true) const {
        std::string error;
        const std::string body = try_admin(verb, json, error);
        CHECK_MESSAGE(error.empty(), error);
        return body;
    }

    std::string status() const { return admin(bw::v1::admin_verb::status); }
    bool healthy() const {
        std::string error;
        return alive() && try_admin(bw::v1::admin_verb::healthz, false, error) == "ok\n";
    }
};

// Runs the tool with `args`; its standard output, `status` its exit code
// (-1 when it did not exit), and its standard error in `err` when given.
inline std::string run_tool(const std::vector<std::string>& args, int& status, std::string* err = nullptr) {
    int fds[2];
    int efds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(efds, O_CLOEXEC) == 0);
    const test_support::c_string_array argv(test_support::program_command(tool_path(), args));
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::dup2(efds[1], 2);
        test_support::exec_argv(argv);
    }
    ::close(fds[1]);
    ::close(efds[1]);
    std::string out, error_text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    while ((n = ::read(efds[0], buf, sizeof buf)) > 0) error_text.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    ::close(efds[0]);
    int st = 0;
    ::waitpid(pid, &st, 0);
    status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (err != nullptr) *err = error_text;
    return out;
}

// Waits up to ~5 s for `cond()`.
template <class F>
bool eventually(F&& cond) {
    for (int i = 0; i < 500; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// An encoded control-lane BackendHttpReady envelope body.
inline std::string ready_envelope(std::uint32_t port, bw::v1::frame_kind kind, std::uint64_t id = 1) {
    bw::v2::backend_http_ready ready;
    ready.port = port;
    const std::vector<std::uint8_t> p = encode(ready);
    bw::v1::frame f;
    f.envelope_version = 1;
    f.kind = kind;
    f.payload_protocol = bw::broker::lane::control;
    f.payload.assign(p.begin(), p.end());
    f.request_id = id;
    const std::vector<std::uint8_t> body = encode(f);
    return std::string(body.begin(), body.end());
}

// Header + body.
inline std::string framed(const std::string& body) {
    std::string out;
    (void)bw::framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
    return out;
}

inline bool send_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

// True when the peer closed `fd` within ~5 s (reads and drops any data).
inline bool closed_by_peer(int fd) {
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) return true;
        if (n < 0) return errno == ECONNRESET;
    }
}

}  // namespace harness
