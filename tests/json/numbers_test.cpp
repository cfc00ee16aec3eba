// proto3 JSON integer and boolean conversions.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include <brokerwire/json/numbers.hpp>
#include <brokerwire/json/reader.hpp>

using namespace brokerwire::json;

namespace {

value parsed(std::string_view text) {
    value v;
    REQUIRE(parse(text, v).ok());
    return v;
}

// The same number as a JSON number and as a JSON string.
value as_number(const std::string& n) { return parsed(n); }
value as_string(const std::string& n) { return parsed("\"" + n + "\""); }

template <class Int, class Convert>
void check_both(const std::string& n, Convert convert, Int expected) {
    INFO("number: ", n);
    Int a = 0, b = 0;
    CHECK(convert(as_number(n), a));
    CHECK(a == expected);
    CHECK(convert(as_string(n), b));
    CHECK(b == expected);
}

template <class Int, class Convert>
void check_rejected(const std::string& n, Convert convert) {
    INFO("number: ", n);
    Int a = 5, b = 5;
    CHECK_FALSE(convert(as_number(n), a));
    CHECK_FALSE(convert(as_string(n), b));
    CHECK(a == 5);  // unchanged on failure
    CHECK(b == 5);
}

}  // namespace

TEST_CASE("uint64 max is accepted as a string and as a number") {
    check_both<std::uint64_t>("18446744073709551615", to_uint64, std::numeric_limits<std::uint64_t>::max());
    check_both<std::uint64_t>("1.8446744073709551615e19", to_uint64, std::numeric_limits<std::uint64_t>::max());
    // Exactly, not through a double: 2^53 + 1 keeps its last digit.
    check_both<std::uint64_t>("9007199254740993", to_uint64, 9007199254740993u);
}

TEST_CASE("2^64 and above are rejected") {
    check_rejected<std::uint64_t>("18446744073709551616", to_uint64);
    check_rejected<std::uint64_t>("1.8446744073709551616e19", to_uint64);
    check_rejected<std::uint64_t>("100000000000000000000", to_uint64);
    check_rejected<std::uint64_t>("1e20", to_uint64);
    check_rejected<std::int64_t>("18446744073709551616", to_int64);
}

TEST_CASE("int64 limits are exact") {
    check_both<std::int64_t>("9223372036854775807", to_int64, std::numeric_limits<std::int64_t>::max());
    check_both<std::int64_t>("-9223372036854775808", to_int64, std::numeric_limits<std::int64_t>::min());
    check_rejected<std::int64_t>("9223372036854775808", to_int64);
    check_rejected<std::int64_t>("-9223372036854775809", to_int64);
}

TEST_CASE("32-bit limits are exact") {
    check_both<std::int32_t>("2147483647", to_int32, 2147483647);
    check_both<std::int32_t>("-2147483648", to_int32, std::numeric_limits<std::int32_t>::min());
    check_rejected<std::int32_t>("2147483648", to_int32);
    check_rejected<std::int32_t>("-2147483649", to_int32);
    check_both<std::uint32_t>("4294967295", to_uint32, 4294967295u);
    check_rejected<std::uint32_t>("4294967296", to_uint32);
}

TEST_CASE("negative values are rejected for unsigned types") {
    check_rejected<std::uint32_t>("-1", to_uint32);
    check_rejected<std::uint64_t>("-1", to_uint64);
    check_rejected<std::uint64_t>("-1e2", to_uint64);
}

TEST_CASE("minus zero is zero") {
    check_both<std::int32_t>("-0", to_int32, 0);
    check_both<std::int64_t>("-0", to_int64, 0);
    check_both<std::uint32_t>("-0", to_uint32, 0u);
    check_both<std::uint64_t>("-0.0e3", to_uint64, 0u);
}

TEST_CASE("integral values with exponent or fraction are accepted") {
    check_both<std::uint32_t>("1e2", to_uint32, 100u);
    check_both<std::int32_t>("5.0", to_int32, 5);
    check_both<std::int32_t>("1.5e1", to_int32, 15);
    check_both<std::int32_t>("2E+1", to_int32, 20);
    check_both<std::int32_t>("-100e-2", to_int32, -1);
    check_both<std::int64_t>("0.000", to_int64, 0);
    check_both<std::int64_t>("0e999999999999999999999", to_int64, 0);
    check_both<std::uint64_t>("12300000000000000000e-17", to_uint64, 123u);
    check_rejected<std::uint64_t>("12300000000000000000e-18", to_uint64);  // 12.3
    check_both<std::int64_t>("-9.223372036854775808E18", to_int64, std::numeric_limits<std::int64_t>::min());
}

TEST_CASE("fractional values are rejected for integers") {
    check_rejected<std::int32_t>("1.5", to_int32);
    check_rejected<std::int32_t>("1e-1", to_int32);
    check_rejected<std::int64_t>("0.1", to_int64);
    check_rejected<std::uint64_t>("123.0001", to_uint64);
    check_rejected<std::uint64_t>("1.25e1", to_uint64);
    check_rejected<std::uint64_t>("1e-999999999999999999", to_uint64);
    check_rejected<std::uint64_t>("1e999999999999999999", to_uint64);
}

TEST_CASE("strings must hold exactly a JSON number") {
    for (const char* s : {"", " 1", "1 ", "0x10", "+1", "01", "1.", ".5", "abc", "1e", "1e+", "--1", "1_000",
                          "NaN", "Infinity"}) {
        INFO("string: ", s);
        std::int64_t out = 5;
        CHECK_FALSE(to_int64(parsed(std::string("\"") + s + "\""), out));
        CHECK(out == 5);
    }
    std::int64_t one = 0;
    CHECK(to_int64(parsed("\"\\u0031\\u0032\""), one));  // escapes are decoded first: "12"
    CHECK(one == 12);
}

TEST_CASE("integer conversions reject other kinds of value") {
    for (const char* json : {"true", "false", "null", "[1]", "{\"a\":1}"}) {
        INFO("json: ", json);
        std::uint32_t u = 5;
        std::int64_t i = 5;
        CHECK_FALSE(to_uint32(parsed(json), u));
        CHECK_FALSE(to_int64(parsed(json), i));
        CHECK(u == 5);
        CHECK(i == 5);
    }
}

TEST_CASE("to_bool accepts JSON true and false only") {
    bool b = false;
    CHECK(to_bool(parsed("true"), b));
    CHECK(b);
    CHECK(to_bool(parsed("false"), b));
    CHECK_FALSE(b);
    b = true;
    for (const char* json : {"\"true\"", "1", "0", "null", "[]"}) {
        INFO("json: ", json);
        CHECK_FALSE(to_bool(parsed(json), b));
        CHECK(b);
    }
}
