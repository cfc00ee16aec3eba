// `brokerwire decode-raw`: any message without a schema, with byte offsets,
// for bytes from a newer or unknown peer (what `protoc --decode_raw` shows).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "brokerwire/json/writer.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "raw_dump.hpp"

namespace brokerwire::tool {
namespace {

const char* const decode_raw_usage = "brokerwire decode-raw [--json] [FILE]";

void print_decode_raw_help() {
    std::printf(
        "usage: %s\n\n"
        "Dumps any protobuf message from FILE (or standard input for \"-\" or none)\n"
        "without a schema, one field per line with the byte offset of its key:\n\n"
        "  @0    1: 150                      varint: unsigned (and int64 when negative)\n"
        "  @3    2: 0x3fc00000 (fixed32, float 1.5)\n"
        "  @8    3: 0x3ff8000000000000 (fixed64, double 1.5)\n"
        "  @17   4 {                         length-delimited that parses as a message\n"
        "  @19     1: \"abc\"                  ... else text, C-escaped, UTF-8 kept\n"
        "  @24   }                           (offset just past the message)\n"
        "  @24   5: \"\\000\\377\" (bytes)       ... else bytes, C-escaped (octal)\n"
        "  @28   6 { (group)                 group ...\n"
        "  @29     1: 1\n"
        "  @31   }                           ... closed by its END_GROUP key here\n\n"
        "Length-delimited values are guessed as protoc does: a message when they parse\n"
        "completely as one (at most 100 messages and groups nested), else a string when\n"
        "valid UTF-8 without NUL and at most one control character in eight bytes,\n"
        "else bytes. Empty ones print as \"\".\n\n"
        "--json  one JSON array of fields on one line; each field is\n"
        "        {\"offset\":N,\"field\":N,\"wireType\":0-5, and by wire type:\n"
        "         0: \"value\":\"<uint64>\",\"int64\":\"<int64>\",\"sint64\":\"<zigzag>\"\n"
        "         1: \"value\":\"<uint64>\",\"double\":<number, or \"NaN\"/\"Infinity\"/\"-Infinity\">\n"
        "         5: \"value\":\"<uint32>\",\"float\":<same>\n"
        "         2: \"length\":N and one of \"message\":[fields], \"string\":\"...\",\n"
        "            \"bytes\":\"<standard padded base64>\"\n"
        "         3: \"group\":[fields]}\n"
        "        64-bit integers are decimal strings, as proto3 JSON writes them.\n\n"
        "Malformed input: what parsed before the error on standard output (a group\n"
        "broken off inside has no closing line; --json stays one valid document),\n"
        "then \"error: <reason> at offset N\" on standard error, exit 1.\n"
        "exit status: 0 ok, 1 malformed or unreadable input, 2 usage error.\n",
        decode_raw_usage);
}

// The shortest text that reads back as `v` ("1.5", "1e+30", "nan", "-inf").
template <class Float>
std::string shortest(Float v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

float as_float(std::uint64_t bits) {
    const auto b = static_cast<std::uint32_t>(bits);
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
}

double as_double(std::uint64_t bits) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// C-style escaping inside double quotes. Octal escapes, as protoc writes
// them, have a fixed width, so a following digit cannot join one. Text keeps
// its non-ASCII UTF-8; bytes escape everything outside printable ASCII.
void append_escaped(std::string& out, std::string_view s, bool is_text) {
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            default: break;
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && !is_text)) {
            const char octal[] = {'\\', static_cast<char>('0' + (c >> 6)), static_cast<char>('0' + (c >> 3 & 7)),
                                  static_cast<char>('0' + (c & 7))};
            out.append(octal, sizeof octal);
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

std::string hex(std::uint64_t v, int digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
    return buf;
}

// Human output: one line per field, "@OFFSET" in a column as wide as the
// largest offset, two spaces of indent per nesting level.
class human_printer {
public:
    explicit human_printer(std::size_t input_size) {
        width_ = static_cast<int>(std::to_string(input_size).size());
        if (width_ < 4) width_ = 4;
    }

    void fields(const raw_fields& fs, int depth) {
        for (const raw_field& f : fs) field(f, depth);
    }

    const std::string& text() const noexcept { return out_; }

private:
    void line(std::size_t offset, int depth, const std::string& content) {
        char at[32];
        std::snprintf(at, sizeof at, "@%-*zu ", width_, offset);
        out_ += at;
        out_.append(static_cast<std::size_t>(depth) * 2, ' ');
        out_ += content;
        out_ += '\n';
    }

    void field(const raw_field& f, int depth) {
        const std::string n = std::to_string(f.number);
        switch (f.shape) {
            case raw_shape::varint: {
                std::string v = n + ": " + std::to_string(f.value);
                const auto as_signed = static_cast<std::int64_t>(f.value);
                if (as_signed < 0) v += " (int64 " + std::to_string(as_signed) + ")";
                line(f.offset, depth, v);
                return;
            }
            case raw_shape::fixed32:
                line(f.offset, depth, n + ": " + hex(f.value, 8) + " (fixed32, float " + shortest(as_float(f.value)) + ")");
                return;
            case raw_shape::fixed64:
                line(f.offset, depth,
                     n + ": " + hex(f.value, 16) + " (fixed64, double " + shortest(as_double(f.value)) + ")");
                return;
            case raw_shape::string:
            case raw_shape::bytes: {
                std::string v = n + ": ";
                append_escaped(v, f.data, f.shape == raw_shape::string);
                if (f.shape == raw_shape::bytes) v += " (bytes)";
                line(f.offset, depth, v);
                return;
            }
            case raw_shape::message:
            case raw_shape::group:
                line(f.offset, depth, n + (f.shape == raw_shape::group ? " { (group)" : " {"));
                fields(f.children, depth + 1);
                // A group the input broke off inside gets no closing line: the
                // error on standard error says where it ended.
                if (f.closed) line(f.end, depth, "}");
                return;
        }
    }

    std::string out_;
    int width_ = 4;
};

// proto3 JSON's spelling of non-finite floating-point values.
template <class Float>
void json_float(json::writer& w, Float v) {
    if (std::isnan(v)) {
        w.string("NaN");
    } else if (std::isinf(v)) {
        w.string(v > 0 ? "Infinity" : "-Infinity");
    } else {
        w.raw(shortest(v));
    }
}

void json_fields(json::writer& w, const raw_fields& fs);

void json_value(json::writer& w, const raw_field& f) {
    switch (f.shape) {
        case raw_shape::varint:
            w.key("value");
            w.quoted(f.value);
            w.key("int64");
            w.quoted(static_cast<std::int64_t>(f.value));
            w.key("sint64");
            // Zigzag: 0, -1, 1, -2, ... for 0, 1, 2, 3, ...
            w.quoted(static_cast<std::int64_t>(f.value >> 1) ^ -static_cast<std::int64_t>(f.value & 1));
            return;
        case raw_shape::fixed64:
            w.key("value");
            w.quoted(f.value);
            w.key("double");
            json_float(w, as_double(f.value));
            return;
        case raw_shape::fixed32:
            w.key("value");
            w.quoted(f.value);
            w.key("float");
            json_float(w, as_float(f.value));
            return;
        case raw_shape::message:
        case raw_shape::string:
        case raw_shape::bytes:
            w.key("length");
            w.number(f.data.size());
            if (f.shape == raw_shape::message) {
                w.key("message");
                json_fields(w, f.children);
            } else if (f.shape == raw_shape::string) {
                w.key("string");
                w.string(f.data);
            } else {
                w.key("bytes");
                w.base64(reinterpret_cast<const std::uint8_t*>(f.data.data()), f.data.size());
            }
            return;
        case raw_shape::group:
            w.key("group");
            json_fields(w, f.children);
            return;
    }
}

void json_fields(json::writer& w, const raw_fields& fs) {
    w.begin_array();
    for (const raw_field& f : fs) {
        w.begin_object();
        w.key("offset");
        w.number(f.offset);
        w.key("field");
        w.number(f.number);
        w.key("wireType");
        w.number(wire_type_of(f.shape));
        json_value(w, f);
        w.end_object();
    }
    w.end_array();
}

std::string render(const raw_message& m, std::size_t input_size, bool as_json) {
    if (!as_json) {
        human_printer p(input_size);
        p.fields(m.fields, 0);
        return p.text();
    }
    std::string out;
    json::writer w(out);
    json_fields(w, m.fields);
    out += '\n';
    return out;
}

}  // namespace

int run_decode_raw(int argc, char** argv) {
    bool as_json = false;
    const char* file = nullptr;
    const command_syntax syntax{decode_raw_usage, print_decode_raw_help, operand_kind::file};
    if (const auto stop = parse_command_line(argc, argv, syntax, {{"--json", &as_json}}, file)) return *stop;
    std::string input;
    if (!read_input(file, input)) return 1;
    const raw_message m = parse_raw(bytes_view(input));
    if (!write_output(render(m, input.size(), as_json))) return 1;
    if (!m.error.ok()) {
        std::fprintf(stderr, "error: %s at offset %zu\n", m.error.reason.c_str(), m.error.offset);
        return 1;
    }
    return 0;
}

}  // namespace brokerwire::tool
