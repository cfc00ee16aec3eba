// Skipping unknown fields (docs/contract.md, "Unknown fields"): every valid
// wire type, groups included, with prost's nesting budget of 100 and its
// END_GROUP rules. prost's skip_field checks the budget before every value and
// skips each field inside a group with one unit less.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <brokerwire/wire/cursor.hpp>
#include <brokerwire/wire/varint.hpp>

namespace {

using brokerwire::bytes_view;
using brokerwire::errc;
using brokerwire::status;
using brokerwire::wire::cursor;
using brokerwire::wire::recursion_budget;

using bytes = std::vector<std::uint8_t>;

void put_varint(bytes& out, std::uint64_t v) {
    std::uint8_t buffer[10];
    out.insert(out.end(), buffer, brokerwire::wire::write_varint(buffer, v));
}

// `depth` nested groups of field 5 around `core`.
bytes nested_groups(int depth, const bytes& core) {
    bytes out;
    for (int i = 0; i < depth; ++i) out.push_back(0x2B);  // field 5, START_GROUP
    out.insert(out.end(), core.begin(), core.end());
    for (int i = 0; i < depth; ++i) out.push_back(0x2C);  // field 5, END_GROUP
    return out;
}

struct skipped {
    status result;
    std::string kept;
    std::size_t position = 0;
};

// Reads one key from `in` and skips its value with `budget`.
skipped skip_one(const bytes& in, int budget = recursion_budget) {
    cursor c{bytes_view(in)};
    skipped s;
    const std::uint32_t k = c.key();
    if (k != 0) c.skip(k, budget, &s.kept);
    s.result = c.result();
    s.position = c.offset_of(c.position());
    return s;
}

std::string as_string(const bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

TEST_CASE("an unknown field of every valid wire type is skipped whole and kept byte for byte") {
    const std::vector<bytes> fields = {
        {0x08, 0x96, 0x01},                                                   // varint
        {0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01},   // 10-byte varint
        {0x09, 1, 2, 3, 4, 5, 6, 7, 8},                                       // fixed64
        {0x0A, 0x03, 'a', 'b', 'c'},                                          // length-delimited
        {0x0A, 0x00},                                                         // empty length-delimited
        {0x0D, 1, 2, 3, 4},                                                   // fixed32
        {0x0B, 0x0C},                                                         // empty group
        {0x0B, 0x10, 0x01, 0x1A, 0x01, 'x', 0x21, 0, 0, 0, 0, 0, 0, 0, 0, 0x0C},  // group with fields
        {0x80, 0x80, 0x04, 0x00},                                             // field 2^13 varint, 3-byte key
    };
    for (const bytes& field : fields) {
        bytes in = field;
        in.push_back(0x08);  // a following field must be left unread
        in.push_back(0x01);
        const skipped s = skip_one(in);
        CAPTURE(s.kept.size());
        CHECK(s.result.ok());
        CHECK(s.position == field.size());
        CHECK(s.kept == as_string(field));
    }
}

TEST_CASE("skip without a keep buffer only advances") {
    const bytes in = {0x0A, 0x02, 'h', 'i', 0x10};
    cursor c{bytes_view(in)};
    const std::uint32_t k = c.key();
    c.skip(k, recursion_budget, nullptr);
    CHECK(!c.failed());
    CHECK(c.offset_of(c.position()) == 4);
}

TEST_CASE("a fixed64 or fixed32 value past the end is buffer_underflow at the value") {
    const bytes fixed64 = {0x19, 1, 2, 3, 4, 5, 6, 7};
    CHECK(skip_one(fixed64).result == status{errc::buffer_underflow, 3, 1});
    const bytes fixed32 = {0x1D, 1, 2, 3};
    CHECK(skip_one(fixed32).result == status{errc::buffer_underflow, 3, 1});
}

TEST_CASE("a length past the end is buffer_underflow at the length") {
    CHECK(skip_one({0x1A, 0x04, 'a', 'b', 'c'}).result == status{errc::buffer_underflow, 3, 1});
    bytes huge = {0x1A};
    put_varint(huge, std::uint64_t{1} << 32);
    CHECK(skip_one(huge).result == status{errc::buffer_underflow, 3, 1});
    bytes max = {0x1A};
    put_varint(max, ~std::uint64_t{0});
    CHECK(skip_one(max).result == status{errc::buffer_underflow, 3, 1});
}

TEST_CASE("a truncated varint value is invalid_varint at the value") {
    CHECK(skip_one({0x18, 0x80, 0x80}).result == status{errc::invalid_varint, 3, 1});
}

TEST_CASE("a stray END_GROUP is unexpected_end_group at its key") {
    CHECK(skip_one({0x1C}).result == status{errc::unexpected_end_group, 3, 0});
}

TEST_CASE("a group closed by another field's END_GROUP is unexpected_end_group at that key") {
    const skipped s = skip_one({0x1B, 0x08, 0x01, 0x24});  // starts field 3, ends field 4
    CHECK(s.result == status{errc::unexpected_end_group, 4, 3});
    CHECK(s.kept.empty());
}

TEST_CASE("a group never closed is invalid_varint where its END_GROUP should be") {
    CHECK(skip_one({0x1B, 0x08, 0x01}).result == status{errc::invalid_varint, 0, 3});
    CHECK(skip_one(nested_groups(3, {}) /* all closed */).result.ok());
    bytes open = nested_groups(3, {});
    open.pop_back();
    CHECK(skip_one(open).result == status{errc::invalid_varint, 0, 5});
}

TEST_CASE("an invalid key inside a group is that key's error") {
    CHECK(skip_one({0x1B, 0x00, 0x1C}).result == status{errc::invalid_tag, 0, 1});
    CHECK(skip_one({0x1B, 0x0E, 0x1C}).result == status{errc::invalid_wire_type, 1, 1});
}

TEST_CASE("100 nested groups are skipped under the budget of 100 when the innermost is empty") {
    const bytes in = nested_groups(100, {});
    const skipped s = skip_one(in);
    CHECK(s.result.ok());
    CHECK(s.position == in.size());
    CHECK(s.kept == as_string(in));
}

TEST_CASE("a value inside the 100th nested group exceeds the budget: recursion_limit at its key") {
    const bytes in = nested_groups(100, {0x08, 0x01});
    CHECK(skip_one(in).result == status{errc::recursion_limit, 1, 100});
}

TEST_CASE("101 nested groups are recursion_limit at the 101st group's key") {
    CHECK(skip_one(nested_groups(101, {})).result == status{errc::recursion_limit, 5, 100});
}

TEST_CASE("the budget counts down from what the caller passes") {
    // A message nested n deep skips its unknown fields with budget 100 - n.
    CHECK(skip_one(nested_groups(3, {}), 3).result.ok());
    CHECK(skip_one(nested_groups(4, {}), 3).result == status{errc::recursion_limit, 5, 3});
    CHECK(skip_one({0x08, 0x01}, 1).result.ok());
    CHECK(skip_one({0x08, 0x01}, 0).result == status{errc::recursion_limit, 1, 0});
    CHECK(skip_one({0x0B, 0x0C}, 1).result.ok());
    CHECK(skip_one({0x0B, 0x08, 0x01, 0x0C}, 1).result == status{errc::recursion_limit, 1, 1});
}

TEST_CASE("a failed skip keeps nothing") {
    const skipped s = skip_one({0x0A, 0x05, 'a'});
    CHECK(s.result.code == errc::buffer_underflow);
    CHECK(s.kept.empty());
}
