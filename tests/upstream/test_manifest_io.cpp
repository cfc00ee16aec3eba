// Upstream's v2 cache-manifest tests, as brokerwire's acceptance tests: the
// #[cfg(test)] module of crates/running-process/src/broker/protocol_v2/
// manifest_io.rs at zackees/running-process 52831e53.
//
// Upstream's CacheManifestBuilder stamps both timestamps with the current
// time; brokerwire's files::cache_manifest_builder does too, and lets a test
// pin them, so each manifest here is built with both fixed at
// 1700000000000 and compared byte for byte with data/*.hex. Upstream's
// publish_in / write_to_root_v2 are files::write_to_central_in_dir /
// files::write_to_root, run in a fresh private temporary directory.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <brokerwire/files/cache_manifest_builder.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/writers.hpp>
#include <brokerwire/messages/manifest.hpp>

#include "hex_data.hpp"

namespace v2 = brokerwire::v2;
namespace files = brokerwire::files;
namespace fs = std::filesystem;
using brokerwire::bytes_view;
using upstream::byte_string;
using upstream::hex_file;
using upstream::to_hex;
using kind = v2::cache_root_kind;

namespace {

constexpr std::uint64_t fixed_ms = 1'700'000'000'000;

// tempfile::tempdir(): a fresh 0700 directory, removed afterwards.
class temp_dir {
public:
    temp_dir() {
        std::string pattern = (fs::temp_directory_path() / "brokerwire-upstream-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

// CacheManifestBuilder::new(service, version) with the timestamps pinned.
files::cache_manifest_builder builder(std::string service, std::string version) {
    files::cache_manifest_builder b(std::move(service), std::move(version));
    b.created_at_unix_ms(fixed_ms).last_active_unix_ms(fixed_ms);
    return b;
}

v2::cache_manifest built(const files::cache_manifest_builder& b) {
    files::file_result<v2::cache_manifest> m = b.build();
    REQUIRE_MESSAGE(m.ok(), files::to_string(m.error));
    return std::move(m.value);
}

v2::cache_manifest decoded(const byte_string& bytes) {
    v2::cache_manifest m;
    const brokerwire::status s = v2::decode(bytes_view(bytes), m);
    REQUIRE_MESSAGE(s.ok(), brokerwire::to_string(s));
    return m;
}

byte_string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << p.string());
    return byte_string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `m` encodes to data/<name>.hex and the file's bytes decode back to `m`.
void check_bytes(const v2::cache_manifest& m, const char* name) {
    const byte_string expected = hex_file(name);
    CHECK(to_hex(v2::encode(m)) == to_hex(expected));
    CHECK(decoded(expected) == m);
}

}  // namespace

// manifest_io.rs:239
TEST_CASE("manifest_io.rs: root_manifest_filename_is_v2") {
    CHECK(files::root_manifest_file == ".running-process-manifest.v2.pb");
}

// manifest_io.rs:244
TEST_CASE("manifest_io.rs: central_extension_is_v2_pb") {
    CHECK(files::central_manifest_extension == "v2.pb");
}

// manifest_io.rs:249
TEST_CASE("manifest_io.rs: envelope_version_is_v2") {
    CHECK(files::broker_envelope_version == "v2");
}

// manifest_io.rs:254. The builder's own clock, not pinned: created_at is
// "now" and last_active equals it.
TEST_CASE("manifest_io.rs: builder_new_populates_required_fields") {
    const v2::cache_manifest manifest = built(files::cache_manifest_builder("svc", "1.0.0"));
    CHECK(manifest.service_name == "svc");
    CHECK(manifest.service_version == "1.0.0");
    CHECK(manifest.broker_envelope_version == "v2");
    CHECK(manifest.created_at_unix_ms > 0);
    CHECK(manifest.created_at_unix_ms == manifest.last_active_unix_ms);
    CHECK(manifest.roots.empty());
}

// manifest_io.rs:265
TEST_CASE("manifest_io.rs: builder_root_appends_in_order") {
    auto b = builder("svc", "1.0.0");
    b.root(kind::cache_data, "/var/cache/svc")
        .root(kind::cache_index, "/var/cache/svc/index")
        .root(kind::cache_logs, "/var/log/svc")
        .root(kind::cache_locks, "/var/cache/svc/locks");
    const v2::cache_manifest built_manifest = built(b);
    check_bytes(built_manifest, "builder_root_appends_in_order");

    const v2::cache_manifest manifest = decoded(hex_file("builder_root_appends_in_order"));
    REQUIRE(manifest.roots.size() == 4);
    CHECK(manifest.roots[0].kind == kind::cache_data);
    CHECK(manifest.roots[0].path == "/var/cache/svc");
    CHECK(manifest.roots[1].kind == kind::cache_index);
    CHECK(manifest.roots[2].kind == kind::cache_logs);
    CHECK(manifest.roots[3].kind == kind::cache_locks);
}

// manifest_io.rs:286. The values are pinned in the enum and read off the
// wire: root i of the vector has kind i and, as its path, the kind's name.
TEST_CASE("manifest_io.rs: cache_root_kind_wire_values_mirror_v1") {
    CHECK(static_cast<std::int32_t>(kind::unspecified) == 0);
    CHECK(static_cast<std::int32_t>(kind::cache_data) == 1);
    CHECK(static_cast<std::int32_t>(kind::cache_logs) == 2);
    CHECK(static_cast<std::int32_t>(kind::cache_locks) == 3);
    CHECK(static_cast<std::int32_t>(kind::cache_runtime) == 4);
    CHECK(static_cast<std::int32_t>(kind::cache_tmp) == 5);
    CHECK(static_cast<std::int32_t>(kind::cache_config) == 6);
    CHECK(static_cast<std::int32_t>(kind::cache_index) == 7);
    CHECK(static_cast<std::int32_t>(kind::cache_journal) == 8);
    CHECK(static_cast<std::int32_t>(kind::cache_secrets) == 9);

    const byte_string bytes = hex_file("cache_root_kind_wire_values");
    const v2::cache_manifest manifest = decoded(bytes);
    REQUIRE(manifest.roots.size() == 10);
    for (std::size_t i = 0; i < manifest.roots.size(); ++i) {
        CAPTURE(i);
        CHECK(static_cast<std::int32_t>(manifest.roots[i].kind) == static_cast<std::int32_t>(i));
        CHECK(v2::name_of(manifest.roots[i].kind) == manifest.roots[i].path);
    }
    CHECK(to_hex(v2::encode(manifest)) == to_hex(bytes));
}

// manifest_io.rs:300
TEST_CASE("manifest_io.rs: builder_broker_instance_and_bundle_id_round_trip") {
    auto b = builder("svc", "1.0.0");
    b.broker_instance("ci-trusted").bundle_id("bundle-42");
    const v2::cache_manifest built_manifest = built(b);
    CHECK(built_manifest.broker_instance == "ci-trusted");
    CHECK(built_manifest.bundle_id == "bundle-42");
    check_bytes(built_manifest, "builder_broker_instance_and_bundle_id");

    const v2::cache_manifest manifest = decoded(hex_file("builder_broker_instance_and_bundle_id"));
    CHECK(manifest.broker_instance == "ci-trusted");
    CHECK(manifest.bundle_id == "bundle-42");
}

// manifest_io.rs:310
TEST_CASE("manifest_io.rs: write_to_root_v2_writes_to_canonical_filename") {
    const temp_dir dir;
    auto b = builder("svc", "1.0.0");
    b.root(kind::cache_data, "/path/to/data");
    const v2::cache_manifest manifest = built(b);
    const files::file_result<files::written_file> written = files::write_to_root(dir.path().string(), manifest);
    REQUIRE_MESSAGE(written.ok(), files::to_string(written.error));

    const fs::path expected_path = dir.path() / ".running-process-manifest.v2.pb";
    CHECK(fs::path(written.value.path) == expected_path);
    CHECK(fs::exists(expected_path));  // the v2 manifest file must exist

    const byte_string bytes = read_file(expected_path);
    CHECK(to_hex(bytes) == to_hex(hex_file("write_to_root_v2_canonical")));
    const v2::cache_manifest back = decoded(bytes);
    CHECK(back.service_name == "svc");
    REQUIRE(back.roots.size() == 1);
    CHECK(back.roots[0].path == "/path/to/data");
}

// manifest_io.rs:328
TEST_CASE("manifest_io.rs: publish_in_writes_to_central_with_v2_extension") {
    const temp_dir dir;
    auto b = builder("svc", "1.2.3");
    b.root(kind::cache_data, "/path");
    const files::file_result<files::written_file> path = files::write_to_central_in_dir(dir.path().string(), built(b));
    REQUIRE_MESSAGE(path.ok(), files::to_string(path.error));
    CHECK(fs::path(path.value.path).filename() == "svc-1.2.3.v2.pb");

    const byte_string bytes = read_file(path.value.path);
    CHECK(to_hex(bytes) == to_hex(hex_file("publish_in_central_v2")));
    const v2::cache_manifest back = decoded(bytes);
    CHECK(back.service_name == "svc");
    CHECK(back.service_version == "1.2.3");
}

// manifest_io.rs:346. Upstream only requires an error; brokerwire names it.
TEST_CASE("manifest_io.rs: publish_in_rejects_invalid_service_name") {
    const temp_dir dir;
    const v2::cache_manifest manifest = decoded(hex_file("publish_in_rejects_invalid_service_name"));
    CHECK(manifest.service_name == "BAD-Caps");
    CHECK(manifest.service_version == "1.0.0");
    const files::file_result<files::written_file> path = files::write_to_central_in_dir(dir.path().string(), manifest);
    CHECK_FALSE(path.ok());
    CHECK(path.error.kind == files::file_errc::invalid_name);
    CHECK(path.error.name_issue == files::name_problem::uppercase);
    CHECK(fs::is_empty(dir.path()));  // nothing written
}

// manifest_io.rs:362
TEST_CASE("manifest_io.rs: builder_publish_round_trip_preserves_every_field") {
    const temp_dir dir;
    auto b = builder("zccache", "1.12.9");
    b.root(kind::cache_data, "/var/cache/zccache/data")
        .root(kind::cache_index, "/var/cache/zccache/index")
        .root(kind::cache_logs, "/var/log/zccache")
        .broker_instance("shared")
        .bundle_id("zccache-bundle-v1");
    const files::file_result<files::written_file> path = files::write_to_central_in_dir(dir.path().string(), built(b));
    REQUIRE_MESSAGE(path.ok(), files::to_string(path.error));

    const byte_string bytes = read_file(path.value.path);
    CHECK(to_hex(bytes) == to_hex(hex_file("builder_publish_round_trip")));
    const v2::cache_manifest back = decoded(bytes);
    CHECK(back.service_name == "zccache");
    CHECK(back.service_version == "1.12.9");
    CHECK(back.broker_envelope_version == "v2");
    CHECK(back.roots.size() == 3);
    CHECK(back.broker_instance == "shared");
    CHECK(back.bundle_id == "zccache-bundle-v1");
    CHECK(back.created_at_unix_ms > 0);
}

// manifest_io.rs:388
TEST_CASE("manifest_io.rs: v2_central_filename_does_not_collide_with_v1") {
    const temp_dir dir;
    const fs::path v1_path = dir.path() / "zccache-1.12.9.pb";
    const files::file_result<std::string> v2_path =
        files::central_manifest_path(dir.path().string(), "zccache", "1.12.9");
    REQUIRE(v2_path.ok());
    CHECK(fs::path(v2_path.value) != v1_path);
    CHECK(fs::path(v2_path.value).filename() == "zccache-1.12.9.v2.pb");
}
