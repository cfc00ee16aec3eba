// Strict RFC 8259 JSON parsing into a json::value tree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <brokerwire/json/value.hpp>

namespace brokerwire::json {

// Nesting deeper than this many arrays/objects is refused, like the protobuf
// decoder's recursion limit (upb, prost: 100). It also bounds the parser's
// stack use whatever the input.
inline constexpr std::size_t max_depth = 100;

// Why a document was refused. `line` and `column` are 1-based (column counted
// in UTF-8 code points, so it matches what an editor shows); `offset` is the
// 0-based byte offset of the same place. `message` says what was expected and
// what was found ("expected ',' or '}' after object member, found 'x'").
// Empty message (and all zeros) means success.
struct [[nodiscard]] parse_error {
    std::size_t line = 0;
    std::size_t column = 0;
    std::size_t offset = 0;
    std::string message;

    bool ok() const noexcept { return message.empty(); }
};

// Parses exactly one JSON value, with only whitespace (space, tab, CR, LF)
// around it, into `out` (its previous contents are replaced). Strict RFC 8259:
// no comments, trailing commas, single quotes, NaN/Infinity, leading zeros,
// unescaped control characters, lone surrogates or invalid UTF-8 anywhere in
// the input; duplicate object keys and nesting deeper than max_depth are
// errors too. Only LF starts a new line. On error `out` is left null.
// Never aborts on any input; recursion is bounded by max_depth.
parse_error parse(std::string_view text, value& out);

// "line 3, column 7 (offset 41): expected ':' after object key, found '}'";
// "ok" for success.
std::string to_string(const parse_error& e);

}  // namespace brokerwire::json
