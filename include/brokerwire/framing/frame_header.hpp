// The byte framing around every broker message:
//   [u8 framing_version = 1][u32 little-endian body_length][body]
// and the errors a framed stream can end in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace brokerwire::framing {

// docs/contract.md, "Framing": the only framing version there is.
inline constexpr std::uint8_t framing_version = 1;
// One version byte plus a four-byte length.
inline constexpr std::size_t header_size = 5;
// docs/contract.md, "Framing": no frame body is longer than 16 MiB ...
inline constexpr std::uint32_t max_frame_body = 16u * 1024u * 1024u;
// ... and a Hello frame's body no longer than 64 KiB.
inline constexpr std::uint32_t max_hello_body = 64u * 1024u;

// Writes the header of a frame whose body is `body_length` bytes into
// `out[0..5)`. Any u32 length is representable; the caps are the reader's
// and writer's business, not the header's.
void encode_header(std::uint32_t body_length, std::uint8_t* out) noexcept;

// The two fields of a header, as read, unchecked.
struct header {
    std::uint8_t version = 0;
    std::uint32_t body_length = 0;
};

// Reads the five bytes at `in` as a header. Checks nothing: the caller
// decides what a wrong version or a long length means.
header parse_header(const std::uint8_t* in) noexcept;

// How a framed read or write ended. Each failure is its own code because
// docs/contract.md, "Framing", requires a wrong version, an over-cap length
// and a stream cut inside a frame to be told apart.
enum class frame_errc : std::uint8_t {
    ok = 0,
    end_of_stream,      // the stream ended cleanly between two frames (not a failure of the peer)
    wrong_version,      // the version byte is not 1; value = that byte
    over_cap,           // the claimed body length exceeds the cap; value = the claimed length
    truncated,          // the stream ended inside a frame (header or body); value = bytes of it received
    io_error,           // read/write failed; value = errno
};

// Short, stable English text for a code ("wrong framing version").
const char* describe(frame_errc code) noexcept;

// The outcome of a framing operation. `offset` is the stream offset of the
// first byte of the frame at fault (for the blocking fd functions, which do
// not know the stream position, it is 0: the frame being read or written).
// `value` is explained per code above.
struct [[nodiscard]] frame_status {
    frame_errc code = frame_errc::ok;
    std::uint64_t offset = 0;
    std::uint64_t value = 0;

    constexpr bool ok() const noexcept { return code == frame_errc::ok; }
    constexpr explicit operator bool() const noexcept { return ok(); }
};

constexpr bool operator==(const frame_status& a, const frame_status& b) noexcept {
    return a.code == b.code && a.offset == b.offset && a.value == b.value;
}
constexpr bool operator!=(const frame_status& a, const frame_status& b) noexcept { return !(a == b); }

// "over-cap frame length 4294967295 at offset 17"; "ok" when ok.
std::string to_string(const frame_status& s);

// Appends one whole frame (header and body) to `out`. Refuses a body longer
// than `cap` with over_cap (value = its length), leaving `out` unchanged.
frame_status append_frame(std::string& out, const std::uint8_t* body, std::size_t size,
                          std::uint32_t cap = max_frame_body);

}  // namespace brokerwire::framing
