// Must fail to link. An owning decode fills std::strings and vectors, and
// this image is linked as the firmware is, with no heap (meson.build), so the
// link names the allocator it reaches. tools/check-bare-metal.sh builds it to
// show that the firmware's proof would catch a heap reference.
#include <cstddef>
#include <cstdint>

#include "brokerwire/messages/service_def.hpp"

namespace {
volatile std::uint8_t rx[256];
}  // namespace

int main() {
    static std::uint8_t in[sizeof rx];
    for (std::size_t i = 0; i < sizeof rx; ++i) in[i] = rx[i];
    brokerwire::v2::service_definition def;
    return decode(brokerwire::bytes_view(in, sizeof in), def).ok() ? 0 : 1;
}
