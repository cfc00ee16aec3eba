// A daemon's identity and its wire form (see daemon_identity.hpp).
#include "brokerwire/broker/daemon_identity.hpp"

#include <utility>
#include <vector>

#include "brokerwire/broker/probe_payload.hpp"

namespace brokerwire::broker {
namespace {

bool same_endpoint(const v1::endpoint& a, const v1::endpoint& b) noexcept {
    return a.namespace_id == b.namespace_id && a.path == b.path;
}

}  // namespace

bool operator==(const daemon_identity& a, const daemon_identity& b) noexcept {
    return a.pid == b.pid && a.exe_path == b.exe_path && a.exe_hash == b.exe_hash &&
           a.legacy_exe_sha256 == b.legacy_exe_sha256 && a.boot_id == b.boot_id &&
           same_endpoint(a.ipc_endpoint, b.ipc_endpoint) && a.started_at_unix_ms == b.started_at_unix_ms &&
           a.idle_timeout_secs == b.idle_timeout_secs;
}

std::string to_string(const identity_status& s) {
    switch (s.code) {
        case identity_errc::ok: return "ok";
        case identity_errc::missing_endpoint: return "daemon process is missing ipc_endpoint";
        case identity_errc::unsupported_hash_algorithm:
            return "unsupported daemon executable hash algorithm \"" + s.algorithm + "\"; expected blake3";
        case identity_errc::invalid_hash_length:
            return "daemon process exe_hash must be 32 bytes, got " + std::to_string(s.hash_length);
    }
    return "unknown identity error";
}

v1::daemon_process to_proto(const daemon_identity& d) {
    v1::daemon_process m;
    m.pid = d.pid;
    m.exe_path = d.exe_path;
    m.exe_hash_algorithm = std::string(executable_hash_algorithm);
    m.exe_hash.assign(reinterpret_cast<const char*>(d.exe_hash.data()), d.exe_hash.size());
    m.ipc_endpoint = v1::endpoint{};
    m.ipc_endpoint->namespace_id = d.ipc_endpoint.namespace_id;
    m.ipc_endpoint->path = d.ipc_endpoint.path;
    m.started_at_unix_ms = d.started_at_unix_ms;
    m.boot_id = d.boot_id;
    m.idle_timeout_secs = d.idle_timeout_secs;
    return m;
}

identity_status from_proto(const v1::daemon_process& in, daemon_identity& out) {
    identity_status s;
    if (!in.ipc_endpoint) {
        s.code = identity_errc::missing_endpoint;
        return s;
    }
    if (in.exe_hash_algorithm != executable_hash_algorithm) {
        s.code = identity_errc::unsupported_hash_algorithm;
        s.algorithm = in.exe_hash_algorithm;
        return s;
    }
    if (in.exe_hash.size() != out.exe_hash.size()) {
        s.code = identity_errc::invalid_hash_length;
        s.hash_length = in.exe_hash.size();
        return s;
    }
    daemon_identity d;
    d.pid = in.pid;
    d.exe_path = in.exe_path;
    for (std::size_t i = 0; i < d.exe_hash.size(); ++i) d.exe_hash[i] = static_cast<std::uint8_t>(in.exe_hash[i]);
    d.boot_id = in.boot_id;
    d.ipc_endpoint.namespace_id = in.ipc_endpoint->namespace_id;
    d.ipc_endpoint.path = in.ipc_endpoint->path;
    d.started_at_unix_ms = in.started_at_unix_ms;
    d.idle_timeout_secs = in.idle_timeout_secs;
    out = std::move(d);
    return s;
}

std::string encode_probe_identity(const daemon_identity& d) {
    const std::vector<std::uint8_t> message = encode(to_proto(d));
    std::string out(message.begin(), message.end());
    out.push_back(static_cast<char>(legacy_sha256_key));
    // 32 fits a one-byte varint, as upstream writes it.
    out.push_back(static_cast<char>(sha256_digest_bytes));
    out.append(reinterpret_cast<const char*>(d.legacy_exe_sha256.data()), d.legacy_exe_sha256.size());
    return out;
}

std::string_view first_identity_mismatch(const daemon_identity& expected, const daemon_identity& actual) noexcept {
    if (actual.pid != expected.pid) return "pid";
    if (actual.exe_path != expected.exe_path) return "exe_path";
    if (actual.exe_hash != expected.exe_hash) return "exe_hash";
    if (actual.boot_id != expected.boot_id) return "boot_id";
    if (!same_endpoint(actual.ipc_endpoint, expected.ipc_endpoint)) return "ipc_endpoint";
    return "";
}

}  // namespace brokerwire::broker
