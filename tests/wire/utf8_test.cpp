// Strict UTF-8 (docs/contract.md, "Strings": no overlong forms, no surrogates,
// nothing above U+10FFFF), as prost checks every `string` field.
// utf8_valid_prefix also says where the first bad sequence starts: the offset a
// decoder reports.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <brokerwire/wire/utf8.hpp>

namespace {

using brokerwire::wire::is_valid_utf8;
using brokerwire::wire::utf8_valid_prefix;

std::size_t prefix(const std::string& s) {
    return utf8_valid_prefix(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// The definition, decoded code point by code point: the shortest form only,
// no surrogates, at most U+10FFFF. Returns the valid prefix length.
std::size_t reference_prefix(const std::uint8_t* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        const std::uint8_t lead = p[i];
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if (lead < 0x80) {
            length = 1;
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            cp = lead & 0x1Fu;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            cp = lead & 0x0Fu;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            cp = lead & 0x07u;
        } else {
            return i;
        }
        if (n - i < length) return i;
        for (std::size_t k = 1; k < length; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = cp << 6 | (p[i + k] & 0x3Fu);
        }
        static constexpr std::uint32_t smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < smallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += length;
    }
    return n;
}

std::string encode(std::uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | cp >> 6);
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | cp >> 12);
        s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | cp >> 18);
        s += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

}  // namespace

TEST_CASE("valid 1- to 4-byte sequences at every boundary are accepted") {
    for (const std::uint32_t cp : {0x00u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFDu, 0xFFFFu,
                                   0x10000u, 0x10FFFFu}) {
        CAPTURE(cp);
        const std::string s = "a" + encode(cp) + "z";
        CHECK(prefix(s) == s.size());
    }
    CHECK(prefix("") == 0);
    CHECK(is_valid_utf8(nullptr, 0));
}

TEST_CASE("overlong 2-, 3- and 4-byte forms are rejected where they start") {
    CHECK(prefix("ab\xC0\x80") == 2);          // U+0000 in two bytes
    CHECK(prefix("ab\xC1\xBF") == 2);          // U+007F in two bytes
    CHECK(prefix("ab\xE0\x80\x80") == 2);      // U+0000 in three bytes
    CHECK(prefix("ab\xE0\x9F\xBF") == 2);      // U+07FF in three bytes
    CHECK(prefix("ab\xF0\x80\x80\x80") == 2);  // U+0000 in four bytes
    CHECK(prefix("ab\xF0\x8F\xBF\xBF") == 2);  // U+FFFF in four bytes
}

TEST_CASE("surrogates U+D800..U+DFFF are rejected") {
    CHECK(prefix("x\xED\xA0\x80") == 1);  // U+D800
    CHECK(prefix("x\xED\xAF\xBF") == 1);  // U+DBFF
    CHECK(prefix("x\xED\xB0\x80") == 1);  // U+DC00
    CHECK(prefix("x\xED\xBF\xBF") == 1);  // U+DFFF
    CHECK(prefix("x\xED\xA0\xBD\xED\xB8\x80") == 1);  // a CESU-8 pair
}

TEST_CASE("code points above U+10FFFF are rejected") {
    CHECK(prefix("\xF4\x90\x80\x80") == 0);  // U+110000
    CHECK(prefix("\xF4\xBF\xBF\xBF") == 0);
    CHECK(prefix("\xF7\xBF\xBF\xBF") == 0);  // U+1FFFFF
}

TEST_CASE("truncated sequences are rejected at their lead byte") {
    CHECK(prefix("ok\xC3") == 2);
    CHECK(prefix("ok\xE2\x82") == 2);
    CHECK(prefix("ok\xF0\x9F\x98") == 2);
    CHECK(prefix("ok\xE2\x82z") == 2);  // interrupted by ASCII
    CHECK(prefix("ok\xC3\xC3\xA9") == 2);  // interrupted by another lead
}

TEST_CASE("a lone continuation byte is rejected") {
    for (unsigned b = 0x80; b <= 0xBF; ++b) {
        const std::string s = std::string("abc") + static_cast<char>(b);
        CAPTURE(b);
        CHECK(prefix(s) == 3);
    }
    CHECK(prefix("\xC3\xA9\xA9") == 2);  // one continuation too many
}

TEST_CASE("lead bytes 0xC0, 0xC1 and 0xF5..0xFF are never valid") {
    for (const unsigned lead : {0xC0u, 0xC1u, 0xF5u, 0xF6u, 0xF7u, 0xF8u, 0xFBu, 0xFCu, 0xFEu, 0xFFu}) {
        CAPTURE(lead);
        const std::string s = std::string(1, static_cast<char>(lead)) + "\x80\x80\x80";
        CHECK(prefix(s) == 0);
    }
}

TEST_CASE("every 1-, 2- and 3-byte string is judged as the reference validator judges it") {
    std::size_t disagreements = 0;
    std::uint8_t in[3];
    for (std::uint32_t v = 0; v < (1u << 24); ++v) {
        in[0] = static_cast<std::uint8_t>(v >> 16);
        in[1] = static_cast<std::uint8_t>(v >> 8);
        in[2] = static_cast<std::uint8_t>(v);
        if (utf8_valid_prefix(in, 3) != reference_prefix(in, 3)) ++disagreements;
        if (v < 65536 && utf8_valid_prefix(in + 1, 2) != reference_prefix(in + 1, 2)) ++disagreements;
        if (v < 256 && utf8_valid_prefix(in + 2, 1) != reference_prefix(in + 2, 1)) ++disagreements;
    }
    CHECK(disagreements == 0);
}

TEST_CASE("every 4-byte sequence with a 0xF0..0xF7 lead is judged as the reference validator judges it") {
    std::size_t disagreements = 0;
    std::uint8_t in[4];
    for (std::uint32_t v = 0; v < (1u << 21); ++v) {
        // Lead 0xF0..0xF7, then three bytes from 0x70..0xCF (continuations and both neighbours).
        in[0] = static_cast<std::uint8_t>(0xF0 | (v >> 18));
        in[1] = static_cast<std::uint8_t>(0x70 + ((v >> 12) & 0x3F) + ((v >> 12) & 0x3F) / 2);
        in[2] = static_cast<std::uint8_t>(0x70 + ((v >> 6) & 0x3F) + ((v >> 6) & 0x3F) / 2);
        in[3] = static_cast<std::uint8_t>(0x70 + (v & 0x3F) + (v & 0x3F) / 2);
        if (utf8_valid_prefix(in, 4) != reference_prefix(in, 4)) ++disagreements;
    }
    CHECK(disagreements == 0);
}

TEST_CASE("an invalid byte at any position of a long ASCII run is found there") {
    // The ASCII fast path reads 8 bytes at a time: every alignment and tail length.
    for (std::size_t length = 1; length <= 48; ++length) {
        for (std::size_t bad = 0; bad < length && bad <= 40; ++bad) {
            for (const char b : {'\x80', '\xFF', '\xC3'}) {
                std::string s(length, 'a');
                s[bad] = b;
                CAPTURE(length);
                CAPTURE(bad);
                CHECK(prefix(s) == bad);
            }
        }
        CHECK(prefix(std::string(length, 'q')) == length);
    }
}

TEST_CASE("multi-byte characters at every position of a long ASCII run are accepted") {
    for (std::size_t at = 0; at <= 40; ++at) {
        for (const std::uint32_t cp : {0xE9u, 0x20ACu, 0x1F600u}) {
            const std::string s = std::string(at, 'a') + encode(cp) + std::string(17, 'b');
            CAPTURE(at);
            CAPTURE(cp);
            CHECK(prefix(s) == s.size());
            // ... and a truncated one right there is found right there.
            const std::string cut = std::string(at, 'a') + encode(cp).substr(0, 1);
            CHECK(prefix(cut) == at);
        }
    }
}
