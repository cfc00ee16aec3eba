// Compact JSON output: escaping, numbers, base64, and the comma logic.

#include <brokerwire/json/writer.hpp>

#include <charconv>

#include <brokerwire/json/base64.hpp>

namespace brokerwire::json {

namespace {

// RFC 8259 section 7: '"', '\\' and U+0000-U+001F must be escaped; the
// short forms are used where JSON has one.
bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

void append_escape(std::string& out, unsigned char c) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('\\');
    switch (c) {
        case '"': out.push_back('"'); return;
        case '\\': out.push_back('\\'); return;
        case '\n': out.push_back('n'); return;
        case '\t': out.push_back('t'); return;
        case '\r': out.push_back('r'); return;
        case '\b': out.push_back('b'); return;
        case '\f': out.push_back('f'); return;
        default:
            out.append("u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
    }
}

// Makes room for `extra` more bytes, growing geometrically: a plain
// reserve(size + extra) per call would reallocate on every call with some
// standard libraries, making a long sequence of appends quadratic.
void make_room(std::string& out, std::size_t extra) {
    if (out.capacity() - out.size() >= extra) return;
    const std::size_t doubled = out.capacity() * 2;
    out.reserve(out.size() + extra > doubled ? out.size() + extra : doubled);
}

template <class Int>
void append_integer(std::string& out, Int n) {
    char buf[24];  // 20 digits of uint64 max, or a sign and 19 digits
    const auto result = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}

}  // namespace

void append_quoted(std::string& out, std::string_view utf8) {
    make_room(out, utf8.size() + 2);
    out.push_back('"');
    std::size_t run = 0;  // start of the pending run of bytes copied as is
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (!needs_escape(c)) continue;
        out.append(utf8.substr(run, i - run));
        append_escape(out, c);
        run = i + 1;
    }
    out.append(utf8.substr(run));
    out.push_back('"');
}

void writer::open(char c) {
    separate();
    out_.push_back(c);
    ++depth_;
    need_comma_ = false;
}

void writer::close(char c) {
    out_.push_back(c);
    if (depth_ > 0) --depth_;
    need_comma_ = true;
}

void writer::begin_object() { open('{'); }
void writer::end_object() { close('}'); }
void writer::begin_array() { open('['); }
void writer::end_array() { close(']'); }

void writer::key(std::string_view name) {
    separate();
    append_quoted(out_, name);
    out_.push_back(':');
    need_comma_ = false;  // the member's value follows the colon directly
}

void writer::string(std::string_view utf8) {
    separate();
    append_quoted(out_, utf8);
    need_comma_ = true;
}

void writer::boolean(bool b) { raw(b ? "true" : "false"); }

void writer::null() { raw("null"); }

void writer::number(std::int64_t n) {
    separate();
    append_integer(out_, n);
    need_comma_ = true;
}

void writer::number(std::uint64_t n) {
    separate();
    append_integer(out_, n);
    need_comma_ = true;
}

void writer::quoted(std::int64_t n) {
    separate();
    out_.push_back('"');
    append_integer(out_, n);
    out_.push_back('"');
    need_comma_ = true;
}

void writer::quoted(std::uint64_t n) {
    separate();
    out_.push_back('"');
    append_integer(out_, n);
    out_.push_back('"');
    need_comma_ = true;
}

void writer::base64(const std::uint8_t* data, std::size_t size) {
    separate();
    make_room(out_, base64_encoded_size(size) + 2);
    out_.push_back('"');
    encode_base64(data, size, out_);
    out_.push_back('"');
    need_comma_ = true;
}

void writer::raw(std::string_view json) {
    separate();
    out_.append(json);
    need_comma_ = true;
}

}  // namespace brokerwire::json
