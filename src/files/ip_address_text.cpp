// IP address text in Rust's Display spelling, so a file we write is byte for
// byte the file upstream's broker writes for the same address.
#include "ip_address_text.hpp"

#include <arpa/inet.h>
#include <cstdint>
#include <cstdio>

namespace brokerwire::files::detail {

namespace {

std::string ipv4_text(const std::uint8_t* b) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

// Colon-separated lowercase hex groups [from, to).
void append_groups(std::string& out, const std::uint16_t* groups, int from, int to) {
    char buf[8];
    for (int i = from; i < to; ++i) {
        std::snprintf(buf, sizeof buf, i == from ? "%x" : ":%x", static_cast<unsigned>(groups[i]));
        out += buf;
    }
}

// Rust's Ipv6Addr Display: an IPv4-mapped address as ::ffff:a.b.c.d; else the
// first longest run of zero groups becomes "::", but only a run of two or
// more (RFC 5952 4.2.2). glibc's inet_ntop differs (it also shows ::a.b.c.d).
std::string ipv6_text(const std::uint8_t* b) {
    bool mapped = b[10] == 0xff && b[11] == 0xff;
    for (int i = 0; i < 10; ++i) mapped = mapped && b[i] == 0;
    if (mapped) return "::ffff:" + ipv4_text(b + 12);
    std::uint16_t groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
    int best_start = 0, best_len = 0, run_start = 0, run_len = 0;
    for (int i = 0; i < 8; ++i) {
        if (groups[i] != 0) {
            run_len = 0;
            continue;
        }
        if (run_len++ == 0) run_start = i;
        if (run_len > best_len) {
            best_start = run_start;
            best_len = run_len;
        }
    }
    std::string out;
    if (best_len < 2) {
        append_groups(out, groups, 0, 8);
        return out;
    }
    append_groups(out, groups, 0, best_start);
    out += "::";
    append_groups(out, groups, best_start + best_len, 8);
    return out;
}

}  // namespace

std::optional<std::string> canonical_ip_text(std::string_view text) {
    // inet_pton needs a NUL-terminated string; an embedded NUL is no address.
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string s(text);
    std::uint8_t bytes[16];
    if (::inet_pton(AF_INET, s.c_str(), bytes) == 1) return ipv4_text(bytes);
    if (::inet_pton(AF_INET6, s.c_str(), bytes) == 1) return ipv6_text(bytes);
    return std::nullopt;
}

}  // namespace brokerwire::files::detail
