// Building a valid cache manifest, mirroring the upstream CacheManifestBuilder.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/messages/manifest.hpp>

namespace brokerwire::files {

// Milliseconds since the Unix epoch, from the system clock.
std::uint64_t now_unix_ms() noexcept;

// Checks what every written manifest must satisfy: a valid service_name and
// service_version (they name the central-registry file). Returns the first
// failure.
file_error validate_cache_manifest(const v2::cache_manifest& manifest);

// Fluent builder. The constructor sets broker_envelope_version to "v2" and
// both timestamps to now; the setters add the optional parts; build()
// validates and returns the manifest or the error.
class cache_manifest_builder {
public:
    cache_manifest_builder(std::string service_name, std::string service_version);

    // Appends one cache root.
    cache_manifest_builder& root(v2::cache_root_kind kind, std::string path);
    // Appends several cache roots, in order.
    cache_manifest_builder& roots(std::vector<v2::cache_root> more);
    // The broker instance the daemon runs under.
    cache_manifest_builder& broker_instance(std::string instance);
    // The bundle the daemon was installed from.
    cache_manifest_builder& bundle_id(std::string id);
    // Overrides the creation time (reproducible output, e.g. golden files).
    cache_manifest_builder& created_at_unix_ms(std::uint64_t ms);
    // Overrides the last-activity time.
    cache_manifest_builder& last_active_unix_ms(std::uint64_t ms);

    // The manifest if validate_cache_manifest accepts it, else the error.
    file_result<v2::cache_manifest> build() const;

private:
    v2::cache_manifest manifest_;
};

}  // namespace brokerwire::files
