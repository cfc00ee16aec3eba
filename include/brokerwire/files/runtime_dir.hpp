// Where the v2 broker keeps its runtime files and its socket on Linux
// (upstream: platform_linux.rs ipc_broker_v2_runtime_dir and
// ipc_broker_endpoint_name, platform/ipc.rs per_user_runtime_fallback,
// broker/server/singleton_bind.rs resolve_socket_path). Nothing here touches
// the filesystem: a caller that writes creates the directory itself.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <brokerwire/files/broker_name_error.hpp>

namespace brokerwire::files {

// The inputs of upstream's placement rules. nullopt is an unset variable; a
// set but empty one is "", which upstream does not treat as unset for
// XDG_RUNTIME_DIR and TMPDIR (Rust's env::var_os). Tests fill this by hand;
// the library never calls setenv.
struct runtime_environment {
    std::optional<std::string> xdg_runtime_dir;  // XDG_RUNTIME_DIR
    std::optional<std::string> xdg_cache_home;   // XDG_CACHE_HOME
    std::optional<std::string> xdg_data_home;    // XDG_DATA_HOME
    std::optional<std::string> home;             // HOME
    std::optional<std::string> passwd_home;      // pw_dir of the uid's passwd entry, when found
    std::optional<std::string> tmpdir;           // TMPDIR
    std::uint32_t uid = 0;                       // the real uid (getuid)

    // This process's values. The passwd entry is looked up (getpwuid_r)
    // only when HOME is unset or empty, the one case that consults it.
    static runtime_environment from_process();
};

// The directory of the v2 broker's runtime files (the http-port file, the
// daemon identity files):
//   XDG_RUNTIME_DIR set (even empty or relative) -> $XDG_RUNTIME_DIR/running-process/broker-v2
//   otherwise the first of, each + /running-process/broker-v2:
//     $XDG_CACHE_HOME if absolute, else <home>/.cache      (dirs::cache_dir)
//     $XDG_DATA_HOME if absolute, else <home>/.local/share (dirs::data_local_dir)
//     <home>                                               (dirs::home_dir)
//     $TMPDIR if set (even empty), else /tmp               (std::env::temp_dir)
//   where <home> is a non-empty HOME, else a non-empty passwd home.
// A set-but-empty XDG_RUNTIME_DIR gives the relative "running-process/broker-v2",
// exactly as upstream does. Not necessarily the socket's directory (below).
std::string broker_v2_runtime_dir(const runtime_environment& env);

// broker_v2_runtime_dir(runtime_environment::from_process()).
std::string broker_v2_runtime_dir();

// The directory of the v2 socket: $XDG_RUNTIME_DIR/running-process/broker-v2
// when XDG_RUNTIME_DIR is set (even empty), else
// /tmp/running-process-<uid>/broker-v2.
std::string broker_v2_socket_dir(const runtime_environment& env);

// Linux sockaddr_un.sun_path, NUL terminator included: a socket path must be
// at most 107 bytes.
inline constexpr std::size_t linux_sun_path_max = 108;

// The socket path of `pipe_name` (e.g. from v2_program_pipe):
// <broker_v2_socket_dir>/<pipe_name>.sock, joined as Rust's PathBuf::join
// joins. The pipe name is not validated (upstream does not). A path of 108
// bytes or more is path_too_long: no socket can be bound or dialled there.
broker_name_result<std::string> resolve_socket_path(const runtime_environment& env, std::string_view pipe_name);

// The socket of an install-path-scoped broker, the same for every user and
// environment: /tmp/.rp-path-<h>.sock, where <h> is the first 16 bytes of
// BLAKE3("running-process:path-scoped-socket:v1\0" + pipe_name) in lowercase
// hex (singleton_bind.rs resolve_path_scoped_socket_path). Always 51 bytes.
std::string resolve_path_scoped_socket_path(std::string_view pipe_name);

}  // namespace brokerwire::files
