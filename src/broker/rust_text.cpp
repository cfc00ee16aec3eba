// Rust's whitespace, trim and u16 parsing, restated.
#include "rust_text.hpp"

#include <cstddef>

namespace brokerwire::broker::detail {
namespace {

// Decodes the code point starting at text[i] of valid UTF-8 and advances
// `i` past it. Only ever given valid input (see trim_rust_whitespace), so
// the continuation bytes are not re-checked; a truncated tail stops at the
// end rather than reading past it.
char32_t decode_at(std::string_view text, std::size_t& i) noexcept {
    const auto lead = static_cast<unsigned char>(text[i++]);
    int extra = 0;
    char32_t cp = lead;
    if (lead >= 0xF0) {
        extra = 3;
        cp = lead & 0x07u;
    } else if (lead >= 0xE0) {
        extra = 2;
        cp = lead & 0x0Fu;
    } else if (lead >= 0xC0) {
        extra = 1;
        cp = lead & 0x1Fu;
    }
    for (; extra > 0 && i < text.size(); --extra) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3Fu);
    }
    return cp;
}

}  // namespace

bool is_rust_whitespace(char32_t c) noexcept {
    if (c <= 0x7F) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
    switch (c) {
        case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
        case 0x202F: case 0x205F: case 0x3000:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200A;
    }
}

std::string_view trim_rust_whitespace(std::string_view text) noexcept {
    std::size_t begin = text.size();
    std::size_t end = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        if (!is_rust_whitespace(decode_at(text, i))) {
            if (begin == text.size()) begin = start;
            end = i;
        }
    }
    if (begin >= end) return text.substr(0, 0);
    return text.substr(begin, end - begin);
}

std::optional<std::uint16_t> parse_rust_u16(std::string_view text) noexcept {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    std::uint32_t value = 0;
    for (const char ch : text) {
        if (ch < '0' || ch > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(ch - '0');
        // Checked per digit, so a long run of digits cannot wrap around.
        if (value > 0xFFFF) return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace brokerwire::broker::detail
