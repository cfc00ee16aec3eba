// The singleton bind of the v2 socket, on real sockets in a temporary
// directory. Restates upstream's tests in
// crates/running-process/src/broker/server/singleton_bind.rs, and the
// stale-socket and race rules its doc comments state (running-process#899).
#include <doctest/doctest.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "brokerwire/broker/singleton_socket.hpp"

#include "../files/temp_dir.hpp"
#include "test_thread.hpp"

using namespace brokerwire::broker;
using brokerwire::files::testing::mode_of;
using brokerwire::files::testing::temp_dir;
using brokerwire::files::testing::write_plain;
using brokerwire::test::test_thread;

namespace {

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

bool is_socket(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// A socket file with no listener: bound, then closed without unlinking.
void make_stale_socket(const std::string& path) {
    singleton_bind_result r = bind_singleton(path);
    REQUIRE(r.ok());
    r.listener.keep_name();
    r.listener.close();
    REQUIRE(is_socket(path));
}

// True when a client can connect to `path` and `listener` accepts it.
bool serves(const singleton_listener& listener) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    listener.path().copy(addr.sun_path, sizeof addr.sun_path - 1);
    const int client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const bool connected = ::connect(client, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    bool accepted = false;
    if (connected) {
        const int peer = ::accept(listener.fd(), nullptr, nullptr);
        accepted = peer >= 0;
        if (accepted) ::close(peer);
    }
    ::close(client);
    return accepted;
}

// Drains the connections a stale probe left in the backlog.
void drain(const singleton_listener& listener) {
    for (;;) {
        const int peer = ::accept4(listener.fd(), nullptr, nullptr, SOCK_NONBLOCK);
        if (peer < 0) return;
        ::close(peer);
    }
}

}  // namespace

// singleton_bind.rs bind_singleton_binds_once_and_refuses_a_second_bind.
TEST_CASE("singleton: binds once and refuses a second bind as already_bound") {
    temp_dir dir;
    const std::string path = dir / "rpb-v2-test-singleton-bind-0.sock";
    singleton_bind_result first = bind_singleton(path);
    REQUIRE_MESSAGE(first.ok(), to_string(first.error));
    singleton_bind_result second = bind_singleton(path);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error.kind == singleton_errc::already_bound);
    CHECK(second.error.sys_errno == EADDRINUSE);
    CHECK(to_string(second.error).find(path) != std::string::npos);
    CHECK(to_string(second.error).find("already bound") != std::string::npos);
}

// bind_singleton's contract: a live broker is not stolen; its socket file
// stays and it goes on serving.
TEST_CASE("singleton: a live listener keeps its socket and goes on serving") {
    temp_dir dir;
    const std::string path = dir / "live.sock";
    singleton_bind_result first = bind_singleton(path, {std::nullopt, true});
    REQUIRE(first.ok());
    CHECK(bind_singleton(path).error.kind == singleton_errc::already_bound);
    drain(first.listener);  // the probe's connection
    CHECK(is_socket(path));
    CHECK(serves(first.listener));
}

// singleton_bind.rs is_already_bound_error_classifies_expected_kinds, in
// errno terms (Rust maps EADDRINUSE -> AddrInUse, EAGAIN -> WouldBlock,
// EACCES and EPERM -> PermissionDenied, ENOENT -> NotFound).
TEST_CASE("singleton: which errnos mean already bound") {
    CHECK(is_already_bound_errno(EADDRINUSE));
    CHECK(is_already_bound_errno(EWOULDBLOCK));
    CHECK(is_already_bound_errno(EAGAIN));
    CHECK(is_already_bound_errno(EACCES));
    CHECK(is_already_bound_errno(EPERM));
    CHECK_FALSE(is_already_bound_errno(ENOENT));
    CHECK_FALSE(is_already_bound_errno(ENOTDIR));
}

// unix_socket_path_is_stale: stale only when the connect reaches no peer.
TEST_CASE("singleton: the stale probe") {
    temp_dir dir;
    CHECK(unix_socket_path_is_stale(dir / "absent.sock"));
    make_stale_socket(dir / "stale.sock");
    CHECK(unix_socket_path_is_stale(dir / "stale.sock"));
    singleton_bind_result live = bind_singleton(dir / "live.sock");
    REQUIRE(live.ok());
    CHECK_FALSE(unix_socket_path_is_stale(dir / "live.sock"));
    CHECK_FALSE(unix_socket_path_is_stale(std::string(200, 'x')));  // no endpoint: not stale
}

// bind_singleton: an orphaned socket file (its broker died) is replaced.
TEST_CASE("singleton: a stale socket file is replaced") {
    temp_dir dir;
    const std::string path = dir / "stale.sock";
    make_stale_socket(path);
    singleton_bind_result r = bind_singleton(path);
    REQUIRE_MESSAGE(r.ok(), to_string(r.error));
    CHECK(serves(r.listener));
}

// The probe cannot tell a regular file from a dead socket (both refuse the
// connect), so upstream replaces it too; so do we.
TEST_CASE("singleton: a regular file at the path is replaced, as upstream's probe finds it stale") {
    temp_dir dir;
    const std::string path = dir / "file.sock";
    REQUIRE(write_plain(path, "not a socket"));
    singleton_bind_result r = bind_singleton(path);
    REQUIRE_MESSAGE(r.ok(), to_string(r.error));
    CHECK(is_socket(path));
}

// bind_singleton: "the parent directory of socket_path is created if
// missing"; ours are made 0700.
TEST_CASE("singleton: a missing parent directory is created, owner-only") {
    temp_dir dir;
    const std::string path = dir / "running-process/broker-v2/rpb-v2-x-deadbeefcafef00d-0.sock";
    singleton_bind_result r = bind_singleton(path);
    REQUIRE_MESSAGE(r.ok(), to_string(r.error));
    CHECK(mode_of(dir / "running-process") == 0700);
    CHECK(mode_of(dir / "running-process/broker-v2") == 0700);
}

TEST_CASE("singleton: an existing parent is used as it is") {
    temp_dir dir;
    REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    singleton_bind_result r = bind_singleton(dir / "x.sock");
    REQUIRE(r.ok());
    CHECK(mode_of(dir.path()) == 0755);
}

// The listener reclaims its name when closed (interprocess reclaim_name,
// which upstream's Listener::bind turns on), unless told to keep it.
TEST_CASE("singleton: closing the listener removes the socket file unless kept") {
    temp_dir dir;
    {
        singleton_bind_result r = bind_singleton(dir / "a.sock");
        REQUIRE(r.ok());
    }
    CHECK_FALSE(exists(dir / "a.sock"));
    singleton_bind_result kept = bind_singleton(dir / "b.sock");
    REQUIRE(kept.ok());
    kept.listener.keep_name();
    kept.listener.close();
    CHECK(is_socket(dir / "b.sock"));
    singleton_listener moved;
    {
        singleton_bind_result r = bind_singleton(dir / "c.sock");
        REQUIRE(r.ok());
        moved = std::move(r.listener);
    }
    CHECK(is_socket(dir / "c.sock"));  // the moved-from listener reclaimed nothing
    CHECK(moved.valid());
}

TEST_CASE("singleton: the socket mode is the umask's unless one is asked for") {
    temp_dir dir;
    singleton_bind_result r = bind_singleton(dir / "owner.sock", {0600u, false});
    REQUIRE(r.ok());
    CHECK(mode_of(dir / "owner.sock") == 0600);
}

TEST_CASE("singleton: a path that cannot name a socket is invalid_name") {
    temp_dir dir;
    CHECK(bind_singleton("").error.kind == singleton_errc::invalid_name);
    CHECK(bind_singleton(std::string("/tmp/a\0b", 8)).error.kind == singleton_errc::invalid_name);
    const std::string long_path = dir.path() + "/" + std::string(108 - dir.path().size() - 1, 'x');
    REQUIRE(long_path.size() == 108);
    CHECK(bind_singleton(long_path).error.kind == singleton_errc::invalid_name);
    CHECK_FALSE(exists(long_path));
}

TEST_CASE("singleton: other failures are other, with the path and the errno") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "plain", "x"));
    singleton_bind_result r = bind_singleton(dir / "plain/x.sock");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.kind == singleton_errc::other);
    CHECK(r.error.path == dir / "plain");
    CHECK(to_string(r.error).find("errno") != std::string::npos);
}

// Upstream classifies PermissionDenied as already bound (for Windows pipes);
// on Linux an unwritable directory therefore reads as already bound too.
TEST_CASE("singleton: an unwritable directory reads as already bound, as upstream's does") {
    if (::geteuid() == 0) return;  // root writes anywhere
    temp_dir dir;
    REQUIRE(::mkdir((dir / "locked").c_str(), 0700) == 0);
    REQUIRE(::chmod((dir / "locked").c_str(), 0500) == 0);
    singleton_bind_result r = bind_singleton(dir / "locked/x.sock");
    CHECK(r.error.kind == singleton_errc::already_bound);
    CHECK(r.error.sys_errno == EACCES);
}

// running-process#899: of N starters racing for one name, exactly one binds.
TEST_CASE("singleton: of racing starters exactly one wins") {
    temp_dir dir;
    const std::string path = dir / "race.sock";
    constexpr int starters = 8;
    std::vector<singleton_bind_result> results(starters);
    std::atomic<int> ready{0};
    std::vector<test_thread> threads;
    for (int i = 0; i < starters; ++i) {
        threads.emplace_back([&, i] {
            ready.fetch_add(1);
            while (ready.load() < starters) std::this_thread::yield();
            results[static_cast<std::size_t>(i)] = bind_singleton(path);
        });
    }
    for (test_thread& t : threads) t.join();
    int winners = 0;
    for (const singleton_bind_result& r : results) {
        if (r.ok()) {
            ++winners;
        } else {
            CHECK(r.error.kind == singleton_errc::already_bound);
        }
    }
    CHECK(winners == 1);
}
