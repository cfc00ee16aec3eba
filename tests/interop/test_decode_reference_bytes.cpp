// Rule: bytes libprotobuf writes for any message of the schema decode in
// brokerwire to the same values, field by field (docs/contract.md, "Wire
// primitives": a byte string valid for the reference decodes here to the same
// values), presence included: an optional scalar set to zero, and a oneof
// member holding only defaults.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compare.hpp"
#include "random_messages.hpp"
#include "reference_messages.hpp"
#include "test_plan.hpp"

using namespace interop;

namespace {

// True when brokerwire decodes `bytes` to exactly the values of `reference`.
template <class Ours, class Reference>
bool decodes_to(const Reference& reference, const std::string& bytes, std::string* why) {
    Ours ours;
    const brokerwire::status status = decode(brokerwire::bytes_view(bytes), ours);
    if (!status.ok()) {
        *why = "decode failed: " + brokerwire::to_string(status);
        return false;
    }
    return same_values(reference, ours, why);
}

}  // namespace

TEST_CASE("every message libprotobuf encodes decodes in brokerwire to the same field values") {
    int types = 0;
    for_each_type([&](auto pair) {
        using reference_type = typename decltype(pair)::reference;
        using ours_type = typename decltype(pair)::ours;
        random_source random(seed_for(pair.short_name));
        int agreed = 0;
        std::string first_failure;
        for (int i = 0; i < messages_per_type; ++i) {
            reference_type reference;
            fill_random(reference, random);
            // Both of libprotobuf's encodings: the deterministic one (map entries
            // sorted, reproducible) and the default one (map entries in hash
            // order, which varies from run to run, so unsorted maps are read too).
            std::string hash_ordered;
            REQUIRE(reference.SerializeToString(&hash_ordered));
            std::string why;
            if (decodes_to<ours_type>(reference, deterministic_bytes(reference), &why) &&
                decodes_to<ours_type>(reference, hash_ordered, &why)) {
                ++agreed;
            } else if (first_failure.empty()) {
                first_failure = "message " + std::to_string(i) + ": " + why;
            }
        }
        INFO(pair.short_name);
        CHECK_MESSAGE(agreed == messages_per_type, first_failure);
        MESSAGE(pair.short_name << ": " << agreed << " messages decoded from both libprotobuf encodings and compared");
        ++types;
    });
    CHECK(types == type_count);
}

namespace {

std::string as_string(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

TEST_CASE("an optional scalar set to zero is present in both implementations, and an unset one absent") {
    // proto3 `optional`: libprotobuf writes a set zero (key 7, varint 0) and
    // tells it from an unset field by has_idle_timeout_secs().
    pb1::DaemonProcess zero;
    zero.set_idle_timeout_secs(0);
    const std::string zero_bytes = zero.SerializeAsString();
    REQUIRE(zero_bytes == std::string("\x38\x00", 2));
    bw1::daemon_process ours;
    REQUIRE(decode(brokerwire::bytes_view(zero_bytes), ours).ok());
    REQUIRE(ours.idle_timeout_secs.has_value());
    CHECK(*ours.idle_timeout_secs == 0);
    CHECK(as_string(encode(ours)) == zero_bytes);

    pb1::DaemonProcess unset;
    unset.set_pid(7);
    const std::string unset_bytes = unset.SerializeAsString();
    REQUIRE(decode(brokerwire::bytes_view(unset_bytes), ours).ok());
    CHECK_FALSE(ours.idle_timeout_secs.has_value());
    const std::string again = as_string(encode(ours));
    CHECK(again == unset_bytes);
    pb1::DaemonProcess parsed;
    REQUIRE(parsed.ParseFromString(again));
    CHECK_FALSE(parsed.has_idle_timeout_secs());

    // The encode direction: brokerwire's set zero reads as set in libprotobuf.
    bw1::daemon_process set_zero;
    set_zero.idle_timeout_secs = 0;
    REQUIRE(parsed.ParseFromString(as_string(encode(set_zero))));
    CHECK(parsed.has_idle_timeout_secs());
    CHECK(parsed.idle_timeout_secs() == 0);
}

TEST_CASE("a oneof member holding only default values is the set member in both implementations") {
    pb1::HelloReply reference;
    reference.mutable_refused();
    const std::string bytes = reference.SerializeAsString();
    REQUIRE(bytes == std::string("\x12\x00", 2));
    bw1::hello_reply ours;
    REQUIRE(decode(brokerwire::bytes_view(bytes), ours).ok());
    REQUIRE(ours.refused() != nullptr);
    CHECK(ours.negotiated() == nullptr);
    CHECK(as_string(encode(ours)) == bytes);

    // Of two members the last one read wins, in both.
    // negotiated {negotiated_protocol: 2}, then refused {daemon_min_protocol: 5}
    const std::string two = std::string("\x0a\x02\x08\x02\x12\x02\x10\x05", 8);
    REQUIRE(reference.ParseFromString(two));
    REQUIRE(decode(brokerwire::bytes_view(two), ours).ok());
    std::string why;
    CHECK_MESSAGE(same_values(reference, ours, &why), why);
    REQUIRE(ours.refused() != nullptr);
    CHECK(ours.refused()->daemon_min_protocol == 5);
}
