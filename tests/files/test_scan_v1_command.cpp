// `brokerwire scan` sees what upstream's combined loader sees: the v1
// `<name>.servicedef` files too, typed v1.ServiceDefinition, held to the v1
// rules, and marked when a `<name>.servicedef.v2` overrides them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/messages/service_def_v1.hpp>

#include "tool_runner.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

const char* const v2_json = R"({"serviceName":"zccache","binaryPath":"/opt/zc","isolation":"SHARED_BROKER"})";

void write_v1(const std::string& path, const std::string& name, const std::string& binary) {
    v1::service_definition def;
    def.service_name = name;
    def.binary_path = binary;
    def.isolation = v1::broker_isolation::shared_broker;
    const std::vector<std::uint8_t> bytes = v1::encode(def);
    REQUIRE(write_plain(path, std::string(bytes.begin(), bytes.end())));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
        lines.push_back(text.substr(start, nl - start));
    }
    return lines;
}

}  // namespace

TEST_CASE("scan --json: a v1 file is listed as v1.ServiceDefinition, and one a v2 file overrides says so") {
    const temp_dir tmp;
    const std::string dir = tmp / "s";
    REQUIRE(ensure_private_directory(dir).ok());
    REQUIRE(run_brokerwire(tmp, {"install", "--dir", dir}, v2_json).exit_code == 0);
    write_v1(dir + "/zccache.servicedef", "zccache", "/opt/zc-v1");
    write_v1(dir + "/legacy.servicedef", "legacy", "/opt/legacy");
    const tool_run r = run_brokerwire(tmp, {"scan", "--json", dir});
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == R"({"path":")" + dir + R"(/legacy.servicedef","ok":true,"type":"v1.ServiceDefinition",)"
                      R"("message":{"serviceName":"legacy","binaryPath":"/opt/legacy","isolation":"SHARED_BROKER"}})");
    CHECK(lines[1] == R"({"path":")" + dir + R"(/zccache.servicedef","ok":true,"type":"v1.ServiceDefinition",)"
                      R"("message":{"serviceName":"zccache","binaryPath":"/opt/zc-v1","isolation":"SHARED_BROKER"},)"
                      R"("shadowedBy":"zccache.servicedef.v2"})");
    CHECK(lines[2] == R"({"path":")" + dir + R"(/zccache.servicedef.v2","ok":true,"type":"ServiceDefinition",)"
                      R"("message":)" + v2_json + "}");
}

TEST_CASE("scan: a v1 file that breaks the v1 rules is an error naming the field; the table marks the unused one") {
    const temp_dir tmp;
    const std::string dir = tmp / "s";
    REQUIRE(ensure_private_directory(dir).ok());
    write_v1(dir + "/rel.servicedef", "rel", "bin/rel");
    write_v1(dir + "/zccache.servicedef", "zccache", "/opt/zc-v1");
    REQUIRE(run_brokerwire(tmp, {"install", "--dir", dir}, v2_json).exit_code == 0);
    const tool_run r = run_brokerwire(tmp, {"scan", dir});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("STATE  TYPE                 NAME") != std::string::npos);  // widened for v1.ServiceDefinition
    CHECK(r.out.find("error  v1.ServiceDefinition -") != std::string::npos);
    CHECK(r.out.find("binary_path") != std::string::npos);
    CHECK(r.out.find("ok     v1.ServiceDefinition zccache") != std::string::npos);
    CHECK(r.out.find("unused: the broker reads zccache.servicedef.v2 instead") != std::string::npos);
    CHECK(r.out.find("3 file(s) in") != std::string::npos);
    CHECK(r.out.find("2 ok, 1 with errors") != std::string::npos);
}

TEST_CASE("scan: without v1 files the table keeps its columns") {
    const temp_dir tmp;
    const std::string dir = tmp / "s";
    REQUIRE(run_brokerwire(tmp, {"install", "--dir", dir}, v2_json).exit_code == 0);
    const tool_run r = run_brokerwire(tmp, {"scan", dir});
    CHECK(r.out.find("STATE  TYPE               NAME") != std::string::npos);
}

TEST_CASE("decode and encode know the v1 definition by its catalog name") {
    const temp_dir tmp;
    const tool_run encoded = run_brokerwire(tmp, {"encode", "v1.ServiceDefinition"},
                                            R"({"serviceName":"a","isolation":"EXPLICIT_INSTANCE"})");
    REQUIRE(encoded.exit_code == 0);
    CHECK(encoded.out == std::string("\x0a\x01" "a" "\x18\x02", 5));
    REQUIRE(write_plain(tmp / "a.bin", encoded.out));
    const tool_run decoded = run_brokerwire(tmp, {"decode", "running_process.broker.v1.ServiceDefinition", tmp / "a.bin"});
    CHECK(decoded.exit_code == 0);
    CHECK(decoded.out == R"({"serviceName":"a","isolation":"EXPLICIT_INSTANCE"})" "\n");
}
