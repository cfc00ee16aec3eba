// File paths (docs/contract.md, "File paths").
#include <brokerwire/files/paths.hpp>

#include <brokerwire/files/names.hpp>

namespace brokerwire::files {

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

}  // namespace brokerwire::files
