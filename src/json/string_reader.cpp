// JSON string literals (RFC 8259 section 7) read into unescaped UTF-8.

#include "string_reader.hpp"

#include <cstdint>
#include <cstdio>

#include "utf8_scan.hpp"

namespace brokerwire::json::detail {

namespace {

// Bytes that end a run of plain characters: the closing quote, an escape,
// a control character (must be escaped: RFC 8259 section 7) or the start of
// a multi-byte UTF-8 sequence (must be validated).
bool is_plain(std::uint8_t b) noexcept {
    return b >= 0x20 && b < 0x80 && b != '"' && b != '\\';
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_high_surrogate(std::uint32_t u) noexcept { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(std::uint32_t u) noexcept { return u >= 0xDC00 && u <= 0xDFFF; }

std::string hex4(std::uint32_t u) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(u));
    return buf;
}

// Reads the 4 hex digits after "\u" (cursor on the first digit).
bool read_hex4(cursor& c, std::uint32_t& unit) {
    unit = 0;
    for (int i = 0; i < 4; ++i) {
        const int h = c.at_end() ? -1 : hex_value(c.peek());
        if (h < 0) {
            c.fail_expected("4 hex digits after '\\u'");
            return false;
        }
        unit = (unit << 4) | static_cast<std::uint32_t>(h);
        c.advance();
    }
    return true;
}

// Reads "\uXXXX", or a "\uD8xx\uDCxx" surrogate pair, as one code point. The
// cursor is on the 'u'; `escape_at` is the offset of the backslash.
bool read_unicode_escape(cursor& c, std::size_t escape_at, std::string& out) {
    c.advance();  // 'u'
    std::uint32_t unit = 0;
    if (!read_hex4(c, unit)) return false;
    if (is_low_surrogate(unit)) {
        c.fail(escape_at, "unpaired low surrogate \\u" + hex4(unit) + " in string");
        return false;
    }
    if (!is_high_surrogate(unit)) {
        utf8_append(out, unit);
        return true;
    }
    // RFC 8259 section 7: a character outside the BMP is a high surrogate
    // escape immediately followed by a low surrogate escape; a lone one
    // names no character and is refused (it cannot be stored as UTF-8).
    const std::string_view rest = c.text().substr(c.offset());
    if (rest.size() < 2 || rest[0] != '\\' || rest[1] != 'u') {
        c.fail(escape_at, "unpaired high surrogate \\u" + hex4(unit) +
                              " in string: expected a \\uDC00-\\uDFFF escape after it, found " +
                              c.describe(c.offset()));
        return false;
    }
    c.advance(2);
    std::uint32_t low = 0;
    if (!read_hex4(c, low)) return false;
    if (!is_low_surrogate(low)) {
        c.fail(escape_at, "unpaired high surrogate \\u" + hex4(unit) +
                              " in string: expected a \\uDC00-\\uDFFF escape after it, found \\u" +
                              hex4(low));
        return false;
    }
    utf8_append(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
    return true;
}

// One escape sequence; the cursor is on the backslash.
bool read_escape(cursor& c, std::string& out) {
    const std::size_t escape_at = c.offset();
    c.advance();
    if (c.at_end()) {
        c.fail_expected("an escape character after '\\'");
        return false;
    }
    char decoded = 0;
    switch (c.peek()) {
        case '"': decoded = '"'; break;
        case '\\': decoded = '\\'; break;
        case '/': decoded = '/'; break;
        case 'b': decoded = '\b'; break;
        case 'f': decoded = '\f'; break;
        case 'n': decoded = '\n'; break;
        case 'r': decoded = '\r'; break;
        case 't': decoded = '\t'; break;
        case 'u': return read_unicode_escape(c, escape_at, out);
        default:
            c.fail_expected("an escape character (\" \\ / b f n r t u) after '\\'");
            return false;
    }
    out.push_back(decoded);
    c.advance();
    return true;
}

// A non-ASCII character: copied when it is well-formed UTF-8.
bool read_multibyte(cursor& c, std::string& out) {
    const std::size_t n = utf8_sequence_length(c.text(), c.offset());
    if (n == 0) {
        c.fail_expected("'\"' or a character in string");
        return false;
    }
    out.append(c.text().substr(c.offset(), n));
    c.advance(n);
    return true;
}

}  // namespace

bool read_string(cursor& c, std::string& out) {
    out.clear();
    c.advance();  // opening '"'
    const std::string_view text = c.text();
    for (;;) {
        // Copy the longest run of plain characters in one append.
        std::size_t end = c.offset();
        while (end < text.size() && is_plain(static_cast<std::uint8_t>(text[end]))) ++end;
        out.append(text.substr(c.offset(), end - c.offset()));
        c.advance(end - c.offset());
        if (c.at_end()) {
            c.fail_expected("'\"' to close the string");
            return false;
        }
        const auto b = static_cast<std::uint8_t>(c.peek());
        if (b == '"') {
            c.advance();
            return true;
        }
        if (b == '\\') {
            if (!read_escape(c, out)) return false;
        } else if (b >= 0x80) {
            if (!read_multibyte(c, out)) return false;
        } else {
            c.fail(c.offset(), "expected '\"' or a character in string, found " + c.describe(c.offset()) +
                                   " (control characters must be escaped)");
            return false;
        }
    }
}

}  // namespace brokerwire::json::detail
