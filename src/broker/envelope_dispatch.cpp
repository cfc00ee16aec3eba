// Envelope dispatch: check the envelope, route by lane, build the reply.
#include "brokerwire/broker/envelope_dispatch.hpp"

#include <cstdio>
#include <utility>

#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"

namespace brokerwire::broker {
namespace {

std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%04llX", static_cast<unsigned long long>(v));
    return buf;
}

std::string to_text(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

// Fills `r` as a failure and, when the peer expects an answer, the reply.
dispatch_result& refuse(dispatch_result& r, dispatch_errc code, std::uint64_t value, std::string message,
                        bool answer, const response_to& to, std::string& reply_body) {
    r.code = code;
    r.value = value;
    r.message = std::string(describe(code)) + ": " + std::move(message);
    if (answer) {
        reply_body = encode_error_response(to, code, r.message);
        r.replied = true;
    }
    return r;
}

}  // namespace

const char* describe(dispatch_errc code) noexcept {
    switch (code) {
        case dispatch_errc::ok: return "ok";
        case dispatch_errc::malformed_envelope: return "malformed envelope";
        case dispatch_errc::wrong_envelope_version: return "wrong envelope version";
        case dispatch_errc::unsupported_encoding: return "unsupported payload encoding";
        case dispatch_errc::unknown_lane: return "unknown lane";
        case dispatch_errc::lane_not_served: return "lane not served here";
        case dispatch_errc::unexpected_kind: return "unexpected frame kind";
        case dispatch_errc::refused_by_handler: return "request refused";
    }
    return "unknown dispatch error";
}

void envelope_dispatcher::on(std::uint32_t lane_id, lane_handler handler) {
    handlers_[lane_id] = std::move(handler);
}

dispatch_result envelope_dispatcher::dispatch(bytes_view frame_body, std::string& reply_body) const {
    reply_body.clear();
    dispatch_result r;
    v1::frame_view env;
    r.decode = decode(frame_body, env);
    if (!r.decode.ok()) {
        // The request_id is unreadable; answer with 0 so the peer at least
        // learns why, then the caller decides whether to keep the connection.
        return refuse(r, dispatch_errc::malformed_envelope, 0, to_string(r.decode), true, response_to{}, reply_body);
    }
    r.lane = env.payload_protocol;
    r.request_id = env.request_id;
    const response_to to = reply_address(env);

    const bool is_request = env.kind == v1::frame_kind::request;
    if (env.kind == v1::frame_kind::cancel) return r;  // nothing here runs long enough to cancel
    if (!is_request && env.kind != v1::frame_kind::event) {
        const auto kind = static_cast<std::int32_t>(env.kind);
        return refuse(r, dispatch_errc::unexpected_kind, static_cast<std::uint64_t>(kind),
                      "frame kind " + std::to_string(kind) + " is not a request or an event", false, to,
                      reply_body);
    }
    if (env.envelope_version != envelope_version) {
        return refuse(r, dispatch_errc::wrong_envelope_version, env.envelope_version,
                      "envelope_version " + std::to_string(env.envelope_version) + ", expected 1",
                      is_request, to, reply_body);
    }
    if (env.payload_encoding != v1::payload_encoding::none) {
        const auto enc = static_cast<std::int32_t>(env.payload_encoding);
        const std::string_view name = name_of(env.payload_encoding);
        return refuse(r, dispatch_errc::unsupported_encoding, static_cast<std::uint64_t>(enc),
                      (name.empty() ? "payload_encoding " + std::to_string(enc) : std::string(name)) +
                          "; only PAYLOAD_ENCODING_NONE is accepted",
                      is_request, to, reply_body);
    }
    const char* name = lane_name(env.payload_protocol);
    const auto found = handlers_.find(env.payload_protocol);
    if (found == handlers_.end()) {
        if (name == nullptr) {
            return refuse(r, dispatch_errc::unknown_lane, env.payload_protocol,
                          "payload_protocol " + hex(env.payload_protocol), is_request, to, reply_body);
        }
        return refuse(r, dispatch_errc::lane_not_served, env.payload_protocol,
                      std::string(name) + " lane (" + hex(env.payload_protocol) + ")", is_request, to,
                      reply_body);
    }

    lane_reply reply;
    found->second(lane_request{env, bytes_view(env.payload)}, reply);
    r.close = reply.close;
    if (!reply.error.empty()) {
        return refuse(r, dispatch_errc::refused_by_handler, env.payload_protocol, std::move(reply.error),
                      is_request, to, reply_body);
    }
    if (is_request) {
        reply_body = encode_response(to, bytes_view(reply.payload));
        r.replied = true;
    }
    return r;
}

response_to reply_address(const v1::frame_view& request) noexcept {
    return {request.payload_protocol, request.request_id, request.traceparent, request.tracestate};
}

std::string encode_response(const response_to& to, bytes_view payload) {
    v1::frame f;
    f.envelope_version = envelope_version;
    f.kind = v1::frame_kind::response;
    f.payload_protocol = to.lane;
    f.payload.assign(payload.as_chars());
    f.request_id = to.request_id;
    f.traceparent.assign(to.traceparent);
    f.tracestate.assign(to.tracestate);
    return to_text(encode(f));
}

std::string encode_error_response(const response_to& to, dispatch_errc code, const std::string& message) {
    v1::admin_reply reply;
    reply.kind = v1::admin_reply_kind::text;
    reply.body = "error: " + message;
    reply.exit_code = static_cast<std::uint32_t>(code);
    reply.content_type = "text/plain";
    response_to admin = to;
    admin.lane = lane::admin;
    return encode_response(admin, bytes_view(to_text(encode(reply))));
}

}  // namespace brokerwire::broker
