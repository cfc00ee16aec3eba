// Escaping names for messages: a file name may hold quotes, newlines,
// terminal escapes or bytes that are not UTF-8, and none of them may reach a
// log line or a JSON string as they are.
#include <brokerwire/files/quoted.hpp>

#include <cstdint>

#include <brokerwire/wire/utf8.hpp>

namespace brokerwire::files {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_byte_escape(std::string& out, std::uint8_t b) {
    out += "\\x";
    out += hex_digits[b >> 4];
    out += hex_digits[b & 0x0f];
}

void append_code_point_escape(std::string& out, std::uint32_t cp) {
    out += "\\u{";
    bool started = false;
    for (int shift = 20; shift >= 0; shift -= 4) {
        const unsigned digit = (cp >> shift) & 0x0f;
        if (digit == 0 && !started && shift > 0) continue;
        started = true;
        out += hex_digits[digit];
    }
    out += '}';
}

// Code points a terminal or an editor does not simply show: C1 controls move
// the cursor on some terminals, the separators break lines, and the bidi
// controls reorder what follows ("Trojan Source").
constexpr bool changes_rendering(std::uint32_t cp) noexcept {
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

// Length of the UTF-8 sequence led by `lead` (the sequence is known valid).
constexpr std::size_t sequence_length(std::uint8_t lead) noexcept {
    return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

std::uint32_t decode_valid(const std::uint8_t* p, std::size_t n) noexcept {
    std::uint32_t cp = p[0] & (n == 2 ? 0x1fU : n == 3 ? 0x0fU : 0x07U);
    for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (p[i] & 0x3fU);
    return cp;
}

void append_ascii(std::string& out, std::uint8_t b) {
    switch (b) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: break;
    }
    if (b < 0x20 || b == 0x7f) {
        append_byte_escape(out, b);
    } else {
        out += static_cast<char>(b);
    }
}

// Appends one valid multi-byte sequence, or its escape.
void append_sequence(std::string& out, const std::uint8_t* p, std::size_t n) {
    const std::uint32_t cp = decode_valid(p, n);
    if (changes_rendering(cp)) {
        append_code_point_escape(out, cp);
    } else {
        out.append(reinterpret_cast<const char*>(p), n);
    }
}

}  // namespace

std::string escaped(std::string_view bytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::size_t size = bytes.size();
    std::string out;
    out.reserve(size + 2);
    std::size_t i = 0;
    while (i < size) {
        if (p[i] < 0x80) {
            append_ascii(out, p[i]);
            ++i;
            continue;
        }
        const std::size_t n = sequence_length(p[i]);
        // A lead byte is valid only with its whole, well-formed sequence.
        if (p[i] >= 0xc2 && p[i] <= 0xf4 && n <= size - i && wire::utf8_valid_prefix(p + i, n) == n) {
            append_sequence(out, p + i, n);
            i += n;
        } else {
            append_byte_escape(out, p[i]);
            ++i;
        }
    }
    return out;
}

std::string quoted(std::string_view bytes) {
    std::string out = "\"";
    out += escaped(bytes);
    out += '"';
    return out;
}

}  // namespace brokerwire::files
