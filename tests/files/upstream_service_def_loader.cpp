// Upstream's service-definition loader tests (v1 broker), restated for the
// v2 files brokerwire writes: crates/running-process/tests/broker/
// service_def_loader.rs, and the two file-layer tests of
// src/broker/manifest.rs (zackees/running-process 52831e53). Each case is
// named "<upstream file>: <upstream test>" and cites its line.
//
// Upstream's tests use the v1 extension `.servicedef`; these use
// `.servicedef.v2`, the only one brokerwire writes. Upstream takes the
// binary paths from std::env::current_exe(); any absolute path stands in.
// Upstream sets process variables under a lock; directory_environment is
// filled by hand instead. Two v1 cases differ on purpose (marked below):
// upstream's v1 loader applies its v1 rules when reading, brokerwire applies
// them when writing and reads a v2 file as upstream's v2 loader does.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

// service_def_loader.rs service_definition().
v2::service_definition service_definition() {
    v2::service_definition d;
    d.service_name = "zccache";
    d.binary_path = "/opt/zccache/bin/zccache";
    d.isolation = v2::broker_isolation::shared_broker;
    d.per_version_binary_dir = "/opt/zccache/bin";
    d.min_version = "1.10.0";
    d.version_allow_list = {"1.11.20"};
    return d;
}

// write_definition_for: a plain write, past the writer's checks.
void write_definition_for(const std::string& root, const std::string& service, const v2::service_definition& d) {
    const std::vector<std::uint8_t> bytes = v2::encode(d);
    REQUIRE(write_plain(service_definition_path(root, service).value, std::string(bytes.begin(), bytes.end())));
}

std::string ensured(const temp_dir& tmp) {
    const std::string root = tmp / "services";
    REQUIRE(ensure_private_directory(root).ok());
    return root;
}

}  // namespace

// service_def_loader.rs:78
TEST_CASE("service_def_loader.rs: loader_reads_valid_service_definition") {
    const temp_dir tmp;
    const std::string root = ensured(tmp);
    write_definition_for(root, "zccache", service_definition());
    const auto loaded = service_definition_loader(root).load("zccache");
    REQUIRE_MESSAGE(loaded.ok(), to_string(loaded.error));
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.min_version == "1.10.0");
    CHECK(loaded.value.version_allow_list == std::vector<std::string>{"1.11.20"});
}

// service_def_loader.rs:92
TEST_CASE("service_def_loader.rs: write_service_definition_creates_private_directory_and_round_trips") {
    const temp_dir tmp;
    const std::string root = tmp / "services";
    const auto path = write_service_definition(root, service_definition());
    REQUIRE_MESSAGE(path.ok(), to_string(path.error));
    const auto loaded = service_definition_loader(root).load("zccache");
    CHECK(path.value.path == service_definition_path(root, "zccache").value);
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.min_version == "1.10.0");
    CHECK(check_private_directory(root).ok());
}

// service_def_loader.rs:119 (upstream runs it on macOS only; the layout is chosen here)
TEST_CASE("service_def_loader.rs: macos_default_service_definition_dir_uses_application_support") {
    directory_environment env;
    env.layout = directory_layout::macos;
    env.home = "/Users/alice";
    env.xdg_config_home = "/ignored/on/macos";
    CHECK(service_definition_dir(env).value == "/Users/alice/Library/Application Support/running-process/services");
}

// service_def_loader.rs:135
TEST_CASE("service_def_loader.rs: linux_default_service_definition_dir_uses_xdg_config_home") {
    const temp_dir tmp;
    directory_environment env;
    env.layout = directory_layout::xdg;
    env.home = "/home/alice";
    env.xdg_config_home = tmp.path();
    CHECK(service_definition_dir(env).value == tmp / "running-process/services");
}

// service_def_loader.rs:149
TEST_CASE("service_def_loader.rs: linux_default_service_definition_dir_falls_back_to_home_config") {
    directory_environment env;
    env.layout = directory_layout::xdg;
    env.home = "/home/alice";
    CHECK(service_definition_dir(env).value == "/home/alice/.config/running-process/services");
}

// service_def_loader.rs:164. The file is `zccache.servicedef.v2` here,
// `zccache.servicedef` upstream (v1).
TEST_CASE("service_def_loader.rs: service_definition_dir_override_is_private_and_loadable") {
    const temp_dir tmp;
    const std::string root = tmp / "overridden-services";
    directory_environment env;
    env.service_def_dir = root;
    const std::string default_root = service_definition_dir(env).value;
    const auto path = write_service_definition(default_root, service_definition());
    REQUIRE(path.ok());
    const auto loaded = service_definition_loader(service_definition_dir(env).value).lookup_or_reload("zccache");
    CHECK(default_root == root);
    CHECK(path.value.path == root + "/zccache.servicedef.v2");
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.min_version == "1.10.0");
}

// service_def_loader.rs:184
TEST_CASE("service_def_loader.rs: lookup_or_reload_rereads_changed_file") {
    const temp_dir tmp;
    const std::string root = ensured(tmp);
    v2::service_definition definition = service_definition();
    write_definition_for(root, "zccache", definition);
    CHECK(service_definition_loader(root).lookup_or_reload("zccache").value.min_version == "1.10.0");
    definition.min_version = "1.11.0";
    write_definition_for(root, "zccache", definition);
    CHECK(service_definition_loader(root).lookup_or_reload("zccache").value.min_version == "1.11.0");
}

// service_def_loader.rs:211
TEST_CASE("service_def_loader.rs: loader_rejects_service_name_mismatch") {
    const temp_dir tmp;
    const std::string root = ensured(tmp);
    v2::service_definition definition = service_definition();
    definition.service_name = "clud";
    write_definition_for(root, "zccache", definition);
    const auto err = service_definition_loader(root).load("zccache").error;
    REQUIRE(err.kind == file_errc::name_mismatch);
    CHECK(err.subject == "zccache");
    CHECK(err.other == "clud");
}

// service_def_loader.rs:233. DIFFERS on purpose: upstream's v1 loader refuses
// the file when reading (InvalidName); brokerwire refuses it when writing,
// and reads a v2 file holding it, as upstream's v2 loader does.
TEST_CASE("service_def_loader.rs: loader_rejects_invalid_version_allow_list") {
    const temp_dir tmp;
    const std::string root = ensured(tmp);
    v2::service_definition definition = service_definition();
    definition.version_allow_list = {"v1.11.20"};
    const auto written = write_service_definition(root, definition);
    CHECK(written.error.kind == file_errc::invalid_version);
    CHECK(written.error.other == "version_allow_list entry");
    CHECK(list_dir(root).empty());
    write_definition_for(root, "zccache", definition);
    CHECK(service_definition_loader(root).load("zccache").ok());
}

// service_def_loader.rs:249. DIFFERS on purpose, as the case above:
// refused when writing (InvalidIsolation there too), read as upstream's v2 loader reads it.
TEST_CASE("service_def_loader.rs: loader_rejects_invalid_explicit_instance_policy") {
    const temp_dir tmp;
    const std::string root = ensured(tmp);
    v2::service_definition definition = service_definition();
    definition.isolation = v2::broker_isolation::explicit_instance;
    definition.explicit_instance.clear();
    const auto written = write_service_definition(root, definition);
    CHECK(written.error.kind == file_errc::invalid_isolation);
    CHECK(written.error.isolation_issue == isolation_problem::instance_required);
    CHECK(list_dir(root).empty());
    write_definition_for(root, "zccache", definition);
    CHECK(service_definition_loader(root).load("zccache").ok());
}

// service_def_loader.rs:270
TEST_CASE("service_def_loader.rs: loader_rejects_group_or_other_accessible_directory") {
    const temp_dir tmp;
    const std::string root = tmp / "services";
    REQUIRE(::mkdir(root.c_str(), 0700) == 0);
    REQUIRE(::chmod(root.c_str(), 0777) == 0);
    write_definition_for(root, "zccache", service_definition());
    const auto err = service_definition_loader(root).load("zccache").error;
    REQUIRE(err.kind == file_errc::insecure_directory);
    CHECK(err.path == root);
}

// manifest.rs:358 (the v2 path; upstream's is v1's `.pb`)
TEST_CASE("manifest.rs: central_path_validates_inputs") {
    CHECK(central_manifest_path("/tmp/registry", "zccache", "1.2.3").ok());
    CHECK_FALSE(central_manifest_path("/tmp/registry", "Zccache", "1.2.3").ok());
    CHECK_FALSE(central_manifest_path("/tmp/registry", "zccache", "../../../evil").ok());
}

// manifest.rs:366
TEST_CASE("manifest.rs: central_registry_permissions_are_private_after_ensure") {
    const temp_dir tmp;
    const std::string registry = tmp / "registry";
    REQUIRE(ensure_private_directory(registry).ok());
    CHECK(check_private_directory(registry).ok());
}
