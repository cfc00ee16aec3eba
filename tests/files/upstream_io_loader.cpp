// Upstream's v2 service-definition tests, restated with their literal inputs
// and expectations: the #[cfg(test)] modules of
// crates/running-process/src/broker/protocol_v2/io.rs and loader.rs
// (zackees/running-process 52831e53). Each case is named
// "<upstream file>: <upstream test>" and cites its line.
//
// Stand-ins: ServiceDefinitionBuilder -> files::service_definition_builder
// (whose build() validates, where upstream's does not: every upstream input
// here is valid, so no case changes); install_in(root) ->
// write_service_definition(root, build()); service_definition_path_v2 ->
// service_definition_path; ServiceDefinitionLoader -> service_definition_loader;
// tempdir() -> temp_dir (mkdtemp, 0700).
#include <doctest/doctest.h>

#include <cstdio>
#include <set>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/quoted.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;
using iso = v2::broker_isolation;

namespace {

// install_in(root) of a built definition: the path written.
std::string install_in(const std::string& root, const service_definition_builder& b) {
    const auto def = b.build();
    REQUIRE_MESSAGE(def.ok(), to_string(def.error));
    const auto written = write_service_definition(root, def.value);
    REQUIRE_MESSAGE(written.ok(), to_string(written.error));
    return written.value.path;
}

v2::service_definition decode_file(const std::string& path) {
    v2::service_definition out;
    const status s = decode(bytes_view(read_plain(path)), out);
    REQUIRE_MESSAGE(s.ok(), to_string(s));
    return out;
}

std::string file_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// loader.rs install_test_servicedef.
std::string install_test_servicedef(const std::string& root, const std::string& name) {
    return install_in(root, service_definition_builder::shared_broker(name, "/usr/bin/zccache-daemon")
                                .min_version("1.0.0")
                                .label("env", "test"));
}

}  // namespace

// io.rs:218
TEST_CASE("io.rs: extension_is_servicedef_v2") { CHECK(service_definition_extension == "servicedef.v2"); }

// io.rs:223
TEST_CASE("io.rs: service_definition_path_v2_uses_v2_extension") {
    CHECK(service_definition_path("/svc", "zccache").value == "/svc/zccache.servicedef.v2");
}

// io.rs:233
TEST_CASE("io.rs: service_definition_path_v2_rejects_invalid_name") {
    CHECK_FALSE(service_definition_path("/svc", "ZCCACHE").ok());
    CHECK_FALSE(service_definition_path("/svc", "").ok());
    CHECK_FALSE(service_definition_path("/svc", "a/b").ok());
}

// io.rs:241
TEST_CASE("io.rs: shared_broker_builder_sets_expected_fields") {
    const auto def = service_definition_builder::shared_broker("zccache", "/usr/bin/zccache").build().value;
    CHECK(def.service_name == "zccache");
    CHECK(def.binary_path == "/usr/bin/zccache");
    CHECK(def.isolation == iso::shared_broker);
    CHECK(def.explicit_instance.empty());
}

// io.rs:250
TEST_CASE("io.rs: private_broker_builder_sets_expected_fields") {
    CHECK(service_definition_builder::private_broker("svc", "/bin/x").build().value.isolation == iso::private_broker);
}

// io.rs:256
TEST_CASE("io.rs: explicit_instance_builder_sets_expected_fields") {
    const auto def = service_definition_builder::explicit_instance("svc", "/bin/x", "ci-trusted").build().value;
    CHECK(def.isolation == iso::explicit_instance);
    CHECK(def.explicit_instance == "ci-trusted");
}

// io.rs:264
TEST_CASE("io.rs: builder_chain_propagates_optional_fields") {
    const auto def = service_definition_builder::shared_broker("svc", "/bin/x")
                         .per_version_binary_dir("/usr/local/bin")
                         .min_version("1.2.3")
                         .version_allow_list({"1.2.3", "1.3.0"})
                         .label("env", "prod")
                         .label("region", "us-west")
                         .build()
                         .value;
    CHECK(def.per_version_binary_dir == "/usr/local/bin");
    CHECK(def.min_version == "1.2.3");
    CHECK(def.version_allow_list == std::vector<std::string>{"1.2.3", "1.3.0"});
    CHECK(def.labels.at("env") == "prod");
    CHECK(def.labels.at("region") == "us-west");
}

// io.rs:280
TEST_CASE("io.rs: install_in_writes_and_decodes_round_trip") {
    const temp_dir dir;
    const std::string path = install_in(
        dir.path(), service_definition_builder::shared_broker("zccache", "/usr/bin/zccache").min_version("1.0.0").label("env", "prod"));
    CHECK(file_name(path) == "zccache.servicedef.v2");
    const v2::service_definition decoded = decode_file(path);
    CHECK(decoded.service_name == "zccache");
    CHECK(decoded.binary_path == "/usr/bin/zccache");
    CHECK(decoded.isolation == iso::shared_broker);
    CHECK(decoded.min_version == "1.0.0");
    CHECK(decoded.labels.at("env") == "prod");
}

// io.rs:303. Upstream only requires an error; ours is the name's.
TEST_CASE("io.rs: write_service_definition_v2_rejects_invalid_name") {
    const temp_dir dir;
    v2::service_definition bad;
    bad.service_name = "BAD-Caps";
    const auto written = write_service_definition(dir.path(), bad);
    CHECK(written.error.kind == file_errc::invalid_name);
    CHECK(written.error.name_issue == name_problem::uppercase);
}

// io.rs:314
TEST_CASE("io.rs: write_service_definition_v2_creates_parent_dir") {
    const temp_dir dir;
    const std::string nested = dir / "nested";
    const std::string path = install_in(nested, service_definition_builder::shared_broker("svc", "/bin/x"));
    CHECK(read_plain(path) != "<missing>");
    CHECK(mode_of(nested) == 0700);
}

// io.rs:329
TEST_CASE("io.rs: builder_install_round_trip_preserves_every_field") {
    const temp_dir dir;
    const std::string path = install_in(dir.path(), service_definition_builder::explicit_instance("svc", "/bin/x", "ci-trusted")
                                                        .per_version_binary_dir("/usr/local/bin")
                                                        .min_version("1.0.0")
                                                        .version_allow_list({"1.0.0", "1.1.0"})
                                                        .label("env", "prod")
                                                        .label("rollout", "blue"));
    const v2::service_definition decoded = decode_file(path);
    CHECK(decoded.service_name == "svc");
    CHECK(decoded.binary_path == "/bin/x");
    CHECK(decoded.isolation == iso::explicit_instance);
    CHECK(decoded.explicit_instance == "ci-trusted");
    CHECK(decoded.per_version_binary_dir == "/usr/local/bin");
    CHECK(decoded.min_version == "1.0.0");
    CHECK(decoded.version_allow_list == std::vector<std::string>{"1.0.0", "1.1.0"});
    CHECK(decoded.labels.size() == 2);
    CHECK(decoded.labels.at("env") == "prod");
    CHECK(decoded.labels.at("rollout") == "blue");
}

// loader.rs:217
TEST_CASE("loader.rs: load_round_trips_an_installed_servicedef") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    const auto loaded = service_definition_loader(dir.path()).load("zccache");
    REQUIRE_MESSAGE(loaded.ok(), to_string(loaded.error));
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.binary_path == "/usr/bin/zccache-daemon");
    CHECK(loaded.value.isolation == iso::shared_broker);
    CHECK(loaded.value.min_version == "1.0.0");
    CHECK(loaded.value.labels.at("env") == "test");
}

// loader.rs:232
TEST_CASE("loader.rs: load_returns_io_error_for_missing_file") {
    const temp_dir dir;
    const auto err = service_definition_loader(dir.path()).load("no-such-service").error;
    CHECK(err.kind == file_errc::io);
    CHECK(err.sys_errno == ENOENT);
}

// loader.rs:243
TEST_CASE("loader.rs: load_rejects_invalid_service_name") {
    const temp_dir dir;
    const service_definition_loader loader(dir.path());
    for (const std::string& bad : {std::string("BAD-Caps"), std::string(), std::string("a/b"), std::string("x\0y", 3)}) {
        CHECK_MESSAGE(loader.load(bad).error.kind == file_errc::invalid_name, quoted(bad));
    }
}

// loader.rs:256
TEST_CASE("loader.rs: load_detects_filename_service_mismatch") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    REQUIRE(std::rename((dir / "zccache.servicedef.v2").c_str(), (dir / "other.servicedef.v2").c_str()) == 0);
    const auto err = service_definition_loader(dir.path()).load("other").error;
    CHECK(err.kind == file_errc::name_mismatch);
    CHECK(err.subject == "other");  // requested
    CHECK(err.other == "zccache");  // actual
}

// loader.rs:279. Upstream accepts Decode or ServiceNameMismatch; the key
// 0x01 (field 0) makes it a decode error here, as in prost.
TEST_CASE("loader.rs: load_rejects_corrupt_protobuf_bytes") {
    const temp_dir dir;
    REQUIRE(write_plain(dir / "badproto.servicedef.v2", std::string("\x01\x02\x03\x04\x05\xFF\xFF\xFF\xFF\x00", 10)));
    const auto result = service_definition_loader(dir.path()).load("badproto");
    CHECK((result.error.kind == file_errc::decode || result.error.kind == file_errc::name_mismatch));
    CHECK(result.error.kind == file_errc::decode);
}

// loader.rs:301
TEST_CASE("loader.rs: enumerate_returns_every_parseable_servicedef") {
    const temp_dir dir;
    for (const char* name : {"zccache", "fbuild", "soldr"}) install_test_servicedef(dir.path(), name);
    const std::vector<v2::service_definition> defs = service_definition_loader(dir.path()).enumerate();
    CHECK(defs.size() == 3);
    std::set<std::string> names;
    for (const auto& d : defs) names.insert(d.service_name);
    CHECK(names == std::set<std::string>{"zccache", "fbuild", "soldr"});
}

// loader.rs:318
TEST_CASE("loader.rs: enumerate_skips_corrupt_files_silently") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    REQUIRE(write_plain(dir / "corrupt.servicedef.v2", "\xFF\xFF\xFF\xFF"));
    const auto defs = service_definition_loader(dir.path()).enumerate();
    REQUIRE(defs.size() == 1);  // only zccache should be returned
    CHECK(defs[0].service_name == "zccache");
}

// loader.rs:335
TEST_CASE("loader.rs: scan_surfaces_per_file_errors") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    REQUIRE(write_plain(dir / "corrupt.servicedef.v2", "\xFF\xFF\xFF\xFF"));
    const auto entries = service_definition_loader(dir.path()).scan();
    REQUIRE(entries.ok());
    REQUIRE(entries.value.size() == 2);
    CHECK_FALSE(entries.value[0].definition.ok());  // sorted by path: corrupt first
    CHECK(entries.value[1].definition.ok());
}

// loader.rs:356
TEST_CASE("loader.rs: enumerate_ignores_files_with_wrong_extension") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    REQUIRE(write_plain(dir / "legacy.servicedef", "junk"));
    REQUIRE(write_plain(dir / "readme.txt", "hello"));
    const auto defs = service_definition_loader(dir.path()).enumerate();
    REQUIRE(defs.size() == 1);  // only the .servicedef.v2 file should be loaded
    CHECK(defs[0].service_name == "zccache");
}

// loader.rs:375
TEST_CASE("loader.rs: enumerate_handles_missing_root_gracefully") {
    const service_definition_loader loader("/nonexistent/path/to/services");
    CHECK(loader.enumerate().empty());  // missing root -> empty result
    const auto entries = loader.scan();
    REQUIRE(entries.ok());
    CHECK(entries.value.empty());  // missing root -> empty scan
}

// loader.rs:384
TEST_CASE("loader.rs: reload_is_equivalent_to_load") {
    const temp_dir dir;
    install_test_servicedef(dir.path(), "zccache");
    const service_definition_loader loader(dir.path());
    const auto a = loader.load("zccache");
    const auto b = loader.reload("zccache");
    const auto c = loader.lookup_or_reload("zccache");
    REQUIRE(a.ok());
    CHECK(a.value == b.value);
    CHECK(b.value == c.value);
}
