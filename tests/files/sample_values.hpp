// Test helper: the values behind the golden files (see golden/README.md).
#pragma once

#include <string>

#include <brokerwire/files/cache_manifest_builder.hpp>
#include <brokerwire/files/service_definition_builder.hpp>

#include "temp_dir.hpp"

namespace brokerwire::files::testing {

inline file_result<v2::service_definition> full_definition() {
    v2::http_server_capability http;
    http.bind_addr = "127.0.0.1:0";
    http.health_path = "/healthz";
    http.display_name = "zccache cache";
    return service_definition_builder::explicit_instance("zccache", "/opt/zccache/bin/zccache", "team-a")
        .per_version_binary_dir("/opt/zccache/versions")
        .min_version("1.2.0")
        .allow_version("1.2.3")
        .allow_version("1.3.0-rc.1")
        .label("tier", "dev")
        .label("owner", "build-infra")
        .http_server(http)
        .build();
}

inline file_result<v2::service_definition> shared_definition() {
    return service_definition_builder::shared_broker("shared-svc", "/usr/bin/shared-svc")
        .http_server(v2::http_server_capability{})
        .build();
}

inline file_result<v2::service_definition> private_definition() {
    return service_definition_builder::private_broker("a", "/bin/a").build();
}

inline file_result<v2::cache_manifest> full_manifest() {
    return cache_manifest_builder("zccache", "1.2.3")
        .created_at_unix_ms(1700000000123ULL)
        .last_active_unix_ms(1700000456789ULL)
        .root(v2::cache_root_kind::cache_data, "/var/cache/zccache/data")
        .root(v2::cache_root_kind::cache_index, "/var/cache/zccache/index")
        .root(v2::cache_root_kind::cache_tmp, "/tmp/zccache")
        .broker_instance("team-a")
        .bundle_id("com.example.zccache")
        .build();
}

// A golden file's bytes (FILES_GOLDEN_DIR is set by tests/files/meson.build).
inline std::string golden(const std::string& name) {
    return read_plain(std::string(FILES_GOLDEN_DIR) + "/" + name);
}

}  // namespace brokerwire::files::testing
