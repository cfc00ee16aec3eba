// The combined loader: upstream's v2-first lookup for its shared broker
// (server/combined_service_def_loader.rs), and a scan of the v1 files it
// may fall back to.
#include <brokerwire/files/combined_loader.hpp>

#include <cerrno>
#include <utility>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/files/v1_service_definition.hpp>

#include "directory_names.hpp"

namespace brokerwire::files {

namespace {

file_result<combined_service_definition> from_v2_file(const std::string& dir, std::string_view service_name,
                                                      v2::service_definition def) {
    combined_service_definition out;
    out.definition = to_v1(def);
    out.format = definition_format::v2;
    file_result<std::string> path = service_definition_path(dir, service_name);
    out.path = path.value;  // the load succeeded, so the name was valid
    out.v1_rules = check_v1_service_definition(out.definition, service_name);
    if (!out.v1_rules.ok()) out.v1_rules.path = out.path;
    return out;
}

}  // namespace

const char* describe(definition_format f) noexcept {
    return f == definition_format::v1 ? "servicedef" : "servicedef.v2";
}

bool is_missing_file(const file_error& e) noexcept {
    return e.kind == file_errc::io && e.sys_errno == ENOENT;
}

file_result<combined_service_definition> load_combined_service_definition(const std::string& dir,
                                                                          std::string_view service_name) {
    file_result<v2::service_definition> v2_file = load_service_definition(dir, service_name);
    if (v2_file.ok()) return from_v2_file(dir, service_name, std::move(v2_file.value));
    if (!is_missing_file(v2_file.error)) return v2_file.error;
    file_result<v1::service_definition> v1_file = load_v1_service_definition(dir, service_name);
    if (!v1_file.ok()) return v1_file.error;
    combined_service_definition out;
    out.definition = std::move(v1_file.value);
    out.format = definition_format::v1;
    out.path = v1_service_definition_path(dir, service_name).value;
    return out;
}

file_result<std::vector<v1_scan_entry>> scan_v1_service_definitions(const std::string& dir) {
    const std::string suffix = "." + std::string(v1_service_definition_extension);
    file_result<std::vector<std::string>> names = detail::names_ending_with(dir, suffix);
    if (!names.ok()) return names.error;
    std::vector<v1_scan_entry> entries;
    entries.reserve(names.value.size());
    for (const std::string& file_name : names.value) {
        const std::string_view name = std::string_view(file_name).substr(0, file_name.size() - suffix.size());
        v1_scan_entry entry{join_path(dir, file_name), load_v1_service_definition(dir, name), {}};
        // An invalid name has no path of its own yet; the entry's path says where it is.
        if (!entry.definition.ok() && entry.definition.error.path.empty()) entry.definition.error.path = entry.path;
        // Shadowed exactly when the combined loader would not fall back: the
        // v2 file loads, or fails for any reason but being missing.
        // (An invalid name has no v2 file to lose to: its own error says enough.)
        if (validate_service_name(name).ok()) {
            const file_result<v2::service_definition> v2_file = load_service_definition(dir, name);
            if (v2_file.ok() || !is_missing_file(v2_file.error)) entry.shadowed_by = entry.path + ".v2";
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace brokerwire::files
