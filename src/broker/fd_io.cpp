// Blocking frame I/O: loops that survive EINTR and short transfers.
#include "brokerwire/broker/fd_io.hpp"

#include <cerrno>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>

namespace brokerwire::broker {
namespace {

// Bytes the body buffer grows by first; doubled as bytes keep arriving.
constexpr std::size_t first_body_chunk = 64 * 1024;

// Reads until `size` bytes are in, the stream ends, or read fails.
// Returns the bytes read, or -1 with errno set.
long read_full(int fd, std::uint8_t* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, out + got, size - got);
        if (n > 0) {
            got += static_cast<std::size_t>(n);
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            return -1;
        }
    }
    return static_cast<long>(got);
}

framing::frame_status io_failure() { return {framing::frame_errc::io_error, 0, static_cast<std::uint64_t>(errno)}; }

// One gather write of what is left of `iov`; sendmsg with MSG_NOSIGNAL on a
// socket so a closed peer is an EPIPE value, writev on anything else.
ssize_t write_some(int fd, iovec* iov, int count, bool& is_socket) {
    if (is_socket) {
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
        const ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n >= 0 || errno != ENOTSOCK) return n;
        is_socket = false;
    }
    return ::writev(fd, iov, count);
}

}  // namespace

framing::frame_status read_frame(int fd, std::uint32_t cap, std::string& body) {
    body.clear();
    std::uint8_t head[framing::header_size];
    const long got_head = read_full(fd, head, framing::header_size);
    if (got_head < 0) return io_failure();
    if (got_head == 0) return {framing::frame_errc::end_of_stream, 0, 0};
    if (static_cast<std::size_t>(got_head) < framing::header_size) {
        return {framing::frame_errc::truncated, 0, static_cast<std::uint64_t>(got_head)};
    }
    const framing::header h = framing::parse_header(head);
    if (h.version != framing::framing_version) return {framing::frame_errc::wrong_version, 0, h.version};
    // docs/contract.md, "Framing": the cap is checked before any body
    // memory is reserved.
    if (h.body_length > cap) return {framing::frame_errc::over_cap, 0, h.body_length};

    const std::size_t length = h.body_length;
    std::size_t have = 0;
    while (have < length) {
        // Grow with the bytes that arrive, not with the claim.
        const std::size_t want = std::min(length, std::max(have * 2, first_body_chunk));
        body.resize(want);
        const long n = read_full(fd, reinterpret_cast<std::uint8_t*>(&body[have]), want - have);
        if (n < 0) return io_failure();
        have += static_cast<std::size_t>(n);
        if (have < want) {
            body.resize(have);
            return {framing::frame_errc::truncated, 0, framing::header_size + have};
        }
    }
    return {};
}

framing::frame_status write_frame(int fd, bytes_view body, std::uint32_t cap) {
    if (body.size() > cap) return {framing::frame_errc::over_cap, 0, body.size()};
    std::uint8_t head[framing::header_size];
    framing::encode_header(static_cast<std::uint32_t>(body.size()), head);

    iovec iov[2];
    iov[0].iov_base = head;
    iov[0].iov_len = framing::header_size;
    iov[1].iov_base = const_cast<std::uint8_t*>(body.data());
    iov[1].iov_len = body.size();
    iovec* next = iov;
    int count = body.empty() ? 1 : 2;
    bool is_socket = true;
    while (count > 0) {
        const ssize_t n = write_some(fd, next, count, is_socket);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_failure();
        }
        // A zero-byte write of a non-empty buffer would loop for ever.
        if (n == 0) return {framing::frame_errc::io_error, 0, EIO};
        // A short write: drop the iovecs already sent, trim the partly sent one.
        std::size_t sent = static_cast<std::size_t>(n);
        while (count > 0 && sent >= next->iov_len) {
            sent -= next->iov_len;
            ++next;
            --count;
        }
        if (count > 0) {
            next->iov_base = static_cast<std::uint8_t*>(next->iov_base) + sent;
            next->iov_len -= sent;
        }
    }
    return {};
}

}  // namespace brokerwire::broker
