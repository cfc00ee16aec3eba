#include "hex_input.hpp"

#include <charconv>
#include <cstdio>
#include <optional>

namespace brokerwire::tool {
namespace {

// socat -x prints a block's bytes as " xx" groups from column 0, at most
// sixteen to a line (48 characters). With -v as well, the same bytes follow
// as text from column 50: printable ASCII as itself, any other byte as a
// stand-in such as '.'.
constexpr std::size_t socat_hex_width = 48;
constexpr std::size_t socat_text_column = 50;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string where(std::size_t line, std::size_t column) {
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string_view trimmed(std::string_view line) {
    while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
    while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
    return line;
}

// "> 2024/05/01 10:00:00.000123  length=9 from=0 to=8": a direction and
// timestamp header, which opens a block.
bool is_socat_header(std::string_view line) {
    const std::string_view t = trimmed(line);
    return !t.empty() && (t.front() == '>' || t.front() == '<');
}

bool is_socat_separator(std::string_view line) { return trimmed(line) == "--"; }

// The N of a header's "length=N", if it has one.
std::optional<std::size_t> announced_length(std::string_view header) {
    const std::size_t at = header.find("length=");
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view digits = header.substr(at + 7);
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (ec != std::errc() || end == digits.data()) return std::nullopt;
    return length;
}

// Appends the bytes `text` spells in hex pairs, whitespace between pairs
// ignored; `text` starts a line, so its indices are the columns in errors.
bool read_hex(std::string_view text, std::size_t number, std::string& out, std::string& error) {
    int high = -1;  // the first digit of a pair, while waiting for the second
    std::size_t high_column = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_blank(c)) continue;
        const int v = hex_value(c);
        if (v < 0) {
            error = where(number, i + 1) + ": '" + std::string(1, c) + "' is not a hex digit";
            return false;
        }
        if (high < 0) {
            high = v;
            high_column = i + 1;
        } else {
            out.push_back(static_cast<char>(high << 4 | v));
            high = -1;
        }
    }
    if (high >= 0) {
        error = where(number, high_column) + ": odd hex digit, half a byte";
        return false;
    }
    return true;
}

// The -v text column must show the line's bytes, one character each: a
// mismatch means the columns have shifted and the hex cannot be trusted.
bool check_text_column(std::string_view text, std::string_view bytes, std::size_t number, std::string& error) {
    if (text.size() != bytes.size()) {
        error = where(number, socat_text_column + 1) + ": the text column shows " + std::to_string(text.size()) +
                " characters for " + std::to_string(bytes.size()) + " bytes";
        return false;
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b >= 0x20 && b <= 0x7e && text[i] != bytes[i]) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "0x%02x", b);
            error = where(number, socat_text_column + i + 1) + ": the text column shows '" + std::string(1, text[i]) +
                    "' for byte " + hex;
            return false;
        }
    }
    return true;
}

// A data line of a socat block: hex alone (-x), or hex, two blanks and the
// same bytes as text (-x -v).
bool read_socat_line(std::string_view line, std::size_t number, std::string& out, std::string& error) {
    const bool has_text = line.size() > socat_text_column && is_blank(line[socat_hex_width]) &&
                          is_blank(line[socat_hex_width + 1]);
    if (!has_text) return read_hex(line, number, out, error);
    const std::size_t before = out.size();
    if (!read_hex(line.substr(0, socat_hex_width), number, out, error)) return false;
    return check_text_column(line.substr(socat_text_column), std::string_view(out).substr(before), number, error);
}

// The block opened by the last header, so that its announced length can be
// checked against the bytes its lines held.
struct socat_block {
    std::size_t header_line = 0;  // 0 outside a block
    std::optional<std::size_t> announced;
    std::size_t first_byte = 0;  // where its bytes start in the output
};

bool close_block(socat_block& block, std::size_t output_size, std::string& error) {
    const std::size_t held = output_size - block.first_byte;
    const bool ok = !block.announced || held == *block.announced;
    if (!ok) {
        error = "line " + std::to_string(block.header_line) + ": the socat block announces length=" +
                std::to_string(*block.announced) + " but its lines hold " + std::to_string(held) + " bytes";
    }
    block = socat_block{};
    return ok;
}

socat_block open_block(std::string_view header, std::size_t number, std::size_t output_size) {
    socat_block block;
    block.header_line = number;
    block.announced = announced_length(header);
    block.first_byte = output_size;
    return block;
}

}  // namespace

bool read_hex_dump(std::string_view text, std::string& out, std::string& error) {
    socat_block block;
    for (std::size_t number = 1;; ++number) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        const bool header = is_socat_header(line);
        if (header || is_socat_separator(line)) {
            if (!close_block(block, out.size(), error)) return false;
            if (header) block = open_block(line, number, out.size());
        } else if (block.header_line != 0) {
            if (!read_socat_line(line, number, out, error)) return false;
        } else if (!read_hex(line, number, out, error)) {
            return false;
        }
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return close_block(block, out.size(), error);
}

}  // namespace brokerwire::tool
