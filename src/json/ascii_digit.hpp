// The digit test of the JSON reader and the number conversions (internal).
#pragma once

namespace brokerwire::json::detail {

// '0' to '9' alone: JSON's digits are ASCII (RFC 8259 section 6), whatever
// the locale says.
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace brokerwire::json::detail
