// Private directory creation, tightening and checking (upstream: platform
// crate ipc_private_dir.rs, broker/secure_dir.rs). Upstream chmods whatever
// directory it is given to 0700, following symlinks; brokerwire does the same
// for the user's own directory and refuses a symlink or another user's
// directory instead, since chmod-ing those would change a directory the user
// never named (docs/compatibility.md, "Files").
#include <brokerwire/files/private_directory.hpp>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "unique_fd.hpp"

namespace brokerwire::files {

namespace {

// mkdir + chmod: the umask may only remove bits, and 0700 must hold exactly.
// Returns 0 on success, else errno (EEXIST when something is already there).
int make_private(const std::string& path) {
    if (::mkdir(path.c_str(), private_directory_mode) != 0) return errno;
    if (::chmod(path.c_str(), private_directory_mode) != 0) return errno;
    return 0;
}

// Creates each missing ancestor of `path` (not `path` itself), 0700 each.
file_error make_parents(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        if (slash + 1 == path.size()) break;       // trailing separator: that is `path`
        if (path[slash - 1] == '/') continue;      // "a//b": the prefix was already handled
        const std::string prefix = path.substr(0, slash);
        const int err = make_private(prefix);
        if (err != 0 && err != EEXIST) return io_error(prefix, "mkdir", err);
    }
    return {};
}

// `path` without trailing separators, so that lstat and O_NOFOLLOW judge the
// last component itself ("link/" would resolve the link).
std::string without_trailing_slashes(const std::string& path) {
    std::size_t end = path.size();
    while (end > 1 && path[end - 1] == '/') --end;
    return path.substr(0, end);
}

// The last component is a directory of this user, not a link to one.
file_error inspect(const std::string& path, struct stat& st) {
    if (::lstat(without_trailing_slashes(path).c_str(), &st) != 0) return io_error(path, "stat", errno);
    if (S_ISLNK(st.st_mode)) return symlinked_directory_error(path);
    if (!S_ISDIR(st.st_mode)) return io_error(path, "stat", ENOTDIR);
    if (st.st_uid != ::geteuid()) return foreign_directory_error(path, static_cast<std::uint32_t>(st.st_uid));
    return {};
}

// chmod 0700 on the directory `seen` describes. Through a descriptor opened
// without following links, checked to be that same directory, so a swap
// after inspect() cannot redirect the chmod. An owner without read
// permission (e.g. 0355) cannot open it; then chmod by path, as upstream.
file_error tighten(const std::string& path, const struct stat& seen) {
    const std::string last = without_trailing_slashes(path);
    unique_fd fd(::open(last.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno != EACCES) return io_error(path, "open directory", errno);
        if (::chmod(last.c_str(), private_directory_mode) != 0) return io_error(path, "chmod", errno);
        return {};
    }
    struct stat now {};
    if (::fstat(fd.get(), &now) != 0) return io_error(path, "stat", errno);
    if (now.st_dev != seen.st_dev || now.st_ino != seen.st_ino) return io_error(path, "open directory", EAGAIN);
    if (::fchmod(fd.get(), private_directory_mode) != 0) return io_error(path, "chmod", errno);
    return {};
}

// An existing directory: accepted, tightened, or refused.
file_result<private_directory_state> adopt_existing(const std::string& path) {
    struct stat st {};
    if (file_error e = inspect(path, st); !e.ok()) return e;
    private_directory_state state;
    state.previous_mode = static_cast<std::uint32_t>(st.st_mode & 07777);
    if (is_private_mode(state.previous_mode)) return state;
    if (file_error e = tighten(path, st); !e.ok()) return e;
    // Upstream checks again after its chmod ("permissions were not applied").
    if (file_error e = check_private_directory(path); !e.ok()) return e;
    state.change = directory_change::tightened;
    return state;
}

}  // namespace

file_error check_private_directory(const std::string& path) {
    struct stat st {};
    if (file_error e = inspect(path, st); !e.ok()) return e;
    if (!is_private_mode(static_cast<std::uint32_t>(st.st_mode))) {
        return insecure_directory_error(path, static_cast<std::uint32_t>(st.st_mode & 07777));
    }
    return {};
}

file_result<private_directory_state> prepare_private_directory(const std::string& path) {
    if (path.empty()) return io_error(path, "mkdir", ENOENT);
    int err = make_private(path);
    if (err == ENOENT) {
        if (file_error e = make_parents(path); !e.ok()) return e;
        err = make_private(path);
    }
    if (err == 0) {
        private_directory_state created;
        created.change = directory_change::created;
        return created;
    }
    if (err != EEXIST) return io_error(path, "mkdir", err);
    return adopt_existing(path);
}

file_error ensure_private_directory(const std::string& path) { return prepare_private_directory(path).error; }

}  // namespace brokerwire::files
