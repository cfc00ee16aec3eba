// Reading a hex dump of a captured stream: `socat -x` output or plain hex.
#pragma once

#include <string>
#include <string_view>

namespace brokerwire::tool {

// Appends the bytes `text` spells to `out`. Lines whose first non-blank
// character is '>' or '<' (socat's direction and timestamp headers) and
// lines of just "--" (its block separators) are skipped; every other line
// holds pairs of hex digits, with whitespace anywhere between the pairs
// ignored, so the blocks of a socat dump come out concatenated in order.
// A line must hold whole bytes. On bad input returns false with
// "line L, column C: ..." in `error`; `out` may then hold a prefix.
bool read_hex_dump(std::string_view text, std::string& out, std::string& error);

}  // namespace brokerwire::tool
