// Sizes and seeds shared by the interop test cases, so the encode direction
// replays exactly the values the decode direction checked.
#pragma once

#include <cstdint>
#include <string_view>

namespace interop {

// Random messages per message type and direction.
inline constexpr int messages_per_type = 2000;
// Random messages per type that also carry unknown fields.
inline constexpr int unknown_field_messages_per_type = 500;

// A fixed seed per message type (FNV-1a of its name), stable across
// compilers, unlike std::hash.
inline std::uint64_t seed_for(std::string_view short_name) {
    std::uint64_t h = 0xcbf29ce484222325u;
    for (const char c : short_name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3u;
    }
    return h;
}

}  // namespace interop
