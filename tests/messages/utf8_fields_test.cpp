// docs/contract.md, "Strings": strings must be valid UTF-8, in every string
// field of every message, nested ones and map keys and values included; bytes
// fields take any bytes. The error names the field and the offset of the first
// bad byte.
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wire_builder.hpp"

using brokerwire::errc;
using brokerwire::status;
using brokerwire::test::wire_builder;

namespace {

// Where a string field sits: the type, the chain of enclosing message
// fields, the field itself, and the field number the error names.
struct string_field {
    const char* type;
    std::vector<std::uint32_t> path;  // enclosing message (or map entry) fields, outermost first
    std::uint32_t field;              // the string field inside the innermost one
    std::uint32_t reported;           // the field number the status names
};

const std::vector<string_field>& string_fields() {
    static const std::vector<string_field> fields = {
        {"GetSessionTokenRequest", {}, 1, 1},
        {"HttpServerCapability", {}, 1, 1},
        {"HttpServerCapability", {}, 2, 2},
        {"HttpServerCapability", {}, 3, 3},
        {"ServiceDefinition", {}, 1, 1},
        {"ServiceDefinition", {}, 2, 2},
        {"ServiceDefinition", {}, 4, 4},
        {"ServiceDefinition", {}, 5, 5},
        {"ServiceDefinition", {}, 6, 6},
        {"ServiceDefinition", {}, 7, 7},   // repeated string
        {"ServiceDefinition", {8}, 1, 8},  // labels key
        {"ServiceDefinition", {8}, 2, 8},  // labels value
        {"ServiceDefinition", {10}, 1, 1},
        {"ServiceDefinition", {10}, 2, 2},
        {"ServiceDefinition", {10}, 3, 3},
        {"CacheRoot", {}, 2, 2},
        {"CacheManifest", {}, 1, 1},
        {"CacheManifest", {}, 2, 2},
        {"CacheManifest", {}, 3, 3},
        {"CacheManifest", {}, 40, 40},
        {"CacheManifest", {}, 70, 70},
        {"CacheManifest", {10}, 2, 2},
        {"SessionEnvVar", {}, 1, 1},
        {"SessionEnvVar", {}, 2, 2},
        {"SessionStart", {}, 1, 1},
        {"SessionStart", {}, 2, 2},  // repeated string
        {"SessionStart", {}, 3, 3},
        {"SessionStart", {4}, 1, 1},
        {"SessionStart", {4}, 2, 2},
        {"SessionExit", {3}, 1, 3},  // metadata key
        {"SessionExit", {3}, 2, 3},  // metadata value
        {"SessionFrame", {6}, 1, 1},
        {"SessionFrame", {6}, 2, 2},
        {"SessionFrame", {6}, 3, 3},
        {"SessionFrame", {6, 4}, 1, 1},
        {"SessionFrame", {6, 4}, 2, 2},
        {"SessionFrame", {5, 3}, 1, 3},
        {"SessionFrame", {5, 3}, 2, 3},
        {"Frame", {}, 8, 8},
        {"Frame", {}, 9, 9},
        {"AdminRequest", {}, 3, 3},
        {"AdminRequest", {}, 4, 4},
        {"AdminReply", {}, 2, 2},
        {"AdminReply", {}, 4, 4},
    };
    return fields;
}

// The bytes fields, which must accept what a string field refuses.
const std::vector<string_field>& bytes_fields() {
    static const std::vector<string_field> fields = {
        {"GetSessionTokenResponse", {}, 2, 2}, {"Frame", {}, 4, 4},        {"SessionFrame", {}, 1, 1},
        {"SessionFrame", {}, 3, 3},            {"SessionFrame", {}, 4, 4},
    };
    return fields;
}

// A message of `f.type` whose field (at the end of its path) holds `payload`.
std::string message_with(const string_field& f, const std::string& payload) {
    wire_builder inner;
    inner.bytes(f.field, payload);
    for (auto it = f.path.rbegin(); it != f.path.rend(); ++it) {
        wire_builder outer;
        outer.message(*it, inner);
        inner = outer;
    }
    return inner.str();
}

brokerwire::test::outcome run(const string_field& f, const std::string& in) {
    const brokerwire::test::typed_codec* codec = brokerwire::test::find_typed_codec(f.type);
    REQUIRE(codec != nullptr);
    return codec->run(brokerwire::bytes_view(in));
}

std::string describe(const string_field& f) {
    std::string s = f.type;
    for (const std::uint32_t p : f.path) s += "." + std::to_string(p);
    return s + "." + std::to_string(f.field);
}

}  // namespace

TEST_CASE("strings must be valid UTF-8: every string field rejects each kind of bad sequence") {
    const std::vector<std::string> bad = {
        "\xC0\x80",          // overlong 2-byte
        "\xE0\x80\xAF",      // overlong 3-byte
        "\xF0\x80\x80\xAF",  // overlong 4-byte
        "\xED\xA0\x80",      // surrogate
        "\xF4\x90\x80\x80",  // above U+10FFFF
        "\xE2\x82",          // truncated
        "\x80",              // lone continuation
        "\xFF",              // never a lead byte
    };
    for (const string_field& f : string_fields()) {
        for (const std::string& b : bad) {
            const std::string in = message_with(f, "ok-" + b + "-tail");
            // The bad byte sits after "ok-"; find where the payload landed.
            const std::size_t at = in.find("ok-") + 3;
            CAPTURE(describe(f));
            CAPTURE(brokerwire::test::to_hex(std::vector<std::uint8_t>(b.begin(), b.end())));
            const brokerwire::test::outcome o = run(f, in);
            CHECK(o.owning == status{errc::invalid_utf8, f.reported, at});
            CHECK(o.view == o.owning);
        }
    }
}

TEST_CASE("strings must be valid UTF-8: every string field accepts 1- to 4-byte characters") {
    const std::string text = "a\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    for (const string_field& f : string_fields()) {
        CAPTURE(describe(f));
        const brokerwire::test::outcome o = run(f, message_with(f, text));
        CHECK(o.owning.ok());
        CHECK(o.view.ok());
        CHECK(o.view_agrees);
        CHECK(o.roundtrip_agrees);
    }
}

TEST_CASE("bytes fields take any bytes, UTF-8 or not") {
    const std::string any("\xC0\x80\xED\xA0\x80\xFF\x00\x80", 8);
    for (const string_field& f : bytes_fields()) {
        CAPTURE(describe(f));
        const brokerwire::test::outcome o = run(f, message_with(f, any));
        CHECK(o.owning.ok());
        CHECK(o.view.ok());
        CHECK(o.roundtrip_agrees);
    }
}
