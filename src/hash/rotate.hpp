// The 32-bit rotation that SHA-256 and BLAKE3 are both built from (internal
// to the hash functions).
#pragma once

#include <cstdint>

namespace brokerwire::hash::detail {

// `x` rotated right by `n` bits, 0 < n < 32: C++20's std::rotr, in C++17.
constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace brokerwire::hash::detail
