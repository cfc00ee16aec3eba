// Strict UTF-8 validation, as prost applies to every `string` field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace brokerwire::wire {

// Length of the longest valid UTF-8 prefix of [data, data + size): equal to
// `size` when the whole range is valid. Rejects overlong forms, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences.
std::size_t utf8_valid_prefix(const std::uint8_t* data, std::size_t size) noexcept;

namespace detail {

template <typename Word>
inline Word load(const std::uint8_t* p) noexcept {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

// True when no byte has its high bit set. Short tails are covered by two
// overlapping loads instead of a byte loop: names, keys and labels are short.
inline bool is_ascii(const std::uint8_t* data, std::size_t size) noexcept {
    if (size >= 8) {
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i + 8 < size; i += 8) seen |= load<std::uint64_t>(data + i);
        seen |= load<std::uint64_t>(data + size - 8);
        return (seen & 0x8080808080808080ull) == 0;
    }
    if (size >= 4) {
        return ((load<std::uint32_t>(data) | load<std::uint32_t>(data + size - 4)) & 0x80808080u) == 0;
    }
    if (size >= 2) {
        return ((load<std::uint16_t>(data) | load<std::uint16_t>(data + size - 2)) & 0x8080u) == 0;
    }
    return size == 0 || data[0] < 0x80;
}

}  // namespace detail

// True when the range is valid UTF-8. ASCII-only input, the common case for
// names, paths and labels, is checked inline a word at a time; only a string
// with a byte above 0x7F pays for the full validator.
inline bool is_valid_utf8(const std::uint8_t* data, std::size_t size) noexcept {
    return detail::is_ascii(data, size) || utf8_valid_prefix(data, size) == size;
}

}  // namespace brokerwire::wire
