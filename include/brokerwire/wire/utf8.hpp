// Strict UTF-8 validation, as prost applies to every `string` field.
#pragma once

#include <cstddef>
#include <cstdint>

namespace brokerwire::wire {

// Length of the longest valid UTF-8 prefix of [data, data + size): equal to
// `size` when the whole range is valid. Rejects overlong forms, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences.
std::size_t utf8_valid_prefix(const std::uint8_t* data, std::size_t size) noexcept;

// True when the range is valid UTF-8. ASCII-only input takes a word-at-a-time
// path, which is the common case for names, paths and labels.
inline bool is_valid_utf8(const std::uint8_t* data, std::size_t size) noexcept {
    return utf8_valid_prefix(data, size) == size;
}

}  // namespace brokerwire::wire
