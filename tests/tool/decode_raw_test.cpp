// `brokerwire decode-raw`, run as a separate process: the schema-less dump
// with byte offsets, its guesses, its errors and its exit status.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "brokerwire/json/reader.hpp"
#include "run_tool.hpp"

using brokerwire::test::run_tool;
using brokerwire::test::tool_result;

namespace {

// Bytes written out one by one: hex escapes in string literals would swallow
// the letters after them.
std::string bytes(std::initializer_list<int> list) {
    std::string out;
    for (const int b : list) out += static_cast<char>(b);
    return out;
}

// A length-delimited field 1..15: its key, its length as a varint, `contents`.
std::string delimited(int field, const std::string& contents) {
    std::string out = bytes({field << 3 | 2});
    std::size_t length = contents.size();
    for (; length >= 0x80; length >>= 7) out += static_cast<char>(length | 0x80);
    return out + static_cast<char>(length) + contents;
}

tool_result decode_raw(const std::string& input) { return run_tool({"decode-raw"}, input); }
tool_result decode_raw_json(const std::string& input) { return run_tool({"decode-raw", "--json"}, input); }

std::string sample_path(const std::string& stem) {
    return std::string(BROKERWIRE_SOURCE_ROOT) + "/bench/data/" + stem + ".bin";
}

// Checks a malformed input: exit 1, the fields before the error on standard
// output, and one error line naming the reason and offset.
void check_malformed(const tool_result& r, const std::string& partial, const std::string& error) {
    CHECK(r.exit_code == 1);
    CHECK(r.out == partial);
    CHECK(r.err == "error: " + error + "\n");
}

bool parses_as_json(const std::string& text) {
    brokerwire::json::value document;
    return brokerwire::json::parse(text, document).ok() && document.is_array();
}

}  // namespace

TEST_CASE("each scalar wire type prints on one line at the offset of its key") {
    const tool_result r = decode_raw(bytes({0x08, 0x96, 0x01,                                      // 1: 150
                                            0x15, 0x00, 0x00, 0xc0, 0x3f,                          // 2: fixed32 1.5f
                                            0x19, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f}));                 // 3: fixed64 1.5
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "@0    1: 150\n"
          "@3    2: 0x3fc00000 (fixed32, float 1.5)\n"
          "@8    3: 0x3ff8000000000000 (fixed64, double 1.5)\n");
    CHECK(r.err.empty());
}

TEST_CASE("a varint with the top bit set also shows its int64 reading") {
    const tool_result r = decode_raw(bytes({0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "@0    1: 18446744073709551615 (int64 -1)\n");
}

TEST_CASE("a length-delimited value that parses completely is a nested message, closed where it ends") {
    const tool_result r = decode_raw(bytes({0x08, 0x2a}) + delimited(2, delimited(1, "abc")) + bytes({0x18, 0x07}));
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "@0    1: 42\n"
          "@2    2 {\n"
          "@4      1: \"abc\"\n"
          "@9    }\n"
          "@9    3: 7\n");
}

TEST_CASE("a length-delimited value that is not a message but printable UTF-8 is a C-escaped string") {
    // 'o' is a key of wire type 7, so the text cannot pass for a message.
    const tool_result r = decode_raw(delimited(1, "ok\n\"caf\xc3\xa9\"\t\\"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "@0    1: \"ok\\n\\\"caf\xc3\xa9\\\"\\t\\\\\"\n");
}

TEST_CASE("printable ASCII is a string even when it would parse as a message") {
    // "127.0.0.1" reads as fixed64 field 6; protoc's guess shows it so.
    const tool_result r = decode_raw(delimited(1, "127.0.0.1"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "@0    1: \"127.0.0.1\"\n");
}

TEST_CASE("other length-delimited values are bytes, octal-escaped and labelled") {
    const tool_result r = decode_raw(delimited(1, bytes({0x00, 0xff, 'A', 0x07})) +  // NUL and invalid UTF-8
                                     delimited(2, bytes({0x01, 0x02, 0x03})));     // mostly control bytes
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "@0    1: \"\\000\\377A\\007\" (bytes)\n"
          "@6    2: \"\\001\\002\\003\" (bytes)\n");
}

TEST_CASE("an empty length-delimited value prints as an empty string") {
    const tool_result r = decode_raw(bytes({0x0a, 0x00}));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "@0    1: \"\"\n");
}

TEST_CASE("groups print as nested blocks closed at their END_GROUP key") {
    // 1 { 2: 1  3 { } }  4: 5
    const tool_result r = decode_raw(bytes({0x0b, 0x10, 0x01, 0x1b, 0x1c, 0x0c, 0x20, 0x05}));
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "@0    1 { (group)\n"
          "@1      2: 1\n"
          "@3      3 { (group)\n"
          "@4      }\n"
          "@5    }\n"
          "@6    4: 5\n");
}

TEST_CASE("a length-delimited value with an unbalanced group inside is not a message") {
    // 0x0b 0x08 0x01: group 1 holding 1: 1, never closed; 0x0b is a control byte.
    const tool_result r = decode_raw(delimited(2, bytes({0x0b, 0x08, 0x01})));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "@0    2: \"\\013\\010\\001\" (bytes)\n");
}

TEST_CASE("the offset column widens for inputs of more than 9999 bytes") {
    // '~' is a key of wire type 6, so the long string cannot pass for a message.
    const tool_result r = decode_raw(delimited(1, "x") + delimited(2, std::string(10000, '~')) + bytes({0x18, 0x01}));
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("@0     1: \"x\"\n@3     2: \"~~~", 0) == 0);
    CHECK(r.out.find("\n@10006 3: 1\n") != std::string::npos);
}

TEST_CASE("length-delimited values nest as messages up to 100 deep, deeper ones are bytes") {
    const auto nested = [](int levels) {
        std::string m = bytes({0x08, 0x01});
        for (int i = 0; i < levels; ++i) m = delimited(2, m);
        return m;
    };
    const tool_result at_limit = decode_raw(nested(100));
    CHECK(at_limit.exit_code == 0);
    CHECK(at_limit.out.find(std::string(200, ' ') + "1: 1\n") != std::string::npos);

    const tool_result over = decode_raw(nested(101));
    CHECK(over.exit_code == 0);
    CHECK(over.out.find(std::string(200, ' ') + "2: \"\\010\\001\" (bytes)\n") != std::string::npos);
    CHECK(over.out.find("1: 1") == std::string::npos);
}

TEST_CASE("groups nest up to 100 deep; the 101st is the recursion limit, at its key") {
    const auto nested = [](std::size_t levels) {
        return std::string(levels, '\x0b') + bytes({0x10, 0x01}) + std::string(levels, '\x0c');
    };
    CHECK(decode_raw(nested(100)).exit_code == 0);

    const tool_result r = decode_raw(nested(101));
    CHECK(r.exit_code == 1);
    CHECK(r.out.rfind("@0    1 { (group)\n", 0) == 0);
    CHECK(r.out.find("@99   " + std::string(198, ' ') + "1 { (group)\n") != std::string::npos);
    CHECK(r.out.find('}') == std::string::npos);  // no group was closed
    CHECK(r.err == "error: recursion limit reached: group 1 nested deeper than 100 at offset 100\n");
}

TEST_CASE("a truncated varint is an invalid varint at its first byte, after what parsed") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x10, 0x80})), "@0    1: 1\n",
                    "invalid varint in field 2 at offset 3");
}

TEST_CASE("a varint longer than ten bytes is an invalid varint") {
    check_malformed(decode_raw(bytes({0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})), "",
                    "invalid varint in field 1 at offset 1");
}

TEST_CASE("a key of 2^32 or more is an invalid key") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10})), "@0    1: 1\n",
                    "invalid key value at offset 2");
}

TEST_CASE("field number 0 is an invalid tag") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x00, 0x01})), "@0    1: 1\n", "invalid tag value: 0 at offset 2");
}

TEST_CASE("wire types 6 and 7 are invalid") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x0e})), "@0    1: 1\n",
                    "invalid wire type value in field 1 at offset 2");
    check_malformed(decode_raw(bytes({0x17})), "", "invalid wire type value in field 2 at offset 0");
}

TEST_CASE("a length past the end is a buffer underflow at the length") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x12, 0x05, 'a', 'b'})), "@0    1: 1\n",
                    "buffer underflow in field 2 at offset 3");
}

TEST_CASE("a fixed-width value past the end is a buffer underflow at the value") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x1d, 0x01, 0x02})), "@0    1: 1\n",
                    "buffer underflow in field 3 at offset 3");
    check_malformed(decode_raw(bytes({0x21, 1, 2, 3, 4, 5, 6, 7})), "", "buffer underflow in field 4 at offset 1");
}

TEST_CASE("an END_GROUP of another field inside a group is an error at that key") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x0b, 0x10, 0x01, 0x14})),
                    "@0    1: 1\n"
                    "@2    1 { (group)\n"
                    "@3      2: 1\n",
                    "unexpected end group tag: END_GROUP of field 2 inside group 1 (opened at offset 2) at offset 5");
}

TEST_CASE("an END_GROUP outside any group is an error at that key") {
    check_malformed(decode_raw(bytes({0x08, 0x01, 0x0c})), "@0    1: 1\n",
                    "unexpected end group tag: END_GROUP of field 1 outside any group at offset 2");
}

TEST_CASE("a group the input ends inside is missing its END_GROUP, reported at the end") {
    check_malformed(decode_raw(bytes({0x0b, 0x10, 0x01})),
                    "@0    1 { (group)\n"
                    "@1      2: 1\n",
                    "missing END_GROUP of group 1 (opened at offset 0) at offset 3");
}

TEST_CASE("--json prints one array of fields, each with offset, field, wire type and its value") {
    const tool_result r = decode_raw_json(
        bytes({0x08, 0x03}) + bytes({0x15, 0x00, 0x00, 0xc0, 0x7f}) + bytes({0x19, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f}) +
        delimited(4, delimited(1, "abc")) + delimited(5, bytes({0x00, 0xff, 0x10})) + bytes({0x33, 0x08, 0x01, 0x34}) +
        bytes({0x3a, 0x00}));
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          R"([{"offset":0,"field":1,"wireType":0,"value":"3","int64":"3","sint64":"-2"},)"
          R"({"offset":2,"field":2,"wireType":5,"value":"2143289344","float":"NaN"},)"
          R"({"offset":7,"field":3,"wireType":1,"value":"4609434218613702656","double":1.5},)"
          R"({"offset":16,"field":4,"wireType":2,"length":5,"message":[)"
          R"({"offset":18,"field":1,"wireType":2,"length":3,"string":"abc"}]},)"
          R"({"offset":23,"field":5,"wireType":2,"length":3,"bytes":"AP8Q"},)"
          R"({"offset":28,"field":6,"wireType":3,"group":[)"
          R"({"offset":29,"field":1,"wireType":0,"value":"1","int64":"1","sint64":"-1"}]},)"
          R"({"offset":32,"field":7,"wireType":2,"length":0,"string":""}])"
          "\n");
    CHECK(parses_as_json(r.out));
}

TEST_CASE("--json of a sample message is one valid document") {
    const tool_result r = run_tool({"decode-raw", "--json", sample_path("servicedef")});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind(R"([{"offset":0,"field":1,"wireType":2,"length":7,"string":"zccache"},)", 0) == 0);
    CHECK(parses_as_json(r.out));
}

TEST_CASE("--json on malformed input is still one valid document of what parsed") {
    const tool_result r = decode_raw_json(bytes({0x08, 0x01, 0x0b, 0x10, 0x01}));
    CHECK(r.exit_code == 1);
    CHECK(r.out ==
          R"([{"offset":0,"field":1,"wireType":0,"value":"1","int64":"1","sint64":"-1"},)"
          R"({"offset":2,"field":1,"wireType":3,"group":[)"
          R"({"offset":3,"field":2,"wireType":0,"value":"1","int64":"1","sint64":"-1"}]}])"
          "\n");
    CHECK(parses_as_json(r.out));
    CHECK(r.err == "error: missing END_GROUP of group 1 (opened at offset 2) at offset 5\n");
}

TEST_CASE("FILE, \"-\" and no argument read the same message") {
    const tool_result from_file = run_tool({"decode-raw", sample_path("servicedef")});
    CHECK(from_file.exit_code == 0);
    CHECK(from_file.out.rfind("@0    1: \"zccache\"\n@9    2: \"/home/builder/", 0) == 0);
    CHECK(from_file.out.find("\n@177  8 {\n@179    1: \"owner\"\n@186    2: \"cache-platform\"\n@202  }\n") !=
          std::string::npos);

    const tool_result stdin_dash = run_tool({"decode-raw", "-"}, bytes({0x08, 0x01}));
    CHECK(stdin_dash.exit_code == 0);
    CHECK(stdin_dash.out == "@0    1: 1\n");
    CHECK(decode_raw(bytes({0x08, 0x01})).out == stdin_dash.out);
}

TEST_CASE("empty input is an empty message: no output, exit 0") {
    const tool_result r = decode_raw("");
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
    CHECK(decode_raw_json("").out == "[]\n");
}

TEST_CASE("an unreadable FILE exits 1") {
    const tool_result r = run_tool({"decode-raw", sample_path("no-such-sample")});
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind("error: cannot open ", 0) == 0);
}

TEST_CASE("an unknown option or a second FILE is a usage error, exit 2") {
    const tool_result unknown = run_tool({"decode-raw", "--hex"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err == "error: unexpected argument '--hex'\nusage: brokerwire decode-raw [--json] [FILE]\n");

    const tool_result two_files = run_tool({"decode-raw", "a.bin", "b.bin"});
    CHECK(two_files.exit_code == 2);
    CHECK(two_files.err == "error: unexpected argument 'b.bin'\nusage: brokerwire decode-raw [--json] [FILE]\n");
}

TEST_CASE("--help prints the usage and the --json shape on standard output, exit 0") {
    const tool_result r = run_tool({"decode-raw", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("usage: brokerwire decode-raw [--json] [FILE]\n", 0) == 0);
    CHECK(r.out.find("\"wireType\"") != std::string::npos);
    CHECK(r.err.empty());
}
