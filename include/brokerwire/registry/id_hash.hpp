// A fast, allocation-free 64-bit hash of a backend id.
//
// Backend ids are short (a service name, tens of bytes), so the hash reads
// 8 bytes at a time and, for the tail, overlapping 4-byte loads or three
// single bytes: no per-byte loop and no call to memcpy for short inputs.
// It is not cryptographic; ids come from the broker's own configuration,
// and a deliberate collision only lengthens one stripe's probe chain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "brokerwire/config.hpp"

namespace brokerwire {
namespace detail {

// Bytes read as little-endian integers on every target, so an id hashes and
// packs into key words alike on big-endian machines (one unaligned load, plus
// a byte swap there).
inline std::uint64_t load_le64(const char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return config::from_little_endian(v);
}

inline std::uint64_t load_le32(const char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return config::from_little_endian(v);
}

// One multiply-xorshift round (the finaliser of SplitMix64): every input
// bit reaches every output bit.
inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 29;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 32;
    return x;
}

}  // namespace detail

// The hash every stripe table uses: computed once per call, then the high
// half picks the stripe and the low bits the slot, so the two are
// independent.
inline std::uint64_t hash_id(std::string_view id) noexcept {
    const char* p = id.data();
    std::size_t n = id.size();
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (static_cast<std::uint64_t>(n) * 0xFF51AFD7ED558CCDULL);
    while (n >= 8) {
        h = (h ^ detail::load_le64(p)) * 0x9FB21C651E98DF25ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    std::uint64_t tail = 0;
    if (n >= 4) {
        // Two overlapping loads cover 4..7 bytes.
        tail = (detail::load_le32(p) << 32) | detail::load_le32(p + n - 4);
    } else if (n > 0) {
        // First, middle and last byte cover 1..3 bytes.
        tail = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
               (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
               static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1]));
    }
    return detail::mix64(h ^ tail);
}

}  // namespace brokerwire
