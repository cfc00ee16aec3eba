// Scanning a directory of service definitions or central manifests
// (docs/contract.md, "Loading and scanning": one entry per file, sorted by
// path; one corrupt file never hides the others).
#include <brokerwire/files/loader.hpp>

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <sys/stat.h>

#include <brokerwire/files/cache_manifest_builder.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>

#include "directory_names.hpp"
#include "read_message.hpp"

namespace brokerwire::files {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// No such path: upstream's scans list nothing for it rather than fail
// (protocol_v2/loader.rs scan, manifest.rs scan_central), and a broker with
// nothing installed yet is not broken. A file where a parent should be is
// the same "no such directory" (ENOTDIR), as upstream's exists() says.
bool is_missing(const std::string& dir) {
    struct stat st {};
    return ::lstat(dir.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

// The names in `dir` that end with ".<extension>", sorted.
file_result<std::vector<std::string>> names_with_extension(const std::string& dir, std::string_view extension) {
    return detail::names_ending_with(dir, "." + std::string(extension));
}

// A central manifest must be named after its own content.
file_result<v2::cache_manifest> check_central_name(const std::string& path, std::string_view file_name,
                                                   file_result<v2::cache_manifest> m) {
    if (!m.ok()) return m;
    if (file_error e = validate_cache_manifest(m.value); !e.ok()) {
        e.path = path;
        return e;
    }
    const std::string_view stem =
        file_name.substr(0, file_name.size() - central_manifest_extension.size() - 1);
    const std::string expected = m.value.service_name + "-" + m.value.service_version;
    if (stem != expected) return name_mismatch_error(path, std::string(stem), expected);
    return m;
}

}  // namespace

namespace detail {

file_result<std::vector<std::string>> names_ending_with(const std::string& dir, std::string_view suffix) {
    if (is_missing(dir)) return std::vector<std::string>{};
    if (file_error e = check_private_directory(dir); !e.ok()) return e;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return io_error(dir, "open directory", errno);
    std::vector<std::string> names;
    for (;;) {
        errno = 0;
        const dirent* ent = ::readdir(d);
        if (ent == nullptr) break;
        if (ends_with(ent->d_name, suffix)) names.emplace_back(ent->d_name);
    }
    const int read_errno = errno;
    ::closedir(d);
    if (read_errno != 0) return io_error(dir, "read directory", read_errno);
    // Sorting the names sorts the paths: they share the directory prefix.
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace detail

file_result<std::vector<service_definition_scan_entry>> scan_service_definitions(const std::string& dir) {
    file_result<std::vector<std::string>> names = names_with_extension(dir, service_definition_extension);
    if (!names.ok()) return names.error;
    std::vector<service_definition_scan_entry> entries;
    entries.reserve(names.value.size());
    for (const std::string& file_name : names.value) {
        const std::string_view name =
            std::string_view(file_name).substr(0, file_name.size() - service_definition_extension.size() - 1);
        service_definition_scan_entry entry{join_path(dir, file_name), load_service_definition(dir, name)};
        // An invalid name has no path of its own yet; the entry's path says where it is.
        if (entry.definition.error.path.empty() && !entry.definition.ok()) {
            entry.definition.error.path = entry.path;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<v2::service_definition> service_definition_loader::enumerate() const {
    std::vector<v2::service_definition> out;
    file_result<std::vector<service_definition_scan_entry>> entries = scan();
    for (service_definition_scan_entry& e : entries.value) {
        if (e.definition.ok()) out.push_back(std::move(e.definition.value));
    }
    return out;
}

file_result<std::vector<manifest_scan_entry>> scan_central_registry(const std::string& registry_dir) {
    file_result<std::vector<std::string>> names = names_with_extension(registry_dir, central_manifest_extension);
    if (!names.ok()) return names.error;
    std::vector<manifest_scan_entry> entries;
    for (const std::string& file_name : names.value) {
        if (file_name == root_manifest_file) continue;  // a per-root manifest is not a registry entry
        const std::string path = join_path(registry_dir, file_name);
        entries.push_back({path, check_central_name(path, file_name,
                                                    detail::read_message<v2::cache_manifest>(path))});
    }
    return entries;
}

}  // namespace brokerwire::files
