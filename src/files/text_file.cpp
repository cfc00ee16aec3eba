// Reading a small text file and trimming it as upstream's Rust does.
#include "text_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <brokerwire/wire/utf8.hpp>

#include "unique_fd.hpp"

namespace brokerwire::files::detail {

namespace {

// Byte length of the White_Space character that starts at `s[i]`, or 0.
// Rust's char::is_whitespace: U+0009-U+000D, U+0020, U+0085, U+00A0,
// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
std::size_t whitespace_at(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const std::size_t left = s.size() - i;
    const unsigned char b0 = byte(0);
    if (b0 == ' ' || (b0 >= 0x09 && b0 <= 0x0d)) return 1;
    if (left >= 2 && b0 == 0xc2 && (byte(1) == 0x85 || byte(1) == 0xa0)) return 2;
    if (left < 3) return 0;
    const unsigned char b1 = byte(1);
    const unsigned char b2 = byte(2);
    if (b0 == 0xe1 && b1 == 0x9a && b2 == 0x80) return 3;  // U+1680
    if (b0 == 0xe3 && b1 == 0x80 && b2 == 0x80) return 3;  // U+3000
    if (b0 == 0xe2 && b1 == 0x81 && b2 == 0x9f) return 3;  // U+205F
    if (b0 == 0xe2 && b1 == 0x80) {
        return (b2 <= 0x8a && b2 >= 0x80) || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf ? 3 : 0;
    }
    return 0;
}

// Start of the last character of non-empty valid UTF-8 `s`.
std::size_t last_char_start(std::string_view s) noexcept {
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) --i;
    return i;
}

}  // namespace

file_result<std::string> read_text_file(const std::string& path) {
    unique_fd fd;
    do {
        fd = unique_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    } while (!fd.valid() && errno == EINTR);
    if (!fd.valid()) return io_error(path, "open", errno);
    std::string text;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error(path, "read", errno);
        }
        text.append(buf, static_cast<std::size_t>(n));
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    if (!wire::is_valid_utf8(bytes, text.size())) return io_error(path, "read as UTF-8", EILSEQ);
    return text;
}

std::string_view trim_whitespace(std::string_view text) noexcept {
    while (!text.empty()) {
        const std::size_t n = whitespace_at(text, 0);
        if (n == 0) break;
        text.remove_prefix(n);
    }
    while (!text.empty()) {
        const std::size_t start = last_char_start(text);
        if (whitespace_at(text, start) != text.size() - start) break;
        text.remove_suffix(text.size() - start);
    }
    return text;
}

}  // namespace brokerwire::files::detail
