// Unix-domain listening sockets for the broker (internal).
#pragma once

#include <string>

#include "brokerwire/broker/broker_error.hpp"

namespace brokerwire::broker::detail {

// Binds and listens on `path` (non-blocking, close-on-exec, mode 0600).
// A stale socket file left by a dead broker is replaced; a live one (some
// process accepts on it) or a non-socket file at `path` is an error.
// Returns the descriptor, or -1 with `error` set.
int listen_unix(const std::string& path, broker_error& error);

// Connects a blocking stream socket to `path`. Returns the descriptor, or
// -1 with `error` set.
int connect_unix(const std::string& path, broker_error& error);

}  // namespace brokerwire::broker::detail
