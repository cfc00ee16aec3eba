// Cache-manifest builder and the rules every written manifest meets.
#include <brokerwire/files/cache_manifest_builder.hpp>

#include <chrono>
#include <utility>

#include <brokerwire/files/names.hpp>

namespace brokerwire::files {

std::uint64_t now_unix_ms() noexcept {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
    return ms < 0 ? 0 : static_cast<std::uint64_t>(ms);  // a clock before 1970 reads as 0
}

file_error validate_cache_manifest(const v2::cache_manifest& manifest) {
    if (file_error e = validate_service_name(manifest.service_name); !e.ok()) return e;
    if (file_error e = validate_version(manifest.service_version); !e.ok()) {
        e.other = "service_version";
        return e;
    }
    return {};
}

cache_manifest_builder::cache_manifest_builder(std::string service_name, std::string service_version) {
    manifest_.service_name = std::move(service_name);
    manifest_.service_version = std::move(service_version);
    manifest_.broker_envelope_version = std::string(broker_envelope_version);
    const std::uint64_t now = now_unix_ms();
    manifest_.created_at_unix_ms = now;
    manifest_.last_active_unix_ms = now;
}

cache_manifest_builder& cache_manifest_builder::root(v2::cache_root_kind kind, std::string path) {
    v2::cache_root r;
    r.kind = kind;
    r.path = std::move(path);
    manifest_.roots.push_back(std::move(r));
    return *this;
}

cache_manifest_builder& cache_manifest_builder::roots(std::vector<v2::cache_root> more) {
    for (v2::cache_root& r : more) manifest_.roots.push_back(std::move(r));
    return *this;
}

cache_manifest_builder& cache_manifest_builder::broker_instance(std::string instance) {
    manifest_.broker_instance = std::move(instance);
    return *this;
}

cache_manifest_builder& cache_manifest_builder::bundle_id(std::string id) {
    manifest_.bundle_id = std::move(id);
    return *this;
}

cache_manifest_builder& cache_manifest_builder::created_at_unix_ms(std::uint64_t ms) {
    manifest_.created_at_unix_ms = ms;
    return *this;
}

cache_manifest_builder& cache_manifest_builder::last_active_unix_ms(std::uint64_t ms) {
    manifest_.last_active_unix_ms = ms;
    return *this;
}

file_result<v2::cache_manifest> cache_manifest_builder::build() const {
    if (file_error e = validate_cache_manifest(manifest_); !e.ok()) return e;
    return manifest_;
}

}  // namespace brokerwire::files
