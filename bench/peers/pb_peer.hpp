// Google protobuf C++ peers (libprotobuf and libprotobuf-lite): the same
// generated API in two packages, so one template serves both. `Types`
// names the generated classes (see peer_pb.cpp and peer_pb_lite.cpp).
//
// Forms: `pb` parses into a message reused across iterations (its strings
// keep their capacity, as a daemon's would); `pb_arena` creates a fresh
// message on an arena that is reset every iteration, the usual arena
// pattern, with one preallocated first block so the arena itself does not
// call malloc; `pb_lite` is `pb` against the lite runtime.
#pragma once

#include <google/protobuf/arena.h>

#include <string>
#include <vector>

#include "peer_support.hpp"

namespace brokerwire::bench::pb_peer {

template <typename P>
void compare(verdict& v, const P& p, const v2::backend_http_ready& e) {
    v.same("port", p.port(), e.port);
}

template <typename P>
void compare(verdict& v, const P& p, const v2::get_broker_http_endpoint_response& e) {
    v.same("port", p.port(), e.port);
    v.same("pid", p.pid(), e.pid);
}

template <typename P>
void compare(verdict& v, const P& p, const v2::service_definition& e) {
    v.same("service_name", p.service_name(), e.service_name);
    v.same("binary_path", p.binary_path(), e.binary_path);
    v.same("isolation", p.isolation(), e.isolation);
    v.same("explicit_instance", p.explicit_instance(), e.explicit_instance);
    v.same("per_version_binary_dir", p.per_version_binary_dir(), e.per_version_binary_dir);
    v.same("min_version", p.min_version(), e.min_version);
    v.same("version_allow_list.size", p.version_allow_list_size(), e.version_allow_list.size());
    for (int i = 0; i < p.version_allow_list_size() && v.ok(); ++i)
        v.same("version_allow_list", p.version_allow_list(i), e.version_allow_list[static_cast<std::size_t>(i)]);
    v.same("labels.size", p.labels().size(), e.labels.size());
    for (const auto& [key, value] : e.labels) {
        const auto it = p.labels().find(key);
        v.same("labels", it == p.labels().end() ? std::string("<missing>") : it->second, value);
    }
    v.same("has http_server", p.has_http_server(), e.http_server.has_value());
    if (v.ok() && e.http_server) {
        v.same("http_server.bind_addr", p.http_server().bind_addr(), e.http_server->bind_addr);
        v.same("http_server.health_path", p.http_server().health_path(), e.http_server->health_path);
        v.same("http_server.display_name", p.http_server().display_name(), e.http_server->display_name);
    }
}

template <typename P>
void compare(verdict& v, const P& p, const v2::cache_manifest& e) {
    v.same("service_name", p.service_name(), e.service_name);
    v.same("service_version", p.service_version(), e.service_version);
    v.same("broker_envelope_version", p.broker_envelope_version(), e.broker_envelope_version);
    v.same("created_at_unix_ms", p.created_at_unix_ms(), e.created_at_unix_ms);
    v.same("last_active_unix_ms", p.last_active_unix_ms(), e.last_active_unix_ms);
    v.same("roots.size", p.roots_size(), e.roots.size());
    for (int i = 0; i < p.roots_size() && v.ok(); ++i) {
        v.same("roots.kind", p.roots(i).kind(), e.roots[static_cast<std::size_t>(i)].kind);
        v.same("roots.path", p.roots(i).path(), e.roots[static_cast<std::size_t>(i)].path);
    }
    v.same("broker_instance", p.broker_instance(), e.broker_instance);
    v.same("bundle_id", p.bundle_id(), e.bundle_id);
}

template <typename P>
void compare(verdict& v, const P& p, const v2::session_start& e) {
    v.same("program", p.program(), e.program);
    v.same("args.size", p.args_size(), e.args.size());
    for (int i = 0; i < p.args_size() && v.ok(); ++i) v.same("args", p.args(i), e.args[static_cast<std::size_t>(i)]);
    v.same("cwd", p.cwd(), e.cwd);
    v.same("env.size", p.env_size(), e.env.size());
    for (int i = 0; i < p.env_size() && v.ok(); ++i) {
        v.same("env.key", p.env(i).key(), e.env[static_cast<std::size_t>(i)].key);
        v.same("env.value", p.env(i).value(), e.env[static_cast<std::size_t>(i)].value);
    }
    v.same("clear_inherited_env", p.clear_inherited_env(), e.clear_inherited_env);
    v.same("environment_policy", p.environment_policy(), e.environment_policy);
}

template <typename P>
void compare(verdict& v, const P& p, const v2::session_frame& e) {
    v.same("kind is stdout", p.kind_case() == P::kStdout, e.stdout_bytes() != nullptr);
    if (v.ok() && e.stdout_bytes() != nullptr) v.same("stdout", p.stdout(), *e.stdout_bytes());
}

template <typename P>
void compare(verdict& v, const P& p, const v1::frame& e) {
    v.same("envelope_version", p.envelope_version(), e.envelope_version);
    v.same("kind", p.kind(), e.kind);
    v.same("payload_protocol", p.payload_protocol(), e.payload_protocol);
    v.same("payload", p.payload(), e.payload);
    v.same("request_id", p.request_id(), e.request_id);
    v.same("payload_encoding", p.payload_encoding(), e.payload_encoding);
    v.same("deadline_unix_ms", p.deadline_unix_ms(), e.deadline_unix_ms);
    v.same("traceparent", p.traceparent(), e.traceparent);
    v.same("tracestate", p.tracestate(), e.tracestate);
}

template <typename P>
void compare(verdict& v, const P& p, const v1::hello& e) {
    v.same("client_min_protocol", p.client_min_protocol(), e.client_min_protocol);
    v.same("client_max_protocol", p.client_max_protocol(), e.client_max_protocol);
    v.same("service_name", p.service_name(), e.service_name);
    v.same("wanted_version", p.wanted_version(), e.wanted_version);
    v.same("client_version", p.client_version(), e.client_version);
    v.same("client_capabilities", p.client_capabilities(), e.client_capabilities);
    v.same("auth_token", p.auth_token(), e.auth_token);
    v.same("request_id", p.request_id(), e.request_id);
    v.same("connection_id", p.connection_id(), e.connection_id);
    v.same("peer_pid", p.peer_pid(), e.peer_pid);
    v.same("client_lib_name", p.client_lib_name(), e.client_lib_name);
    v.same("client_lib_version", p.client_lib_version(), e.client_lib_version);
    v.same("peer_attestation_nonce", p.peer_attestation_nonce(), e.peer_attestation_nonce);
    v.same("capability_token", p.capability_token(), e.capability_token);
    v.same("client_keepalive_secs", p.client_keepalive_secs(), e.client_keepalive_secs);
}

template <typename P>
void compare(verdict& v, const P& p, const v1::hello_reply& e) {
    v.same("has negotiated", p.has_negotiated(), e.negotiated() != nullptr);
    if (!v.ok() || e.negotiated() == nullptr) return;  // the sample is a Negotiated
    const auto& n = p.negotiated();
    const v1::negotiated& w = *e.negotiated();
    v.same("negotiated_protocol", n.negotiated_protocol(), w.negotiated_protocol);
    v.same("daemon_version", n.daemon_version(), w.daemon_version);
    v.same("backend_pipe", n.backend_pipe(), w.backend_pipe);
    v.same("warnings.size", n.warnings_size(), w.warnings.size());
    v.same("server_capabilities", n.server_capabilities(), w.server_capabilities);
    v.same("keepalive_interval_secs", n.keepalive_interval_secs(), w.keepalive_interval_secs);
    v.same("handle_passed_token", n.handle_passed_token(), w.handle_passed_token);
    v.same("connection_id", n.connection_id(), w.connection_id);
}

// `pb`: ParseFromString into one reused message.
template <typename Pb, typename Message>
void decode_reused(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    Pb m;
    verified_decode(
        state, input, [&] { return m.ParseFromString(input); },
        [&](verdict& v) { compare(v, m, expected<Message>(stem)); });
}

// `pb_arena`: a fresh message per iteration on an arena reset each time.
template <typename Pb, typename Message>
void decode_arena(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    // Twice the largest sample, so no iteration outgrows the first block.
    static std::vector<char> first_block(256 * 1024);
    google::protobuf::ArenaOptions options;
    options.initial_block = first_block.data();
    options.initial_block_size = first_block.size();
    google::protobuf::Arena arena(options);
    Pb* m = nullptr;
    verified_decode(
        state, input,
        [&] {
            arena.Reset();
            m = google::protobuf::Arena::CreateMessage<Pb>(&arena);
            return m->ParseFromString(input);
        },
        [&](verdict& v) { compare(v, *m, expected<Message>(stem)); });
}

// Serializes one parsed message into a reused buffer (SerializeToArray
// computes the size first, as every protobuf encode does).
template <typename Pb, typename Message>
void encode_reused(benchmark::State& state, const char* stem) {
    Pb m;
    if (!m.ParseFromString(sample(stem))) {
        state.SkipWithError("the sample failed to decode");
        return;
    }
    std::string out(sample(stem).size() * 2 + 16, '\0');
    verified_encode<Message>(
        state, stem,
        [&]() -> std::size_t {
            const std::size_t n = m.ByteSizeLong();
            return m.SerializeToArray(out.data(), static_cast<int>(out.size())) ? n : 0;
        },
        [&] { return out.data(); });
}

// Registers BM_decode/<stem>/<peer> (and <arena_peer> unless null) and
// BM_encode/<stem>/<peer>.
template <typename Pb, typename Message>
void register_sample(const char* stem, const char* peer, const char* arena_peer) {
    register_decode(stem, peer, [stem](benchmark::State& s) { decode_reused<Pb, Message>(s, stem); });
    if (arena_peer != nullptr)
        register_decode(stem, arena_peer, [stem](benchmark::State& s) { decode_arena<Pb, Message>(s, stem); });
    register_encode(stem, peer, [stem](benchmark::State& s) { encode_reused<Pb, Message>(s, stem); });
}

// Every sample, for one generated package.
template <typename Types>
bool register_all(const char* peer, const char* arena_peer) {
    register_sample<typename Types::ready, v2::backend_http_ready>("ready", peer, arena_peer);
    register_sample<typename Types::endpoint_resp, v2::get_broker_http_endpoint_response>("endpoint_resp", peer,
                                                                                           arena_peer);
    register_sample<typename Types::servicedef, v2::service_definition>("servicedef", peer, arena_peer);
    register_sample<typename Types::manifest, v2::cache_manifest>("manifest", peer, arena_peer);
    register_sample<typename Types::session_start, v2::session_start>("session_start", peer, arena_peer);
    register_sample<typename Types::session_frame, v2::session_frame>("session_stdout_64k", peer, arena_peer);
    register_sample<typename Types::frame, v1::frame>("frame_ready", peer, arena_peer);
    register_sample<typename Types::hello, v1::hello>("hello", peer, arena_peer);
    register_sample<typename Types::hello_reply, v1::hello_reply>("hello_reply", peer, arena_peer);
    return true;
}

}  // namespace brokerwire::bench::pb_peer
