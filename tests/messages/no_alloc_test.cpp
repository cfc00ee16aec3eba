// docs/contract.md, "Encoding" (a caller-supplied buffer is filled without
// a heap allocation) and "Length-delimited fields" (nothing is reserved from
// a claimed length): counted with a replaced global operator new, which is
// why this is an executable of its own.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "counting_new.hpp"
#include "sample_messages.hpp"
#include "wire_builder.hpp"

namespace {

template <typename F, typename... T>
void for_each_message(const std::tuple<T...>& all, F f) {
    std::apply([&](const auto&... m) { (f(m), ...); }, all);
}

}  // namespace

using brokerwire::bytes_view;
using brokerwire::errc;
using brokerwire::status;
using brokerwire::test::allocations_during;
using brokerwire::test::wire_builder;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

TEST_CASE("the allocation counter sees allocations") {
    // Through a volatile pointer, so the compiler cannot elide the pair.
    CHECK(allocations_during([] {
              int* volatile p = new int(1);
              delete p;
          }) == 1);
}

TEST_CASE("encode into a caller buffer does not allocate") {
    for_each_message(brokerwire::test::all_full_messages(), [](const auto& m) {
        CAPTURE(m.full_name);
        std::vector<std::uint8_t> buffer(4096);
        std::size_t size = 0;
        std::size_t written = 0;
        const long n = allocations_during([&] {
            size = encoded_size(m);
            written = encode(m, buffer.data(), buffer.size());
        });
        CHECK(n == 0);
        CHECK(written == size);
        CHECK(written > 0);
    });
}

TEST_CASE("a length past the end is buffer_underflow and allocates nothing") {
    // A 4 GiB claimed length in a string, bytes, repeated, map, embedded and oneof field.
    const std::uint64_t four_gib = std::uint64_t{1} << 32;
    const auto claimed = [&](std::uint32_t field) { return wire_builder().key(field, 2).raw_varint(four_gib).str(); };
    for (const std::uint32_t field : {1u, 7u, 8u, 10u}) {
        CAPTURE(field);
        const std::string in = claimed(field) + "some bytes";
        v2::service_definition m;
        status s;
        CHECK(allocations_during([&] { s = decode(bytes_view(in), m); }) == 0);
        CHECK(s == status{errc::buffer_underflow, field, 1});
    }
    const std::string payload = claimed(4);
    v1::frame f;
    status s;
    CHECK(allocations_during([&] { s = decode(bytes_view(payload), f); }) == 0);
    CHECK(s == status{errc::buffer_underflow, 4, 1});
    const std::string roots = claimed(10);
    v2::cache_manifest manifest;
    CHECK(allocations_during([&] { s = decode(bytes_view(roots), manifest); }) == 0);
    CHECK(s == status{errc::buffer_underflow, 10, 1});
    const std::string start = claimed(6);
    v2::session_frame frame;
    CHECK(allocations_during([&] { s = decode(bytes_view(start), frame); }) == 0);
    CHECK(s == status{errc::buffer_underflow, 6, 1});
    // ... and an unknown field, whose bytes would be kept.
    const std::string unknown = claimed(99);
    CHECK(allocations_during([&] { s = decode(bytes_view(unknown), f); }) == 0);
    CHECK(s == status{errc::buffer_underflow, 99, 2});
}

TEST_CASE("the view decode allocates nothing, iteration of its repeated fields included") {
    for_each_message(brokerwire::test::all_full_messages(), [](const auto& m) {
        using message = std::decay_t<decltype(m)>;
        CAPTURE(m.full_name);
        const std::vector<std::uint8_t> bytes = encode(m);
        typename brokerwire::test::view_of<message>::type view;
        status s;
        CHECK(allocations_during([&] { s = decode(bytes_view(bytes), view); }) == 0);
        CHECK(s.ok());
    });
    const std::vector<std::uint8_t> bytes = encode(brokerwire::test::full_service_definition());
    v2::service_definition_view view;
    std::size_t elements = 0;
    std::string_view team;
    const long n = allocations_during([&] {
        (void)decode(bytes_view(bytes), view);
        for (const std::string_view v : view.version_allow_list) {
            if (!v.empty()) ++elements;
        }
        for (const brokerwire::string_map_entry& e : view.labels) {
            if (!e.key.empty()) ++elements;
        }
        (void)view.labels.find("team", team);
    });
    CHECK(n == 0);
    CHECK(elements == 2 + 3);
    CHECK(team == "build");
}

TEST_CASE("decode into a reused message without maps reuses its storage: no allocation") {
    const auto check_reuse = [](const auto& full) {
        using message = std::decay_t<decltype(full)>;
        CAPTURE(full.full_name);
        const std::vector<std::uint8_t> bytes = encode(full);
        message m;
        REQUIRE(decode(bytes_view(bytes), m).ok());
        status s;
        CHECK(allocations_during([&] { s = decode(bytes_view(bytes), m); }) == 0);
        CHECK(s.ok());
        CHECK(m == full);
    };
    check_reuse(brokerwire::test::full_frame());
    check_reuse(brokerwire::test::full_session_start());
    check_reuse(brokerwire::test::full_cache_manifest());
    check_reuse(brokerwire::test::full_session_frame());
}
