// BM_decode/<sample>/protobuf_c and BM_encode/<sample>/protobuf_c:
// protobuf-c on code protoc-c generated from proto/ (with the proto3
// `optional` label dropped, which protoc-c 1.4 does not support; see
// proto_copy.py). Its natural form: every decode is
// <message>__unpack (one malloc'd tree) followed by <message>__free_unpacked.
#include "broker_v1_envelope.pb-c.h"
#include "broker_v2.pb-c.h"

#include <string>
#include <string_view>
#include <type_traits>

#include "peer_support.hpp"

namespace {

using namespace brokerwire;
using namespace brokerwire::bench;

std::string_view sv(const char* s) { return s != nullptr ? std::string_view(s) : std::string_view(); }
std::string_view sv(const ProtobufCBinaryData& b) {
    return {reinterpret_cast<const char*>(b.data), b.len};
}

void compare(verdict& v, const RunningProcess__Broker__V2__BackendHttpReady& p, const v2::backend_http_ready& e) {
    v.same("port", p.port, e.port);
}

void compare(verdict& v, const RunningProcess__Broker__V2__GetBrokerHttpEndpointResponse& p,
             const v2::get_broker_http_endpoint_response& e) {
    v.same("port", p.port, e.port);
    v.same("pid", p.pid, e.pid);
}

void compare(verdict& v, const RunningProcess__Broker__V2__ServiceDefinition& p, const v2::service_definition& e) {
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("binary_path", sv(p.binary_path), e.binary_path);
    v.same("isolation", p.isolation, e.isolation);
    v.same("explicit_instance", sv(p.explicit_instance), e.explicit_instance);
    v.same("per_version_binary_dir", sv(p.per_version_binary_dir), e.per_version_binary_dir);
    v.same("min_version", sv(p.min_version), e.min_version);
    v.same("version_allow_list.size", p.n_version_allow_list, e.version_allow_list.size());
    for (std::size_t i = 0; i < p.n_version_allow_list && v.ok(); ++i)
        v.same("version_allow_list", sv(p.version_allow_list[i]), e.version_allow_list[i]);
    v.same("labels.size", p.n_labels, e.labels.size());
    for (std::size_t i = 0; i < p.n_labels && v.ok(); ++i) {
        const auto it = e.labels.find(std::string(sv(p.labels[i]->key)));
        v.same("labels", sv(p.labels[i]->value), it == e.labels.end() ? "<missing>" : it->second);
    }
    v.same("has http_server", p.http_server != nullptr, e.http_server.has_value());
    if (v.ok() && e.http_server) {
        v.same("http_server.bind_addr", sv(p.http_server->bind_addr), e.http_server->bind_addr);
        v.same("http_server.health_path", sv(p.http_server->health_path), e.http_server->health_path);
        v.same("http_server.display_name", sv(p.http_server->display_name), e.http_server->display_name);
    }
}

void compare(verdict& v, const RunningProcess__Broker__V2__CacheManifest& p, const v2::cache_manifest& e) {
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("service_version", sv(p.service_version), e.service_version);
    v.same("broker_envelope_version", sv(p.broker_envelope_version), e.broker_envelope_version);
    v.same("created_at_unix_ms", p.created_at_unix_ms, e.created_at_unix_ms);
    v.same("last_active_unix_ms", p.last_active_unix_ms, e.last_active_unix_ms);
    v.same("roots.size", p.n_roots, e.roots.size());
    for (std::size_t i = 0; i < p.n_roots && v.ok(); ++i) {
        v.same("roots.kind", p.roots[i]->kind, e.roots[i].kind);
        v.same("roots.path", sv(p.roots[i]->path), e.roots[i].path);
    }
    v.same("broker_instance", sv(p.broker_instance), e.broker_instance);
    v.same("bundle_id", sv(p.bundle_id), e.bundle_id);
}

void compare(verdict& v, const RunningProcess__Broker__V2__SessionStart& p, const v2::session_start& e) {
    v.same("program", sv(p.program), e.program);
    v.same("args.size", p.n_args, e.args.size());
    for (std::size_t i = 0; i < p.n_args && v.ok(); ++i) v.same("args", sv(p.args[i]), e.args[i]);
    v.same("cwd", sv(p.cwd), e.cwd);
    v.same("env.size", p.n_env, e.env.size());
    for (std::size_t i = 0; i < p.n_env && v.ok(); ++i) {
        v.same("env.key", sv(p.env[i]->key), e.env[i].key);
        v.same("env.value", sv(p.env[i]->value), e.env[i].value);
    }
    v.same("clear_inherited_env", p.clear_inherited_env, e.clear_inherited_env);
    v.same("environment_policy", p.environment_policy, e.environment_policy);
}

void compare(verdict& v, const RunningProcess__Broker__V2__SessionFrame& p, const v2::session_frame& e) {
    v.same("kind is stdout", p.kind_case == RUNNING_PROCESS__BROKER__V2__SESSION_FRAME__KIND_STDOUT,
           e.stdout_bytes() != nullptr);
    if (v.ok() && e.stdout_bytes() != nullptr) v.same("stdout", sv(p.stdout), *e.stdout_bytes());
}

void compare(verdict& v, const RunningProcess__Broker__V1__Frame& p, const v1::frame& e) {
    v.same("envelope_version", p.envelope_version, e.envelope_version);
    v.same("kind", p.kind, e.kind);
    v.same("payload_protocol", p.payload_protocol, e.payload_protocol);
    v.same("payload", sv(p.payload), e.payload);
    v.same("request_id", p.request_id, e.request_id);
    v.same("payload_encoding", p.payload_encoding, e.payload_encoding);
    v.same("deadline_unix_ms", p.deadline_unix_ms, e.deadline_unix_ms);
    v.same("traceparent", sv(p.traceparent), e.traceparent);
    v.same("tracestate", sv(p.tracestate), e.tracestate);
}

void compare(verdict& v, const RunningProcess__Broker__V1__Hello& p, const v1::hello& e) {
    v.same("client_min_protocol", p.client_min_protocol, e.client_min_protocol);
    v.same("client_max_protocol", p.client_max_protocol, e.client_max_protocol);
    v.same("service_name", sv(p.service_name), e.service_name);
    v.same("wanted_version", sv(p.wanted_version), e.wanted_version);
    v.same("client_version", sv(p.client_version), e.client_version);
    v.same("client_capabilities", p.client_capabilities, e.client_capabilities);
    v.same("auth_token", sv(p.auth_token), e.auth_token);
    v.same("request_id", sv(p.request_id), e.request_id);
    v.same("connection_id", p.connection_id, e.connection_id);
    v.same("peer_pid", p.peer_pid, e.peer_pid);
    v.same("client_lib_name", sv(p.client_lib_name), e.client_lib_name);
    v.same("client_lib_version", sv(p.client_lib_version), e.client_lib_version);
    v.same("peer_attestation_nonce", sv(p.peer_attestation_nonce), e.peer_attestation_nonce);
    v.same("capability_token", sv(p.capability_token), e.capability_token);
    v.same("client_keepalive_secs", p.client_keepalive_secs, e.client_keepalive_secs);
}

void compare(verdict& v, const RunningProcess__Broker__V1__HelloReply& p, const v1::hello_reply& e) {
    v.same("is negotiated", p.result_case == RUNNING_PROCESS__BROKER__V1__HELLO_REPLY__RESULT_NEGOTIATED,
           e.negotiated() != nullptr);
    if (!v.ok() || e.negotiated() == nullptr) return;  // the sample is a Negotiated
    const RunningProcess__Broker__V1__Negotiated& n = *p.negotiated;
    const v1::negotiated& w = *e.negotiated();
    v.same("negotiated_protocol", n.negotiated_protocol, w.negotiated_protocol);
    v.same("daemon_version", sv(n.daemon_version), w.daemon_version);
    v.same("backend_pipe", sv(n.backend_pipe), w.backend_pipe);
    v.same("warnings.size", n.n_warnings, w.warnings.size());
    v.same("server_capabilities", n.server_capabilities, w.server_capabilities);
    v.same("keepalive_interval_secs", n.keepalive_interval_secs, w.keepalive_interval_secs);
    v.same("handle_passed_token", sv(n.handle_passed_token), w.handle_passed_token);
    v.same("connection_id", n.connection_id, w.connection_id);
}

// The generated functions of one message type.
template <typename Pbc>
struct api {
    Pbc* (*unpack)(ProtobufCAllocator*, std::size_t, const std::uint8_t*);
    void (*free_unpacked)(Pbc*, ProtobufCAllocator*);
    std::size_t (*packed_size)(const Pbc*);
    std::size_t (*pack)(const Pbc*, std::uint8_t*);
};

#define BROKERWIRE_PBC_API(prefix) \
    api<std::remove_reference_t<decltype(*prefix##__unpack(nullptr, 0, nullptr))>>{prefix##__unpack, prefix##__free_unpacked, \
                                                          prefix##__get_packed_size, prefix##__pack}

// Each iteration frees the previous tree and unpacks a new one: one unpack
// and one free per decode, as a protobuf-c user pays.
template <typename Message, typename Pbc>
void decode_into(benchmark::State& state, const char* stem, api<Pbc> fns) {
    const std::string& input = sample(stem);
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    Pbc* m = nullptr;
    verified_decode(
        state, input,
        [&] {
            if (m != nullptr) fns.free_unpacked(m, nullptr);
            m = fns.unpack(nullptr, input.size(), data);
            return m != nullptr;
        },
        [&](verdict& v) { compare(v, *m, expected<Message>(stem)); });
    if (m != nullptr) fns.free_unpacked(m, nullptr);
}

template <typename Message, typename Pbc>
void encode_from(benchmark::State& state, const char* stem, api<Pbc> fns) {
    const std::string& input = sample(stem);
    Pbc* m = fns.unpack(nullptr, input.size(), reinterpret_cast<const std::uint8_t*>(input.data()));
    if (m == nullptr) {
        state.SkipWithError("the sample failed to decode");
        return;
    }
    std::string out(input.size() * 2 + 16, '\0');
    verified_encode<Message>(
        state, stem,
        [&] {
            const std::size_t n = fns.packed_size(m);
            return n <= out.size() ? fns.pack(m, reinterpret_cast<std::uint8_t*>(out.data())) : 0;
        },
        [&] { return out.data(); });
    fns.free_unpacked(m, nullptr);
}

template <typename Message, typename Pbc>
void register_sample(const char* stem, api<Pbc> fns) {
    register_decode(stem, "protobuf_c", [stem, fns](benchmark::State& s) { decode_into<Message>(s, stem, fns); });
    register_encode(stem, "protobuf_c", [stem, fns](benchmark::State& s) { encode_from<Message>(s, stem, fns); });
}

const bool registered = [] {
    register_sample<v2::backend_http_ready>("ready", BROKERWIRE_PBC_API(running_process__broker__v2__backend_http_ready));
    register_sample<v2::get_broker_http_endpoint_response>(
        "endpoint_resp", BROKERWIRE_PBC_API(running_process__broker__v2__get_broker_http_endpoint_response));
    register_sample<v2::service_definition>("servicedef",
                                            BROKERWIRE_PBC_API(running_process__broker__v2__service_definition));
    register_sample<v2::cache_manifest>("manifest", BROKERWIRE_PBC_API(running_process__broker__v2__cache_manifest));
    register_sample<v2::session_start>("session_start",
                                       BROKERWIRE_PBC_API(running_process__broker__v2__session_start));
    register_sample<v2::session_frame>("session_stdout_64k",
                                       BROKERWIRE_PBC_API(running_process__broker__v2__session_frame));
    register_sample<v1::frame>("frame_ready", BROKERWIRE_PBC_API(running_process__broker__v1__frame));
    register_sample<v1::hello>("hello", BROKERWIRE_PBC_API(running_process__broker__v1__hello));
    register_sample<v1::hello_reply>("hello_reply", BROKERWIRE_PBC_API(running_process__broker__v1__hello_reply));
    return true;
}();

}  // namespace
