// The endpoint probe as pure functions: the daemon's answer to one frame,
// the request checks, the client's request and its checks of the answer.
// Upstream: zackees/running-process, crates/running-process/src/broker/
// backend_lifecycle/probe.rs, backend_sdk/mux.rs, fuzz/fuzz_targets/
// fuzz_probe_identity_decode.rs. Literal bytes are encoded by hand and
// checked with protoc against proto/broker_v1_envelope.proto.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "brokerwire/broker/daemon_frame.hpp"
#include "brokerwire/broker/endpoint_probe.hpp"
#include "brokerwire/broker/probe_payload.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "daemon/daemon_samples.hpp"

namespace bw = brokerwire;
namespace broker = brokerwire::broker;
using daemon_samples::unhex;
using daemon_samples::upstream_identity;

namespace {

// Frame::request(0xB232, [9; 32]).with_request_id(7), as mux.rs
// probe_request_wire builds it: the frame body.
const std::string probe_request_body = unhex(
    "08 01"            // 1 envelope_version 1 (kind REQUEST = 0 is not written)
    "18 b2e402"        // 3 payload_protocol 0xB232
    "22 20") + std::string(32, '\x09') + unhex(  // 4 payload: the nonce
    "28 07");          // 5 request_id 7

// The same, framed: [01][u32 LE 42][body].
const std::string probe_request_wire = unhex("01 2a000000") + probe_request_body;

// The RESPONSE upstream's endpoint_probe_response_frame builds for it from
// upstream_identity(): 230 bytes of body.
std::string probe_response_wire() {
    return unhex("01 e6000000"
                 "08 01"          // envelope_version 1
                 "10 01"          // kind RESPONSE
                 "18 b2e402"      // payload_protocol 0xB232
                 "22 d901") +     // payload, 217 bytes: nonce + identity + trailer
           std::string(32, '\x09') + daemon_samples::upstream_identity_wire() + daemon_samples::legacy_trailer() +
           unhex("28 07");       // request_id 7
}

bw::v1::frame request_frame(std::uint32_t lane, std::string payload, std::uint64_t id = 0) {
    bw::v1::frame f;
    f.envelope_version = 1;
    f.kind = bw::v1::frame_kind::request;
    f.payload_protocol = lane;
    f.payload = std::move(payload);
    f.request_id = id;
    return f;
}

std::string body_of(const bw::v1::frame& f) {
    const std::vector<std::uint8_t> b = bw::v1::encode(f);
    return std::string(b.begin(), b.end());
}

broker::daemon_frame_answer answer(const bw::v1::frame& f, const broker::daemon_lanes& lanes = {}) {
    return broker::answer_daemon_frame(bw::bytes_view(body_of(f)), upstream_identity(), lanes);
}

// The frame inside a reply (the reply holds exactly one).
bw::v1::frame reply_frame(const broker::daemon_frame_answer& a) {
    REQUIRE(a.reply.size() >= bw::framing::header_size);
    const bw::framing::header h = bw::framing::parse_header(reinterpret_cast<const std::uint8_t*>(a.reply.data()));
    REQUIRE(h.version == 1);
    REQUIRE(h.body_length == a.reply.size() - bw::framing::header_size);
    bw::v1::frame f;
    REQUIRE(bw::v1::decode(bw::bytes_view(a.reply.substr(bw::framing::header_size)), f).ok());
    return f;
}

// The text of brokerwire's framed error reply, checking its envelope.
std::string error_text(const broker::daemon_frame_answer& a, std::uint64_t request_id) {
    const bw::v1::frame f = reply_frame(a);
    CHECK(f.kind == bw::v1::frame_kind::response);
    CHECK(f.payload_protocol == bw::broker::lane::admin);
    CHECK(f.request_id == request_id);
    bw::v1::admin_reply r;
    REQUIRE(bw::v1::decode(bw::bytes_view(f.payload), r).ok());
    CHECK(r.exit_code != 0);
    return r.body;
}

broker::probe_nonce nonce_of(std::uint8_t b) {
    broker::probe_nonce n;
    n.fill(b);
    return n;
}

}  // namespace

// ---- the daemon's answer ----

// mux.rs probe_request_is_answered_with_identity_echo
TEST_CASE("mux.rs: probe_request_is_answered_with_identity_echo") {
    const broker::daemon_frame_answer a =
        broker::answer_daemon_frame(bw::bytes_view(probe_request_body), upstream_identity(), {});
    CHECK(a.probe);
    CHECK_FALSE(a.close);
    CHECK(a.fault.empty());
    CHECK(a.reply == probe_response_wire());
    const bw::v1::frame f = reply_frame(a);
    CHECK(f.payload_protocol == 0xB232);
    CHECK(f.request_id == 7);
    CHECK(f.payload.substr(0, 32) == std::string(32, '\x09'));
    bw::v1::daemon_process identity;
    REQUIRE(bw::v1::decode(bw::bytes_view(f.payload.substr(32)), identity).ok());
    CHECK(identity.pid == 1234);
}

TEST_CASE("probe.rs: the response echoes the request's trace context") {
    bw::v1::frame f = request_frame(0xB232, std::string(32, 'n'), 99);
    f.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    f.tracestate = "rp=1";
    const bw::v1::frame r = reply_frame(answer(f));
    CHECK(r.traceparent == f.traceparent);
    CHECK(r.tracestate == f.tracestate);
    CHECK(r.request_id == 99);
    CHECK(r.deadline_unix_ms == 0);
    CHECK(r.payload_encoding == bw::v1::payload_encoding::none);
}

TEST_CASE("probe.rs: request checks run in upstream's order with upstream's reasons") {
    broker::endpoint_probe_request out;
    bw::v1::frame f = request_frame(0xB232, std::string(32, 'n'));
    auto check = [&](const bw::v1::frame& g) {
        const std::string body = body_of(g);
        bw::v1::frame_view v;
        REQUIRE(bw::v1::decode(bw::bytes_view(body), v).ok());
        return broker::read_endpoint_probe_request(v, out);
    };
    REQUIRE(check(f).ok());
    f.payload_encoding = bw::v1::payload_encoding::zstd;
    f.payload = "short";
    CHECK(broker::to_string(check(f)) == "unexpected endpoint probe request: payload is compressed (got 1)");
    f.payload_encoding = bw::v1::payload_encoding::none;
    CHECK(broker::to_string(check(f)) == "endpoint probe request payload is malformed: nonce must be 32 bytes (got 5)");
    f.kind = bw::v1::frame_kind::response;
    CHECK(broker::to_string(check(f)) == "unexpected endpoint probe request: kind is not REQUEST (got 1)");
    f.envelope_version = 2;
    CHECK(broker::to_string(check(f)) == "unexpected endpoint probe request: envelope_version is not v1 (got 2)");
    f = request_frame(0xB233, std::string(32, 'n'));
    CHECK(check(f).fault == broker::probe_request_fault::payload_protocol);
}

// mux.rs malformed_probe_is_connection_fatal
TEST_CASE("mux.rs: malformed_probe_is_connection_fatal") {
    const broker::daemon_frame_answer a = answer(request_frame(0xB232, std::string(31, '\0'), 5));
    CHECK(a.close);
    CHECK_FALSE(a.probe);
    CHECK(error_text(a, 5) ==
          "error: malformed BackendHandle probe: endpoint probe request payload is malformed: nonce must be 32 bytes (got 31)");
}

TEST_CASE("a probe of the wrong kind is refused with a framed error and the connection closed") {
    bw::v1::frame f = request_frame(0xB232, std::string(32, 'n'), 8);
    f.kind = bw::v1::frame_kind::event;
    const broker::daemon_frame_answer a = answer(f);
    CHECK(a.close);
    CHECK(error_text(a, 8).find("kind is not REQUEST (got 2)") != std::string::npos);
}

// mux.rs first_party_and_unserved_protocols_are_rejected
TEST_CASE("mux.rs: first_party_and_unserved_protocols_are_rejected") {
    const broker::daemon_frame_answer hello = answer(request_frame(bw::broker::lane::control, "hello", 3));
    CHECK(hello.close);
    CHECK(error_text(hello, 3) == "error: unexpected first-party frame on backend endpoint (payload_protocol 0x0000)");
    for (const std::uint32_t lane : {bw::broker::lane::admin, bw::broker::lane::handoff}) {
        CHECK(answer(request_frame(lane, "")).close);
    }
    const broker::daemon_frame_answer other = answer(request_frame(0x7002, ""));
    CHECK(other.close);
    CHECK(error_text(other, 0) == "error: frame for unserved payload protocol 0x7002");
}

// mux.rs consumer_payload_frame_passes_through
TEST_CASE("mux.rs: consumer_payload_frame_passes_through") {
    bw::v1::frame seen;
    broker::daemon_lanes lanes;
    lanes[0x7001] = [&](const bw::broker::lane_request& r, bw::broker::lane_reply& reply) {
        seen = bw::v1::to_message(r.envelope);
        reply.payload = "pong:" + std::string(r.payload.as_chars());
    };
    const bw::v1::frame request = request_frame(0x7001, "ping", 3);
    const broker::daemon_frame_answer a = answer(request, lanes);
    CHECK(seen == request);
    CHECK_FALSE(a.close);
    const bw::v1::frame r = reply_frame(a);
    CHECK(r.kind == bw::v1::frame_kind::response);
    CHECK(r.payload_protocol == 0x7001);
    CHECK(r.request_id == 3);
    CHECK(r.payload == "pong:ping");

    bw::v1::frame event = request_frame(0x7001, "tick");
    event.kind = bw::v1::frame_kind::event;
    CHECK(answer(event, lanes).reply.empty());  // only a REQUEST is answered

    lanes[0x7001] = [](const bw::broker::lane_request&, bw::broker::lane_reply& reply) { reply.error = "busy"; };
    const broker::daemon_frame_answer refused = answer(request, lanes);
    CHECK_FALSE(refused.close);
    CHECK(error_text(refused, 3) == "error: busy");
}

TEST_CASE("garbage: an undecodable Frame or broken framing gets a framed error with request_id 0") {
    const broker::daemon_frame_answer a =
        broker::answer_daemon_frame(bw::bytes_view(unhex("ff ff ff")), upstream_identity(), {});
    CHECK(a.close);
    CHECK(error_text(a, 0).rfind("error: malformed Frame: ", 0) == 0);
    bw::framing::frame_status s;
    s.code = bw::framing::frame_errc::wrong_version;
    s.value = 'G';
    const broker::daemon_frame_answer g = broker::answer_broken_framing(s);
    CHECK(g.close);
    CHECK(error_text(g, 0).find("framing byte 0x47 is not 1") != std::string::npos);
}

TEST_CASE("registry.rs: the first-party lanes are control, admin, probe and handoff; session is not") {
    for (const std::uint32_t lane : {0x0000u, 0xAD01u, 0xB232u, 0xD0FFu}) CHECK(broker::is_first_party_lane(lane));
    CHECK_FALSE(broker::is_first_party_lane(0x5350));
    CHECK_FALSE(broker::is_first_party_lane(0x7A63));
}

// ---- the client's request and its checks of the answer ----

TEST_CASE("probe.rs: the client's request carries the nonce and derives request_id from its first 8 bytes") {
    broker::probe_nonce nonce;
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<std::uint8_t>(i);
    CHECK(broker::probe_request_id(nonce) == 0x0706050403020100ull);
    CHECK(broker::endpoint_probe_request_frame(nonce) ==
          unhex("08 01 18 b2e402 22 20 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                "28 80828898c0a08183 07"));  // request_id 0x0706050403020100
}

TEST_CASE("probe.rs: a response is checked for version, kind, lane, request_id, then encoding") {
    const broker::probe_nonce nonce = nonce_of(0x5A);
    broker::endpoint_probe_request req;
    req.nonce = nonce;
    req.request_id = broker::probe_request_id(nonce);
    const std::string good = broker::endpoint_probe_response_frame(req, upstream_identity());
    bw::v1::frame f;
    REQUIRE(bw::v1::decode(bw::bytes_view(good), f).ok());
    auto check = [&](const bw::v1::frame& g) {
        const std::string body = body_of(g);
        bw::v1::frame_view v;
        REQUIRE(bw::v1::decode(bw::bytes_view(body), v).ok());
        broker::daemon_identity out;
        return broker::read_endpoint_probe_response(v, nonce, out);
    };
    REQUIRE(check(f).ok());
    bw::v1::frame g = f;
    g.payload_encoding = bw::v1::payload_encoding::lz4;
    g.request_id = 1;
    CHECK(check(g).fault == broker::probe_response_fault::request_id);  // before the encoding
    g.request_id = f.request_id;
    CHECK(broker::to_string(check(g)) == "unexpected endpoint probe response: payload is compressed (got 3)");
    g = f;
    g.payload_protocol = 0xAD01;
    CHECK(broker::to_string(check(g)) ==
          "unexpected endpoint probe response: payload_protocol is not endpoint probe (got 44289)");
    g.kind = bw::v1::frame_kind::request;
    CHECK(check(g).fault == broker::probe_response_fault::kind);
}

TEST_CASE("probe.rs decode_response_identity: length, then nonce, then the identity") {
    const broker::probe_nonce nonce = nonce_of(0x5A);
    const std::string n(32, '\x5A');
    const std::string identity = daemon_samples::upstream_identity_wire() + daemon_samples::legacy_trailer();
    broker::daemon_identity out;
    auto decode = [&](const std::string& payload) {
        return broker::decode_response_identity(bw::bytes_view(payload), nonce, out);
    };
    REQUIRE(decode(n + identity).ok());
    broker::daemon_identity expected = upstream_identity();
    expected.legacy_exe_sha256.fill(0);  // decoded identities never carry it
    CHECK(out == expected);
    CHECK(broker::to_string(decode(n.substr(1))) ==
          "endpoint probe response payload is malformed: payload shorter than nonce (got 31)");
    CHECK(broker::to_string(decode(std::string(32, 'x') + identity)) ==
          "unexpected endpoint probe response: nonce does not match endpoint probe request");
    CHECK(decode(n + "\xff").fault == broker::probe_response_fault::undecodable);
    CHECK(broker::to_string(decode(n)) == "daemon process is missing ipc_endpoint");  // an empty DaemonProcess
}

// fuzz_probe_identity_decode.rs: every accepted identity carries an
// endpoint and a 32-byte digest. Replayed over deterministic mutations of a
// valid response payload.
TEST_CASE("fuzz_probe_identity_decode.rs: accepted identities always have an endpoint and a 32-byte digest") {
    const broker::probe_nonce nonce = nonce_of(0x5A);
    const std::string valid = daemon_samples::upstream_identity_wire() + daemon_samples::legacy_trailer();
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    int accepted = 0;
    for (int round = 0; round < 4000; ++round) {
        std::string data = valid;
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits && !data.empty(); ++e) {
            const std::size_t at = static_cast<std::size_t>(next() % data.size());
            switch (next() % 3) {
                case 0: data[at] = static_cast<char>(next()); break;
                case 1: data.erase(at, 1); break;
                default: data.resize(at); break;
            }
        }
        broker::daemon_identity out;
        // Raw: the short-payload and nonce-mismatch rejections.
        (void)broker::decode_response_identity(bw::bytes_view(data), nonce, out);
        const std::string payload = std::string(32, '\x5A') + data;
        if (broker::decode_response_identity(bw::bytes_view(payload), nonce, out).ok()) {
            ++accepted;
            const bw::v1::daemon_process proto = broker::to_proto(out);
            CHECK(proto.ipc_endpoint.has_value());
            CHECK(proto.exe_hash.size() == 32);
        }
    }
    CHECK(accepted > 0);
}

// ---- the payload layout shared with `brokerwire frames` ----

TEST_CASE("probe payload: the legacy trailer is found, and a faulty one is named") {
    const std::string wire = daemon_samples::upstream_identity_wire();
    // The trailer's digest views its input: keep each input alive while it is checked.
    const std::string with_trailer = wire + daemon_samples::legacy_trailer();
    broker::legacy_trailer t = broker::read_legacy_trailer(bw::bytes_view(with_trailer));
    CHECK(t.state == broker::legacy_trailer_state::present);
    CHECK(t.digest == std::string(32, '\x24'));
    CHECK(t.offset == wire.size());
    CHECK(broker::read_legacy_trailer(bw::bytes_view(wire)).state == broker::legacy_trailer_state::absent);
    const std::string short_trailer = wire + unhex("1a 02 abcd");
    t = broker::read_legacy_trailer(bw::bytes_view(short_trailer));
    CHECK(t.state == broker::legacy_trailer_state::wrong_length);
    CHECK(t.length == 2);
    CHECK(broker::read_legacy_trailer(bw::bytes_view(wire + unhex("18 01"))).state ==
          broker::legacy_trailer_state::not_delimited);
    broker::probe_response_parts parts;
    CHECK_FALSE(broker::split_probe_response(bw::bytes_view(std::string(31, 'n')), parts));
    const std::string answer = std::string(32, 'n') + "xy";
    REQUIRE(broker::split_probe_response(bw::bytes_view(answer), parts));
    CHECK(parts.nonce.size() == 32);
    CHECK(parts.identity_bytes.as_chars() == "xy");
}
