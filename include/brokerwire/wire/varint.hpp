// Varint size and writing. Reading lives in cursor.hpp, where errors are kept.
#pragma once

#include <cstddef>
#include <cstdint>

#include "brokerwire/config.hpp"

namespace brokerwire::wire {

// Bytes needed for `v` as a varint: 1 to 10.
constexpr std::size_t varint_size(std::uint64_t v) noexcept {
    // 7 payload bits per byte: ceil(bit_width(v | 1) / 7), without a loop.
    const unsigned bits = 64u - config::countl_zero_nonzero(v | 1u);
    return (bits * 9u + 64u) / 64u;
}

// Writes `v` at `p` (which must have varint_size(v) bytes) and returns the
// position after it.
inline std::uint8_t* write_varint(std::uint8_t* p, std::uint64_t v) noexcept {
    while (v >= 0x80) {
        *p++ = static_cast<std::uint8_t>(v | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<std::uint8_t>(v);
    return p;
}

// prost and protobuf write a negative int32 (and enum) as the 10-byte varint
// of its sign extension, so -1 costs 10 bytes on the wire.
constexpr std::uint64_t int32_as_varint(std::int32_t v) noexcept {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
}

}  // namespace brokerwire::wire
