// Reading service definitions and cache manifests back, one file or a whole directory.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/files/file_error.hpp>
#include <brokerwire/messages/manifest.hpp>
#include <brokerwire/messages/service_def.hpp>

namespace brokerwire::files {

// Largest file the loader reads: definitions and manifests are a few hundred
// bytes; anything near this is not one of ours.
inline constexpr std::size_t max_file_size = 1U << 20;  // 1 MiB

// Reads a whole regular file of at most `limit` bytes. Opened with
// O_NOFOLLOW|O_NONBLOCK and checked with fstat before reading, so a symlink,
// FIFO, socket, device or directory is not_regular_file (and a FIFO never
// blocks), and a larger file is too_large without being read.
file_result<std::string> read_small_regular_file(const std::string& path, std::size_t limit = max_file_size);

// Loads `<dir>/<service_name>.servicedef.v2`: checks the name, checks that
// `dir` is private (check_private_directory), reads the file
// (read_small_regular_file), decodes it (decode error with the offset), and
// refuses a decoded service_name other than `service_name` (name_mismatch).
file_result<v2::service_definition> load_service_definition(const std::string& dir,
                                                            std::string_view service_name);

// One `*.servicedef.v2` file found by a scan, with its definition or its error.
struct service_definition_scan_entry {
    std::string path;
    file_result<v2::service_definition> definition;
};

// Every `*.servicedef.v2` file of `dir`, sorted by path, each loaded as
// load_service_definition does (the name is the file name minus the
// extension). A bad file gets its own error and never hides the others. A
// missing `dir` (no such path) is an empty list, as upstream's scan gives.
// The outer error is only for `dir` itself: not a directory, unreadable, or
// not private (check_private_directory).
file_result<std::vector<service_definition_scan_entry>> scan_service_definitions(const std::string& dir);

// Mirrors the upstream loader (protocol_v2/loader.rs ServiceDefinitionLoader):
// one object rooted at a definition directory. Every call re-reads the disk.
class service_definition_loader {
public:
    explicit service_definition_loader(std::string root) : root_(std::move(root)) {}
    const std::string& root() const noexcept { return root_; }
    file_result<v2::service_definition> load(std::string_view service_name) const {
        return load_service_definition(root_, service_name);
    }
    // Upstream's aliases of load, kept for call sites written against it.
    file_result<v2::service_definition> reload(std::string_view service_name) const { return load(service_name); }
    file_result<v2::service_definition> lookup_or_reload(std::string_view service_name) const {
        return load(service_name);
    }
    file_result<std::vector<service_definition_scan_entry>> scan() const {
        return scan_service_definitions(root_);
    }
    // The definitions that load, in path order; the others are skipped, as
    // upstream's enumerate() skips them (scan() says why).
    std::vector<v2::service_definition> enumerate() const;

private:
    std::string root_;
};

// Loads `<cache_root>/.running-process-manifest.v2.pb` with the same checks
// (private directory, regular small file, decode).
file_result<v2::cache_manifest> load_root_manifest(const std::string& cache_root);

// Loads `<registry_dir>/<name>-<version>.v2.pb`; the decoded name and version
// must be the ones asked for (name_mismatch otherwise).
file_result<v2::cache_manifest> load_central_manifest(const std::string& registry_dir,
                                                      std::string_view service_name,
                                                      std::string_view service_version);

// One `*.v2.pb` file of a central registry, with its manifest or its error.
struct manifest_scan_entry {
    std::string path;
    file_result<v2::cache_manifest> manifest;
};

// Every `*.v2.pb` file of `registry_dir` (except a per-root manifest file),
// sorted by path. Each must decode, hold a valid name and version, and be
// named `<service_name>-<service_version>.v2.pb` after its own content. A
// missing `registry_dir` is an empty list (upstream's scan_central).
file_result<std::vector<manifest_scan_entry>> scan_central_registry(const std::string& registry_dir);

}  // namespace brokerwire::files
