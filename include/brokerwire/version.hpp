// The library's version, as meson.build's project() states it (meson checks
// that the two agree). Sent by the broker as Negotiated.daemon_version.
#pragma once

namespace brokerwire {

inline constexpr const char* version = "0.1.0";

}  // namespace brokerwire
