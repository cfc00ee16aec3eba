// docs/contract.md, "Builders": builders mirror the upstream ones, validate
// at build(), and what they make is written byte-for-byte as libprotobuf
// serializes it.
#include <doctest/doctest.h>

#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

TEST_CASE("definition builder: each start sets its isolation mode") {
    const auto priv = service_definition_builder::private_broker("svc", "/bin/svc").build();
    REQUIRE(priv.ok());
    CHECK(priv.value.isolation == v2::broker_isolation::private_broker);
    CHECK(priv.value.service_name == "svc");
    CHECK(priv.value.binary_path == "/bin/svc");
    CHECK(!priv.value.http_server.has_value());
    const auto shared = service_definition_builder::shared_broker("svc", "/bin/svc").build();
    CHECK(shared.value.isolation == v2::broker_isolation::shared_broker);
    const auto expl = service_definition_builder::explicit_instance("svc", "/bin/svc", "inst-1").build();
    CHECK(expl.value.isolation == v2::broker_isolation::explicit_instance);
    CHECK(expl.value.explicit_instance == "inst-1");
}

TEST_CASE("definition builder: optional parts land in their fields") {
    const auto def = full_definition();
    REQUIRE(def.ok());
    CHECK(def.value.per_version_binary_dir == "/opt/zccache/versions");
    CHECK(def.value.min_version == "1.2.0");
    CHECK(def.value.version_allow_list == std::vector<std::string>{"1.2.3", "1.3.0-rc.1"});
    CHECK(def.value.labels == std::map<std::string, std::string>{{"owner", "build-infra"}, {"tier", "dev"}});
    REQUIRE(def.value.http_server.has_value());
    CHECK(def.value.http_server->health_path == "/healthz");
    const auto replaced = service_definition_builder::private_broker("s", "/b")
                              .allow_version("9.9.9")
                              .version_allow_list({"1.0.0"})
                              .labels({{"a", "1"}, {"b", "2"}})
                              .label("a", "3")
                              .build();
    CHECK(replaced.value.version_allow_list == std::vector<std::string>{"1.0.0"});
    CHECK(replaced.value.labels == std::map<std::string, std::string>{{"a", "3"}, {"b", "2"}});
}

TEST_CASE("definition builder: build() returns an invalid name as the error") {
    const auto upper = service_definition_builder::private_broker("ZcCache", "/b").build();
    CHECK(upper.error.kind == file_errc::invalid_name);
    CHECK(upper.error.name_issue == name_problem::uppercase);
    const auto empty = service_definition_builder::shared_broker("", "/b").build();
    CHECK(empty.error.name_issue == name_problem::empty);
}

TEST_CASE("definition builder: build() checks min_version and every allow-listed version") {
    const auto min = service_definition_builder::private_broker("s", "/b").min_version("1.2").build();
    CHECK(min.error.kind == file_errc::invalid_version);
    CHECK(min.error.other == "min_version");
    CHECK(to_string(min.error).find("min_version") != std::string::npos);
    const auto allow =
        service_definition_builder::private_broker("s", "/b").allow_version("1.2.3").allow_version("1.2.3-").build();
    CHECK(allow.error.kind == file_errc::invalid_version);
    CHECK(allow.error.version_issue == version_problem::empty_prerelease);
    CHECK(allow.error.subject == "1.2.3-");
}

TEST_CASE("definition builder: an explicit instance must be a valid non-empty name") {
    const auto empty = service_definition_builder::explicit_instance("s", "/b", "").build();
    CHECK(empty.error.kind == file_errc::invalid_isolation);
    CHECK(empty.error.isolation_issue == isolation_problem::instance_required);
    CHECK(empty.error.other == "explicit_instance");
    const auto bad = service_definition_builder::explicit_instance("s", "/b", "Team").build();
    CHECK(bad.error.name_issue == name_problem::uppercase);
    CHECK(bad.error.other == "explicit_instance");
}

TEST_CASE("v1 rules before writing: binary_path and per_version_binary_dir must be absolute") {
    struct row {
        const char* binary;
        const char* per_version;
        const char* field;
        path_problem problem;
    };
    const row rows[] = {
        {"", "", "binary_path", path_problem::empty},
        {"zccache", "", "binary_path", path_problem::relative},
        {"./bin/zccache", "", "binary_path", path_problem::relative},
        {"~/bin/zccache", "", "binary_path", path_problem::relative},
        {"/bin/zccache", "versions", "per_version_binary_dir", path_problem::relative},
        {"/bin/zccache", "../v", "per_version_binary_dir", path_problem::relative},
    };
    for (const row& r : rows) {
        CAPTURE(r.binary);
        CAPTURE(r.per_version);
        auto b = service_definition_builder::shared_broker("zccache", r.binary);
        if (*r.per_version != '\0') b.per_version_binary_dir(r.per_version);
        const auto def = b.build();
        CHECK(def.error.kind == file_errc::invalid_path);
        CHECK(def.error.other == r.field);
        CHECK(def.error.path_issue == r.problem);
        CHECK(to_string(def.error).rfind(std::string("invalid ") + r.field + " ", 0) == 0);
    }
    CHECK(service_definition_builder::shared_broker("zccache", "/bin/zccache").per_version_binary_dir("/v").build().ok());
}

TEST_CASE("v1 rules before writing: explicit_instance only with EXPLICIT_INSTANCE, and required there") {
    const auto shared = service_definition_builder::shared_broker("s", "/b").build();
    v2::service_definition def = shared.value;
    for (const v2::broker_isolation iso : {v2::broker_isolation::private_broker, v2::broker_isolation::shared_broker}) {
        def.isolation = iso;
        def.explicit_instance = "ci-trusted";
        const file_error e = validate_service_definition(def);
        CHECK(e.kind == file_errc::invalid_isolation);
        CHECK(e.isolation_issue == isolation_problem::instance_not_allowed);
        CHECK(e.other == "explicit_instance");
        CHECK(to_string(e) == "invalid explicit_instance \"ci-trusted\": must be empty unless isolation is "
                              "EXPLICIT_INSTANCE");
    }
    def.isolation = v2::broker_isolation::explicit_instance;
    def.explicit_instance.clear();
    CHECK(to_string(validate_service_definition(def)) ==
          "invalid explicit_instance \"\": is required when isolation is EXPLICIT_INSTANCE");
    def.explicit_instance = "ci-trusted";
    CHECK(validate_service_definition(def).ok());
}

TEST_CASE("v1 rules before writing: an isolation value outside the enum is refused, naming the field") {
    v2::service_definition def = service_definition_builder::private_broker("s", "/b").build().value;
    def.isolation = static_cast<v2::broker_isolation>(3);
    const file_error e = validate_service_definition(def);
    CHECK(e.kind == file_errc::invalid_isolation);
    CHECK(e.isolation_issue == isolation_problem::unknown_value);
    CHECK(e.other == "isolation");
    CHECK(to_string(e) == "invalid isolation \"3\": is not a BrokerIsolation value (PRIVATE_BROKER, "
                          "SHARED_BROKER, EXPLICIT_INSTANCE)");
    def.isolation = static_cast<v2::broker_isolation>(-1);
    CHECK(validate_service_definition(def).subject == "-1");
}

TEST_CASE("v1 rules before writing: the first failure is the one upstream reports first") {
    // name, binary_path, per_version_binary_dir, min_version, allow-list, isolation
    v2::service_definition def;
    def.service_name = "Bad";
    def.binary_path = "rel";
    def.min_version = "x";
    def.isolation = static_cast<v2::broker_isolation>(9);
    CHECK(validate_service_definition(def).kind == file_errc::invalid_name);
    def.service_name = "ok";
    CHECK(validate_service_definition(def).other == "binary_path");
    def.binary_path = "/b";
    CHECK(validate_service_definition(def).other == "min_version");
    def.min_version.clear();
    CHECK(validate_service_definition(def).other == "isolation");
}

TEST_CASE("manifest builder: starts with envelope v2 and both timestamps at now") {
    const std::uint64_t before = now_unix_ms();
    const auto m = cache_manifest_builder("svc", "1.0.0").build();
    const std::uint64_t after = now_unix_ms();
    REQUIRE(m.ok());
    CHECK(m.value.broker_envelope_version == "v2");
    CHECK(m.value.service_name == "svc");
    CHECK(m.value.service_version == "1.0.0");
    CHECK(m.value.created_at_unix_ms >= before);
    CHECK(m.value.created_at_unix_ms <= after);
    CHECK(m.value.last_active_unix_ms == m.value.created_at_unix_ms);
    CHECK(before > 1600000000000ULL);  // milliseconds, not seconds
}

TEST_CASE("manifest builder: roots, broker instance and bundle id land in their fields") {
    const auto m = full_manifest();
    REQUIRE(m.ok());
    REQUIRE(m.value.roots.size() == 3);
    CHECK(m.value.roots[1].kind == v2::cache_root_kind::cache_index);
    CHECK(m.value.roots[2].path == "/tmp/zccache");
    CHECK(m.value.broker_instance == "team-a");
    CHECK(m.value.bundle_id == "com.example.zccache");
    CHECK(m.value.created_at_unix_ms == 1700000000123ULL);
}

TEST_CASE("manifest builder: build() returns an invalid name or version as the error") {
    CHECK(cache_manifest_builder("a_b", "1.0.0").build().error.kind == file_errc::invalid_name);
    const auto v = cache_manifest_builder("ab", "1.0").build();
    CHECK(v.error.kind == file_errc::invalid_version);
    CHECK(v.error.other == "service_version");
}

TEST_CASE("golden: written service definitions are byte-identical to libprotobuf's serialization") {
    const temp_dir tmp;
    struct row {
        file_result<v2::service_definition> def;
        const char* golden_file;
    };
    const row rows[] = {
        {full_definition(), "service_definition_full.bin"},
        {shared_definition(), "service_definition_shared.bin"},
        {private_definition(), "service_definition_private.bin"},
    };
    for (const row& r : rows) {
        REQUIRE(r.def.ok());
        const auto path = write_service_definition(tmp.path(), r.def.value);
        REQUIRE(path.ok());
        const std::string expected = golden(r.golden_file);
        REQUIRE(expected != "<missing>");
        CHECK_MESSAGE(read_plain(path.value.path) == expected, r.golden_file);
    }
}

TEST_CASE("golden: written cache manifests are byte-identical to libprotobuf's serialization") {
    const temp_dir tmp;
    const auto m = full_manifest();
    REQUIRE(m.ok());
    const std::string expected = golden("cache_manifest_full.bin");
    REQUIRE(expected != "<missing>");
    const auto root = write_to_root(tmp / "cache", m.value);
    REQUIRE(root.ok());
    CHECK(read_plain(root.value.path) == expected);
    const auto central = write_to_central_in_dir(tmp / "registry", m.value);
    REQUIRE(central.ok());
    CHECK(read_plain(central.value.path) == expected);
}
