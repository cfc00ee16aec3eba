// The session id ("sid") in every v2 pipe name: 16 lowercase hex characters
// naming one user on one machine (upstream: broker/lifecycle/sid.rs, with
// the identity from platform_linux/host.rs and platform/host.rs).
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/files/broker_name_error.hpp>
#include <brokerwire/wire/bytes.hpp>

namespace brokerwire::files {

// Length of a sid: 8 bytes of BLAKE3, in hex.
inline constexpr std::size_t sid_hash_length = 16;

// The first 8 bytes of BLAKE3(`input`) as 16 lowercase hex characters
// (sid.rs hash_to_16_hex). Pure.
std::string hash_to_16_hex(bytes_view input);

// `<uid>:<machine_id>`, the string upstream's Linux host hashes into the sid
// (platform_linux/host.rs user_machine_identity). The uid is decimal.
std::string user_machine_identity(std::uint32_t uid, std::string_view machine_id);

// hash_to_16_hex(user_machine_identity(uid, machine_id)). Pure.
std::string sid_hash_for(std::uint32_t uid, std::string_view machine_id);

// Where the machine id is looked for. Tests point these at their own files.
struct machine_id_sources {
    std::vector<std::string> machine_id_files;  // tried in order
    std::string boot_id_file;                   // the fallback when none exists

    // /etc/machine-id, then /var/lib/dbus/machine-id; boot id from
    // /proc/sys/kernel/random/boot_id (upstream's MACHINE_ID_PATHS, BOOT_ID_PATH).
    static machine_id_sources linux_defaults();
};

// The machine id, by upstream's rules (platform/host.rs machine_id_from):
// the first machine-id file whose content, trimmed of whitespace, is
// non-empty. An absent file (ENOENT) or an empty one falls through to the
// next; any other failure to read one (a directory, EACCES, not UTF-8) is an
// error (kind file), never a fall-through: a sibling process of the same user
// might read it fine and derive another identity. When no file gives a value,
// `boot:<boot_id>` from the boot-id file; when that too is unreadable or
// empty, no_machine_id.
broker_name_result<std::string> read_machine_id(const machine_id_sources& sources);

// The sid of `uid` on the machine `sources` describe. Errors: those of
// read_machine_id.
broker_name_result<std::string> user_sid_hash(std::uint32_t uid, const machine_id_sources& sources);

// This process's sid, as upstream's user_sid_hash computes it on Linux: the
// real uid (getuid) and the default sources.
broker_name_result<std::string> user_sid_hash();

// Checks the shape of a sid (names_v2.rs validate_sid_hash): non-empty, then
// exactly 16 bytes, then each one of [0-9a-f]. Returns ok or invalid_sid with
// the first failing reason (and, for a bad character, its index).
broker_name_error validate_sid_hash(std::string_view sid);

}  // namespace brokerwire::files
