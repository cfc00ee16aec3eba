// The combined loader (upstream server/combined_service_def_loader.rs): the v2
// file wins, the v1 `<name>.servicedef` is the fallback and must meet the v1
// rules (server/service_def_loader.rs), and the broker gets a v1 definition.
// Upstream's tests of both loaders are restated first, with their literal
// values, each naming the test it restates; then one case per rule of ours.
#include <doctest/doctest.h>

#include <cerrno>
#include <map>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <brokerwire/files/combined_loader.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/files/service_definition_builder.hpp>
#include <brokerwire/files/v1_service_definition.hpp>
#include <brokerwire/files/writers.hpp>

#include "temp_dir.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

// upstream (combined tests): secure_service_root, a fresh private `services`.
std::string secure_service_root(const temp_dir& tmp) {
    const std::string root = tmp / "services";
    REQUIRE(ensure_private_directory(root).ok());
    return root;
}

// upstream (combined tests): install_v2, the v2 builder's shared broker with
// min_version 1.0.0 and label env=test, written by the v2 writer.
void install_v2(const std::string& root, const std::string& name, const std::string& binary) {
    const auto def = service_definition_builder::shared_broker(name, binary).min_version("1.0.0").label("env", "test").build();
    REQUIRE(def.ok());
    REQUIRE(write_service_definition(root, def.value).ok());
}

// A v1 file as upstream's v1 writer leaves it: the encoding, written plainly.
void write_v1_file(const std::string& root, const std::string& file_name, const v1::service_definition& def) {
    const std::vector<std::uint8_t> bytes = v1::encode(def);
    REQUIRE(write_plain(root + "/" + file_name, std::string(bytes.begin(), bytes.end())));
}

// upstream (combined tests): write_v1, a shared-broker v1 definition with min_version 1.0.0.
void write_v1(const std::string& root, const std::string& name, const std::string& binary) {
    v1::service_definition def;
    def.service_name = name;
    def.binary_path = binary;
    def.isolation = v1::broker_isolation::shared_broker;
    def.min_version = "1.0.0";
    write_v1_file(root, name + ".servicedef", def);
}

// upstream (tests/broker/service_def_loader.rs): service_definition(). Its
// paths are the test executable's own; any absolute ones do, since the
// loader checks their form, not their existence.
v1::service_definition upstream_v1_definition() {
    v1::service_definition def;
    def.service_name = "zccache";
    def.binary_path = "/opt/zccache/bin/zccache-daemon";
    def.isolation = v1::broker_isolation::shared_broker;
    def.per_version_binary_dir = "/opt/zccache/bin";
    def.min_version = "1.10.0";
    def.version_allow_list = {"1.11.20"};
    return def;
}

}  // namespace

// ---- upstream: server/combined_service_def_loader/tests.rs ---------------

TEST_CASE("upstream combined loads_v2_file_and_converts_to_v1") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    install_v2(root, "zccache", "/usr/bin/zccache-daemon");
    const auto loaded = combined_service_definition_loader(root).lookup_or_reload("zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.definition.service_name == "zccache");
    CHECK(loaded.value.definition.binary_path == "/usr/bin/zccache-daemon");
    CHECK(loaded.value.definition.isolation == v1::broker_isolation::shared_broker);
    CHECK(loaded.value.definition.min_version == "1.0.0");
    CHECK(loaded.value.definition.labels == std::map<std::string, std::string>{{"env", "test"}});
    CHECK(loaded.value.format == definition_format::v2);
    CHECK(loaded.value.path == root + "/zccache.servicedef.v2");
}

TEST_CASE("upstream combined falls_back_to_v1_when_no_v2_file") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "/usr/bin/zccache-daemon");
    const auto loaded = combined_service_definition_loader(root).lookup_or_reload("zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.definition.service_name == "zccache");
    CHECK(loaded.value.definition.binary_path == "/usr/bin/zccache-daemon");
    CHECK(loaded.value.definition.isolation == v1::broker_isolation::shared_broker);
    CHECK(loaded.value.format == definition_format::v1);
    CHECK(loaded.value.path == root + "/zccache.servicedef");
}

TEST_CASE("upstream combined prefers_v2_over_v1_when_both_present") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "/usr/bin/v1-daemon");
    install_v2(root, "zccache", "/usr/bin/v2-daemon");
    const auto loaded = combined_service_definition_loader(root).lookup_or_reload("zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.definition.binary_path == "/usr/bin/v2-daemon");
}

TEST_CASE("upstream combined missing_both_returns_io_not_found") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    const auto loaded = combined_service_definition_loader(root).lookup_or_reload("no-such-service");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error.kind == file_errc::io);
    CHECK(loaded.error.sys_errno == ENOENT);
    CHECK(is_missing_file(loaded.error));
    CHECK(loaded.error.path == root + "/no-such-service.servicedef");  // the last file tried
}

TEST_CASE("upstream combined corrupt_v2_is_surfaced_not_masked_by_v1_fallback") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "/usr/bin/zccache-daemon");
    REQUIRE(write_plain(root + "/zccache.servicedef.v2", "not a protobuf"));
    const auto loaded = combined_service_definition_loader(root).lookup_or_reload("zccache");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error.kind == file_errc::decode);
    CHECK(loaded.error.path == root + "/zccache.servicedef.v2");
}

TEST_CASE("upstream combined conversion_carries_shared_fields_and_drops_http_server") {
    v2::service_definition v2_def;
    v2_def.service_name = "zccache";
    v2_def.binary_path = "/usr/bin/zccache-daemon";
    v2_def.isolation = v2::broker_isolation::explicit_instance;
    v2_def.explicit_instance = "ci-trusted";
    v2_def.per_version_binary_dir = "/opt/zccache/bin";
    v2_def.min_version = "2.1.0";
    v2_def.version_allow_list = {"2.1.0", "2.2.0"};
    v2_def.labels = {{"team", "infra"}};
    v2_def.http_server.emplace();
    v2_def.http_server->bind_addr = "127.0.0.1";
    v2_def.http_server->health_path = "/health";
    v2_def.http_server->display_name = "zccache";

    const v1::service_definition v1_def = to_v1(v2_def);
    CHECK(v1_def.service_name == "zccache");
    CHECK(v1_def.binary_path == "/usr/bin/zccache-daemon");
    CHECK(v1_def.isolation == v1::broker_isolation::explicit_instance);
    CHECK(v1_def.explicit_instance == "ci-trusted");
    CHECK(v1_def.per_version_binary_dir == "/opt/zccache/bin");
    CHECK(v1_def.min_version == "2.1.0");
    CHECK(v1_def.version_allow_list == std::vector<std::string>{"2.1.0", "2.2.0"});
    CHECK(v1_def.labels == std::map<std::string, std::string>{{"team", "infra"}});
    // Nothing of http_server survives: the v1 encoding is the v2 one without field 10.
    v2_def.http_server.reset();
    CHECK(v1::encode(v1_def) == v2::encode(v2_def));
}

// ---- upstream: tests/broker/service_def_loader.rs (the v1 loader) ---------

TEST_CASE("upstream v1 loader_reads_valid_service_definition") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1_file(root, "zccache.servicedef", upstream_v1_definition());
    const auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.min_version == "1.10.0");
    CHECK(loaded.value.version_allow_list == std::vector<std::string>{"1.11.20"});
}

TEST_CASE("upstream v1 lookup_or_reload_rereads_changed_file") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    const combined_service_definition_loader loader(root);
    v1::service_definition def = upstream_v1_definition();
    write_v1_file(root, "zccache.servicedef", def);
    CHECK(loader.lookup_or_reload("zccache").value.definition.min_version == "1.10.0");
    def.min_version = "1.11.0";
    write_v1_file(root, "zccache.servicedef", def);
    CHECK(loader.lookup_or_reload("zccache").value.definition.min_version == "1.11.0");
}

TEST_CASE("upstream v1 loader_rejects_service_name_mismatch") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v1::service_definition def = upstream_v1_definition();
    def.service_name = "clud";
    write_v1_file(root, "zccache.servicedef", def);
    const auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::name_mismatch);
    CHECK(loaded.error.subject == "zccache");  // requested
    CHECK(loaded.error.other == "clud");       // actual
    CHECK(loaded.error.path == root + "/zccache.servicedef");
}

TEST_CASE("upstream v1 loader_rejects_invalid_version_allow_list") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v1::service_definition def = upstream_v1_definition();
    def.version_allow_list = {"v1.11.20"};
    write_v1_file(root, "zccache.servicedef", def);
    const auto loaded = load_v1_service_definition(root, "zccache");
    // upstream: InvalidName, its one error for names and versions alike.
    REQUIRE(loaded.error.kind == file_errc::invalid_version);
    CHECK(loaded.error.subject == "v1.11.20");
    CHECK(loaded.error.other.find("version_allow_list") != std::string::npos);
}

TEST_CASE("upstream v1 loader_rejects_invalid_explicit_instance_policy") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v1::service_definition def = upstream_v1_definition();
    def.isolation = v1::broker_isolation::explicit_instance;
    def.explicit_instance.clear();
    write_v1_file(root, "zccache.servicedef", def);
    const auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::invalid_isolation);
    CHECK(loaded.error.isolation_issue == isolation_problem::instance_required);
}

TEST_CASE("upstream v1 loader_rejects_group_or_other_accessible_directory") {
    const temp_dir tmp;
    const std::string root = tmp / "services";
    REQUIRE(::mkdir(root.c_str(), 0700) == 0);
    REQUIRE(::chmod(root.c_str(), 0777) == 0);
    write_v1_file(root, "zccache.servicedef", upstream_v1_definition());
    const auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::insecure_directory);
    CHECK(loaded.error.path == root);
    CHECK(mode_of(root) == 0777);  // a reader judges; it never changes the directory
}

// ---- the v1 rules, one case each (validate_service_definition_for_service) ----

TEST_CASE("v1 rules: binary_path must be absolute and not empty, and the error names file and field") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v1::service_definition def = upstream_v1_definition();
    def.binary_path = "bin/zccache";
    write_v1_file(root, "zccache.servicedef", def);
    auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::invalid_path);
    CHECK(loaded.error.other == "binary_path");
    CHECK(loaded.error.path_issue == path_problem::relative);
    CHECK(loaded.error.path == root + "/zccache.servicedef");
    const std::string text = to_string(loaded.error);
    CHECK(text.find("zccache.servicedef") != std::string::npos);
    CHECK(text.find("binary_path") != std::string::npos);

    def.binary_path.clear();
    write_v1_file(root, "zccache.servicedef", def);
    loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::invalid_path);
    CHECK(loaded.error.path_issue == path_problem::empty);
}

TEST_CASE("v1 rules: per_version_binary_dir, when set, must be absolute") {
    v1::service_definition def = upstream_v1_definition();
    def.per_version_binary_dir = "opt/zccache";
    const file_error e = check_v1_service_definition(def, "zccache");
    REQUIRE(e.kind == file_errc::invalid_path);
    CHECK(e.other == "per_version_binary_dir");
    def.per_version_binary_dir.clear();
    CHECK(check_v1_service_definition(def, "zccache").ok());
}

TEST_CASE("v1 rules: min_version, when set, must be a version") {
    v1::service_definition def = upstream_v1_definition();
    def.min_version = "1.10";
    const file_error e = check_v1_service_definition(def, "zccache");
    REQUIRE(e.kind == file_errc::invalid_version);
    CHECK(e.other == "min_version");
}

TEST_CASE("v1 rules: explicit_instance only with EXPLICIT_INSTANCE, and a valid name there") {
    v1::service_definition def = upstream_v1_definition();
    def.explicit_instance = "ci-trusted";  // with SHARED_BROKER
    file_error e = check_v1_service_definition(def, "zccache");
    REQUIRE(e.kind == file_errc::invalid_isolation);
    CHECK(e.isolation_issue == isolation_problem::instance_not_allowed);
    CHECK(e.other == "explicit_instance");
    def.isolation = v1::broker_isolation::explicit_instance;
    CHECK(check_v1_service_definition(def, "zccache").ok());
    def.explicit_instance = "CI";
    e = check_v1_service_definition(def, "zccache");
    REQUIRE(e.kind == file_errc::invalid_name);
    CHECK(e.other == "explicit_instance");
}

TEST_CASE("v1 rules: an isolation value the schema does not name is refused") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v1::service_definition def = upstream_v1_definition();
    def.isolation = static_cast<v1::broker_isolation>(7);
    write_v1_file(root, "zccache.servicedef", def);
    const auto loaded = load_v1_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::invalid_isolation);
    CHECK(loaded.error.isolation_issue == isolation_problem::unknown_value);
    CHECK(loaded.error.other == "isolation");
    CHECK(loaded.error.subject == "7");
}

TEST_CASE("v1 rules: the requested name is checked before any file is read") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    const auto loaded = load_v1_service_definition(root, "a/b");
    REQUIRE(loaded.error.kind == file_errc::invalid_name);
}

// ---- the combined loader's own rules --------------------------------------

TEST_CASE("combined: only a missing v2 file falls back; a v2 symlink, directory or bad name does not") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "/usr/bin/zccache-daemon");
    REQUIRE(::symlink("zccache.servicedef", (root + "/zccache.servicedef.v2").c_str()) == 0);
    auto loaded = load_combined_service_definition(root, "zccache");
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    REQUIRE(::unlink((root + "/zccache.servicedef.v2").c_str()) == 0);
    REQUIRE(::mkdir((root + "/zccache.servicedef.v2").c_str(), 0700) == 0);
    loaded = load_combined_service_definition(root, "zccache");
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    CHECK(load_combined_service_definition(root, "Zccache").error.kind == file_errc::invalid_name);
}

TEST_CASE("combined: a v2 file that breaks the v1 rules loads, as upstream loads it, and says which rule") {
    // Upstream converts a v2 file to v1 without the v1 checks; its broker
    // would be handed this relative binary. The load reports it beside the value.
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    v2::service_definition def;
    def.service_name = "zccache";
    def.binary_path = "zccache-daemon";
    const std::vector<std::uint8_t> bytes = v2::encode(def);
    REQUIRE(write_plain(root + "/zccache.servicedef.v2", std::string(bytes.begin(), bytes.end())));
    const auto loaded = load_combined_service_definition(root, "zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.definition.binary_path == "zccache-daemon");
    REQUIRE(loaded.value.v1_rules.kind == file_errc::invalid_path);
    CHECK(loaded.value.v1_rules.other == "binary_path");
    CHECK(loaded.value.v1_rules.path == root + "/zccache.servicedef.v2");
}

TEST_CASE("combined: a v1 file that breaks the v1 rules does not load, even as the fallback") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "zccache-daemon");
    const auto loaded = load_combined_service_definition(root, "zccache");
    REQUIRE(loaded.error.kind == file_errc::invalid_path);
    CHECK(loaded.error.path == root + "/zccache.servicedef");
}

TEST_CASE("combined: a missing directory is the v1 file's not-found, as upstream reports it") {
    const temp_dir tmp;
    const auto loaded = load_combined_service_definition(tmp / "missing", "zccache");
    REQUIRE(loaded.error.kind == file_errc::io);
    CHECK(loaded.error.sys_errno == ENOENT);
}

TEST_CASE("combined: the conversions keep an isolation value neither schema names") {
    v1::service_definition def = upstream_v1_definition();
    def.isolation = static_cast<v1::broker_isolation>(-3);
    CHECK(static_cast<int>(to_v2(def).isolation) == -3);
    CHECK(to_v1(to_v2(def)) == def);
}

// ---- scanning the v1 files --------------------------------------------------

TEST_CASE("v1 scan: every *.servicedef file, sorted, each with its verdict, and which a v2 file shadows") {
    const temp_dir tmp;
    const std::string root = secure_service_root(tmp);
    write_v1(root, "zccache", "/usr/bin/zccache-daemon");
    install_v2(root, "zccache", "/usr/bin/zccache-v2");  // wins over zccache.servicedef
    write_v1(root, "alone", "/usr/bin/alone");
    write_v1(root, "broken", "relative/bin");
    REQUIRE(write_plain(root + "/broken.servicedef.v2", "not a protobuf"));  // broken, still wins
    REQUIRE(write_plain(root + "/Bad.servicedef", ""));
    const auto scan = scan_v1_service_definitions(root);
    REQUIRE(scan.ok());
    REQUIRE(scan.value.size() == 4);  // no *.servicedef.v2 among them
    CHECK(scan.value[0].path == root + "/Bad.servicedef");
    CHECK(scan.value[0].definition.error.kind == file_errc::invalid_name);
    CHECK(scan.value[0].shadowed_by.empty());
    CHECK(scan.value[1].path == root + "/alone.servicedef");
    CHECK(scan.value[1].definition.ok());
    CHECK(scan.value[1].shadowed_by.empty());
    CHECK(scan.value[2].path == root + "/broken.servicedef");
    CHECK(scan.value[2].definition.error.kind == file_errc::invalid_path);
    CHECK(scan.value[2].shadowed_by == root + "/broken.servicedef.v2");
    CHECK(scan.value[3].path == root + "/zccache.servicedef");
    CHECK(scan.value[3].definition.ok());
    CHECK(scan.value[3].shadowed_by == root + "/zccache.servicedef.v2");
}

TEST_CASE("v1 scan: a missing directory has no files; an open one is refused") {
    const temp_dir tmp;
    const auto missing = scan_v1_service_definitions(tmp / "missing");
    REQUIRE(missing.ok());
    CHECK(missing.value.empty());
    const std::string open_dir = tmp / "open";
    REQUIRE(::mkdir(open_dir.c_str(), 0700) == 0);
    REQUIRE(::chmod(open_dir.c_str(), 0757) == 0);
    CHECK(scan_v1_service_definitions(open_dir).error.kind == file_errc::insecure_directory);
}
