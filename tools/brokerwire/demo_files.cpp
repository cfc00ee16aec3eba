// Steps 1-3 of `brokerwire demo`: service definitions and cache manifests,
// written with the library's builders and writers and read back with its
// loader.
#include <algorithm>
#include <map>

#include "brokerwire/files/cache_manifest_builder.hpp"
#include "brokerwire/files/loader.hpp"
#include "brokerwire/files/service_definition_builder.hpp"
#include "brokerwire/files/writers.hpp"
#include "demo_steps.hpp"

namespace brokerwire::tool::demo {
namespace {

using files::cache_manifest_builder;
using files::service_definition_builder;

// The binary of `version`, laid out as per_version_binary_dir expects.
std::string binary_of(const demo_paths& at, const std::string& service, const std::string& version) {
    return at.bin(service) + "/" + version + "/" + service;
}

v2::http_server_capability http(std::string health_path, std::string display_name) {
    v2::http_server_capability c;
    c.bind_addr = "127.0.0.1";
    c.health_path = std::move(health_path);
    c.display_name = std::move(display_name);
    return c;
}

// A compiler cache on the per-user shared broker, with a status page.
service_definition_builder zccache(const demo_paths& at) {
    auto b = service_definition_builder::shared_broker("zccache", binary_of(at, "zccache", "1.4.2"));
    b.per_version_binary_dir(at.bin("zccache"))
        .min_version("1.2.0")
        .labels({{"team", "build-infra"}, {"tier", "gold"}, {"owner", "cache-platform"}})
        .http_server(http("/healthz", "zccache status"));
    return b;
}

// A toolchain fetcher that wants a broker of its own.
service_definition_builder soldr(const demo_paths& at) {
    auto b = service_definition_builder::private_broker("soldr", binary_of(at, "soldr", "0.9.3"));
    b.label("team", "toolchains").http_server(http("/health", "soldr"));
    return b;
}

// A build daemon pinned to the CI broker instance and to vetted versions.
service_definition_builder fbuild(const demo_paths& at) {
    auto b = service_definition_builder::explicit_instance("fbuild", binary_of(at, "fbuild", "2.1.0"), "ci-trusted");
    b.per_version_binary_dir(at.bin("fbuild"))
        .min_version("2.0.0")
        .version_allow_list({"2.0.0", "2.1.0", "2.1.1-rc.1"})
        .label("team", "build-infra")
        .http_server(http("/status", "fbuild"));
    return b;
}

struct sample_recipe {
    service_definition_builder definition;
    cache_manifest_builder manifest;
    std::uint16_t port;
};

std::vector<sample_recipe> recipes(const demo_paths& at) {
    const auto root = [&at](const char* service, const char* sub) { return at.cache(service) + "/" + sub; };
    std::vector<sample_recipe> r;
    r.push_back({zccache(at), cache_manifest_builder("zccache", "1.4.2"), 49152});
    r.back().manifest.broker_instance("shared")
        .root(v2::cache_root_kind::cache_data, root("zccache", "data"))
        .root(v2::cache_root_kind::cache_index, root("zccache", "index"));
    r.push_back({soldr(at), cache_manifest_builder("soldr", "0.9.3"), 49153});
    r.back().manifest.bundle_id("soldr-toolchain")
        .root(v2::cache_root_kind::cache_data, root("soldr", "data"))
        .root(v2::cache_root_kind::cache_tmp, root("soldr", "tmp"));
    r.push_back({fbuild(at), cache_manifest_builder("fbuild", "2.1.0"), 49154});
    r.back().manifest.broker_instance("ci-trusted")
        .root(v2::cache_root_kind::cache_data, root("fbuild", "data"))
        .root(v2::cache_root_kind::cache_logs, root("fbuild", "logs"));
    return r;
}

std::string why(const files::file_error& e) { return files::to_string(e); }

}  // namespace

std::string install_definitions(const demo_paths& at, std::vector<sample_service>& services) {
    for (const sample_recipe& r : recipes(at)) {
        auto definition = r.definition.build();
        if (!definition.ok()) return why(definition.error);
        auto manifest = r.manifest.build();
        if (!manifest.ok()) return why(manifest.error);
        const auto written = files::write_service_definition(at.services(), definition.value);
        if (!written.ok()) return why(written.error);
        services.push_back({std::move(definition.value), std::move(manifest.value), r.port});
    }
    return "";
}

std::string write_manifests(const std::vector<sample_service>& services, const demo_paths& at,
                            std::size_t& written) {
    for (const sample_service& s : services) {
        // Each root carries the manifest, so a root found on disk names its owner.
        for (const v2::cache_root& root : s.manifest.roots) {
            const auto w = files::write_to_root(root.path, s.manifest);
            if (!w.ok()) return why(w.error);
            ++written;
        }
        const auto w = files::write_to_central_in_dir(at.registry(), s.manifest);
        if (!w.ok()) return why(w.error);
        ++written;
    }
    return "";
}

namespace {

std::string check_definitions(const std::vector<sample_service>& services, const demo_paths& at,
                              std::vector<std::string>& names) {
    const auto scan = files::scan_service_definitions(at.services());
    if (!scan.ok()) return why(scan.error);
    std::map<std::string, const v2::service_definition*> found;
    for (const auto& entry : scan.value) {
        if (!entry.definition.ok()) return why(entry.definition.error);
        found[entry.definition.value.service_name] = &entry.definition.value;
        names.push_back(entry.definition.value.service_name);
    }
    if (found.size() != services.size()) return "the scan found " + std::to_string(found.size()) + " definitions";
    for (const sample_service& s : services) {
        const auto it = found.find(s.definition.service_name);
        if (it == found.end()) return s.definition.service_name + ": not found by the scan";
        if (*it->second != s.definition) return s.definition.service_name + ": read back differs from what was written";
    }
    return "";
}

std::string check_manifests(const std::vector<sample_service>& services, const demo_paths& at, std::size_t& read) {
    const auto scan = files::scan_central_registry(at.registry());
    if (!scan.ok()) return why(scan.error);
    for (const auto& entry : scan.value) {
        if (!entry.manifest.ok()) return why(entry.manifest.error);
        const auto same = [&entry](const sample_service& s) { return s.manifest == entry.manifest.value; };
        if (std::none_of(services.begin(), services.end(), same)) return entry.path + ": differs from what was written";
        ++read;
    }
    if (scan.value.size() != services.size()) return "the registry holds " + std::to_string(scan.value.size()) + " manifests";
    for (const sample_service& s : services) {
        for (const v2::cache_root& root : s.manifest.roots) {
            const auto loaded = files::load_root_manifest(root.path);
            if (!loaded.ok()) return why(loaded.error);
            if (loaded.value != s.manifest) return root.path + ": manifest differs from what was written";
            ++read;
        }
    }
    return "";
}

}  // namespace

std::string read_back(const std::vector<sample_service>& services, const demo_paths& at,
                      std::vector<std::string>& names, std::size_t& read) {
    std::string error = check_definitions(services, at, names);
    if (error.empty()) error = check_manifests(services, at, read);
    return error;
}

}  // namespace brokerwire::tool::demo
