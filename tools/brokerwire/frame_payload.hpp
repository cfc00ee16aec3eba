// What `brokerwire frames` makes of one frame's payload, by lane and frame
// kind (docs/contract.md, "Lanes"): the message it holds, the endpoint probe's
// nonce and legacy trailer, or why it was not looked into.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "brokerwire/messages/catalog.hpp"
#include "brokerwire/messages/envelope.hpp"

namespace brokerwire::tool {

// A payload as the tool read it. The views point into the envelope's
// payload and live as long as the bytes it was decoded from.
struct payload_reading {
    const message_type* type = nullptr;  // the message the payload holds, when it decoded
    std::string json;                    // its proto3 JSON
    // A control REQUEST that is a Hello but also a valid brokerwire extension
    // message (the payload carries none of Hello's fields 2-15): that message.
    const message_type* also_type = nullptr;
    std::string also_json;
    std::string_view nonce;              // an endpoint probe's 32-byte nonce
    std::string_view legacy_exe_sha256;  // a probe response's field-3 trailer, when present
    std::string not_decoded;             // why the payload was not looked into
    std::string error;                   // why the payload is malformed
    std::size_t error_offset = 0;        // offset of the byte at fault, within the payload

    bool decoded() const noexcept { return type != nullptr || !nonce.empty(); }
};

// Reads the payload of an envelope whose envelope_version is 1. Never fails:
// a payload it cannot read comes back with `not_decoded` or `error` set.
payload_reading read_payload(const v1::frame_view& env);

}  // namespace brokerwire::tool
