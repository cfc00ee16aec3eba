#include "raw_dump.hpp"

#include <utility>

#include "brokerwire/wire/cursor.hpp"
#include "brokerwire/wire/error.hpp"
#include "brokerwire/wire/key.hpp"
#include "brokerwire/wire/utf8.hpp"

namespace brokerwire::tool {
namespace {

using wire::wire_type;

// Text is valid UTF-8 with no NUL and few control characters: real strings
// carry the odd separator (session_start.bin has U+001F in its arguments),
// while packed numbers and other binary are mostly control bytes.
bool looks_like_text(std::string_view s) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(s.data());
    if (!wire::is_valid_utf8(data, s.size())) return false;
    std::size_t controls = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) return false;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) ++controls;
    }
    return controls * 8 <= s.size();
}

bool is_printable_ascii(std::string_view s) {
    for (const char ch : s) {
        if (ch < 0x20 || ch > 0x7E) return false;
    }
    return true;
}

std::uint64_t little_endian(const std::uint8_t* p, std::size_t width) {
    std::uint64_t v = 0;
    for (std::size_t i = width; i > 0; --i) v = v << 8 | p[i - 1];
    return v;
}

// "invalid varint in field 3": the library's wording for a cursor error.
std::string describe_status(const status& s) {
    std::string reason = describe(s.code);
    if (s.field != 0) reason += " in field " + std::to_string(s.field);
    return reason;
}

// Reads one message (the whole input, or one length-delimited value of it)
// with the library's cursor, which reports key, varint and length errors.
class raw_parser {
public:
    // `base` is the offset of `in` within the outermost input.
    raw_parser(bytes_view in, std::size_t base) noexcept : in_(in), base_(base) {}

    // `depth` counts the messages and groups around this one.
    raw_fields read_message(int depth) {
        raw_fields fields;
        read_fields(fields, depth, nullptr);
        return fields;
    }

    bool failed() const noexcept { return !error_.ok() || in_.failed(); }

    raw_error error() const {
        if (!error_.ok() || !in_.failed()) return error_;
        const status s = in_.result();
        return {describe_status(s), s.offset};
    }

private:
    std::size_t offset(const std::uint8_t* at) const noexcept { return base_ + in_.offset_of(at); }
    std::size_t offset(std::string_view data) const noexcept {
        return offset(reinterpret_cast<const std::uint8_t*>(data.data()));
    }

    // Keeps the first error; every loop ends on its next failed() test.
    void stop(std::string reason, std::size_t at) {
        if (failed()) return;
        error_ = {std::move(reason), at};
    }

    // Reads fields until the input ends or, inside `group`, its END_GROUP.
    void read_fields(raw_fields& out, int depth, raw_field* group) {
        while (!failed() && in_.before(in_.end())) {
            const std::uint32_t k = in_.key();
            if (in_.failed()) return;
            if (wire::key_wire_type(k) == wire_type::end_group) {
                close_group(group, wire::key_field(k));
                return;
            }
            read_field(out, k, depth);
        }
        if (group != nullptr) {
            stop("missing END_GROUP of group " + std::to_string(group->number) + " (opened at offset " +
                     std::to_string(group->offset) + ")",
                 offset(in_.end()));
        }
    }

    void close_group(raw_field* group, std::uint32_t number) {
        const std::size_t at = offset(in_.key_start());
        const std::string end_group = "unexpected end group tag: END_GROUP of field " + std::to_string(number);
        if (group == nullptr) {
            stop(end_group + " outside any group", at);
        } else if (group->number != number) {
            stop(end_group + " inside group " + std::to_string(group->number) + " (opened at offset " +
                     std::to_string(group->offset) + ")",
                 at);
        } else {
            group->end = at;
            group->closed = true;
        }
    }

    void read_field(raw_fields& out, std::uint32_t k, int depth) {
        raw_field f;
        f.offset = offset(in_.key_start());
        f.number = wire::key_field(k);
        switch (wire::key_wire_type(k)) {
            case wire_type::varint:
                f.value = in_.varint(f.number);
                break;
            case wire_type::fixed64:
                f.shape = raw_shape::fixed64;
                read_fixed(k, f, 8);
                break;
            case wire_type::fixed32:
                f.shape = raw_shape::fixed32;
                read_fixed(k, f, 4);
                break;
            case wire_type::length_delimited:
                read_delimited(f, depth);
                break;
            case wire_type::start_group:
                read_group(out, std::move(f), depth);
                return;
            case wire_type::end_group:  // handled by read_fields
                return;
        }
        if (!failed()) out.push_back(std::move(f));
    }

    void read_fixed(std::uint32_t k, raw_field& f, std::size_t width) {
        const std::uint8_t* const value = in_.position();
        // The cursor's skip checks the width against the bytes present.
        in_.skip(k, 1, nullptr);
        if (!in_.failed()) f.value = little_endian(value, width);
    }

    void read_delimited(raw_field& f, int depth) {
        f.data = in_.bytes(f.number);
        if (in_.failed()) return;
        const std::size_t start = offset(f.data);
        f.end = start + f.data.size();
        if (f.data.empty()) {
            f.shape = raw_shape::string;  // protoc prints "" too
            return;
        }
        // Printable ASCII is text even when it happens to parse as a message
        // ("127.0.0.1" does, as fixed64 field 6): real messages start with a
        // key byte below 0x20 for fields 1 to 3, and protoc's guess misleads.
        if (depth < wire::recursion_budget && !is_printable_ascii(f.data)) {
            // Errors inside only mean the bytes are not a message.
            raw_parser nested(bytes_view(f.data), start);
            raw_fields children = nested.read_message(depth + 1);
            if (!nested.failed()) {
                f.shape = raw_shape::message;
                f.children = std::move(children);
                return;
            }
        }
        f.shape = looks_like_text(f.data) ? raw_shape::string : raw_shape::bytes;
    }

    // Kept in `out` before its contents are read, so that an error inside
    // still shows what the group held up to there.
    void read_group(raw_fields& out, raw_field f, int depth) {
        if (depth >= wire::recursion_budget) {
            stop(std::string(describe(errc::recursion_limit)) + ": group " + std::to_string(f.number) +
                     " nested deeper than " + std::to_string(wire::recursion_budget),
                 f.offset);
            return;
        }
        f.shape = raw_shape::group;
        f.closed = false;
        out.push_back(std::move(f));
        raw_field& group = out.back();  // stays put: only group.children grows below
        read_fields(group.children, depth + 1, &group);
    }

    wire::cursor in_;
    std::size_t base_;
    raw_error error_;
};

}  // namespace

int wire_type_of(raw_shape shape) noexcept {
    switch (shape) {
        case raw_shape::varint: return 0;
        case raw_shape::fixed64: return 1;
        case raw_shape::message:
        case raw_shape::string:
        case raw_shape::bytes: return 2;
        case raw_shape::group: return 3;
        case raw_shape::fixed32: return 5;
    }
    return 0;
}

raw_message parse_raw(bytes_view input) {
    raw_parser parser(input, 0);
    raw_message m;
    m.fields = parser.read_message(0);
    m.error = parser.error();
    return m;
}

}  // namespace brokerwire::tool
