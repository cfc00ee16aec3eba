// The daemon identity file (see daemon_identity_file.hpp).
#include "brokerwire/broker/daemon_identity_file.hpp"

#include <cerrno>
#include <climits>
#include <utility>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "brokerwire/files/atomic_write.hpp"
#include "brokerwire/files/loader.hpp"

namespace brokerwire::broker {

files::file_error write_daemon_identity_file(const std::string& path, const daemon_identity& d) {
    std::string json;
    const identity_json_status s = write_identity_json(d, json);
    if (!s.ok()) return files::io_error(path, "serialize", EILSEQ);
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return files::atomic_write_file(dir, name, bytes_view(json));
}

std::string to_string(const identity_file_read& r, const std::string& path) {
    if (!r.file.ok()) return files::to_string(r.file);
    if (!r.json.ok()) return path + ": not a daemon identity: " + to_string(r.json);
    return "ok";
}

identity_file_read try_read_daemon_identity_file(const std::string& path) {
    identity_file_read r;
    files::file_result<std::string> text = files::read_small_regular_file(path);
    if (!text.ok()) {
        // Only a missing file is "no identity"; upstream matches NotFound alone.
        const bool absent = text.error.kind == files::file_errc::io && text.error.sys_errno == ENOENT;
        if (!absent) r.file = std::move(text.error);
        return r;
    }
    daemon_identity d;
    r.json = read_identity_json(text.value, d);
    if (r.json.ok()) r.identity = std::move(d);
    return r;
}

std::optional<daemon_identity> read_daemon_identity_file(const std::string& path) {
    identity_file_read r = try_read_daemon_identity_file(path);
    if (!r.ok()) return std::nullopt;
    return std::move(r.identity);
}

void remove_daemon_identity_file(const std::string& path) { (void)::unlink(path.c_str()); }

bool process_is_alive(std::uint32_t pid) noexcept {
    // kill(0, ...) and negative pids address process groups, never one process.
    if (pid == 0 || pid > static_cast<std::uint32_t>(INT_MAX)) return false;
    if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
    return errno == EPERM;
}

std::string to_string(const publish_status& s, const std::string& path) {
    switch (s.code) {
        case publish_errc::ok: return "ok";
        case publish_errc::live_daemon:
            return path + ": already published by live daemon pid " + std::to_string(s.holder.pid) +
                   " (listening on " + s.holder.ipc_endpoint.path + "); stop it first";
        case publish_errc::write_failed: return files::to_string(s.write);
    }
    return "unknown publish error";
}

publish_status publish_daemon_identity_file(const std::string& path, const daemon_identity& d,
                                            const std::string& boot_id) {
    publish_status s;
    const std::optional<daemon_identity> existing = read_daemon_identity_file(path);
    if (existing && existing->pid != d.pid && existing->boot_id == boot_id && process_is_alive(existing->pid)) {
        s.code = publish_errc::live_daemon;
        s.holder = *existing;
        return s;
    }
    s.write = write_daemon_identity_file(path, d);
    if (!s.write.ok()) s.code = publish_errc::write_failed;
    return s;
}

}  // namespace brokerwire::broker
