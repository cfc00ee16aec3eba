// Reading a whole input (a file, or standard input for "-" or no name).
#pragma once

#include <string>

namespace brokerwire::tool {

// Reads all of `path` (standard input when null or "-") into `out`. On
// failure prints "error: <reason>" on standard error and returns false.
bool read_input(const char* path, std::string& out);

// Writes all of `data` to standard output; false on a write error.
bool write_output(const std::string& data);

}  // namespace brokerwire::tool
