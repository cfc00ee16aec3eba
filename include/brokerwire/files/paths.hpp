// Where each kind of file lives: file paths and default directories.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// `<root>/<name>.servicedef.v2`. The name is validated before any path is
// built; an invalid name is returned as the error.
file_result<std::string> service_definition_path(std::string_view root, std::string_view service_name);

// `<registry>/<name>-<version>.v2.pb`. Name, then version, are validated first.
file_result<std::string> central_manifest_path(std::string_view registry_dir,
                                               std::string_view service_name,
                                               std::string_view service_version);

// `<cache_root>/.running-process-manifest.v2.pb`.
std::string root_manifest_path(std::string_view cache_root);

// `<dir>/<file>`, with exactly one separator between them.
std::string join_path(std::string_view dir, std::string_view file);

// The environment variables the default directories depend on. An unset or
// empty value is "not set"; XDG values must be absolute paths (XDG Base
// Directory spec: relative ones are ignored). Tests fill this by hand; the
// library never calls setenv.
struct directory_environment {
    std::optional<std::string> service_def_dir;  // RUNNING_PROCESS_SERVICE_DEF_DIR
    std::optional<std::string> manifest_dir;     // RUNNING_PROCESS_MANIFEST_DIR
    std::optional<std::string> xdg_config_home;  // XDG_CONFIG_HOME
    std::optional<std::string> xdg_data_home;    // XDG_DATA_HOME
    std::optional<std::string> home;             // HOME

    // Reads the five variables from this process's environment.
    static directory_environment from_process();
};

// The service-definition directory (SPEC §5 order):
// $RUNNING_PROCESS_SERVICE_DEF_DIR, else $XDG_CONFIG_HOME/running-process/services,
// else ~/.config/running-process/services. Error no_default_directory when
// none of them is set.
file_result<std::string> service_definition_dir(const directory_environment& env);

// The central manifest registry: $RUNNING_PROCESS_MANIFEST_DIR, else
// $XDG_DATA_HOME/running-process/manifests, else
// ~/.local/share/running-process/manifests.
file_result<std::string> central_registry_dir(const directory_environment& env);

}  // namespace brokerwire::files
