// The file that publishes a v2 broker's HTTP endpoint, so a CLI can find a
// port the operator did not choose (upstream: broker/broker_http_discovery.rs).
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <brokerwire/files/broker_name_error.hpp>
#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// Extension of the published-port file.
inline constexpr std::string_view http_port_extension = "http_port";

// An HTTP endpoint: an IP address in text form, without brackets, and a port.
struct http_endpoint {
    std::string address;
    std::uint16_t port = 0;

    friend bool operator==(const http_endpoint& a, const http_endpoint& b) {
        return a.port == b.port && a.address == b.address;
    }
};

// `<runtime_dir>/broker-v2-<program>.http_port`: one file per program, so two
// brokers of different programs never read each other's port. The program is
// not validated (upstream does not); one with a '/' fails at publish.
std::string http_port_path(std::string_view runtime_dir, std::string_view program);

// The file's content, `<address>:<port>\n`, with the address spelled as Rust
// displays an IpAddr: IPv4 dotted decimal; IPv6 in lowercase hex with the
// first longest run of two or more zero groups written `::`, and an
// IPv4-mapped address as `::ffff:a.b.c.d`. IPv6 has no brackets
// ("::1:7000\n"). Error invalid_address when `address` is not an IP address.
broker_name_result<std::string> http_port_file_content(std::string_view address, std::uint16_t port);

// Parses a file's content as upstream reads it: trimmed of whitespace, split
// at the last ':', any leading '[' and trailing ']' removed from the address,
// the port a u16 as Rust parses one (digits, an optional leading '+').
// The address comes back in the spelling above. Error malformed_http_port
// (without a path) when any part fails.
broker_name_result<http_endpoint> parse_http_port_file(std::string_view text);

// Publishes `address`:`port` for `program`, returning the file's path. The
// directory is made private first, as upstream's ensure_private_dir does
// (ensure_private_directory: created 0700 if missing, tightened to 0700 if
// open to others). The file is replaced atomically (atomic_write_file, mode
// 0600), so a reader sees the previous port or the new one, never a mixture.
// Errors: invalid_address (nothing is written); file (the directory or the
// write).
broker_name_result<std::string> publish_http_port(const std::string& runtime_dir, std::string_view program,
                                                  std::string_view address, std::uint16_t port);

// The endpoint published for `program`, or nullopt when there is no file:
// an absent file means "no broker running", a normal state. Any other read
// failure is kind file; content that does not parse is malformed_http_port
// with the path, never an absence.
broker_name_result<std::optional<http_endpoint>> read_http_port(const std::string& runtime_dir,
                                                                std::string_view program);

// Removes `program`'s file. Idempotent: an absent file is success, since the
// goal is that no stale port remains. Other failures are io errors.
file_error unpublish_http_port(const std::string& runtime_dir, std::string_view program);

}  // namespace brokerwire::files
