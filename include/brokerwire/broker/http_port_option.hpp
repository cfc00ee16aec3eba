// Where the broker's optional HTTP surface listens, as upstream decides it:
// the `--http-port` value (src/bin/running-process-broker-v2.rs,
// parse_http_port), overlaid by the two environment overrides of
// src/broker/broker_http_port.rs (BrokerHttpPort::resolve). Pure functions
// of their inputs; the environment is passed in, so tests need not touch the
// process's own.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brokerwire::broker {

// upstream's BrokerHttpPort.
enum class http_port_mode : std::uint8_t {
    static_port,         // bind exactly `port`; failing to is an error
    dynamic,             // bind port 0: the system picks
    static_or_fallback,  // try `port`; if it is in use, let the system pick
};

// A port mode and its port (0 for dynamic). Build one with the three
// factories so the pair is always consistent.
struct http_port_option {
    http_port_mode mode = http_port_mode::dynamic;
    std::uint16_t port = 0;

    static constexpr http_port_option dynamic() noexcept { return {}; }
    static constexpr http_port_option static_port(std::uint16_t p) noexcept {
        return {http_port_mode::static_port, p};
    }
    static constexpr http_port_option static_or_fallback(std::uint16_t preferred) noexcept {
        return {http_port_mode::static_or_fallback, preferred};
    }

    friend constexpr bool operator==(http_port_option a, http_port_option b) noexcept {
        return a.mode == b.mode && a.port == b.port;
    }
    friend constexpr bool operator!=(http_port_option a, http_port_option b) noexcept { return !(a == b); }
};

// The `--http-port` value: "dynamic" in any ASCII case, or a port number as
// Rust's u16 parser reads one (an optional '+', digits, leading zeros
// allowed, at most 65535). 0 is dynamic, since 0 already means "the system
// picks"; 1..65535 is static_or_fallback, so a port held by something
// unrelated does not stop the broker (the override below gives an exact
// port to whoever needs one). Anything else is nullopt with `error` set to
// upstream's text: --http-port expects a port number or `dynamic`, got "80x"
std::optional<http_port_option> parse_http_port(std::string_view value, std::string& error);

// An IPv4 or IPv6 address, in network byte order (IPv4 uses bytes 0..3).
struct ip_address {
    enum class family_kind : std::uint8_t { v4, v6 };
    family_kind family = family_kind::v4;
    std::array<std::uint8_t, 16> bytes{};

    // 127.0.0.1, where upstream binds unless told otherwise: the page fronts
    // every backend's status page, so it is not put on the network by default.
    static constexpr ip_address loopback_v4() noexcept {
        ip_address a;
        a.bytes[0] = 127;
        a.bytes[3] = 1;
        return a;
    }

    friend bool operator==(const ip_address& a, const ip_address& b) noexcept {
        return a.family == b.family && a.bytes == b.bytes;
    }
    friend bool operator!=(const ip_address& a, const ip_address& b) noexcept { return !(a == b); }
};

// Rust's IpAddr::from_str: dotted-quad IPv4 (four decimal octets, no leading
// zeros) or textual IPv6 (no brackets, no zone), nothing around it.
std::optional<ip_address> parse_ip_address(std::string_view text);

// Rust's Display for IpAddr: "127.0.0.1"; IPv6 in hex groups with the
// longest run of two or more zero groups (the first, on a tie) shown as "::",
// and ::ffff:a.b.c.d for an IPv4-mapped address. No brackets.
std::string to_string(const ip_address& address);

inline constexpr std::string_view http_port_env = "RUNNING_PROCESS_BROKER_HTTP_PORT";
inline constexpr std::string_view http_bind_env = "RUNNING_PROCESS_BROKER_HTTP_BIND";

// The two override variables as found; nullopt when unset. The views must
// outlive the resolve_http_bind call they are passed to.
struct http_environment {
    std::optional<std::string_view> port;  // RUNNING_PROCESS_BROKER_HTTP_PORT
    std::optional<std::string_view> bind;  // RUNNING_PROCESS_BROKER_HTTP_BIND
};

// The variables of this process (getenv). The views point into the
// environment and stay valid until it is next modified.
http_environment http_environment_from_process();

// What to bind, after the overrides.
struct resolved_http_bind {
    http_port_option port;
    ip_address address = ip_address::loopback_v4();
};

// upstream's BrokerHttpPort::resolve:
// - a port override that parses as a u16 (after trimming whitespace) makes
//   the mode static_port at that port, whatever `config` said: someone who
//   maps a container port needs exactly that port, never a fallback. Its
//   "0" is static_port 0, which binds a system-picked port;
// - a bind override that parses as an IP address (after trimming) is the
//   address; otherwise 127.0.0.1;
// - an empty, unparseable or non-UTF-8 value counts as unset. Never fails.
resolved_http_bind resolve_http_bind(http_port_option config, const http_environment& env);

}  // namespace brokerwire::broker
