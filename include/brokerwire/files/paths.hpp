// Where each kind of file lives: file paths and default directories.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
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

// Which layout of default directories upstream uses on this kind of host
// (server/service_def_loader.rs service_definition_dir, platform crate
// fs.rs user_data_dir).
enum class directory_layout : std::uint8_t {
    xdg,    // Linux and other Unix: XDG_CONFIG_HOME / XDG_DATA_HOME, else ~/.config, ~/.local/share
    macos,  // ~/Library/Application Support/running-process/..., no XDG variables
};

// The layout of the host this library was built for.
#if defined(__APPLE__)
inline constexpr directory_layout host_directory_layout = directory_layout::macos;
#else
inline constexpr directory_layout host_directory_layout = directory_layout::xdg;
#endif

// What the default directories depend on. An unset variable is nullopt; a
// set one keeps its value even when empty, because upstream treats "set but
// empty" differently from "unset". Tests fill this by hand; the library
// never calls setenv.
struct directory_environment {
    directory_layout layout = host_directory_layout;
    std::optional<std::string> service_def_dir;  // RUNNING_PROCESS_SERVICE_DEF_DIR
    std::optional<std::string> manifest_dir;     // RUNNING_PROCESS_MANIFEST_DIR
    std::optional<std::string> xdg_config_home;  // XDG_CONFIG_HOME
    std::optional<std::string> xdg_data_home;    // XDG_DATA_HOME
    std::optional<std::string> home;             // HOME
    std::optional<std::string> passwd_home;      // this user's home in the password database

    // Reads the variables from this process's environment, and the password
    // database entry of the real user id when HOME is unset or empty (the
    // fallback upstream takes through the dirs crate).
    static directory_environment from_process();
};

// The service-definition directory, as upstream computes it:
//   $RUNNING_PROCESS_SERVICE_DEF_DIR, else
//   xdg:   $XDG_CONFIG_HOME/running-process/services, else HOME/.config/running-process/services
//   macos: HOME/Library/Application Support/running-process/services
// where HOME is $HOME when set and non-empty, else passwd_home. Where
// upstream would use a path relative to its working directory (a variable
// set but empty, or relative) this refuses with invalid_environment naming
// the variable; where upstream would fall back to the shared temporary
// directory (no home at all) this is no_default_directory.
file_result<std::string> service_definition_dir(const directory_environment& env);

// The central manifest registry, by the same rules:
//   $RUNNING_PROCESS_MANIFEST_DIR, else
//   xdg:   $XDG_DATA_HOME/running-process/manifests, else HOME/.local/share/running-process/manifests
//   macos: HOME/Library/Application Support/running-process/manifests
file_result<std::string> central_registry_dir(const directory_environment& env);

}  // namespace brokerwire::files
