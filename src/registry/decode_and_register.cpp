// decode-and-register (docs/contract.md, "Registry"; upstream's
// decode_and_register, http_endpoint_registry.rs).
#include <brokerwire/registry/decode_and_register.hpp>

#include <brokerwire/messages/control.hpp>

#include <limits>

namespace brokerwire {

ready_result decode_and_register(endpoint_registry& registry, std::string_view backend_id,
                                 bytes_view frame_body) {
    // The view: unknown fields are skipped in place, so a large one in the
    // body costs no allocation (the owning message would keep a copy).
    v2::backend_http_ready_view ready;
    const status decoded = decode(frame_body, ready);
    if (!decoded.ok()) return ready_result::decode_failed(decoded);
    // The schema says uint32; a TCP port is 16 bits. Upstream rejects the value
    // rather than truncating it (u16::try_from), and so do we.
    if (ready.port > std::numeric_limits<std::uint16_t>::max())
        return ready_result::out_of_range(ready.port);
    const auto port = static_cast<std::uint16_t>(ready.port);
    // Only now, with every check passed, is the registry touched.
    (void)registry.register_endpoint(backend_id, port);
    return ready_result::registered(port);
}

std::string to_string(const ready_result& result) {
    switch (result.error()) {
        case ready_error::none: return "registered port " + std::to_string(result.port());
        case ready_error::decode:
            return "decode BackendHttpReady: " + to_string(result.decode_status());
        case ready_error::port_out_of_range:
            return "BackendHttpReady.port = " + std::to_string(result.rejected_port()) +
                   " is out of u16 range";
    }
    return "invalid result";
}

}  // namespace brokerwire
