// Loads the byte vectors of tests/upstream/data/*.hex: lowercase or
// uppercase hex digit pairs, split across lines as the writer liked, with
// '#' starting a comment that runs to the end of its line. The directory is
// BROKERWIRE_UPSTREAM_DATA_DIR, set by tests/upstream/meson.build.
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#ifndef BROKERWIRE_UPSTREAM_DATA_DIR
#error "BROKERWIRE_UPSTREAM_DATA_DIR must name the directory of the .hex files"
#endif

namespace upstream {

using byte_string = std::vector<std::uint8_t>;

struct hex_load {
    byte_string bytes;
    std::string error;  // empty on success
};

inline int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Parses the text of a .hex file. A stray character or an odd number of
// digits is an error naming the line, never a silently shorter vector.
inline hex_load parse_hex(const std::string& text) {
    hex_load out;
    std::size_t line = 1;
    int high = -1;
    bool in_comment = false;
    for (const char c : text) {
        if (c == '\n') {
            ++line;
            in_comment = false;
            continue;
        }
        if (in_comment) continue;
        if (c == '#') {
            in_comment = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') continue;
        const int d = hex_digit(c);
        if (d < 0) {
            out.error = "line " + std::to_string(line) + ": not a hex digit: '" + std::string(1, c) + "'";
            return out;
        }
        if (high < 0) {
            high = d;
        } else {
            out.bytes.push_back(static_cast<std::uint8_t>(high << 4 | d));
            high = -1;
        }
    }
    if (high >= 0) out.error = "odd number of hex digits";
    return out;
}

inline std::string data_path(const std::string& name) {
    return std::string(BROKERWIRE_UPSTREAM_DATA_DIR) + "/" + name + ".hex";
}

// The bytes of data/<name>.hex; fails the running test case when the file
// is missing or malformed.
inline byte_string hex_file(const std::string& name) {
    std::ifstream in(data_path(name), std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << data_path(name));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hex_load loaded = parse_hex(text);
    REQUIRE_MESSAGE(loaded.error.empty(), data_path(name) << ": " << loaded.error);
    return std::move(loaded.bytes);
}

// The same bytes as a std::string, the type brokerwire uses for bytes fields.
inline std::string hex_file_text(const std::string& name) {
    const byte_string b = hex_file(name);
    return std::string(b.begin(), b.end());
}

// Bytes as lowercase hex, so a failed comparison prints something readable.
inline std::string to_hex(const byte_string& b) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(b.size() * 2);
    for (const std::uint8_t x : b) {
        s.push_back(digits[x >> 4]);
        s.push_back(digits[x & 0xF]);
    }
    return s;
}

inline std::string to_hex(const std::string& b) { return to_hex(byte_string(b.begin(), b.end())); }

}  // namespace upstream
