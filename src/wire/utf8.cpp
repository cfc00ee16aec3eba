#include "brokerwire/wire/utf8.hpp"

#include <cstring>

namespace brokerwire::wire {
namespace {

constexpr std::uint64_t high_bits = 0x8080808080808080ull;

// Skips a run of ASCII eight bytes at a time; returns where it stopped.
std::size_t skip_ascii(const std::uint8_t* data, std::size_t i, std::size_t size) noexcept {
    while (i + 8 <= size) {
        std::uint64_t word;
        std::memcpy(&word, data + i, sizeof word);
        if (word & high_bits) break;
        i += 8;
    }
    while (i < size && data[i] < 0x80) ++i;
    return i;
}

bool is_continuation(std::uint8_t b) noexcept { return (b & 0xC0) == 0x80; }

// Length of the valid multi-byte sequence starting at data[i], or 0. The
// second-byte ranges follow Unicode Table 3-7 ("Well-Formed UTF-8 Byte
// Sequences"), which is what excludes overlongs, surrogates and > U+10FFFF.
std::size_t sequence_length(const std::uint8_t* data, std::size_t i, std::size_t size) noexcept {
    const std::uint8_t lead = data[i];
    std::size_t length;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;    // overlong below U+0800
        if (lead == 0xED) high = 0x9F;   // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;    // overlong below U+10000
        if (lead == 0xF4) high = 0x8F;   // above U+10FFFF
    } else {
        return 0;  // continuation byte, C0/C1 overlong lead, or F5..FF
    }
    if (size - i < length) return 0;
    if (data[i + 1] < low || data[i + 1] > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (!is_continuation(data[i + k])) return 0;
    }
    return length;
}

}  // namespace

std::size_t utf8_valid_prefix(const std::uint8_t* data, std::size_t size) noexcept {
    std::size_t i = 0;
    while (true) {
        i = skip_ascii(data, i, size);
        if (i == size) return size;
        const std::size_t length = sequence_length(data, i, size);
        if (length == 0) return i;
        i += length;
    }
}

}  // namespace brokerwire::wire
