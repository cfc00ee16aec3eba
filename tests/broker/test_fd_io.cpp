// docs/contract.md, "Framing": blocking frame I/O over file descriptors,
// with every way a framed stream can end.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "brokerwire/broker/fd_io.hpp"
#include "test_thread.hpp"

using namespace brokerwire::framing;
using namespace brokerwire::broker;
using brokerwire::bytes_view;
using brokerwire::test::test_thread;

namespace {

// A connected pair of stream sockets, closed on scope exit.
struct socket_pair {
    int fd[2] = {-1, -1};
    socket_pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~socket_pair() {
        close_end(0);
        close_end(1);
    }
    void close_end(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
};

void write_raw(int fd, const std::string& bytes) {
    REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
}

std::string header_bytes(std::uint8_t version, std::uint32_t length) {
    std::uint8_t out[header_size];
    encode_header(length, out);
    out[0] = version;
    return std::string(reinterpret_cast<char*>(out), header_size);
}

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) & 0xFF);
    return s;
}

std::atomic<int> signals_handled{0};

extern "C" void count_signal(int) { signals_handled.fetch_add(1); }

// SIGUSR1 counted by a handler installed without SA_RESTART, so that a
// read(2) blocked when it arrives returns EINTR instead of resuming.
struct counting_sigusr1 {
    struct sigaction old{};
    counting_sigusr1() {
        struct sigaction sa{};
        sa.sa_handler = count_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;
        REQUIRE(::sigaction(SIGUSR1, &sa, &old) == 0);
    }
    ~counting_sigusr1() { ::sigaction(SIGUSR1, &old, nullptr); }
    counting_sigusr1(const counting_sigusr1&) = delete;
    counting_sigusr1& operator=(const counting_sigusr1&) = delete;
};

// The calling thread, about to read `fd` until `reading` is cleared.
struct blocked_reader {
    explicit blocked_reader(int read_fd) : fd(read_fd) {}
    const int fd;
    const pthread_t thread = ::pthread_self();
    const std::string stat_path = "/proc/self/task/" + std::to_string(::syscall(SYS_gettid)) + "/stat";
    std::atomic<bool> reading{true};
};

// True when the thread sleeps in the kernel: state 'S', the field after the
// parenthesised name in its stat file. Reads into a fixed buffer: a malloc
// here could make the reader sleep on the allocator's lock instead.
bool sleeps_in_kernel(const blocked_reader& r) {
    char stat[512];
    const int fd = ::open(r.stat_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const ssize_t n = ::read(fd, stat, sizeof stat - 1);
    ::close(fd);
    if (n <= 0) return false;
    stat[n] = '\0';
    const char* name_end = std::strrchr(stat, ')');
    return name_end != nullptr && std::strncmp(name_end, ") S", 3) == 0;
}

bool drained(int fd) {
    int unread = 0;
    return ::ioctl(fd, FIONREAD, &unread) == 0 && unread == 0;
}

// Signals `r` at a moment it is certainly blocked in read(2): it has read
// every byte written to its fd, is still reading, and sleeps in the kernel,
// where its reading loop has no other call that sleeps. Returns once the
// handler has run, that is once that read has returned EINTR; false when the
// reader stopped reading, or after a minute (a bound for a hang, no more).
bool interrupt_blocked_read(blocked_reader& r) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    const auto waiting = [&] { return r.reading.load() && std::chrono::steady_clock::now() < give_up; };
    while (waiting() && !(drained(r.fd) && sleeps_in_kernel(r))) std::this_thread::yield();
    const int handled = signals_handled.load();
    if (!waiting() || ::pthread_kill(r.thread, SIGUSR1) != 0) return false;
    while (waiting() && signals_handled.load() == handled) std::this_thread::yield();
    return signals_handled.load() != handled;
}

// Both caps are checked at their edge: a body of exactly `cap` bytes, then a
// header that announces one byte more.
void check_read_cap(std::uint32_t cap) {
    socket_pair p;
    const std::string full = pattern(cap);
    test_thread writer([&] { CHECK(write_frame(p.fd[0], bytes_view(full)).ok()); });
    std::string body;
    CHECK(read_frame(p.fd[1], cap, body).ok());
    writer.join();
    CHECK(body == full);
    write_raw(p.fd[0], header_bytes(1, cap + 1));
    CHECK(read_frame(p.fd[1], cap, body) == frame_status{frame_errc::over_cap, 0, cap + 1u});
}

}  // namespace

TEST_CASE("frames written with write_frame read back in order, empty bodies included") {
    socket_pair p;
    const std::vector<std::string> bodies = {"hello", "", pattern(1000), "x"};
    for (const auto& b : bodies) REQUIRE(write_frame(p.fd[0], bytes_view(b)).ok());
    p.close_end(0);
    std::string body = "stale";
    for (const auto& b : bodies) {
        REQUIRE(read_frame(p.fd[1], max_frame_body, body).ok());
        CHECK(body == b);
    }
    const frame_status end = read_frame(p.fd[1], max_frame_body, body);
    CHECK(end.code == frame_errc::end_of_stream);
    CHECK(body.empty());
}

TEST_CASE("read_frame tells a clean end of stream from one inside the header or the body") {
    SUBCASE("clean end before any byte") {
        socket_pair p;
        p.close_end(0);
        std::string body;
        CHECK(read_frame(p.fd[1], max_frame_body, body) == frame_status{frame_errc::end_of_stream, 0, 0});
    }
    SUBCASE("end inside the header") {
        socket_pair p;
        write_raw(p.fd[0], header_bytes(1, 10).substr(0, 3));
        p.close_end(0);
        std::string body;
        CHECK(read_frame(p.fd[1], max_frame_body, body) == frame_status{frame_errc::truncated, 0, 3});
    }
    SUBCASE("end inside the body") {
        socket_pair p;
        write_raw(p.fd[0], header_bytes(1, 10) + "abcd");
        p.close_end(0);
        std::string body;
        CHECK(read_frame(p.fd[1], max_frame_body, body) == frame_status{frame_errc::truncated, 0, 9});
    }
}

TEST_CASE("read_frame refuses a wrong version byte with the byte's value") {
    socket_pair p;
    write_raw(p.fd[0], header_bytes(2, 0));
    std::string body;
    CHECK(read_frame(p.fd[1], max_frame_body, body) == frame_status{frame_errc::wrong_version, 0, 2});
}

TEST_CASE("read_frame refuses an over-cap length before reserving body memory") {
    socket_pair p;
    write_raw(p.fd[0], header_bytes(1, 0xFFFFFFFFu));
    std::string body;
    CHECK(read_frame(p.fd[1], max_frame_body, body) ==
          frame_status{frame_errc::over_cap, 0, 0xFFFFFFFFu});
    CHECK(body.capacity() < 1024);
}

TEST_CASE("read_frame body memory follows the bytes received, not the claim") {
    socket_pair p;
    write_raw(p.fd[0], header_bytes(1, max_frame_body) + "abc");
    p.close_end(0);
    std::string body;
    CHECK(read_frame(p.fd[1], max_frame_body, body) == frame_status{frame_errc::truncated, 0, 8});
    CHECK(body.capacity() <= 64 * 1024 + 64);
}

TEST_CASE("read_frame caps: exactly the cap is accepted, one byte more refused") {
    SUBCASE("16 MiB frame cap") { check_read_cap(max_frame_body); }
    SUBCASE("64 KiB Hello cap") { check_read_cap(max_hello_body); }
}

TEST_CASE("write_frame refuses an over-cap body and writes nothing") {
    socket_pair p;
    const std::string body = pattern(65);
    CHECK(write_frame(p.fd[0], bytes_view(body), 64) == frame_status{frame_errc::over_cap, 0, 65});
    p.close_end(0);
    char c;
    CHECK(::read(p.fd[1], &c, 1) == 0);
}

TEST_CASE("read_frame and write_frame report I/O errors with errno, not signals") {
    SUBCASE("write to a socket whose peer is gone is EPIPE, without SIGPIPE") {
        socket_pair p;
        p.close_end(1);
        CHECK(write_frame(p.fd[0], bytes_view(std::string("x"))) ==
              frame_status{frame_errc::io_error, 0, EPIPE});
    }
    SUBCASE("read from a closed descriptor is EBADF") {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        ::close(fds[0]);
        ::close(fds[1]);
        std::string body;
        CHECK(read_frame(fds[0], max_frame_body, body) == frame_status{frame_errc::io_error, 0, EBADF});
    }
    SUBCASE("write_frame works on a pipe too") {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        CHECK(write_frame(fds[1], bytes_view(std::string("abc"))).ok());
        ::close(fds[1]);
        std::string body;
        CHECK(read_frame(fds[0], max_frame_body, body).ok());
        CHECK(body == "abc");
        ::close(fds[0]);
    }
}

TEST_CASE("the EINTR tests' premise: a read blocked when the counted SIGUSR1 arrives returns EINTR") {
    const counting_sigusr1 handler;
    socket_pair p;
    blocked_reader me(p.fd[1]);
    bool interrupted = false;
    test_thread interrupter([&] {
        interrupted = interrupt_blocked_read(me);
        write_raw(p.fd[0], "x");  // ends a read that resumed instead
    });
    char c;
    const ssize_t n = ::read(p.fd[1], &c, 1);
    const int read_errno = errno;
    me.reading = false;
    interrupter.join();
    CHECK(interrupted);
    CHECK(n == -1);
    CHECK(read_errno == EINTR);
}

TEST_CASE("read_frame survives EINTR and one-byte reads") {
    const counting_sigusr1 handler;
    socket_pair p;
    const std::string frame = header_bytes(1, 6) + "abcdef";
    blocked_reader me(p.fd[1]);
    std::size_t interrupted = 0;
    // Before each byte arrives, read_frame's blocked read returns EINTR.
    test_thread writer([&] {
        for (char c : frame) {
            interrupted += interrupt_blocked_read(me) ? 1u : 0u;
            write_raw(p.fd[0], std::string(1, c));
        }
    });
    std::string body;
    const frame_status st = read_frame(p.fd[1], max_frame_body, body);
    me.reading = false;
    writer.join();
    CHECK(interrupted == frame.size());
    CHECK(st.ok());
    CHECK(body == "abcdef");
}

TEST_CASE("write_frame completes across short writes to a slow reader") {
    socket_pair p;
    int small = 4096;
    REQUIRE(::setsockopt(p.fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
    const std::string big = pattern(3 * 1024 * 1024 + 17);
    std::string received;
    test_thread reader([&] {
        char buf[1500];
        for (;;) {
            const ssize_t n = ::read(p.fd[1], buf, sizeof buf);
            if (n <= 0) break;
            received.append(buf, static_cast<std::size_t>(n));
        }
    });
    CHECK(write_frame(p.fd[0], bytes_view(big)).ok());
    p.close_end(0);
    reader.join();
    REQUIRE(received.size() == header_size + big.size());
    CHECK(received.substr(0, header_size) == header_bytes(1, static_cast<std::uint32_t>(big.size())));
    CHECK(received.substr(header_size) == big);
}
