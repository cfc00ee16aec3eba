// docs/contract.md, "Loading and scanning": loading checks the name, reads
// only small regular files, decodes, and refuses a definition whose content
// names another service; scanning returns every file with its own verdict.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

std::string encoded(const v2::service_definition& def) {
    const std::vector<std::uint8_t> b = v2::encode(def);
    return std::string(b.begin(), b.end());
}

v2::service_definition named(const std::string& name) {
    return service_definition_builder::private_broker(name, "/bin/" + name).build().value;
}

}  // namespace

TEST_CASE("load: a written definition loads back equal") {
    const temp_dir tmp;
    const auto def = full_definition();
    REQUIRE(write_service_definition(tmp.path(), def.value).ok());
    const auto loaded = load_service_definition(tmp.path(), "zccache");
    REQUIRE(loaded.ok());
    CHECK(loaded.value == def.value);
    const service_definition_loader loader(tmp.path());
    CHECK(loader.load("zccache").value == def.value);
}

TEST_CASE("load: the name is validated before any file is touched") {
    const temp_dir tmp;
    const auto loaded = load_service_definition(tmp.path(), "../../etc/shadow");
    CHECK(loaded.error.kind == file_errc::invalid_name);
}

TEST_CASE("load: a missing file is io ENOENT naming the path") {
    const temp_dir tmp;
    const auto loaded = load_service_definition(tmp.path(), "absent");
    CHECK(loaded.error.kind == file_errc::io);
    CHECK(loaded.error.sys_errno == ENOENT);
    CHECK(loaded.error.path == tmp / "absent.servicedef.v2");
}

TEST_CASE("load: a file whose name and content disagree is name_mismatch with both names") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "alpha.servicedef.v2", encoded(named("beta"))));
    const auto loaded = load_service_definition(tmp.path(), "alpha");
    CHECK(loaded.error.kind == file_errc::name_mismatch);
    CHECK(loaded.error.subject == "alpha");
    CHECK(loaded.error.other == "beta");
    CHECK(to_string(loaded.error) ==
          "\"" + (tmp / "alpha.servicedef.v2") + "\": file is named for \"alpha\" but holds \"beta\"");
}

TEST_CASE("load: a truncated file is a decode error with the offset") {
    const temp_dir tmp;
    const std::string whole = encoded(full_definition().value);
    REQUIRE(write_plain(tmp / "zccache.servicedef.v2", whole.substr(0, whole.size() - 5)));
    const auto loaded = load_service_definition(tmp.path(), "zccache");
    CHECK(loaded.error.kind == file_errc::decode);
    CHECK(loaded.error.subject == "ServiceDefinition");
    CHECK(!loaded.error.decode_status.ok());
    CHECK(loaded.error.decode_status.offset > 0);
    CHECK(to_string(loaded.error).find("cannot decode ServiceDefinition") != std::string::npos);
}

TEST_CASE("load: a file over 1 MiB is too_large, refused before reading") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "big.servicedef.v2", std::string(max_file_size + 1, '\0')));
    const auto loaded = load_service_definition(tmp.path(), "big");
    CHECK(loaded.error.kind == file_errc::too_large);
    CHECK(loaded.error.size == max_file_size + 1);
    CHECK(loaded.error.limit == max_file_size);
}

TEST_CASE("load: exactly 1 MiB is still read") {
    const temp_dir tmp;
    // A length-delimited unknown field (number 99) padding the file to the limit.
    std::string bytes = encoded(named("edge"));
    const std::size_t pad = max_file_size - bytes.size() - 5;
    bytes += "\x9a\x06";  // key: field 99, wire type 2
    bytes += static_cast<char>(0x80 | (pad & 0x7f));
    bytes += static_cast<char>(0x80 | ((pad >> 7) & 0x7f));
    bytes += static_cast<char>(pad >> 14);
    bytes += std::string(pad, 'x');
    REQUIRE(bytes.size() == max_file_size);
    REQUIRE(write_plain(tmp / "edge.servicedef.v2", bytes));
    const auto loaded = load_service_definition(tmp.path(), "edge");
    REQUIRE(loaded.ok());
    CHECK(loaded.value.service_name == "edge");
}

TEST_CASE("load: a symlink is not_regular_file, even to a valid definition") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "real.bin", encoded(named("link"))));
    REQUIRE(::symlink((tmp / "real.bin").c_str(), (tmp / "link.servicedef.v2").c_str()) == 0);
    const auto loaded = load_service_definition(tmp.path(), "link");
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    CHECK(loaded.error.subject == "symlink");
}

TEST_CASE("load: a FIFO is not_regular_file and never blocks") {
    const temp_dir tmp;
    REQUIRE(::mkfifo((tmp / "pipe.servicedef.v2").c_str(), 0600) == 0);
    const auto loaded = load_service_definition(tmp.path(), "pipe");
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    CHECK(loaded.error.subject == "fifo");
}

TEST_CASE("load: a directory named like a definition is not_regular_file") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "dir.servicedef.v2").c_str(), 0700) == 0);
    const auto loaded = load_service_definition(tmp.path(), "dir");
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    CHECK(loaded.error.subject == "directory");
}

TEST_CASE("load: a socket named like a definition is not_regular_file") {
    const temp_dir tmp;
    const std::string path = tmp / "sock.servicedef.v2";
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    path.copy(addr.sun_path, path.size());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    const auto loaded = load_service_definition(tmp.path(), "sock");
    ::close(fd);
    CHECK(loaded.error.kind == file_errc::not_regular_file);
    CHECK(loaded.error.subject == "socket");
}

TEST_CASE("load: a definition in a world-writable directory is refused") {
    const temp_dir tmp;
    REQUIRE(write_service_definition(tmp / "d", named("svc")).ok());
    REQUIRE(::chmod((tmp / "d").c_str(), 0777) == 0);
    const auto loaded = load_service_definition(tmp / "d", "svc");
    CHECK(loaded.error.kind == file_errc::insecure_directory);
    CHECK(loaded.error.mode == 0777);
}

TEST_CASE("directory policy: loading from a 0755 directory is refused, as upstream's v1 loader refuses it") {
    const temp_dir tmp;
    REQUIRE(write_service_definition(tmp / "d", named("svc")).ok());
    REQUIRE(::chmod((tmp / "d").c_str(), 0755) == 0);
    const auto loaded = load_service_definition(tmp / "d", "svc");
    CHECK(loaded.error.kind == file_errc::insecure_directory);
    CHECK(loaded.error.mode == 0755);
    CHECK(scan_service_definitions(tmp / "d").error.kind == file_errc::insecure_directory);
    CHECK(testing::mode_of(tmp / "d") == 0755);  // readers never change the mode
}

TEST_CASE("scan: one entry per *.servicedef.v2 file, sorted, a corrupt one among good ones") {
    const temp_dir tmp;
    REQUIRE(write_service_definition(tmp.path(), named("alpha")).ok());
    REQUIRE(write_service_definition(tmp.path(), named("gamma")).ok());
    REQUIRE(write_plain(tmp / "beta.servicedef.v2", std::string("\x0a\xff\xff\xff", 4)));
    REQUIRE(write_plain(tmp / "Upper.servicedef.v2", encoded(named("upper"))));
    REQUIRE(write_plain(tmp / "delta.servicedef.v2", encoded(named("epsilon"))));
    REQUIRE(write_plain(tmp / "notes.txt", "ignored"));
    REQUIRE(write_plain(tmp / "alpha.servicedef", "v1 file, ignored"));
    const auto scan = scan_service_definitions(tmp.path());
    REQUIRE(scan.ok());
    REQUIRE(scan.value.size() == 5);
    CHECK(scan.value[0].path == tmp / "Upper.servicedef.v2");
    CHECK(scan.value[0].definition.error.name_issue == name_problem::uppercase);
    CHECK(scan.value[0].definition.error.path == tmp / "Upper.servicedef.v2");
    CHECK(scan.value[1].path == tmp / "alpha.servicedef.v2");
    CHECK(scan.value[1].definition.value.service_name == "alpha");
    CHECK(scan.value[2].path == tmp / "beta.servicedef.v2");
    CHECK(scan.value[2].definition.error.kind == file_errc::decode);
    CHECK(scan.value[3].definition.error.kind == file_errc::name_mismatch);
    CHECK(scan.value[4].definition.ok());
    CHECK(scan.value[4].definition.value.service_name == "gamma");
}

TEST_CASE("scan: an empty directory is an empty list; an insecure one is the error") {
    const temp_dir tmp;
    const service_definition_loader loader(tmp.path());
    const auto empty = loader.scan();
    REQUIRE(empty.ok());
    CHECK(empty.value.empty());
    REQUIRE(::mkdir((tmp / "open").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "open").c_str(), 0722) == 0);
    CHECK(scan_service_definitions(tmp / "open").error.kind == file_errc::insecure_directory);
}

TEST_CASE("manifest read-back: root and central manifests load back equal") {
    const temp_dir tmp;
    const auto m = full_manifest();
    REQUIRE(write_to_root(tmp / "cache", m.value).ok());
    REQUIRE(write_to_central_in_dir(tmp / "reg", m.value).ok());
    const auto root = load_root_manifest(tmp / "cache");
    REQUIRE(root.ok());
    CHECK(root.value == m.value);
    const auto central = load_central_manifest(tmp / "reg", "zccache", "1.2.3");
    REQUIRE(central.ok());
    CHECK(central.value == m.value);
}

TEST_CASE("manifest read-back: a central manifest holding another version is name_mismatch") {
    const temp_dir tmp;
    REQUIRE(write_to_central_in_dir(tmp.path(), full_manifest().value).ok());
    REQUIRE(::rename((tmp / "zccache-1.2.3.v2.pb").c_str(), (tmp / "zccache-2.0.0.v2.pb").c_str()) == 0);
    const auto loaded = load_central_manifest(tmp.path(), "zccache", "2.0.0");
    CHECK(loaded.error.kind == file_errc::name_mismatch);
    CHECK(loaded.error.subject == "zccache-2.0.0");
    CHECK(loaded.error.other == "zccache-1.2.3");
}

TEST_CASE("manifest read-back: a symlinked root manifest is not_regular_file") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "elsewhere", ""));
    REQUIRE(::symlink((tmp / "elsewhere").c_str(), (tmp / ".running-process-manifest.v2.pb").c_str()) == 0);
    CHECK(load_root_manifest(tmp.path()).error.kind == file_errc::not_regular_file);
}

TEST_CASE("manifest scan: every *.v2.pb entry with its own verdict, named after its content") {
    const temp_dir tmp;
    const auto m = full_manifest();
    REQUIRE(write_to_central_in_dir(tmp.path(), m.value).ok());
    const auto other = cache_manifest_builder("other", "0.1.0-beta").build();
    REQUIRE(write_to_central_in_dir(tmp.path(), other.value).ok());
    REQUIRE(write_plain(tmp / "broken-1.0.0.v2.pb", "\x08"));
    std::vector<std::uint8_t> bytes = v2::encode(m.value);
    REQUIRE(write_plain(tmp / "renamed-9.9.9.v2.pb", std::string(bytes.begin(), bytes.end())));
    REQUIRE(write_plain(tmp / std::string(root_manifest_file), std::string(bytes.begin(), bytes.end())));
    const auto scan = scan_central_registry(tmp.path());
    REQUIRE(scan.ok());
    REQUIRE(scan.value.size() == 4);
    CHECK(scan.value[0].path == tmp / "broken-1.0.0.v2.pb");
    CHECK(scan.value[0].manifest.error.kind == file_errc::decode);
    CHECK(scan.value[1].manifest.value.service_name == "other");
    CHECK(scan.value[2].manifest.error.kind == file_errc::name_mismatch);
    CHECK(scan.value[2].manifest.error.other == "zccache-1.2.3");
    CHECK(scan.value[3].manifest.value == m.value);
}

TEST_CASE("directory policy: a missing services or registry directory scans as empty, as upstream's does") {
    const temp_dir tmp;
    REQUIRE(write_plain(tmp / "file", "not a directory"));
    for (const std::string& missing : {tmp / "missing", tmp / "missing/deeper", tmp / "file/below"}) {
        CAPTURE(missing);
        const auto defs = scan_service_definitions(missing);
        REQUIRE(defs.ok());
        CHECK(defs.value.empty());
        const auto manifests = scan_central_registry(missing);
        REQUIRE(manifests.ok());
        CHECK(manifests.value.empty());
    }
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"file"});  // scanning creates nothing
    // Something that exists but is no directory is still an error.
    CHECK(scan_service_definitions(tmp / "file").error.sys_errno == ENOTDIR);
}

TEST_CASE("directory policy: a symlinked or foreign directory is refused by the readers too") {
    const temp_dir tmp;
    REQUIRE(write_service_definition(tmp / "real", named("svc")).ok());
    REQUIRE(::symlink((tmp / "real").c_str(), (tmp / "link").c_str()) == 0);
    CHECK(load_service_definition(tmp / "link", "svc").error.kind == file_errc::symlinked_directory);
    CHECK(scan_service_definitions(tmp / "link").error.kind == file_errc::symlinked_directory);
    CHECK(scan_central_registry(tmp / "link").error.kind == file_errc::symlinked_directory);
    CHECK(load_root_manifest(tmp / "link").error.kind == file_errc::symlinked_directory);
    if (::geteuid() == 0) {
        REQUIRE(::chown((tmp / "real").c_str(), 65534, 65534) == 0);
        CHECK(load_service_definition(tmp / "real", "svc").error.kind == file_errc::foreign_directory);
        CHECK(scan_service_definitions(tmp / "real").error.kind == file_errc::foreign_directory);
    }
}
