// One Hello exchange: decode the envelope and the Hello, decide, frame the reply.
#include "brokerwire/broker/hello_exchange.hpp"

#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/broker/hello_policy.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/files/loader.hpp"
#include "brokerwire/files/names.hpp"
#include "brokerwire/files/paths.hpp"

namespace brokerwire::broker {
namespace {

hello_exchange refusal(v1::error_code code, std::string reason, const broker::response_to* request,
                       std::string fault) {
    hello_exchange x;
    x.reply = refused_reply(code, std::move(reason));
    x.reply_frame = hello_reply_frame(x.reply, request);
    x.fault = std::move(fault);
    return x;
}

// Upstream's answer to each envelope fault, in validate_frame_envelope's order.
hello_exchange envelope_refusal(const broker::envelope_check& check, const broker::response_to& request) {
    const std::string fault = std::string("Hello frame ") + broker::describe(check.fault) + " is " +
                              std::to_string(check.actual) + ", expected " + std::to_string(check.expected);
    switch (check.fault) {
        case broker::envelope_fault::version:
            return refusal(v1::error_code::version_unsupported, "frame envelope_version is not v1", &request, fault);
        case broker::envelope_fault::kind:
            return refusal(v1::error_code::peer_rejected, "Hello frame kind must be REQUEST", &request, fault);
        case broker::envelope_fault::payload_protocol:
            return refusal(v1::error_code::peer_rejected, "Hello frame payload_protocol must be control-plane",
                           &request, fault);
        case broker::envelope_fault::payload_encoding:
        case broker::envelope_fault::none:
            break;
    }
    return refusal(v1::error_code::peer_rejected, "Hello payload must not be compressed", &request, fault);
}

std::string refusal_text(const v1::hello_reply& reply) {
    const v1::refused* r = reply.refused();
    return r == nullptr ? std::string() : "refused (" + std::string(v1::name_of(r->code)) + "): " + r->reason;
}

}  // namespace

files::file_result<v2::service_definition> load_definition_for_hello(const std::string& services_dir,
                                                                      std::string_view service) {
    files::file_result<std::string> path = files::service_definition_path(services_dir, service);
    if (!path.ok()) return path.error;
    files::file_result<std::string> bytes = files::read_small_regular_file(path.value);
    if (!bytes.ok()) return bytes.error;
    v2::service_definition definition;
    const status decoded = decode(bytes_view(bytes.value), definition);
    if (!decoded) return files::decode_error(path.value, v2::service_definition::full_name, decoded);
    if (definition.service_name != service) {
        return files::name_mismatch_error(path.value, std::string(service), definition.service_name);
    }
    return definition;
}

std::string resolve_backend_pipe(const std::string& runtime_dir, std::string_view service) {
    const std::optional<daemon_identity> daemon =
        read_daemon_identity_file(files::daemon_identity_path(runtime_dir, service));
    return daemon ? daemon->ipc_endpoint.path : std::string();
}

v1::hello_reply answer_hello(const v1::hello& hello, const hello_sources& sources) {
    if (std::optional<v1::hello_reply> refused = refuse_protocol_range(hello)) return std::move(*refused);
    const files::file_result<v2::service_definition> definition =
        load_definition_for_hello(sources.services_dir, hello.service_name);
    // Only a loadable definition can lead to Negotiated, and only then is the
    // pipe needed; its name is valid by then, so it is safe in a path.
    const std::string pipe = definition.ok() ? resolve_backend_pipe(sources.runtime_dir, hello.service_name) : "";
    return decide_on_definition(hello, definition, pipe, sources.broker_version);
}

hello_exchange answer_hello_frame(bytes_view body, const hello_sources& sources) {
    v1::frame_view frame;
    const status framed = decode(body, frame);
    if (!framed) {
        return refusal(v1::error_code::peer_rejected, "malformed broker Frame", nullptr,
                       "Hello Frame does not decode: " + to_string(framed));
    }
    broker::response_to request = broker::reply_address(frame);
    request.lane = broker::lane::control;  // upstream answers on the control lane whatever was asked
    const broker::envelope_check check =
        broker::validate_frame_envelope(frame, v1::frame_kind::request, broker::lane::control);
    if (!check.ok()) return envelope_refusal(check, request);
    v1::hello hello;
    const status decoded = decode(bytes_view(frame.payload), hello);
    if (!decoded) {
        return refusal(v1::error_code::peer_rejected, "malformed Hello payload", &request,
                       "Hello payload does not decode: " + to_string(decoded));
    }
    hello_exchange x;
    x.reply = answer_hello(hello, sources);
    x.reply_frame = hello_reply_frame(x.reply, &request);
    x.service = std::move(hello.service_name);
    x.fault = refusal_text(x.reply);
    return x;
}

hello_exchange answer_unreadable_hello(framing::frame_errc fault) {
    switch (fault) {
        case framing::frame_errc::wrong_version:
            return refusal(v1::error_code::version_unsupported, "unsupported framing version", nullptr,
                           "wrong framing version byte");
        case framing::frame_errc::over_cap:
            return refusal(v1::error_code::peer_rejected, "initial Hello frame exceeds 64 KiB", nullptr,
                           "Hello frame length over 64 KiB");
        default:
            break;
    }
    return refusal(v1::error_code::peer_rejected, "incomplete Hello frame", nullptr,
                   "the Hello frame did not arrive whole");
}

std::string hello_reply_frame(const v1::hello_reply& reply, const broker::response_to* request) {
    const broker::response_to to = request != nullptr ? *request : broker::response_to{};
    const std::vector<std::uint8_t> payload = encode(reply);
    const std::string body = broker::encode_response(to, bytes_view(payload.data(), payload.size()));
    std::string out;
    // A HelloReply is a few hundred bytes: far under the frame cap.
    (void)framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
    return out;
}

}  // namespace brokerwire::broker
