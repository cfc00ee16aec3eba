// Publishing, reading and removing the broker's http-port file
// (broker_http_discovery.rs).
#include <brokerwire/files/http_port_file.hpp>

#include <cerrno>
#include <unistd.h>

#include <brokerwire/files/atomic_write.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>

#include "ip_address_text.hpp"
#include "text_file.hpp"

namespace brokerwire::files {

namespace {

std::string http_port_file_name(std::string_view program) {
    std::string name = "broker-v2-";
    name += program;
    name += '.';
    name += http_port_extension;
    return name;
}

// Rust's u16::from_str: an optional '+', then one or more decimal digits,
// with no overflow. Leading zeros are fine; whitespace and '-' are not.
std::optional<std::uint16_t> parse_port(std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    std::uint32_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
        if (value > 0xffff) return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string http_port_path(std::string_view runtime_dir, std::string_view program) {
    return join_path(runtime_dir, http_port_file_name(program));
}

broker_name_result<std::string> http_port_file_content(std::string_view address, std::uint16_t port) {
    std::optional<std::string> spelled = detail::canonical_ip_text(address);
    if (!spelled) return invalid_address_error(std::string(address));
    // `addr:port`, not a bare port: under a bind override the broker need not
    // be on loopback, and a reader assuming 127.0.0.1 would miss it.
    return *spelled + ':' + std::to_string(port) + '\n';
}

broker_name_result<http_endpoint> parse_http_port_file(std::string_view text) {
    const std::string_view trimmed = detail::trim_whitespace(text);
    auto malformed = [&] { return malformed_http_port_error("", std::string(trimmed)); };
    // The last colon: IPv6 has colons throughout and only the final one
    // separates the port.
    const std::size_t colon = trimmed.rfind(':');
    if (colon == std::string_view::npos) return malformed();
    std::string_view address = trimmed.substr(0, colon);
    while (!address.empty() && address.front() == '[') address.remove_prefix(1);
    while (!address.empty() && address.back() == ']') address.remove_suffix(1);
    const std::optional<std::string> spelled = detail::canonical_ip_text(address);
    const std::optional<std::uint16_t> port = parse_port(trimmed.substr(colon + 1));
    if (!spelled || !port) return malformed();
    return http_endpoint{*spelled, *port};
}

broker_name_result<std::string> publish_http_port(const std::string& runtime_dir, std::string_view program,
                                                  std::string_view address, std::uint16_t port) {
    broker_name_result<std::string> content = http_port_file_content(address, port);
    if (!content.ok()) return content.error;
    // upstream: ensure_private_dir (secure_dir.rs), which is what this does.
    if (file_error e = ensure_private_directory(runtime_dir); !e.ok()) return file_failure(std::move(e));
    // Atomic where upstream truncates in place: a reader never sees half a port.
    if (file_error e = atomic_write_file(runtime_dir, http_port_file_name(program), bytes_view(content.value));
        !e.ok()) {
        return file_failure(std::move(e));
    }
    return http_port_path(runtime_dir, program);
}

broker_name_result<std::optional<http_endpoint>> read_http_port(const std::string& runtime_dir,
                                                                std::string_view program) {
    const std::string path = http_port_path(runtime_dir, program);
    file_result<std::string> text = detail::read_text_file(path);
    if (!text.ok()) {
        if (text.error.kind == file_errc::io && text.error.sys_errno == ENOENT) {
            return std::optional<http_endpoint>();
        }
        return file_failure(std::move(text.error));
    }
    broker_name_result<http_endpoint> parsed = parse_http_port_file(text.value);
    if (!parsed.ok()) {
        parsed.error.path = path;
        return parsed.error;
    }
    return std::optional<http_endpoint>(std::move(parsed.value));
}

file_error unpublish_http_port(const std::string& runtime_dir, std::string_view program) {
    const std::string path = http_port_path(runtime_dir, program);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error(path, "unlink", errno);
    return {};
}

}  // namespace brokerwire::files
