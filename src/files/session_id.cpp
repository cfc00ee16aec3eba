// The sid: BLAKE3 of "<uid>:<machine-id>", and where the machine id comes from.
#include <brokerwire/files/session_id.hpp>

#include <cerrno>
#include <unistd.h>

#include <brokerwire/hash/blake3.hpp>

#include "text_file.hpp"

namespace brokerwire::files {

namespace {

constexpr bool is_lower_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

std::string list_of(const std::vector<std::string>& files) {
    std::string out;
    for (const std::string& f : files) {
        if (!out.empty()) out += ", ";
        out += f;
    }
    return out.empty() ? std::string("(no machine-id files)") : out;
}

// The boot-scoped fallback. Any failure here is "no usable boot_id": upstream
// only asks whether the file yields a value.
broker_name_result<std::string> boot_scoped_id(const machine_id_sources& sources) {
    file_result<std::string> boot = detail::read_text_file(sources.boot_id_file);
    if (boot.ok()) {
        const std::string_view id = detail::trim_whitespace(boot.value);
        if (!id.empty()) return "boot:" + std::string(id);
    }
    return no_machine_id_error(list_of(sources.machine_id_files));
}

}  // namespace

std::string hash_to_16_hex(bytes_view input) {
    static constexpr char digits[] = "0123456789abcdef";
    const auto digest = hash::blake3_of(input);
    std::string out;
    out.reserve(sid_hash_length);
    for (std::size_t i = 0; i < sid_hash_length / 2; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0x0f];
    }
    return out;
}

std::string user_machine_identity(std::uint32_t uid, std::string_view machine_id) {
    std::string out = std::to_string(uid);
    out += ':';
    out += machine_id;
    return out;
}

std::string sid_hash_for(std::uint32_t uid, std::string_view machine_id) {
    return hash_to_16_hex(user_machine_identity(uid, machine_id));
}

machine_id_sources machine_id_sources::linux_defaults() {
    return {{"/etc/machine-id", "/var/lib/dbus/machine-id"}, "/proc/sys/kernel/random/boot_id"};
}

broker_name_result<std::string> read_machine_id(const machine_id_sources& sources) {
    for (const std::string& path : sources.machine_id_files) {
        file_result<std::string> text = detail::read_text_file(path);
        if (!text.ok()) {
            const bool absent = text.error.kind == file_errc::io && text.error.sys_errno == ENOENT;
            if (absent) continue;
            return file_failure(std::move(text.error));
        }
        const std::string_view id = detail::trim_whitespace(text.value);
        if (!id.empty()) return std::string(id);
    }
    return boot_scoped_id(sources);
}

broker_name_result<std::string> user_sid_hash(std::uint32_t uid, const machine_id_sources& sources) {
    broker_name_result<std::string> machine = read_machine_id(sources);
    if (!machine.ok()) return machine.error;
    return sid_hash_for(uid, machine.value);
}

broker_name_result<std::string> user_sid_hash() {
    return user_sid_hash(static_cast<std::uint32_t>(::getuid()), machine_id_sources::linux_defaults());
}

broker_name_error validate_sid_hash(std::string_view sid) {
    if (sid.empty()) return invalid_sid_error(std::string(sid), sid_problem::empty, 0);
    if (sid.size() != sid_hash_length) {
        return invalid_sid_error(std::string(sid), sid_problem::wrong_length, sid.size());
    }
    for (std::size_t i = 0; i < sid.size(); ++i) {
        if (!is_lower_hex(sid[i])) return invalid_sid_error(std::string(sid), sid_problem::not_lowercase_hex, i);
    }
    return {};
}

}  // namespace brokerwire::files
