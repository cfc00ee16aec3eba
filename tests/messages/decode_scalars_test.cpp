// docs/contract.md, "Scalar fields" and "Keys and wire types": varints in
// fields, 32-bit truncation, bool, wrong wire types, keys, last value wins,
// the empty message.
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

TEST_CASE("an empty input decodes to the default message") {
    CHECK(decoded<v2::service_definition>("") == v2::service_definition{});
    CHECK(decoded<v2::session_frame>("").kind.index() == 0);
    CHECK(decoded<v1::frame>("") == v1::frame{});
    CHECK(decoded<v2::cache_manifest>("") == v2::cache_manifest{});
    CHECK(!decoded<v2::service_definition>("").http_server.has_value());
}

TEST_CASE("a 10th varint byte above 0x01 is invalid_varint at the varint's offset") {
    for (unsigned last = 0x02; last <= 0xFF; ++last) {
        const std::string in = wire_builder().varint(1, 7).key(5, 0).str() + std::string(9, '\xFF') +
                               static_cast<char>(last);
        CAPTURE(last);
        CHECK(decode_both<v1::frame>(in) == status{errc::invalid_varint, 5, 3});
    }
}

TEST_CASE("a 10-byte varint with 0x01 last is the full 64-bit value") {
    const std::string in = wire_builder().key(5, 0).str() + std::string(9, '\xFF') + '\x01';
    CHECK(decoded<v1::frame>(in).request_id == ~std::uint64_t{0});
}

TEST_CASE("a varint value cut off by the end of the input is invalid_varint at its start") {
    CHECK(decode_both<v2::backend_http_ready>("\x08\x80\x80") == status{errc::invalid_varint, 1, 1});
    CHECK(decode_both<v2::backend_http_ready>("\x08") == status{errc::invalid_varint, 1, 1});
}

TEST_CASE("an overlong varint value (0x80 0x00) decodes") {
    CHECK(decoded<v2::backend_http_ready>(std::string("\x08\x80\x00", 3)).port == 0);
    CHECK(decoded<v2::backend_http_ready>(std::string("\x08\xB9\xE0\x80\x80\x00", 6)).port == 12345);
}

TEST_CASE("32-bit fields keep the low 32 bits") {
    // 2^32 + 8765: a uint32 keeps 8765, as prost does.
    const auto port = wire_builder().varint(1, (std::uint64_t{1} << 32) + 8765);
    CHECK(decoded<v2::backend_http_ready>(port.str()).port == 8765u);
    CHECK(decoded<v2::get_broker_http_endpoint_response>(wire_builder().varint(2, ~std::uint64_t{0}).str()).pid ==
          0xFFFFFFFFu);
    const auto code = wire_builder().varint(1, (std::uint64_t{1} << 40) | 0x80000000u);
    CHECK(decoded<v2::session_exit>(code.str()).code == -2147483647 - 1);
    const auto enum_value = wire_builder().varint(3, (std::uint64_t{7} << 32) | 2u);
    CHECK(decoded<v2::service_definition>(enum_value.str()).isolation == v2::broker_isolation::explicit_instance);
}

TEST_CASE("int32 -1 is a 10-byte varint on the wire and decodes to -1") {
    const std::string in = "\x08" + std::string(9, '\xFF') + '\x01';
    CHECK(decoded<v2::session_exit>(in).code == -1);
    v2::session_exit m;
    m.code = -1;
    CHECK(brokerwire::test::as_string(encode(m)) == in);
}

TEST_CASE("bool is true for any non-zero varint") {
    for (const std::uint64_t v : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{0x80}, std::uint64_t{1} << 32,
                                  ~std::uint64_t{0}}) {
        CAPTURE(v);
        CHECK(decoded<v2::get_session_token_response>(wire_builder().varint(1, v).str()).found);
        CHECK(decoded<v1::admin_request>(wire_builder().varint(2, v).str()).json);
    }
    CHECK_FALSE(decoded<v2::get_session_token_response>(std::string("\x08\x80\x00", 3)).found);
}

TEST_CASE("enums are open: an unnamed value is kept as it came") {
    CHECK(static_cast<int>(decoded<v2::service_definition>(wire_builder().varint(3, 99).str()).isolation) == 99);
    CHECK(static_cast<int>(decoded<v1::frame>(wire_builder().varint(2, ~std::uint64_t{0}).str()).kind) == -1);
}

TEST_CASE("a known field with the wrong wire type is unexpected_wire_type at its key") {
    // port (varint) sent length-delimited, after one valid field.
    const auto port = wire_builder().varint(2, 1).bytes(1, "x");
    CHECK(decode_both<v2::get_broker_http_endpoint_response>(port.str()) ==
          status{errc::unexpected_wire_type, 1, 2});
    // a string sent as a varint, fixed32, fixed64 and group
    CHECK(decode_both<v2::service_definition>(wire_builder().varint(1, 5).str()) ==
          status{errc::unexpected_wire_type, 1, 0});
    CHECK(decode_both<v2::service_definition>(wire_builder().fixed32(2, 5).str()) ==
          status{errc::unexpected_wire_type, 2, 0});
    CHECK(decode_both<v1::frame>(wire_builder().fixed64(4, 5).str()) == status{errc::unexpected_wire_type, 4, 0});
    CHECK(decode_both<v1::frame>(std::string("\x43\x44", 2)) == status{errc::unexpected_wire_type, 8, 0});
    // an embedded message and a oneof member sent as varints; a high field number with a 2-byte key
    CHECK(decode_both<v2::service_definition>(wire_builder().varint(10, 1).str()) ==
          status{errc::unexpected_wire_type, 10, 0});
    CHECK(decode_both<v2::session_frame>(wire_builder().varint(6, 1).str()) ==
          status{errc::unexpected_wire_type, 6, 0});
    CHECK(decode_both<v2::session_frame>(wire_builder().bytes(2, "").str()) ==
          status{errc::unexpected_wire_type, 2, 0});
    CHECK(decode_both<v2::cache_manifest>(wire_builder().bytes(1, "").varint(70, 1).str()) ==
          status{errc::unexpected_wire_type, 70, 2});
}

TEST_CASE("a known field with the wrong wire type inside a nested message is reported at its key") {
    const auto in = wire_builder().bytes(1, "svc").message(10, wire_builder().bytes(1, "a").varint(2, 1));
    CHECK(decode_both<v2::service_definition>(in.str()) == status{errc::unexpected_wire_type, 2, 10});
}

TEST_CASE("field number 0 is invalid_tag at the key's offset") {
    CHECK(decode_both<v2::backend_http_ready>(std::string("\x08\x01\x00", 3)) == status{errc::invalid_tag, 0, 2});
    CHECK(decode_both<v2::service_definition>(std::string("\x02\x00", 2)) == status{errc::invalid_tag, 0, 0});
}

TEST_CASE("wire types 6 and 7 are invalid_wire_type at the key's offset") {
    CHECK(decode_both<v2::backend_http_ready>("\x08\x01\x0E") == status{errc::invalid_wire_type, 1, 2});
    CHECK(decode_both<v2::backend_http_ready>("\x08\x01\x7F") == status{errc::invalid_wire_type, 15, 2});
    CHECK(decode_both<v2::service_definition>(wire_builder().bytes(1, "a").key(99, 6).str()) ==
          status{errc::invalid_wire_type, 99, 3});
}

TEST_CASE("a key of 2^32 or more is invalid_key at the key's offset") {
    const auto in = wire_builder().varint(1, 1).raw_varint(std::uint64_t{1} << 32);
    CHECK(decode_both<v2::backend_http_ready>(in.str()) == status{errc::invalid_key, 0, 2});
}

TEST_CASE("a singular scalar seen twice: the last value wins") {
    const auto port = wire_builder().varint(1, 1).varint(1, 2).varint(1, 0);
    CHECK(decoded<v2::backend_http_ready>(port.str()).port == 0);
    const auto name = wire_builder().bytes(1, "first").varint(3, 1).bytes(1, "second");
    const v2::service_definition def = decoded<v2::service_definition>(name.str());
    CHECK(def.service_name == "second");
    CHECK(def.isolation == v2::broker_isolation::shared_broker);
    const auto frame = wire_builder().bytes(4, "old").varint(5, 9).bytes(4, "").varint(5, 10);
    const v1::frame f = decoded<v1::frame>(frame.str());
    CHECK(f.payload.empty());
    CHECK(f.request_id == 10);
}

TEST_CASE("64-bit fields keep all 64 bits") {
    const auto in = wire_builder().varint(4, 1763800000000).varint(5, ~std::uint64_t{0} - 1);
    const v2::cache_manifest m = decoded<v2::cache_manifest>(in.str());
    CHECK(m.created_at_unix_ms == 1763800000000u);
    CHECK(m.last_active_unix_ms == ~std::uint64_t{0} - 1);
}
