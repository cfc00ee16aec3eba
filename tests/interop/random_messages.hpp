// Deterministic random libprotobuf messages for the interop tests: random
// field subsets with extreme values, multi-byte UTF-8, repeated and map
// fields, optional messages and oneof members, and unknown fields.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include <google/protobuf/message.h>

namespace interop {

// A seeded stream of numbers. std::mt19937_64's output is fixed by the
// standard (distributions are not), so a seed gives the same messages on
// every platform.
class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }
    // A number in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    // True `percent` times out of a hundred.
    bool chance(unsigned percent) { return below(100) < percent; }

    std::uint32_t any_uint32();   // edges (0, 1, 127, 128, max) or random widths
    std::int32_t any_int32();     // edges (0, -1, min, max) or random, negatives included
    std::uint64_t any_uint64();   // edges (0, 2^32, 2^63, max) or random widths
    std::string any_utf8();       // empty, ASCII, or 1- to 4-byte code points, sometimes long
    std::string any_bytes();      // empty, or any byte values (NUL and 0xff included)

private:
    std::mt19937_64 engine_;
};

// Sets a random subset of `message`'s fields (it starts cleared): each
// singular scalar with a random value (which may be the default), repeated
// fields with 0-5 elements, maps with 0-5 entries of distinct random keys
// (empty keys and values included), each optional message absent, present
// and empty, or present with random fields, and each oneof unset or one
// random member.
void fill_random(google::protobuf::Message& message, random_source& random);

// Adds 1-4 fields of random wire types (varint, fixed32, fixed64,
// length-delimited, group) and numbers the schema does not use to the
// unknown fields of `message` and, with `nested`, to its present nested
// messages (map entries excepted: both implementations drop their unknowns).
void add_random_unknown_fields(google::protobuf::Message& message, random_source& random, bool nested);

// True when some map entry in `message`, at any depth, has an empty key or
// value: libprotobuf writes those, prost and brokerwire omit them.
bool has_default_map_entry(const google::protobuf::Message& message);

// libprotobuf's deterministic encoding (map entries sorted by key).
std::string deterministic_bytes(const google::protobuf::Message& message);

}  // namespace interop
