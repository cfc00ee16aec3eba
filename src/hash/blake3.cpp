// BLAKE3 as its specification defines it (the reference design: 1 KiB
// chunks of 64-byte blocks, a binary tree of chaining values, 7-round
// compression), written for clarity over speed.
#include "brokerwire/hash/blake3.hpp"

#include <cstring>

#include "rotate.hpp"

namespace brokerwire::hash {
namespace {

constexpr std::uint32_t iv[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
constexpr std::uint8_t permutation[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

// Domain flags of a compression.
constexpr std::uint32_t chunk_start = 1, chunk_end = 2, parent = 4, root = 8;

void g(std::uint32_t* s, int a, int b, int c, int d, std::uint32_t mx, std::uint32_t my) {
    s[a] = s[a] + s[b] + mx;
    s[d] = detail::rotr(s[d] ^ s[a], 16);
    s[c] = s[c] + s[d];
    s[b] = detail::rotr(s[b] ^ s[c], 12);
    s[a] = s[a] + s[b] + my;
    s[d] = detail::rotr(s[d] ^ s[a], 8);
    s[c] = s[c] + s[d];
    s[b] = detail::rotr(s[b] ^ s[c], 7);
}

void round_of(std::uint32_t* s, const std::uint32_t* m) {
    g(s, 0, 4, 8, 12, m[0], m[1]);
    g(s, 1, 5, 9, 13, m[2], m[3]);
    g(s, 2, 6, 10, 14, m[4], m[5]);
    g(s, 3, 7, 11, 15, m[6], m[7]);
    g(s, 0, 5, 10, 15, m[8], m[9]);
    g(s, 1, 6, 11, 12, m[10], m[11]);
    g(s, 2, 7, 8, 13, m[12], m[13]);
    g(s, 3, 4, 9, 14, m[14], m[15]);
}

// The full 16-word output of one compression.
void blake3_compress(const std::uint32_t cv[8], const std::uint32_t block[16], std::uint64_t counter,
              std::uint32_t block_len, std::uint32_t flags, std::uint32_t out[16]) {
    std::uint32_t s[16] = {cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
                           iv[0], iv[1], iv[2], iv[3],
                           static_cast<std::uint32_t>(counter), static_cast<std::uint32_t>(counter >> 32),
                           block_len, flags};
    std::uint32_t m[16];
    std::memcpy(m, block, sizeof m);
    for (int r = 0; r < 7; ++r) {
        round_of(s, m);
        std::uint32_t next[16];
        for (int i = 0; i < 16; ++i) next[i] = m[permutation[i]];
        std::memcpy(m, next, sizeof m);
    }
    for (int i = 0; i < 8; ++i) {
        out[i] = s[i] ^ s[i + 8];
        out[i + 8] = s[i + 8] ^ cv[i];
    }
}

// Little-endian words of a block, whatever the host's byte order.
void words_of(const std::uint8_t* bytes, std::uint32_t out[16]) {
    for (int i = 0; i < 16; ++i) {
        const std::uint8_t* p = bytes + 4 * i;
        out[i] = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                 static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    }
}

// What the last compression of a node needs: from it come a chaining value,
// or, with the ROOT flag, the output stream.
struct node {
    std::uint32_t cv[8];
    std::uint32_t block[16];
    std::uint64_t counter;
    std::uint32_t block_len;
    std::uint32_t flags;

    void chaining_value(std::uint32_t out[8]) const {
        std::uint32_t full[16];
        blake3_compress(cv, block, counter, block_len, flags, full);
        std::memcpy(out, full, 8 * sizeof(std::uint32_t));
    }
};

node parent_node(const std::uint32_t left[8], const std::uint32_t right[8]) {
    node n{};
    std::memcpy(n.cv, iv, sizeof n.cv);
    std::memcpy(n.block, left, 8 * sizeof(std::uint32_t));
    std::memcpy(n.block + 8, right, 8 * sizeof(std::uint32_t));
    n.counter = 0;
    n.block_len = 64;
    n.flags = parent;
    return n;
}

}  // namespace

blake3::blake3() noexcept { start_chunk(); }

void blake3::start_chunk() noexcept {
    std::memcpy(chunk_cv_, iv, sizeof chunk_cv_);
    block_len_ = 0;
    blocks_done_ = 0;
}

void blake3::push_chunk(const std::uint32_t cv[8]) noexcept {
    // Each completed chunk closes as many subtrees as its count has trailing
    // one bits: merge them before stacking the result.
    std::uint32_t merged[8];
    std::memcpy(merged, cv, sizeof merged);
    for (std::uint64_t total = chunks_ + 1; (total & 1) == 0; total >>= 1) {
        parent_node(stack_[--stack_len_], merged).chaining_value(merged);
    }
    std::memcpy(stack_[stack_len_++], merged, sizeof merged);
    ++chunks_;
}

void blake3::update(bytes_view input) noexcept {
    const std::uint8_t* p = input.data();
    std::size_t left = input.size();
    while (left > 0) {
        // A full block is compressed only once more input follows it: the
        // last block of the input must stay for finalize() to flag.
        if (block_len_ == block_size) {
            std::uint32_t words[16];
            words_of(block_, words);
            const bool chunk_full = blocks_done_ + 1 == chunk_size / block_size;
            std::uint32_t flags = (blocks_done_ == 0 ? chunk_start : 0) | (chunk_full ? chunk_end : 0);
            std::uint32_t full[16];
            blake3_compress(chunk_cv_, words, chunks_, block_size, flags, full);
            if (chunk_full) {
                push_chunk(full);
                start_chunk();
            } else {
                std::memcpy(chunk_cv_, full, sizeof chunk_cv_);
                ++blocks_done_;
                block_len_ = 0;
            }
        }
        const std::size_t take = left < block_size - block_len_ ? left : block_size - block_len_;
        std::memcpy(block_ + block_len_, p, take);
        block_len_ += take;
        p += take;
        left -= take;
    }
}

void blake3::finalize(std::uint8_t* out, std::size_t size) const noexcept {
    std::uint8_t last[block_size] = {};
    std::memcpy(last, block_, block_len_);
    node n{};
    std::memcpy(n.cv, chunk_cv_, sizeof n.cv);
    words_of(last, n.block);
    n.counter = chunks_;
    n.block_len = static_cast<std::uint32_t>(block_len_);
    n.flags = (blocks_done_ == 0 ? chunk_start : 0) | chunk_end;
    for (std::size_t i = stack_len_; i > 0; --i) {
        std::uint32_t right[8];
        n.chaining_value(right);
        n = parent_node(stack_[i - 1], right);
    }
    for (std::uint64_t counter = 0; size > 0; ++counter) {
        std::uint32_t words[16];
        blake3_compress(n.cv, n.block, counter, n.block_len, n.flags | root, words);
        for (int i = 0; i < 16 && size > 0; ++i) {
            for (int b = 0; b < 4 && size > 0; ++b, --size) *out++ = static_cast<std::uint8_t>(words[i] >> (8 * b));
        }
    }
}

std::array<std::uint8_t, blake3::digest_size> blake3::finalize() const noexcept {
    std::array<std::uint8_t, digest_size> digest{};
    finalize(digest.data(), digest.size());
    return digest;
}

std::array<std::uint8_t, blake3::digest_size> blake3_of(bytes_view input) noexcept {
    blake3 h;
    h.update(input);
    return h.finalize();
}

}  // namespace brokerwire::hash
