#include "json_support.hpp"

#include "brokerwire/json/base64.hpp"
#include "brokerwire/json/numbers.hpp"

namespace brokerwire::detail {

json::mapping_error read_uint32(const json::value& v, std::uint32_t& out) {
    if (json::to_uint32(v, out)) return {};
    return json::error_at(v, "expected an unsigned 32-bit integer");
}

json::mapping_error read_int32(const json::value& v, std::int32_t& out) {
    if (json::to_int32(v, out)) return {};
    return json::error_at(v, "expected a signed 32-bit integer");
}

json::mapping_error read_uint64(const json::value& v, std::uint64_t& out) {
    if (json::to_uint64(v, out)) return {};
    return json::error_at(v, "expected an unsigned 64-bit integer (a number or a decimal string)");
}

json::mapping_error read_bool(const json::value& v, bool& out) {
    if (json::to_bool(v, out)) return {};
    return json::error_at(v, "expected true or false");
}

json::mapping_error read_string(const json::value& v, std::string& out) {
    if (v.type != json::value::kind::string) return json::error_at(v, "expected a string");
    out = v.text;
    return {};
}

json::mapping_error read_bytes(const json::value& v, std::string& out) {
    if (v.type != json::value::kind::string) return json::error_at(v, "expected a base64 string");
    if (!json::decode_base64(v.text, out)) return json::error_at(v, "invalid base64");
    return {};
}

json::mapping_error read_string_map(const json::value& v, std::map<std::string, std::string>& out) {
    if (v.type != json::value::kind::object) return json::error_at(v, "expected a JSON object");
    out.clear();
    for (const auto& [key, value] : v.members) {
        if (value.type != json::value::kind::string) {
            return json::error_at(value, "map value of \"" + key + "\": expected a string");
        }
        out.insert_or_assign(key, value.text);
    }
    return {};
}

json::mapping_error in_field(json::mapping_error e, std::string_view field) {
    e.message = std::string(field) + ": " + e.message;
    return e;
}

void write_string_map(json::writer& w, const std::map<std::string, std::string>& map) {
    w.begin_object();
    for (const auto& [key, value] : map) {
        w.key(key);
        w.string(value);
    }
    w.end_object();
}

}  // namespace brokerwire::detail
