// File-layer constants and the validation of service names and versions.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <string_view>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// Extension of a v2 service-definition file: `<name>.servicedef.v2`. Distinct
// from v1's `servicedef` so neither generation decodes the other's files.
inline constexpr std::string_view service_definition_extension = "servicedef.v2";

// Name of the manifest file written inside each cache root.
inline constexpr std::string_view root_manifest_file = ".running-process-manifest.v2.pb";

// Extension of a central-registry manifest: `<name>-<version>.v2.pb`.
inline constexpr std::string_view central_manifest_extension = "v2.pb";

// Value of `broker_envelope_version` in every manifest written by v2.
inline constexpr std::string_view broker_envelope_version = "v2";

// Longest accepted service name, in characters.
inline constexpr std::size_t max_service_name_length = 64;

// Checks a service name: 1-64 characters of [a-z0-9-]. Returns ok, or an
// invalid_name error with the reason and the index of the first bad character.
file_error validate_service_name(std::string_view name);

// Checks a version: MAJOR.MINOR.PATCH of digits, optionally followed by `-`
// and a non-empty pre-release of [a-z0-9.]. Returns ok, or an
// invalid_version error with one reason per kind of failure.
file_error validate_version(std::string_view version);

}  // namespace brokerwire::files
