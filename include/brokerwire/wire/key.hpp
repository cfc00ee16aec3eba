// Field keys: a field number and a wire type packed into one varint.
#pragma once

#include <cstdint>

namespace brokerwire::wire {

enum class wire_type : std::uint8_t {
    varint = 0,
    fixed64 = 1,
    length_delimited = 2,
    start_group = 3,
    end_group = 4,
    fixed32 = 5,
};

// The largest field number protobuf allows (2^29 - 1).
inline constexpr std::uint32_t max_field_number = (1u << 29) - 1;

// The key of `field` with wire type `type`, as it appears on the wire (and as
// a `case` label in the decoders' dispatch switch).
constexpr std::uint32_t key(std::uint32_t field, wire_type type) noexcept {
    return (field << 3) | static_cast<std::uint32_t>(type);
}

constexpr std::uint32_t key_field(std::uint32_t k) noexcept { return k >> 3; }

constexpr wire_type key_wire_type(std::uint32_t k) noexcept {
    return static_cast<wire_type>(k & 7u);
}

}  // namespace brokerwire::wire
