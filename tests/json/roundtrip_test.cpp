// Invariants over many generated and mutated documents: parse never fails
// without a position inside the input, and whatever parses, written back out
// with the writer, parses again to the same tree.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <brokerwire/json/reader.hpp>
#include <brokerwire/json/writer.hpp>

using namespace brokerwire::json;

namespace {

// Writes a parsed tree back as compact JSON (numbers keep their source text).
void write_value(const value& v, writer& w) {
    switch (v.type) {
        case value::kind::null: w.null(); break;
        case value::kind::boolean: w.boolean(v.boolean); break;
        case value::kind::number: w.raw(v.text); break;
        case value::kind::string: w.string(v.text); break;
        case value::kind::array:
            w.begin_array();
            for (const auto& item : v.items) write_value(item, w);
            w.end_array();
            break;
        case value::kind::object:
            w.begin_object();
            for (const auto& [name, member] : v.members) {
                w.key(name);
                write_value(member, w);
            }
            w.end_object();
            break;
    }
}

bool same_tree(const value& a, const value& b) {
    if (a.type != b.type || a.boolean != b.boolean || a.text != b.text) return false;
    if (a.items.size() != b.items.size() || a.members.size() != b.members.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (!same_tree(a.items[i], b.items[i])) return false;
    }
    for (std::size_t i = 0; i < a.members.size(); ++i) {
        if (a.members[i].first != b.members[i].first) return false;
        if (!same_tree(a.members[i].second, b.members[i].second)) return false;
    }
    return true;
}

// A small deterministic generator (xorshift64), so failures reproduce.
struct rng {
    std::uint64_t state;
    std::uint64_t next() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

const char* const seeds[] = {
    R"({"serviceName":"svc","port":8080,"labels":{"a":"b","c":"\u00e9\ud83d\ude00"},"ids":["1",2,-3.5e2]})",
    R"([null,true,false,0,-0,1e9,"\"\\\/\b\f\n\r\t",[],{},[[{"x":[1]}]]])",
    "{\n  \"k\": [1, 2, {\"n\": null}],\n  \"s\": \"\xC3\xA9\xE2\x82\xAC\"\n}",
};

// Bytes that make interesting mutations: JSON structure, escapes, UTF-8
// lead and continuation bytes, control characters.
const char mutation_bytes[] = "{}[]:,\"\\u0e-+.Ed\n\t \x01\x7F\x80\xBF\xC3\xE2\xED\xF0\xF4\xFF";

}  // namespace

TEST_CASE("mutated documents either fail at a position inside the input or round-trip") {
    rng r{0x9E3779B97F4A7C15u};
    std::size_t parsed_ok = 0, refused = 0;
    for (const char* seed : seeds) {
        for (int round = 0; round < 3000; ++round) {
            std::string doc = seed;
            const std::size_t edits = 1 + r.below(3);
            for (std::size_t e = 0; e < edits && !doc.empty(); ++e) {
                const std::size_t at = r.below(doc.size());
                const char b = mutation_bytes[r.below(sizeof mutation_bytes - 1)];
                switch (r.below(3)) {
                    case 0: doc[at] = b; break;
                    case 1: doc.insert(doc.begin() + static_cast<std::ptrdiff_t>(at), b); break;
                    default: doc.erase(at, 1); break;
                }
            }
            value v;
            const parse_error err = parse(doc, v);
            if (!err.ok()) {
                ++refused;
                CHECK(err.offset <= doc.size());
                CHECK(err.line >= 1);
                CHECK(err.column >= 1);
                CHECK(err.column <= err.offset + 1);
                CHECK(v.type == value::kind::null);
                continue;
            }
            ++parsed_ok;
            std::string out;
            writer w(out);
            write_value(v, w);
            value again;
            const parse_error err2 = parse(out, again);
            INFO("document: ", doc, "\nwritten: ", out);
            REQUIRE(err2.ok());
            CHECK(same_tree(v, again));
        }
    }
    MESSAGE("mutants parsed: ", parsed_ok, ", refused: ", refused);
    CHECK(parsed_ok > 100);  // the invariant was exercised both ways
    CHECK(refused > 100);
}

TEST_CASE("written strings parse back to the same bytes for every code point class") {
    std::string all;
    for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
    all += "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    std::string out;
    writer w(out);
    w.string(all);
    value v;
    REQUIRE(parse(out, v).ok());
    CHECK(v.text == all);
}
