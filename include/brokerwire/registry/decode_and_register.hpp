// decode-and-register (docs/contract.md, "Registry"): a BackendHttpReady
// frame body in, the backend's port recorded in the registry.
#pragma once

#include <brokerwire/registry/endpoint_registry.hpp>
#include <brokerwire/wire/bytes.hpp>
#include <brokerwire/wire/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace brokerwire {

// Why decode_and_register failed; upstream's BackendHttpReadyError.
enum class ready_error : std::uint8_t {
    none = 0,           // success
    decode,             // the body is not a valid BackendHttpReady
    port_out_of_range,  // it is, but its uint32 port is above 65535
};

// The port that was registered, or why nothing was. A value type.
class [[nodiscard]] ready_result {
public:
    static constexpr ready_result registered(std::uint16_t port) noexcept {
        return ready_result(ready_error::none, port, status{}, 0);
    }
    static constexpr ready_result decode_failed(status why) noexcept {
        return ready_result(ready_error::decode, 0, why, 0);
    }
    static constexpr ready_result out_of_range(std::uint32_t port) noexcept {
        return ready_result(ready_error::port_out_of_range, 0, status{}, port);
    }

    constexpr bool ok() const noexcept { return error_ == ready_error::none; }
    constexpr explicit operator bool() const noexcept { return ok(); }
    constexpr ready_error error() const noexcept { return error_; }

    // The registered port; 0 unless ok().
    constexpr std::uint16_t port() const noexcept { return port_; }
    // The decoder's verdict (code, field, byte offset) when error() is
    // ready_error::decode; an ok status otherwise.
    constexpr status decode_status() const noexcept { return status_; }
    // The offending 32-bit port when error() is port_out_of_range; 0 otherwise.
    constexpr std::uint32_t rejected_port() const noexcept { return rejected_; }

private:
    constexpr ready_result(ready_error e, std::uint16_t port, status s, std::uint32_t rejected) noexcept
        : status_(s), rejected_(rejected), port_(port), error_(e) {}

    status status_;
    std::uint32_t rejected_;
    std::uint16_t port_;
    ready_error error_;
};

// Decodes `frame_body` (the encoded BackendHttpReady inside the envelope's
// payload) and binds `backend_id` to its port. On any error the registry is
// untouched: the decode and the range check both happen before the
// registry is called. Allocates only if `backend_id` was untracked.
ready_result decode_and_register(endpoint_registry& registry, std::string_view backend_id,
                                 bytes_view frame_body);

// "registered port 49152", "decode BackendHttpReady: <status>",
// "BackendHttpReady.port = 70000 is out of u16 range" (upstream's texts).
std::string to_string(const ready_result& result);

}  // namespace brokerwire
