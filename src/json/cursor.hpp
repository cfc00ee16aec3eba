// The JSON reader's position in its input, and its first error (internal).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <brokerwire/json/reader.hpp>

namespace brokerwire::json::detail {

// Walks the input byte by byte, tracking the line (only LF starts one) so
// that any offset on the current line converts to a 1-based line and a
// code-point column. Column queries are cached, so the positions of all the
// nodes of a long one-line document cost O(n) in total, not O(n^2).
// The first error recorded wins; later ones are ignored.
class cursor {
public:
    explicit cursor(std::string_view text) noexcept : text_(text) {}

    std::string_view text() const noexcept { return text_; }
    std::size_t offset() const noexcept { return pos_; }
    bool at_end() const noexcept { return pos_ >= text_.size(); }
    // The current byte; only when !at_end().
    char peek() const noexcept { return text_[pos_]; }
    bool next_is(char c) const noexcept { return !at_end() && text_[pos_] == c; }
    void advance(std::size_t n = 1) noexcept { pos_ += n; }

    // Skips RFC 8259 whitespace: space, tab, CR and LF.
    void skip_whitespace() noexcept;

    // 1-based line of the current line, and code-point column of `at`, which
    // must lie on the current line (at >= start of the line).
    std::size_t line() const noexcept { return line_; }
    std::size_t column_at(std::size_t at) noexcept;

    // Records `message` as happening at byte `at` on the current line.
    void fail(std::size_t at, std::string message);
    // Records "expected <what>, found <the thing at the cursor>".
    void fail_expected(std::string_view what);
    bool failed() const noexcept { return !error_.message.empty(); }
    parse_error take_error() { return std::move(error_); }

    // What is at byte `at`, for "found ..." in messages: 'x', U+00E9,
    // "end of input", "invalid UTF-8 byte 0xFF", with a hint for common
    // non-JSON habits (comments, single quotes).
    std::string describe(std::size_t at) const;

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
    // Column cache: the code-point column of byte `cached_offset_`.
    std::size_t cached_offset_ = 0;
    std::size_t cached_column_ = 1;
    parse_error error_;
};

}  // namespace brokerwire::json::detail
