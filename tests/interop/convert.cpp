// libprotobuf message -> brokerwire message, field by field.
#include "convert.hpp"

#include <string>

namespace interop {
namespace {

std::string unknown_bytes(const google::protobuf::UnknownFieldSet& fields) {
    std::string out;
    fields.SerializeToString(&out);
    return out;
}

template <class Ours, class Reference>
std::vector<Ours> converted_all(const google::protobuf::RepeatedPtrField<Reference>& reference) {
    std::vector<Ours> out;
    for (const auto& element : reference) out.push_back(to_brokerwire(element));
    return out;
}

std::vector<std::string> strings_of(const google::protobuf::RepeatedPtrField<std::string>& reference) {
    return {reference.begin(), reference.end()};
}

std::map<std::string, std::string> map_of(const google::protobuf::Map<std::string, std::string>& reference) {
    return {reference.begin(), reference.end()};
}

}  // namespace

bw2::backend_http_ready to_brokerwire(const pb2::BackendHttpReady& reference) {
    bw2::backend_http_ready m;
    m.port = reference.port();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::get_broker_http_endpoint_request to_brokerwire(const pb2::GetBrokerHttpEndpointRequest& reference) {
    bw2::get_broker_http_endpoint_request m;
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::get_broker_http_endpoint_response to_brokerwire(const pb2::GetBrokerHttpEndpointResponse& reference) {
    bw2::get_broker_http_endpoint_response m;
    m.port = reference.port();
    m.pid = reference.pid();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::get_session_token_request to_brokerwire(const pb2::GetSessionTokenRequest& reference) {
    bw2::get_session_token_request m;
    m.daemon_id = reference.daemon_id();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::get_session_token_response to_brokerwire(const pb2::GetSessionTokenResponse& reference) {
    bw2::get_session_token_response m;
    m.found = reference.found();
    m.session_token = reference.session_token();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::http_server_capability to_brokerwire(const pb2::HttpServerCapability& reference) {
    bw2::http_server_capability m;
    m.bind_addr = reference.bind_addr();
    m.health_path = reference.health_path();
    m.display_name = reference.display_name();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::service_definition to_brokerwire(const pb2::ServiceDefinition& reference) {
    bw2::service_definition m;
    m.service_name = reference.service_name();
    m.binary_path = reference.binary_path();
    m.isolation = static_cast<bw2::broker_isolation>(reference.isolation());
    m.explicit_instance = reference.explicit_instance();
    m.per_version_binary_dir = reference.per_version_binary_dir();
    m.min_version = reference.min_version();
    m.version_allow_list = strings_of(reference.version_allow_list());
    m.labels = map_of(reference.labels());
    if (reference.has_http_server()) m.http_server = to_brokerwire(reference.http_server());
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::cache_root to_brokerwire(const pb2::CacheRoot& reference) {
    bw2::cache_root m;
    m.kind = static_cast<bw2::cache_root_kind>(reference.kind());
    m.path = reference.path();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::cache_manifest to_brokerwire(const pb2::CacheManifest& reference) {
    bw2::cache_manifest m;
    m.service_name = reference.service_name();
    m.service_version = reference.service_version();
    m.broker_envelope_version = reference.broker_envelope_version();
    m.created_at_unix_ms = reference.created_at_unix_ms();
    m.last_active_unix_ms = reference.last_active_unix_ms();
    m.roots = converted_all<bw2::cache_root>(reference.roots());
    m.broker_instance = reference.broker_instance();
    m.bundle_id = reference.bundle_id();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::session_frame to_brokerwire(const pb2::SessionFrame& reference) {
    bw2::session_frame m;
    switch (reference.kind_case()) {
    case pb2::SessionFrame::kStdin: m.set_stdin_bytes(reference.stdin()); break;
    case pb2::SessionFrame::kStdinEof: m.set_stdin_eof(reference.stdin_eof()); break;
    case pb2::SessionFrame::kStdout: m.set_stdout_bytes(reference.stdout()); break;
    case pb2::SessionFrame::kStderr: m.set_stderr_bytes(reference.stderr()); break;
    case pb2::SessionFrame::kExit: m.set_exit(to_brokerwire(reference.exit())); break;
    case pb2::SessionFrame::kStart: m.set_start(to_brokerwire(reference.start())); break;
    case pb2::SessionFrame::KIND_NOT_SET: break;
    }
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::session_start to_brokerwire(const pb2::SessionStart& reference) {
    bw2::session_start m;
    m.program = reference.program();
    m.args = strings_of(reference.args());
    m.cwd = reference.cwd();
    m.env = converted_all<bw2::session_env_var>(reference.env());
    m.clear_inherited_env = reference.clear_inherited_env();
    m.environment_policy = static_cast<bw2::environment_policy>(reference.environment_policy());
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::session_env_var to_brokerwire(const pb2::SessionEnvVar& reference) {
    bw2::session_env_var m;
    m.key = reference.key();
    m.value = reference.value();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw2::session_exit to_brokerwire(const pb2::SessionExit& reference) {
    bw2::session_exit m;
    m.code = reference.code();
    m.signal = reference.signal();
    m.metadata = map_of(reference.metadata());
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::frame to_brokerwire(const pb1::Frame& reference) {
    bw1::frame m;
    m.envelope_version = reference.envelope_version();
    m.kind = static_cast<bw1::frame_kind>(reference.kind());
    m.payload_protocol = reference.payload_protocol();
    m.payload = reference.payload();
    m.request_id = reference.request_id();
    m.payload_encoding = static_cast<bw1::payload_encoding>(reference.payload_encoding());
    m.deadline_unix_ms = reference.deadline_unix_ms();
    m.traceparent = reference.traceparent();
    m.tracestate = reference.tracestate();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::admin_request to_brokerwire(const pb1::AdminRequest& reference) {
    bw1::admin_request m;
    m.verb = static_cast<bw1::admin_verb>(reference.verb());
    m.json = reference.json();
    m.service_name = reference.service_name();
    m.output_path = reference.output_path();
    m.drain_deadline_ms = reference.drain_deadline_ms();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::admin_reply to_brokerwire(const pb1::AdminReply& reference) {
    bw1::admin_reply m;
    m.kind = static_cast<bw1::admin_reply_kind>(reference.kind());
    m.body = reference.body();
    m.exit_code = reference.exit_code();
    m.content_type = reference.content_type();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::hello to_brokerwire(const pb1::Hello& reference) {
    bw1::hello m;
    m.client_min_protocol = reference.client_min_protocol();
    m.client_max_protocol = reference.client_max_protocol();
    m.service_name = reference.service_name();
    m.wanted_version = reference.wanted_version();
    m.client_version = reference.client_version();
    m.client_capabilities = reference.client_capabilities();
    m.auth_token = reference.auth_token();
    m.request_id = reference.request_id();
    m.connection_id = reference.connection_id();
    m.peer_pid = reference.peer_pid();
    m.client_lib_name = reference.client_lib_name();
    m.client_lib_version = reference.client_lib_version();
    m.peer_attestation_nonce = reference.peer_attestation_nonce();
    m.capability_token = reference.capability_token();
    m.client_keepalive_secs = reference.client_keepalive_secs();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::negotiated to_brokerwire(const pb1::Negotiated& reference) {
    bw1::negotiated m;
    m.negotiated_protocol = reference.negotiated_protocol();
    m.daemon_version = reference.daemon_version();
    m.backend_pipe = reference.backend_pipe();
    m.warnings = strings_of(reference.warnings());
    m.server_capabilities = reference.server_capabilities();
    m.keepalive_interval_secs = reference.keepalive_interval_secs();
    m.handle_passed_token = reference.handle_passed_token();
    m.connection_id = reference.connection_id();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::refused to_brokerwire(const pb1::Refused& reference) {
    bw1::refused m;
    m.reason = reference.reason();
    m.daemon_min_protocol = reference.daemon_min_protocol();
    m.daemon_max_protocol = reference.daemon_max_protocol();
    m.code = static_cast<bw1::error_code>(reference.code());
    m.details = map_of(reference.details());
    m.retry_after_ms = reference.retry_after_ms();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::hello_reply to_brokerwire(const pb1::HelloReply& reference) {
    bw1::hello_reply m;
    switch (reference.result_case()) {
    case pb1::HelloReply::kNegotiated: m.set_negotiated(to_brokerwire(reference.negotiated())); break;
    case pb1::HelloReply::kRefused: m.set_refused(to_brokerwire(reference.refused())); break;
    case pb1::HelloReply::RESULT_NOT_SET: break;
    }
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::handoff_offer to_brokerwire(const pb1::HandoffOffer& reference) {
    bw1::handoff_offer m;
    m.handle_value = reference.handle_value();
    m.token = reference.token();
    m.service_name = reference.service_name();
    m.correlation_id = reference.correlation_id();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::handoff_ack to_brokerwire(const pb1::HandoffAck& reference) {
    bw1::handoff_ack m;
    m.token = reference.token();
    m.accepted = reference.accepted();
    m.error_detail = reference.error_detail();
    m.correlation_id = reference.correlation_id();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::endpoint to_brokerwire(const pb1::Endpoint& reference) {
    bw1::endpoint m;
    m.namespace_id = reference.namespace_id();
    m.path = reference.path();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::daemon_process to_brokerwire(const pb1::DaemonProcess& reference) {
    bw1::daemon_process m;
    m.pid = reference.pid();
    m.exe_path = reference.exe_path();
    if (reference.has_ipc_endpoint()) m.ipc_endpoint = to_brokerwire(reference.ipc_endpoint());
    m.started_at_unix_ms = reference.started_at_unix_ms();
    m.boot_id = reference.boot_id();
    // Explicit presence: libprotobuf's has_ is the state, a set zero included.
    if (reference.has_idle_timeout_secs()) m.idle_timeout_secs = reference.idle_timeout_secs();
    m.exe_hash_algorithm = reference.exe_hash_algorithm();
    m.exe_hash = reference.exe_hash();
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

bw1::service_definition to_brokerwire(const pb1::ServiceDefinition& reference) {
    bw1::service_definition m;
    m.service_name = reference.service_name();
    m.binary_path = reference.binary_path();
    m.isolation = static_cast<bw1::broker_isolation>(reference.isolation());
    m.explicit_instance = reference.explicit_instance();
    m.per_version_binary_dir = reference.per_version_binary_dir();
    m.min_version = reference.min_version();
    m.version_allow_list = strings_of(reference.version_allow_list());
    m.labels = map_of(reference.labels());
    m.unknown_fields = unknown_bytes(unknown_of(reference));
    return m;
}

}  // namespace interop
