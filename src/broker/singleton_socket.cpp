// The singleton bind of the v2 socket (singleton_bind.rs): bind first, probe
// only on conflict, and replace a path only when nothing answers there.
#include "brokerwire/broker/singleton_socket.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/files/private_directory.hpp"

namespace brokerwire::broker {

namespace {

singleton_error singleton_failure(singleton_errc kind, const std::string& path, const char* operation, int err) {
    singleton_error e;
    e.kind = kind;
    e.path = path;
    e.operation = operation;
    e.sys_errno = err;
    return e;
}

// sun_path holds the path and its NUL; a NUL inside would cut the name short.
bool fill_address(const std::string& path, sockaddr_un& addr) {
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof addr.sun_path || path.find('\0') != std::string::npos) return false;
    std::memcpy(addr.sun_path, path.data(), path.size());
    return true;
}

// Path::parent as Rust spells it: "" for a bare name, "/" for "/x".
std::string parent_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return "";
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

// upstream's ensure_parent_exists (create_dir_all): an existing directory is
// used as it is, whatever its mode; a missing one is made, 0700 here.
singleton_error ensure_parent(const std::string& socket_path) {
    const std::string parent = parent_of(socket_path);
    if (parent.empty()) return {};
    struct stat st {};
    if (::stat(parent.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return {};
        return singleton_failure(singleton_errc::other, parent, "mkdir", EEXIST);
    }
    files::file_error made = files::ensure_private_directory(parent);
    if (made.ok()) return {};
    // A refusal that is not a failing call (a symlink raced in) keeps its reason.
    const bool call_failed = made.kind == files::file_errc::io;
    return singleton_failure(singleton_errc::other, made.path.empty() ? parent : made.path,
                             call_failed ? "mkdir" : files::describe(made.kind), call_failed ? made.sys_errno : 0);
}

// An exclusive flock on the socket's directory, held while one starter binds.
// Upstream leaves a gap between bind() and listen() in which a rival's probe
// is refused, finds the path "stale" and unlinks the winner's socket (two
// winners; seen here about once in a thousand races of eight threads). Our
// starters take turns instead. Upstream's own starters do not take the lock,
// so against them the gap is as upstream has it. Best effort: a directory
// that cannot be opened is not locked.
class directory_lock {
public:
    explicit directory_lock(const std::string& socket_path) {
        const std::string parent = parent_of(socket_path);
        fd_ = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0) return;
        while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~directory_lock() {
        if (fd_ >= 0) ::close(fd_);  // closing releases the lock
    }
    directory_lock(const directory_lock&) = delete;
    directory_lock& operator=(const directory_lock&) = delete;

private:
    int fd_ = -1;
};

// One socket()+bind()+listen(). Returns the descriptor, or -1 with `err`
// and `operation` set.
int bind_once(const sockaddr_un& addr, const singleton_options& options, int& err, const char*& operation) {
    const int type = SOCK_STREAM | SOCK_CLOEXEC | (options.nonblocking ? SOCK_NONBLOCK : 0);
    const int fd = ::socket(AF_UNIX, type, 0);
    if (fd < 0) {
        err = errno;
        operation = "socket";
        return -1;
    }
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        err = errno;
        operation = "bind";
        ::close(fd);
        return -1;
    }
    if (::listen(fd, SOMAXCONN) != 0) {
        err = errno;
        operation = "listen";
        ::unlink(addr.sun_path);  // we made the file; leave no dead socket behind
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

std::string to_string(const singleton_error& e) {
    const std::string cause =
        e.sys_errno == 0 ? std::string(e.operation) : std::string(e.operation) + ": " + files::errno_text(e.sys_errno);
    switch (e.kind) {
        case singleton_errc::ok:
            return "ok";
        case singleton_errc::invalid_name:
            return e.path + ": cannot name a Unix socket (empty, contains a NUL, or 108 bytes or more)";
        case singleton_errc::already_bound:
            return e.path + ": another listener is already bound (" + cause + ")";
        case singleton_errc::other:
            return e.path + ": " + cause + (e.sys_errno == 0 ? "" : " (errno " + std::to_string(e.sys_errno) + ")");
    }
    return e.path + ": unknown error";
}

bool is_already_bound_errno(int err) noexcept {
    return err == EADDRINUSE || err == EAGAIN || err == EWOULDBLOCK || err == EACCES || err == EPERM;
}

bool unix_socket_path_is_stale(const std::string& path) {
    sockaddr_un addr{};
    if (!fill_address(path, addr)) return false;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    } while (rc != 0 && errno == EINTR);
    const int err = rc == 0 ? 0 : errno;
    ::close(fd);
    return err == ECONNREFUSED || err == ENOENT;
}

singleton_listener::singleton_listener(int fd, std::string path) noexcept : fd_(fd), path_(std::move(path)) {}

singleton_listener::singleton_listener(singleton_listener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), reclaim_(other.reclaim_) {}

singleton_listener& singleton_listener::operator=(singleton_listener&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        reclaim_ = other.reclaim_;
    }
    return *this;
}

singleton_listener::~singleton_listener() { close(); }

void singleton_listener::close() noexcept {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    if (reclaim_) ::unlink(path_.c_str());
}

singleton_bind_result bind_singleton(const std::string& socket_path, const singleton_options& options) {
    singleton_bind_result result;
    sockaddr_un addr{};
    if (!fill_address(socket_path, addr)) {
        result.error = singleton_failure(singleton_errc::invalid_name, socket_path, "bind", EINVAL);
        return result;
    }
    if (singleton_error e = ensure_parent(socket_path); !e.ok()) {
        result.error = std::move(e);
        return result;
    }
    const directory_lock turn(socket_path);
    int err = 0;
    const char* operation = "";
    int fd = bind_once(addr, options, err, operation);
    if (fd < 0 && is_already_bound_errno(err) && unix_socket_path_is_stale(socket_path)) {
        ::unlink(socket_path.c_str());  // upstream ignores a failure here: the retry reports it
        fd = bind_once(addr, options, err, operation);
    }
    if (fd < 0) {
        const singleton_errc kind = is_already_bound_errno(err) ? singleton_errc::already_bound : singleton_errc::other;
        result.error = singleton_failure(kind, socket_path, operation, err);
        return result;
    }
    result.listener = singleton_listener(fd, socket_path);
    if (options.socket_mode && ::chmod(socket_path.c_str(), static_cast<mode_t>(*options.socket_mode)) != 0) {
        result.error = singleton_failure(singleton_errc::other, socket_path, "chmod", errno);
        result.listener.close();
    }
    return result;
}

}  // namespace brokerwire::broker
