// Upstream's frozen v1 golden bytes, as brokerwire's acceptance tests:
// crates/running-process/tests/broker/golden_bytes.rs at zackees/running-process
// 52831e53. One TEST_CASE per upstream #[test]; the byte strings are in
// data/golden_*.hex, copied from upstream's constants.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <brokerwire/broker/fd_io.hpp>
#include <brokerwire/framing/frame_header.hpp>
#include <brokerwire/messages/envelope.hpp>
#include <brokerwire/messages/handoff.hpp>
#include <brokerwire/messages/handshake.hpp>

#include "hex_data.hpp"
#include "pipe_stream.hpp"

namespace v1 = brokerwire::v1;
namespace broker = brokerwire::broker;
namespace framing = brokerwire::framing;
using brokerwire::bytes_view;
using upstream::byte_string;
using upstream::hex_file;
using upstream::to_hex;

namespace {

// ---- upstream's sample values, golden_bytes.rs lines 45-137 ----------------

v1::frame sample_frame() {  // lines 45-57
    v1::frame f;
    f.envelope_version = 1;
    f.kind = v1::frame_kind::response;
    f.payload_protocol = 0xAD01;
    f.payload = std::string("\xDE\xAD\xBE\xEF", 4);
    f.request_id = 42;
    f.payload_encoding = v1::payload_encoding::zstd;
    f.deadline_unix_ms = 1'700'000'000'000;
    f.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    f.tracestate = "rp=1";
    return f;
}

v1::hello sample_hello() {  // lines 59-78
    v1::hello h;
    h.client_min_protocol = 1;
    h.client_max_protocol = 3;
    h.service_name = "build-cache";
    h.wanted_version = "1.2.3-rc.1";
    h.client_version = "3.0.15";
    h.client_capabilities = 0x8000'0000'0000'0001;  // high bit + low bit: the full u64 width
    h.auth_token = std::string("\x01\x02\x03", 3);
    h.request_id = "req-0001";
    h.connection_id = 0;
    h.peer_pid = 4242;
    h.client_lib_name = "running-process";
    h.client_lib_version = "3.0.15";
    h.peer_attestation_nonce = std::string("\xAA\xBB", 2);
    h.capability_token = std::string("\xCC", 1);
    h.client_keepalive_secs = 30;
    return h;
}

v1::negotiated sample_negotiated() {  // lines 80-91
    v1::negotiated n;
    n.negotiated_protocol = 2;
    n.daemon_version = "3.0.15";
    n.backend_pipe = "rp-backend-7";
    n.warnings = {"w1", "w2"};
    n.server_capabilities = 0x8000'0000'0000'0001;
    n.keepalive_interval_secs = 60;
    n.handle_passed_token = std::string("\x10\x20\x30", 3);
    n.connection_id = 99;
    return n;
}

v1::refused sample_refused() {  // lines 93-107: exactly one map entry
    v1::refused r;
    r.reason = "version below floor";
    r.daemon_min_protocol = 2;
    r.daemon_max_protocol = 3;
    r.code = v1::error_code::version_blocked;
    r.details = {{"floor", "2"}};
    r.retry_after_ms = 1500;
    return r;
}

v1::hello_reply sample_hello_reply() {  // lines 109-113
    v1::hello_reply reply;
    reply.set_negotiated(sample_negotiated());
    return reply;
}

const std::string token16("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C\x0D\x0E\x0F", 16);

v1::handoff_offer sample_handoff_offer() {  // lines 115-125
    v1::handoff_offer o;
    o.handle_value = 0x0000'0000'0000'0BEC;
    o.token = token16;
    o.service_name = "build-cache";
    o.correlation_id = 7;
    return o;
}

v1::handoff_ack sample_handoff_ack() {  // lines 127-137
    v1::handoff_ack a;
    a.token = token16;
    a.accepted = true;
    a.error_detail = "ok";
    a.correlation_id = 7;
    return a;
}

// Encodes `m` and compares with the golden bytes, both ways brokerwire
// encodes (growing vector, caller's buffer).
template <class Message>
void check_encodes_to(const Message& m, const byte_string& golden) {
    CHECK(to_hex(v1::encode(m)) == to_hex(golden));
    CHECK(v1::encoded_size(m) == golden.size());
    byte_string out(golden.size());
    CHECK(v1::encode(m, out.data(), out.size()) == golden.size());
    CHECK(to_hex(out) == to_hex(golden));
}

// Decodes `golden` into the owning type, checking it decodes.
template <class Message>
Message decoded(const byte_string& golden) {
    Message m;
    const brokerwire::status s = v1::decode(bytes_view(golden), m);
    REQUIRE_MESSAGE(s.ok(), brokerwire::to_string(s));
    return m;
}

// The zero-copy view of the same bytes shows the same message, and the
// owning message re-encodes to the golden bytes exactly.
template <class View, class Message>
void check_view_and_round_trip(const byte_string& golden, const Message& m) {
    View view;
    const brokerwire::status s = v1::decode(bytes_view(golden), view);
    REQUIRE_MESSAGE(s.ok(), brokerwire::to_string(s));
    CHECK(v1::to_message(view) == m);
    CHECK(to_hex(v1::encode(m)) == to_hex(golden));
}

}  // namespace

// ---- 1) encode stability (lines 212-245) ------------------------------------

// golden_bytes.rs:213
TEST_CASE("golden_bytes.rs: frame_encodes_to_golden_bytes") {
    check_encodes_to(sample_frame(), hex_file("golden_frame"));
}

// golden_bytes.rs:218
TEST_CASE("golden_bytes.rs: hello_encodes_to_golden_bytes") {
    check_encodes_to(sample_hello(), hex_file("golden_hello"));
}

// golden_bytes.rs:223
TEST_CASE("golden_bytes.rs: negotiated_encodes_to_golden_bytes") {
    check_encodes_to(sample_negotiated(), hex_file("golden_negotiated"));
}

// golden_bytes.rs:228
TEST_CASE("golden_bytes.rs: refused_encodes_to_golden_bytes") {
    check_encodes_to(sample_refused(), hex_file("golden_refused"));
}

// golden_bytes.rs:233
TEST_CASE("golden_bytes.rs: hello_reply_encodes_to_golden_bytes") {
    check_encodes_to(sample_hello_reply(), hex_file("golden_hello_reply"));
}

// golden_bytes.rs:238
TEST_CASE("golden_bytes.rs: handoff_offer_encodes_to_golden_bytes") {
    check_encodes_to(sample_handoff_offer(), hex_file("golden_handoff_offer"));
}

// golden_bytes.rs:243
TEST_CASE("golden_bytes.rs: handoff_ack_encodes_to_golden_bytes") {
    check_encodes_to(sample_handoff_ack(), hex_file("golden_handoff_ack"));
}

// ---- 2) decode stability (lines 253-365) ------------------------------------

// golden_bytes.rs:254
TEST_CASE("golden_bytes.rs: golden_frame_decodes_to_sample") {
    const byte_string golden = hex_file("golden_frame");
    const v1::frame frame = decoded<v1::frame>(golden);
    const v1::frame expected = sample_frame();
    CHECK(frame.envelope_version == expected.envelope_version);
    CHECK(frame.kind == expected.kind);
    CHECK(frame.payload_protocol == expected.payload_protocol);
    CHECK(frame.payload == expected.payload);
    CHECK(frame.request_id == expected.request_id);
    CHECK(frame.payload_encoding == expected.payload_encoding);
    CHECK(frame.deadline_unix_ms == expected.deadline_unix_ms);
    CHECK(frame.traceparent == expected.traceparent);
    CHECK(frame.tracestate == expected.tracestate);
    check_view_and_round_trip<v1::frame_view>(golden, frame);
}

// golden_bytes.rs:269
TEST_CASE("golden_bytes.rs: golden_hello_decodes_to_sample") {
    const byte_string golden = hex_file("golden_hello");
    const v1::hello hello = decoded<v1::hello>(golden);
    const v1::hello expected = sample_hello();
    CHECK(hello.client_min_protocol == expected.client_min_protocol);
    CHECK(hello.client_max_protocol == expected.client_max_protocol);
    CHECK(hello.service_name == expected.service_name);
    CHECK(hello.wanted_version == expected.wanted_version);
    CHECK(hello.client_version == expected.client_version);
    CHECK(hello.client_capabilities == expected.client_capabilities);
    CHECK(hello.auth_token == expected.auth_token);
    CHECK(hello.request_id == expected.request_id);
    CHECK(hello.connection_id == expected.connection_id);
    CHECK(hello.peer_pid == expected.peer_pid);
    CHECK(hello.client_lib_name == expected.client_lib_name);
    CHECK(hello.client_lib_version == expected.client_lib_version);
    CHECK(hello.peer_attestation_nonce == expected.peer_attestation_nonce);
    CHECK(hello.capability_token == expected.capability_token);
    CHECK(hello.client_keepalive_secs == expected.client_keepalive_secs);
    check_view_and_round_trip<v1::hello_view>(golden, hello);
}

// golden_bytes.rs:293
TEST_CASE("golden_bytes.rs: golden_negotiated_decodes_to_sample") {
    const byte_string golden = hex_file("golden_negotiated");
    const v1::negotiated neg = decoded<v1::negotiated>(golden);
    const v1::negotiated expected = sample_negotiated();
    CHECK(neg.negotiated_protocol == expected.negotiated_protocol);
    CHECK(neg.daemon_version == expected.daemon_version);
    CHECK(neg.backend_pipe == expected.backend_pipe);
    CHECK(neg.warnings == expected.warnings);
    CHECK(neg.server_capabilities == expected.server_capabilities);
    CHECK(neg.keepalive_interval_secs == expected.keepalive_interval_secs);
    CHECK(neg.handle_passed_token == expected.handle_passed_token);
    CHECK(neg.connection_id == expected.connection_id);
    check_view_and_round_trip<v1::negotiated_view>(golden, neg);
}

// golden_bytes.rs:310
TEST_CASE("golden_bytes.rs: golden_refused_decodes_to_sample") {
    const byte_string golden = hex_file("golden_refused");
    const v1::refused refused = decoded<v1::refused>(golden);
    const v1::refused expected = sample_refused();
    CHECK(refused.reason == expected.reason);
    CHECK(refused.daemon_min_protocol == expected.daemon_min_protocol);
    CHECK(refused.daemon_max_protocol == expected.daemon_max_protocol);
    CHECK(refused.code == expected.code);
    CHECK(refused.code == v1::error_code::version_blocked);
    CHECK(static_cast<std::int32_t>(refused.code) == 8);  // ERROR_VERSION_BLOCKED
    CHECK(refused.details == expected.details);
    CHECK(refused.retry_after_ms == expected.retry_after_ms);
    check_view_and_round_trip<v1::refused_view>(golden, refused);
}

// golden_bytes.rs:323
TEST_CASE("golden_bytes.rs: golden_hello_reply_decodes_to_sample") {
    const byte_string golden = hex_file("golden_hello_reply");
    const v1::hello_reply reply = decoded<v1::hello_reply>(golden);
    // upstream: match reply.result { Some(Negotiated(neg)) => neg == sample_negotiated(), other => panic }
    CHECK(reply.result.index() == 1);
    REQUIRE(reply.negotiated() != nullptr);
    CHECK(*reply.negotiated() == sample_negotiated());
    CHECK(reply.refused() == nullptr);
    check_view_and_round_trip<v1::hello_reply_view>(golden, reply);
}

// golden_bytes.rs:334
TEST_CASE("golden_bytes.rs: golden_handoff_offer_decodes_to_sample") {
    const byte_string golden = hex_file("golden_handoff_offer");
    const v1::handoff_offer offer = decoded<v1::handoff_offer>(golden);
    const v1::handoff_offer expected = sample_handoff_offer();
    CHECK(offer.handle_value == expected.handle_value);
    CHECK(offer.token == expected.token);
    CHECK(offer.service_name == expected.service_name);
    CHECK(offer.correlation_id == expected.correlation_id);
    check_view_and_round_trip<v1::handoff_offer_view>(golden, offer);
}

// golden_bytes.rs:344
TEST_CASE("golden_bytes.rs: golden_handoff_ack_decodes_to_sample") {
    const byte_string golden = hex_file("golden_handoff_ack");
    const v1::handoff_ack ack = decoded<v1::handoff_ack>(golden);
    const v1::handoff_ack expected = sample_handoff_ack();
    CHECK(ack.token == expected.token);
    CHECK(ack.accepted == expected.accepted);
    CHECK(ack.error_detail == expected.error_detail);
    CHECK(ack.correlation_id == expected.correlation_id);
    check_view_and_round_trip<v1::handoff_ack_view>(golden, ack);
}

// golden_bytes.rs:360. Upstream asserts `hello == sample_hello()`: prost
// skips field 21 and keeps nothing of it. brokerwire's owning type keeps the
// unknown field's bytes and writes them back (a documented difference, see
// README.md), so here the known fields must equal the sample, the unknown
// bytes must be exactly what was appended, and a decode of the re-encoding
// must show the same known fields. The zero-copy view, which validates
// unknown fields without keeping them, must meet upstream's expectation as
// written.
TEST_CASE("golden_bytes.rs: hello_decode_tolerates_unknown_trailing_field") {
    const byte_string extended = hex_file("hello_unknown_field_21");
    v1::hello hello = decoded<v1::hello>(extended);
    CHECK(hello.unknown_fields == std::string("\xA8\x01\x01", 3));
    v1::hello known = hello;
    known.unknown_fields.clear();
    CHECK(known == sample_hello());

    const byte_string reencoded = v1::encode(hello);
    CHECK(to_hex(reencoded) == to_hex(extended));
    v1::hello again = decoded<v1::hello>(reencoded);
    again.unknown_fields.clear();
    CHECK(again == sample_hello());

    v1::hello_view view;
    REQUIRE(v1::decode(bytes_view(extended), view).ok());
    CHECK(v1::to_message(view) == sample_hello());
}

// ---- 3) framing layout (lines 372-442) --------------------------------------

// golden_bytes.rs:373
TEST_CASE("golden_bytes.rs: framing_layout_is_version_byte_then_le_length_then_body") {
    const byte_string body = v1::encode(sample_hello());
    CHECK(to_hex(body) == to_hex(hex_file("golden_hello")));
    framing::frame_status written;
    const byte_string wire = upstream::captured([&](int fd) {
        written = broker::write_frame(fd, bytes_view(body));
    });
    CHECK(written.ok());
    REQUIRE(wire.size() == 5 + body.size());

    // Byte 0: the framing version, frozen at 1.
    CHECK(wire[0] == 1);
    CHECK(framing::framing_version == 1);
    // Bytes 1..5: the body length as a little-endian u32.
    const auto n = static_cast<std::uint32_t>(body.size());
    CHECK(wire[1] == (n & 0xFF));
    CHECK(wire[2] == (n >> 8 & 0xFF));
    CHECK(wire[3] == (n >> 16 & 0xFF));
    CHECK(wire[4] == (n >> 24 & 0xFF));
    // Bytes 5..: the body, verbatim.
    CHECK(to_hex(byte_string(wire.begin() + 5, wire.end())) == to_hex(body));

    // And the whole frame reads back.
    upstream::pipe_stream stream(wire);
    std::string read_back;
    const framing::frame_status read = broker::read_frame(stream.fd(), framing::max_frame_body, read_back);
    CHECK(read.ok());
    CHECK(to_hex(read_back) == to_hex(body));
}

// golden_bytes.rs:396
TEST_CASE("golden_bytes.rs: framed_golden_hello_has_exact_header_bytes") {
    const byte_string golden = hex_file("golden_hello");
    const byte_string expected = hex_file("framed_golden_hello");
    CHECK(golden.size() == 100);
    framing::frame_status written;
    const byte_string wire = upstream::captured([&](int fd) {
        written = broker::write_frame(fd, bytes_view(golden));
    });
    CHECK(written.ok());
    REQUIRE(wire.size() == 105);
    CHECK(to_hex(byte_string(wire.begin(), wire.begin() + 5)) == "0164000000");
    CHECK(to_hex(byte_string(wire.begin() + 5, wire.end())) == to_hex(golden));
    CHECK(to_hex(wire) == to_hex(expected));

    std::string in_memory;
    CHECK(framing::append_frame(in_memory, golden.data(), golden.size()).ok());
    CHECK(to_hex(in_memory) == to_hex(expected));
}

// golden_bytes.rs:407
TEST_CASE("golden_bytes.rs: size_cap_constants_are_frozen") {
    CHECK(framing::max_frame_body == 16u * 1024u * 1024u);  // 16 MiB frame cap
    CHECK(framing::max_hello_body == 64u * 1024u);          // 64 KiB Hello cap
}

// golden_bytes.rs:413. Upstream: FramingError::FrameTooLarge { body_length:
// MAX + 1, cap: MAX }, before any body read.
TEST_CASE("golden_bytes.rs: oversize_frame_maps_to_frame_too_large") {
    upstream::pipe_stream stream(hex_file("oversize_frame_header"));
    std::string body = "untouched";
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_frame_body, body);
    CHECK(s.code == framing::frame_errc::over_cap);
    CHECK(s.value == std::uint64_t{framing::max_frame_body} + 1);
    CHECK(body.empty());
}

// golden_bytes.rs:430
TEST_CASE("golden_bytes.rs: oversize_hello_maps_to_frame_too_large_under_hello_cap") {
    upstream::pipe_stream stream(hex_file("oversize_hello_header"));
    std::string body;
    const framing::frame_status s = broker::read_frame(stream.fd(), framing::max_hello_body, body);
    CHECK(s.code == framing::frame_errc::over_cap);
    CHECK(s.value == std::uint64_t{framing::max_hello_body} + 1);
    CHECK(body.empty());
}
