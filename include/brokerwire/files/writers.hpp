// Writing service definitions and cache manifests where the broker looks for them.
#pragma once

#include <string>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/messages/manifest.hpp>
#include <brokerwire/messages/service_def.hpp>

namespace brokerwire::files {

// Validates `def` (validate_service_definition), makes `root` a private
// directory (ensure_private_directory) and atomically writes
// `<root>/<service_name>.servicedef.v2`. Returns the path written, or the
// first error (invalid_name, invalid_version, insecure_directory, io).
file_result<std::string> write_service_definition(const std::string& root, const v2::service_definition& def);

// Validates `manifest` and atomically writes
// `<cache_root>/.running-process-manifest.v2.pb`, creating `cache_root`
// privately if missing. Returns the path written, or the error.
file_result<std::string> write_to_root(const std::string& cache_root, const v2::cache_manifest& manifest);

// Validates `manifest` and atomically writes
// `<registry_dir>/<service_name>-<service_version>.v2.pb`, creating
// `registry_dir` privately if missing. Returns the path written, or the error.
file_result<std::string> write_to_central_in_dir(const std::string& registry_dir,
                                                 const v2::cache_manifest& manifest);

// write_to_central_in_dir into the default registry for `env`
// (central_registry_dir); no_default_directory when there is none.
file_result<std::string> write_to_central(const v2::cache_manifest& manifest,
                                          const directory_environment& env = directory_environment::from_process());

}  // namespace brokerwire::files
