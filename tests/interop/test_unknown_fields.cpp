// Rule: fields a newer peer knows and this schema does not survive a
// brokerwire decode and encode (docs/contract.md, "Unknown fields": they are
// kept as raw bytes and written back), at the top level and inside nested
// messages, whatever their wire type (groups included) and wherever they stand
// in the input.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compare.hpp"
#include "random_messages.hpp"
#include "reference_messages.hpp"
#include "test_plan.hpp"

using namespace interop;

namespace {

// The same message with its top-level unknown fields first rather than last,
// as a peer that numbers new fields low may send them.
template <class Reference>
std::string unknown_fields_first(const Reference& message) {
    std::string front;
    unknown_of(message).SerializeToString(&front);
    Reference known_only = message;
    mutable_unknown_of(known_only).Clear();
    return front + deterministic_bytes(known_only);
}

}  // namespace

TEST_CASE("unknown fields survive a brokerwire decode and encode and parse again in libprotobuf") {
    int types = 0;
    for_each_type([&](auto pair) {
        using reference_type = typename decltype(pair)::reference;
        using ours_type = typename decltype(pair)::ours;
        random_source random(seed_for(pair.short_name) ^ 0x756e6b6e6f776eu);
        int survived = 0;
        std::string first_failure;
        for (int i = 0; i < unknown_field_messages_per_type; ++i) {
            reference_type original;
            fill_random(original, random);
            add_random_unknown_fields(original, random, true);
            const std::string bytes =
                random.chance(50) ? unknown_fields_first(original) : deterministic_bytes(original);

            ours_type ours;
            const brokerwire::status status = decode(brokerwire::bytes_view(bytes), ours);
            std::string why;
            reference_type back;
            if (!status.ok()) {
                why = "decode failed: " + brokerwire::to_string(status);
            } else if (!same_values(original, ours, &why)) {
                why = "after decode: " + why;
            } else {
                const std::vector<std::uint8_t> again = encode(ours);
                if (!back.ParseFromArray(again.data(), static_cast<int>(again.size()))) {
                    why = "libprotobuf rejects the re-encoding";
                } else if (deterministic_bytes(back) != deterministic_bytes(original)) {
                    // Same known values and the same unknown fields, in order, at every level.
                    same_values(back, ours, &why);
                    why = "the re-encoding reads back differently: " + why;
                } else {
                    ++survived;
                    continue;
                }
            }
            if (first_failure.empty()) first_failure = "message " + std::to_string(i) + ": " + why;
        }
        INFO(pair.short_name);
        CHECK_MESSAGE(survived == unknown_field_messages_per_type, first_failure);
        MESSAGE(pair.short_name << ": " << survived << " messages with unknown fields round-tripped");
        ++types;
    });
    CHECK(types == type_count);
}

TEST_CASE("a newer peer's field keeps its value and place through brokerwire") {
    pb2::ServiceDefinition original;
    original.set_service_name("svc");
    original.mutable_http_server()->set_bind_addr("127.0.0.1");
    mutable_unknown_of(*original.mutable_http_server()).AddLengthDelimited(4, "tls");
    auto* unknown = &mutable_unknown_of(original);
    unknown->AddVarint(11, 300);
    unknown->AddFixed64(12, 0x0102030405060708u);
    unknown->AddGroup(13)->AddFixed32(1, 7);
    const std::string bytes = original.SerializeAsString();

    bw2::service_definition ours;
    REQUIRE(decode(brokerwire::bytes_view(bytes), ours).ok());
    CHECK(ours.service_name == "svc");
    REQUIRE(ours.http_server.has_value());
    CHECK(ours.http_server->unknown_fields == std::string("\x22\x03tls", 5));
    // key 11 varint 300; key 12 fixed64; group 13 holding fixed32 1 = 7
    CHECK(ours.unknown_fields == std::string("\x58\xac\x02"
                                             "\x61\x08\x07\x06\x05\x04\x03\x02\x01"
                                             "\x6b\x0d\x07\x00\x00\x00\x6c",
                                             19));
    const std::vector<std::uint8_t> again = encode(ours);
    CHECK(std::string(again.begin(), again.end()) == bytes);
}
