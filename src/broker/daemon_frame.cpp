// What a daemon's endpoint answers to one frame (see daemon_frame.hpp).
#include "brokerwire/broker/daemon_frame.hpp"

#include <cstdio>

#include "brokerwire/broker/endpoint_probe.hpp"
#include "brokerwire/broker/lanes.hpp"

namespace brokerwire::broker {
namespace {

std::string framed(const std::string& body) {
    std::string out;
    (void)framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
    return out;
}

// upstream mux.rs formats lanes as {:#06X}: "0x0000", "0xB232".
std::string lane_text(std::uint32_t lane) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X", lane);
    return buf;
}

daemon_frame_answer refused_answer(const broker::response_to& to, dispatch_errc code, std::string why) {
    daemon_frame_answer a;
    a.reply = framed(broker::encode_error_response(to, code, why));
    a.close = true;
    a.fault = std::move(why);
    return a;
}

dispatch_errc code_for(probe_request_fault f) noexcept {
    switch (f) {
        case probe_request_fault::envelope_version: return dispatch_errc::wrong_envelope_version;
        case probe_request_fault::kind: return dispatch_errc::unexpected_kind;
        case probe_request_fault::payload_encoding: return dispatch_errc::unsupported_encoding;
        default: return dispatch_errc::refused_by_handler;
    }
}

daemon_frame_answer answer_probe(const v1::frame_view& f, const daemon_identity& daemon) {
    endpoint_probe_request request;
    const probe_request_check check = read_endpoint_probe_request(f, request);
    if (!check.ok()) {
        return refused_answer(broker::reply_address(f), code_for(check.fault), "malformed BackendHandle probe: " + to_string(check));
    }
    daemon_frame_answer a;
    a.reply = framed(endpoint_probe_response_frame(request, daemon));
    a.probe = true;
    return a;
}

daemon_frame_answer answer_served(const v1::frame_view& f, const broker::lane_handler& handler) {
    broker::lane_reply reply;
    handler(broker::lane_request{f, bytes_view(f.payload)}, reply);
    daemon_frame_answer a;
    a.close = reply.close;
    if (f.kind != v1::frame_kind::request) return a;  // only a REQUEST expects an answer
    const broker::response_to to = broker::reply_address(f);
    if (!reply.error.empty()) {
        a.reply = framed(broker::encode_error_response(to, dispatch_errc::refused_by_handler, reply.error));
        a.fault = reply.error;
    } else {
        a.reply = framed(broker::encode_response(to, bytes_view(reply.payload)));
    }
    return a;
}

}  // namespace

bool is_first_party_lane(std::uint32_t lane) noexcept {
    return lane == broker::lane::control || lane == broker::lane::admin || lane == broker::lane::backend_probe ||
           lane == broker::lane::handoff;
}

daemon_frame_answer answer_daemon_frame(bytes_view body, const daemon_identity& daemon, const daemon_lanes& lanes) {
    v1::frame_view f;
    const status s = decode(body, f);
    if (!s.ok()) {
        return refused_answer(broker::response_to{broker::lane::admin, 0, {}, {}}, dispatch_errc::malformed_envelope,
                              "malformed Frame: " + to_string(s));
    }
    if (f.payload_protocol == broker::lane::backend_probe) return answer_probe(f, daemon);
    if (is_first_party_lane(f.payload_protocol)) {
        return refused_answer(broker::reply_address(f), dispatch_errc::lane_not_served,
                              "unexpected first-party frame on backend endpoint (payload_protocol " +
                                  lane_text(f.payload_protocol) + ")");
    }
    const auto served = lanes.find(f.payload_protocol);
    if (served == lanes.end() || !served->second) {
        return refused_answer(broker::reply_address(f), dispatch_errc::lane_not_served,
                              "frame for unserved payload protocol " + lane_text(f.payload_protocol));
    }
    return answer_served(f, served->second);
}

daemon_frame_answer answer_broken_framing(const framing::frame_status& s) {
    std::string why;
    if (s.code == framing::frame_errc::wrong_version) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(s.value & 0xFFu));
        why = std::string("unexpected bytes: framing byte ") + buf + " is not 1 (this endpoint speaks only framed broker messages)";
    } else {
        why = "broken framing: " + framing::to_string(s);
    }
    return refused_answer(broker::response_to{broker::lane::admin, 0, {}, {}}, dispatch_errc::malformed_envelope, why);
}

}  // namespace brokerwire::broker
