// BM_decode/<sample>/protozero_view and BM_decode/<sample>/protozero_copy:
// protozero's pbf_reader, the way its users write decoders by hand, into
// plain structs; BM_encode/hello*/protozero: pbf_writer appending to one
// reused std::string (cleared, its capacity kept), from such a struct. `view` keeps std::string_view fields pointing into the
// input, `copy` copies them into std::string fields; both reuse their
// structs (and the copies' buffers) across iterations. protozero checks
// wire structure only: no UTF-8 validation, no field-type checks beyond the
// wire type (that is its nature, and part of what it saves).
#define PROTOZERO_USE_VIEW std::string_view
#include <protozero/pbf_reader.hpp>
#include <protozero/pbf_writer.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "peer_support.hpp"

namespace {

using namespace brokerwire;
using namespace brokerwire::bench;

void set(std::string_view& dst, std::string_view v) { dst = v; }
void set(std::string& dst, std::string_view v) { dst.assign(v.data(), v.size()); }

// The next element of a repeated field, reusing an earlier element (and its
// buffer) when there is one; `trim` drops the ones this decode did not use.
template <typename T>
T& next(std::vector<T>& items, std::size_t& used) {
    if (used == items.size()) items.emplace_back();
    return items[used++];
}
template <typename T>
void trim(std::vector<T>& items, std::size_t used) {
    items.resize(used);
}

template <typename S>
struct ready_msg {
    std::uint32_t port = 0;
};
template <typename S>
struct endpoint_msg {
    std::uint32_t port = 0, pid = 0;
};
template <typename S>
struct http_msg {
    S bind_addr, health_path, display_name;
};
template <typename S>
struct servicedef_msg {
    S service_name, binary_path;
    std::int32_t isolation = 0;
    S explicit_instance, per_version_binary_dir, min_version;
    std::vector<S> version_allow_list;
    std::vector<std::pair<S, S>> labels;
    bool has_http_server = false;
    http_msg<S> http_server;
};
template <typename S>
struct root_msg {
    std::int32_t kind = 0;
    S path;
};
template <typename S>
struct manifest_msg {
    S service_name, service_version, broker_envelope_version;
    std::uint64_t created_at_unix_ms = 0, last_active_unix_ms = 0;
    std::vector<root_msg<S>> roots;
    S broker_instance, bundle_id;
};
template <typename S>
struct session_start_msg {
    S program;
    std::vector<S> args;
    S cwd;
    std::vector<std::pair<S, S>> env;
    bool clear_inherited_env = false;
    std::int32_t environment_policy = 0;
};
template <typename S>
struct session_frame_msg {
    int which = 0;  // the oneof's field number; only stdout (3) is kept here
    S stdout_bytes;
};
template <typename S>
struct frame_msg {
    std::uint32_t envelope_version = 0;
    std::int32_t kind = 0;
    std::uint32_t payload_protocol = 0;
    S payload;
    std::uint64_t request_id = 0;
    std::int32_t payload_encoding = 0;
    std::uint64_t deadline_unix_ms = 0;
    S traceparent, tracestate;
};

template <typename S>
struct hello_msg {
    std::uint32_t client_min_protocol = 0, client_max_protocol = 0;
    S service_name, wanted_version, client_version;
    std::uint64_t client_capabilities = 0;
    S auth_token, request_id;
    std::uint64_t connection_id = 0;
    std::uint32_t peer_pid = 0;
    S client_lib_name, client_lib_version, peer_attestation_nonce, capability_token;
    std::uint64_t client_keepalive_secs = 0;
};
template <typename S>
struct hello_reply_msg {
    int which = 0;  // the oneof's field number; only negotiated (1) is kept here
    std::uint32_t negotiated_protocol = 0;
    S daemon_version, backend_pipe;
    std::vector<S> warnings;
    std::uint64_t server_capabilities = 0, keepalive_interval_secs = 0;
    S handle_passed_token;
    std::uint64_t connection_id = 0;
};

template <typename S>
void parse(protozero::pbf_reader r, ready_msg<S>& m) {
    m = {};
    while (r.next()) (r.tag() == 1) ? void(m.port = r.get_uint32()) : r.skip();
}

template <typename S>
void parse(protozero::pbf_reader r, endpoint_msg<S>& m) {
    m = {};
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.port = r.get_uint32(); break;
            case 2: m.pid = r.get_uint32(); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse_pair(protozero::pbf_reader r, std::pair<S, S>& kv) {
    set(kv.first, {});
    set(kv.second, {});
    while (r.next()) {
        switch (r.tag()) {
            case 1: set(kv.first, r.get_view()); break;
            case 2: set(kv.second, r.get_view()); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse(protozero::pbf_reader r, http_msg<S>& m) {
    for (S* s : {&m.bind_addr, &m.health_path, &m.display_name}) set(*s, {});
    while (r.next()) {
        switch (r.tag()) {
            case 1: set(m.bind_addr, r.get_view()); break;
            case 2: set(m.health_path, r.get_view()); break;
            case 3: set(m.display_name, r.get_view()); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse(protozero::pbf_reader r, servicedef_msg<S>& m) {
    for (S* s : {&m.service_name, &m.binary_path, &m.explicit_instance, &m.per_version_binary_dir, &m.min_version})
        set(*s, {});
    m.isolation = 0;
    m.has_http_server = false;
    std::size_t allow = 0, labels = 0;
    while (r.next()) {
        switch (r.tag()) {
            case 1: set(m.service_name, r.get_view()); break;
            case 2: set(m.binary_path, r.get_view()); break;
            case 3: m.isolation = r.get_enum(); break;
            case 4: set(m.explicit_instance, r.get_view()); break;
            case 5: set(m.per_version_binary_dir, r.get_view()); break;
            case 6: set(m.min_version, r.get_view()); break;
            case 7: set(next(m.version_allow_list, allow), r.get_view()); break;
            case 8: parse_pair(r.get_message(), next(m.labels, labels)); break;
            case 10:
                m.has_http_server = true;
                parse(r.get_message(), m.http_server);
                break;
            default: r.skip();
        }
    }
    trim(m.version_allow_list, allow);
    trim(m.labels, labels);
}

template <typename S>
void parse(protozero::pbf_reader r, root_msg<S>& m) {
    m.kind = 0;
    set(m.path, {});
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.kind = r.get_enum(); break;
            case 2: set(m.path, r.get_view()); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse(protozero::pbf_reader r, manifest_msg<S>& m) {
    for (S* s : {&m.service_name, &m.service_version, &m.broker_envelope_version, &m.broker_instance, &m.bundle_id})
        set(*s, {});
    m.created_at_unix_ms = m.last_active_unix_ms = 0;
    std::size_t roots = 0;
    while (r.next()) {
        switch (r.tag()) {
            case 1: set(m.service_name, r.get_view()); break;
            case 2: set(m.service_version, r.get_view()); break;
            case 3: set(m.broker_envelope_version, r.get_view()); break;
            case 4: m.created_at_unix_ms = r.get_uint64(); break;
            case 5: m.last_active_unix_ms = r.get_uint64(); break;
            case 10: parse(r.get_message(), next(m.roots, roots)); break;
            case 40: set(m.broker_instance, r.get_view()); break;
            case 70: set(m.bundle_id, r.get_view()); break;
            default: r.skip();
        }
    }
    trim(m.roots, roots);
}

template <typename S>
void parse(protozero::pbf_reader r, session_start_msg<S>& m) {
    set(m.program, {});
    set(m.cwd, {});
    m.clear_inherited_env = false;
    m.environment_policy = 0;
    std::size_t args = 0, env = 0;
    while (r.next()) {
        switch (r.tag()) {
            case 1: set(m.program, r.get_view()); break;
            case 2: set(next(m.args, args), r.get_view()); break;
            case 3: set(m.cwd, r.get_view()); break;
            case 4: parse_pair(r.get_message(), next(m.env, env)); break;
            case 5: m.clear_inherited_env = r.get_bool(); break;
            case 6: m.environment_policy = r.get_enum(); break;
            default: r.skip();
        }
    }
    trim(m.args, args);
    trim(m.env, env);
}

template <typename S>
void parse(protozero::pbf_reader r, session_frame_msg<S>& m) {
    m.which = 0;
    while (r.next()) {
        if (r.tag() == 3) {
            m.which = 3;
            set(m.stdout_bytes, r.get_view());
        } else {
            m.which = static_cast<int>(r.tag());  // another alternative: not needed by the samples
            r.skip();
        }
    }
}

template <typename S>
void parse(protozero::pbf_reader r, frame_msg<S>& m) {
    m = {};
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.envelope_version = r.get_uint32(); break;
            case 2: m.kind = r.get_enum(); break;
            case 3: m.payload_protocol = r.get_uint32(); break;
            case 4: set(m.payload, r.get_view()); break;
            case 5: m.request_id = r.get_uint64(); break;
            case 6: m.payload_encoding = r.get_enum(); break;
            case 7: m.deadline_unix_ms = r.get_uint64(); break;
            case 8: set(m.traceparent, r.get_view()); break;
            case 9: set(m.tracestate, r.get_view()); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse(protozero::pbf_reader r, hello_msg<S>& m) {
    for (S* s : {&m.service_name, &m.wanted_version, &m.client_version, &m.auth_token, &m.request_id,
                 &m.client_lib_name, &m.client_lib_version, &m.peer_attestation_nonce, &m.capability_token})
        set(*s, {});
    m.client_min_protocol = m.client_max_protocol = m.peer_pid = 0;
    m.client_capabilities = m.connection_id = m.client_keepalive_secs = 0;
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.client_min_protocol = r.get_uint32(); break;
            case 2: m.client_max_protocol = r.get_uint32(); break;
            case 3: set(m.service_name, r.get_view()); break;
            case 4: set(m.wanted_version, r.get_view()); break;
            case 5: set(m.client_version, r.get_view()); break;
            case 6: m.client_capabilities = r.get_uint64(); break;
            case 7: set(m.auth_token, r.get_view()); break;
            case 8: set(m.request_id, r.get_view()); break;
            case 9: m.connection_id = r.get_uint64(); break;
            case 10: m.peer_pid = r.get_uint32(); break;
            case 11: set(m.client_lib_name, r.get_view()); break;
            case 12: set(m.client_lib_version, r.get_view()); break;
            case 13: set(m.peer_attestation_nonce, r.get_view()); break;
            case 14: set(m.capability_token, r.get_view()); break;
            case 15: m.client_keepalive_secs = r.get_uint64(); break;
            default: r.skip();
        }
    }
}

template <typename S>
void parse_negotiated(protozero::pbf_reader r, hello_reply_msg<S>& m) {
    std::size_t warnings = 0;
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.negotiated_protocol = r.get_uint32(); break;
            case 2: set(m.daemon_version, r.get_view()); break;
            case 3: set(m.backend_pipe, r.get_view()); break;
            case 4: set(next(m.warnings, warnings), r.get_view()); break;
            case 5: m.server_capabilities = r.get_uint64(); break;
            case 6: m.keepalive_interval_secs = r.get_uint64(); break;
            case 7: set(m.handle_passed_token, r.get_view()); break;
            case 8: m.connection_id = r.get_uint64(); break;
            default: r.skip();
        }
    }
    trim(m.warnings, warnings);
}

template <typename S>
void parse(protozero::pbf_reader r, hello_reply_msg<S>& m) {
    m.which = 0;
    m.negotiated_protocol = 0;
    m.server_capabilities = m.keepalive_interval_secs = m.connection_id = 0;
    for (S* s : {&m.daemon_version, &m.backend_pipe, &m.handle_passed_token}) set(*s, {});
    while (r.next()) {
        if (r.tag() == 1) {
            m.which = 1;
            parse_negotiated(r.get_message(), m);
        } else {
            m.which = static_cast<int>(r.tag());  // Refused: not needed by the sample
            r.skip();
        }
    }
    if (m.which != 1) trim(m.warnings, 0);
}

// Encoders, in field order, writing only fields that differ from their
// default (proto3), as every peer's encoder does.
template <typename S>
void write(protozero::pbf_writer& w, const hello_msg<S>& m) {
    if (m.client_min_protocol != 0) w.add_uint32(1, m.client_min_protocol);
    if (m.client_max_protocol != 0) w.add_uint32(2, m.client_max_protocol);
    if (!m.service_name.empty()) w.add_string(3, m.service_name);
    if (!m.wanted_version.empty()) w.add_string(4, m.wanted_version);
    if (!m.client_version.empty()) w.add_string(5, m.client_version);
    if (m.client_capabilities != 0) w.add_uint64(6, m.client_capabilities);
    if (!m.auth_token.empty()) w.add_bytes(7, m.auth_token);
    if (!m.request_id.empty()) w.add_string(8, m.request_id);
    if (m.connection_id != 0) w.add_uint64(9, m.connection_id);
    if (m.peer_pid != 0) w.add_uint32(10, m.peer_pid);
    if (!m.client_lib_name.empty()) w.add_string(11, m.client_lib_name);
    if (!m.client_lib_version.empty()) w.add_string(12, m.client_lib_version);
    if (!m.peer_attestation_nonce.empty()) w.add_bytes(13, m.peer_attestation_nonce);
    if (!m.capability_token.empty()) w.add_bytes(14, m.capability_token);
    if (m.client_keepalive_secs != 0) w.add_uint64(15, m.client_keepalive_secs);
}

template <typename S>
void write(protozero::pbf_writer& w, const hello_reply_msg<S>& m) {
    if (m.which != 1) return;
    protozero::pbf_writer n(w, 1);
    if (m.negotiated_protocol != 0) n.add_uint32(1, m.negotiated_protocol);
    if (!m.daemon_version.empty()) n.add_string(2, m.daemon_version);
    if (!m.backend_pipe.empty()) n.add_string(3, m.backend_pipe);
    for (const S& warning : m.warnings) n.add_string(4, warning);
    if (m.server_capabilities != 0) n.add_uint64(5, m.server_capabilities);
    if (m.keepalive_interval_secs != 0) n.add_uint64(6, m.keepalive_interval_secs);
    if (!m.handle_passed_token.empty()) n.add_bytes(7, m.handle_passed_token);
    if (m.connection_id != 0) n.add_uint64(8, m.connection_id);
}

template <typename S>
void compare(verdict& v, const ready_msg<S>& p, const v2::backend_http_ready& e) {
    v.same("port", p.port, e.port);
}

template <typename S>
void compare(verdict& v, const endpoint_msg<S>& p, const v2::get_broker_http_endpoint_response& e) {
    v.same("port", p.port, e.port);
    v.same("pid", p.pid, e.pid);
}

template <typename S>
void compare(verdict& v, const servicedef_msg<S>& p, const v2::service_definition& e) {
    v.same("service_name", p.service_name, e.service_name);
    v.same("binary_path", p.binary_path, e.binary_path);
    v.same("isolation", p.isolation, e.isolation);
    v.same("explicit_instance", p.explicit_instance, e.explicit_instance);
    v.same("per_version_binary_dir", p.per_version_binary_dir, e.per_version_binary_dir);
    v.same("min_version", p.min_version, e.min_version);
    v.same("version_allow_list.size", p.version_allow_list.size(), e.version_allow_list.size());
    for (std::size_t i = 0; i < p.version_allow_list.size() && v.ok(); ++i)
        v.same("version_allow_list", p.version_allow_list[i], e.version_allow_list[i]);
    v.same("labels.size", p.labels.size(), e.labels.size());
    auto want = e.labels.begin();  // the sample's labels are in key order
    for (std::size_t i = 0; i < p.labels.size() && v.ok(); ++i, ++want) {
        v.same("labels.key", p.labels[i].first, want->first);
        v.same("labels.value", p.labels[i].second, want->second);
    }
    v.same("has http_server", p.has_http_server, e.http_server.has_value());
    if (v.ok() && e.http_server) {
        v.same("http_server.bind_addr", p.http_server.bind_addr, e.http_server->bind_addr);
        v.same("http_server.health_path", p.http_server.health_path, e.http_server->health_path);
        v.same("http_server.display_name", p.http_server.display_name, e.http_server->display_name);
    }
}

template <typename S>
void compare(verdict& v, const manifest_msg<S>& p, const v2::cache_manifest& e) {
    v.same("service_name", p.service_name, e.service_name);
    v.same("service_version", p.service_version, e.service_version);
    v.same("broker_envelope_version", p.broker_envelope_version, e.broker_envelope_version);
    v.same("created_at_unix_ms", p.created_at_unix_ms, e.created_at_unix_ms);
    v.same("last_active_unix_ms", p.last_active_unix_ms, e.last_active_unix_ms);
    v.same("roots.size", p.roots.size(), e.roots.size());
    for (std::size_t i = 0; i < p.roots.size() && v.ok(); ++i) {
        v.same("roots.kind", p.roots[i].kind, e.roots[i].kind);
        v.same("roots.path", p.roots[i].path, e.roots[i].path);
    }
    v.same("broker_instance", p.broker_instance, e.broker_instance);
    v.same("bundle_id", p.bundle_id, e.bundle_id);
}

template <typename S>
void compare(verdict& v, const session_start_msg<S>& p, const v2::session_start& e) {
    v.same("program", p.program, e.program);
    v.same("args.size", p.args.size(), e.args.size());
    for (std::size_t i = 0; i < p.args.size() && v.ok(); ++i) v.same("args", p.args[i], e.args[i]);
    v.same("cwd", p.cwd, e.cwd);
    v.same("env.size", p.env.size(), e.env.size());
    for (std::size_t i = 0; i < p.env.size() && v.ok(); ++i) {
        v.same("env.key", p.env[i].first, e.env[i].key);
        v.same("env.value", p.env[i].second, e.env[i].value);
    }
    v.same("clear_inherited_env", p.clear_inherited_env, e.clear_inherited_env);
    v.same("environment_policy", p.environment_policy, e.environment_policy);
}

template <typename S>
void compare(verdict& v, const session_frame_msg<S>& p, const v2::session_frame& e) {
    v.same("kind is stdout", p.which == 3, e.stdout_bytes() != nullptr);
    if (v.ok() && e.stdout_bytes() != nullptr) v.same("stdout", p.stdout_bytes, *e.stdout_bytes());
}

template <typename S>
void compare(verdict& v, const frame_msg<S>& p, const v1::frame& e) {
    v.same("envelope_version", p.envelope_version, e.envelope_version);
    v.same("kind", p.kind, e.kind);
    v.same("payload_protocol", p.payload_protocol, e.payload_protocol);
    v.same("payload", p.payload, e.payload);
    v.same("request_id", p.request_id, e.request_id);
    v.same("payload_encoding", p.payload_encoding, e.payload_encoding);
    v.same("deadline_unix_ms", p.deadline_unix_ms, e.deadline_unix_ms);
    v.same("traceparent", p.traceparent, e.traceparent);
    v.same("tracestate", p.tracestate, e.tracestate);
}

template <typename S>
void compare(verdict& v, const hello_msg<S>& p, const v1::hello& e) {
    v.same("client_min_protocol", p.client_min_protocol, e.client_min_protocol);
    v.same("client_max_protocol", p.client_max_protocol, e.client_max_protocol);
    v.same("service_name", p.service_name, e.service_name);
    v.same("wanted_version", p.wanted_version, e.wanted_version);
    v.same("client_version", p.client_version, e.client_version);
    v.same("client_capabilities", p.client_capabilities, e.client_capabilities);
    v.same("auth_token", p.auth_token, e.auth_token);
    v.same("request_id", p.request_id, e.request_id);
    v.same("connection_id", p.connection_id, e.connection_id);
    v.same("peer_pid", p.peer_pid, e.peer_pid);
    v.same("client_lib_name", p.client_lib_name, e.client_lib_name);
    v.same("client_lib_version", p.client_lib_version, e.client_lib_version);
    v.same("peer_attestation_nonce", p.peer_attestation_nonce, e.peer_attestation_nonce);
    v.same("capability_token", p.capability_token, e.capability_token);
    v.same("client_keepalive_secs", p.client_keepalive_secs, e.client_keepalive_secs);
}

template <typename S>
void compare(verdict& v, const hello_reply_msg<S>& p, const v1::hello_reply& e) {
    v.same("is negotiated", p.which == 1, e.negotiated() != nullptr);
    if (!v.ok() || e.negotiated() == nullptr) return;
    const v1::negotiated& w = *e.negotiated();
    v.same("negotiated_protocol", p.negotiated_protocol, w.negotiated_protocol);
    v.same("daemon_version", p.daemon_version, w.daemon_version);
    v.same("backend_pipe", p.backend_pipe, w.backend_pipe);
    v.same("warnings.size", p.warnings.size(), w.warnings.size());
    for (std::size_t i = 0; i < p.warnings.size() && v.ok(); ++i) v.same("warnings", p.warnings[i], w.warnings[i]);
    v.same("server_capabilities", p.server_capabilities, w.server_capabilities);
    v.same("keepalive_interval_secs", p.keepalive_interval_secs, w.keepalive_interval_secs);
    v.same("handle_passed_token", p.handle_passed_token, w.handle_passed_token);
    v.same("connection_id", p.connection_id, w.connection_id);
}

// protozero reports malformed input by throwing; a throw is a failed decode.
template <typename Struct, typename Message>
void decode_into(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    Struct m;
    verified_decode(
        state, input,
        [&] {
            try {
                parse(protozero::pbf_reader(input.data(), input.size()), m);
                return true;
            } catch (const protozero::exception&) {
                return false;
            }
        },
        [&](verdict& v) { compare(v, m, expected<Message>(stem)); });
}

// Encodes a struct parsed from the sample (owning strings, as an encoder's
// source usually is) into one reused std::string.
template <typename Struct, typename Message>
void encode_from(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    Struct m;
    parse(protozero::pbf_reader(input.data(), input.size()), m);
    std::string out;
    out.reserve(input.size() * 2 + 16);
    verified_encode<Message>(
        state, stem,
        [&]() -> std::size_t {
            out.clear();
            protozero::pbf_writer w(out);
            write(w, m);
            return out.size();
        },
        [&] { return out.data(); });
}

template <template <typename> class Struct, typename Message>
void register_sample(const char* stem) {
    register_decode(stem, "protozero_view",
                    [stem](benchmark::State& s) { decode_into<Struct<std::string_view>, Message>(s, stem); });
    register_decode(stem, "protozero_copy",
                    [stem](benchmark::State& s) { decode_into<Struct<std::string>, Message>(s, stem); });
}

const bool registered = [] {
    register_sample<ready_msg, v2::backend_http_ready>("ready");
    register_sample<endpoint_msg, v2::get_broker_http_endpoint_response>("endpoint_resp");
    register_sample<servicedef_msg, v2::service_definition>("servicedef");
    register_sample<manifest_msg, v2::cache_manifest>("manifest");
    register_sample<session_start_msg, v2::session_start>("session_start");
    register_sample<session_frame_msg, v2::session_frame>("session_stdout_64k");
    register_sample<frame_msg, v1::frame>("frame_ready");
    register_sample<hello_msg, v1::hello>("hello");
    register_sample<hello_reply_msg, v1::hello_reply>("hello_reply");
    register_encode("hello", "protozero",
                    [](benchmark::State& s) { encode_from<hello_msg<std::string>, v1::hello>(s, "hello"); });
    register_encode("hello_reply", "protozero", [](benchmark::State& s) {
        encode_from<hello_reply_msg<std::string>, v1::hello_reply>(s, "hello_reply");
    });
    return true;
}();

}  // namespace
