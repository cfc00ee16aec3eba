// SPEC §5: writers put each file where the broker looks for it, in a private
// directory, and refuse invalid names and insecure directories.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

TEST_CASE("write service definition: <root>/<name>.servicedef.v2 in a directory created 0700") {
    const temp_dir tmp;
    const auto def = full_definition();
    const auto path = write_service_definition(tmp / "conf/services", def.value);
    REQUIRE(path.ok());
    CHECK(path.value == tmp / "conf/services/zccache.servicedef.v2");
    CHECK(mode_of(tmp / "conf") == 0700);
    CHECK(mode_of(tmp / "conf/services") == 0700);
    CHECK(mode_of(path.value) == 0600);
    v2::service_definition back;
    REQUIRE(decode(bytes_view(read_plain(path.value)), back).ok());
    CHECK(back == def.value);
}

TEST_CASE("write service definition: a hand-made definition with an invalid name writes nothing") {
    const temp_dir tmp;
    v2::service_definition def;
    def.service_name = "../escape";
    const auto path = write_service_definition(tmp / "d", def);
    CHECK(path.error.kind == file_errc::invalid_name);
    CHECK(path.error.name_issue == name_problem::invalid_character);
    CHECK(list_dir(tmp.path()).empty());  // not even the directory
}

TEST_CASE("write service definition: a group-writable directory is refused and left untouched") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "d").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "d").c_str(), 0775) == 0);
    const auto path = write_service_definition(tmp / "d", full_definition().value);
    CHECK(path.error.kind == file_errc::insecure_directory);
    CHECK(path.error.mode == 0775);
    CHECK(list_dir(tmp / "d").empty());
}

TEST_CASE("write to root: <cache_root>/.running-process-manifest.v2.pb") {
    const temp_dir tmp;
    const auto m = full_manifest();
    const auto path = write_to_root(tmp / "cache", m.value);
    REQUIRE(path.ok());
    CHECK(path.value == tmp / "cache/.running-process-manifest.v2.pb");
    v2::cache_manifest back;
    REQUIRE(decode(bytes_view(read_plain(path.value)), back).ok());
    CHECK(back == m.value);
}

TEST_CASE("write to central: <registry>/<name>-<version>.v2.pb, default registry from the environment") {
    const temp_dir tmp;
    const auto m = full_manifest();
    directory_environment env;
    env.xdg_data_home = tmp / "data";
    const auto path = write_to_central(m.value, env);
    REQUIRE(path.ok());
    CHECK(path.value == tmp / "data/running-process/manifests/zccache-1.2.3.v2.pb");
    CHECK(mode_of(tmp / "data/running-process") == 0700);
    env.manifest_dir = tmp / "explicit";
    const auto explicit_path = write_to_central(m.value, env);
    CHECK(explicit_path.value == tmp / "explicit/zccache-1.2.3.v2.pb");
}

TEST_CASE("write to central: an invalid version in a hand-made manifest writes nothing") {
    const temp_dir tmp;
    v2::cache_manifest m = full_manifest().value;
    m.service_version = "1.2.3/../../../x";
    const auto path = write_to_central_in_dir(tmp / "r", m);
    CHECK(path.error.kind == file_errc::invalid_version);
    CHECK(list_dir(tmp.path()).empty());
}

TEST_CASE("write to central: no default directory is its own error") {
    const auto path = write_to_central(full_manifest().value, directory_environment{});
    CHECK(path.error.kind == file_errc::no_default_directory);
    CHECK(to_string(path.error).find("HOME") != std::string::npos);
}
