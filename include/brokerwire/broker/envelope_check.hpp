// The four envelope fields every framed exchange checks before it looks at a
// payload, in upstream's order (crates/running-process/src/broker/protocol/
// validate.rs): envelope version, frame kind, payload protocol, encoding.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>

#include "brokerwire/messages/envelope.hpp"

namespace brokerwire::broker {

// Which check failed first. Each is its own value because upstream's callers
// answer each with its own error (a broker's Refused reason, a client error).
enum class envelope_fault : std::uint8_t {
    none = 0,
    version,           // actual = Frame.envelope_version; expected = 1
    kind,              // actual = Frame.kind as sent (any int32); expected = the kind required
    payload_protocol,  // actual = Frame.payload_protocol; expected = the lane required
    payload_encoding,  // actual = Frame.payload_encoding; expected = 0 (NONE)
};

// "envelope version", "frame kind", "payload protocol", "payload encoding", or "none".
const char* describe(envelope_fault fault) noexcept;

struct [[nodiscard]] envelope_check {
    envelope_fault fault = envelope_fault::none;
    std::int64_t actual = 0;    // the offending value, as the frame carried it
    std::int64_t expected = 0;  // the value the call site required

    constexpr bool ok() const noexcept { return fault == envelope_fault::none; }
};

constexpr bool operator==(const envelope_check& a, const envelope_check& b) noexcept {
    return a.fault == b.fault && a.actual == b.actual && a.expected == b.expected;
}
constexpr bool operator!=(const envelope_check& a, const envelope_check& b) noexcept { return !(a == b); }

// Checks `f` for an exchange that expects frames of `expected_kind` on lane
// `expected_payload_protocol` (a broker reading a Hello: REQUEST on the
// control lane; a client reading the reply: RESPONSE). The first failing
// check is reported; the payload is never looked at.
envelope_check validate_frame_envelope(const v1::frame& f, v1::frame_kind expected_kind,
                                       std::uint32_t expected_payload_protocol) noexcept;
envelope_check validate_frame_envelope(const v1::frame_view& f, v1::frame_kind expected_kind,
                                       std::uint32_t expected_payload_protocol) noexcept;

}  // namespace brokerwire::broker
