// This process's daemon identity (see current_daemon.hpp).
#include "brokerwire/broker/current_daemon.hpp"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include "brokerwire/files/loader.hpp"
#include "brokerwire/hash/blake3.hpp"
#include "brokerwire/hash/sha256.hpp"

namespace brokerwire::broker {
namespace {

constexpr const char* boot_id_path = "/proc/sys/kernel/random/boot_id";

bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f'; }

std::string trimmed(std::string s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// host_identity.rs unavailable_boot_id: unique to this process, so a probe
// from another process never mistakes an unknown boot for its own.
std::string unavailable_boot_id() {
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    return "windows-boot-unavailable-" + std::to_string(::getpid()) + "-" +
           std::to_string(nanos < 0 ? 0 : nanos);
}

}  // namespace

files::file_result<std::string> current_executable_path() {
#if defined(__linux__)
    std::string buf(256, '\0');
    for (;;) {
        const ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size());
        if (n < 0) return files::io_error("/proc/self/exe", "readlink", errno);
        if (static_cast<std::size_t>(n) < buf.size()) {
            buf.resize(static_cast<std::size_t>(n));
            return buf;
        }
        buf.resize(buf.size() * 2);  // possibly truncated: try again, larger
    }
#else
    return files::io_error("current executable", "locate", ENOSYS);
#endif
}

files::file_result<executable_digests> hash_executable(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return files::io_error(path, "open", errno);
    hash::blake3 b3;
    hash::sha256 sha;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return files::io_error(path, "read", err);
        }
        if (n == 0) break;
        const bytes_view chunk(reinterpret_cast<const std::uint8_t*>(buf), static_cast<std::size_t>(n));
        b3.update(chunk);
        sha.update(chunk);
    }
    ::close(fd);
    executable_digests d;
    d.blake3 = b3.finalize();
    d.sha256 = sha.finalize();
    return d;
}

std::string host_boot_id() {
    files::file_result<std::string> raw = files::read_small_regular_file(boot_id_path, 4096);
    if (raw.ok()) {
        std::string id = trimmed(std::move(raw.value));
        if (!id.empty()) return id;
    }
    static const std::string fallback = unavailable_boot_id();
    return fallback;
}

std::uint64_t unix_now_ms() noexcept {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    return ms < 0 ? 0 : static_cast<std::uint64_t>(ms);
}

files::file_result<daemon_identity> current_daemon_identity(const v1::endpoint& endpoint,
                                                           std::optional<std::uint32_t> idle_timeout_secs) {
    files::file_result<std::string> exe = current_executable_path();
    if (!exe.ok()) return exe.error;
    files::file_result<executable_digests> digests = hash_executable(exe.value);
    if (!digests.ok()) return digests.error;
    daemon_identity d;
    d.pid = static_cast<std::uint32_t>(::getpid());
    d.exe_path = std::move(exe.value);
    d.exe_hash = digests.value.blake3;
    d.legacy_exe_sha256 = digests.value.sha256;
    d.boot_id = host_boot_id();
    d.ipc_endpoint.namespace_id = endpoint.namespace_id;
    d.ipc_endpoint.path = endpoint.path;
    d.started_at_unix_ms = unix_now_ms();
    d.idle_timeout_secs = idle_timeout_secs;
    return d;
}

}  // namespace brokerwire::broker
