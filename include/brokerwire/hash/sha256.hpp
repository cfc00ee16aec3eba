// SHA-256 (FIPS 180-4), portable C++17: the executable hash in the endpoint
// probe's legacy trailer, which upstream daemons still send after the
// DaemonProcess.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::hash {

// An incremental SHA-256 hasher. Allocates nothing.
class sha256 {
public:
    static constexpr std::size_t digest_size = 32;

    sha256() noexcept;

    void update(bytes_view input) noexcept;
    // The digest. The hasher may go on being updated.
    std::array<std::uint8_t, digest_size> finalize() const noexcept;

private:
    static constexpr std::size_t block_size = 64;

    std::uint32_t state_[8];
    std::uint8_t block_[block_size];
    std::size_t block_len_ = 0;
    std::uint64_t length_ = 0;  // bytes hashed so far
};

// SHA-256 of `input`.
std::array<std::uint8_t, sha256::digest_size> sha256_of(bytes_view input) noexcept;

}  // namespace brokerwire::hash
