// Private directory creation and checking (SPEC §5: directories the library
// creates are 0700; a group- or world-writable one is refused).
#include <brokerwire/files/private_directory.hpp>

#include <cerrno>
#include <sys/stat.h>
#include <sys/types.h>

namespace brokerwire::files {

namespace {

// Others who can write into the directory could plant or swap definitions.
constexpr mode_t open_to_others = S_IWGRP | S_IWOTH;

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

}  // namespace

file_error check_private_directory(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return io_error(path, "stat", errno);
    if (!S_ISDIR(st.st_mode)) return io_error(path, "stat", ENOTDIR);
    if ((st.st_mode & open_to_others) != 0) {
        return insecure_directory_error(path, static_cast<std::uint32_t>(st.st_mode & 07777));
    }
    return {};
}

file_error ensure_private_directory(const std::string& path) {
    if (path.empty()) return io_error(path, "mkdir", ENOENT);
    int err = make_private(path);
    if (err == ENOENT) {
        if (file_error e = make_parents(path); !e.ok()) return e;
        err = make_private(path);
    }
    if (err == 0) return {};
    if (err != EEXIST) return io_error(path, "mkdir", err);
    return check_private_directory(path);
}

}  // namespace brokerwire::files
