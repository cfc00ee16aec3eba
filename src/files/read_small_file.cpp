// Reading one small regular file without following links or blocking on FIFOs.
#include <brokerwire/files/loader.hpp>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unique_fd.hpp"

namespace brokerwire::files {

namespace {

const char* file_type_name(mode_t mode) {
    if (S_ISLNK(mode)) return "symlink";
    if (S_ISDIR(mode)) return "directory";
    if (S_ISFIFO(mode)) return "fifo";
    if (S_ISSOCK(mode)) return "socket";
    if (S_ISCHR(mode)) return "character device";
    if (S_ISBLK(mode)) return "block device";
    return "special file";
}

// open() failed: a symlink (ELOOP under O_NOFOLLOW) or a socket (ENXIO) is
// reported by its type, anything else as the open error.
file_error classify_open_failure(const std::string& path, int open_errno) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        return not_regular_file_error(path, file_type_name(st.st_mode));
    }
    return io_error(path, "open", open_errno);
}

}  // namespace

file_result<std::string> read_small_regular_file(const std::string& path, std::size_t limit) {
    // O_NOFOLLOW: a planted symlink must not redirect the read; O_NONBLOCK: a
    // FIFO opens at once instead of waiting for a writer, and fstat refuses it.
    unique_fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd.valid()) return classify_open_failure(path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error(path, "stat", errno);
    if (!S_ISREG(st.st_mode)) return not_regular_file_error(path, file_type_name(st.st_mode));
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > limit) return too_large_error(path, size, limit);

    std::string out;
    out.reserve(static_cast<std::size_t>(size));
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error(path, "read", errno);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        // The file may grow after fstat; the limit holds for what is read.
        if (out.size() > limit) return too_large_error(path, out.size(), limit);
    }
    return out;
}

}  // namespace brokerwire::files
