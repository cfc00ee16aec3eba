// Writers: validate, make the directory private, encode, replace atomically.
#include <brokerwire/files/writers.hpp>

#include <vector>

#include <brokerwire/files/atomic_write.hpp>
#include <brokerwire/files/cache_manifest_builder.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/files/service_definition_builder.hpp>

namespace brokerwire::files {

namespace {

// The last path component of `path` (which the path functions built).
std::string_view file_name_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
}

// Shared tail of every writer: the directory, then the atomic replacement.
file_result<written_file> write_encoded(const std::string& dir, std::string path,
                                        const std::vector<std::uint8_t>& bytes) {
    file_result<private_directory_state> directory = prepare_private_directory(dir);
    if (!directory.ok()) return directory.error;
    if (file_error e = atomic_write_file(dir, file_name_of(path), bytes_view(bytes)); !e.ok()) return e;
    return written_file{std::move(path), directory.value};
}

}  // namespace

file_result<written_file> write_service_definition(const std::string& root, const v2::service_definition& def) {
    if (file_error e = validate_service_definition(def); !e.ok()) return e;
    file_result<std::string> path = service_definition_path(root, def.service_name);
    if (!path.ok()) return path.error;
    return write_encoded(root, std::move(path.value), v2::encode(def));
}

file_result<written_file> write_to_root(const std::string& cache_root, const v2::cache_manifest& manifest) {
    if (file_error e = validate_cache_manifest(manifest); !e.ok()) return e;
    return write_encoded(cache_root, root_manifest_path(cache_root), v2::encode(manifest));
}

file_result<written_file> write_to_central_in_dir(const std::string& registry_dir,
                                                  const v2::cache_manifest& manifest) {
    if (file_error e = validate_cache_manifest(manifest); !e.ok()) return e;
    file_result<std::string> path =
        central_manifest_path(registry_dir, manifest.service_name, manifest.service_version);
    if (!path.ok()) return path.error;
    return write_encoded(registry_dir, std::move(path.value), v2::encode(manifest));
}

file_result<written_file> write_to_central(const v2::cache_manifest& manifest, const directory_environment& env) {
    file_result<std::string> dir = central_registry_dir(env);
    if (!dir.ok()) return dir.error;
    return write_to_central_in_dir(dir.value, manifest);
}

}  // namespace brokerwire::files
