// Loading a service as upstream's shared broker does
// (server/combined_service_def_loader.rs): the v2 file wins, the v1 file is
// the fallback, and the broker gets a v1 definition either way.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/messages/service_def.hpp>
#include <brokerwire/messages/service_def_v1.hpp>

namespace brokerwire::files {

// Which file a definition came from.
enum class definition_format : std::uint8_t {
    v2,  // <name>.servicedef.v2
    v1,  // <name>.servicedef
};

// "servicedef.v2" or "servicedef".
const char* describe(definition_format f) noexcept;

// One service as the broker launches it.
struct combined_service_definition {
    v1::service_definition definition;  // converted with to_v1 when it came from a v2 file
    definition_format format = definition_format::v2;
    std::string path;                   // the file it came from
    // The first of upstream's v1 rules (check_v1_service_definition) that a
    // definition from a v2 file breaks, with its path; ok when it breaks
    // none. Upstream converts a v2 file without these checks, so it would
    // launch such a definition (a relative binary_path, for one); the load
    // still succeeds here, as it does there, and the caller decides. Always
    // ok for a v1 file, which must meet them to load at all.
    file_error v1_rules;
};

// True for the one error after which the v1 file is tried: the v2 file (or
// its directory) does not exist (io ENOENT). Any other failure of the v2
// file is returned as it is, so a broken v2 file is never masked by an old
// v1 one.
bool is_missing_file(const file_error& e) noexcept;

// Loads `service_name` from `dir`: load_service_definition (the v2 file,
// with its checks: name, private directory, regular small file, decode,
// name match) converted with to_v1; when that file is missing
// (is_missing_file), load_v1_service_definition instead (the v1 file and
// upstream's v1 rules). Errors name the file and, for a rule, the field;
// both files missing is the v1 file's io ENOENT, as upstream reports.
file_result<combined_service_definition> load_combined_service_definition(const std::string& dir,
                                                                          std::string_view service_name);

// upstream's CombinedServiceDefinitionLoader: one object rooted at the
// service-definition directory; every call re-reads the disk.
class combined_service_definition_loader {
public:
    explicit combined_service_definition_loader(std::string root) : root_(std::move(root)) {}
    const std::string& root() const noexcept { return root_; }
    file_result<combined_service_definition> load(std::string_view service_name) const {
        return load_combined_service_definition(root_, service_name);
    }
    // Upstream's aliases of load.
    file_result<combined_service_definition> reload(std::string_view service_name) const {
        return load(service_name);
    }
    file_result<combined_service_definition> lookup_or_reload(std::string_view service_name) const {
        return load(service_name);
    }

private:
    std::string root_;
};

// One `*.servicedef` file of a scan, with its definition or its error.
struct v1_scan_entry {
    std::string path;
    file_result<v1::service_definition> definition;  // as load_v1_service_definition loads it
    // The `<name>.servicedef.v2` beside it, when there is one: the combined
    // loader reads that file and never this one (even when that one is
    // broken). Empty when this file is the one a load of its name reads.
    std::string shadowed_by;
};

// Every `*.servicedef` file of `dir` (not `*.servicedef.v2`), sorted by path,
// each loaded and checked by load_v1_service_definition. A missing `dir` is
// an empty list; the outer error is only for `dir` itself (not private, not
// a directory, unreadable).
file_result<std::vector<v1_scan_entry>> scan_v1_service_definitions(const std::string& dir);

}  // namespace brokerwire::files
