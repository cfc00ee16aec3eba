#include "hex_input.hpp"

namespace brokerwire::tool {
namespace {

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

// True for the lines of a socat dump that carry no bytes.
bool is_socat_annotation(std::string_view line) {
    std::size_t first = 0;
    while (first < line.size() && is_blank(line[first])) ++first;
    if (first == line.size()) return false;
    if (line[first] == '>' || line[first] == '<') return true;
    std::size_t last = line.size();
    while (last > first && is_blank(line[last - 1])) --last;
    return line.substr(first, last - first) == "--";
}

bool read_line(std::string_view line, std::size_t number, std::string& out, std::string& error) {
    int high = -1;  // the first digit of a pair, while waiting for the second
    std::size_t high_column = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
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

}  // namespace

bool read_hex_dump(std::string_view text, std::string& out, std::string& error) {
    std::size_t number = 1;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (!is_socat_annotation(line) && !read_line(line, number, out, error)) return false;
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
        ++number;
    }
    return true;
}

}  // namespace brokerwire::tool
