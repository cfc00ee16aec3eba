// BLAKE3 (the hash mode), portable C++17: what upstream uses for the
// session id in socket names (sid16) and for a daemon's executable hash.
// One implementation for every platform; no SIMD, since the inputs here are
// a few dozen bytes or one executable read once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::hash {

// An incremental BLAKE3 hasher: update() with the input in pieces of any
// size, then finalize(). Allocates nothing; the state is a few hundred bytes.
class blake3 {
public:
    static constexpr std::size_t digest_size = 32;

    blake3() noexcept;

    void update(bytes_view input) noexcept;

    // The default 32-byte digest. The hasher may go on being updated.
    std::array<std::uint8_t, digest_size> finalize() const noexcept;
    // The extendable output: the first `size` bytes of BLAKE3's output stream
    // (the default digest is its first 32 bytes).
    void finalize(std::uint8_t* out, std::size_t size) const noexcept;

private:
    static constexpr std::size_t block_size = 64;
    static constexpr std::size_t chunk_size = 1024;
    // 2^54 chunks exceed any input; the stack of subtree roots never grows past it.
    static constexpr std::size_t max_depth = 54;

    void push_chunk(const std::uint32_t cv[8]) noexcept;
    void start_chunk() noexcept;

    std::uint32_t chunk_cv_[8];
    std::uint8_t block_[block_size];
    std::size_t block_len_ = 0;
    std::size_t blocks_done_ = 0;  // blocks of the current chunk already compressed
    std::uint64_t chunks_ = 0;     // chunks completed before the current one
    std::uint32_t stack_[max_depth][8];
    std::size_t stack_len_ = 0;
};

// BLAKE3 of `input`, 32 bytes.
std::array<std::uint8_t, blake3::digest_size> blake3_of(bytes_view input) noexcept;

}  // namespace brokerwire::hash
