// Encoding into a caller-supplied buffer: sizes first, then writes.
//
// The write functions take a pointer with enough room (the caller computed
// the size with the *_size functions) and return the position after what
// they wrote. Nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "brokerwire/wire/key.hpp"
#include "brokerwire/wire/varint.hpp"

namespace brokerwire::wire {

constexpr std::size_t key_size(std::uint32_t field) noexcept {
    return varint_size(static_cast<std::uint64_t>(field) << 3);
}

// Key, length and payload of a length-delimited field of `length` bytes.
constexpr std::size_t delimited_size(std::uint32_t field, std::size_t length) noexcept {
    return key_size(field) + varint_size(length) + length;
}

constexpr std::size_t varint_field_size(std::uint32_t field, std::uint64_t value) noexcept {
    return key_size(field) + varint_size(value);
}

inline std::uint8_t* write_key(std::uint8_t* p, std::uint32_t field, wire_type type) noexcept {
    return write_varint(p, key(field, type));
}

inline std::uint8_t* write_varint_field(std::uint8_t* p, std::uint32_t field, std::uint64_t value) noexcept {
    return write_varint(write_key(p, field, wire_type::varint), value);
}

// Key and length of a length-delimited field; the payload follows.
inline std::uint8_t* write_delimited_header(std::uint8_t* p, std::uint32_t field, std::size_t length) noexcept {
    return write_varint(write_key(p, field, wire_type::length_delimited), length);
}

inline std::uint8_t* write_bytes_field(std::uint8_t* p, std::uint32_t field, std::string_view bytes) noexcept {
    p = write_delimited_header(p, field, bytes.size());
    if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
    return p + bytes.size();
}

inline std::uint8_t* write_raw(std::uint8_t* p, std::string_view bytes) noexcept {
    if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
    return p + bytes.size();
}

}  // namespace brokerwire::wire
