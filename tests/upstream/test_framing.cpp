// Upstream's stream framing tests, as brokerwire's acceptance tests:
// crates/running-process/tests/broker/framing.rs at zackees/running-process
// 52831e53. Upstream reads from an io::Cursor and writes into a Vec; here
// the blocking fd functions (framing/fd_io.hpp) read from and write into a
// pipe holding the same bytes, so a stream ends exactly where upstream's does.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <brokerwire/broker/fd_io.hpp>
#include <brokerwire/framing/frame_header.hpp>

#include "hex_data.hpp"
#include "pipe_stream.hpp"

namespace broker = brokerwire::broker;
namespace framing = brokerwire::framing;
using brokerwire::bytes_view;
using framing::frame_errc;
using upstream::byte_string;
using upstream::hex_file;
using upstream::to_hex;

namespace {

// write_frame of `body` into a fresh pipe: the status and what was written.
struct written_frame {
    framing::frame_status status;
    byte_string wire;
};

written_frame write_one(const byte_string& body) {
    written_frame out;
    out.wire = upstream::captured([&](int fd) { out.status = broker::write_frame(fd, bytes_view(body)); });
    return out;
}

}  // namespace

// framing.rs:18
TEST_CASE("framing.rs: happy_path_roundtrip") {
    byte_string payload;
    for (unsigned i = 0; i < 1024; ++i) payload.push_back(static_cast<std::uint8_t>(i & 0xFF));
    const written_frame w = write_one(payload);
    CHECK(w.status.ok());
    CHECK(w.wire.size() == 5 + payload.size());  // 5-byte header + body
    REQUIRE(!w.wire.empty());
    CHECK(w.wire[0] == framing::framing_version);  // first byte is the framing version
    CHECK(to_hex(w.wire) == to_hex(hex_file("framing_happy_path")));

    upstream::pipe_stream stream(hex_file("framing_happy_path"));
    std::string body;
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).ok());
    CHECK(to_hex(body) == to_hex(payload));
}

// framing.rs:34
TEST_CASE("framing.rs: empty_body_roundtrip") {
    const written_frame w = write_one({});
    CHECK(w.status.ok());
    CHECK(w.wire.size() == 5);  // header [1, 0, 0, 0, 0], 5 bytes in all
    CHECK(to_hex(w.wire) == to_hex(hex_file("empty_body_frame")));

    upstream::pipe_stream stream(hex_file("empty_body_frame"));
    std::string body = "not yet read";
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).ok());
    CHECK(body.empty());
}

// framing.rs:47. Upstream: UnsupportedFramingVersion { got: 2, expected: ENVELOPE_VERSION }.
TEST_CASE("framing.rs: framing_version_mismatch_returns_unsupported") {
    upstream::pipe_stream stream(hex_file("framing_version_mismatch"));
    std::string body;
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
    CHECK(s.code == frame_errc::wrong_version);
    CHECK(s.value == 2);                          // got
    CHECK(framing::framing_version == 1);         // expected
}

// framing.rs:62. Upstream: FrameTooLarge { body_length: cap + 1, cap } with a cap of 1024,
// the size check made before the (absent) body is read.
TEST_CASE("framing.rs: oversize_returns_frame_too_large") {
    constexpr std::uint32_t cap = 1024;
    upstream::pipe_stream stream(hex_file("oversize_cap_1024"));
    std::string body;
    const framing::frame_status s = broker::read_frame(stream.fd(), cap, body);
    CHECK(s.code == frame_errc::over_cap);
    CHECK(s.value == cap + 1);
    CHECK(body.empty());
}

// framing.rs:86. Upstream: an empty stream is FramingError::UnexpectedEof
// { context: "framing byte" }. brokerwire tells a stream that ends before a
// frame starts (end_of_stream) apart from one cut inside a frame (truncated);
// see README.md. Either way the read fails and no body is produced.
TEST_CASE("framing.rs: short_read_on_version_byte_errors_cleanly") {
    const byte_string empty = hex_file("short_read_version_byte");
    CHECK(empty.empty());
    upstream::pipe_stream stream(empty);
    std::string body = "stale";
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
    CHECK_FALSE(s.ok());
    CHECK(s.code == frame_errc::end_of_stream);
    CHECK(s.value == 0);  // no byte of a frame arrived
    CHECK(body.empty());
}

// framing.rs:99. Upstream: UnexpectedEof { context: "body length header" }.
TEST_CASE("framing.rs: short_read_on_length_header_errors_cleanly") {
    upstream::pipe_stream stream(hex_file("short_read_length_header"));
    std::string body;
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
    CHECK(s.code == frame_errc::truncated);
    CHECK(s.value == 1);  // the version byte, then nothing of the length
    CHECK(body.empty());
}

// framing.rs:113. Upstream: UnexpectedEof { context: "frame body" } for a
// 10-byte claim with 4 bytes supplied.
TEST_CASE("framing.rs: short_read_on_body_errors_cleanly") {
    upstream::pipe_stream stream(hex_file("short_read_body"));
    std::string body;
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
    CHECK(s.code == frame_errc::truncated);
    CHECK(s.value == 5 + 4);  // the whole header and 4 of the 10 body bytes
}

// framing.rs:130. Upstream: FrameTooLarge { body_length: MAX_FRAME_BYTES + 1,
// cap: MAX_FRAME_BYTES }, nothing written.
TEST_CASE("framing.rs: write_frame_rejects_oversize_body") {
    const byte_string huge(std::size_t{framing::max_frame_body} + 1, 0);
    const written_frame w = write_one(huge);
    CHECK(w.status.code == frame_errc::over_cap);
    CHECK(w.status.value == std::uint64_t{framing::max_frame_body} + 1);
    CHECK(w.wire.empty());

    std::string out = "kept";
    const framing::frame_status s = framing::append_frame(out, huge.data(), huge.size());
    CHECK(s.code == frame_errc::over_cap);
    CHECK(s.value == std::uint64_t{framing::max_frame_body} + 1);
    CHECK(out == "kept");
}

// framing.rs:146. Upstream: a 64 KiB + 1 claim is FrameTooLarge { body_length:
// MAX_HELLO_BYTES + 1, cap: MAX_HELLO_BYTES } under the Hello cap, and (its
// comment) fine under MAX_FRAME_BYTES.
TEST_CASE("framing.rs: hello_cap_enforced_separately") {
    const byte_string header = hex_file("hello_cap_enforced_separately");
    {
        upstream::pipe_stream stream(header);
        std::string body;
        const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_hello_body, body);
        CHECK(s.code == frame_errc::over_cap);
        CHECK(s.value == std::uint64_t{framing::max_hello_body} + 1);
    }
    {
        // Under the frame cap the claim is accepted; the stream then ends inside the body.
        upstream::pipe_stream stream(header);
        std::string body;
        const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
        CHECK(s.code == frame_errc::truncated);
        CHECK(s.value == 5);
    }
}

// framing.rs:167
TEST_CASE("framing.rs: multiple_frames_back_to_back") {
    const byte_string expected = hex_file("multiple_frames_back_to_back");
    framing::frame_status s1, s2, s3;
    const byte_string wire = upstream::captured([&](int fd) {
        s1 = broker::write_frame(fd, bytes_view(std::string_view("first")));
        s2 = broker::write_frame(fd, bytes_view(std::string_view("second")));
        s3 = broker::write_frame(fd, bytes_view(std::string_view("third")));
    });
    CHECK(s1.ok());
    CHECK(s2.ok());
    CHECK(s3.ok());
    CHECK(to_hex(wire) == to_hex(expected));

    upstream::pipe_stream stream(expected);
    std::string body;
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).ok());
    CHECK(body == "first");
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).ok());
    CHECK(body == "second");
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).ok());
    CHECK(body == "third");
    // Nothing follows the third frame.
    CHECK(broker::read_frame(stream.fd(), framing::max_frame_body, body).code == frame_errc::end_of_stream);
}
