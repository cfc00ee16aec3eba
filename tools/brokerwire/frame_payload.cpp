// The payload rules of `brokerwire frames`, lane by lane. Upstream
// (zackees/running-process) is the authority on what travels where; the
// file:line citations below are into its crates/running-process/src.
#include "frame_payload.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "brokerwire/broker/probe_payload.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/handshake.hpp"
#include "brokerwire/wire/cursor.hpp"

namespace brokerwire::tool {
namespace {

// The probe payload's layout (nonce, DaemonProcess, legacy trailer) is the
// library's: broker/probe_payload.hpp.
using broker::probe_nonce_bytes;

// What the wire shows of a control payload without a schema.
struct wire_shape {
    bool well_formed = false;
    bool hello_fields = false;     // one of fields 2-15: on this lane only a Hello has them
    bool field1_varint = false;    // the first field 1 is a varint (Hello, BackendHttpReady)
    bool field1_delimited = false;  // the first field 1 is length-delimited (GetSessionTokenRequest, HelloReply)
};

wire_shape shape_of(bytes_view payload) {
    wire_shape s;
    bool seen_field1 = false;
    wire::cursor c(payload);
    while (c.before(c.end())) {
        const std::uint32_t k = c.key();
        if (c.failed()) break;
        const std::uint32_t field = wire::key_field(k);
        if (field >= 2 && field <= 15) s.hello_fields = true;
        if (field == 1 && !seen_field1) {
            seen_field1 = true;
            s.field1_varint = wire::key_wire_type(k) == wire::wire_type::varint;
            s.field1_delimited = wire::key_wire_type(k) == wire::wire_type::length_delimited;
        }
        c.skip(k, wire::recursion_budget, nullptr);
    }
    s.well_formed = !c.failed();
    return s;
}

void fail(payload_reading& r, std::string why, std::size_t offset) {
    r.type = nullptr;
    r.json.clear();
    r.error = std::move(why);
    r.error_offset = offset;
}

// Decodes `payload` as the message `name` into `r`: its JSON, or the error.
// `base` is the payload's offset within the frame's whole payload.
void show(payload_reading& r, std::string_view name, bytes_view payload, std::size_t base = 0) {
    const message_type* type = find_message_type(name);
    if (type == nullptr) {
        r.not_decoded = "no message type " + std::string(name);
        return;
    }
    status s = type->to_json(payload, r.json);
    if (!s.ok()) {
        s.offset += base;
        fail(r, "malformed " + std::string(name) + " payload: " + to_string(s), s.offset);
        return;
    }
    r.type = type;
}

// The brokerwire extension message a control REQUEST or EVENT of no Hello
// field is, as brokerwire's broker and registry read it (broker_lanes.hpp).
std::string_view extension_request(const wire_shape& s) {
    return s.field1_varint ? "BackendHttpReady" : "GetBrokerHttpEndpointRequest";
}

// Upstream carries only Hello on this lane, as a REQUEST
// (bin/running-process-broker-v2.rs:791, validate_frame_envelope with
// FrameKind::Request); every upstream client's Hello sets fields 1, 2 and 3
// (broker/client.rs:130-133, broker/client_v2.rs:615-618). brokerwire's
// extensions (docs/contract.md, "Extensions") are BackendHttpReady {1: varint},
// GetBrokerHttpEndpointRequest {} and GetSessionTokenRequest {1: string}.
// So, in order:
// 1. field 1 a non-empty string: GetSessionTokenRequest (Hello's field 1 is
//    a varint, so this is never a Hello);
// 2. any of fields 2-15 on the wire: a Hello (none of the extensions has
//    them), reported as a malformed Hello when it does not decode as one;
// 3. on a REQUEST, anything else that decodes as a Hello, or is not even
//    well-formed protobuf: a Hello, upstream's reading. Such a Hello carries
//    at most field 1, so it is also the extension message of rule 4, named
//    beside it;
// 4. otherwise (an EVENT, which a Hello never is; or a REQUEST whose field 1
//    is neither a varint nor a daemon id): BackendHttpReady when field 1 is
//    a varint, else GetBrokerHttpEndpointRequest.
void read_control_request(const v1::frame_view& env, bytes_view payload, payload_reading& r) {
    v2::get_session_token_request_view token;
    if (decode(payload, token).ok() && !token.daemon_id.empty()) {
        show(r, "GetSessionTokenRequest", payload);
        return;
    }
    const wire_shape s = shape_of(payload);
    v1::hello_view hello;
    const bool is_hello = decode(payload, hello).ok();
    const bool request = env.kind == v1::frame_kind::request;
    if (!s.hello_fields && !(request && (is_hello || !s.well_formed))) {
        show(r, extension_request(s), payload);
        return;
    }
    show(r, "Hello", payload);
    if (r.type == nullptr || s.hello_fields) return;
    const message_type* also = find_message_type(extension_request(s));
    if (also != nullptr && also->to_json(payload, r.also_json).ok()) {
        r.also_type = also;
    } else {
        r.also_json.clear();
    }
}

// Upstream answers a Hello with a HelloReply whose result is always set
// (bin/running-process-broker-v2.rs:839-858, :1010, :1037); brokerwire's
// broker answers its extension requests with GetBrokerHttpEndpointResponse
// {1: varint port, 2: varint pid} or GetSessionTokenResponse {1: bool,
// 2: bytes}, and BackendHttpReady with an empty acknowledgement. Only a
// HelloReply has a length-delimited field 1.
void read_control_response(bytes_view payload, payload_reading& r) {
    v1::hello_reply_view reply;
    if (decode(payload, reply).ok() && reply.result.index() != 0) {
        show(r, "HelloReply", payload);
        return;
    }
    if (payload.empty()) {
        // Also what either extension response with every field at its
        // default encodes to.
        r.not_decoded = "empty control response: an acknowledgement, or a response with only default fields";
        return;
    }
    if (shape_of(payload).field1_delimited) {
        show(r, "HelloReply", payload);  // the HelloReply's own decode error
        return;
    }
    v2::get_session_token_response_view token;
    if (decode(payload, token).ok() && !token.session_token.empty()) {
        show(r, "GetSessionTokenResponse", payload);
        return;
    }
    show(r, "GetBrokerHttpEndpointResponse", payload);
}

// broker/server/handoff/wire.rs: the broker's HandoffOffer to the backend is
// a REQUEST (:65-81), the backend's HandoffAck a RESPONSE (:119-134), and the
// broker relays that HandoffAck to the client as an EVENT (:148-163).
void read_handoff(const v1::frame_view& env, bytes_view payload, payload_reading& r) {
    switch (env.kind) {
        case v1::frame_kind::request: show(r, "HandoffOffer", payload); return;
        case v1::frame_kind::response:
        case v1::frame_kind::event: show(r, "HandoffAck", payload); return;
        default: r.not_decoded = "no handoff message travels in this frame kind"; return;
    }
}

// The legacy trailer of a DaemonProcess that decoded (probe_payload.hpp):
// a faulty field 3 makes the response malformed.
void read_legacy_trailer(bytes_view identity, payload_reading& r) {
    const broker::legacy_trailer t = broker::read_legacy_trailer(identity);
    const std::size_t at = probe_nonce_bytes + t.offset;
    switch (t.state) {
        case broker::legacy_trailer_state::present: r.legacy_exe_sha256 = t.digest; return;
        case broker::legacy_trailer_state::wrong_length:
            fail(r, "malformed probe response: the legacy trailer (field 3) holds " + std::to_string(t.length) +
                        " bytes, not a 32-byte SHA-256", at);
            return;
        case broker::legacy_trailer_state::not_delimited:
            fail(r, "malformed probe response: the legacy trailer (field 3) is not length-delimited", at);
            return;
        case broker::legacy_trailer_state::absent:
        case broker::legacy_trailer_state::unreadable: return;  // the message decoded: nothing to add
    }
}

// broker/backend_lifecycle/probe.rs: a REQUEST's payload is the 32-byte
// nonce (:261-273, checked at :329-333); the RESPONSE's is the nonce, then
// the daemon's DaemonProcess (:280-301), which upstream decodes from all the
// bytes after the nonce (:372-390). identity.rs:119-127 writes it followed
// by field 3, the executable's SHA-256 for pre-BLAKE3 brokers; DaemonProcess
// reserves 3, so a current reader skips it.
void read_probe(const v1::frame_view& env, bytes_view payload, payload_reading& r) {
    const std::string_view bytes = payload.as_chars();
    if (env.kind == v1::frame_kind::request) {
        if (bytes.size() != probe_nonce_bytes) {
            fail(r, "malformed probe request: the nonce must be 32 bytes, the payload has " +
                        std::to_string(bytes.size()),
                 std::min(bytes.size(), probe_nonce_bytes));
            return;
        }
        r.nonce = bytes;
        return;
    }
    if (env.kind != v1::frame_kind::response) {
        r.not_decoded = "no probe message travels in this frame kind";
        return;
    }
    broker::probe_response_parts parts;
    if (!broker::split_probe_response(payload, parts)) {
        fail(r, "malformed probe response: " + std::to_string(bytes.size()) +
                    " bytes, shorter than the 32-byte nonce",
             bytes.size());
        return;
    }
    show(r, "DaemonProcess", parts.identity_bytes, probe_nonce_bytes);
    if (r.type == nullptr) return;
    read_legacy_trailer(parts.identity_bytes, r);
    if (r.error.empty()) r.nonce = parts.nonce;
}

}  // namespace

payload_reading read_payload(const v1::frame_view& env) {
    payload_reading r;
    if (env.payload_encoding != v1::payload_encoding::none) {
        const std::string_view name = name_of(env.payload_encoding);
        r.not_decoded = (name.empty() ? "payload_encoding " + std::to_string(static_cast<std::int32_t>(env.payload_encoding))
                                      : std::string(name)) +
                        " is not decompressed";
        return r;
    }
    const bytes_view payload(env.payload);
    switch (env.payload_protocol) {
        case broker::lane::control:
            if (env.kind == v1::frame_kind::request || env.kind == v1::frame_kind::event) {
                read_control_request(env, payload, r);
            } else if (env.kind == v1::frame_kind::response) {
                read_control_response(payload, r);
            } else {
                r.not_decoded = "no control message travels in this frame kind";
            }
            break;
        case broker::lane::admin:
            if (env.kind == v1::frame_kind::request) {
                show(r, "AdminRequest", payload);
            } else if (env.kind == v1::frame_kind::response) {
                show(r, "AdminReply", payload);
            } else {
                r.not_decoded = "no admin message travels in this frame kind";
            }
            break;
        case broker::lane::session: show(r, "SessionFrame", payload); break;
        case broker::lane::handoff: read_handoff(env, payload, r); break;
        case broker::lane::backend_probe: read_probe(env, payload, r); break;
        default: r.not_decoded = "unknown lane"; break;
    }
    return r;
}

}  // namespace brokerwire::tool
