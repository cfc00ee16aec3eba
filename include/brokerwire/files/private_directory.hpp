// Private directories, as upstream's broker defines them: the user's own,
// not a symbolic link, and closed to group and others (mode & 077 == 0).
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
#include <string>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// Permission bits of every directory the library creates or tightens.
inline constexpr unsigned private_directory_mode = 0700;

// True when `mode` lets neither group nor others in: upstream's test
// (platform crate, ipc_private_dir.rs owner_private_directory).
constexpr bool is_private_mode(std::uint32_t mode) noexcept { return (mode & 077U) == 0; }

// What prepare_private_directory had to do.
enum class directory_change : std::uint8_t {
    none,       // it existed and was already private
    created,    // it did not exist; it (and any missing parent) was made 0700
    tightened,  // it existed, the user's own, open to others; now 0700
};

struct private_directory_state {
    directory_change change = directory_change::none;
    std::uint32_t previous_mode = 0;  // its permission bits before tightening
};

// Makes `path` a private directory, as upstream's writers do before every
// write (ensure_owner_private_directory): each missing component is created
// 0700 (exactly, whatever the umask); an existing `path` that is the user's
// own but open to group or others is chmod-ed to 0700, and the result says
// so (tightened, with the old mode). Refused, and left untouched: a symlink
// (symlinked_directory), a directory of another user (foreign_directory),
// anything that is not a directory (io ENOTDIR). Existing parents are not
// judged. Errors: those, and io for a failing mkdir, open or chmod.
file_result<private_directory_state> prepare_private_directory(const std::string& path);

// prepare_private_directory without the report, for callers that only need
// the directory to be usable.
file_error ensure_private_directory(const std::string& path);

// Checks, without changing anything, that `path` is an existing private
// directory (the reader's side: upstream's loaders refuse a directory that
// is not). Errors: io (stat; ENOTDIR), symlinked_directory,
// foreign_directory, insecure_directory with its mode.
file_error check_private_directory(const std::string& path);

}  // namespace brokerwire::files
