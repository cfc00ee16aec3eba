// Where a daemon's own socket lives by upstream's rules
// (crates/running-process/src/client/paths.rs socket_path, and
// running-process-platform-internal platform_linux/fs.rs user_runtime_dir):
//
//   <runtime>/daemon.sock           no scope
//   <runtime>/daemon-<scope>.sock   `running-process-daemon start --scope <scope>`
//
// where <runtime> is $XDG_RUNTIME_DIR/running-process, or, without that
// variable, /tmp/running-process-<uid>. Upstream makes <runtime> private
// (0700) before binding. brokerwire's `daemon` command uses the service name
// as the scope. (On Windows upstream uses a named pipe instead; not here.)
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace brokerwire::broker {

// `<xdg_runtime_dir>/running-process`, or `/tmp/running-process-<uid>` when
// the variable is unset. Passed in, never read here, so tests can choose.
// As upstream's PathBuf::join, a set but empty or relative variable gives a
// relative directory; callers that need a stable place refuse that.
std::string daemon_runtime_dir(const std::optional<std::string>& xdg_runtime_dir, unsigned long uid);

// `<runtime_dir>/daemon.sock`, or `<runtime_dir>/daemon-<scope>.sock`.
std::string daemon_socket_path(std::string_view runtime_dir, std::optional<std::string_view> scope);

}  // namespace brokerwire::broker
