// Building a valid service definition, mirroring the upstream ServiceDefinitionBuilder.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <map>
#include <string>
#include <vector>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/messages/service_def.hpp>

namespace brokerwire::files {

// Checks what every written definition must satisfy: upstream's v1 rules
// (server/service_def_loader.rs validate_service_definition_for_service),
// in its order, since its combined loader hands a v2 file to the v1 broker
// path without checking them (docs/compatibility.md, "Files"):
//   service_name valid; binary_path absolute (invalid_path: empty or
//   relative); per_version_binary_dir absolute when present; min_version and
//   each allow-listed version valid (invalid_version); isolation one of the
//   three values and explicit_instance set exactly when it is
//   EXPLICIT_INSTANCE, then a valid name (invalid_isolation, invalid_name).
// Returns the first failure, with `other` naming the field.
file_error validate_service_definition(const v2::service_definition& def);

// Fluent builder: start from an isolation mode, add the optional parts, and
// build(), which validates and returns the definition or the error. Setters
// return *this, so a temporary can be chained to build().
class service_definition_builder {
public:
    // A service whose daemon runs under a broker private to it.
    static service_definition_builder private_broker(std::string service_name, std::string binary_path);
    // A service sharing the common per-user broker.
    static service_definition_builder shared_broker(std::string service_name, std::string binary_path);
    // A service attached to the named broker instance.
    static service_definition_builder explicit_instance(std::string service_name, std::string binary_path,
                                                        std::string instance);

    // Directory holding one binary per installed version.
    service_definition_builder& per_version_binary_dir(std::string dir);
    // Oldest version the broker may start.
    service_definition_builder& min_version(std::string version);
    // Replaces the allow-list: only these versions may be started.
    service_definition_builder& version_allow_list(std::vector<std::string> versions);
    // Appends one version to the allow-list.
    service_definition_builder& allow_version(std::string version);
    // Sets one label (a later value for the same key wins).
    service_definition_builder& label(std::string key, std::string value);
    // Merges labels into the existing ones (later values win).
    service_definition_builder& labels(const std::map<std::string, std::string>& more);
    // Declares that the daemon serves HTTP (presence is the capability).
    service_definition_builder& http_server(v2::http_server_capability capability);

    // The definition if validate_service_definition accepts it, else the error.
    file_result<v2::service_definition> build() const;

private:
    service_definition_builder(v2::broker_isolation isolation, std::string service_name,
                               std::string binary_path);
    v2::service_definition def_;
};

}  // namespace brokerwire::files
