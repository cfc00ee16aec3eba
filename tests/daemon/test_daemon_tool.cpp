// `brokerwire daemon` and `brokerwire probe`, run as a user runs them.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/fd_io.hpp"
#include "files/temp_dir.hpp"
#include "test_thread.hpp"
#include "tool_command.hpp"

namespace bw = brokerwire;
using bw::files::testing::read_plain;
using bw::files::testing::temp_dir;
using bw::test::test_thread;

namespace {

struct child {
    pid_t pid = -1;
    int out = -1;  // its standard output
    int err = -1;  // its standard error
};

child spawn(const std::vector<std::string>& args) {
    int o[2], e[2];
    REQUIRE(::pipe2(o, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(e, O_CLOEXEC) == 0);
    const test_support::c_string_array argv(test_support::program_command(BROKERWIRE_TOOL, args));
    child c;
    c.pid = ::fork();
    REQUIRE(c.pid >= 0);
    if (c.pid == 0) {
        ::dup2(o[1], 1);
        ::dup2(e[1], 2);
        test_support::exec_argv(argv);
    }
    ::close(o[1]);
    ::close(e[1]);
    c.out = o[0];
    c.err = e[0];
    return c;
}

std::string drain(int fd) {
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return s;
}

int wait_for(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

struct ran {
    std::string out, err;
    int status = -1;
};

ran run(const std::vector<std::string>& args) {
    child c = spawn(args);
    ran r;
    test_thread errs([&] { r.err = drain(c.err); });
    r.out = drain(c.out);
    errs.join();
    r.status = wait_for(c.pid);
    return r;
}

// One line of `fd`, byte by byte (the daemon keeps the pipe open).
std::string read_line(int fd) {
    std::string line;
    char ch;
    while (::read(fd, &ch, 1) == 1 && ch != '\n') line.push_back(ch);
    return line;
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("daemon: listens, publishes, answers `probe`, and removes its files on SIGTERM") {
    temp_dir dir;
    const std::string socket = dir / "svc.sock";
    const std::string identity = dir / "daemon-svc.json";
    child d = spawn({"daemon", "--service", "svc", "--runtime-dir", dir.path(), "--socket", socket});
    const std::string line = read_line(d.out);
    CHECK(line == "brokerwire daemon: svc listening on " + socket + ", identity published at " + identity);
    REQUIRE(exists(identity));

    const ran probe = run({"probe", socket});
    CHECK(probe.status == 0);
    CHECK(probe.out.rfind("{\"pid\":" + std::to_string(d.pid) + ",", 0) == 0);
    CHECK(probe.out.find("\"exeHashAlgorithm\":\"blake3\"") != std::string::npos);

    // The identity-file form of the answer is the published file, byte for byte.
    const ran file_form = run({"probe", "--identity-file-json", socket});
    CHECK(file_form.status == 0);
    CHECK(file_form.out == read_plain(identity) + "\n");

    ::kill(d.pid, SIGTERM);
    CHECK(wait_for(d.pid) == 0);
    ::close(d.out);
    ::close(d.err);
    CHECK_FALSE(exists(identity));
    CHECK_FALSE(exists(socket));
    const ran gone = run({"probe", socket});
    CHECK(gone.status == 1);
    CHECK(gone.err.find("connect failed") != std::string::npos);
}

TEST_CASE("probe: an answer that is not the identity exits 1 and says what came back") {
    temp_dir dir;
    const std::string path = dir / "impostor.sock";
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size());
    REQUIRE(::bind(listener, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener, 1) == 0);
    test_thread impostor([&] {
        const int fd = ::accept(listener, nullptr, nullptr);
        std::string request;
        (void)bw::broker::read_frame(fd, bw::framing::max_frame_body, request);
        // brokerwire's error reply, as a broker's socket would answer.
        const std::string reply = bw::broker::encode_error_response(
            bw::broker::response_to{0xB232, 0, {}, {}}, bw::broker::dispatch_errc::lane_not_served, "no probes here");
        (void)bw::broker::write_frame(fd, bw::bytes_view(reply));
        ::close(fd);
    });
    const ran r = run({"probe", path});
    impostor.join();
    ::close(listener);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("payload_protocol is not endpoint probe") != std::string::npos);
    CHECK(r.err.find("what came back: FRAME_KIND_RESPONSE on admin (0xAD01), request_id 0: AdminReply") !=
          std::string::npos);
    CHECK(r.err.find("no probes here") != std::string::npos);
}

TEST_CASE("daemon and probe: usage errors exit 2") {
    CHECK(run({"daemon"}).status == 2);
    CHECK(run({"daemon", "--service", "Bad_Name", "--runtime-dir", "/tmp"}).status == 2);
    CHECK(run({"daemon", "--service", "svc", "--report-port", "80"}).status == 2);  // no --run-dir
    CHECK(run({"probe"}).status == 2);
    CHECK(run({"probe", "--timeout-ms", "0", "x.sock"}).status == 2);
    CHECK(run({"daemon", "--help"}).status == 0);
    CHECK(run({"probe", "--help"}).status == 0);
}
