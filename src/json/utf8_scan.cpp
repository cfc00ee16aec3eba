// UTF-8 validation for the JSON reader: RFC 3629, table 3-7 of Unicode.

#include "utf8_scan.hpp"

namespace brokerwire::json::detail {

namespace {

std::uint8_t byte_at(std::string_view text, std::size_t at) noexcept {
    return static_cast<std::uint8_t>(text[at]);
}

bool in_range(std::uint8_t b, std::uint8_t lo, std::uint8_t hi) noexcept {
    return b >= lo && b <= hi;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept {
    const std::size_t left = text.size() - at;
    const std::uint8_t lead = byte_at(text, at);
    std::size_t length = 0;
    // The second byte's range depends on the lead byte: this is what excludes
    // overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
    std::uint8_t lo = 0x80;
    std::uint8_t hi = 0xBF;
    if (in_range(lead, 0xC2, 0xDF)) {
        length = 2;
    } else if (in_range(lead, 0xE0, 0xEF)) {
        length = 3;
        if (lead == 0xE0) lo = 0xA0;
        if (lead == 0xED) hi = 0x9F;
    } else if (in_range(lead, 0xF0, 0xF4)) {
        length = 4;
        if (lead == 0xF0) lo = 0x90;
        if (lead == 0xF4) hi = 0x8F;
    } else {
        return 0;  // continuation byte, C0/C1 (always overlong) or F5-FF
    }
    if (left < length || !in_range(byte_at(text, at + 1), lo, hi)) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (!in_range(byte_at(text, at + i), 0x80, 0xBF)) return 0;
    }
    return length;
}

std::uint32_t utf8_decode(std::string_view text, std::size_t at, std::size_t length) noexcept {
    static constexpr std::uint8_t lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    std::uint32_t cp = byte_at(text, at) & lead_mask[length];
    for (std::size_t i = 1; i < length; ++i) {
        cp = (cp << 6) | (byte_at(text, at + i) & 0x3Fu);
    }
    return cp;
}

}  // namespace brokerwire::json::detail
