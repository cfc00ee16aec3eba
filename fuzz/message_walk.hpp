// Walks over every message type that the decode harness needs beyond the
// public API: dropping unknown fields at every level (what a view cannot
// keep), and visiting every string a view hands out (which must point into
// the decoded input).
#pragma once

#include <string_view>
#include <variant>

#include "brokerwire/messages.hpp"

namespace brokerwire::fuzz {

// --- strip_unknown: clears unknown_fields here and in every nested message.

// A message without nested messages.
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

}  // namespace brokerwire::fuzz
