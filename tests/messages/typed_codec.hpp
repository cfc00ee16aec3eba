// Every message type behind one run-time table, for tests that pick the type
// by its schema name (golden vectors, bench samples).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/messages.hpp>
#include <brokerwire/messages/list.hpp>

namespace brokerwire::test {

// The zero-copy view type of each owning message type: ns::T_view for every
// message of the generated list.
template <typename T>
struct view_of;
#define BROKERWIRE_TEST_VIEW_OF(ns, msg, schema_name) \
    template <>                                       \
    struct view_of<ns::msg> {                         \
        using type = ns::msg##_view;                  \
    };
BROKERWIRE_FOR_EACH_MESSAGE(BROKERWIRE_TEST_VIEW_OF)
#undef BROKERWIRE_TEST_VIEW_OF

// prost drops unknown fields at every level; comparing our re-encoding with
// prost's needs them cleared in every embedded message too. One overload per
// message that embeds another; a type missing here fails the golden test as
// a re-encoding that still holds the nested unknown fields.
template <typename T>
void clear_unknown(T& m) {
    m.unknown_fields.clear();
}
inline void clear_unknown(v2::service_definition& m) {
    m.unknown_fields.clear();
    if (m.http_server) m.http_server->unknown_fields.clear();
}
inline void clear_unknown(v2::cache_manifest& m) {
    m.unknown_fields.clear();
    for (v2::cache_root& root : m.roots) root.unknown_fields.clear();
}
inline void clear_unknown(v2::session_start& m) {
    m.unknown_fields.clear();
    for (v2::session_env_var& var : m.env) var.unknown_fields.clear();
}
inline void clear_unknown(v2::session_frame& m) {
    m.unknown_fields.clear();
    if (auto* e = m.exit()) clear_unknown(*e);
    if (auto* s = m.start()) clear_unknown(*s);
}
inline void clear_unknown(v1::hello_reply& m) {
    m.unknown_fields.clear();
    if (auto* n = m.negotiated()) clear_unknown(*n);
    if (auto* r = m.refused()) clear_unknown(*r);
}
inline void clear_unknown(v1::daemon_process& m) {
    m.unknown_fields.clear();
    if (m.ipc_endpoint) clear_unknown(*m.ipc_endpoint);
}

// What one input did under every decoder of a type.
struct outcome {
    status owning{};                       // decode into the owning message
    status view{};                         // decode into the zero-copy view
    std::vector<std::uint8_t> reencoded;   // owning re-encoding, unknown fields cleared
    bool view_agrees = true;               // to_message(view) equals the owning decode
    bool roundtrip_agrees = true;          // decode(encode(m)) == m, unknown fields kept
};

template <typename T, typename V = typename view_of<T>::type>
outcome run_codec(bytes_view in) {
    outcome out;
    T message;
    out.owning = decode(in, message);
    V view;
    out.view = decode(in, view);
    if (!out.owning.ok()) return out;
    T again;
    const std::vector<std::uint8_t> full = encode(message);
    out.roundtrip_agrees = decode(bytes_view(full), again).ok() && again == message;
    clear_unknown(message);
    out.reencoded = encode(message);
    if (out.view.ok()) out.view_agrees = to_message(view) == message;
    return out;
}

struct typed_codec {
    std::string_view short_name;
    outcome (*run)(bytes_view in);
};

// One entry per message of the generated list, in schema order.
inline const std::vector<typed_codec>& typed_codecs() {
#define BROKERWIRE_TEST_CODEC(ns, msg, schema_name) {ns::msg::short_name, run_codec<ns::msg>},
    static const std::vector<typed_codec> table = {BROKERWIRE_FOR_EACH_MESSAGE(BROKERWIRE_TEST_CODEC)};
#undef BROKERWIRE_TEST_CODEC
    return table;
}

inline const typed_codec* find_typed_codec(std::string_view short_name) {
    for (const typed_codec& codec : typed_codecs()) {
        if (codec.short_name == short_name) return &codec;
    }
    return nullptr;
}

// Hex text (lower or upper case, "-" for empty) to bytes; false when malformed.
inline bool parse_hex(std::string_view text, std::vector<std::uint8_t>& out) {
    out.clear();
    if (text == "-") return true;
    if (text.size() % 2 != 0) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]);
        const int lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    return true;
}

inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    if (bytes.empty()) return "-";
    std::string text;
    for (std::uint8_t b : bytes) {
        text += digits[b >> 4];
        text += digits[b & 15];
    }
    return text;
}

}  // namespace brokerwire::test
