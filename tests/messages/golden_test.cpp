// Golden vectors from prost (tests/golden/<TypeName>.txt, written by
// tools/prost-oracle): our verdict on every input must be prost's, our
// re-encoding of every accepted input must be prost's bytes, and our error
// code must be the one prost's description names.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/messages/catalog.hpp>
#include <brokerwire/messages/list.hpp>

#include "typed_codec.hpp"

namespace {

using brokerwire::errc;
namespace fs = std::filesystem;

const fs::path golden_dir = fs::path(BROKERWIRE_TEST_DATA) / "golden";

// prost's DecodeError descriptions (the Msg.field stack removed) to our codes.
errc code_for(std::string_view description) {
    struct prefix_code {
        std::string_view prefix;
        errc code;
    };
    static constexpr prefix_code table[] = {
        {"invalid varint", errc::invalid_varint},
        {"invalid key value: ", errc::invalid_key},
        {"invalid wire type value: ", errc::invalid_wire_type},
        {"invalid tag value: 0", errc::invalid_tag},
        {"invalid wire type: ", errc::unexpected_wire_type},
        {"buffer underflow", errc::buffer_underflow},
        {"delimited length exceeded", errc::delimited_length_exceeded},
        {"recursion limit reached", errc::recursion_limit},
        {"unexpected end group tag", errc::unexpected_end_group},
        {"invalid string value: data is not UTF-8 encoded", errc::invalid_utf8},
    };
    for (const prefix_code& entry : table) {
        if (description.substr(0, entry.prefix.size()) == entry.prefix) return entry.code;
    }
    return errc::ok;  // a description we do not know: never agrees
}

struct golden_case {
    std::size_t line = 0;
    std::string section;  // the last "# edge: ..." comment, to group disagreements
    std::vector<std::uint8_t> input;
    bool ok = false;
    std::vector<std::uint8_t> reencoded;  // when ok
    std::string description;              // when not
};

std::vector<golden_case> read_cases(const fs::path& path, std::size_t& malformed_lines) {
    std::vector<golden_case> cases;
    std::ifstream in(path);
    std::string line;
    std::string section;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        if (line[0] == '#') {
            if (line.rfind("# edge:", 0) == 0) section = line.substr(2);
            continue;
        }
        golden_case c;
        c.line = number;
        c.section = section;
        const std::size_t first = line.find(' ');
        const std::size_t second = first == std::string::npos ? first : line.find(' ', first + 1);
        const std::string verdict = line.substr(first + 1, second - first - 1);
        const std::string rest = second == std::string::npos ? "" : line.substr(second + 1);
        c.ok = verdict == "ok";
        bool well_formed = first != std::string::npos && second != std::string::npos &&
                           (verdict == "ok" || verdict == "err") &&
                           brokerwire::test::parse_hex(line.substr(0, first), c.input);
        if (c.ok) {
            well_formed = well_formed && brokerwire::test::parse_hex(rest, c.reencoded);
        } else {
            c.description = rest;
        }
        if (!well_formed) {
            ++malformed_lines;
            continue;
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

// Why our codec and prost disagree on one case, or "" when they agree.
std::string disagreement(const golden_case& c, const brokerwire::test::outcome& ours) {
    using brokerwire::to_string;
    if (ours.owning.code != ours.view.code) {
        return "owning decode says " + to_string(ours.owning) + ", view decode says " + to_string(ours.view);
    }
    if (c.ok && !ours.owning.ok()) return "prost accepts; we reject: " + to_string(ours.owning);
    if (!c.ok && ours.owning.ok()) return "prost rejects (" + c.description + "); we accept";
    if (!c.ok) {
        if (ours.owning.code != code_for(c.description)) {
            return "prost says '" + c.description + "'; we say " + to_string(ours.owning);
        }
        return "";
    }
    if (ours.reencoded != c.reencoded) {
        return "re-encoding differs: prost " + brokerwire::test::to_hex(c.reencoded) + ", ours " +
               brokerwire::test::to_hex(ours.reencoded);
    }
    if (!ours.view_agrees) return "to_message(view) differs from the owning decode";
    if (!ours.roundtrip_agrees) return "decode(encode(m)) differs from m (unknown fields kept)";
    return "";
}

std::vector<fs::path> golden_files() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(golden_dir, ec)) {
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("every message of the catalog has a golden vector file and a typed codec") {
    std::size_t types = 0;
    for (const brokerwire::message_type* t = brokerwire::message_types_begin();
         t != brokerwire::message_types_end(); ++t) {
        CAPTURE(t->short_name);
        CHECK_MESSAGE(fs::exists(golden_dir / (std::string(t->short_name) + ".txt")),
                      "no golden vectors: run tools/prost-oracle/generate.sh");
        CHECK_MESSAGE(brokerwire::test::find_typed_codec(t->short_name) != nullptr,
                      "no typed codec in tests/messages/typed_codec.hpp");
        ++types;
    }
    REQUIRE(types > 0);
    CHECK(brokerwire::test::typed_codecs().size() == types);
}

TEST_CASE("the generated message list and the run-time catalog name the same types") {
    std::size_t listed = 0;
    // short_name, not the schema name: v1 and v2 both have a ServiceDefinition.
#define BROKERWIRE_TEST_CHECK_LISTED(ns, msg, schema_name)                                \
    {                                                                                     \
        const std::string_view name = brokerwire::ns::msg::short_name;                    \
        const brokerwire::message_type* t = brokerwire::find_message_type(name);          \
        CAPTURE(name);                                                                    \
        REQUIRE(t != nullptr);                                                            \
        CHECK(t->full_name == brokerwire::ns::msg::full_name);                            \
        CHECK(name.substr(name.rfind('.') + 1) == #schema_name);                          \
        ++listed;                                                                         \
    }
    BROKERWIRE_FOR_EACH_MESSAGE(BROKERWIRE_TEST_CHECK_LISTED)
#undef BROKERWIRE_TEST_CHECK_LISTED
    CHECK(listed == static_cast<std::size_t>(brokerwire::message_types_end() -
                                             brokerwire::message_types_begin()));
}

TEST_CASE("every golden vector file belongs to a message of the catalog") {
    const std::vector<fs::path> files = golden_files();
    REQUIRE_MESSAGE(!files.empty(), "no golden vectors in " << golden_dir.string());
    for (const fs::path& path : files) {
        CAPTURE(path.filename().string());
        CHECK(brokerwire::find_message_type(path.stem().string()) != nullptr);
    }
}

TEST_CASE("every golden input gets prost's verdict, prost's error kind and prost's re-encoding") {
    const std::vector<fs::path> files = golden_files();
    REQUIRE_MESSAGE(!files.empty(), "no golden vectors in " << golden_dir.string());
    std::size_t total = 0;
    for (const fs::path& path : files) {
        const std::string type = path.stem().string();
        CAPTURE(type);
        REQUIRE(brokerwire::find_message_type(type) != nullptr);
        const brokerwire::test::typed_codec* codec = brokerwire::test::find_typed_codec(type);
        REQUIRE(codec != nullptr);

        std::size_t malformed_lines = 0;
        const std::vector<golden_case> cases = read_cases(path, malformed_lines);
        CHECK(malformed_lines == 0);
        CHECK(!cases.empty());
        std::size_t agreed = 0;
        std::size_t accepted = 0;
        std::size_t reported = 0;
        for (const golden_case& c : cases) {
            const brokerwire::test::outcome ours = codec->run(brokerwire::bytes_view(c.input));
            const std::string why = disagreement(c, ours);
            accepted += c.ok ? 1 : 0;
            if (why.empty()) {
                ++agreed;
            } else if (reported++ < 10) {
                FAIL_CHECK(type << ".txt:" << c.line << " [" << c.section << "] input "
                                << brokerwire::test::to_hex(c.input) << ": " << why);
            }
        }
        MESSAGE(type << ": " << cases.size() << " cases (" << accepted << " ok, " << cases.size() - accepted
                     << " err), " << agreed << " agreed with prost");
        CHECK(agreed == cases.size());
        total += cases.size();
    }
    MESSAGE("golden cases in all: " << total);
}
