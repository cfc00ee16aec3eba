// parse() refuses everything RFC 8259 does not allow, saying where (1-based
// line, code-point column, byte offset) and what was expected and found.

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <brokerwire/json/reader.hpp>

using brokerwire::json::parse;
using brokerwire::json::parse_error;
using brokerwire::json::value;

namespace {

struct where {
    std::size_t line, column, offset;
    std::string message;
};

// Parses `text`, which must fail, and checks the whole error.
void check_error(std::string_view text, const where& expected) {
    value v;
    v.type = value::kind::array;  // must be reset to null on error
    const parse_error e = parse(text, v);
    INFO("input: ", std::string(text));
    CHECK_FALSE(e.ok());
    CHECK(e.message == expected.message);
    CHECK(e.line == expected.line);
    CHECK(e.column == expected.column);
    CHECK(e.offset == expected.offset);
    CHECK(v.type == value::kind::null);
}

}  // namespace

TEST_CASE("a document is exactly one value") {
    check_error("", {1, 1, 0, "expected a value, found end of input"});
    check_error("  \n ", {2, 2, 4, "expected a value, found end of input"});
    check_error("1 2", {1, 3, 2, "expected end of input after the value, found '2'"});
    check_error("{}\n x", {2, 2, 4, "expected end of input after the value, found 'x'"});
    check_error("[] []", {1, 4, 3, "expected end of input after the value, found '['"});
}

TEST_CASE("trailing commas are refused") {
    check_error("[1,]", {1, 4, 3, "expected a value after ',', found ']'"});
    check_error("[1, ]", {1, 5, 4, "expected a value after ',', found ']'"});
    check_error("{\"a\":1,}",
                {1, 8, 7, "expected '\"' to start an object key after ',', found '}'"});
    check_error("[,1]", {1, 2, 1, "expected a value, found ','"});
}

TEST_CASE("members and elements must be separated by commas") {
    check_error("{\"a\":1 \"b\":2}",
                {1, 8, 7, "expected ',' or '}' after object member, found '\"'"});
    check_error("{\"a\":1x}", {1, 7, 6, "expected ',' or '}' after object member, found 'x'"});
    check_error("[1 2]", {1, 4, 3, "expected ',' or ']' after array element, found '2'"});
    check_error("[1", {1, 3, 2, "expected ',' or ']' after array element, found end of input"});
    check_error("{\"a\":1", {1, 7, 6, "expected ',' or '}' after object member, found end of input"});
}

TEST_CASE("object keys are double-quoted strings followed by a colon") {
    check_error("{a:1}", {1, 2, 1, "expected '\"' to start an object key or '}', found 'a'"});
    check_error("{1:1}", {1, 2, 1, "expected '\"' to start an object key or '}', found '1'"});
    check_error("{\"a\" 1}", {1, 6, 5, "expected ':' after object key, found '1'"});
    check_error("{\"a\"", {1, 5, 4, "expected ':' after object key, found end of input"});
    check_error("{\"a\":}", {1, 6, 5, "expected a value, found '}'"});
}

TEST_CASE("comments single quotes and non-JSON literals are refused") {
    check_error("[1 // note\n]",
                {1, 4, 3, "expected ',' or ']' after array element, found '/' (JSON has no comments)"});
    check_error("/* c */ 1", {1, 1, 0, "expected a value, found '/' (JSON has no comments)"});
    check_error("['a']", {1, 2, 1, "expected a value, found ''' (JSON strings use double quotes)"});
    check_error("NaN", {1, 1, 0, "expected a value, found 'N'"});
    check_error("Infinity", {1, 1, 0, "expected a value, found 'I'"});
    check_error("-Infinity", {1, 2, 1, "expected a digit after '-', found 'I'"});
    check_error("True", {1, 1, 0, "expected a value, found 'T'"});
    check_error("[tru]", {1, 2, 1, "expected 'true', found 'tru'"});
    check_error("nul", {1, 1, 0, "expected 'null', found 'nul'"});
    check_error("[fals", {1, 2, 1, "expected 'false', found 'fals'"});
    check_error("nullx", {1, 5, 4, "expected end of input after the value, found 'x'"});
}

TEST_CASE("numbers follow the RFC 8259 grammar") {
    check_error("01", {1, 2, 1, "expected '.', 'e' or the end of the number after a leading '0', found '1'"});
    check_error("-01", {1, 3, 2, "expected '.', 'e' or the end of the number after a leading '0', found '1'"});
    check_error("+1", {1, 1, 0, "expected a value, found '+'"});
    check_error(".5", {1, 1, 0, "expected a value, found '.'"});
    check_error("-", {1, 2, 1, "expected a digit after '-', found end of input"});
    check_error("1.", {1, 3, 2, "expected a digit after '.', found end of input"});
    check_error("1.e5", {1, 3, 2, "expected a digit after '.', found 'e'"});
    check_error("1e", {1, 3, 2, "expected a digit in the exponent, found end of input"});
    check_error("1e+", {1, 4, 3, "expected a digit in the exponent, found end of input"});
    check_error("[1E-x]", {1, 5, 4, "expected a digit in the exponent, found 'x'"});
    check_error("0x10", {1, 2, 1, "expected end of input after the value, found 'x'"});
}

TEST_CASE("strings must be closed and control characters escaped") {
    check_error("\"abc", {1, 5, 4, "expected '\"' to close the string, found end of input"});
    check_error("\"a\tb\"",
                {1, 3, 2, "expected '\"' or a character in string, found U+0009 (control characters must be escaped)"});
    check_error("[\"a\nb\"]",
                {1, 4, 3, "expected '\"' or a character in string, found U+000A (control characters must be escaped)"});
    check_error(std::string_view("\"\0\"", 3),
                {1, 2, 1, "expected '\"' or a character in string, found U+0000 (control characters must be escaped)"});
}

TEST_CASE("only the RFC 8259 escapes are accepted") {
    check_error("\"\\x\"",
                {1, 3, 2, "expected an escape character (\" \\ / b f n r t u) after '\\', found 'x'"});
    check_error("\"\\'\"",
                {1, 3, 2, "expected an escape character (\" \\ / b f n r t u) after '\\', found ''' (JSON strings use double quotes)"});
    check_error("\"\\", {1, 3, 2, "expected an escape character after '\\', found end of input"});
    check_error("\"\\u12G4\"", {1, 6, 5, "expected 4 hex digits after '\\u', found 'G'"});
    check_error("\"\\u12\"", {1, 6, 5, "expected 4 hex digits after '\\u', found '\"'"});
    check_error("\"\\u", {1, 4, 3, "expected 4 hex digits after '\\u', found end of input"});
}

TEST_CASE("a lone surrogate escape is an error") {
    check_error("\"\\uD800\"",
                {1, 2, 1, "unpaired high surrogate \\uD800 in string: expected a \\uDC00-\\uDFFF escape after it, found '\"'"});
    check_error("[\"ab\\udbff x\"]",
                {1, 5, 4, "unpaired high surrogate \\uDBFF in string: expected a \\uDC00-\\uDFFF escape after it, found ' '"});
    check_error("\"\\uD83D\\u0041\"",
                {1, 2, 1, "unpaired high surrogate \\uD83D in string: expected a \\uDC00-\\uDFFF escape after it, found \\u0041"});
    check_error("\"\\uD83D\\uD83D\"",
                {1, 2, 1, "unpaired high surrogate \\uD83D in string: expected a \\uDC00-\\uDFFF escape after it, found \\uD83D"});
    check_error("\"\\uDC00\"", {1, 2, 1, "unpaired low surrogate \\uDC00 in string"});
    check_error("\"\\uD800\\u12\"", {1, 12, 11, "expected 4 hex digits after '\\u', found '\"'"});
}

TEST_CASE("input must be valid UTF-8") {
    const std::string bad = "expected '\"' or a character in string, found invalid UTF-8 byte 0x";
    check_error("\"a\xFF" "b\"", {1, 3, 2, bad + "FF"});
    check_error("\"\xC0\xAF\"", {1, 2, 1, bad + "C0"});              // overlong '/'
    check_error("\"\xE0\x80\xAF\"", {1, 2, 1, bad + "E0"});          // overlong, 3 bytes
    check_error("\"\xED\xA0\x80\"", {1, 2, 1, bad + "ED"});          // UTF-8 encoded surrogate
    check_error("\"\xF4\x90\x80\x80\"", {1, 2, 1, bad + "F4"});      // above U+10FFFF
    check_error("\"\xF8\x88\x80\x80\x80\"", {1, 2, 1, bad + "F8"});  // 5-byte form
    check_error("\"\x80\"", {1, 2, 1, bad + "80"});                  // lone continuation
    check_error("\"\xE2\x82\"", {1, 2, 1, bad + "E2"});              // truncated by the quote
    check_error("\"\xE2\x82", {1, 2, 1, bad + "E2"});                // truncated by the end
    check_error("\"\xC3\xA9\xC3\"", {1, 3, 3, bad + "C3"});          // column counts é once
    check_error("[1, \xFF]", {1, 5, 4, "expected a value, found invalid UTF-8 byte 0xFF"});
    check_error("\xEF\xBB\xBF{}", {1, 1, 0, "expected a value, found U+FEFF"});  // no BOM
    check_error("[\xC3\xA9]", {1, 2, 1, "expected a value, found U+00E9"});
}

TEST_CASE("duplicate object keys are an error") {
    check_error("{\"a\":1,\"a\":2}", {1, 8, 7, "duplicate key \"a\""});
    check_error("{\"a\":1,\"\\u0061\":2}", {1, 8, 7, "duplicate key \"a\""});
    check_error("{\n  \"x\": {},\n  \"y\": 1,\n  \"x\": 2\n}", {4, 3, 25, "duplicate key \"x\""});
    check_error("{\"q\\\"\\n\":1,\"q\\\"\\n\":2}", {1, 12, 11, "duplicate key \"q\\\"\\n\""});
    // Nested objects have their own key sets.
    value v;
    CHECK(parse("{\"a\":{\"a\":1},\"b\":{\"a\":2}}", v).ok());

    // Past the linear-scan size, the key index must find the same duplicates.
    std::string big = "{";
    for (int i = 0; i < 40; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    CHECK(parse(big + "\"last\":0}", v).ok());
    CHECK(v.members.size() == 41);
    const std::string dup = big + "\"k17\":0}";
    check_error(dup, {1, dup.size() - 8 + 1, dup.size() - 8, "duplicate key \"k17\""});
}

TEST_CASE("nesting deeper than 100 is an error") {
    value v;
    const std::string ok_arrays = std::string(100, '[') + std::string(100, ']');
    CHECK(parse(ok_arrays, v).ok());
    check_error(std::string(101, '[') + std::string(101, ']'),
                {1, 101, 100, "nesting deeper than 100 arrays and objects, found '['"});

    std::string objects;
    for (int i = 0; i < 100; ++i) objects += "{\"a\":";
    CHECK(parse(objects + "1" + std::string(100, '}'), v).ok());
    check_error(objects + "{}" + std::string(100, '}'),
                {1, 501, 500, "nesting deeper than 100 arrays and objects, found '{'"});

    // Any length of unclosed brackets fails at the same place, without
    // exhausting the stack.
    check_error(std::string(1'000'000, '['), {1, 101, 100, "nesting deeper than 100 arrays and objects, found '['"});
}

TEST_CASE("error lines count LF and columns count code points") {
    check_error("[\r\n1,\r\n x]", {3, 2, 8, "expected a value, found 'x'"});
    check_error("[\"\xC3\xA9\xC3\xA9\", x]", {1, 8, 9, "expected a value, found 'x'"});
    check_error("[\"\xF0\x9F\x98\x80\",\n\t\"\xE2\x82\xAC\" x]",
                {2, 6, 16, "expected ',' or ']' after array element, found 'x'"});
    check_error("\"\\u00e9\" x", {1, 10, 9, "expected end of input after the value, found 'x'"});
}

TEST_CASE("parse errors print with their position") {
    value v;
    const parse_error e = parse("{\n  \"a\" }", v);
    CHECK(to_string(e) == "line 2, column 7 (offset 8): expected ':' after object key, found '}'");
    CHECK(to_string(parse("1", v)) == "ok");
}
