// Atomic replacement of one file (docs/contract.md, "Atomic writes": a temp
// file created exclusively in the same directory, written, fsynced, renamed
// over the target, directory fsynced; on failure the temp file is removed
// and the old file intact).
#include <brokerwire/files/atomic_write.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unique_fd.hpp"

namespace brokerwire::files {

namespace {

// Attempts at a fresh temporary name before giving up on EEXIST.
constexpr int max_name_attempts = 16;

bool is_plain_file_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

// A name no other writer picks: pid, a per-process counter and the clock,
// after our own prefix. Uniqueness is still enforced by O_EXCL; this only
// makes collisions rare.
std::string unique_temp_name(std::string_view file_name) {
    static std::atomic<std::uint64_t> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    const auto ticks = static_cast<unsigned long long>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
    return temp_file_prefix(file_name) + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1, std::memory_order_relaxed)) + "-" +
           std::to_string(ticks % 1000000007ULL);
}

// Writes all of `bytes`, resuming after short writes and EINTR.
int write_all(int fd, bytes_view bytes) {
    const std::uint8_t* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return EIO;  // a regular file never accepts nothing; don't spin
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return 0;
}

int fsync_retrying(int fd) {
    while (::fsync(fd) != 0) {
        if (errno != EINTR) return errno;
    }
    return 0;
}

// The exclusively created temporary file, locked to mark it as in flight.
struct temp_file {
    unique_fd fd;
    std::string name;
};

// Creates and locks a fresh temporary file. A sweeper from another writer may
// unlink it between creation and locking; then the file has no links and a
// new name is tried.
file_error create_temp(int dir_fd, const std::string& dir, std::string_view file_name, temp_file& out) {
    for (int attempt = 0; attempt < max_name_attempts; ++attempt) {
        std::string name = unique_temp_name(file_name);
        unique_fd fd(::openat(dir_fd, name.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd.valid()) {
            if (errno == EEXIST) continue;
            return io_error(join(dir, name), "create temporary file", errno);
        }
        int lock_rc;
        while ((lock_rc = ::flock(fd.get(), LOCK_EX)) != 0 && errno == EINTR) {
        }
        struct stat st {};
        if (lock_rc != 0 || ::fstat(fd.get(), &st) != 0) {
            const int err = errno;
            ::unlinkat(dir_fd, name.c_str(), 0);  // never leave an unlocked temporary behind
            return io_error(join(dir, name), lock_rc != 0 ? "lock temporary file" : "stat temporary file", err);
        }
        if (st.st_nlink == 0) continue;
        out.fd = std::move(fd);
        out.name = std::move(name);
        return {};
    }
    return io_error(join(dir, std::string(file_name)), "create temporary file", EEXIST);
}

// Fills, syncs and renames the temporary file over the target.
file_error publish(int dir_fd, const std::string& dir, std::string_view file_name, const temp_file& tmp,
                   bytes_view bytes) {
    if (int err = write_all(tmp.fd.get(), bytes); err != 0) {
        return io_error(join(dir, tmp.name), "write", err);
    }
    if (int err = fsync_retrying(tmp.fd.get()); err != 0) {
        return io_error(join(dir, tmp.name), "fsync", err);
    }
    const std::string target(file_name);
    if (::renameat(dir_fd, tmp.name.c_str(), dir_fd, target.c_str()) != 0) {
        return io_error(join(dir, target), "rename", errno);
    }
    return {};
}

// True when `name` in `dir_fd` is still the file open as `fd`.
bool same_file(int dir_fd, const char* name, int fd) {
    struct stat by_name {}, by_fd {};
    if (::fstatat(dir_fd, name, &by_name, AT_SYMLINK_NOFOLLOW) != 0) return false;
    if (::fstat(fd, &by_fd) != 0) return false;
    return by_name.st_dev == by_fd.st_dev && by_name.st_ino == by_fd.st_ino;
}

// True when `suffix` is what unique_temp_name puts after the prefix: three
// runs of digits joined by '-'. An upstream writer's temporary
// (`.<file>.tmp-<pid>-<nanos>`) never carries our prefix for this target,
// and one it makes for another target that happens to start with our prefix
// ends in `.tmp-<pid>-<nanos>`, whose '.' and letters this refuses.
bool is_our_suffix(std::string_view suffix) {
    int runs = 0;
    bool in_run = false;
    for (char c : suffix) {
        if (c >= '0' && c <= '9') {
            if (!in_run) ++runs;
            in_run = true;
        } else if (c == '-' && in_run) {
            in_run = false;
        } else {
            return false;
        }
    }
    return runs == 3 && in_run;
}

int sweep(int dir_fd, std::string_view file_name) {
    const int list_fd = ::dup(dir_fd);
    if (list_fd < 0) return 0;
    DIR* d = ::fdopendir(list_fd);
    if (d == nullptr) {
        ::close(list_fd);
        return 0;
    }
    const std::string prefix = temp_file_prefix(file_name);
    int removed = 0;
    while (const dirent* ent = ::readdir(d)) {
        const std::string_view name(ent->d_name);
        if (name.substr(0, prefix.size()) != prefix || !is_our_suffix(name.substr(prefix.size()))) continue;
        unique_fd fd(::openat(dir_fd, ent->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!fd.valid()) continue;
        // A free lock means the writer is gone: the kernel drops flocks when
        // the process dies, however it died.
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;
        if (!same_file(dir_fd, ent->d_name, fd.get())) continue;
        if (::unlinkat(dir_fd, ent->d_name, 0) == 0) ++removed;
    }
    ::closedir(d);
    return removed;
}

}  // namespace

std::string temp_file_prefix(std::string_view file_name) {
    std::string prefix = ".";
    prefix += file_name;
    prefix += ".brokerwire-tmp-";
    return prefix;
}

int remove_abandoned_temp_files(const std::string& dir, std::string_view file_name) {
    unique_fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd.valid()) return 0;
    return sweep(dir_fd.get(), file_name);
}

file_error atomic_write_file(const std::string& dir, std::string_view file_name, bytes_view bytes) {
    if (!is_plain_file_name(file_name)) return io_error(join(dir, std::string(file_name)), "write", EINVAL);
    unique_fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd.valid()) return io_error(dir, "open directory", errno);
    sweep(dir_fd.get(), file_name);

    temp_file tmp;
    if (file_error e = create_temp(dir_fd.get(), dir, file_name, tmp); !e.ok()) return e;
    if (file_error e = publish(dir_fd.get(), dir, file_name, tmp, bytes); !e.ok()) {
        ::unlinkat(dir_fd.get(), tmp.name.c_str(), 0);
        return e;
    }
    // The rename is durable only once the directory entry is on disk.
    // Some file systems cannot sync a directory (EINVAL); nothing more to do there.
    if (int err = fsync_retrying(dir_fd.get()); err != 0 && err != EINVAL) {
        return io_error(dir, "fsync directory", err);
    }
    return {};
}

}  // namespace brokerwire::files
