// One fully populated value of every message type: every field set to a
// non-default value, nested messages, repeated fields and maps non-empty,
// and unknown fields at every level.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

#include <brokerwire/messages.hpp>

namespace brokerwire::test {

// An unknown field 99 (varint 1) and an unknown group 100: raw bytes as kept.
inline const std::string unknown_bytes = std::string("\x98\x06\x01\xA3\x06\x08\x02\xA4\x06", 9);

inline v2::http_server_capability full_http_server_capability() {
    return {"0.0.0.0", "/healthz", "cache \xE2\x9C\x93", unknown_bytes};
}

inline v2::service_definition full_service_definition() {
    v2::service_definition m;
    m.service_name = "zccache";
    m.binary_path = "/opt/zccache/bin/zccache";
    m.isolation = v2::broker_isolation::explicit_instance;
    m.explicit_instance = "ci";
    m.per_version_binary_dir = "/opt/zccache/bin";
    m.min_version = "1.2.0";
    m.version_allow_list = {"1.2.0", "", "1.4.2-rc.1"};
    m.labels = {{"team", "build"}, {"", "empty key"}, {"empty value", ""}, {"\xC3\xA9t\xC3\xA9", "summer"}};
    m.http_server = full_http_server_capability();
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v2::cache_root full_cache_root() {
    return {v2::cache_root_kind::cache_index, "/var/cache/zccache/index", unknown_bytes};
}

inline v2::cache_manifest full_cache_manifest() {
    v2::cache_manifest m;
    m.service_name = "zccache";
    m.service_version = "1.4.2";
    m.broker_envelope_version = "v2";
    m.created_at_unix_ms = 1763800000000;
    m.last_active_unix_ms = ~std::uint64_t{0};
    m.roots = {full_cache_root(), v2::cache_root{}, {static_cast<v2::cache_root_kind>(-3), "/neg", ""}};
    m.broker_instance = "shared";
    m.bundle_id = "soldr";
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v2::session_env_var full_session_env_var() { return {"PATH", "/usr/bin:/bin", unknown_bytes}; }

inline v2::session_start full_session_start() {
    v2::session_start m;
    m.program = "rustc";
    m.args = {"--edition=2021", "", "-O"};
    m.cwd = "/src";
    m.env = {full_session_env_var(), v2::session_env_var{}, {"K", "", ""}};
    m.clear_inherited_env = true;
    m.environment_policy = v2::environment_policy::user_baseline;
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v2::session_exit full_session_exit() {
    v2::session_exit m;
    m.code = -1;
    m.signal = 9;
    m.metadata = {{"reason", "killed"}, {"", ""}};
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v2::session_frame full_session_frame() {
    v2::session_frame m;
    m.set_start(full_session_start());
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v1::frame full_frame() {
    v1::frame m;
    m.envelope_version = 1;
    m.kind = v1::frame_kind::response;
    m.payload_protocol = 0xAD01;
    m.payload = std::string("\x00\xFF\x80 binary", 10);
    m.request_id = 0xFFFFFFFFFFull;
    m.payload_encoding = v1::payload_encoding::lz4;
    m.deadline_unix_ms = 1763800000000;
    m.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    m.tracestate = "congo=t61rcWkgMzE";
    m.unknown_fields = unknown_bytes;
    return m;
}

inline v1::admin_request full_admin_request() {
    return {v1::admin_verb::shutdown, true, "zccache", "/tmp/diag.tar", 30000, unknown_bytes};
}

inline v1::admin_reply full_admin_reply() {
    return {v1::admin_reply_kind::openmetrics, "# EOF\n", 3, "application/openmetrics-text", unknown_bytes};
}

// Every type once, as a tuple, for tests that run one check on all of them.
inline auto all_full_messages() {
    v2::session_frame exit_frame;
    exit_frame.set_exit(full_session_exit());
    return std::make_tuple(v2::backend_http_ready{49152, unknown_bytes},
                           v2::get_broker_http_endpoint_request{unknown_bytes},
                           v2::get_broker_http_endpoint_response{8765, 412345, unknown_bytes},
                           v2::get_session_token_request{"daemon-1", unknown_bytes},
                           v2::get_session_token_response{true, std::string("\x00\x01\xFE", 3), unknown_bytes},
                           full_http_server_capability(), full_service_definition(), full_cache_root(),
                           full_cache_manifest(), full_session_env_var(), full_session_start(),
                           full_session_exit(), full_session_frame(), exit_frame, full_frame(),
                           full_admin_request(), full_admin_reply());
}

}  // namespace brokerwire::test
