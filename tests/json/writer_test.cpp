// writer: compact output, byte for byte, with commas and colons inserted.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include <brokerwire/json/reader.hpp>
#include <brokerwire/json/writer.hpp>

using brokerwire::json::append_quoted;
using brokerwire::json::writer;

TEST_CASE("nested structures are written compactly with commas and colons") {
    std::string out;
    writer w(out);
    w.begin_object();
    w.key("name");
    w.string("svc");
    w.key("ports");
    w.begin_array();
    w.number(80);
    w.number(443u);
    w.end_array();
    w.key("empty");
    w.begin_object();
    w.end_object();
    w.key("list");
    w.begin_array();
    w.begin_object();
    w.key("a");
    w.null();
    w.key("b");
    w.boolean(true);
    w.end_object();
    w.begin_array();
    w.end_array();
    w.boolean(false);
    w.end_array();
    w.key("id");
    w.quoted(std::uint64_t{18446744073709551615u});
    w.key("blob");
    const std::uint8_t bytes[] = {0xFB, 0xFF, 0x00, 0x61};
    w.base64(bytes, sizeof bytes);
    w.key("pre");
    w.raw("{\"x\":[1,2]}");
    w.key("last");
    w.number(std::int64_t{-1});
    w.end_object();
    CHECK(out ==
          "{\"name\":\"svc\",\"ports\":[80,443],\"empty\":{},\"list\":[{\"a\":null,\"b\":true},[],false],"
          "\"id\":\"18446744073709551615\",\"blob\":\"+/8AYQ==\",\"pre\":{\"x\":[1,2]},\"last\":-1}");
    CHECK(w.depth() == 0);

    brokerwire::json::value v;
    CHECK(brokerwire::json::parse(out, v).ok());  // what we write, we read
}

TEST_CASE("strings escape quotes backslashes and control characters only") {
    std::string out;
    writer w(out);
    using namespace std::string_literals;
    w.string("q\" b\\ n\n t\t r\r b\b f\f 0\0 1\x01 1f\x1F del\x7F /"s);
    CHECK(out == "\"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f 0\\u0000 1\\u0001 1f\\u001f del\x7F /\"");

    std::string utf8;
    append_quoted(utf8, "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8");
    CHECK(utf8 == "\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8\"");

    std::string keys;
    writer k(keys);
    k.begin_object();
    k.key("a\"b");
    k.string("");
    k.end_object();
    CHECK(keys == "{\"a\\\"b\":\"\"}");
}

TEST_CASE("every integer type writes as a plain number without ambiguity") {
    std::string out;
    writer w(out);
    w.begin_array();
    w.number(std::numeric_limits<std::int32_t>::min());
    w.number(std::numeric_limits<std::uint32_t>::max());
    w.number(std::numeric_limits<std::int64_t>::min());
    w.number(std::numeric_limits<std::uint64_t>::max());
    w.number(0);
    w.number(7LL);
    w.number(8ULL);
    w.number(static_cast<short>(-9));
    w.number(static_cast<unsigned char>(200));
    w.number(std::size_t{10});
    w.end_array();
    CHECK(out ==
          "[-2147483648,4294967295,-9223372036854775808,18446744073709551615,0,7,8,-9,200,10]");
}

TEST_CASE("quoted writes 64-bit integers as JSON strings") {
    std::string out;
    writer w(out);
    w.begin_array();
    w.quoted(std::numeric_limits<std::int64_t>::min());
    w.quoted(std::numeric_limits<std::uint64_t>::max());
    w.quoted(std::int64_t{0});
    w.quoted(42);
    w.quoted(5ULL);
    w.end_array();
    CHECK(out == "[\"-9223372036854775808\",\"18446744073709551615\",\"0\",\"42\",\"5\"]");
}

TEST_CASE("base64 values are padded standard base64 strings") {
    std::string out;
    writer w(out);
    w.begin_array();
    w.base64(nullptr, 0);
    const std::uint8_t f[] = {'f', 'o', 'o', 'b'};
    w.base64(f, 1);
    w.base64(f, 2);
    w.base64(f, 3);
    w.base64(f, 4);
    w.end_array();
    CHECK(out == "[\"\",\"Zg==\",\"Zm8=\",\"Zm9v\",\"Zm9vYg==\"]");
}

TEST_CASE("the writer appends to what the string already holds") {
    std::string out = "prefix ";
    writer w(out);
    w.begin_object();
    w.key("k");
    w.begin_array();
    w.raw("1.5");
    w.null();
    w.end_array();
    w.end_object();
    CHECK(out == "prefix {\"k\":[1.5,null]}");
}

TEST_CASE("top-level scalars and depth tracking") {
    std::string out;
    writer w(out);
    w.string("only");
    CHECK(out == "\"only\"");
    CHECK(w.depth() == 0);

    std::string nested;
    writer n(nested);
    n.begin_array();
    n.begin_object();
    n.key("a");
    n.begin_array();
    CHECK(n.depth() == 3);
    n.end_array();
    n.end_object();
    n.end_array();
    CHECK(n.depth() == 0);
    CHECK(nested == "[{\"a\":[]}]");
}
