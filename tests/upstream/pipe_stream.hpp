// In-memory streams for the blocking fd framing functions, standing in for
// the io::Cursor over a Vec<u8> that upstream's framing tests read from and
// the Vec<u8> they write into.
#pragma once

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace upstream {

// A pipe holding exactly `bytes`, its write end closed: reading it yields
// those bytes and then end of stream. `bytes` must fit in the pipe buffer
// (64 KiB on Linux), which every vector here does.
class pipe_stream {
public:
    explicit pipe_stream(const std::vector<std::uint8_t>& bytes) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        fd_ = fds[0];
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fds[1], bytes.data() + done, bytes.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    }
    ~pipe_stream() { ::close(fd_); }
    pipe_stream(const pipe_stream&) = delete;
    pipe_stream& operator=(const pipe_stream&) = delete;

    int fd() const noexcept { return fd_; }

private:
    int fd_ = -1;
};

// Everything `write(fd)` writes into a fresh pipe, read back once it has
// returned (so it must write less than the pipe buffer).
template <class Write>
std::vector<std::uint8_t> captured(Write&& write) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    write(fds[1]);
    ::close(fds[1]);
    std::vector<std::uint8_t> out;
    std::uint8_t buf[4096];
    while (true) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        REQUIRE(n >= 0);
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    ::close(fds[0]);
    return out;
}

}  // namespace upstream
