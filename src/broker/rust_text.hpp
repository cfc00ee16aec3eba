// Rust standard-library text rules that upstream's HTTP surface relies on
// without saying so (internal). Matching them is what makes "the same input
// gives the same answer" hold for odd inputs too, not only for tidy ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace brokerwire::broker::detail {

// char::is_whitespace: the Unicode White_Space property. This is what
// str::split_whitespace splits on and str::trim strips, so a no-break space
// (U+00A0) separates words in a request line just as an ASCII space does.
bool is_rust_whitespace(char32_t code_point) noexcept;

// str::trim: `text` without leading and trailing White_Space. `text` must be
// valid UTF-8 (a Rust &str always is). The result views `text`.
std::string_view trim_rust_whitespace(std::string_view text) noexcept;

// u16::from_str: one optional '+', then one or more ASCII digits, any
// number of leading zeros ("0080" is 80), value at most 65535. No sign
// other than '+', no whitespace, no empty string.
std::optional<std::uint16_t> parse_rust_u16(std::string_view text) noexcept;

}  // namespace brokerwire::broker::detail
