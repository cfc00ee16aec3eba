// docs/contract.md, "Encoding": field-number order, proto3 defaults omitted,
// presence written, maps sorted, a caller buffer filled exactly or not at all;
// and a round trip for every message type.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "sample_messages.hpp"
#include "wire_builder.hpp"

using brokerwire::bytes_view;
using brokerwire::test::as_string;
using brokerwire::test::wire_builder;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

namespace {

template <typename F, typename... T>
void for_each_message(const std::tuple<T...>& all, F f) {
    std::apply([&](const auto&... m) { (f(m), ...); }, all);
}

}  // namespace

TEST_CASE("encoding writes fields in field-number order, then the unknown fields") {
    v1::frame f;
    f.tracestate = "ts";
    f.request_id = 5;
    f.envelope_version = 1;
    f.payload = "p";
    f.unknown_fields = "\x98\x06\x01";
    const std::string expected =
        wire_builder().varint(1, 1).bytes(4, "p").varint(5, 5).bytes(9, "ts").raw("\x98\x06\x01").str();
    CHECK(as_string(encode(f)) == expected);
}

TEST_CASE("unknown fields are kept and re-emitted after the known fields") {
    const std::string unknown_a = wire_builder().varint(20, 7).str();
    const std::string unknown_b = wire_builder().fixed32(100, 1).key(150, 3).varint(1, 1).key(150, 4).str();
    const std::string in = unknown_a + wire_builder().bytes(2, "1.0").str() + unknown_b +
                           wire_builder().bytes(1, "svc").str();
    const v2::cache_manifest m = brokerwire::test::decoded<v2::cache_manifest>(in);
    CHECK(m.unknown_fields == unknown_a + unknown_b);
    CHECK(as_string(encode(m)) == wire_builder().bytes(1, "svc").bytes(2, "1.0").str() + unknown_a + unknown_b);
}

TEST_CASE("unknown fields of a nested message stay inside it on re-encoding") {
    const std::string nested_unknown = wire_builder().fixed64(9, 42).str();
    const auto in = wire_builder().message(10, wire_builder().bytes(2, "/p").raw(nested_unknown));
    const v2::cache_manifest m = brokerwire::test::decoded<v2::cache_manifest>(in.str());
    REQUIRE(m.roots.size() == 1);
    CHECK(m.unknown_fields.empty());
    CHECK(m.roots[0].unknown_fields == nested_unknown);
    CHECK(as_string(encode(m)) == in.str());
}

TEST_CASE("encoding omits proto3 defaults") {
    CHECK(encode(v2::service_definition{}).empty());
    CHECK(encode(v1::frame{}).empty());
    CHECK(encode(v2::session_frame{}).empty());
    CHECK(encoded_size(v2::cache_manifest{}) == 0);
    v2::session_start s;
    s.clear_inherited_env = false;
    s.environment_policy = v2::environment_policy::unspecified;
    s.args = {};
    CHECK(encode(s).empty());
}

TEST_CASE("repeated fields write every element, empty ones included") {
    v2::service_definition d;
    d.version_allow_list = {"", "a"};
    CHECK(as_string(encode(d)) == wire_builder().bytes(7, "").bytes(7, "a").str());
    v2::cache_manifest m;
    m.roots.resize(2);
    CHECK(as_string(encode(m)) == std::string("\x52\x00\x52\x00", 4));
}

TEST_CASE("a present optional message is written even when empty") {
    v2::service_definition d;
    d.http_server.emplace();
    CHECK(as_string(encode(d)) == std::string("\x52\x00", 2));
}

TEST_CASE("a set oneof member is written even when it holds its default") {
    v2::session_frame f;
    f.set_stdin_eof(false);
    CHECK(as_string(encode(f)) == std::string("\x10\x00", 2));
    f.set_stdin_bytes("");
    CHECK(as_string(encode(f)) == std::string("\x0A\x00", 2));
    f.set_exit({});
    CHECK(as_string(encode(f)) == std::string("\x2A\x00", 2));
}

TEST_CASE("map entries are encoded sorted by key") {
    v2::service_definition d;
    d.labels["zeta"] = "1";
    d.labels["alpha"] = "2";
    d.labels["mid"] = "3";
    const std::string expected = wire_builder().entry(8, "alpha", "2").entry(8, "mid", "3").entry(8, "zeta", "1").str();
    CHECK(as_string(encode(d)) == expected);
}

TEST_CASE("a map entry leaves out an empty key or value, as prost does") {
    v2::session_exit e;
    e.metadata = {{"", ""}, {"k", ""}};
    const std::string expected = wire_builder().bytes(3, "").message(3, wire_builder().bytes(1, "k")).str();
    CHECK(as_string(encode(e)) == expected);
}

TEST_CASE("a negative enum or int32 is written as a 10-byte varint") {
    v2::service_definition d;
    d.isolation = static_cast<v2::broker_isolation>(-2);
    const std::string minus_two = "\xFE" + std::string(8, '\xFF') + "\x01";
    CHECK(as_string(encode(d)) == "\x18" + minus_two);
    v2::session_exit e;
    e.signal = -2;
    CHECK(as_string(encode(e)) == "\x10" + minus_two);
}

TEST_CASE("encode into a too-small buffer writes nothing and returns 0") {
    const v2::service_definition d = brokerwire::test::full_service_definition();
    const std::size_t size = encoded_size(d);
    std::vector<std::uint8_t> buffer(size + 8, 0xEE);
    for (std::size_t capacity = 0; capacity < size; ++capacity) {
        CAPTURE(capacity);
        CHECK(encode(d, buffer.data(), capacity) == 0);
    }
    CHECK(std::vector<std::uint8_t>(buffer.size(), 0xEE) == buffer);
}

TEST_CASE("encode into a caller buffer writes exactly encoded_size bytes, for every message type") {
    for_each_message(brokerwire::test::all_full_messages(), [](const auto& m) {
        const std::size_t size = encoded_size(m);
        CAPTURE(m.full_name);
        REQUIRE(size > 0);
        std::vector<std::uint8_t> buffer(size + 4, 0xEE);
        CHECK(encode(m, buffer.data(), size) == size);
        CHECK(encode(m, buffer.data(), size + 4) == size);
        CHECK(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size)) ==
              encode(m));
        CHECK(buffer[size] == 0xEE);
        CHECK(encode(m, buffer.data(), size - 1) == 0);
    });
}

TEST_CASE("round trip for every message type: decode(encode(m)) == m, and the view agrees") {
    for_each_message(brokerwire::test::all_full_messages(), [](const auto& m) {
        using message = std::decay_t<decltype(m)>;
        CAPTURE(m.full_name);
        const std::vector<std::uint8_t> bytes = encode(m);
        message again;
        REQUIRE(decode(bytes_view(bytes), again).ok());
        CHECK(again == m);
        CHECK(encode(again) == bytes);
        typename brokerwire::test::view_of<message>::type view;
        REQUIRE(decode(bytes_view(bytes), view).ok());
        message without_unknown = m;
        brokerwire::test::clear_unknown(without_unknown);
        CHECK(to_message(view) == without_unknown);
    });
}

TEST_CASE("equality compares every field, unknown fields included") {
    v2::service_definition a = brokerwire::test::full_service_definition();
    v2::service_definition b = a;
    CHECK(a == b);
    b.http_server->display_name.clear();
    CHECK(a != b);
    b = a;
    b.unknown_fields.clear();
    CHECK(a != b);
    b = a;
    b.labels["team"] = "other";
    CHECK(a != b);
}
