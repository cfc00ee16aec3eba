// Pieces the generated proto3 JSON mappers share.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "brokerwire/json/mapping_error.hpp"
#include "brokerwire/json/value.hpp"
#include "brokerwire/json/writer.hpp"

namespace brokerwire::detail {

json::mapping_error read_uint32(const json::value& v, std::uint32_t& out);
json::mapping_error read_int32(const json::value& v, std::int32_t& out);
json::mapping_error read_uint64(const json::value& v, std::uint64_t& out);
json::mapping_error read_bool(const json::value& v, bool& out);
json::mapping_error read_string(const json::value& v, std::string& out);
// Standard or URL-safe base64, padded or not, as the JSON mapping accepts.
json::mapping_error read_bytes(const json::value& v, std::string& out);
json::mapping_error read_string_map(const json::value& v, std::map<std::string, std::string>& out);
// Prefixes the message with the field it came from: `serviceName: expected a string`.
json::mapping_error in_field(json::mapping_error e, std::string_view field);
void write_string_map(json::writer& w, const std::map<std::string, std::string>& map);

// An enum by its schema name, or by number (any int32, the enums are open).
template <typename E>
json::mapping_error read_enum(const json::value& v, E& out) {
    if (v.type == json::value::kind::string) {
        if (parse(v.text, out)) return {};
        return json::error_at(v, "unknown enum value name \"" + v.text + "\"");
    }
    std::int32_t number = 0;
    json::mapping_error e = read_int32(v, number);
    if (!e.ok()) return json::error_at(v, "expected an enum value name or a 32-bit integer");
    out = static_cast<E>(number);
    return {};
}

template <typename E>
void write_enum(json::writer& w, E value) {
    const std::string_view name = name_of(value);
    if (name.empty()) {
        w.number(static_cast<std::int32_t>(value));
    } else {
        w.string(name);
    }
}

template <typename T>
json::mapping_error read_message(const json::value& v, T& out) {
    return from_json(v, out);
}

template <typename Vector, typename ReadOne>
json::mapping_error read_repeated(const json::value& v, Vector& out, ReadOne read_one) {
    if (v.type != json::value::kind::array) return json::error_at(v, "expected a JSON array");
    out.clear();
    out.reserve(v.items.size());
    for (const json::value& item : v.items) {
        json::mapping_error e = read_one(item, out.emplace_back());
        if (!e.ok()) return e;
    }
    return {};
}

}  // namespace brokerwire::detail
