// Binding the v2 broker's socket exactly once per name: a second broker is
// refused rather than racing the first (upstream:
// broker/server/singleton_bind.rs bind_singleton, running-process#899).
// Linux/POSIX Unix-domain sockets.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace brokerwire::broker {

// Why bind_singleton refused.
enum class singleton_errc : std::uint8_t {
    ok = 0,
    invalid_name,   // the path cannot name a socket: empty, has a NUL, or 108 bytes or more
    already_bound,  // another listener holds the name (upstream's AlreadyBound): "already running"
    other,          // anything else: the parent directory, socket(), listen(), chmod
};

// One failure: the path, the failing step and its errno.
struct [[nodiscard]] singleton_error {
    singleton_errc kind = singleton_errc::ok;
    std::string path;
    const char* operation = "";  // static text: "bind", "mkdir", "listen", ...
    int sys_errno = 0;

    bool ok() const noexcept { return kind == singleton_errc::ok; }
};

// "<path>: another listener is already bound (bind: Address already in use)".
std::string to_string(const singleton_error& e);

// upstream's is_already_bound_error on Linux: EADDRINUSE, EAGAIN/EWOULDBLOCK,
// and EACCES/EPERM (Rust's PermissionDenied, widened for Windows pipes; on
// Linux it makes an unwritable directory read as "already bound" too).
bool is_already_bound_errno(int err) noexcept;

// upstream's stale-socket probe: a blocking connect to `path`. Stale (true)
// only when the connect reaches no peer: ECONNREFUSED (a socket file nobody
// listens on, or a non-socket file) or ENOENT. A successful connect, or any
// other failure, means "live, leave it alone".
bool unix_socket_path_is_stale(const std::string& path);

// A bound, listening socket. Closing it (destructor or close()) also unlinks
// its path, as upstream's listener reclaims its name on drop, unless
// keep_name() was called. Move-only.
class singleton_listener {
public:
    singleton_listener() noexcept = default;
    singleton_listener(int fd, std::string path) noexcept;
    singleton_listener(singleton_listener&& other) noexcept;
    singleton_listener& operator=(singleton_listener&& other) noexcept;
    singleton_listener(const singleton_listener&) = delete;
    singleton_listener& operator=(const singleton_listener&) = delete;
    ~singleton_listener();

    int fd() const noexcept { return fd_; }
    const std::string& path() const noexcept { return path_; }
    bool valid() const noexcept { return fd_ >= 0; }

    // Leave the socket file in place at close (upstream's
    // do_not_reclaim_name_on_drop), e.g. when the descriptor is handed on.
    void keep_name() noexcept { reclaim_ = false; }
    void close() noexcept;

private:
    int fd_ = -1;
    std::string path_;
    bool reclaim_ = true;
};

struct singleton_options {
    // chmod applied to the socket file after bind (e.g. 0600). Upstream's
    // bind_singleton leaves the mode to the umask, which is the default here.
    std::optional<std::uint32_t> socket_mode;
    bool nonblocking = false;  // O_NONBLOCK on the listening descriptor (accept() then returns EAGAIN)
};

struct [[nodiscard]] singleton_bind_result {
    singleton_listener listener;
    singleton_error error;

    bool ok() const noexcept { return error.ok(); }
};

// Binds and listens on `socket_path`, at most once per name:
// 1. the parent directory is created if missing (each new component 0700);
//    an existing one is used as it is;
// 2. bind() with no unlink first: unlinking up front let N racing starters
//    each delete the winner's live socket and all "win" (running-process#899);
// 3. if bind failed with an already-bound errno and the probe finds the path
//    stale, the path is unlinked (ignoring failure) and bind() tried once more;
// 4. a remaining already-bound errno is already_bound, anything else other.
// Steps 2-4 run under an exclusive flock of the parent directory, so two
// starters of this library never interleave bind() and listen() (upstream has
// that gap: a rival probing in it is refused and unlinks the winner's socket).
// A stale path need not be a socket: upstream's probe gets ECONNREFUSED from
// a regular file there too, and it is replaced. Descriptors are close-on-exec.
singleton_bind_result bind_singleton(const std::string& socket_path, const singleton_options& options = {});

}  // namespace brokerwire::broker
