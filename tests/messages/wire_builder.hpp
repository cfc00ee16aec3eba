// Hand-made wire input for the rule tests: every byte of a malformed case is
// spelled out, so the expected offsets can be read off the test.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include <brokerwire/wire/varint.hpp>

#include "typed_codec.hpp"

namespace brokerwire::test {

class wire_builder {
public:
    wire_builder& raw_varint(std::uint64_t v) {
        std::uint8_t buffer[10];
        const std::uint8_t* end = wire::write_varint(buffer, v);
        bytes_.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(end - buffer));
        return *this;
    }
    wire_builder& key(std::uint32_t field, unsigned type) {
        return raw_varint(static_cast<std::uint64_t>(field) << 3 | type);
    }
    wire_builder& varint(std::uint32_t field, std::uint64_t v) { return key(field, 0).raw_varint(v); }
    wire_builder& bytes(std::uint32_t field, std::string_view payload) {
        key(field, 2).raw_varint(payload.size());
        bytes_.append(payload);
        return *this;
    }
    wire_builder& message(std::uint32_t field, const wire_builder& inner) { return bytes(field, inner.str()); }
    // A map<string, string> entry with both fields present.
    wire_builder& entry(std::uint32_t field, std::string_view k, std::string_view v) {
        return message(field, wire_builder().bytes(1, k).bytes(2, v));
    }
    wire_builder& fixed32(std::uint32_t field, std::uint32_t v) {
        key(field, 5);
        for (int i = 0; i < 4; ++i) bytes_ += static_cast<char>(v >> (8 * i) & 0xFF);
        return *this;
    }
    wire_builder& fixed64(std::uint32_t field, std::uint64_t v) {
        key(field, 1);
        for (int i = 0; i < 8; ++i) bytes_ += static_cast<char>(v >> (8 * i) & 0xFF);
        return *this;
    }
    wire_builder& raw(std::string_view b) {
        bytes_.append(b);
        return *this;
    }

    const std::string& str() const { return bytes_; }
    std::size_t size() const { return bytes_.size(); }
    operator bytes_view() const { return bytes_view(bytes_); }

private:
    std::string bytes_;
};

// Decodes with the owning and the view decoder, checks that they agree, and
// returns the verdict.
template <typename T>
status decode_both(std::string_view in) {
    T message;
    typename view_of<T>::type view;
    const status owning = decode(bytes_view(in), message);
    const status viewed = decode(bytes_view(in), view);
    CHECK_MESSAGE(owning == viewed, "owning " << to_string(owning) << ", view " << to_string(viewed));
    return owning;
}

// The owning decode of an input that must be valid; the view decode must
// agree on every field (views keep no unknown fields).
template <typename T>
T decoded(std::string_view in) {
    T message;
    const status s = decode(bytes_view(in), message);
    REQUIRE_MESSAGE(s.ok(), to_string(s));
    typename view_of<T>::type view;
    REQUIRE(decode(bytes_view(in), view).ok());
    T without_unknown = message;
    clear_unknown(without_unknown);
    CHECK(to_message(view) == without_unknown);
    return message;
}

inline std::string as_string(const std::vector<std::uint8_t>& v) { return std::string(v.begin(), v.end()); }

}  // namespace brokerwire::test

namespace brokerwire {
// Lets doctest print statuses in failed comparisons.
inline doctest::String toString(const status& s) { return to_string(s).c_str(); }
}  // namespace brokerwire
