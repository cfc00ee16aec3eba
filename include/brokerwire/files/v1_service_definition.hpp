// v1 service definitions (`<name>.servicedef`), read as upstream's v1 loader
// reads them (server/service_def_loader.rs): the file its combined loader
// falls back to when a service has no `<name>.servicedef.v2`.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <string>
#include <string_view>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/messages/service_def.hpp>
#include <brokerwire/messages/service_def_v1.hpp>

namespace brokerwire::files {

// Extension of a v1 service-definition file: `<name>.servicedef` (upstream's
// SERVICE_DEF_EXTENSION). A `.servicedef.v2` name does not end with it.
inline constexpr std::string_view v1_service_definition_extension = "servicedef";

// `<root>/<name>.servicedef`; the name is validated first (invalid_name).
file_result<std::string> v1_service_definition_path(std::string_view root, std::string_view service_name);

// Upstream's validate_service_definition_for_service, in its order: the
// requested name and the decoded service_name valid (invalid_name), equal
// (name_mismatch), then the rules of validate_service_definition
// (service_definition_builder.hpp): binary_path absolute, per_version_binary_dir
// absolute when set (invalid_path), min_version and allow-listed versions
// valid (invalid_version), a known isolation with explicit_instance set
// exactly for EXPLICIT_INSTANCE (invalid_isolation). The error names the
// field in `other`; its path is left empty for the caller to fill.
file_error check_v1_service_definition(const v1::service_definition& def, std::string_view expected_service);

// Loads `<dir>/<service_name>.servicedef` as upstream's v1 loader does: the
// name, the directory (check_private_directory), the file
// (read_small_regular_file: no symlink, FIFO or device, at most 1 MiB), the
// decode, then check_v1_service_definition. Every error carries the path of
// the file (or of the directory, for a directory error).
file_result<v1::service_definition> load_v1_service_definition(const std::string& dir,
                                                               std::string_view service_name);

// A v1 definition as the v2 message, fields 1-8 copied and no http_server:
// the same values, since both schemas give those fields the same numbers and
// types. Unknown fields are not carried over.
v2::service_definition to_v2(const v1::service_definition& def);

// upstream's service_definition_v2_to_v1: fields 1-8 copied, the v2-only
// http_server (field 10) dropped, as are unknown fields (prost keeps none).
v1::service_definition to_v1(const v2::service_definition& def);

}  // namespace brokerwire::files
