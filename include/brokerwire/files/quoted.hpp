// Names, paths and values from input, made safe to put in a message.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <string>
#include <string_view>

namespace brokerwire::files {

// `bytes` as printable, valid UTF-8 that maps back to exactly one input:
//   \"  \\            a quote and a backslash
//   \n  \r  \t        those three controls
//   \xHH              any other C0 control or DEL, and every byte that is not
//                     part of valid UTF-8 (a file name need not be UTF-8)
//   \u{HHHH}          valid code points that change how text is shown: C1
//                     controls (U+0080-U+009F), U+2028/U+2029, and the bidi
//                     controls U+202A-U+202E and U+2066-U+2069
// Everything else, other UTF-8 included, is copied unchanged.
std::string escaped(std::string_view bytes);

// escaped(bytes) in double quotes: how every error message shows a path, a
// service name or a value that came from input.
std::string quoted(std::string_view bytes);

}  // namespace brokerwire::files
