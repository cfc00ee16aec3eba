// An incremental frame reader for non-blocking sockets: bytes go in in
// chunks of any size, whole frame bodies come out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::framing {

// Splits a byte stream into frame bodies.
//
// Feed it whatever recv(2) returned; it calls back once per whole frame.
// A frame lying wholly inside one chunk is handed over in place (no copy);
// only a frame split across chunks is gathered into the reader's buffer.
//
// Memory (docs/contract.md, "Framing"): a header's length is checked against
// the cap before a single body byte is buffered, and the buffer only grows as
// bytes arrive, so it never holds more than the cap plus the header, and a
// 4 GiB claim allocates nothing.
//
// Errors are sticky: once a wrong version byte or an over-cap length is
// seen, the reader stays failed and ignores further input (the stream can
// no longer be resynchronised). Every error carries the stream offset of
// the first byte of the frame at fault.
class frame_reader {
public:
    // `cap` bounds every body; pass max_hello_body for a Hello frame.
    explicit frame_reader(std::uint32_t cap = max_frame_body) noexcept : cap_(cap) {}

    // Changes the cap for frames whose header has not been completed yet
    // (e.g. max_hello_body for the first frame, then max_frame_body).
    void set_cap(std::uint32_t cap) noexcept { cap_ = cap; }
    std::uint32_t cap() const noexcept { return cap_; }

    // Consumes `data[0..size)`, calling `on_frame(bytes_view body)` for each
    // whole frame in order. `body` lives until `on_frame` returns. Returns
    // ok, or the (sticky) error; frames completed before the error have
    // been delivered.
    template <class OnFrame>
    frame_status feed(const std::uint8_t* data, std::size_t size, OnFrame&& on_frame) {
        bytes_view body;
        while (pull(data, size, body)) on_frame(body);
        return status_;
    }

    // Takes one whole frame out of `data[0..size)`, advancing both past the
    // bytes consumed. Returns true with `body` set when a frame is complete
    // (valid until the next call to pull or feed); false once every input
    // byte has been absorbed into the reader or an error occurred (see
    // status()). The building block of feed(), for callers that want a loop.
    bool pull(const std::uint8_t*& data, std::size_t& size, bytes_view& body);

    // Declares the end of the stream. Returns end_of_stream when it ended
    // cleanly between frames, truncated (value = bytes of the frame received)
    // when it ended inside one, or the earlier sticky error.
    frame_status finish() noexcept;

    // The sticky error, or ok.
    const frame_status& status() const noexcept { return status_; }
    // True while part of a frame has been received but not the whole of it:
    // what an idle timeout should look at.
    bool mid_frame() const noexcept { return head_have_ != 0 || in_body_; }
    // Bytes consumed from the stream so far.
    std::uint64_t offset() const noexcept { return offset_; }
    // Bytes of body storage held right now (for memory accounting).
    std::size_t buffered_capacity() const noexcept { return buffer_.capacity(); }

private:
    bool take_header(const std::uint8_t*& data, std::size_t& size);
    bool take_body(const std::uint8_t*& data, std::size_t& size, bytes_view& body);
    bool fail(frame_errc code, std::uint64_t value);
    void append(const std::uint8_t* data, std::size_t n);

    std::uint32_t cap_;
    frame_status status_{};
    std::uint64_t offset_ = 0;        // stream bytes consumed
    std::uint64_t frame_start_ = 0;   // stream offset of the current frame's first byte
    std::uint8_t head_[header_size] = {};
    std::size_t head_have_ = 0;       // header bytes gathered (split header only)
    bool in_body_ = false;            // header done, body pending
    std::uint32_t body_length_ = 0;
    bool release_ = false;            // buffer_ was handed out; clear on the next pull
    std::vector<std::uint8_t> buffer_;  // the body of a frame split across chunks
};

}  // namespace brokerwire::framing
