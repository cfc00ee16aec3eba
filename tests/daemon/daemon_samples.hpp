// Shared by the daemon-side tests: hex literals, and the identity that
// upstream's identity.rs tests hold constant (broker_dance_identity_tests
// identity()), with its wire bytes encoded by hand and checked with
// `protoc --decode` / `--encode` against proto/broker_v1_envelope.proto.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/broker/daemon_identity.hpp"

namespace daemon_samples {

namespace bw = brokerwire;

// Hex digits to bytes; spaces, newlines and '|' separators are skipped so a
// literal can be laid out field by field. Any other character is a test bug.
inline std::string unhex(std::string_view hex) {
    std::string out;
    int high = -1;
    for (const char c : hex) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) continue;
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<char>(high * 16 + v));
            high = -1;
        }
    }
    return out;
}

inline std::string repeat(char byte, std::size_t n) { return std::string(n, byte); }

inline bw::broker::digest32 filled(std::uint8_t b) {
    bw::broker::digest32 d;
    d.fill(b);
    return d;
}

// upstream identity.rs broker_dance_identity_tests: identity(exe_hash).
inline bw::broker::daemon_identity upstream_identity(std::uint8_t exe_hash_byte = 0x42) {
    bw::broker::daemon_identity d;
    d.pid = 1234;
    d.exe_path = "runtime/soldr-self/v0.8.44-deadbeef/soldr.exe";
    d.exe_hash = filled(exe_hash_byte);
    d.legacy_exe_sha256 = filled(0x24);
    d.boot_id = "boot-1";
    d.ipc_endpoint.namespace_id = "ns";
    d.ipc_endpoint.path = "rpb-v2-soldr-daemon-0123456789abcdef-0";
    d.started_at_unix_ms = 1;
    d.idle_timeout_secs = 600;
    return d;
}

// to_proto(upstream_identity()) encoded, fields in tag order as prost writes them.
inline std::string upstream_identity_wire() {
    return unhex(
        "08 d209"                                               // 1 pid 1234
        "12 2d 72756e74696d652f736f6c64722d73656c662f76302e382e34342d64656164626565662f736f6c64722e657865"
                                                                // 2 exe_path
        "22 2c | 0a 02 6e73 | 12 26 7270622d76322d736f6c64722d6461656d6f6e2d303132333435363738396162636465662d30"
                                                                // 4 ipc_endpoint {1 "ns", 2 path}
        "28 01"                                                 // 5 started_at_unix_ms 1
        "32 06 626f6f742d31"                                    // 6 boot_id "boot-1"
        "38 d804"                                               // 7 idle_timeout_secs 600
        "42 06 626c616b6533"                                    // 8 exe_hash_algorithm "blake3"
        "4a 20") + repeat('\x42', 32);                          // 9 exe_hash
}

// identity.rs encode_probe_identity's trailer: field 3, 32 bytes, the SHA-256.
inline std::string legacy_trailer(char byte = '\x24') { return unhex("1a 20") + repeat(byte, 32); }

}  // namespace daemon_samples
