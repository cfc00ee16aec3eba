// `brokerwire manifest`: a cache manifest from proto3 JSON, completed with the
// builder's defaults and written by the library's atomic writers, run as a
// user runs it.
#include <doctest/doctest.h>

#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <brokerwire/files/cache_manifest_builder.hpp>
#include <brokerwire/files/loader.hpp>

#include "tool_runner.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

const char* const full_json =
    R"({"serviceName":"zccache","serviceVersion":"1.2.3","brokerEnvelopeVersion":"v2",)"
    R"("createdAtUnixMs":"1700000000000","lastActiveUnixMs":"1700000000500",)"
    R"("roots":[{"kind":"CACHE_DATA","path":"/var/cache/zccache"}],"brokerInstance":"shared","bundleId":"b-1"})";

v2::cache_manifest decoded(const std::string& bytes) {
    v2::cache_manifest m;
    REQUIRE(decode(bytes_view(bytes), m).ok());
    return m;
}

}  // namespace

TEST_CASE("manifest --root: writes CACHE_ROOT/.running-process-manifest.v2.pb and prints its path") {
    const temp_dir tmp;
    const std::string root = tmp / "cache";
    const tool_run r = run_brokerwire(tmp, {"manifest", "--root", root}, full_json);
    CHECK(r.exit_code == 0);
    CHECK(r.out == root + "/.running-process-manifest.v2.pb\n");
    CHECK(mode_of(root) == 0700);
    const auto loaded = load_root_manifest(root);
    REQUIRE(loaded.ok());
    CHECK(loaded.value.service_name == "zccache");
    CHECK(loaded.value.created_at_unix_ms == 1700000000000u);
    CHECK(loaded.value.last_active_unix_ms == 1700000000500u);
    REQUIRE(loaded.value.roots.size() == 1);
    CHECK(loaded.value.roots[0].kind == v2::cache_root_kind::cache_data);
    CHECK(loaded.value.roots[0].path == "/var/cache/zccache");
    CHECK(loaded.value.broker_instance == "shared");
    CHECK(loaded.value.bundle_id == "b-1");
}

TEST_CASE("manifest --registry: writes DIR/<name>-<version>.v2.pb, which the registry scan accepts") {
    const temp_dir tmp;
    const std::string dir = tmp / "manifests";
    const tool_run r = run_brokerwire(tmp, {"manifest", "--registry", dir}, full_json);
    CHECK(r.exit_code == 0);
    CHECK(r.out == dir + "/zccache-1.2.3.v2.pb\n");
    const auto scan = scan_central_registry(dir);
    REQUIRE(scan.ok());
    REQUIRE(scan.value.size() == 1);
    CHECK(scan.value[0].manifest.ok());
    CHECK(load_central_manifest(dir, "zccache", "1.2.3").ok());
}

TEST_CASE("manifest: what the JSON leaves out gets the builder's defaults, what it gives is kept") {
    const temp_dir tmp;
    const std::uint64_t before = now_unix_ms();
    const tool_run r = run_brokerwire(tmp, {"manifest", "--root", tmp / "c"},
                                      R"({"serviceName":"zccache","serviceVersion":"1.2.3"})");
    const std::uint64_t after = now_unix_ms();
    REQUIRE(r.exit_code == 0);
    const v2::cache_manifest m = decoded(read_plain(tmp / "c/.running-process-manifest.v2.pb"));
    CHECK(m.broker_envelope_version == "v2");
    CHECK(m.created_at_unix_ms >= before);
    CHECK(m.created_at_unix_ms <= after);
    CHECK(m.last_active_unix_ms == m.created_at_unix_ms);
    CHECK(m.roots.empty());

    const tool_run kept = run_brokerwire(tmp, {"manifest", "--root", tmp / "d"},
                                         R"({"serviceName":"zccache","serviceVersion":"1.2.3",)"
                                         R"("createdAtUnixMs":"5","brokerEnvelopeVersion":"v3"})");
    REQUIRE(kept.exit_code == 0);
    const v2::cache_manifest k = decoded(read_plain(tmp / "d/.running-process-manifest.v2.pb"));
    CHECK(k.created_at_unix_ms == 5);
    CHECK(k.last_active_unix_ms >= before);
    CHECK(k.broker_envelope_version == "v3");
}

TEST_CASE("manifest: reads FILE as well as standard input") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "m.json", full_json));
    const tool_run r = run_brokerwire(tmp, {"manifest", tmp / "m.json", "--registry", tmp / "r"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == tmp / "r/zccache-1.2.3.v2.pb" + "\n");
}

TEST_CASE("manifest: errors name the field, exit 1, and write nothing") {
    const temp_dir tmp;
    const std::string dir = tmp / "r";
    const tool_run no_name = run_brokerwire(tmp, {"manifest", "--registry", dir}, R"({"serviceVersion":"1.2.3"})");
    CHECK(no_name.exit_code == 1);
    CHECK(no_name.err.find("serviceName is missing") != std::string::npos);
    const tool_run no_version = run_brokerwire(tmp, {"manifest", "--registry", dir}, R"({"serviceName":"zccache"})");
    CHECK(no_version.exit_code == 1);
    CHECK(no_version.err.find("serviceVersion is missing") != std::string::npos);
    const tool_run bad_version =
        run_brokerwire(tmp, {"manifest", "--registry", dir}, R"({"serviceName":"zccache","serviceVersion":"1.x.3"})");
    CHECK(bad_version.exit_code == 1);
    CHECK(bad_version.err.find("service_version") != std::string::npos);
    const tool_run bad_name =
        run_brokerwire(tmp, {"manifest", "--root", dir}, R"({"serviceName":"ZC","serviceVersion":"1.2.3"})");
    CHECK(bad_name.exit_code == 1);
    CHECK(bad_name.err.find("uppercase") != std::string::npos);
    const tool_run unknown = run_brokerwire(tmp, {"manifest", "--root", dir}, R"({"serviceName":"zc","colour":1})");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("colour") != std::string::npos);
    const tool_run bad_kind = run_brokerwire(tmp, {"manifest", "--root", dir},
                                             R"({"serviceName":"zc","serviceVersion":"1.2.3","roots":[{"kind":"CACHE_X"}]})");
    CHECK(bad_kind.exit_code == 1);
    CHECK(bad_kind.err.find("roots") != std::string::npos);
    const tool_run json = run_brokerwire(tmp, {"manifest", "--root", dir}, R"({"serviceName":)");
    CHECK(json.exit_code == 1);
    CHECK(json.err.find("line 1, column 16") != std::string::npos);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{".tool-stderr", ".tool-stdin", ".tool-stdout"});
}

TEST_CASE("manifest: the directory policy is the library's: an open directory of ours is made private, a symlink refused") {
    const temp_dir tmp;
    const std::string open_dir = tmp / "open";
    REQUIRE(::mkdir(open_dir.c_str(), 0700) == 0);
    REQUIRE(::chmod(open_dir.c_str(), 0755) == 0);
    const tool_run r = run_brokerwire(tmp, {"manifest", "--root", open_dir}, full_json);
    CHECK(r.exit_code == 0);
    CHECK(mode_of(open_dir) == 0700);
    CHECK(r.err.find("0755") != std::string::npos);  // and says so

    REQUIRE(::mkdir((tmp / "real").c_str(), 0700) == 0);
    REQUIRE(::symlink((tmp / "real").c_str(), (tmp / "link").c_str()) == 0);
    const tool_run link = run_brokerwire(tmp, {"manifest", "--registry", tmp / "link"}, full_json);
    CHECK(link.exit_code == 1);
    CHECK(link.err.find("symbolic link") != std::string::npos);
    CHECK(list_dir(tmp / "real").empty());
}

TEST_CASE("manifest: usage errors exit 2; --help exits 0") {
    const temp_dir tmp;
    CHECK(run_brokerwire(tmp, {"manifest"}, full_json).exit_code == 2);
    CHECK(run_brokerwire(tmp, {"manifest", "--root", tmp / "a", "--registry", tmp / "b"}, full_json).exit_code == 2);
    CHECK(run_brokerwire(tmp, {"manifest", "--root"}, full_json).exit_code == 2);
    CHECK(run_brokerwire(tmp, {"manifest", "--root", tmp / "a", "x.json", "y.json"}).exit_code == 2);
    CHECK(run_brokerwire(tmp, {"manifest", "--bogus"}).exit_code == 2);
    const tool_run help = run_brokerwire(tmp, {"manifest", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--registry DIR") != std::string::npos);
}
