// The serde JSON form of a daemon identity (see daemon_identity_json.hpp).
#include "brokerwire/broker/daemon_identity_json.hpp"

#include <charconv>
#include <cstring>
#include <utility>

#include "brokerwire/json/reader.hpp"
#include "brokerwire/json/value.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/wire/utf8.hpp"

namespace brokerwire::broker {
namespace {

// ---- writing: serde_json's PrettyFormatter, for this one shape ----

bool valid_utf8(std::string_view s) noexcept {
    return wire::utf8_valid_prefix(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) == s.size();
}

void put_key(std::string& out, const char* indent, std::string_view name, bool first) {
    out += first ? "\n" : ",\n";
    out += indent;
    json::append_quoted(out, name);
    out += ": ";
}

// A [u8; 32] as serde writes it: one element per line, one level deeper.
void put_digest(std::string& out, const digest32& d) {
    out += '[';
    for (std::size_t i = 0; i < d.size(); ++i) {
        out += i == 0 ? "\n    " : ",\n    ";
        out += std::to_string(d[i]);
    }
    out += "\n  ]";
}

// ---- reading: serde's derive rules over a parsed json::value ----

identity_json_status fail(identity_json_errc code, std::string field, std::string detail, const json::value* at) {
    identity_json_status s;
    s.code = code;
    s.field = std::move(field);
    s.detail = std::move(detail);
    if (at != nullptr) {
        s.line = at->line;
        s.column = at->column;
    }
    return s;
}

// How serde names a JSON value it did not expect: "string \"x\"", "floating point `1.5`".
std::string unexpected(const json::value& v) {
    switch (v.type) {
        case json::value::kind::null: return "null";
        case json::value::kind::boolean: return std::string("boolean `") + (v.boolean ? "true" : "false") + "`";
        case json::value::kind::number: return "floating point `" + v.text + "`";
        case json::value::kind::string: return "string \"" + v.text + "\"";
        case json::value::kind::array: return "sequence";
        case json::value::kind::object: return "map";
    }
    return "value";
}

identity_json_status wrong_type(const std::string& field, const json::value& v, const char* expected) {
    return fail(identity_json_errc::invalid_type, field, "invalid type: " + unexpected(v) + ", expected " + expected,
                &v);
}

// serde_json hands an integer without fraction or exponent to the visitor as
// u64 (or i64 when negative, except -0, which is a float); anything else,
// including an integer too long for 64 bits, arrives as a float.
identity_json_status read_unsigned(const json::value& v, std::uint64_t max, const char* type_name,
                                   const std::string& field, std::uint64_t& out) {
    if (!v.is_number()) return wrong_type(field, v, type_name);
    const std::string& t = v.text;
    const bool negative = !t.empty() && t[0] == '-';
    const std::size_t digits_start = negative ? 1 : 0;
    const bool integer = t.find_first_of(".eE") == std::string::npos;
    std::uint64_t n = 0;
    const char* first = t.data() + digits_start;
    const char* last = t.data() + t.size();
    const auto parsed = std::from_chars(first, last, n);
    const bool fits_u64 = integer && parsed.ec == std::errc() && parsed.ptr == last;
    // -0, and a negative integer beyond i64, reach serde as floats too.
    const bool fits_i64 = !negative || (n != 0 && n <= std::uint64_t{1} << 63);
    if (!fits_u64 || !fits_i64) return wrong_type(field, v, type_name);
    if (negative || n > max) {
        return fail(identity_json_errc::invalid_value, field,
                    "invalid value: integer `" + t + "`, expected " + type_name, &v);
    }
    out = n;
    return {};
}

identity_json_status read_u32(const json::value& v, const std::string& field, std::uint32_t& out) {
    std::uint64_t n = 0;
    identity_json_status s = read_unsigned(v, 0xFFFFFFFFu, "u32", field, n);
    if (s.ok()) out = static_cast<std::uint32_t>(n);
    return s;
}

identity_json_status read_string(const json::value& v, const std::string& field, std::string& out) {
    if (!v.is_string()) return wrong_type(field, v, "a string");
    out = v.text;
    return {};
}

identity_json_status read_digest(const json::value& v, const std::string& field, digest32& out) {
    if (!v.is_array()) return wrong_type(field, v, "an array of length 32");
    if (v.items.size() != out.size()) {
        return fail(identity_json_errc::invalid_length, field,
                    "invalid length " + std::to_string(v.items.size()) + ", expected an array of length 32", &v);
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint64_t b = 0;
        identity_json_status s = read_unsigned(v.items[i], 0xFF, "u8", field + "[" + std::to_string(i) + "]", b);
        if (!s.ok()) return s;
        out[i] = static_cast<std::uint8_t>(b);
    }
    return {};
}

// Walks a struct's members in document order, calling `on_field(index,
// value)` for each known one; `seen[i]` records which came. serde's derive
// accepts a map (unknown keys ignored, a known key twice refused) or a
// sequence of exactly the fields in declaration order.
template <std::size_t N, class OnField>
identity_json_status visit_struct(const json::value& node, const std::string_view (&names)[N],
                                  const std::string& where, const char* struct_name, bool (&seen)[N],
                                  OnField&& on_field) {
    const std::string prefix = where.empty() ? "" : where + ".";
    if (node.is_array()) {
        if (node.items.size() != N) {
            return fail(identity_json_errc::invalid_length, where,
                        "invalid length " + std::to_string(node.items.size()) + ", expected struct " + struct_name +
                            " with " + std::to_string(N) + " elements",
                        &node);
        }
        for (std::size_t i = 0; i < N; ++i) {
            seen[i] = true;
            identity_json_status s = on_field(i, node.items[i], prefix + std::string(names[i]));
            if (!s.ok()) return s;
        }
        return {};
    }
    if (!node.is_object()) return wrong_type(where, node, (std::string("struct ") + struct_name).c_str());
    for (const auto& member : node.members) {
        for (std::size_t i = 0; i < N; ++i) {
            if (member.first != names[i]) continue;
            const std::string field = prefix + std::string(names[i]);
            if (seen[i]) {
                return fail(identity_json_errc::duplicate_field, field, "duplicate field `" + member.first + "`",
                            &member.second);
            }
            seen[i] = true;
            identity_json_status s = on_field(i, member.second, field);
            if (!s.ok()) return s;
            break;
        }
    }
    return {};
}

// The first required field not seen, in declaration order, as serde reports it.
template <std::size_t N>
identity_json_status first_missing(const std::string_view (&names)[N], const bool (&seen)[N],
                                   const bool (&optional)[N], const std::string& where, const json::value& node) {
    for (std::size_t i = 0; i < N; ++i) {
        if (seen[i] || optional[i]) continue;
        const std::string prefix = where.empty() ? "" : where + ".";
        return fail(identity_json_errc::missing_field, prefix + std::string(names[i]),
                    "missing field `" + std::string(names[i]) + "`", &node);
    }
    return {};
}

constexpr std::string_view endpoint_fields[] = {"namespace_id", "path"};

identity_json_status read_endpoint(const json::value& node, const std::string& where, v1::endpoint& out) {
    bool seen[2] = {};
    constexpr bool optional[2] = {};
    identity_json_status s = visit_struct(
        node, endpoint_fields, where, "EndpointSerde", seen,
        [&](std::size_t i, const json::value& v, const std::string& field) {
            return read_string(v, field, i == 0 ? out.namespace_id : out.path);
        });
    if (!s.ok()) return s;
    return first_missing(endpoint_fields, seen, optional, where, node);
}

// identity.rs DaemonProcessSerde, in declaration order.
constexpr std::string_view identity_fields[] = {
    "pid",     "exe_path",     "exe_hash_algorithm", "exe_hash",         "legacy_exe_sha256",
    "boot_id", "ipc_endpoint", "started_at_unix_ms", "idle_timeout_secs",
};
// legacy_exe_sha256 is #[serde(default)]; an Option member may be absent.
constexpr bool identity_optional[] = {false, false, false, false, true, false, false, false, true};

identity_json_status read_identity_field(std::size_t i, const json::value& v, const std::string& field,
                                         daemon_identity& d, std::string& algorithm) {
    switch (i) {
        case 0: return read_u32(v, field, d.pid);
        case 1: return read_string(v, field, d.exe_path);
        case 2: return read_string(v, field, algorithm);
        case 3: return read_digest(v, field, d.exe_hash);
        case 4: return read_digest(v, field, d.legacy_exe_sha256);
        case 5: return read_string(v, field, d.boot_id);
        case 6: return read_endpoint(v, field, d.ipc_endpoint);
        case 7: return read_unsigned(v, ~std::uint64_t{0}, "u64", field, d.started_at_unix_ms);
        case 8: {
            if (v.is_null()) {
                d.idle_timeout_secs.reset();
                return {};
            }
            std::uint32_t secs = 0;
            identity_json_status s = read_u32(v, field, secs);
            if (s.ok()) d.idle_timeout_secs = secs;
            return s;
        }
        default: return {};
    }
}

}  // namespace

std::string to_string(const identity_json_status& s) {
    if (s.ok()) return "ok";
    std::string out;
    // serde's own messages for a missing or duplicate field name it already.
    const bool names_itself =
        s.code == identity_json_errc::missing_field || s.code == identity_json_errc::duplicate_field;
    if (!s.field.empty() && !names_itself) out += s.field + ": ";
    out += s.detail;
    if (s.line != 0) out += " (line " + std::to_string(s.line) + ", column " + std::to_string(s.column) + ")";
    return out;
}

identity_json_status write_identity_json(const daemon_identity& d, std::string& out) {
    out.clear();
    const std::string_view strings[] = {d.exe_path, d.boot_id, d.ipc_endpoint.namespace_id, d.ipc_endpoint.path};
    const char* names[] = {"exe_path", "boot_id", "ipc_endpoint.namespace_id", "ipc_endpoint.path"};
    for (std::size_t i = 0; i < 4; ++i) {
        if (!valid_utf8(strings[i])) {
            // serde's PathBuf refuses to serialize a path that is not UTF-8.
            return fail(identity_json_errc::not_utf8, names[i], "is not valid UTF-8", nullptr);
        }
    }
    out += '{';
    put_key(out, "  ", "pid", true);
    out += std::to_string(d.pid);
    put_key(out, "  ", "exe_path", false);
    json::append_quoted(out, d.exe_path);
    put_key(out, "  ", "exe_hash_algorithm", false);
    json::append_quoted(out, executable_hash_algorithm);
    put_key(out, "  ", "exe_hash", false);
    put_digest(out, d.exe_hash);
    put_key(out, "  ", "legacy_exe_sha256", false);
    put_digest(out, d.legacy_exe_sha256);
    put_key(out, "  ", "boot_id", false);
    json::append_quoted(out, d.boot_id);
    put_key(out, "  ", "ipc_endpoint", false);
    out += '{';
    put_key(out, "    ", "namespace_id", true);
    json::append_quoted(out, d.ipc_endpoint.namespace_id);
    put_key(out, "    ", "path", false);
    json::append_quoted(out, d.ipc_endpoint.path);
    out += "\n  }";
    put_key(out, "  ", "started_at_unix_ms", false);
    out += std::to_string(d.started_at_unix_ms);
    put_key(out, "  ", "idle_timeout_secs", false);
    out += d.idle_timeout_secs ? std::to_string(*d.idle_timeout_secs) : std::string("null");
    out += "\n}";
    return {};
}

identity_json_status read_identity_json(std::string_view text, daemon_identity& out) {
    json::value doc;
    const json::parse_error pe = json::parse(text, doc);
    if (!pe.ok()) {
        identity_json_status s = fail(identity_json_errc::syntax, "", pe.message, nullptr);
        s.line = pe.line;
        s.column = pe.column;
        return s;
    }
    daemon_identity d;
    std::string algorithm;
    bool seen[9] = {};
    identity_json_status s = visit_struct(doc, identity_fields, "", "DaemonProcessSerde", seen,
                                          [&](std::size_t i, const json::value& v, const std::string& field) {
                                              return read_identity_field(i, v, field, d, algorithm);
                                          });
    if (!s.ok()) return s;
    s = first_missing(identity_fields, seen, identity_optional, "", doc);
    if (!s.ok()) return s;
    // identity.rs Deserialize: checked once the whole struct has been read.
    if (algorithm != executable_hash_algorithm) {
        return fail(identity_json_errc::invalid_value, "exe_hash_algorithm",
                    "unsupported daemon executable hash algorithm \"" + algorithm + "\"; expected blake3", nullptr);
    }
    out = std::move(d);
    return {};
}

}  // namespace brokerwire::broker
