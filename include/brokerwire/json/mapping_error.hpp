// The error returned by the proto3 JSON mappers (from_json).
#pragma once

#include <cstddef>
#include <string>

#include <brokerwire/json/value.hpp>

namespace brokerwire::json {

// Why a well-formed document does not map onto a message: the 1-based
// position of the offending node and a sentence naming the field, e.g.
// {12, 5, "field \"port\": expected an unsigned 32-bit integer"}.
// Empty message means success.
struct [[nodiscard]] mapping_error {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;

    bool ok() const noexcept { return message.empty(); }
};

// An error located at node `v` (its line and column).
mapping_error error_at(const value& v, std::string message);

// "line 12, column 5: field \"port\": ..."; "ok" for success.
std::string to_string(const mapping_error& e);

}  // namespace brokerwire::json
