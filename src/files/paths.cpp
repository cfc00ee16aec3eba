// File paths and default directories (SPEC §5).
#include <brokerwire/files/paths.hpp>

#include <cstdlib>

#include <brokerwire/files/names.hpp>

namespace brokerwire::files {

namespace {

// An unset or empty variable counts as not set.
std::optional<std::string> read_variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

bool usable(const std::optional<std::string>& v) { return v && !v->empty(); }

// XDG Base Directory spec: a relative XDG_* path is invalid and ignored.
bool usable_xdg(const std::optional<std::string>& v) { return usable(v) && (*v)[0] == '/'; }

}  // namespace

std::string join_path(std::string_view dir, std::string_view file) {
    std::string out(dir);
    if (!out.empty() && out.back() != '/') out += '/';
    out += file;
    return out;
}

file_result<std::string> service_definition_path(std::string_view root, std::string_view service_name) {
    if (file_error e = validate_service_name(service_name); !e.ok()) return e;
    std::string file(service_name);
    file += '.';
    file += service_definition_extension;
    return join_path(root, file);
}

file_result<std::string> central_manifest_path(std::string_view registry_dir,
                                               std::string_view service_name,
                                               std::string_view service_version) {
    if (file_error e = validate_service_name(service_name); !e.ok()) return e;
    if (file_error e = validate_version(service_version); !e.ok()) return e;
    std::string file(service_name);
    file += '-';
    file += service_version;
    file += '.';
    file += central_manifest_extension;
    return join_path(registry_dir, file);
}

std::string root_manifest_path(std::string_view cache_root) {
    return join_path(cache_root, root_manifest_file);
}

directory_environment directory_environment::from_process() {
    directory_environment env;
    env.service_def_dir = read_variable("RUNNING_PROCESS_SERVICE_DEF_DIR");
    env.manifest_dir = read_variable("RUNNING_PROCESS_MANIFEST_DIR");
    env.xdg_config_home = read_variable("XDG_CONFIG_HOME");
    env.xdg_data_home = read_variable("XDG_DATA_HOME");
    env.home = read_variable("HOME");
    return env;
}

file_result<std::string> service_definition_dir(const directory_environment& env) {
    if (usable(env.service_def_dir)) return *env.service_def_dir;
    if (usable_xdg(env.xdg_config_home)) return join_path(*env.xdg_config_home, "running-process/services");
    if (usable(env.home)) return join_path(*env.home, ".config/running-process/services");
    return no_default_directory_error("RUNNING_PROCESS_SERVICE_DEF_DIR, XDG_CONFIG_HOME or HOME");
}

file_result<std::string> central_registry_dir(const directory_environment& env) {
    if (usable(env.manifest_dir)) return *env.manifest_dir;
    if (usable_xdg(env.xdg_data_home)) return join_path(*env.xdg_data_home, "running-process/manifests");
    if (usable(env.home)) return join_path(*env.home, ".local/share/running-process/manifests");
    return no_default_directory_error("RUNNING_PROCESS_MANIFEST_DIR, XDG_DATA_HOME or HOME");
}

}  // namespace brokerwire::files
