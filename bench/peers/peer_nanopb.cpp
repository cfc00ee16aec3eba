// BM_decode/<sample>/nanopb: nanopb's pb_decode (Debian's libnanopb, 16-bit
// sizes) into one static struct per message with fixed maximum sizes
// (broker_v2.options, broker_v1_envelope.options). The 64 KiB stdout chunk
// does not fit a 16-bit size, so it arrives through a decode callback that
// copies it into a buffer of its own: the way nanopb users take large
// fields. pb_decode initialises the whole struct before every decode; that
// cost belongs to nanopb's design and is part of the figure.
#include <pb_decode.h>

#include "broker_v1_envelope.nanopb.h"
#include "broker_v2.nanopb.h"

#include <string>
#include <string_view>
#include <vector>

#include "peer_support.hpp"

namespace {

using namespace brokerwire;
using namespace brokerwire::bench;

std::string_view sv(const char* s) { return s; }
template <typename BytesArray>
std::string_view bytes(const BytesArray& b) {
    return {reinterpret_cast<const char*>(b.bytes), b.size};
}

void compare(verdict& v, const running_process_broker_v2_BackendHttpReady& p, const v2::backend_http_ready& e) {
    v.same("port", p.port, e.port);
}

void compare(verdict& v, const running_process_broker_v2_GetBrokerHttpEndpointResponse& p,
             const v2::get_broker_http_endpoint_response& e) {
    v.same("port", p.port, e.port);
    v.same("pid", p.pid, e.pid);
}

void compare(verdict& v, const running_process_broker_v2_ServiceDefinition& p, const v2::service_definition& e) {
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("binary_path", sv(p.binary_path), e.binary_path);
    v.same("isolation", p.isolation, e.isolation);
    v.same("explicit_instance", sv(p.explicit_instance), e.explicit_instance);
    v.same("per_version_binary_dir", sv(p.per_version_binary_dir), e.per_version_binary_dir);
    v.same("min_version", sv(p.min_version), e.min_version);
    v.same("version_allow_list.size", p.version_allow_list_count, e.version_allow_list.size());
    for (std::size_t i = 0; i < p.version_allow_list_count && v.ok(); ++i)
        v.same("version_allow_list", sv(p.version_allow_list[i]), e.version_allow_list[i]);
    v.same("labels.size", p.labels_count, e.labels.size());
    for (std::size_t i = 0; i < p.labels_count && v.ok(); ++i) {
        const auto it = e.labels.find(p.labels[i].key);
        v.same("labels", sv(p.labels[i].value), it == e.labels.end() ? "<missing>" : it->second);
    }
    v.same("has http_server", p.has_http_server, e.http_server.has_value());
    if (v.ok() && e.http_server) {
        v.same("http_server.bind_addr", sv(p.http_server.bind_addr), e.http_server->bind_addr);
        v.same("http_server.health_path", sv(p.http_server.health_path), e.http_server->health_path);
        v.same("http_server.display_name", sv(p.http_server.display_name), e.http_server->display_name);
    }
}

void compare(verdict& v, const running_process_broker_v2_CacheManifest& p, const v2::cache_manifest& e) {
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("service_version", sv(p.service_version), e.service_version);
    v.same("broker_envelope_version", sv(p.broker_envelope_version), e.broker_envelope_version);
    v.same("created_at_unix_ms", p.created_at_unix_ms, e.created_at_unix_ms);
    v.same("last_active_unix_ms", p.last_active_unix_ms, e.last_active_unix_ms);
    v.same("roots.size", p.roots_count, e.roots.size());
    for (std::size_t i = 0; i < p.roots_count && v.ok(); ++i) {
        v.same("roots.kind", p.roots[i].kind, e.roots[i].kind);
        v.same("roots.path", sv(p.roots[i].path), e.roots[i].path);
    }
    v.same("broker_instance", sv(p.broker_instance), e.broker_instance);
    v.same("bundle_id", sv(p.bundle_id), e.bundle_id);
}

void compare(verdict& v, const running_process_broker_v2_SessionStart& p, const v2::session_start& e) {
    v.same("program", sv(p.program), e.program);
    v.same("args.size", p.args_count, e.args.size());
    for (std::size_t i = 0; i < p.args_count && v.ok(); ++i) v.same("args", sv(p.args[i]), e.args[i]);
    v.same("cwd", sv(p.cwd), e.cwd);
    v.same("env.size", p.env_count, e.env.size());
    for (std::size_t i = 0; i < p.env_count && v.ok(); ++i) {
        v.same("env.key", sv(p.env[i].key), e.env[i].key);
        v.same("env.value", sv(p.env[i].value), e.env[i].value);
    }
    v.same("clear_inherited_env", p.clear_inherited_env, e.clear_inherited_env);
    v.same("environment_policy", p.environment_policy, e.environment_policy);
}

void compare(verdict& v, const running_process_broker_v1_Frame& p, const v1::frame& e) {
    v.same("envelope_version", p.envelope_version, e.envelope_version);
    v.same("kind", p.kind, e.kind);
    v.same("payload_protocol", p.payload_protocol, e.payload_protocol);
    v.same("payload", bytes(p.payload), e.payload);
    v.same("request_id", p.request_id, e.request_id);
    v.same("payload_encoding", p.payload_encoding, e.payload_encoding);
    v.same("deadline_unix_ms", p.deadline_unix_ms, e.deadline_unix_ms);
    v.same("traceparent", sv(p.traceparent), e.traceparent);
    v.same("tracestate", sv(p.tracestate), e.tracestate);
}

void compare(verdict& v, const running_process_broker_v1_Hello& p, const v1::hello& e) {
    v.same("client_min_protocol", p.client_min_protocol, e.client_min_protocol);
    v.same("client_max_protocol", p.client_max_protocol, e.client_max_protocol);
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("wanted_version", sv(p.wanted_version), e.wanted_version);
    v.same("client_version", sv(p.client_version), e.client_version);
    v.same("client_capabilities", p.client_capabilities, e.client_capabilities);
    v.same("auth_token", bytes(p.auth_token), e.auth_token);
    v.same("request_id", sv(p.request_id), e.request_id);
    v.same("connection_id", p.connection_id, e.connection_id);
    v.same("peer_pid", p.peer_pid, e.peer_pid);
    v.same("client_lib_name", sv(p.client_lib_name), e.client_lib_name);
    v.same("client_lib_version", sv(p.client_lib_version), e.client_lib_version);
    v.same("peer_attestation_nonce", bytes(p.peer_attestation_nonce), e.peer_attestation_nonce);
    v.same("capability_token", bytes(p.capability_token), e.capability_token);
    v.same("client_keepalive_secs", p.client_keepalive_secs, e.client_keepalive_secs);
}

void compare(verdict& v, const running_process_broker_v1_HelloReply& p, const v1::hello_reply& e) {
    v.same("is negotiated", p.which_result == running_process_broker_v1_HelloReply_negotiated_tag,
           e.negotiated() != nullptr);
    if (!v.ok() || e.negotiated() == nullptr) return;  // the sample is a Negotiated
    const running_process_broker_v1_Negotiated& n = p.result.negotiated;
    const v1::negotiated& w = *e.negotiated();
    v.same("negotiated_protocol", n.negotiated_protocol, w.negotiated_protocol);
    v.same("daemon_version", sv(n.daemon_version), w.daemon_version);
    v.same("backend_pipe", sv(n.backend_pipe), w.backend_pipe);
    v.same("warnings.size", n.warnings_count, w.warnings.size());
    v.same("server_capabilities", n.server_capabilities, w.server_capabilities);
    v.same("keepalive_interval_secs", n.keepalive_interval_secs, w.keepalive_interval_secs);
    v.same("handle_passed_token", bytes(n.handle_passed_token), w.handle_passed_token);
    v.same("connection_id", n.connection_id, w.connection_id);
}

bool decode_with(const std::string& input, const pb_msgdesc_t* fields, void* out) {
    pb_istream_t stream = pb_istream_from_buffer(reinterpret_cast<const pb_byte_t*>(input.data()), input.size());
    return pb_decode(&stream, fields, out);
}

template <typename Nano, typename Message>
void decode_into(benchmark::State& state, const char* stem, const pb_msgdesc_t* fields) {
    const std::string& input = sample(stem);
    static Nano m;  // static: some of these structs are tens of KiB
    verified_decode(
        state, input, [&] { return decode_with(input, fields, &m); },
        [&](verdict& v) { compare(v, m, expected<Message>(stem)); });
}

// Where the stdout callback puts the chunk, and whether it came.
struct chunk_sink {
    std::vector<pb_byte_t> bytes = std::vector<pb_byte_t>(128 * 1024);
    std::size_t size = 0;
    bool seen = false;
};

bool take_chunk(pb_istream_t* stream, const pb_field_t*, void** arg) {
    auto* sink = static_cast<chunk_sink*>(*arg);
    sink->size = stream->bytes_left;
    sink->seen = true;
    return sink->size <= sink->bytes.size() && pb_read(stream, sink->bytes.data(), sink->size);
}

void decode_session_frame(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    static running_process_broker_v2_SessionFrame m;
    static chunk_sink sink;
    verified_decode(
        state, input,
        [&] {
            sink.seen = false;
            m.stdout.funcs.decode = take_chunk;
            m.stdout.arg = &sink;
            return decode_with(input, running_process_broker_v2_SessionFrame_fields, &m);
        },
        [&](verdict& v) {
            const v2::session_frame& e = expected<v2::session_frame>(stem);
            v.same("kind is stdout", sink.seen, e.stdout_bytes() != nullptr);
            if (v.ok() && e.stdout_bytes() != nullptr)
                v.same("stdout", std::string_view(reinterpret_cast<const char*>(sink.bytes.data()), sink.size),
                       *e.stdout_bytes());
        });
}

template <typename Nano, typename Message>
void register_sample(const char* stem, const pb_msgdesc_t* fields) {
    register_decode(stem, "nanopb", [stem, fields](benchmark::State& s) { decode_into<Nano, Message>(s, stem, fields); });
}

const bool registered = [] {
    register_sample<running_process_broker_v2_BackendHttpReady, v2::backend_http_ready>(
        "ready", running_process_broker_v2_BackendHttpReady_fields);
    register_sample<running_process_broker_v2_GetBrokerHttpEndpointResponse, v2::get_broker_http_endpoint_response>(
        "endpoint_resp", running_process_broker_v2_GetBrokerHttpEndpointResponse_fields);
    register_sample<running_process_broker_v2_ServiceDefinition, v2::service_definition>(
        "servicedef", running_process_broker_v2_ServiceDefinition_fields);
    register_sample<running_process_broker_v2_CacheManifest, v2::cache_manifest>(
        "manifest", running_process_broker_v2_CacheManifest_fields);
    register_sample<running_process_broker_v2_SessionStart, v2::session_start>(
        "session_start", running_process_broker_v2_SessionStart_fields);
    register_decode("session_stdout_64k", "nanopb",
                    [](benchmark::State& s) { decode_session_frame(s, "session_stdout_64k"); });
    register_sample<running_process_broker_v1_Frame, v1::frame>("frame_ready", running_process_broker_v1_Frame_fields);
    register_sample<running_process_broker_v1_Hello, v1::hello>("hello", running_process_broker_v1_Hello_fields);
    register_sample<running_process_broker_v1_HelloReply, v1::hello_reply>(
        "hello_reply", running_process_broker_v1_HelloReply_fields);
    return true;
}();

}  // namespace
