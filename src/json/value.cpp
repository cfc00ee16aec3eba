// Lookups on parsed JSON nodes.

#include <brokerwire/json/value.hpp>

namespace brokerwire::json {

value::value() noexcept = default;
value::value(const value&) = default;
value::value(value&&) noexcept = default;
value& value::operator=(const value&) = default;
value& value::operator=(value&&) noexcept = default;
value::~value() = default;

const value* value::find(std::string_view key) const noexcept {
    if (type != kind::object) return nullptr;
    for (const auto& member : members) {
        if (member.first == key) return &member.second;
    }
    return nullptr;
}

const char* kind_name(value::kind k) noexcept {
    switch (k) {
        case value::kind::null: return "null";
        case value::kind::boolean: return "boolean";
        case value::kind::number: return "number";
        case value::kind::string: return "string";
        case value::kind::array: return "array";
        case value::kind::object: return "object";
    }
    return "unknown";
}

}  // namespace brokerwire::json
