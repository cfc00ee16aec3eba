// Rules: what brokerwire encodes parses in libprotobuf to the same values
// (docs/contract.md, "Encoding": output decodes under the reference to the same
// values), and is byte for byte libprotobuf's deterministic encoding (field
// order, map entries sorted by key), except for a map entry with an empty key
// or value, which prost and brokerwire omit from the entry and libprotobuf
// writes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compare.hpp"
#include "convert.hpp"
#include "random_messages.hpp"
#include "reference_messages.hpp"
#include "test_plan.hpp"

using namespace interop;

TEST_CASE("every message brokerwire encodes parses in libprotobuf to the same field values") {
    int types = 0;
    for_each_type([&](auto pair) {
        using reference_type = typename decltype(pair)::reference;
        random_source random(seed_for(pair.short_name));  // the values the decode direction checked
        int agreed = 0;
        std::string first_failure;
        for (int i = 0; i < messages_per_type; ++i) {
            reference_type original;
            fill_random(original, random);
            const auto ours = to_brokerwire(original);
            std::string why;
            REQUIRE_MESSAGE(same_values(original, ours, &why), why);  // the conversion itself is faithful

            const std::vector<std::uint8_t> bytes = encode(ours);
            reference_type parsed;
            if (bytes.size() != encoded_size(ours)) {
                why = "encoded_size " + std::to_string(encoded_size(ours)) + " but encode wrote " +
                      std::to_string(bytes.size());
            } else if (!parsed.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
                why = "libprotobuf rejects the encoding";
            } else if (same_values(parsed, ours, &why)) {
                ++agreed;
                continue;
            }
            if (first_failure.empty()) first_failure = "message " + std::to_string(i) + ": " + why;
        }
        INFO(pair.short_name);
        CHECK_MESSAGE(agreed == messages_per_type, first_failure);
        MESSAGE(pair.short_name << ": " << agreed << " brokerwire encodings parsed by libprotobuf and compared");
        ++types;
    });
    CHECK(types == type_count);
}

TEST_CASE("brokerwire's encoding equals libprotobuf's deterministic encoding unless a map entry has an empty key or value") {
    int types = 0;
    for_each_type([&](auto pair) {
        using reference_type = typename decltype(pair)::reference;
        random_source random(seed_for(pair.short_name));
        int identical = 0, with_default_entry = 0;
        std::string first_failure;
        for (int i = 0; i < messages_per_type; ++i) {
            reference_type original;
            fill_random(original, random);
            if (has_default_map_entry(original)) {
                ++with_default_entry;  // encoded differently by design; values are checked above
                continue;
            }
            const std::vector<std::uint8_t> ours = encode(to_brokerwire(original));
            const std::string theirs = deterministic_bytes(original);
            if (std::string(ours.begin(), ours.end()) == theirs) {
                ++identical;
            } else if (first_failure.empty()) {
                first_failure = "message " + std::to_string(i) + ": " + std::to_string(ours.size()) +
                                " bytes from brokerwire, " + std::to_string(theirs.size()) + " from libprotobuf";
            }
        }
        INFO(pair.short_name);
        CHECK_MESSAGE(identical + with_default_entry == messages_per_type, first_failure);
        CHECK(identical > 0);
        MESSAGE(pair.short_name << ": " << identical << " byte-identical encodings, " << with_default_entry
                                << " with an empty map key or value (values compared only)");
        ++types;
    });
    CHECK(types == type_count);
}
