// docs/contract.md, "Envelope" and "Error replies": the frame body is a v1
// Frame envelope routed by payload_protocol; a reply is a RESPONSE echoing
// request_id.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/envelope.hpp"

using namespace brokerwire::broker;
using brokerwire::bytes_view;
namespace v1 = brokerwire::v1;

namespace {

std::string body_of(const v1::frame& f) {
    const std::vector<std::uint8_t> b = encode(f);
    return std::string(b.begin(), b.end());
}

v1::frame request(std::uint32_t lane_id, std::string payload, std::uint64_t id = 42,
                  v1::frame_kind kind = v1::frame_kind::request) {
    v1::frame f;
    f.envelope_version = 1;
    f.kind = kind;
    f.payload_protocol = lane_id;
    f.payload = std::move(payload);
    f.request_id = id;
    return f;
}

v1::frame decoded(const std::string& body) {
    v1::frame f;
    REQUIRE(decode(bytes_view(body), f).ok());
    return f;
}

// The AdminReply inside an error response, checked to be one.
v1::admin_reply error_reply(const std::string& reply_body, std::uint64_t id) {
    const v1::frame f = decoded(reply_body);
    CHECK(f.kind == v1::frame_kind::response);
    CHECK(f.envelope_version == 1);
    CHECK(f.payload_protocol == lane::admin);
    CHECK(f.request_id == id);
    v1::admin_reply reply;
    REQUIRE(decode(bytes_view(f.payload), reply).ok());
    CHECK(reply.kind == v1::admin_reply_kind::text);
    CHECK(reply.body.rfind("error: ", 0) == 0);
    return reply;
}

// A dispatcher serving every lane with an echo that names the lane.
envelope_dispatcher all_lanes(std::vector<std::uint32_t>& seen) {
    envelope_dispatcher d;
    for (std::uint32_t l : {lane::control, lane::admin, lane::backend_probe, lane::handoff, lane::session}) {
        d.on(l, [&seen, l](const lane_request& req, lane_reply& reply) {
            seen.push_back(l);
            reply.payload = std::string(lane_name(l)) + ":" + std::string(req.payload.as_chars());
        });
    }
    return d;
}

}  // namespace

TEST_CASE("each payload_protocol value is routed to its own lane") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    for (std::uint32_t l : {lane::control, lane::admin, lane::backend_probe, lane::handoff, lane::session}) {
        std::string reply;
        const dispatch_result r = d.dispatch(bytes_view(body_of(request(l, "p"))), reply);
        CHECK(r.ok());
        CHECK(r.lane == l);
        REQUIRE(!seen.empty());
        CHECK(seen.back() == l);
        CHECK(decoded(reply).payload == std::string(lane_name(l)) + ":p");
    }
    CHECK(seen.size() == 5);
}

TEST_CASE("a request is answered with a RESPONSE on its lane echoing request_id") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    std::string reply;
    const dispatch_result r =
        d.dispatch(bytes_view(body_of(request(lane::session, "abc", 0xFFFFFFFFFFFFull))), reply);
    REQUIRE(r.replied);
    const v1::frame f = decoded(reply);
    CHECK(f.kind == v1::frame_kind::response);
    CHECK(f.envelope_version == 1);
    CHECK(f.payload_protocol == lane::session);
    CHECK(f.request_id == 0xFFFFFFFFFFFFull);
    CHECK(f.payload == "session:abc");
}

TEST_CASE("a RESPONSE, and an error RESPONSE, echo the request's traceparent and tracestate") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    for (const std::uint32_t lane_id : {lane::session, 0x7777u}) {  // served, and unknown (an error)
        CAPTURE(lane_id);
        v1::frame traced = request(lane_id, "abc", 9);
        traced.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        traced.tracestate = "vendor=1,other=2";
        std::string reply;
        const dispatch_result r = d.dispatch(bytes_view(body_of(traced)), reply);
        REQUIRE(r.replied);
        const v1::frame f = decoded(reply);
        CHECK(f.request_id == 9);
        CHECK(f.traceparent == traced.traceparent);
        CHECK(f.tracestate == traced.tracestate);
    }
}

TEST_CASE("events are routed but never answered; responses and cancels are not routed") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    std::string reply = "stale";
    dispatch_result r = d.dispatch(bytes_view(body_of(request(lane::control, "e", 1, v1::frame_kind::event))), reply);
    CHECK(r.ok());
    CHECK_FALSE(r.replied);
    CHECK(reply.empty());
    CHECK(seen.size() == 1);

    r = d.dispatch(bytes_view(body_of(request(lane::control, "", 1, v1::frame_kind::cancel))), reply);
    CHECK(r.ok());
    CHECK_FALSE(r.replied);

    r = d.dispatch(bytes_view(body_of(request(lane::control, "", 1, v1::frame_kind::response))), reply);
    CHECK(r.code == dispatch_errc::unexpected_kind);
    CHECK(r.value == 1);
    CHECK_FALSE(r.replied);
    CHECK(reply.empty());
    CHECK(seen.size() == 1);
}

TEST_CASE("a compressed payload is refused, not guessed at") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    for (auto enc : {v1::payload_encoding::zstd, v1::payload_encoding::snappy, v1::payload_encoding::lz4,
                     static_cast<v1::payload_encoding>(99)}) {
        v1::frame f = request(lane::control, "x", 7);
        f.payload_encoding = enc;
        std::string reply;
        const dispatch_result r = d.dispatch(bytes_view(body_of(f)), reply);
        CHECK(r.code == dispatch_errc::unsupported_encoding);
        CHECK(r.value == static_cast<std::uint64_t>(enc));
        const v1::admin_reply e = error_reply(reply, 7);
        CHECK(e.exit_code == 3);
        CHECK(e.body.find("only PAYLOAD_ENCODING_NONE") != std::string::npos);
    }
    CHECK(seen.empty());
}

TEST_CASE("an unknown lane is answered with a clear error naming it") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    std::string reply;
    const dispatch_result r = d.dispatch(bytes_view(body_of(request(0x1234, "x", 9))), reply);
    CHECK(r.code == dispatch_errc::unknown_lane);
    CHECK(r.value == 0x1234);
    const v1::admin_reply e = error_reply(reply, 9);
    CHECK(e.exit_code == 4);
    CHECK(e.body == "error: unknown lane: payload_protocol 0x1234");
    CHECK(seen.empty());
}

TEST_CASE("a lane of the protocol without a handler is answered as not served") {
    envelope_dispatcher d;
    std::string reply;
    const dispatch_result r = d.dispatch(bytes_view(body_of(request(lane::handoff, "x", 3))), reply);
    CHECK(r.code == dispatch_errc::lane_not_served);
    CHECK(error_reply(reply, 3).body == "error: lane not served here: handoff lane (0xD0FF)");
}

TEST_CASE("a malformed envelope is answered with request_id 0 and the decode verdict") {
    envelope_dispatcher d;
    std::string reply;
    const std::string garbage("\x08\xFF", 2);  // field 1 varint, cut short
    const dispatch_result r = d.dispatch(bytes_view(garbage), reply);
    CHECK(r.code == dispatch_errc::malformed_envelope);
    CHECK(r.decode.code == brokerwire::errc::invalid_varint);
    const v1::admin_reply e = error_reply(reply, 0);
    CHECK(e.exit_code == 1);
    CHECK(e.body.find("invalid varint") != std::string::npos);
}

TEST_CASE("an envelope version other than 1 is refused") {
    std::vector<std::uint32_t> seen;
    const envelope_dispatcher d = all_lanes(seen);
    for (std::uint32_t version : {0u, 2u}) {
        v1::frame f = request(lane::control, "x", 5);
        f.envelope_version = version;
        std::string reply;
        const dispatch_result r = d.dispatch(bytes_view(body_of(f)), reply);
        CHECK(r.code == dispatch_errc::wrong_envelope_version);
        CHECK(r.value == version);
        CHECK(error_reply(reply, 5).exit_code == 2);
    }
    CHECK(seen.empty());
}

TEST_CASE("a handler's refusal is answered as an error and its close request is passed on") {
    envelope_dispatcher d;
    d.on(lane::control, [](const lane_request&, lane_reply& reply) {
        reply.error = "bad BackendHttpReady";
        reply.close = true;
    });
    std::string reply;
    const dispatch_result r = d.dispatch(bytes_view(body_of(request(lane::control, "x", 11))), reply);
    CHECK(r.code == dispatch_errc::refused_by_handler);
    CHECK(r.close);
    CHECK(r.message == "request refused: bad BackendHttpReady");
    CHECK(error_reply(reply, 11).exit_code == 7);
}

TEST_CASE("the handler sees the envelope and its payload") {
    envelope_dispatcher d;
    std::uint64_t seen_id = 0;
    std::string seen_payload;
    d.on(lane::admin, [&](const lane_request& req, lane_reply&) {
        seen_id = req.envelope.request_id;
        seen_payload = std::string(req.payload.as_chars());
    });
    v1::frame f = request(lane::admin, std::string("\x08\x01", 2), 77);
    f.traceparent = "00-abc-01";
    std::string reply;
    CHECK(d.dispatch(bytes_view(body_of(f)), reply).ok());
    CHECK(seen_id == 77);
    CHECK(seen_payload == std::string("\x08\x01", 2));
    CHECK(decoded(reply).payload.empty());
}
