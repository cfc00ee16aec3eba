// Writing fields into a caller buffer (docs/contract.md, "Encoding"): each
// *_size function predicts exactly what the matching write function writes.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/wire/cursor.hpp>
#include <brokerwire/wire/writer.hpp>

namespace {

namespace wire = brokerwire::wire;
using bytes = std::vector<std::uint8_t>;

// Runs `write` on a buffer with guard bytes and returns what it wrote; fails
// the test when it wrote past the returned end.
template <typename Write>
bytes written(Write write) {
    std::uint8_t buffer[600];
    for (std::uint8_t& b : buffer) b = 0xEE;
    std::uint8_t* end = write(buffer);
    const auto n = static_cast<std::size_t>(end - buffer);
    for (std::size_t i = n; i < sizeof buffer; ++i) REQUIRE(buffer[i] == 0xEE);
    return bytes(buffer, end);
}

}  // namespace

TEST_CASE("key_size is the varint size of the key with wire type bits") {
    CHECK(wire::key_size(1) == 1);
    CHECK(wire::key_size(15) == 1);
    CHECK(wire::key_size(16) == 2);
    CHECK(wire::key_size(2047) == 2);
    CHECK(wire::key_size(2048) == 3);
    CHECK(wire::key_size(wire::max_field_number) == 5);
}

TEST_CASE("write_key writes the key varint") {
    CHECK(written([](std::uint8_t* p) { return wire::write_key(p, 1, wire::wire_type::varint); }) == bytes{0x08});
    CHECK(written([](std::uint8_t* p) { return wire::write_key(p, 70, wire::wire_type::length_delimited); }) ==
          bytes{0xB2, 0x04});
    CHECK(written([](std::uint8_t* p) {
              return wire::write_key(p, wire::max_field_number, wire::wire_type::fixed32);
          }) == bytes{0xFD, 0xFF, 0xFF, 0xFF, 0x0F});
}

TEST_CASE("write_varint_field writes key and value, sized by varint_field_size") {
    const bytes port = written([](std::uint8_t* p) { return wire::write_varint_field(p, 1, 49152); });
    CHECK(port == bytes{0x08, 0x80, 0x80, 0x03});
    CHECK(wire::varint_field_size(1, 49152) == port.size());
    const bytes minus_one =
        written([](std::uint8_t* p) { return wire::write_varint_field(p, 2, wire::int32_as_varint(-1)); });
    CHECK(minus_one == bytes{0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01});
    CHECK(wire::varint_field_size(2, wire::int32_as_varint(-1)) == 11);
}

TEST_CASE("write_bytes_field writes key, length and payload, sized by delimited_size") {
    const bytes hello = written([](std::uint8_t* p) { return wire::write_bytes_field(p, 2, "hello"); });
    CHECK(hello == bytes{0x12, 0x05, 'h', 'e', 'l', 'l', 'o'});
    CHECK(wire::delimited_size(2, 5) == hello.size());
    const bytes empty = written([](std::uint8_t* p) { return wire::write_bytes_field(p, 3, std::string_view{}); });
    CHECK(empty == bytes{0x1A, 0x00});
    CHECK(wire::delimited_size(3, 0) == 2);
}

TEST_CASE("a 128-byte payload takes a 2-byte length") {
    const std::string payload(128, 'x');
    const bytes out = written([&](std::uint8_t* p) { return wire::write_bytes_field(p, 16, payload); });
    CHECK(out.size() == wire::delimited_size(16, payload.size()));
    CHECK(out.size() == 2 + 2 + 128);
    CHECK(out[0] == 0x82);
    CHECK(out[1] == 0x01);
    CHECK(out[2] == 0x80);
    CHECK(out[3] == 0x01);
}

TEST_CASE("write_delimited_header writes only key and length") {
    CHECK(written([](std::uint8_t* p) { return wire::write_delimited_header(p, 10, 300); }) ==
          bytes{0x52, 0xAC, 0x02});
}

TEST_CASE("write_raw copies bytes as they are, and nothing for an empty view") {
    CHECK(written([](std::uint8_t* p) { return wire::write_raw(p, std::string_view("\x08\x01", 2)); }) ==
          bytes{0x08, 0x01});
    CHECK(written([](std::uint8_t* p) { return wire::write_raw(p, std::string_view{}); }).empty());
}

TEST_CASE("what the writers write, the cursor reads back") {
    const std::string text = "caf\xC3\xA9";
    const bytes out = written([&](std::uint8_t* p) {
        p = wire::write_varint_field(p, 1, 7);
        p = wire::write_bytes_field(p, 2, text);
        return wire::write_varint_field(p, 300, ~std::uint64_t{0});
    });
    wire::cursor c{brokerwire::bytes_view(out)};
    CHECK(c.key() == wire::key(1, wire::wire_type::varint));
    CHECK(c.varint(1) == 7);
    CHECK(c.key() == wire::key(2, wire::wire_type::length_delimited));
    CHECK(c.string(2) == text);
    CHECK(c.key() == wire::key(300, wire::wire_type::varint));
    CHECK(c.varint(300) == ~std::uint64_t{0});
    CHECK(!c.failed());
    CHECK(c.position() == c.end());
}

TEST_CASE("a string that is not UTF-8 is invalid_utf8 at the first bad byte") {
    const bytes out = written([](std::uint8_t* p) {
        p = wire::write_varint_field(p, 1, 1);
        return wire::write_bytes_field(p, 2, std::string_view("ab\xC0\x80", 4));
    });
    wire::cursor c{brokerwire::bytes_view(out)};
    (void)c.key();
    (void)c.varint(1);
    (void)c.key();
    CHECK(c.string(2).empty());
    CHECK(c.result() == brokerwire::status{brokerwire::errc::invalid_utf8, 2, 6});
}

TEST_CASE("describe and to_string name each code as prost does") {
    using brokerwire::errc;
    CHECK(std::string(brokerwire::describe(errc::invalid_varint)) == "invalid varint");
    CHECK(std::string(brokerwire::describe(errc::buffer_underflow)) == "buffer underflow");
    CHECK(std::string(brokerwire::describe(errc::recursion_limit)) == "recursion limit reached");
    CHECK(brokerwire::to_string(brokerwire::status{}) == "ok");
    CHECK(brokerwire::to_string(brokerwire::status{errc::invalid_varint, 3, 12}) ==
          "invalid varint at offset 12 (field 3)");
    CHECK(brokerwire::to_string(brokerwire::status{errc::invalid_tag, 0, 0}) == "invalid tag value: 0 at offset 0");
}
