// What parse() builds: kinds, unescaped strings, exact number text, member
// order and node positions.

#include <doctest/doctest.h>

#include <string>

#include <brokerwire/json/reader.hpp>

using brokerwire::json::kind_name;
using brokerwire::json::parse;
using brokerwire::json::value;

namespace {

value parsed(std::string_view text) {
    value v;
    const auto e = parse(text, v);
    INFO(to_string(e));
    CHECK(e.ok());
    return v;
}

std::string string_of(std::string_view json) { return parsed(json).text; }

}  // namespace

TEST_CASE("each kind of value parses at top level with whitespace around it") {
    CHECK(parsed(" null ").type == value::kind::null);
    const value t = parsed("\ttrue\n");
    CHECK(t.type == value::kind::boolean);
    CHECK(t.boolean);
    const value f = parsed("\r\nfalse");
    CHECK(f.type == value::kind::boolean);
    CHECK_FALSE(f.boolean);
    CHECK(parsed("0").type == value::kind::number);
    CHECK(parsed("\"\"").type == value::kind::string);
    CHECK(parsed("[ ]").items.empty());
    CHECK(parsed("[ ]").type == value::kind::array);
    CHECK(parsed("{ }").type == value::kind::object);
    CHECK(parsed("{ }").members.empty());
    CHECK(std::string(kind_name(value::kind::object)) == "object");
}

TEST_CASE("number nodes keep their exact source text") {
    for (const char* n : {"0", "-0", "1e2", "5.0", "1E+2", "-1.5e-3", "18446744073709551616", "0.000",
                          "123456789012345678901234567890", "1e999"}) {
        const value v = parsed(n);
        CHECK(v.type == value::kind::number);
        CHECK(v.text == n);
    }
    const value a = parsed("[ -12.5e3 ,7]");
    REQUIRE(a.items.size() == 2);
    CHECK(a.items[0].text == "-12.5e3");
    CHECK(a.items[1].text == "7");
}

TEST_CASE("simple escapes decode to their characters") {
    CHECK(string_of(R"("\" \\ \/ \b \f \n \r \t")") == "\" \\ / \b \f \n \r \t");
    CHECK(string_of(R"("plain text")") == "plain text");
    CHECK(string_of(R"("a\\nb")") == "a\\nb");
}

TEST_CASE("unicode escapes decode to UTF-8") {
    CHECK(string_of(R"("\u0041\u00e9\u00E9")") == "A\xC3\xA9\xC3\xA9");
    CHECK(string_of(R"("\u20AC")") == "\xE2\x82\xAC");
    CHECK(string_of(R"("\u0000")") == std::string(1, '\0'));
    CHECK(string_of(R"("\u001f\u007F")") == "\x1F\x7F");
    CHECK(string_of(R"("\uFFFF")") == "\xEF\xBF\xBF");
}

TEST_CASE("surrogate pairs decode to one supplementary character") {
    CHECK(string_of(R"("\uD83D\uDE00")") == "\xF0\x9F\x98\x80");        // U+1F600
    CHECK(string_of(R"("\ud800\udc00")") == "\xF0\x90\x80\x80");        // U+10000, lowest
    CHECK(string_of(R"("\uDBFF\uDFFF")") == "\xF4\x8F\xBF\xBF");        // U+10FFFF, highest
    CHECK(string_of(R"("x\uD834\uDD1Ey")") == "x\xF0\x9D\x84\x9Ey");   // U+1D11E
}

TEST_CASE("raw UTF-8 in strings is kept byte for byte") {
    const std::string text = "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
    CHECK(string_of("\"" + text + "\"") == text);
}

TEST_CASE("object members keep source order and find looks them up") {
    const value v = parsed(R"({"b": 1, "a": [true, null], "c": {"d": "e"}})");
    REQUIRE(v.members.size() == 3);
    CHECK(v.members[0].first == "b");
    CHECK(v.members[1].first == "a");
    CHECK(v.members[2].first == "c");
    REQUIRE(v.find("a") != nullptr);
    CHECK(v.find("a")->items.size() == 2);
    CHECK(v.find("a")->items[1].type == value::kind::null);
    REQUIRE(v.find("c") != nullptr);
    REQUIRE(v.find("c")->find("d") != nullptr);
    CHECK(v.find("c")->find("d")->text == "e");
    CHECK(v.find("z") == nullptr);
    CHECK(v.find("a")->find("a") == nullptr);  // not an object
    const value escaped = parsed(R"({"\u0041\n": 1})");
    CHECK(escaped.find("A\n") != nullptr);
}

TEST_CASE("nodes record their 1-based line and code-point column") {
    const value v = parsed("{\n  \"a\": [1, \"\xC3\xA9\", 2],\n\t\"b\": {\"c\": false}\n}");
    CHECK(v.line == 1);
    CHECK(v.column == 1);
    const value& a = *v.find("a");
    CHECK(a.line == 2);
    CHECK(a.column == 8);
    REQUIRE(a.items.size() == 3);
    CHECK(a.items[0].column == 9);
    CHECK(a.items[1].column == 12);
    CHECK(a.items[2].column == 17);  // the two-byte character counts as one column
    const value& b = *v.find("b");
    CHECK(b.line == 3);
    CHECK(b.column == 7);
    CHECK(b.find("c")->line == 3);
    CHECK(b.find("c")->column == 13);
    const value top = parsed("\n\n   42");
    CHECK(top.line == 3);
    CHECK(top.column == 4);
}

TEST_CASE("parse replaces the previous contents of its output") {
    value v = parsed("[1, 2, 3]");
    CHECK(parse("{\"k\": 1}", v).ok());
    CHECK(v.type == value::kind::object);
    CHECK(v.items.empty());
    CHECK(v.members.size() == 1);
}

TEST_CASE("a large document parses in linear time") {
    // 200,000 members on one line: quadratic column counting or duplicate
    // search would take minutes here.
    std::string doc = "{";
    for (int i = 0; i < 200000; ++i) {
        if (i) doc += ',';
        doc += "\"key" + std::to_string(i) + "\":[" + std::to_string(i) + ",\"\xC3\xA9\"]";
    }
    doc += "}";
    const value v = parsed(doc);
    REQUIRE(v.members.size() == 200000);
    const value& last = v.members.back().second;
    CHECK(last.items[0].text == "199999");
    // Every earlier member holds one two-byte character: one column each.
    const std::size_t offset = doc.size() - std::string("[199999,\"\xC3\xA9\"]}").size();
    CHECK(last.column == offset - 199999 + 1);
}
