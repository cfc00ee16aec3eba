// The lanes of the v1 envelope: which protocol a frame's payload belongs to.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>

namespace brokerwire::broker {

// docs/contract.md, "Lanes": `payload_protocol` values.
namespace lane {
inline constexpr std::uint32_t control = 0x0000;
inline constexpr std::uint32_t admin = 0xAD01;
inline constexpr std::uint32_t backend_probe = 0xB232;
inline constexpr std::uint32_t handoff = 0xD0FF;
inline constexpr std::uint32_t session = 0x5350;
}  // namespace lane

// The only envelope version (Frame.envelope_version is "always 1").
inline constexpr std::uint32_t envelope_version = 1;

// "control", "admin", "backend-handle probe", "handoff", "session", or
// nullptr for a value that is not a lane.
const char* lane_name(std::uint32_t payload_protocol) noexcept;

}  // namespace brokerwire::broker
