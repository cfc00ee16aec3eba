// proto3 JSON scalar conversions: integers and booleans from parsed nodes.
#pragma once

#include <cstdint>

#include <brokerwire/json/value.hpp>

namespace brokerwire::json {

// The integer conversions accept, as the proto3 JSON mapping does, either a
// JSON number or a JSON string whose whole contents are a JSON number (no
// whitespace): 42, "42", "-7", "18446744073709551615". A value written with a
// fraction or exponent is accepted when it is exactly an integer (1e2, 5.0,
// 1.5e1, "2E+1"); -0 is 0. They return false, leaving `out` unchanged, for any
// other kind of node, for malformed or fractional numbers (1.5, 1e-1) and
// for values outside the target type's range.
bool to_uint32(const value& v, std::uint32_t& out) noexcept;
bool to_int32(const value& v, std::int32_t& out) noexcept;
bool to_uint64(const value& v, std::uint64_t& out) noexcept;
bool to_int64(const value& v, std::int64_t& out) noexcept;

// JSON true or false only (not "true", not 0/1); false otherwise, leaving
// `out` unchanged.
bool to_bool(const value& v, bool& out) noexcept;

}  // namespace brokerwire::json
