// A daemon identity as upstream's identity file spells it: the serde JSON
// of DaemonProcessSerde (crates/running-process/src/broker/
// backend_lifecycle/identity.rs), written by serde_json::to_string_pretty
// and read by serde_json::from_str.
//
//   {
//     "pid": 1234,
//     "exe_path": "/usr/bin/zccache",
//     "exe_hash_algorithm": "blake3",
//     "exe_hash": [
//       66,
//       ...                       32 numbers 0..255, one per line
//     ],
//     "legacy_exe_sha256": [ ...32 numbers... ],
//     "boot_id": "6a1c...",
//     "ipc_endpoint": {
//       "namespace_id": "",
//       "path": "/run/user/1000/running-process/daemon-zccache.sock"
//     },
//     "started_at_unix_ms": 1700000000000,
//     "idle_timeout_secs": null  (or a number)
//   }
//
// Reading follows serde's derive rules: members in any order, unknown
// members ignored, a known member twice is an error, every member required
// except legacy_exe_sha256 (absent in files written before 4.10.4: zeros)
// and idle_timeout_secs (absent or null: none); integers must be written as
// plain non-negative integers within their type (no fraction, exponent or
// sign); a digest is an array of exactly 32 such numbers below 256; and,
// because serde also accepts a struct as a sequence, an array of the nine
// values in declaration order (two for the endpoint) is read as well. The
// algorithm must be "blake3".
//
// Two narrow differences from serde_json remain, both in what this reader
// refuses that serde would skip inside an unknown member: a duplicated key
// in an unknown member's object, and nesting deeper than 100 (serde: 128).
// json::parse is strict about both everywhere.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/broker/daemon_identity.hpp"

namespace brokerwire::broker {

enum class identity_json_errc : std::uint8_t {
    ok = 0,
    syntax,           // not one JSON document; `detail` is json::parse's message
    invalid_type,     // a value of the wrong JSON type (a float where an integer belongs, ...)
    invalid_value,    // an integer outside its type, or exe_hash_algorithm not "blake3"
    invalid_length,   // an array of the wrong length (a digest, or a struct written as an array)
    missing_field,    // a required member is absent
    duplicate_field,  // a known member appears twice
    not_utf8,         // (writing) a string is not valid UTF-8: serde refuses such a path
};

// `field` is where ("exe_hash[3]", "ipc_endpoint.path", "" for the
// document); line and column (1-based, 0 when unknown) point at the value.
struct [[nodiscard]] identity_json_status {
    identity_json_errc code = identity_json_errc::ok;
    std::string field;
    std::string detail;
    std::size_t line = 0;
    std::size_t column = 0;

    bool ok() const noexcept { return code == identity_json_errc::ok; }
};

// "missing field `boot_id`", "exe_hash: invalid length 31, expected an array
// of length 32 (line 4, column 15)"; "ok" when ok.
std::string to_string(const identity_json_status& s);

// Replaces `out` with the pretty JSON serde_json writes for `d`, byte for
// byte: two-space indent, one array element per line, no final newline.
// Fails only with not_utf8 (exe_path, boot_id or an endpoint string is not
// valid UTF-8), leaving `out` empty.
identity_json_status write_identity_json(const daemon_identity& d, std::string& out);

// Reads `text` as described above. `out` is written only when ok.
identity_json_status read_identity_json(std::string_view text, daemon_identity& out);

}  // namespace brokerwire::broker
