// The endpoint probe lane's payload layout (payload protocol 0xB232), as
// upstream lays it out (crates/running-process/src/broker/backend_lifecycle/
// probe.rs and identity.rs):
//
//   REQUEST   [32-byte nonce]
//   RESPONSE  [32-byte nonce echo][DaemonProcess][0x1a 0x20 + 32-byte SHA-256]
//
// The response's DaemonProcess is read from every byte after the nonce; the
// trailer is field 3 of that message, which the schema reserves, so a
// current reader skips it and a pre-BLAKE3 broker reads it as the
// executable's SHA-256. Shared by the daemon endpoint, the probe client and
// the `brokerwire frames` printer, so the layout is written down once.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "brokerwire/wire/bytes.hpp"
#include "brokerwire/wire/key.hpp"

namespace brokerwire::broker {

// probe.rs PROBE_NONCE_BYTES.
inline constexpr std::size_t probe_nonce_bytes = 32;
using probe_nonce = std::array<std::uint8_t, probe_nonce_bytes>;

// identity.rs encode_probe_identity: the trailer's key and length byte.
inline constexpr std::uint32_t legacy_sha256_field = 3;
inline constexpr std::uint8_t legacy_sha256_key =
    static_cast<std::uint8_t>(wire::key(legacy_sha256_field, wire::wire_type::length_delimited));
inline constexpr std::size_t sha256_digest_bytes = 32;

// A probe RESPONSE payload split at the nonce. Both views point into the
// payload and live as long as it does.
struct probe_response_parts {
    std::string_view nonce;     // the first 32 bytes
    bytes_view identity_bytes;  // everything after: DaemonProcess plus trailer
};

// Splits `payload`; false (and `out` untouched) when it is shorter than the
// nonce (probe.rs: "payload shorter than nonce").
bool split_probe_response(bytes_view payload, probe_response_parts& out) noexcept;

// What the identity bytes say about the legacy trailer.
enum class legacy_trailer_state : std::uint8_t {
    absent,          // no field 3 at all (a daemon from before the trailer, or not upstream)
    present,         // field 3, length-delimited, 32 bytes: `digest` holds it
    wrong_length,    // field 3, length-delimited, not 32 bytes; `length` holds its size
    not_delimited,   // field 3 with another wire type
    unreadable,      // the bytes are not well-formed protobuf before a field 3 was found
};

struct legacy_trailer {
    legacy_trailer_state state = legacy_trailer_state::absent;
    std::string_view digest;  // into the identity bytes, when present
    std::size_t length = 0;   // the field's length, when wrong_length
    std::size_t offset = 0;   // offset of the offending field's key within the identity bytes
};

// Reads the last field 3 of `identity_bytes` (a later one replaces an earlier
// one, as a protobuf reader would; a faulty one ends the search). Never
// fails on any input.
legacy_trailer read_legacy_trailer(bytes_view identity_bytes) noexcept;

}  // namespace brokerwire::broker
