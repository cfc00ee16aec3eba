// Decode errors as values: a code, the byte offset and the field number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace brokerwire {

// One code per prost DecodeError kind, so a verdict here reads the same as
// the Rust broker's.
enum class errc : std::uint8_t {
    ok = 0,
    invalid_varint,             // prost: "invalid varint" (truncated, or 10th byte > 1)
    invalid_key,                // prost: "invalid key value" (key >= 2^32)
    invalid_wire_type,          // prost: "invalid wire type value" (6 or 7)
    invalid_tag,                // prost: "invalid tag value: 0"
    unexpected_wire_type,       // prost: "invalid wire type: X (expected Y)" on a known field
    buffer_underflow,           // prost: "buffer underflow" (length or fixed width past the end)
    delimited_length_exceeded,  // prost: "delimited length exceeded" (nested field overruns its message)
    recursion_limit,            // prost: "recursion limit reached" (nesting deeper than 100)
    unexpected_end_group,       // prost: "unexpected end group tag" (stray or mismatched END_GROUP)
    invalid_utf8,               // prost: "invalid string value: data is not UTF-8 encoded"
};

// Short, stable English text for a code ("invalid varint").
const char* describe(errc code) noexcept;

// The outcome of a decode. `offset` is the byte offset, from the start of the
// outermost input, of the key or value that failed; `field` is the field
// number being decoded when known (0 otherwise).
struct [[nodiscard]] status {
    errc code = errc::ok;
    std::uint32_t field = 0;
    std::size_t offset = 0;

    constexpr bool ok() const noexcept { return code == errc::ok; }
    constexpr explicit operator bool() const noexcept { return ok(); }
};

constexpr bool operator==(const status& a, const status& b) noexcept {
    return a.code == b.code && a.field == b.field && a.offset == b.offset;
}
constexpr bool operator!=(const status& a, const status& b) noexcept { return !(a == b); }

// "invalid varint at offset 12 (field 3)"; "ok" when ok.
std::string to_string(const status& s);

}  // namespace brokerwire
