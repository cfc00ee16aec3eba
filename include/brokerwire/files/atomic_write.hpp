// Atomic file replacement: readers see the old file or the new one, never a mixture.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <string>
#include <string_view>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/wire/bytes.hpp>

namespace brokerwire::files {

// Prefix of the temporary files made for `file_name`:
// `.<file_name>.brokerwire-tmp-`, followed by `<pid>-<counter>-<clock>`.
// Upstream's writers name theirs `.<file_name>.tmp-<pid>-<nanos>`, a name
// this never produces and never removes.
std::string temp_file_prefix(std::string_view file_name);

// Replaces `<dir>/<file_name>` with `bytes` atomically (docs/contract.md,
// "Atomic writes"): a temporary file is created exclusively (O_CREAT|O_EXCL,
// mode 0600) in `dir`, written in full, fsynced, renamed over the target, and
// `dir` is fsynced. On any failure the temporary file is removed and the
// previous target is intact; the error names the path and the failing step.
// (The one exception is the final directory fsync: when it fails the new file
// is already in place, and the error says that the rename may not yet be
// durable.)
//
// The temporary file holds an exclusive flock while in flight. Before
// writing, our own temporaries of the same target (prefix and suffix exactly
// as we make them) whose lock is free (their writer died, e.g. killed
// mid-write) are removed, so crashes never accumulate them. A file of any
// other name, an upstream writer's temporary among them, is never touched.
// `dir` must exist (see ensure_private_directory); `file_name` must be a
// plain name (no '/', not "." or "..", else io EINVAL).
file_error atomic_write_file(const std::string& dir, std::string_view file_name, bytes_view bytes);

// Removes the abandoned temporaries of `<dir>/<file_name>` (those whose
// writer no longer holds the lock). Best effort; returns how many it removed.
int remove_abandoned_temp_files(const std::string& dir, std::string_view file_name);

}  // namespace brokerwire::files
