// SHA-256 as FIPS 180-4 defines it, written for clarity over speed.
#include "brokerwire/hash/sha256.hpp"

#include <cstring>

#include "rotate.hpp"

namespace brokerwire::hash {
namespace {

constexpr std::uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

void sha256_compress(std::uint32_t state[8], const std::uint8_t block[64]) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i) {  // big-endian words, whatever the host's byte order
        const std::uint8_t* p = block + 4 * i;
        w[i] = static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
               static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
    }
    for (int i = 16; i < 64; ++i) {
        const std::uint32_t s0 = detail::rotr(w[i - 15], 7) ^ detail::rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const std::uint32_t s1 = detail::rotr(w[i - 2], 17) ^ detail::rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; ++i) {
        const std::uint32_t t1 = h + (detail::rotr(e, 6) ^ detail::rotr(e, 11) ^ detail::rotr(e, 25)) +
                                 ((e & f) ^ (~e & g)) + k[i] + w[i];
        const std::uint32_t t2 = (detail::rotr(a, 2) ^ detail::rotr(a, 13) ^ detail::rotr(a, 22)) +
                                 ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

}  // namespace

sha256::sha256() noexcept
    : state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void sha256::update(bytes_view input) noexcept {
    const std::uint8_t* p = input.data();
    std::size_t left = input.size();
    length_ += left;
    while (left > 0) {
        const std::size_t take = left < block_size - block_len_ ? left : block_size - block_len_;
        std::memcpy(block_ + block_len_, p, take);
        block_len_ += take;
        p += take;
        left -= take;
        if (block_len_ == block_size) {
            sha256_compress(state_, block_);
            block_len_ = 0;
        }
    }
}

std::array<std::uint8_t, sha256::digest_size> sha256::finalize() const noexcept {
    std::uint32_t state[8];
    std::memcpy(state, state_, sizeof state);
    std::uint8_t tail[2 * block_size] = {};
    std::memcpy(tail, block_, block_len_);
    tail[block_len_] = 0x80;
    // The bit length goes in the last 8 bytes of one block, or of a second
    // when the padding byte leaves no room for it.
    const std::size_t tail_len = block_len_ + 1 + 8 <= block_size ? block_size : 2 * block_size;
    const std::uint64_t bits = length_ * 8;
    for (std::size_t i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
    for (std::size_t at = 0; at < tail_len; at += block_size) sha256_compress(state, tail + at);
    std::array<std::uint8_t, digest_size> digest{};
    for (std::size_t i = 0; i < 8; ++i) {
        for (std::size_t b = 0; b < 4; ++b) digest[4 * i + b] = static_cast<std::uint8_t>(state[i] >> (24 - 8 * b));
    }
    return digest;
}

std::array<std::uint8_t, sha256::digest_size> sha256_of(bytes_view input) noexcept {
    sha256 h;
    h.update(input);
    return h.finalize();
}

}  // namespace brokerwire::hash
