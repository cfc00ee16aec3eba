// Every message type by name, for tools that pick the type at run time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brokerwire/json/mapping_error.hpp"
#include "brokerwire/json/value.hpp"
#include "brokerwire/wire/bytes.hpp"
#include "brokerwire/wire/error.hpp"

namespace brokerwire {

struct message_type {
    std::string_view short_name;  // "ServiceDefinition"
    std::string_view full_name;   // "running_process.broker.v2.ServiceDefinition"
    // Decodes `in` and appends its proto3 canonical JSON to `out`.
    status (*to_json)(bytes_view in, std::string& out);
    // Maps a parsed proto3 JSON document to the message's encoding.
    json::mapping_error (*from_json)(const json::value& in, std::vector<std::uint8_t>& out);
};

// The type with this short or full name, or nullptr.
const message_type* find_message_type(std::string_view name) noexcept;

// All types, in schema order.
const message_type* message_types_begin() noexcept;
const message_type* message_types_end() noexcept;

}  // namespace brokerwire
