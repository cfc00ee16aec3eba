// Default directories, computed as upstream computes them
// (server/service_def_loader.rs service_definition_dir, broker/manifest.rs
// central_registry_dir, platform crate fs.rs user_data_dir, and the dirs
// crate's home_dir), except where upstream's answer would depend on the
// working directory or land in the shared temporary directory: those are
// refused (docs/compatibility.md, "Files").
#include <brokerwire/files/paths.hpp>

#include <cerrno>
#include <cstdlib>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace brokerwire::files {

namespace {

std::optional<std::string> read_variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// The password database's home of the real user, as the dirs crate reads it
// when HOME is unset or empty (getpwuid_r(getuid())); nullopt when there is
// no entry or it names no directory.
std::optional<std::string> passwd_home_dir() {
    long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(hint > 0 ? static_cast<std::size_t>(hint) : 1024U);
    passwd entry {};
    passwd* found = nullptr;
    int rc;
    while ((rc = ::getpwuid_r(::getuid(), &entry, buf.data(), buf.size(), &found)) == ERANGE &&
           buf.size() < (1U << 20)) {
        buf.resize(buf.size() * 2);
    }
    if (rc != 0 || found == nullptr || found->pw_dir == nullptr || *found->pw_dir == '\0') return std::nullopt;
    return std::string(found->pw_dir);
}

bool is_absolute(const std::string& path) { return !path.empty() && path[0] == '/'; }

// A directory named by a variable that is set: it must be absolute, or
// upstream and we would each resolve it against our own working directory.
file_result<std::string> absolute_variable(const char* variable, const std::string& value) {
    if (value.empty()) return invalid_environment_error(variable, value, path_problem::empty);
    if (!is_absolute(value)) return invalid_environment_error(variable, value, path_problem::relative);
    return value;
}

// The dirs crate's home_dir: $HOME when set and non-empty, else the password
// database. Upstream then falls back to the temporary directory; a
// directory under the shared /tmp is not private to anyone, so that is
// refused here.
file_result<std::string> home_dir(const directory_environment& env, const char* others) {
    if (env.home && !env.home->empty()) return absolute_variable("HOME", *env.home);
    if (env.passwd_home) return absolute_variable("HOME", *env.passwd_home);
    return no_default_directory_error(others);
}

// The shared shape of both defaults: the override variable, then (xdg
// layout) the XDG variable, then the home directory.
struct default_rule {
    const char* override_variable;
    const std::optional<std::string>& override_value;
    const char* xdg_variable;
    const std::optional<std::string>& xdg_value;
    const char* under_xdg;    // below $XDG_...
    const char* under_home;   // below HOME, xdg layout
    const char* under_macos;  // below HOME, macos layout
    const char* missing;        // for no_default_directory, xdg layout
    const char* missing_macos;  // the same, macos layout (no XDG variable counts)
};

file_result<std::string> default_directory(const directory_environment& env, const default_rule& r) {
    if (r.override_value) return absolute_variable(r.override_variable, *r.override_value);
    if (env.layout == directory_layout::xdg && r.xdg_value) {
        file_result<std::string> base = absolute_variable(r.xdg_variable, *r.xdg_value);
        if (!base.ok()) return base;
        return join_path(base.value, r.under_xdg);
    }
    file_result<std::string> home =
        home_dir(env, env.layout == directory_layout::macos ? r.missing_macos : r.missing);
    if (!home.ok()) return home;
    return join_path(home.value, env.layout == directory_layout::macos ? r.under_macos : r.under_home);
}

}  // namespace

directory_environment directory_environment::from_process() {
    directory_environment env;
    env.service_def_dir = read_variable("RUNNING_PROCESS_SERVICE_DEF_DIR");
    env.manifest_dir = read_variable("RUNNING_PROCESS_MANIFEST_DIR");
    env.xdg_config_home = read_variable("XDG_CONFIG_HOME");
    env.xdg_data_home = read_variable("XDG_DATA_HOME");
    env.home = read_variable("HOME");
    if (!env.home || env.home->empty()) env.passwd_home = passwd_home_dir();
    return env;
}

file_result<std::string> service_definition_dir(const directory_environment& env) {
    return default_directory(env, {"RUNNING_PROCESS_SERVICE_DEF_DIR", env.service_def_dir, "XDG_CONFIG_HOME",
                                   env.xdg_config_home, "running-process/services",
                                   ".config/running-process/services",
                                   "Library/Application Support/running-process/services",
                                   "RUNNING_PROCESS_SERVICE_DEF_DIR, XDG_CONFIG_HOME, HOME or a password-database home",
                                   "RUNNING_PROCESS_SERVICE_DEF_DIR, HOME or a password-database home"});
}

file_result<std::string> central_registry_dir(const directory_environment& env) {
    return default_directory(env, {"RUNNING_PROCESS_MANIFEST_DIR", env.manifest_dir, "XDG_DATA_HOME",
                                   env.xdg_data_home, "running-process/manifests",
                                   ".local/share/running-process/manifests",
                                   "Library/Application Support/running-process/manifests",
                                   "RUNNING_PROCESS_MANIFEST_DIR, XDG_DATA_HOME, HOME or a password-database home",
                                   "RUNNING_PROCESS_MANIFEST_DIR, HOME or a password-database home"});
}

}  // namespace brokerwire::files
