// Base64 for proto3 JSON bytes: standard padded output; standard or URL-safe,
// padded or unpadded input; nothing else.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <brokerwire/json/base64.hpp>

using brokerwire::json::base64_encoded_size;
using brokerwire::json::decode_base64;
using brokerwire::json::encode_base64;

namespace {

std::string encode(std::string_view bytes) {
    std::string out;
    encode_base64(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), out);
    return out;
}

std::string to_url_safe(std::string s) {
    std::replace(s.begin(), s.end(), '+', '-');
    std::replace(s.begin(), s.end(), '/', '_');
    return s;
}

std::string unpadded(std::string s) {
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

bool decodes_to(std::string_view in, const std::string& expected) {
    std::string out = "stale";
    return decode_base64(in, out) && out == expected;
}

bool refused(std::string_view in) {
    std::string out = "stale";
    return !decode_base64(in, out) && out.empty();
}

}  // namespace

TEST_CASE("encoding matches the RFC 4648 test vectors") {
    CHECK(encode("") == "");
    CHECK(encode("f") == "Zg==");
    CHECK(encode("fo") == "Zm8=");
    CHECK(encode("foo") == "Zm9v");
    CHECK(encode("foob") == "Zm9vYg==");
    CHECK(encode("fooba") == "Zm9vYmE=");
    CHECK(encode("foobar") == "Zm9vYmFy");
    std::string appended = "x:";
    encode_base64(reinterpret_cast<const std::uint8_t*>("fo"), 2, appended);
    CHECK(appended == "x:Zm8=");
    CHECK(base64_encoded_size(0) == 0);
    CHECK(base64_encoded_size(4) == 8);
}

TEST_CASE("every length 0 to 10 round-trips in both alphabets with or without padding") {
    for (std::size_t n = 0; n <= 10; ++n) {
        // 0xFB 0xFF ... makes '+' and '/' (or '-' and '_') appear.
        std::string bytes;
        for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(i % 2 ? 0xFF : 0xFB - i));
        const std::string standard = encode(bytes);
        INFO("length ", n, ": ", standard);
        CHECK(standard.size() == base64_encoded_size(n));
        CHECK(decodes_to(standard, bytes));
        CHECK(decodes_to(unpadded(standard), bytes));
        CHECK(decodes_to(to_url_safe(standard), bytes));
        CHECK(decodes_to(to_url_safe(unpadded(standard)), bytes));
        if (n >= 2) {
            CHECK(standard.find_first_of("+/") != std::string::npos);
        }
    }
}

TEST_CASE("padding must be complete or absent") {
    CHECK(decodes_to("Zg==", "f"));
    CHECK(decodes_to("Zg", "f"));
    CHECK(decodes_to("Zm8=", "fo"));
    CHECK(decodes_to("Zm8", "fo"));
    CHECK(refused("Zg="));       // partial padding
    CHECK(refused("Zg==="));     // too much
    CHECK(refused("Zm9v===="));  // a whole quantum of padding
    CHECK(refused("="));
    CHECK(refused("=="));
    CHECK(refused("===="));
    CHECK(refused("Zg==Zg=="));  // padding in the middle
    CHECK(refused("Z=g="));
    CHECK(refused("Z"));         // one character carries only 6 bits
    CHECK(refused("Zm9vY"));
    CHECK(refused("Zm9vY==="));
    CHECK(decodes_to("", ""));
}

TEST_CASE("the two alphabets may not be mixed") {
    CHECK(decodes_to("+/+/", "\xFB\xFF\xBF"));
    CHECK(decodes_to("-_-_", "\xFB\xFF\xBF"));
    CHECK(refused("+_+_"));
    CHECK(refused("-/-/"));
    CHECK(refused("AAAA+AAA-AA="));
}

TEST_CASE("characters outside the alphabet are refused") {
    CHECK(refused("Zm9v YmFy"));
    CHECK(refused("Zm9v\nYmFy"));
    CHECK(refused("Zm9vYmFy\n"));
    CHECK(refused(" Zm9v"));
    CHECK(refused("Zm9v!A=="));
    CHECK(refused(std::string_view("Zm9\0", 4)));
    CHECK(refused("Zm9\xC3\xA9"));
    CHECK(refused("Zm.v"));
}

TEST_CASE("non-zero unused bits in the last character are refused") {
    CHECK(refused("Zh=="));  // 'f' is Zg; h sets one of the 4 unused bits
    CHECK(refused("Zh"));
    CHECK(refused("Zm9="));  // "fo" is Zm8
    CHECK(refused("Zm9"));
    CHECK(refused("__"));
    CHECK(decodes_to("_w", "\xFF"));
    CHECK(decodes_to("//8", "\xFF\xFF"));
}

TEST_CASE("64 KiB round-trips") {
    // Every byte value in each 256-byte block, and no two blocks alike, so
    // that a byte taken from the wrong place shows.
    std::vector<std::uint8_t> bytes(64 * 1024);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>((i * 131 + 7) ^ (i >> 8));
    std::string encoded, decoded;
    encode_base64(bytes.data(), bytes.size(), encoded);
    CHECK(encoded.size() == base64_encoded_size(bytes.size()));
    REQUIRE(decode_base64(encoded, decoded));
    CHECK(decoded == std::string(bytes.begin(), bytes.end()));
}
