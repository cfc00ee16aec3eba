// Private directories: created 0700, and an existing one open to others is refused.
#pragma once

#include <string>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// Permission bits of every directory the library creates.
inline constexpr unsigned private_directory_mode = 0700;

// Makes `path` exist as a private directory, like `mkdir -p`: each missing
// component is created with mode 0700 (set explicitly, whatever the umask).
// An existing `path` must be a directory (else io ENOTDIR) that is neither
// group- nor world-writable (else insecure_directory with its mode); the
// parents that already exist are not judged.
file_error ensure_private_directory(const std::string& path);

// Checks, without creating anything, that `path` is an existing directory
// that is neither group- nor world-writable. Errors: io (stat, ENOTDIR),
// insecure_directory.
file_error check_private_directory(const std::string& path);

}  // namespace brokerwire::files
