// JSON string literals: escapes, surrogate pairs, UTF-8 validation (internal).
#pragma once

#include <string>

#include "cursor.hpp"

namespace brokerwire::json::detail {

// Reads the string literal at the cursor (which is on its opening '"') into
// `out`, unescaped, and leaves the cursor after the closing '"'. On a
// malformed literal it records the error in `c` and returns false.
bool read_string(cursor& c, std::string& out);

}  // namespace brokerwire::json::detail
