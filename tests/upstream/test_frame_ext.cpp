// Upstream's buffer-level frame codec tests, as brokerwire's acceptance
// tests: the #[cfg(test)] module of
// crates/running-process/src/broker/protocol/frame_ext.rs at
// zackees/running-process 52831e53.
//
// Upstream's pieces and brokerwire's counterparts:
//   Frame::request(..)          a v1::frame with the same field values
//   encode_framed(&frame)       framing::append_frame(encode(frame))
//   try_decode_framed(buf)      framing::frame_reader::pull (an incomplete
//                               frame is "no frame yet", not an error)
//   Frame::response_to(&req, p) the RESPONSE broker::envelope_dispatcher
//                               sends for a request its lane handler served
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include <brokerwire/broker/envelope_dispatch.hpp>
#include <brokerwire/framing/frame_header.hpp>
#include <brokerwire/framing/frame_reader.hpp>
#include <brokerwire/broker/lanes.hpp>
#include <brokerwire/messages/envelope.hpp>

#include "hex_data.hpp"

namespace v1 = brokerwire::v1;
namespace broker = brokerwire::broker;
namespace framing = brokerwire::framing;
using brokerwire::bytes_view;
using framing::frame_errc;
using upstream::byte_string;
using upstream::hex_file;
using upstream::to_hex;

namespace {

constexpr std::uint32_t zccache_lane = 0x7A63;  // upstream ZCCACHE_PAYLOAD_PROTOCOL

// Frame::request (frame_ext.rs:54-66): envelope_version 1, kind REQUEST,
// encoding NONE, no deadline, empty trace context.
v1::frame request_frame(std::uint32_t payload_protocol, std::string payload, std::uint64_t request_id = 0) {
    v1::frame f;
    f.envelope_version = broker::envelope_version;
    f.kind = v1::frame_kind::request;
    f.payload_protocol = payload_protocol;
    f.payload = std::move(payload);
    f.request_id = request_id;
    f.payload_encoding = v1::payload_encoding::none;
    return f;
}

// encode_framed: [1][u32 LE length][Frame].
std::string encode_framed(const v1::frame& f) {
    const byte_string body = v1::encode(f);
    std::string wire;
    const framing::frame_status s = framing::append_frame(wire, body.data(), body.size());
    REQUIRE(s.ok());
    return wire;
}

// The RESPONSE the dispatcher sends for `request_body` when the zccache lane
// answers with `reply_payload`.
std::string response_to(bytes_view request_body, const std::string& reply_payload) {
    broker::envelope_dispatcher dispatcher;
    dispatcher.on(zccache_lane, [&](const broker::lane_request&, broker::lane_reply& reply) {
        reply.payload = reply_payload;
    });
    std::string reply_body;
    const broker::dispatch_result r = dispatcher.dispatch(request_body, reply_body);
    CHECK_MESSAGE(r.ok(), r.message);
    CHECK(r.replied);
    return reply_body;
}

v1::frame decoded_frame(bytes_view body) {
    v1::frame f;
    const brokerwire::status s = v1::decode(body, f);
    REQUIRE_MESSAGE(s.ok(), brokerwire::to_string(s));
    return f;
}

}  // namespace

// frame_ext.rs:275
TEST_CASE("frame_ext.rs: request_and_response_round_trip_through_buffer_codecs") {
    const v1::frame request = request_frame(zccache_lane, "ping", 42);
    CHECK(request.envelope_version == 1);  // PROTOCOL_VERSION
    CHECK(request.kind == v1::frame_kind::request);
    CHECK(request.payload_encoding == v1::payload_encoding::none);

    const byte_string expected_wire = hex_file("framed_request_ping");
    const std::string wire = encode_framed(request);
    CHECK(to_hex(wire) == to_hex(expected_wire));
    REQUIRE(!wire.empty());
    CHECK(static_cast<std::uint8_t>(wire[0]) == framing::framing_version);

    // try_decode_framed(&wire) -> Some(decoded), consumed == wire.len()
    framing::frame_reader reader;
    const std::uint8_t* at = expected_wire.data();
    std::size_t left = expected_wire.size();
    bytes_view body;
    REQUIRE(reader.pull(at, left, body));
    CHECK(left == 0);
    CHECK(at == expected_wire.data() + expected_wire.size());
    const v1::frame decoded = decoded_frame(body);
    CHECK(decoded == request);

    // Frame::response_to(&request, b"pong"): RESPONSE, request_id and lane echoed.
    const std::string reply = response_to(body, "pong");
    CHECK(to_hex(reply) == to_hex(hex_file("response_to_ping")));
    const v1::frame response = decoded_frame(bytes_view(reply));
    CHECK(response.kind == v1::frame_kind::response);
    CHECK(response.request_id == 42);
    CHECK(response.payload_protocol == zccache_lane);
    CHECK(response.payload == "pong");
}

// frame_ext.rs:299. Upstream: Frame::response_to copies the request's
// traceparent and tracestate into the response; so does brokerwire's
// dispatcher (broker::reply_address).
TEST_CASE("frame_ext.rs: response_echoes_trace_context") {
    const byte_string request_bytes = hex_file("request_trace_context");
    const v1::frame request = decoded_frame(bytes_view(request_bytes));
    v1::frame expected_request = request_frame(zccache_lane, "", 1);
    expected_request.traceparent = "00-abc-def-01";
    expected_request.tracestate = "vendor=1";
    CHECK(request == expected_request);

    const std::string reply = response_to(bytes_view(request_bytes), "");
    const v1::frame response = decoded_frame(bytes_view(reply));
    CHECK(response.traceparent == request.traceparent);
    CHECK(response.tracestate == request.tracestate);
    CHECK(to_hex(reply) == to_hex(hex_file("response_trace_context")));
}

// frame_ext.rs:309
TEST_CASE("frame_ext.rs: try_decode_framed_waits_for_complete_frames") {
    const byte_string wire = hex_file("framed_request_abc");
    const v1::frame request = request_frame(0x7001, "abc");
    CHECK(to_hex(encode_framed(request)) == to_hex(wire));

    {  // try_decode_framed(&[]) -> Ok(None)
        framing::frame_reader reader;
        const std::uint8_t* at = wire.data();
        std::size_t left = 0;
        bytes_view body;
        CHECK_FALSE(reader.pull(at, left, body));
        CHECK(reader.status().ok());
    }
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
        CAPTURE(cut);
        // A partial frame of `cut` bytes must not decode, and is not an error.
        framing::frame_reader reader;
        std::size_t frames = 0;
        const framing::frame_status s = reader.feed(wire.data(), cut, [&](bytes_view) { ++frames; });
        CHECK(frames == 0);
        CHECK(s.ok());
        CHECK(reader.mid_frame());
    }
    // Trailing bytes after a complete frame are left for the next decode.
    byte_string two = wire;
    two.insert(two.end(), wire.begin(), wire.end());
    framing::frame_reader reader;
    const std::uint8_t* at = two.data();
    std::size_t left = two.size();
    bytes_view body;
    REQUIRE(reader.pull(at, left, body));
    CHECK(static_cast<std::size_t>(at - two.data()) == wire.size());  // consumed
    CHECK(left == wire.size());
    CHECK(decoded_frame(body) == request);
}

// frame_ext.rs:326. Upstream: UnsupportedFramingVersion { got: 2, .. } and
// FrameTooLarge { .. } for MAX_FRAME_BYTES + 1.
TEST_CASE("frame_ext.rs: try_decode_framed_rejects_foreign_version_and_oversize") {
    {
        const byte_string foreign = hex_file("try_decode_framed_foreign_version");
        framing::frame_reader reader;
        const framing::frame_status s = reader.feed(foreign.data(), foreign.size(), [](bytes_view) {
            FAIL("no frame may be delivered");
        });
        CHECK(s.code == frame_errc::wrong_version);
        CHECK(s.value == 2);
    }
    {
        const byte_string oversize = hex_file("try_decode_framed_oversize");
        framing::frame_reader reader;
        const framing::frame_status s = reader.feed(oversize.data(), oversize.size(), [](bytes_view) {
            FAIL("no frame may be delivered");
        });
        CHECK(s.code == frame_errc::over_cap);
        CHECK(s.value == std::uint64_t{framing::max_frame_body} + 1);
    }
}
