// Reading a hex dump of a captured stream: `socat -x` or `socat -x -v`
// output, or plain hex.
#pragma once

#include <string>
#include <string_view>

namespace brokerwire::tool {

// Appends the bytes `text` spells to `out`, in order. Plain hex is pairs of
// hex digits, with whitespace anywhere between the pairs ignored; each line
// holds whole bytes. A socat dump (-x, or -x -v) is read as socat prints it:
// a line whose first non-blank character is '>' or '<' opens a block, a
// line of just "--" closes it, and the block must hold as many bytes as its
// header's "length=N" announces. A data line of a block may carry -v's text
// column from column 51, which must show the same bytes (printable ASCII as
// itself). On bad input returns false with "line L, column C: ..." or
// "line L: ..." in `error`; `out` may then hold a prefix.
bool read_hex_dump(std::string_view text, std::string& out, std::string& error);

}  // namespace brokerwire::tool
