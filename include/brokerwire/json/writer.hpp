// Compact JSON output with automatic commas and colons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace brokerwire::json {

// Appends `utf8` to `out` as a JSON string literal, quotes included. Escapes
// '"', '\\' and the control characters U+0000-U+001F (as \n \t \r \b \f, or
// \u00XX); every other byte is copied as is. `utf8` is assumed valid UTF-8
// (proto3 strings are); invalid bytes are copied unchanged.
void append_quoted(std::string& out, std::string_view utf8);

// Writes one JSON document (or several values, comma-separated) onto the end
// of a caller-owned string, which must outlive the writer. Output is compact:
// no whitespace at all. The writer inserts the ',' between values and the
// ':' after keys itself; the caller only has to call things in a well-formed
// order (a key() before each value inside an object, balanced begin/end),
// which is not checked.
class writer {
public:
    explicit writer(std::string& out) noexcept : out_(out) {}

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();

    // An object member's name; the next call writes its value.
    void key(std::string_view name);

    // A string value; see append_quoted for the escaping.
    void string(std::string_view utf8);
    void boolean(bool b);
    void null();

    // Plain JSON numbers. Every integer type resolves without ambiguity:
    // the exact overloads below, or the template for the rest (long long,
    // short, ...). Booleans are refused at compile time: use boolean().
    void number(std::int64_t n);
    void number(std::uint64_t n);
    void number(std::int32_t n) { number(static_cast<std::int64_t>(n)); }
    void number(std::uint32_t n) { number(static_cast<std::uint64_t>(n)); }
    template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    void number(T n) { number(widen(n)); }
    void number(bool) = delete;

    // A 64-bit integer as a JSON string, "123": proto3 JSON writes int64,
    // uint64 and their fixed/sint variants this way because JSON numbers are
    // doubles in most readers.
    void quoted(std::int64_t n);
    void quoted(std::uint64_t n);
    template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    void quoted(T n) { quoted(widen(n)); }
    void quoted(bool) = delete;

    // Bytes as a JSON string holding their standard, padded base64 (proto3
    // JSON `bytes`). `data` may be null when size is 0.
    void base64(const std::uint8_t* data, std::size_t size);

    // Pre-serialised JSON, inserted as one value, unchecked.
    void raw(std::string_view json);

    // How many objects and arrays are open: 0 once a document is complete.
    std::size_t depth() const noexcept { return depth_; }

private:
    template <class T>
    static auto widen(T n) noexcept {
        if constexpr (std::is_signed_v<T>) {
            return static_cast<std::int64_t>(n);
        } else {
            return static_cast<std::uint64_t>(n);
        }
    }

    // Writes the ',' owed before a value or key that follows another one.
    void separate() {
        if (need_comma_) out_.push_back(',');
    }
    void open(char c);
    void close(char c);

    std::string& out_;
    std::size_t depth_ = 0;
    // True after a complete value (or member) and false right after an
    // opening bracket or a key: that is all the comma logic needs.
    bool need_comma_ = false;
};

}  // namespace brokerwire::json
