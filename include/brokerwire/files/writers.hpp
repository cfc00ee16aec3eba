// Writing service definitions and cache manifests where the broker looks for them.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <string>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/messages/manifest.hpp>
#include <brokerwire/messages/service_def.hpp>

namespace brokerwire::files {

// What a writer did: the file it replaced, and what it had to do to the
// directory first (created it, tightened it to 0700, or nothing), so a tool
// can tell its user that a directory's mode changed.
struct written_file {
    std::string path;
    private_directory_state directory;
};

// Validates `def` (validate_service_definition: upstream's v1 rules, stricter
// than its v2 writer), makes `root` a private directory
// (prepare_private_directory) and atomically writes
// `<root>/<service_name>.servicedef.v2`. Returns what was written, or the
// first error (invalid_name, invalid_version, invalid_path,
// invalid_isolation, symlinked_directory, foreign_directory, io); nothing is
// created or changed on disk when the definition is refused.
file_result<written_file> write_service_definition(const std::string& root, const v2::service_definition& def);

// Validates `manifest` and atomically writes
// `<cache_root>/.running-process-manifest.v2.pb`, creating `cache_root`
// privately if missing and tightening it as upstream does. Returns what was
// written, or the error.
file_result<written_file> write_to_root(const std::string& cache_root, const v2::cache_manifest& manifest);

// Validates `manifest` and atomically writes
// `<registry_dir>/<service_name>-<service_version>.v2.pb`, creating
// `registry_dir` privately if missing (tightened if open). Returns what was
// written, or the error.
file_result<written_file> write_to_central_in_dir(const std::string& registry_dir,
                                                 const v2::cache_manifest& manifest);

// write_to_central_in_dir into the default registry for `env`
// (central_registry_dir); its errors (no_default_directory,
// invalid_environment) when there is none.
file_result<written_file> write_to_central(const v2::cache_manifest& manifest,
                                          const directory_environment& env = directory_environment::from_process());

}  // namespace brokerwire::files
