// The identity file a daemon publishes for its service,
// `<runtime_dir>/daemon-<service>.json` (files/broker_names.hpp
// daemon_identity_path), in the JSON of daemon_identity_json.hpp. Upstream's
// broker reads it on every Hello and hands `ipc_endpoint.path` to the client
// as Negotiated.backend_pipe (running-process-broker-v2.rs
// resolve_backend_pipe); upstream's contract is in
// crates/running-process/src/broker/backend_sdk/identity_file.rs:
//
// - writing is atomic, so a reader never sees a torn file;
// - read is tolerant: absent or malformed gives "no identity", and the
//   caller falls back (the broker: an empty backend_pipe);
// - try_read tells "absent" from "present but unreadable or malformed", for
//   diagnostics;
// - remove is best effort, on clean shutdown.
//
// Reads go through files::read_small_regular_file: a symlink, FIFO or file
// over 1 MiB counts as unreadable, where upstream would follow or read it.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/daemon_identity_json.hpp"
#include "brokerwire/files/file_error.hpp"

namespace brokerwire::broker {

// Writes `d` to `path` atomically (files::atomic_write_file: a private
// temporary, fsync, rename), replacing whatever is there, as upstream's
// write_daemon_identity_file does. The directory must exist. Errors: the
// write's file_error, or an io EILSEQ error (operation "serialize") when a
// string of `d` is not UTF-8 and so has no JSON form.
files::file_error write_daemon_identity_file(const std::string& path, const daemon_identity& d);

// The result of try_read_daemon_identity_file: `identity` is empty and both
// errors ok when there is no file.
struct [[nodiscard]] identity_file_read {
    std::optional<daemon_identity> identity;
    files::file_error file;     // the file exists but could not be read
    identity_json_status json;  // it was read but is not a daemon identity

    bool ok() const noexcept { return file.ok() && json.ok(); }
};

// "<path>: <why>" for a failed read; "ok" otherwise.
std::string to_string(const identity_file_read& r, const std::string& path);

// Reads `path`: no file (ENOENT) is ok and empty; any other failure is
// reported (upstream try_read_daemon_identity_file).
identity_file_read try_read_daemon_identity_file(const std::string& path);

// The identity at `path`, or none when it is absent, unreadable or
// malformed (upstream read_daemon_identity_file).
std::optional<daemon_identity> read_daemon_identity_file(const std::string& path);

// Removes `path`, ignoring every error (upstream remove_daemon_identity_file).
void remove_daemon_identity_file(const std::string& path);

// Whether `pid` names a live process on this host (kill(pid, 0) succeeds or
// is refused for permission). 0 and values beyond pid_t are never alive.
bool process_is_alive(std::uint32_t pid) noexcept;

// Why publish_daemon_identity_file did not publish.
enum class publish_errc : std::uint8_t {
    ok = 0,
    live_daemon,   // the file names another live daemon of this boot; `holder` is its identity
    write_failed,  // write_daemon_identity_file failed; see `write`
};

struct [[nodiscard]] publish_status {
    publish_errc code = publish_errc::ok;
    daemon_identity holder;
    files::file_error write;

    bool ok() const noexcept { return code == publish_errc::ok; }
};

// "<path>: already published by live daemon pid 123 (listening on ...)";
// the write error's text; "ok".
std::string to_string(const publish_status& s, const std::string& path);

// Publishes `d` at `path` unless the file there names a different daemon
// that is still running: a pid other than d.pid that is alive, recorded
// during this boot (its boot_id equals `boot_id`). A stale file (dead pid,
// another boot) and a malformed or unreadable one are replaced. Upstream's
// daemon overwrites unconditionally; refusing a live holder keeps two
// daemons of one service from stealing each other's clients.
publish_status publish_daemon_identity_file(const std::string& path, const daemon_identity& d,
                                            const std::string& boot_id);

}  // namespace brokerwire::broker
