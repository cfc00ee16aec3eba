// docs/contract.md, "Writing definitions and manifests": writers put each
// file where the broker looks for it, in a private directory, and refuse
// invalid names and insecure directories.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <brokerwire/files/loader.hpp>
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
    CHECK(path.value.path == tmp / "conf/services/zccache.servicedef.v2");
    CHECK(mode_of(tmp / "conf") == 0700);
    CHECK(mode_of(tmp / "conf/services") == 0700);
    CHECK(mode_of(path.value.path) == 0600);
    v2::service_definition back;
    REQUIRE(decode(bytes_view(read_plain(path.value.path)), back).ok());
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

TEST_CASE("directory policy: writing into the user's own group-writable directory tightens it and says so") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "d").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "d").c_str(), 0775) == 0);
    const auto written = write_service_definition(tmp / "d", full_definition().value);
    REQUIRE(written.ok());
    CHECK(written.value.directory.change == directory_change::tightened);
    CHECK(written.value.directory.previous_mode == 0775);
    CHECK(mode_of(tmp / "d") == 0700);
    const auto again = write_service_definition(tmp / "d", full_definition().value);
    CHECK(again.value.directory.change == directory_change::none);
    const auto fresh = write_service_definition(tmp / "new", full_definition().value);
    CHECK(fresh.value.directory.change == directory_change::created);
}

TEST_CASE("directory policy: the cache root given to write_to_root is tightened as upstream tightens it") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "cache").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "cache").c_str(), 0755) == 0);
    const auto written = write_to_root(tmp / "cache", full_manifest().value);
    REQUIRE(written.ok());
    CHECK(written.value.directory.change == directory_change::tightened);
    CHECK(mode_of(tmp / "cache") == 0700);
    CHECK(load_root_manifest(tmp / "cache").ok());
}

TEST_CASE("directory policy: a symlinked directory is refused by the writers, nothing written through it") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "real").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "real").c_str(), 0755) == 0);
    REQUIRE(::symlink((tmp / "real").c_str(), (tmp / "link").c_str()) == 0);
    CHECK(write_service_definition(tmp / "link", full_definition().value).error.kind ==
          file_errc::symlinked_directory);
    CHECK(write_to_root(tmp / "link", full_manifest().value).error.kind == file_errc::symlinked_directory);
    CHECK(write_to_central_in_dir(tmp / "link", full_manifest().value).error.kind == file_errc::symlinked_directory);
    CHECK(list_dir(tmp / "real").empty());
    CHECK(mode_of(tmp / "real") == 0755);
}

TEST_CASE("v1 rules before writing: a definition with a relative binary writes nothing at all") {
    const temp_dir tmp;
    v2::service_definition def = full_definition().value;
    def.binary_path = "bin/zccache";
    const auto written = write_service_definition(tmp / "d", def);
    CHECK(written.error.kind == file_errc::invalid_path);
    CHECK(written.error.other == "binary_path");
    CHECK(list_dir(tmp.path()).empty());  // not even the directory
}

TEST_CASE("write to root: <cache_root>/.running-process-manifest.v2.pb") {
    const temp_dir tmp;
    const auto m = full_manifest();
    const auto path = write_to_root(tmp / "cache", m.value);
    REQUIRE(path.ok());
    CHECK(path.value.path == tmp / "cache/.running-process-manifest.v2.pb");
    v2::cache_manifest back;
    REQUIRE(decode(bytes_view(read_plain(path.value.path)), back).ok());
    CHECK(back == m.value);
}

TEST_CASE("write to central: <registry>/<name>-<version>.v2.pb, default registry from the environment") {
    const temp_dir tmp;
    const auto m = full_manifest();
    directory_environment env;
    env.layout = directory_layout::xdg;
    env.xdg_data_home = tmp / "data";
    const auto path = write_to_central(m.value, env);
    REQUIRE(path.ok());
    CHECK(path.value.path == tmp / "data/running-process/manifests/zccache-1.2.3.v2.pb");
    CHECK(mode_of(tmp / "data/running-process") == 0700);
    env.manifest_dir = tmp / "explicit";
    const auto explicit_path = write_to_central(m.value, env);
    CHECK(explicit_path.value.path == tmp / "explicit/zccache-1.2.3.v2.pb");
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
