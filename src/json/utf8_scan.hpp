// UTF-8 validation for the JSON reader (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace brokerwire::json::detail {

// The length (2-4) of the well-formed multi-byte UTF-8 sequence starting at
// text[at], or 0 when it is not one (RFC 3629 table 3-7: no overlong forms,
// no surrogates, nothing above U+10FFFF). text[at] must be >= 0x80.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

// The code point of the sequence of `length` bytes at text[at], as returned
// by utf8_sequence_length.
std::uint32_t utf8_decode(std::string_view text, std::size_t at, std::size_t length) noexcept;

// Appends code point `cp` (<= U+10FFFF, not a surrogate) as UTF-8.
template <class String>
void utf8_append(String& out, std::uint32_t cp) {
    auto byte = [](std::uint32_t b) { return static_cast<char>(static_cast<unsigned char>(b)); };
    if (cp < 0x80) {
        out.push_back(byte(cp));
    } else if (cp < 0x800) {
        out.push_back(byte(0xC0 | (cp >> 6)));
        out.push_back(byte(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(byte(0xE0 | (cp >> 12)));
        out.push_back(byte(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(byte(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(byte(0xF0 | (cp >> 18)));
        out.push_back(byte(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(byte(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(byte(0x80 | (cp & 0x3F)));
    }
}

}  // namespace brokerwire::json::detail
