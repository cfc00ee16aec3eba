// Rule: bytes libprotobuf writes for any message of the schema decode in
// brokerwire to the same values, field by field (SPEC §1: a byte string valid
// for the reference decodes here to the same values).
#include <doctest/doctest.h>

#include <string>

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
