// The benchmark samples (bench/data/*.bin) decode to the values they were
// made from, and re-encode to the same bytes (docs/contract.md, "Encoding":
// one message, one encoding).
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "wire_builder.hpp"

using brokerwire::bytes_view;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

namespace {

std::string sample(const std::string& stem) {
    std::ifstream in(std::string(BROKERWIRE_SOURCE_ROOT) + "/bench/data/" + stem + ".bin", std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing sample " << stem);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Decodes a sample (owning and view), checks the byte-identical re-encoding,
// and returns the owning message.
template <typename T>
T decode_sample(const std::string& stem) {
    const std::string bytes = sample(stem);
    const T m = brokerwire::test::decoded<T>(bytes);
    CHECK(m.unknown_fields.empty());
    CHECK(brokerwire::test::as_string(encode(m)) == bytes);
    CHECK(encoded_size(m) == bytes.size());
    return m;
}

}  // namespace

TEST_CASE("sample ready.bin is BackendHttpReady port 49152") {
    CHECK(decode_sample<v2::backend_http_ready>("ready").port == 49152);
}

TEST_CASE("sample endpoint_resp.bin is port 8765, pid 412345") {
    const auto m = decode_sample<v2::get_broker_http_endpoint_response>("endpoint_resp");
    CHECK(m.port == 8765);
    CHECK(m.pid == 412345);
}

TEST_CASE("sample frame_ready.bin is a v1 request frame carrying BackendHttpReady") {
    const v1::frame f = decode_sample<v1::frame>("frame_ready");
    CHECK(f.envelope_version == 1);
    CHECK(f.kind == v1::frame_kind::request);
    CHECK(f.payload_protocol == 0);
    CHECK(f.request_id == 77);
    v2::backend_http_ready ready;
    REQUIRE(decode(bytes_view(f.payload), ready).ok());
    CHECK(ready.port == 49152);
}

TEST_CASE("sample servicedef.bin is the zccache service definition") {
    const auto d = decode_sample<v2::service_definition>("servicedef");
    CHECK(d.service_name == "zccache");
    CHECK(d.binary_path == "/home/builder/.local/share/running-process/bin/zccache/1.4.2/zccache");
    CHECK(d.isolation == v2::broker_isolation::explicit_instance);
    CHECK(d.explicit_instance == "ci-trusted");
    CHECK(d.per_version_binary_dir == "/home/builder/.local/share/running-process/bin/zccache");
    CHECK(d.min_version == "1.2.0");
    CHECK(d.version_allow_list == std::vector<std::string>{"1.2.0", "1.3.1", "1.4.2"});
    CHECK(d.labels == std::map<std::string, std::string>{
                          {"owner", "cache-platform"}, {"region", "eu-west-1"}, {"team", "build-infra"}, {"tier", "gold"}});
    REQUIRE(d.http_server.has_value());
    CHECK(d.http_server->bind_addr == "127.0.0.1");
    CHECK(d.http_server->health_path == "/healthz");
    CHECK(d.http_server->display_name == "zccache status");
}

TEST_CASE("sample manifest.bin is the zccache cache manifest with four roots") {
    const auto m = decode_sample<v2::cache_manifest>("manifest");
    CHECK(m.service_name == "zccache");
    CHECK(m.service_version == "1.4.2");
    CHECK(m.broker_envelope_version == "v2");
    CHECK(m.created_at_unix_ms == 1763800000000u);
    CHECK(m.last_active_unix_ms == 1763800123456u);
    REQUIRE(m.roots.size() == 4);
    // The sample's kinds are 1 to 4, which upstream's CacheRootKind numbers DATA, LOGS, LOCKS,
    // RUNTIME; its directory names were chosen under an older numbering and are kept, since
    // the bytes of a benchmark sample do not change.
    const v2::cache_root_kind kinds[4] = {v2::cache_root_kind::cache_data, v2::cache_root_kind::cache_logs,
                                          v2::cache_root_kind::cache_locks, v2::cache_root_kind::cache_runtime};
    const char* dirs[4] = {"data", "index", "logs", "tmp"};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(m.roots[i].kind == kinds[i]);
        CHECK(m.roots[i].path == std::string("/home/builder/.cache/zccache/") + dirs[i]);
    }
    CHECK(m.broker_instance == "shared");
    CHECK(m.bundle_id == "soldr-toolchain");
}

TEST_CASE("sample session_start.bin is a rustc SessionStart with a cleared environment") {
    const auto s = decode_sample<v2::session_start>("session_start");
    CHECK(s.program == "rustc");
    REQUIRE(s.args.size() == 12);
    CHECK(s.args.front() == "--crate-name");
    CHECK(s.args.back() == "/home/builder/src/zccache/target/release/deps");
    CHECK(s.cwd == "/home/builder/src/zccache");
    REQUIRE(s.env.size() == 30);
    CHECK(s.env[0].key == "PATH");
    CHECK(s.env[20].key == "CARGO_ENCODED_RUSTFLAGS");
    CHECK(s.env[20].value == "-C\x1ftarget-cpu=x86-64-v2\x1f-C\x1flink-arg=-fuse-ld=lld");
    CHECK(s.env.back().key == "LD_LIBRARY_PATH");
    CHECK(s.clear_inherited_env);
    CHECK(s.environment_policy == v2::environment_policy::clear);
}

TEST_CASE("sample session_stdout_64k.bin is a SessionFrame with 64 KiB of stdout") {
    const std::string bytes = sample("session_stdout_64k");
    const auto f = decode_sample<v2::session_frame>("session_stdout_64k");
    REQUIRE(f.stdout_bytes() != nullptr);
    CHECK(f.stdout_bytes()->size() == 65536);
    CHECK(*f.stdout_bytes() == bytes.substr(4));
    v2::session_frame_view view;
    REQUIRE(decode(bytes_view(bytes), view).ok());
    REQUIRE(view.stdout_bytes() != nullptr);
    CHECK(view.stdout_bytes()->data() == bytes.data() + 4);  // zero-copy: points into the input
}
