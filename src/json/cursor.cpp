// Position tracking and error messages of the JSON reader.

#include "cursor.hpp"

#include <cstdint>
#include <cstdio>

#include "utf8_scan.hpp"

namespace brokerwire::json::detail {

void cursor::skip_whitespace() noexcept {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == '\n') {
            ++pos_;
            ++line_;
            line_start_ = pos_;
            cached_offset_ = pos_;
            cached_column_ = 1;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++pos_;
        } else {
            return;
        }
    }
}

std::size_t cursor::column_at(std::size_t at) noexcept {
    if (at < cached_offset_) {  // never expected, but stay correct if it happens
        cached_offset_ = line_start_;
        cached_column_ = 1;
    }
    // A column counts code points: every byte except UTF-8 continuation
    // bytes (10xxxxxx) starts one. Bytes before `at` have been validated.
    for (std::size_t i = cached_offset_; i < at && i < text_.size(); ++i) {
        if ((static_cast<std::uint8_t>(text_[i]) & 0xC0) != 0x80) ++cached_column_;
    }
    cached_offset_ = at;
    return cached_column_;
}

void cursor::fail(std::size_t at, std::string message) {
    if (failed()) return;
    error_.line = line_;
    error_.column = column_at(at);
    error_.offset = at;
    error_.message = std::move(message);
}

void cursor::fail_expected(std::string_view what) {
    std::string message = "expected ";
    message.append(what);
    message.append(", found ");
    message.append(describe(pos_));
    fail(pos_, std::move(message));
}

std::string cursor::describe(std::size_t at) const {
    if (at >= text_.size()) return "end of input";
    const auto b = static_cast<std::uint8_t>(text_[at]);
    char buf[48];
    if (b == '/') return "'/' (JSON has no comments)";
    if (b == '\'') return "''' (JSON strings use double quotes)";
    if (b >= 0x20 && b < 0x7F) {
        std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(b));
    } else if (b < 0x80) {
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(b));
    } else if (const std::size_t n = utf8_sequence_length(text_, at); n != 0) {
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(utf8_decode(text_, at, n)));
    } else {
        std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02X", static_cast<unsigned>(b));
    }
    return buf;
}

}  // namespace brokerwire::json::detail
