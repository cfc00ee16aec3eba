// docs/contract.md, "Length-delimited fields", "Nesting limit" and
// "Unknown fields": lengths against the bytes present, nested messages
// against their declared end, the nesting limit of 100 (messages and groups
// together), and END_GROUP pairing.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "wire_builder.hpp"

using brokerwire::errc;
using brokerwire::status;
using brokerwire::test::decode_both;
using brokerwire::test::decoded;
using brokerwire::test::wire_builder;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

namespace {

// `depth` nested unknown groups of field 11 (wire keys 0x5B / 0x5C) around `core`.
std::string groups(int depth, const std::string& core = "") {
    return std::string(static_cast<std::size_t>(depth), '\x5B') + core +
           std::string(static_cast<std::size_t>(depth), '\x5C');
}

}  // namespace

TEST_CASE("a length past the end is buffer_underflow at the length") {
    // string, bytes, repeated string, map entry, embedded message, repeated message, oneof member
    CHECK(decode_both<v2::service_definition>("\x0A\x05" "abcd") == status{errc::buffer_underflow, 1, 1});
    CHECK(decode_both<v1::frame>("\x08\x01\x22\x03" "ab") == status{errc::buffer_underflow, 4, 3});
    CHECK(decode_both<v2::service_definition>("\x3A\x02" "a") == status{errc::buffer_underflow, 7, 1});
    CHECK(decode_both<v2::service_definition>("\x42\x04\x0A\x01" "a") == status{errc::buffer_underflow, 8, 1});
    CHECK(decode_both<v2::service_definition>("\x52\x7F") == status{errc::buffer_underflow, 10, 1});
    CHECK(decode_both<v2::cache_manifest>("\x52\x01") == status{errc::buffer_underflow, 10, 1});
    CHECK(decode_both<v2::session_frame>("\x1A\x01") == status{errc::buffer_underflow, 3, 1});
    CHECK(decode_both<v2::session_frame>("\x32\x01") == status{errc::buffer_underflow, 6, 1});
}

TEST_CASE("a claimed length of 4 GiB or 2^64-1 is buffer_underflow, not an allocation") {
    for (const std::uint64_t length : {std::uint64_t{1} << 32, ~std::uint64_t{0}}) {
        CAPTURE(length);
        const std::string in = wire_builder().varint(1, 1).key(4, 2).raw_varint(length).str() + "tail";
        CHECK(decode_both<v1::frame>(in) == status{errc::buffer_underflow, 4, 3});
        const std::string nested = wire_builder().key(10, 2).raw_varint(length).str();
        CHECK(decode_both<v2::service_definition>(nested) == status{errc::buffer_underflow, 10, 1});
    }
}

TEST_CASE("a length past the end of a nested message but inside the input is delimited_length_exceeded") {
    // http_server claims 2 bytes; its bind_addr claims 5 more, which the input has.
    CHECK(decode_both<v2::service_definition>("\x52\x02\x0A\x05" "abcde") ==
          status{errc::delimited_length_exceeded, 10, 4});
    // the same for a map entry, a repeated message and a oneof member
    CHECK(decode_both<v2::service_definition>("\x42\x02\x0A\x05" "abcde") ==
          status{errc::delimited_length_exceeded, 8, 4});
    CHECK(decode_both<v2::cache_manifest>("\x52\x02\x12\x05" "abcde") ==
          status{errc::delimited_length_exceeded, 10, 4});
    CHECK(decode_both<v2::session_frame>("\x2A\x01\x08\x01") == status{errc::delimited_length_exceeded, 5, 3});
    // two levels deep: SessionFrame.start.env
    CHECK(decode_both<v2::session_frame>("\x32\x04\x22\x02\x0A\x03" "abc") ==
          status{errc::delimited_length_exceeded, 4, 6});
}

TEST_CASE("a length past the end of the whole input inside a nested message is buffer_underflow") {
    CHECK(decode_both<v2::service_definition>("\x52\x02\x0A\x09" "ab") == status{errc::buffer_underflow, 1, 3});
}

TEST_CASE("a nested message ending inside a value is delimited_length_exceeded at its end") {
    CHECK(decode_both<v2::session_frame>("\x2A\x02\x08\x80\x01") == status{errc::delimited_length_exceeded, 5, 4});
}

TEST_CASE("100 nested unknown groups at the top level are skipped; a value in the innermost is one too deep") {
    CHECK(decoded<v2::backend_http_ready>(groups(100)).unknown_fields == groups(100));
    CHECK(decode_both<v2::backend_http_ready>(groups(100, "\x08\x01")) == status{errc::recursion_limit, 1, 100});
    CHECK(decode_both<v2::backend_http_ready>(groups(101)) == status{errc::recursion_limit, 11, 100});
}

TEST_CASE("nesting limit 100 counts the enclosing messages: 99 groups inside a nested message") {
    // ServiceDefinition.http_server is one level down; the 2-byte length puts the groups at offset 3.
    const std::string ok = wire_builder().bytes(10, groups(99)).str();
    REQUIRE(decoded<v2::service_definition>(ok).http_server.has_value());
    CHECK(decoded<v2::service_definition>(ok).http_server->unknown_fields == groups(99));
    const std::string deep = wire_builder().bytes(10, groups(100)).str();
    CHECK(decode_both<v2::service_definition>(deep) == status{errc::recursion_limit, 11, 3 + 99});
}

TEST_CASE("nesting limit 100 counts map entries as a level") {
    const std::string ok = wire_builder().bytes(8, groups(99)).str();
    CHECK(decoded<v2::service_definition>(ok).labels.count("") == 1);
    const std::string deep = wire_builder().bytes(8, groups(100)).str();
    CHECK(decode_both<v2::service_definition>(deep) == status{errc::recursion_limit, 11, 3 + 99});
}

TEST_CASE("nesting limit 100 two levels down: SessionFrame.start.env holds 98 groups, not 99") {
    const auto frame_with = [](int depth) {
        const wire_builder env = wire_builder().raw(groups(depth));
        return wire_builder().message(6, wire_builder().message(4, env)).str();
    };
    const v2::session_frame ok = decoded<v2::session_frame>(frame_with(98));
    REQUIRE(ok.start() != nullptr);
    REQUIRE(ok.start()->env.size() == 1);
    CHECK(ok.start()->env[0].unknown_fields == groups(98));
    // Two keys and two 2-byte lengths (6 bytes) come before the groups.
    CHECK(decode_both<v2::session_frame>(frame_with(99)) == status{errc::recursion_limit, 11, 6 + 98});
}

TEST_CASE("a stray END_GROUP of an unknown field is unexpected_end_group at its key") {
    CHECK(decode_both<v2::backend_http_ready>("\x08\x01\x5C") == status{errc::unexpected_end_group, 11, 2});
}

TEST_CASE("an END_GROUP key on a known field is unexpected_wire_type, as prost checks the wire type first") {
    CHECK(decode_both<v2::backend_http_ready>("\x0C") == status{errc::unexpected_wire_type, 1, 0});
}

TEST_CASE("mismatched END_GROUP is unexpected_end_group at the closing key") {
    CHECK(decode_both<v2::backend_http_ready>("\x5B\x08\x01\x64") == status{errc::unexpected_end_group, 12, 3});
    CHECK(decode_both<v2::backend_http_ready>("\x5B\x5B\x5C\x64") == status{errc::unexpected_end_group, 12, 3});
}

TEST_CASE("missing END_GROUP is invalid_varint where the next key should be") {
    CHECK(decode_both<v2::backend_http_ready>("\x5B\x08\x01") == status{errc::invalid_varint, 0, 3});
    CHECK(decode_both<v2::backend_http_ready>("\x5B") == status{errc::invalid_varint, 0, 1});
}

TEST_CASE("a group left open at the end of a nested message runs on into the parent, as in prost") {
    // The group's END_GROUP lies past http_server's end: the group closes, then the length check fails.
    CHECK(decode_both<v2::service_definition>("\x52\x03\x5B\x08\x01\x5C") ==
          status{errc::delimited_length_exceeded, 10, 5});
    // ... and with no END_GROUP at all, the input runs out first.
    CHECK(decode_both<v2::service_definition>("\x52\x03\x5B\x08\x01") == status{errc::invalid_varint, 0, 5});
}

TEST_CASE("an unknown field with a value past the end is buffer_underflow") {
    CHECK(decode_both<v2::backend_http_ready>("\x5D\x01\x02") == status{errc::buffer_underflow, 11, 1});
    CHECK(decode_both<v2::backend_http_ready>("\x59\x01\x02\x03\x04\x05\x06\x07") ==
          status{errc::buffer_underflow, 11, 1});
    CHECK(decode_both<v2::backend_http_ready>("\x5A\x02\x01") == status{errc::buffer_underflow, 11, 1});
}
