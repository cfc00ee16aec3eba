// Every name, path and value from input appears in a message
// quoted and escaped, so no file name can forge a line, hide its bytes or
// make the text invalid UTF-8.
#include <doctest/doctest.h>

#include <string>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/quoted.hpp>
#include <brokerwire/files/service_definition_builder.hpp>
#include <brokerwire/wire/utf8.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

bool valid_utf8(const std::string& s) {
    return brokerwire::wire::is_valid_utf8(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

bool has_control(const std::string& s) {
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7f) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("error text: quotes, backslashes, NUL, newlines and control bytes are escaped") {
    struct row {
        std::string in;
        const char* out;
    };
    const row rows[] = {
        {"zccache", R"("zccache")"},
        {"", R"("")"},
        {"a\"b", R"("a\"b")"},
        {"a\\b", R"("a\\b")"},
        {std::string("a\0b", 3), R"("a\x00b")"},
        {"line\nforged: ok", R"("line\nforged: ok")"},
        {"cr\rtab\t", R"("cr\rtab\t")"},
        {"\x1b[31mred", R"("\x1b[31mred")"},
        {"del\x7f", R"("del\x7f")"},
    };
    for (const row& r : rows) {
        CHECK_MESSAGE(quoted(r.in) == r.out, r.out);
    }
}

TEST_CASE("error text: bytes that are not UTF-8 are escaped one by one; valid UTF-8 is kept") {
    CHECK(quoted("caf\xc3\xa9") == "\"caf\xc3\xa9\"");                 // é stays
    CHECK(quoted("\xf0\x9f\x9a\x80") == "\"\xf0\x9f\x9a\x80\"");       // 🚀 stays
    CHECK(quoted("a\xff" "b") == R"("a\xffb")");                       // a stray byte
    CHECK(quoted("\xc3") == R"("\xc3")");                              // a truncated sequence
    CHECK(quoted("\xc0\xaf") == R"("\xc0\xaf")");                      // an overlong '/'
    CHECK(quoted("\xed\xa0\x80") == R"("\xed\xa0\x80")");              // a surrogate
    CHECK(quoted("\xf4\x90\x80\x80") == R"("\xf4\x90\x80\x80")");      // above U+10FFFF
    CHECK(quoted("\xe2\x82") == R"("\xe2\x82")");                      // cut in the middle
}

TEST_CASE("error text: code points that change how text is shown are escaped") {
    CHECK(quoted("\xc2\x9b" "31m") == R"("\u{9b}31m")");        // C1 CSI
    CHECK(quoted("a\xe2\x80\xa8" "b") == R"("a\u{2028}b")");     // LINE SEPARATOR
    CHECK(quoted("evil\xe2\x80\xaegpj.exe") == R"("evil\u{202e}gpj.exe")");  // RIGHT-TO-LEFT OVERRIDE
    CHECK(quoted("\xe2\x81\xa6x") == R"("\u{2066}x")");          // LEFT-TO-RIGHT ISOLATE
    CHECK(quoted("\xc2\xa0") == "\"\xc2\xa0\"");                 // NBSP is ordinary text
}

TEST_CASE("error text: every kind of message quotes and escapes its path and values") {
    const std::string hostile = std::string("x\"\n\0\xff\x1b", 6);
    const std::string shown = R"("x\"\n\x00\xff\x1b")";
    file_error errors[] = {
        io_error("/d/" + hostile, "open", 2),
        name_mismatch_error("/d/f", hostile, hostile),
        name_error(hostile, name_problem::invalid_character, 1),
        version_error(hostile, version_problem::non_digit_component, 0),
        invalid_path_error("binary_path", hostile, path_problem::relative),
        invalid_isolation_error("explicit_instance", hostile, isolation_problem::instance_not_allowed),
        invalid_environment_error("XDG_CONFIG_HOME", hostile, path_problem::relative),
        insecure_directory_error("/d/" + hostile, 0755),
        symlinked_directory_error("/d/" + hostile),
        foreign_directory_error("/d/" + hostile, 65534),
        not_regular_file_error("/d/" + hostile, "fifo"),
        too_large_error("/d/" + hostile, 2, 1),
    };
    for (const file_error& e : errors) {
        const std::string text = to_string(e);
        CAPTURE(text);
        CHECK(valid_utf8(text));
        CHECK_FALSE(has_control(text));
        CHECK(text.find(shown.substr(1, shown.size() - 2)) != std::string::npos);
    }
}

TEST_CASE("error text: a scanned file whose name is not UTF-8 gets an escaped, valid message") {
    const temp_dir tmp;
    const std::string name = std::string("Bad\xff\n", 5) + ".servicedef.v2";
    REQUIRE(write_plain(tmp / name, "x"));
    const auto scan = scan_service_definitions(tmp.path());
    REQUIRE(scan.ok());
    REQUIRE(scan.value.size() == 1);
    const std::string text = to_string(scan.value[0].definition.error);
    CHECK(text == "\"" + tmp.path() + R"(/Bad\xff\n.servicedef.v2": invalid service name "Bad\xff\n": )"
                                      "contains an uppercase letter at index 0 (names are lowercase: case-only "
                                      "differences collide on Windows pipe names)");
    CHECK(valid_utf8(text));
}

TEST_CASE("error text: a definition field's error names the field and quotes the value") {
    const auto relative = service_definition_builder::shared_broker("svc", "bin/\"svc\"\n").build();
    CHECK(to_string(relative.error) ==
          R"(invalid binary_path "bin/\"svc\"\n": is relative (an absolute path, starting with '/', is required))");
}
