// The endpoint identity probe as pure functions of frames (see endpoint_probe.hpp).
#include "brokerwire/broker/endpoint_probe.hpp"

#include <cstring>
#include <vector>

#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/lanes.hpp"

namespace brokerwire::broker {
namespace {

std::string with_actual(std::string text, std::int64_t actual) {
    return text + " (got " + std::to_string(actual) + ")";
}

probe_request_fault request_fault_of(broker::envelope_fault f) noexcept {
    switch (f) {
        case broker::envelope_fault::none: return probe_request_fault::none;
        case broker::envelope_fault::version: return probe_request_fault::envelope_version;
        case broker::envelope_fault::kind: return probe_request_fault::kind;
        case broker::envelope_fault::payload_protocol: return probe_request_fault::payload_protocol;
        case broker::envelope_fault::payload_encoding: return probe_request_fault::payload_encoding;
    }
    return probe_request_fault::envelope_version;
}

probe_response_fault response_fault_of(broker::envelope_fault f) noexcept {
    switch (f) {
        case broker::envelope_fault::none: return probe_response_fault::none;
        case broker::envelope_fault::version: return probe_response_fault::envelope_version;
        case broker::envelope_fault::kind: return probe_response_fault::kind;
        case broker::envelope_fault::payload_protocol: return probe_response_fault::payload_protocol;
        case broker::envelope_fault::payload_encoding: return probe_response_fault::payload_encoding;
    }
    return probe_response_fault::envelope_version;
}

probe_response_check response_fault(probe_response_fault f, std::int64_t actual) {
    probe_response_check c;
    c.fault = f;
    c.actual = actual;
    return c;
}

}  // namespace

const char* describe(probe_request_fault f) noexcept {
    switch (f) {
        case probe_request_fault::none: return "";
        case probe_request_fault::envelope_version: return "envelope_version is not v1";
        case probe_request_fault::kind: return "kind is not REQUEST";
        case probe_request_fault::payload_protocol: return "payload_protocol is not endpoint probe";
        case probe_request_fault::payload_encoding: return "payload is compressed";
        case probe_request_fault::nonce_length: return "nonce must be 32 bytes";
    }
    return "unknown probe request fault";
}

std::string to_string(const probe_request_check& c) {
    if (c.ok()) return "ok";
    // probe.rs EndpointProbeServerError: UnexpectedFrame vs MalformedPayload.
    const std::string prefix = c.fault == probe_request_fault::nonce_length
                                   ? "endpoint probe request payload is malformed: "
                                   : "unexpected endpoint probe request: ";
    return with_actual(prefix + describe(c.fault), c.actual);
}

probe_request_check read_endpoint_probe_request(const v1::frame_view& f, endpoint_probe_request& out) {
    const broker::envelope_check env =
        broker::validate_frame_envelope(f, v1::frame_kind::request, broker::lane::backend_probe);
    if (!env.ok()) return {request_fault_of(env.fault), env.actual};
    if (f.payload.size() != probe_nonce_bytes) {
        return {probe_request_fault::nonce_length, static_cast<std::int64_t>(f.payload.size())};
    }
    out.request_id = f.request_id;
    std::memcpy(out.nonce.data(), f.payload.data(), probe_nonce_bytes);
    out.traceparent.assign(f.traceparent);
    out.tracestate.assign(f.tracestate);
    return {};
}

std::string endpoint_probe_response_frame(const endpoint_probe_request& request, const daemon_identity& daemon) {
    std::string payload(reinterpret_cast<const char*>(request.nonce.data()), request.nonce.size());
    payload += encode_probe_identity(daemon);
    const broker::response_to to{broker::lane::backend_probe, request.request_id, request.traceparent,
                                  request.tracestate};
    return broker::encode_response(to, bytes_view(payload));
}

std::uint64_t probe_request_id(const probe_nonce& nonce) noexcept {
    std::uint64_t id = 0;
    for (std::size_t i = 8; i-- > 0;) id = (id << 8) | nonce[i];
    return id;
}

std::string endpoint_probe_request_frame(const probe_nonce& nonce) {
    v1::frame f;
    f.envelope_version = broker::envelope_version;
    f.kind = v1::frame_kind::request;
    f.payload_protocol = broker::lane::backend_probe;
    f.payload.assign(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    f.request_id = probe_request_id(nonce);
    const std::vector<std::uint8_t> body = encode(f);
    return std::string(body.begin(), body.end());
}

const char* describe(probe_response_fault f) noexcept {
    switch (f) {
        case probe_response_fault::none: return "";
        case probe_response_fault::envelope_version: return "envelope_version is not v1";
        case probe_response_fault::kind: return "kind is not RESPONSE";
        case probe_response_fault::payload_protocol: return "payload_protocol is not endpoint probe";
        case probe_response_fault::request_id: return "request_id does not match endpoint probe request";
        case probe_response_fault::payload_encoding: return "payload is compressed";
        case probe_response_fault::short_payload: return "payload shorter than nonce";
        case probe_response_fault::nonce_mismatch: return "nonce does not match endpoint probe request";
        case probe_response_fault::undecodable: return "failed to decode endpoint probe daemon identity";
        case probe_response_fault::invalid_identity: return "invalid daemon identity";
    }
    return "unknown probe response fault";
}

std::string to_string(const probe_response_check& c) {
    switch (c.fault) {
        case probe_response_fault::none: return "ok";
        case probe_response_fault::short_payload:
            return with_actual(std::string("endpoint probe response payload is malformed: ") + describe(c.fault),
                               c.actual);
        case probe_response_fault::nonce_mismatch:
            return std::string("unexpected endpoint probe response: ") + describe(c.fault);
        case probe_response_fault::undecodable:
            return std::string(describe(c.fault)) + ": " + to_string(c.decode);
        case probe_response_fault::invalid_identity: return to_string(c.identity);
        case probe_response_fault::request_id:
            return std::string("unexpected endpoint probe response: ") + describe(c.fault) + " (got " +
                   std::to_string(static_cast<std::uint64_t>(c.actual)) + ")";
        default: return with_actual(std::string("unexpected endpoint probe response: ") + describe(c.fault), c.actual);
    }
}

probe_response_check decode_response_identity(bytes_view payload, const probe_nonce& expected_nonce,
                                              daemon_identity& out) {
    probe_response_parts parts;
    if (!split_probe_response(payload, parts)) {
        return response_fault(probe_response_fault::short_payload, static_cast<std::int64_t>(payload.size()));
    }
    // The nonce is compared before a byte of the untrusted identity is decoded.
    if (std::memcmp(parts.nonce.data(), expected_nonce.data(), probe_nonce_bytes) != 0) {
        return response_fault(probe_response_fault::nonce_mismatch, 0);
    }
    v1::daemon_process message;
    probe_response_check c;
    c.decode = decode(parts.identity_bytes, message);
    if (!c.decode.ok()) {
        c.fault = probe_response_fault::undecodable;
        return c;
    }
    c.identity = from_proto(message, out);
    if (!c.identity.ok()) c.fault = probe_response_fault::invalid_identity;
    return c;
}

probe_response_check read_endpoint_probe_response(const v1::frame_view& f, const probe_nonce& nonce,
                                                  daemon_identity& out) {
    const broker::envelope_check env =
        broker::validate_frame_envelope(f, v1::frame_kind::response, broker::lane::backend_probe);
    // Upstream checks the request_id between the lane and the encoding.
    const bool before_request_id = !env.ok() && env.fault != broker::envelope_fault::payload_encoding;
    if (before_request_id) return response_fault(response_fault_of(env.fault), env.actual);
    if (f.request_id != probe_request_id(nonce)) {
        return response_fault(probe_response_fault::request_id, static_cast<std::int64_t>(f.request_id));
    }
    if (!env.ok()) return response_fault(response_fault_of(env.fault), env.actual);
    return decode_response_identity(bytes_view(f.payload), nonce, out);
}

}  // namespace brokerwire::broker
