// Rule: brokerwire and libprotobuf agree on arbitrary bytes — both reject,
// or both accept with the same values — except where prost is knowingly
// stricter (a known field with the wrong wire type, a tenth varint byte above
// 0x01, a key of 2^32 or above, field number 0, a field inside 100 levels of
// nesting) or libprotobuf is (keys and lengths longer than five bytes), or
// they read a map key of another wire type differently; see differential.cpp.
// Inputs: the benchmark samples, random valid messages, and deterministic
// mutations.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "differential.hpp"
#include "random_messages.hpp"
#include "reference_messages.hpp"
#include "test_plan.hpp"

using namespace interop;

namespace {

struct sample {
    std::string type;
    std::string bytes;
};

std::string read_sample(const char* name) {
    const char* dir = std::getenv("BROKERWIRE_SAMPLE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "BROKERWIRE_SAMPLE_DIR names bench/data");
    std::ifstream in(std::string(dir) + "/" + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<sample> bench_samples() {
    return {
        {"GetBrokerHttpEndpointResponse", read_sample("endpoint_resp.bin")},
        {"Frame", read_sample("frame_ready.bin")},
        {"CacheManifest", read_sample("manifest.bin")},
        {"BackendHttpReady", read_sample("ready.bin")},
        {"ServiceDefinition", read_sample("servicedef.bin")},
        {"SessionStart", read_sample("session_start.bin")},
        {"SessionFrame", read_sample("session_stdout_64k.bin")},
    };
}

// Random valid messages of every type, half of them with unknown fields.
std::vector<sample> random_samples(int per_type) {
    std::vector<sample> out;
    random_source random(seed_for("differential"));
    for_each_type([&](auto pair) {
        for (int i = 0; i < per_type; ++i) {
            typename decltype(pair)::reference message;
            fill_random(message, random);
            if (random.chance(50)) add_random_unknown_fields(message, random, true);
            out.push_back({std::string(pair.short_name), deterministic_bytes(message)});
        }
    });
    return out;
}

void append_varint(std::string& out, std::uint64_t value) {
    for (; value > 0x7f; value >>= 7) out += static_cast<char>((value & 0x7f) | 0x80);
    out += static_cast<char>(value);
}

// Appends a key of a random field number (small ones hit known fields) and
// wire type, then a plausible value for it.
void insert_field(std::string& bytes, std::size_t at, random_source& random) {
    std::string field;
    const std::uint64_t number = random.below(20);  // two statements: the draws' order is fixed
    const std::uint64_t wire_type = random.below(6);
    append_varint(field, (number << 3) | wire_type);
    switch (wire_type) {
    case 0: append_varint(field, random.any_uint64()); break;
    case 1: field += std::string(8, static_cast<char>(random.below(256))); break;
    case 2: field += static_cast<char>(random.below(12)); field += random.any_bytes().substr(0, 10); break;
    case 5: field += std::string(4, static_cast<char>(random.below(256))); break;
    default: break;  // groups: a start or end on its own, balanced or not
    }
    bytes.insert(at, field);
}

// A ten-byte varint, its last byte sometimes 0x01 (valid) and sometimes above.
void insert_long_varint(std::string& bytes, std::size_t at, random_source& random) {
    std::string varint(9, static_cast<char>(0x80 | random.below(128)));
    varint += static_cast<char>(random.below(4));
    bytes.insert(at, varint);
}

std::string mutated(const std::string& seed, const std::string& other, random_source& random) {
    std::string bytes = seed;
    const auto steps = 1 + random.below(3);
    for (std::uint64_t s = 0; s < steps; ++s) {
        const std::size_t at = bytes.empty() ? 0 : static_cast<std::size_t>(random.below(bytes.size() + 1));
        switch (random.below(8)) {
        case 0: if (at < bytes.size()) bytes[at] = static_cast<char>(bytes[at] ^ (1 << random.below(8))); break;
        case 1: if (at < bytes.size()) bytes[at] = static_cast<char>(random.below(256)); break;
        case 2: bytes.insert(at, 1, static_cast<char>(random.below(256))); break;
        case 3: bytes.erase(at, static_cast<std::size_t>(1 + random.below(8))); break;
        case 4: bytes.resize(at); break;
        case 5: bytes.insert(at, bytes.substr(at, static_cast<std::size_t>(random.below(16)))); break;
        case 6: insert_field(bytes, at, random); break;
        default:
            if (random.chance(50)) insert_long_varint(bytes, at, random);
            else bytes += other;  // two messages of one type concatenated merge
            break;
        }
    }
    return bytes;
}

struct tally {
    int inputs = 0, both_rejected = 0, both_agree = 0, excused = 0, disagreements = 0;
    std::string first_disagreement;

    void add(const sample& input) {
        std::string why;
        const auto* data = reinterpret_cast<const std::uint8_t*>(input.bytes.data());
        ++inputs;
        switch (differential_compare(input.type, data, input.bytes.size(), &why)) {
        case differential_verdict::both_rejected: ++both_rejected; break;
        case differential_verdict::both_agree: ++both_agree; break;
        case differential_verdict::excused: ++excused; break;
        case differential_verdict::disagreement:
        case differential_verdict::unknown_type:
            if (disagreements++ == 0) first_disagreement = input.type + ": " + why;
            break;
        }
    }
};

}  // namespace

TEST_CASE("both decoders accept the benchmark samples and random valid messages with the same values") {
    tally t;
    for (const sample& s : bench_samples()) t.add(s);
    for (const sample& s : random_samples(20)) t.add(s);
    CHECK_MESSAGE(t.disagreements == 0, t.first_disagreement);
    CHECK(t.both_agree == t.inputs);
}

TEST_CASE("both decoders agree on mutated inputs except for the documented differences") {
    std::vector<sample> seeds = bench_samples();
    const std::vector<sample> randoms = random_samples(8);
    seeds.insert(seeds.end(), randoms.begin(), randoms.end());
    random_source random(seed_for("mutations"));
    tally t;
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const sample& seed = seeds[i];
        // The 64 KiB sample costs as much as hundreds of small ones.
        const int mutations = seed.bytes.size() > 4096 ? 40 : 30;
        for (int m = 0; m < mutations; ++m) {
            const sample& other = seeds[static_cast<std::size_t>(random.below(seeds.size()))];
            t.add({seed.type, mutated(seed.bytes, other.type == seed.type ? other.bytes : seed.bytes, random)});
        }
    }
    CHECK_MESSAGE(t.disagreements == 0, t.first_disagreement);
    CHECK(t.both_agree > t.inputs / 10);
    CHECK(t.both_rejected > t.inputs / 10);
    MESSAGE(t.inputs << " mutated inputs: " << t.both_agree << " accepted alike, " << t.both_rejected
                     << " rejected alike, " << t.excused << " differing for a documented reason, "
                     << t.disagreements << " disagreements");
}

namespace {

differential_verdict verdict_for(const char* type, const std::string& bytes) {
    std::string why;
    return differential_compare(type, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), &why);
}

}  // namespace

TEST_CASE("only the documented differences between prost and libprotobuf are excused") {
    using s = std::string;
    // 1. fixed32 on BackendHttpReady.port (a varint field); also inside a map entry.
    CHECK(verdict_for("BackendHttpReady", s("\x0d\x01\x00\x00\x00", 5)) == differential_verdict::excused);
    CHECK(verdict_for("ServiceDefinition", s("\x42\x02\x08\x01", 4)) == differential_verdict::excused);
    // 2. Frame.request_id as ten bytes ending in 0x02 (excused) and in 0x01 (valid for both).
    CHECK(verdict_for("Frame", s("\x28\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 11)) ==
          differential_verdict::excused);
    CHECK(verdict_for("Frame", s("\x28\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)) ==
          differential_verdict::both_agree);
    // 3 and 4. A key of 2^32 and field number 0: ParseFromArray rejects them too.
    CHECK(verdict_for("Frame", s("\x80\x80\x80\x80\x10\x00", 6)) == differential_verdict::both_rejected);
    CHECK(verdict_for("Frame", s("\x08\x01\x00", 3)) == differential_verdict::both_rejected);
    // 5. A six-byte key, and a six-byte length inside a nested message (excused);
    //    the same in five bytes is read alike.
    CHECK(verdict_for("Frame", s("\x88\x80\x80\x80\x80\x00\x01", 7)) == differential_verdict::excused);
    CHECK(verdict_for("ServiceDefinition", s("\x52\x08\x0a\x81\x80\x80\x80\x80\x00x", 10)) ==
          differential_verdict::excused);
    CHECK(verdict_for("Frame", s("\x88\x80\x80\x80\x00\x01", 6)) == differential_verdict::both_agree);
    // 7. A field inside 100 nested groups, at the top level and inside a
    //    nested message (99 groups there): prost fails, libprotobuf accepts.
    //    prost's own verdict on both is in tests/golden/ServiceDefinition.txt.
    CHECK(verdict_for("ServiceDefinition", std::string(100, '\x4b') + s("\x48\x01", 2) + std::string(100, '\x4c')) ==
          differential_verdict::excused);
    CHECK(verdict_for("ServiceDefinition", s("\x52\xc8\x01", 3) + std::string(99, '\x4b') + s("\x48\x01", 2) +
                                               std::string(99, '\x4c')) == differential_verdict::excused);
    //    One level less is read alike.
    CHECK(verdict_for("ServiceDefinition", std::string(99, '\x4b') + s("\x48\x01", 2) + std::string(99, '\x4c')) ==
          differential_verdict::both_agree);
    // Not differences: both reject bad UTF-8 in a string, a stray END_GROUP and
    // nesting past 100, and both accept a group of unknown fields.
    CHECK(verdict_for("Frame", s("\x42\x03\xed\xa0\x80", 5)) == differential_verdict::both_rejected);
    CHECK(verdict_for("Frame", s("\x0c", 1)) == differential_verdict::both_rejected);
    CHECK(verdict_for("Frame", std::string(101, '\x5b') + std::string(101, '\x5c')) ==
          differential_verdict::both_rejected);
    CHECK(verdict_for("Frame", std::string(100, '\x5b') + std::string(100, '\x5c')) ==
          differential_verdict::both_agree);
    // The same rules on the handshake and probe messages: an optional scalar
    // (rule 1), a map inside a oneof member (rule 6), and oneof members and
    // explicit presence, which both read alike.
    CHECK(verdict_for("DaemonProcess", s("\x3d\x01\x00\x00\x00", 5)) == differential_verdict::excused);
    CHECK(verdict_for("HelloReply", s("\x12\x02\x28\x01", 4)) == differential_verdict::excused);
    CHECK(verdict_for("DaemonProcess", s("\x38\x00", 2)) == differential_verdict::both_agree);
    CHECK(verdict_for("DaemonProcess", s("\x38\x05\x38\x00", 4)) == differential_verdict::both_agree);
    CHECK(verdict_for("HelloReply", s("\x0a\x00\x12\x00", 4)) == differential_verdict::both_agree);
    CHECK(verdict_for("HelloReply", s("\x0a\x02\x08\x01\x0a\x02\x28\x02", 8)) ==
          differential_verdict::both_agree);
}

TEST_CASE("the differential check names an unknown type instead of guessing") {
    std::string why;
    CHECK_FALSE(differential_check("NoSuchMessage", nullptr, 0, &why));
    CHECK(why.find("NoSuchMessage") != std::string::npos);
    CHECK(differential_check("Frame", nullptr, 0, &why));  // empty input: every field default, both agree
}

TEST_CASE("the differential types are every message of the schema, in the order of BROKERWIRE_FOR_EACH_MESSAGE") {
    // A fuzzer picks a type by index into this list; its seeds depend on the
    // order, which fuzz/make_corpus.py takes from the same list.
#define INTEROP_NAME(ns, type, Name) ::brokerwire::ns::type::short_name,
    const std::vector<std::string_view> expected = {BROKERWIRE_FOR_EACH_MESSAGE(INTEROP_NAME)};
#undef INTEROP_NAME
    CHECK(differential_types() == expected);
    CHECK(differential_types().size() == static_cast<std::size_t>(type_count));
}
