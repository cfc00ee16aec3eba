// Base64 (RFC 4648) for proto3 JSON `bytes` fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace brokerwire::json {

// The length of the padded standard encoding of `size` bytes.
constexpr std::size_t base64_encoded_size(std::size_t size) noexcept {
    return (size + 2) / 3 * 4;
}

// Appends the standard-alphabet, padded encoding of data[0, size) to `out`
// (proto3 JSON writes bytes this way). `data` may be null when size is 0.
void encode_base64(const std::uint8_t* data, std::size_t size, std::string& out);

// Decodes `in` into `out`, replacing its contents. Accepts what proto3 JSON
// parsers accept: the standard (+/) or the URL-safe (-_) alphabet, with full
// padding or none. Refuses (returns false, leaves `out` empty) anything else:
// characters outside the alphabet or whitespace, both alphabets mixed in one
// string, partial or misplaced padding, a length that leaves a lone final
// character, and non-zero unused bits in the last character (a non-canonical
// encoding), so that every accepted string round-trips.
bool decode_base64(std::string_view in, std::string& out);

}  // namespace brokerwire::json
