// Field keys (docs/contract.md, "Keys and wire types"): prost's decode_key
// rejects a key of 2^32 or more, wire types 6 and 7, and field number 0, in
// that order.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <brokerwire/wire/cursor.hpp>
#include <brokerwire/wire/key.hpp>
#include <brokerwire/wire/varint.hpp>

namespace {

using brokerwire::bytes_view;
using brokerwire::errc;
using brokerwire::status;
using brokerwire::wire::cursor;

std::vector<std::uint8_t> varint_bytes(std::uint64_t v) {
    std::uint8_t buffer[10];
    return {buffer, brokerwire::wire::write_varint(buffer, v)};
}

// Reads one key after `prefix` (a valid varint field) and returns the status.
status read_key_after_prefix(std::uint64_t key, std::uint32_t* out = nullptr) {
    std::vector<std::uint8_t> in = {0x08, 0x96, 0x01};  // field 1 = 150: the key lands at offset 3
    const std::vector<std::uint8_t> k = varint_bytes(key);
    in.insert(in.end(), k.begin(), k.end());
    cursor c{bytes_view(in)};
    REQUIRE(c.key() == 0x08);
    REQUIRE(c.varint(1) == 150);
    const std::uint32_t got = c.key();
    if (out != nullptr) *out = got;
    if (c.failed()) CHECK(got == 0);
    return c.result();
}

}  // namespace

TEST_CASE("key() packs field number and wire type the way the wire does") {
    using brokerwire::wire::key;
    using brokerwire::wire::wire_type;
    CHECK(key(1, wire_type::varint) == 0x08);
    CHECK(key(2, wire_type::length_delimited) == 0x12);
    CHECK(key(15, wire_type::fixed32) == 0x7D);
    CHECK(key(16, wire_type::start_group) == 0x83);
    CHECK(brokerwire::wire::key_field(key(70, wire_type::end_group)) == 70);
    CHECK(brokerwire::wire::key_wire_type(key(70, wire_type::fixed64)) == wire_type::fixed64);
    CHECK(brokerwire::wire::max_field_number == 536870911u);
}

TEST_CASE("every valid wire type of fields 1 to 2^29-1 reads back as its key") {
    for (const std::uint32_t field : {1u, 2u, 15u, 16u, 2047u, 2048u, 262143u, 262144u, 536870911u}) {
        for (std::uint32_t type = 0; type < 6; ++type) {
            CAPTURE(field);
            CAPTURE(type);
            const std::uint32_t key = field << 3 | type;
            std::uint32_t got = 0;
            CHECK(read_key_after_prefix(key, &got).ok());
            CHECK(got == key);
        }
    }
}

TEST_CASE("field number 0 is invalid_tag at the key's offset, for every valid wire type") {
    for (std::uint32_t type = 0; type < 6; ++type) {
        CAPTURE(type);
        CHECK(read_key_after_prefix(type) == status{errc::invalid_tag, 0, 3});
    }
}

TEST_CASE("an overlong key of field 0 (0x80 0x00) is still invalid_tag") {
    const std::uint8_t in[2] = {0x80, 0x00};
    cursor c(bytes_view(in, 2));
    CHECK(c.key() == 0);
    CHECK(c.result() == status{errc::invalid_tag, 0, 0});
}

TEST_CASE("wire types 6 and 7 are invalid_wire_type, naming the field, at the key's offset") {
    for (const std::uint32_t field : {0u, 1u, 15u, 16u, 536870911u}) {
        for (const std::uint32_t type : {6u, 7u}) {
            CAPTURE(field);
            CAPTURE(type);
            CHECK(read_key_after_prefix(field << 3 | type) == status{errc::invalid_wire_type, field, 3});
        }
    }
}

TEST_CASE("a key of 2^32 or more is invalid_key at the key's offset") {
    for (const std::uint64_t key : {std::uint64_t{1} << 32, (std::uint64_t{1} << 32) + 8, std::uint64_t{1} << 35,
                                    std::uint64_t{1} << 63, ~std::uint64_t{0}}) {
        CAPTURE(key);
        CHECK(read_key_after_prefix(key) == status{errc::invalid_key, 0, 3});
    }
}

TEST_CASE("the largest key below 2^32 has wire type 7, so it is invalid_wire_type, not invalid_key") {
    CHECK(read_key_after_prefix(0xFFFFFFFFu) == status{errc::invalid_wire_type, 536870911u, 3});
    std::uint32_t got = 0;
    CHECK(read_key_after_prefix(0xFFFFFFFDu, &got).ok());  // field 2^29-1, fixed32
    CHECK(got == 0xFFFFFFFDu);
}

TEST_CASE("a key cut short is invalid_varint at the key's offset") {
    const std::uint8_t in[4] = {0x08, 0x01, 0x80, 0x80};
    cursor c(bytes_view(in, 4));
    REQUIRE(c.key() == 0x08);
    REQUIRE(c.varint(1) == 1);
    CHECK(c.key() == 0);
    CHECK(c.result() == status{errc::invalid_varint, 0, 2});
}

TEST_CASE("key_start() is where the last key began") {
    const std::uint8_t in[5] = {0x08, 0x01, 0x80, 0x01, 0x05};  // field 1 varint; then field 16 in two bytes
    cursor c(bytes_view(in, 5));
    REQUIRE(c.key() == 0x08);
    CHECK(c.offset_of(c.key_start()) == 0);
    (void)c.varint(1);
    REQUIRE(c.key() == 0x80);
    CHECK(c.offset_of(c.key_start()) == 2);
}

TEST_CASE("the first error is kept: later reads change neither code nor offset") {
    const std::uint8_t in[3] = {0x00, 0x0F, 0x08};
    cursor c(bytes_view(in, 3));
    CHECK(c.key() == 0);
    const status first = c.result();
    CHECK(first == status{errc::invalid_tag, 0, 0});
    CHECK(c.key() == 0);
    (void)c.varint(3);
    c.fail(errc::buffer_underflow, 4, in + 2);
    CHECK(c.result() == first);
}
