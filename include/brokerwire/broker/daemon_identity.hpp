// A daemon's identity, as upstream's typed DaemonProcess holds it
// (crates/running-process/src/broker/backend_lifecycle/identity.rs): what a
// daemon publishes in its identity file, answers to an endpoint probe, and
// what a broker or client compares against.
//
// It is stricter than the wire message v1::daemon_process, on purpose, as
// upstream's is: the executable digests are exactly 32 bytes, the endpoint is
// required, and the hash algorithm is implied ("blake3"). from_proto is the
// gate from the wire form and says which rule a message broke.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "brokerwire/messages/probe.hpp"

namespace brokerwire::broker {

// identity.rs EXECUTABLE_HASH_ALGORITHM: the only one upstream accepts.
inline constexpr std::string_view executable_hash_algorithm = "blake3";

using digest32 = std::array<std::uint8_t, 32>;

struct daemon_identity {
    std::uint32_t pid = 0;
    std::string exe_path;           // the executable when the identity was made
    digest32 exe_hash{};            // BLAKE3 of that executable
    digest32 legacy_exe_sha256{};   // its SHA-256, sent only as the probe's trailer
    std::string boot_id;            // the host's boot when the daemon started
    v1::endpoint ipc_endpoint;      // where it listens; never carries unknown fields
    std::uint64_t started_at_unix_ms = 0;
    std::optional<std::uint32_t> idle_timeout_secs;
};

// Every field, legacy_exe_sha256 included (upstream derives PartialEq).
bool operator==(const daemon_identity& a, const daemon_identity& b) noexcept;
inline bool operator!=(const daemon_identity& a, const daemon_identity& b) noexcept { return !(a == b); }

// Why a wire DaemonProcess is not an identity, checked in upstream's order.
enum class identity_errc : std::uint8_t {
    ok = 0,
    missing_endpoint,            // ipc_endpoint absent
    unsupported_hash_algorithm,  // exe_hash_algorithm is not "blake3"; `algorithm` holds it
    invalid_hash_length,         // exe_hash is not 32 bytes; `hash_length` holds its size
};

struct [[nodiscard]] identity_status {
    identity_errc code = identity_errc::ok;
    std::string algorithm;
    std::size_t hash_length = 0;

    bool ok() const noexcept { return code == identity_errc::ok; }
};

// Upstream's IdentityError texts: "daemon process is missing ipc_endpoint",
// "unsupported daemon executable hash algorithm \"sha256\"; expected blake3",
// "daemon process exe_hash must be 32 bytes, got 31"; "ok" when ok.
std::string to_string(const identity_status& s);

// The wire form (identity.rs to_proto): exe_hash_algorithm "blake3", the
// digest as 32 bytes, the endpoint always present. The legacy digest is not
// a field of the message (see encode_probe_identity).
v1::daemon_process to_proto(const daemon_identity& d);

// The identity a wire DaemonProcess describes (identity.rs TryFrom). As
// upstream, legacy_exe_sha256 comes back zeroed: a decoded identity is never
// served as a freshly launched daemon. Unknown fields are dropped, as prost
// drops them. `out` is written only when ok.
identity_status from_proto(const v1::daemon_process& in, daemon_identity& out);

// The bytes a daemon puts after the nonce of a probe RESPONSE
// (identity.rs encode_probe_identity): to_proto's encoding, then field 3
// (0x1a 0x20) holding legacy_exe_sha256 for pre-BLAKE3 brokers.
std::string encode_probe_identity(const daemon_identity& d);

// The first field a probed identity differs in, in the order upstream checks
// them (probe.rs identity_mismatch): "pid", "exe_path", "exe_hash",
// "boot_id", "ipc_endpoint"; "" when they are the same daemon. The start time,
// idle timeout and legacy digest are not part of "the same daemon".
std::string_view first_identity_mismatch(const daemon_identity& expected, const daemon_identity& actual) noexcept;

}  // namespace brokerwire::broker
