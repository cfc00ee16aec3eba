// This process's daemon identity, made as upstream's
// DaemonProcess::current_process makes it
// (crates/running-process/src/broker/backend_lifecycle/identity.rs):
//
//   pid                 getpid()
//   exe_path            the running executable (Rust current_exe: the target
//                       of /proc/self/exe, " (deleted)" and all)
//   exe_hash            BLAKE3 of the file at exe_path
//   legacy_exe_sha256   SHA-256 of the same file
//   boot_id             /proc/sys/kernel/random/boot_id, trimmed; when the
//                       host cannot name its boot, a token unique to this
//                       process (host_identity.rs unavailable_boot_id)
//   started_at_unix_ms  the wall clock when the identity is made
//   ipc_endpoint, idle_timeout_secs   the caller's
//
// Make it after the daemon has bound its final endpoint: the identity
// describes what a probe of that endpoint will find.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/files/file_error.hpp"

namespace brokerwire::broker {

// The path of the running executable. Linux only (readlink of
// /proc/self/exe); elsewhere an io ENOSYS error.
files::file_result<std::string> current_executable_path();

// BLAKE3 and SHA-256 of one file, read once.
struct executable_digests {
    digest32 blake3{};
    digest32 sha256{};
};

// Hashes the file at `path` (symlinks followed, as upstream opens it).
// Errors: io (open, read) naming the path.
files::file_result<executable_digests> hash_executable(const std::string& path);

// The host's boot id as upstream reads it, or, when the host does not say,
// "windows-boot-unavailable-<pid>-<unix nanos>", fixed for the life of this
// process (upstream keeps that historical spelling on every host).
std::string host_boot_id();

// Milliseconds since the Unix epoch now (0 if the clock is before it).
std::uint64_t unix_now_ms() noexcept;

// This process's identity, listening at `endpoint`. Errors: those of
// current_executable_path and hash_executable.
files::file_result<daemon_identity> current_daemon_identity(const v1::endpoint& endpoint,
                                                           std::optional<std::uint32_t> idle_timeout_secs);

}  // namespace brokerwire::broker
