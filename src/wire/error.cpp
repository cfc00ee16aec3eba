#include "brokerwire/wire/error.hpp"

namespace brokerwire {

const char* describe(errc code) noexcept {
    switch (code) {
        case errc::ok: return "ok";
        case errc::invalid_varint: return "invalid varint";
        case errc::invalid_key: return "invalid key value";
        case errc::invalid_wire_type: return "invalid wire type value";
        case errc::invalid_tag: return "invalid tag value: 0";
        case errc::unexpected_wire_type: return "unexpected wire type for a known field";
        case errc::buffer_underflow: return "buffer underflow";
        case errc::delimited_length_exceeded: return "delimited length exceeded";
        case errc::recursion_limit: return "recursion limit reached";
        case errc::unexpected_end_group: return "unexpected end group tag";
        case errc::invalid_utf8: return "invalid string value: data is not UTF-8 encoded";
    }
    return "unknown error";
}

std::string to_string(const status& s) {
    if (s.ok()) return "ok";
    std::string text = describe(s.code);
    text += " at offset ";
    text += std::to_string(s.offset);
    if (s.field != 0) {
        text += " (field ";
        text += std::to_string(s.field);
        text += ')';
    }
    return text;
}

}  // namespace brokerwire
