// A parsed JSON document node (RFC 8259), as produced by json::parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brokerwire::json {

// One node of a parsed document. A plain tree of owned values: it keeps no
// pointer into the text it was parsed from, so it outlives that text.
//
// Which fields are meaningful depends on `type`:
//   null     nothing
//   boolean  `boolean`
//   number   `text`: the exact source spelling ("-0", "1e2", "5.0"), so the
//            proto3 conversions (numbers.hpp) can decide exactness themselves
//   string   `text`: the unescaped UTF-8 contents (may contain U+0000)
//   array    `items`, in source order
//   object   `members`, in source order; keys are unique (parse rejects
//            duplicates)
// `line` and `column` are the 1-based position of the node's first character
// (column counted in code points); both are 0 for a node built by hand.
struct value {
    enum class kind : std::uint8_t { null, boolean, number, string, array, object };

    kind type = kind::null;
    bool boolean = false;
    std::string text;
    std::vector<value> items;
    std::vector<std::pair<std::string, value>> members;
    std::size_t line = 0;
    std::size_t column = 0;

    // Declared here and defaulted in value.cpp: a value holds pairs that hold
    // values, and defining these inline makes some C++20 toolchains (clang
    // with libstdc++) need std::pair<std::string, value> complete too early.
    value() noexcept;
    value(const value&);
    value(value&&) noexcept;
    value& operator=(const value&);
    value& operator=(value&&) noexcept;
    ~value();

    // The member named `key` of an object, or nullptr when absent or when this
    // node is not an object. The pointer lives as long as this node is
    // neither modified nor destroyed. Linear in the number of members.
    const value* find(std::string_view key) const noexcept;

    bool is_null() const noexcept { return type == kind::null; }
    bool is_object() const noexcept { return type == kind::object; }
    bool is_array() const noexcept { return type == kind::array; }
    bool is_string() const noexcept { return type == kind::string; }
    bool is_number() const noexcept { return type == kind::number; }
    bool is_boolean() const noexcept { return type == kind::boolean; }
};

// "null", "boolean", "number", "string", "array" or "object": for messages
// such as "expected a string, found number".
const char* kind_name(value::kind k) noexcept;

}  // namespace brokerwire::json
