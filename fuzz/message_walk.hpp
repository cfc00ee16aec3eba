// Walks over every message type that the decode harness needs beyond the
// public API: dropping unknown fields at every level (what a view cannot
// keep), and visiting every string a view hands out (which must point into
// the decoded input).
#pragma once

#include <string_view>
#include <variant>

#include "brokerwire/messages.hpp"
#include "brokerwire/messages/list.hpp"

namespace brokerwire::fuzz {

// --- strip_unknown: clears unknown_fields here and in every nested message.

// A message without nested messages. One with nested messages needs its own
// overload below; without it the decode harness fails on its first seed with
// unknown fields in a nested message (<field>-nested-unknown.bin).
template <typename T>
void strip_unknown(T& m) {
    m.unknown_fields.clear();
}

inline void strip_unknown(v2::service_definition& m) {
    m.unknown_fields.clear();
    if (m.http_server) strip_unknown(*m.http_server);
}

inline void strip_unknown(v2::cache_manifest& m) {
    m.unknown_fields.clear();
    for (v2::cache_root& root : m.roots) strip_unknown(root);
}

inline void strip_unknown(v2::session_start& m) {
    m.unknown_fields.clear();
    for (v2::session_env_var& var : m.env) strip_unknown(var);
}

inline void strip_unknown(v2::session_frame& m) {
    m.unknown_fields.clear();
    if (v2::session_exit* e = m.exit()) strip_unknown(*e);
    if (v2::session_start* s = m.start()) strip_unknown(*s);
}

inline void strip_unknown(v1::hello_reply& m) {
    m.unknown_fields.clear();
    if (v1::negotiated* n = m.negotiated()) strip_unknown(*n);
    if (v1::refused* r = m.refused()) strip_unknown(*r);
}

inline void strip_unknown(v1::daemon_process& m) {
    m.unknown_fields.clear();
    if (m.ipc_endpoint) strip_unknown(*m.ipc_endpoint);
}

// --- view_strings: calls f(std::string_view) for every string or bytes field
// of a view, nested messages, repeated elements and map entries included.

template <typename F>
void view_strings(const v2::backend_http_ready_view&, F&&) {}
template <typename F>
void view_strings(const v2::get_broker_http_endpoint_request_view&, F&&) {}
template <typename F>
void view_strings(const v2::get_broker_http_endpoint_response_view&, F&&) {}
template <typename F>
void view_strings(const v2::get_session_token_request_view& v, F&& f) {
    f(v.daemon_id);
}
template <typename F>
void view_strings(const v2::get_session_token_response_view& v, F&& f) {
    f(v.session_token);
}
template <typename F>
void view_strings(const v2::http_server_capability_view& v, F&& f) {
    f(v.bind_addr);
    f(v.health_path);
    f(v.display_name);
}
template <typename F>
void view_strings(const v2::service_definition_view& v, F&& f) {
    f(v.service_name);
    f(v.binary_path);
    f(v.explicit_instance);
    f(v.per_version_binary_dir);
    f(v.min_version);
    for (std::string_view s : v.version_allow_list) f(s);
    for (const string_map_entry& e : v.labels) {
        f(e.key);
        f(e.value);
    }
    if (v.http_server) view_strings(*v.http_server, f);
}
template <typename F>
void view_strings(const v2::cache_root_view& v, F&& f) {
    f(v.path);
}
template <typename F>
void view_strings(const v2::cache_manifest_view& v, F&& f) {
    f(v.service_name);
    f(v.service_version);
    f(v.broker_envelope_version);
    for (const v2::cache_root_view& root : v.roots) view_strings(root, f);
    f(v.broker_instance);
    f(v.bundle_id);
}
template <typename F>
void view_strings(const v2::session_env_var_view& v, F&& f) {
    f(v.key);
    f(v.value);
}
template <typename F>
void view_strings(const v2::session_start_view& v, F&& f) {
    f(v.program);
    for (std::string_view s : v.args) f(s);
    f(v.cwd);
    for (const v2::session_env_var_view& var : v.env) view_strings(var, f);
}
template <typename F>
void view_strings(const v2::session_exit_view& v, F&& f) {
    for (const string_map_entry& e : v.metadata) {
        f(e.key);
        f(e.value);
    }
}
template <typename F>
void view_strings(const v2::session_frame_view& v, F&& f) {
    if (const std::string_view* s = v.stdin_bytes()) f(*s);
    if (const std::string_view* s = v.stdout_bytes()) f(*s);
    if (const std::string_view* s = v.stderr_bytes()) f(*s);
    if (const v2::session_exit_view* e = v.exit()) view_strings(*e, f);
    if (const v2::session_start_view* s = v.start()) view_strings(*s, f);
}
template <typename F>
void view_strings(const v1::frame_view& v, F&& f) {
    f(v.payload);
    f(v.traceparent);
    f(v.tracestate);
}
template <typename F>
void view_strings(const v1::admin_request_view& v, F&& f) {
    f(v.service_name);
    f(v.output_path);
}
template <typename F>
void view_strings(const v1::admin_reply_view& v, F&& f) {
    f(v.body);
    f(v.content_type);
}
template <typename F>
void view_strings(const v1::hello_view& v, F&& f) {
    f(v.service_name);
    f(v.wanted_version);
    f(v.client_version);
    f(v.auth_token);
    f(v.request_id);
    f(v.client_lib_name);
    f(v.client_lib_version);
    f(v.peer_attestation_nonce);
    f(v.capability_token);
}
template <typename F>
void view_strings(const v1::negotiated_view& v, F&& f) {
    f(v.daemon_version);
    f(v.backend_pipe);
    for (std::string_view s : v.warnings) f(s);
    f(v.handle_passed_token);
}
template <typename F>
void view_strings(const v1::refused_view& v, F&& f) {
    f(v.reason);
    for (const string_map_entry& e : v.details) {
        f(e.key);
        f(e.value);
    }
}
template <typename F>
void view_strings(const v1::hello_reply_view& v, F&& f) {
    if (const v1::negotiated_view* n = v.negotiated()) view_strings(*n, f);
    if (const v1::refused_view* r = v.refused()) view_strings(*r, f);
}
template <typename F>
void view_strings(const v1::handoff_offer_view& v, F&& f) {
    f(v.token);
    f(v.service_name);
}
template <typename F>
void view_strings(const v1::handoff_ack_view& v, F&& f) {
    f(v.token);
    f(v.error_detail);
}
template <typename F>
void view_strings(const v1::endpoint_view& v, F&& f) {
    f(v.namespace_id);
    f(v.path);
}
template <typename F>
void view_strings(const v1::daemon_process_view& v, F&& f) {
    f(v.exe_path);
    if (v.ipc_endpoint) view_strings(*v.ipc_endpoint, f);
    f(v.boot_id);
    f(v.exe_hash_algorithm);
    f(v.exe_hash);
}

template <typename F>
void view_strings(const v1::service_definition_view& v, F&& f) {
    f(v.service_name);
    f(v.binary_path);
    f(v.explicit_instance);
    f(v.per_version_binary_dir);
    f(v.min_version);
    for (std::string_view s : v.version_allow_list) f(s);
    for (const string_map_entry& e : v.labels) {
        f(e.key);
        f(e.value);
    }
}

// view_strings has no catch-all: this function names it for every message of
// the schema, so a message added to proto/ without an overload above fails to
// compile in every harness, not only in its own. Never called.
inline void view_strings_covers_every_message() {
    const auto ignore = [](std::string_view) {};
#define BROKERWIRE_FUZZ_VIEW_STRINGS(ns, type, Name) view_strings(ns::type##_view{}, ignore);
    BROKERWIRE_FOR_EACH_MESSAGE(BROKERWIRE_FUZZ_VIEW_STRINGS)
#undef BROKERWIRE_FUZZ_VIEW_STRINGS
}

}  // namespace brokerwire::fuzz
