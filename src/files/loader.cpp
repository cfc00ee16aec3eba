// Loading one service definition or cache manifest (docs/contract.md,
// "Loading and scanning").
#include <brokerwire/files/loader.hpp>

#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>

#include "read_message.hpp"

namespace brokerwire::files {

file_result<v2::service_definition> load_service_definition(const std::string& dir,
                                                            std::string_view service_name) {
    file_result<std::string> path = service_definition_path(dir, service_name);
    if (!path.ok()) return path.error;
    if (file_error e = check_private_directory(dir); !e.ok()) return e;
    file_result<v2::service_definition> def = detail::read_message<v2::service_definition>(path.value);
    if (!def.ok()) return def;
    // A file renamed (or planted) under another service's name must not
    // start that service's binary.
    if (def.value.service_name != service_name) {
        return name_mismatch_error(path.value, std::string(service_name), def.value.service_name);
    }
    return def;
}

file_result<v2::cache_manifest> load_root_manifest(const std::string& cache_root) {
    if (file_error e = check_private_directory(cache_root); !e.ok()) return e;
    return detail::read_message<v2::cache_manifest>(root_manifest_path(cache_root));
}

file_result<v2::cache_manifest> load_central_manifest(const std::string& registry_dir,
                                                      std::string_view service_name,
                                                      std::string_view service_version) {
    file_result<std::string> path = central_manifest_path(registry_dir, service_name, service_version);
    if (!path.ok()) return path.error;
    if (file_error e = check_private_directory(registry_dir); !e.ok()) return e;
    file_result<v2::cache_manifest> m = detail::read_message<v2::cache_manifest>(path.value);
    if (!m.ok()) return m;
    if (m.value.service_name != service_name || m.value.service_version != service_version) {
        return name_mismatch_error(path.value, std::string(service_name) + "-" + std::string(service_version),
                                   m.value.service_name + "-" + m.value.service_version);
    }
    return m;
}

}  // namespace brokerwire::files
