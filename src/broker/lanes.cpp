// Lane names for logs and error texts.
#include "brokerwire/broker/lanes.hpp"

namespace brokerwire::broker {

const char* lane_name(std::uint32_t payload_protocol) noexcept {
    switch (payload_protocol) {
        case lane::control: return "control";
        case lane::admin: return "admin";
        case lane::backend_probe: return "backend-handle probe";
        case lane::handoff: return "handoff";
        case lane::session: return "session";
        default: return nullptr;
    }
}

}  // namespace brokerwire::broker
