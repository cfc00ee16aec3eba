// The HTTP surface's port option, its overrides, and the address type.
#include "brokerwire/broker/http_port_option.hpp"

#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "brokerwire/broker/hello_policy.hpp"  // rust_debug_quoted
#include "brokerwire/wire/utf8.hpp"
#include "rust_text.hpp"

namespace brokerwire::broker {
namespace {

bool equals_ascii_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// upstream reads a variable with env::var(...).ok(), so one that is not
// valid Unicode is unset; then trims it, and an empty value is unset too.
std::optional<std::string_view> usable_value(std::optional<std::string_view> raw) noexcept {
    if (!raw) return std::nullopt;
    const auto* data = reinterpret_cast<const std::uint8_t*>(raw->data());
    if (!wire::is_valid_utf8(data, raw->size())) return std::nullopt;
    const std::string_view trimmed = detail::trim_rust_whitespace(*raw);
    if (trimmed.empty()) return std::nullopt;
    return trimmed;
}

std::optional<std::string_view> environment_value(std::string_view name) {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string_view(value);
}

// The longest run of two or more zero groups, first on a tie; {8, 0} if none.
void longest_zero_run(const std::uint16_t (&groups)[8], int& start, int& length) noexcept {
    start = 8;
    length = 0;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && groups[j] == 0) ++j;
        if (j - i > length && j - i > 1) {
            start = i;
            length = j - i;
        }
        i = (j == i) ? i + 1 : j;
    }
}

std::string ipv4_text(const std::uint8_t* b) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buffer;
}

std::string ipv6_text(const std::array<std::uint8_t, 16>& b) {
    static constexpr std::uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b.data(), mapped_prefix, sizeof mapped_prefix) == 0) return "::ffff:" + ipv4_text(b.data() + 12);
    std::uint16_t groups[8];
    for (int i = 0; i < 8; ++i) {
        const auto at = static_cast<std::size_t>(2 * i);
        groups[i] = static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
    }
    int run_start = 0;
    int run_length = 0;
    longest_zero_run(groups, run_start, run_length);
    std::string out;
    char buffer[8];
    for (int i = 0; i < 8; ++i) {
        if (i == run_start) {
            out += "::";
            i += run_length - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buffer, sizeof buffer, "%x", groups[i]);
        out += buffer;
    }
    return out;
}

}  // namespace

std::optional<http_port_option> parse_http_port(std::string_view value, std::string& error) {
    if (equals_ascii_ignoring_case(value, "dynamic")) return http_port_option::dynamic();
    if (const auto port = detail::parse_rust_u16(value)) {
        if (*port == 0) return http_port_option::dynamic();
        return http_port_option::static_or_fallback(*port);
    }
    error = "--http-port expects a port number or `dynamic`, got " + rust_debug_quoted(value);
    return std::nullopt;
}

std::optional<ip_address> parse_ip_address(std::string_view text) {
    // inet_pton reads exactly Rust's two grammars (glibc rejects leading
    // zeros in an IPv4 octet, as Rust does); it needs a terminated string,
    // and an embedded NUL must not cut the text short.
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string terminated(text);
    ip_address address;
    if (inet_pton(AF_INET, terminated.c_str(), address.bytes.data()) == 1) return address;
    address.family = ip_address::family_kind::v6;
    if (inet_pton(AF_INET6, terminated.c_str(), address.bytes.data()) == 1) return address;
    return std::nullopt;
}

std::string to_string(const ip_address& address) {
    if (address.family == ip_address::family_kind::v4) return ipv4_text(address.bytes.data());
    return ipv6_text(address.bytes);
}

http_environment http_environment_from_process() {
    return {environment_value(http_port_env), environment_value(http_bind_env)};
}

resolved_http_bind resolve_http_bind(http_port_option config, const http_environment& env) {
    resolved_http_bind resolved;
    resolved.port = config;
    if (const auto text = usable_value(env.port)) {
        if (const auto port = detail::parse_rust_u16(*text)) resolved.port = http_port_option::static_port(*port);
    }
    if (const auto text = usable_value(env.bind)) {
        if (const auto address = parse_ip_address(*text)) resolved.address = *address;
    }
    return resolved;
}

}  // namespace brokerwire::broker
