// The v2 broker's runtime and socket directories, by upstream's Linux rules.
#include <brokerwire/files/runtime_dir.hpp>

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>
#include <vector>

#include <brokerwire/hash/blake3.hpp>

namespace brokerwire::files {

namespace {

// The broker-v2 leaf under every base directory.
constexpr std::string_view runtime_leaf = "running-process/broker-v2";

// Rust's PathBuf::push: an absolute `part` replaces `base`; otherwise one
// '/' separates them unless `base` is empty or already ends with one.
std::string pushed(std::string base, std::string_view part) {
    if (!part.empty() && part.front() == '/') return std::string(part);
    if (!base.empty() && base.back() != '/') base += '/';
    base += part;
    return base;
}

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// dirs-sys's passwd fallback: one getpwuid_r with the sysconf-suggested
// buffer (512 bytes when there is none); an empty pw_dir counts as none.
std::optional<std::string> passwd_home_of(uid_t uid) {
    const long suggested = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(suggested < 0 ? 512 : static_cast<std::size_t>(suggested));
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwuid_r(uid, &entry, buf.data(), buf.size(), &found) != 0 || found == nullptr) return std::nullopt;
    if (entry.pw_dir == nullptr || *entry.pw_dir == '\0') return std::nullopt;
    return std::string(entry.pw_dir);
}

bool is_set_and_absolute(const std::optional<std::string>& v) { return v && !v->empty() && v->front() == '/'; }

// dirs::home_dir: a non-empty HOME, else a non-empty passwd home.
std::optional<std::string> dirs_home_dir(const runtime_environment& env) {
    if (env.home && !env.home->empty()) return env.home;
    return env.passwd_home && !env.passwd_home->empty() ? env.passwd_home : std::nullopt;
}

// An XDG base directory: the variable when absolute, else <home>/<fallback>.
std::optional<std::string> xdg_base(const std::optional<std::string>& var, const runtime_environment& env,
                                    std::string_view fallback) {
    if (is_set_and_absolute(var)) return var;
    if (std::optional<std::string> home = dirs_home_dir(env)) return pushed(*home, fallback);
    return std::nullopt;
}

// platform/ipc.rs per_user_runtime_fallback, without its leaf.
std::string per_user_base(const runtime_environment& env) {
    if (auto cache = xdg_base(env.xdg_cache_home, env, ".cache")) return *cache;
    if (auto data = xdg_base(env.xdg_data_home, env, ".local/share")) return *data;
    if (auto home = dirs_home_dir(env)) return *home;
    return env.tmpdir ? *env.tmpdir : std::string("/tmp");
}

}  // namespace

runtime_environment runtime_environment::from_process() {
    runtime_environment env;
    env.xdg_runtime_dir = variable("XDG_RUNTIME_DIR");
    env.xdg_cache_home = variable("XDG_CACHE_HOME");
    env.xdg_data_home = variable("XDG_DATA_HOME");
    env.home = variable("HOME");
    env.tmpdir = variable("TMPDIR");
    env.uid = static_cast<std::uint32_t>(::getuid());
    if (!env.home || env.home->empty()) env.passwd_home = passwd_home_of(::getuid());
    return env;
}

std::string broker_v2_runtime_dir(const runtime_environment& env) {
    if (env.xdg_runtime_dir) return pushed(*env.xdg_runtime_dir, runtime_leaf);
    return pushed(per_user_base(env), runtime_leaf);
}

std::string broker_v2_runtime_dir() { return broker_v2_runtime_dir(runtime_environment::from_process()); }

std::string broker_v2_socket_dir(const runtime_environment& env) {
    if (env.xdg_runtime_dir) return pushed(*env.xdg_runtime_dir, runtime_leaf);
    return "/tmp/running-process-" + std::to_string(env.uid) + "/broker-v2";
}

broker_name_result<std::string> resolve_socket_path(const runtime_environment& env, std::string_view pipe_name) {
    std::string leaf(pipe_name);
    leaf += ".sock";
    std::string path = pushed(broker_v2_socket_dir(env), leaf);
    // sockaddr_un needs its NUL inside sun_path, so 107 bytes is the most.
    if (path.size() >= linux_sun_path_max) return path_too_long_error(std::move(path), linux_sun_path_max - 1);
    return path;
}

std::string resolve_path_scoped_socket_path(std::string_view pipe_name) {
    static constexpr char digits[] = "0123456789abcdef";
    // Upstream's domain separator, terminating NUL included.
    static constexpr char domain[] = "running-process:path-scoped-socket:v1";
    hash::blake3 h;
    h.update(bytes_view(reinterpret_cast<const std::uint8_t*>(domain), sizeof domain));
    h.update(pipe_name);
    const auto digest = h.finalize();
    std::string path = "/tmp/.rp-path-";
    for (std::size_t i = 0; i < 16; ++i) {
        path += digits[digest[i] >> 4];
        path += digits[digest[i] & 0x0f];
    }
    path += ".sock";
    return path;
}

}  // namespace brokerwire::files
