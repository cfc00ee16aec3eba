// docs/contract.md, "Repeated fields and merging", "Maps" and "Oneofs":
// embedded messages merge, repeated fields append, map entries default and
// overwrite, oneof members replace or merge; and a message decoded again keeps
// nothing from its previous contents.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "wire_builder.hpp"

using brokerwire::bytes_view;
using brokerwire::test::decoded;
using brokerwire::test::wire_builder;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

using string_map = std::map<std::string, std::string>;

TEST_CASE("a singular embedded message seen twice is merged") {
    const auto in = wire_builder()
                        .message(10, wire_builder().bytes(1, "127.0.0.1").bytes(3, "first"))
                        .bytes(1, "svc")
                        .message(10, wire_builder().bytes(2, "/healthz").bytes(3, "second"));
    const v2::service_definition def = decoded<v2::service_definition>(in.str());
    REQUIRE(def.http_server.has_value());
    CHECK(def.http_server->bind_addr == "127.0.0.1");
    CHECK(def.http_server->health_path == "/healthz");
    CHECK(def.http_server->display_name == "second");
    CHECK(def.service_name == "svc");
}

TEST_CASE("an embedded message present but empty is present") {
    const v2::service_definition def = decoded<v2::service_definition>(std::string("\x52\x00", 2));
    REQUIRE(def.http_server.has_value());
    CHECK(*def.http_server == v2::http_server_capability{});
}

TEST_CASE("repeated fields append in wire order, interleaved with other fields") {
    const auto in = wire_builder().bytes(7, "1.0.0").bytes(1, "svc").bytes(7, "").bytes(7, "2.0.0");
    CHECK(decoded<v2::service_definition>(in.str()).version_allow_list ==
          std::vector<std::string>{"1.0.0", "", "2.0.0"});
    const auto roots = wire_builder()
                           .message(10, wire_builder().varint(1, 1).bytes(2, "/a"))
                           .bytes(1, "svc")
                           .message(10, wire_builder())
                           .message(10, wire_builder().bytes(2, "/c").varint(1, 4));
    const v2::cache_manifest m = decoded<v2::cache_manifest>(roots.str());
    REQUIRE(m.roots.size() == 3);
    CHECK(m.roots[0].kind == v2::cache_root_kind::cache_data);
    CHECK(m.roots[0].path == "/a");
    CHECK(m.roots[1] == v2::cache_root{});
    CHECK(m.roots[2].kind == v2::cache_root_kind::cache_runtime);
    CHECK(m.roots[2].path == "/c");
}

TEST_CASE("map entry with a missing key uses the default key") {
    const auto in = wire_builder().message(8, wire_builder().bytes(2, "value only"));
    CHECK(decoded<v2::service_definition>(in.str()).labels == string_map{{"", "value only"}});
}

TEST_CASE("map entry with a missing value uses the default value") {
    const auto in = wire_builder().message(3, wire_builder().bytes(1, "key only")).message(3, wire_builder());
    CHECK(decoded<v2::session_exit>(in.str()).metadata == string_map{{"key only", ""}, {"", ""}});
}

TEST_CASE("map: a duplicate key keeps the last value") {
    const auto in = wire_builder().entry(8, "team", "a").entry(8, "tier", "gold").entry(8, "team", "b");
    CHECK(decoded<v2::service_definition>(in.str()).labels == string_map{{"team", "b"}, {"tier", "gold"}});
}

TEST_CASE("map entry: fields in any order, repeated fields last-wins, unknown fields skipped") {
    const auto entry = wire_builder().bytes(2, "v1").varint(3, 9).bytes(1, "k").bytes(2, "v2").fixed32(4, 1);
    CHECK(decoded<v2::session_exit>(wire_builder().message(3, entry).str()).metadata == string_map{{"k", "v2"}});
}

TEST_CASE("map entry: a key or value with the wrong wire type is unexpected_wire_type") {
    const auto in = wire_builder().bytes(1, "svc").message(8, wire_builder().varint(1, 5));
    CHECK(brokerwire::test::decode_both<v2::service_definition>(in.str()) ==
          brokerwire::status{brokerwire::errc::unexpected_wire_type, 1, 7});
}

TEST_CASE("a map field sent with another wire type is read as an entry, as prost does") {
    // prost's map merge never checks the field's wire type: `40 00` (field 8
    // as a varint) reads a zero-length entry, the pair ("", "").
    const std::string in("\x0A\x03svc\x40\x00", 7);
    const v2::service_definition def = decoded<v2::service_definition>(in);
    CHECK(def.labels == string_map{{"", ""}});
    const std::string exit_in("\x2A\x02\x18\x00", 4);
    const v2::session_frame frame = decoded<v2::session_frame>(exit_in);
    REQUIRE(frame.exit() != nullptr);
    CHECK(frame.exit()->metadata == string_map{{"", ""}});
}

TEST_CASE("a view walks past a map entry of another wire type as the decoder read it") {
    // `43 00` is field 8 as START_GROUP: an empty entry, not a group to skip,
    // so the repeated string after it is still found.
    const std::string in("\x0A\x03svc\x43\x00\x3A\x01x", 10);
    const v2::service_definition def = decoded<v2::service_definition>(in);
    CHECK(def.labels == string_map{{"", ""}});
    CHECK(def.version_allow_list == std::vector<std::string>{"x"});
    // Two merged exits, the first holding a FIXED32-keyed entry: the walk over
    // the merged run reads both.
    const std::string merged("\x2A\x02\x1D\x00\x2A\x05\x1A\x03\x0A\x01k", 11);
    const v2::session_frame frame = decoded<v2::session_frame>(merged);
    REQUIRE(frame.exit() != nullptr);
    CHECK(frame.exit()->metadata == string_map{{"", ""}, {"k", ""}});
}

TEST_CASE("oneof: the last member seen wins") {
    const auto in = wire_builder().bytes(1, "in").bytes(3, "out").varint(2, 0);
    const v2::session_frame frame = decoded<v2::session_frame>(in.str());
    REQUIRE(frame.stdin_eof() != nullptr);
    CHECK(*frame.stdin_eof() == false);
    const auto to_stderr = wire_builder().message(5, wire_builder().varint(1, 3)).bytes(4, "err");
    REQUIRE(decoded<v2::session_frame>(to_stderr.str()).stderr_bytes() != nullptr);
    CHECK(*decoded<v2::session_frame>(to_stderr.str()).stderr_bytes() == "err");
}

TEST_CASE("oneof: the same message member seen twice is merged") {
    const auto in = wire_builder()
                        .message(5, wire_builder().varint(1, 3).entry(3, "a", "1"))
                        .message(5, wire_builder().varint(2, 9).entry(3, "b", "2"));
    const v2::session_frame frame = decoded<v2::session_frame>(in.str());
    REQUIRE(frame.exit() != nullptr);
    CHECK(frame.exit()->code == 3);
    CHECK(frame.exit()->signal == 9);
    CHECK(frame.exit()->metadata == string_map{{"a", "1"}, {"b", "2"}});
    const auto start = wire_builder()
                           .message(6, wire_builder().bytes(1, "rustc").bytes(2, "-O"))
                           .message(6, wire_builder().bytes(2, "-g").message(4, wire_builder().bytes(1, "K")));
    const v2::session_frame s = decoded<v2::session_frame>(start.str());
    REQUIRE(s.start() != nullptr);
    CHECK(s.start()->program == "rustc");
    CHECK(s.start()->args == std::vector<std::string>{"-O", "-g"});
    REQUIRE(s.start()->env.size() == 1);
    CHECK(s.start()->env[0].key == "K");
}

TEST_CASE("oneof: another member in between ends the merge") {
    const auto in = wire_builder()
                        .message(5, wire_builder().varint(1, 3))
                        .bytes(1, "x")
                        .message(5, wire_builder().varint(2, 9));
    const v2::session_frame frame = decoded<v2::session_frame>(in.str());
    REQUIRE(frame.exit() != nullptr);
    CHECK(frame.exit()->code == 0);
    CHECK(frame.exit()->signal == 9);
}

TEST_CASE("oneof: the same bytes member seen twice keeps the last value") {
    const auto in = wire_builder().bytes(3, "first").bytes(3, "second");
    CHECK(*decoded<v2::session_frame>(in.str()).stdout_bytes() == "second");
}

TEST_CASE("decode into a reused message: nothing from the previous decode leaks into the next") {
    v2::service_definition def;
    const auto full = wire_builder()
                          .bytes(1, "svc")
                          .varint(3, 2)
                          .bytes(7, "1.0.0")
                          .bytes(7, "2.0.0")
                          .entry(8, "k", "v")
                          .message(10, wire_builder().bytes(1, "addr").varint(9, 1))
                          .varint(99, 1);
    REQUIRE(decode(bytes_view(full), def).ok());
    REQUIRE(def.http_server.has_value());
    CHECK(!def.unknown_fields.empty());
    CHECK(!def.http_server->unknown_fields.empty());

    const auto partial = wire_builder().bytes(7, "3.0.0").message(10, wire_builder().bytes(2, "/h"));
    REQUIRE(decode(bytes_view(partial), def).ok());
    v2::service_definition fresh;
    REQUIRE(decode(bytes_view(partial), fresh).ok());
    CHECK(def == fresh);
    CHECK(def.http_server->bind_addr.empty());

    REQUIRE(decode(bytes_view(), def).ok());
    CHECK(def == v2::service_definition{});
}

TEST_CASE("decode into a reused message: repeated messages and oneof members start empty") {
    v2::cache_manifest m;
    const auto three = wire_builder()
                           .message(10, wire_builder().bytes(2, "/a").varint(7, 1))
                           .message(10, wire_builder().bytes(2, "/b"))
                           .message(10, wire_builder().bytes(2, "/c"));
    REQUIRE(decode(bytes_view(three), m).ok());
    const auto one = wire_builder().message(10, wire_builder().varint(1, 2));
    REQUIRE(decode(bytes_view(one), m).ok());
    REQUIRE(m.roots.size() == 1);
    CHECK(m.roots[0] == decoded<v2::cache_manifest>(one.str()).roots[0]);

    v2::session_frame frame;
    const auto start = wire_builder().message(6, wire_builder().bytes(1, "p").bytes(2, "a").varint(5, 1));
    REQUIRE(decode(bytes_view(start), frame).ok());
    const auto other = wire_builder().message(6, wire_builder().bytes(3, "/cwd"));
    REQUIRE(decode(bytes_view(other), frame).ok());
    CHECK(frame == decoded<v2::session_frame>(other.str()));
    REQUIRE(decode(bytes_view(wire_builder().bytes(3, "o")), frame).ok());
    CHECK(*frame.stdout_bytes() == "o");
    REQUIRE(decode(bytes_view(), frame).ok());
    CHECK(frame.kind.index() == 0);
}

TEST_CASE("decode into a reused message after a failed decode gives the fresh result") {
    v1::frame f;
    (void)decode(bytes_view(std::string("\x22\x03" "ab\x28\x01", 6)), f);
    const auto good = wire_builder().varint(1, 1).bytes(8, "tp");
    REQUIRE(decode(bytes_view(good), f).ok());
    CHECK(f == decoded<v1::frame>(good.str()));
}
