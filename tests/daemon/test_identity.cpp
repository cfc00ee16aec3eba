// The daemon identity: its wire form, its serde JSON, its identity file.
// Each TEST_CASE that restates an upstream test names it (upstream:
// zackees/running-process, crates/running-process/src/...).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "brokerwire/broker/current_daemon.hpp"
#include "brokerwire/broker/daemon_identity.hpp"
#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/broker/daemon_identity_json.hpp"
#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/hash/blake3.hpp"
#include "brokerwire/hash/sha256.hpp"
#include "brokerwire/messages/probe.hpp"
#include "daemon/daemon_samples.hpp"
#include "files/temp_dir.hpp"

namespace bw = brokerwire;
namespace broker = brokerwire::broker;
using daemon_samples::upstream_identity;
using daemon_samples::unhex;
using brokerwire::files::testing::temp_dir;
using brokerwire::files::testing::write_plain;
using brokerwire::files::testing::read_plain;

namespace {

// serde_json::to_string_pretty(&upstream_identity()), laid out by hand from
// serde_json's PrettyFormatter rules (two-space indent, one array element
// per line, no final newline).
const std::string upstream_identity_json =
    "{\n"
    "  \"pid\": 1234,\n"
    "  \"exe_path\": \"runtime/soldr-self/v0.8.44-deadbeef/soldr.exe\",\n"
    "  \"exe_hash_algorithm\": \"blake3\",\n"
    "  \"exe_hash\": [\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66,\n"
    "    66\n"
    "  ],\n"
    "  \"legacy_exe_sha256\": [\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36,\n"
    "    36\n"
    "  ],\n"
    "  \"boot_id\": \"boot-1\",\n"
    "  \"ipc_endpoint\": {\n"
    "    \"namespace_id\": \"ns\",\n"
    "    \"path\": \"rpb-v2-soldr-daemon-0123456789abcdef-0\"\n"
    "  },\n"
    "  \"started_at_unix_ms\": 1,\n"
    "  \"idle_timeout_secs\": 600\n"
    "}";

// The same JSON without its legacy_exe_sha256 member: what 4.10.3 and
// earlier wrote.
std::string without_legacy(const std::string& json) {
    const std::size_t start = json.find("  \"legacy_exe_sha256\"");
    const std::size_t end = json.find("  \"boot_id\"");
    return json.substr(0, start) + json.substr(end);
}

broker::daemon_identity this_process() {
    bw::v1::endpoint ep;
    ep.namespace_id = "sidecar-test";
    ep.path = "/tmp/sidecar-test.sock";
    bw::files::file_result<broker::daemon_identity> d = broker::current_daemon_identity(ep, 30);
    REQUIRE_MESSAGE(d.ok(), bw::files::to_string(d.error));
    return d.value;
}

broker::identity_json_status read_json(const std::string& text, broker::daemon_identity& out) {
    return broker::read_identity_json(text, out);
}

}  // namespace

// ---- wire form (backend_lifecycle/identity.rs) ----

TEST_CASE("wire form: to_proto encodes as prost does, fields in tag order") {
    const std::vector<std::uint8_t> bytes = bw::v1::encode(broker::to_proto(upstream_identity()));
    CHECK(std::string(bytes.begin(), bytes.end()) == daemon_samples::upstream_identity_wire());
}

// identity.rs blake3_identity_dual_writes_a_legacy_sha256_for_stable_brokers
TEST_CASE("identity.rs: blake3_identity_dual_writes_a_legacy_sha256_for_stable_brokers") {
    const broker::daemon_identity d = upstream_identity();
    const std::string encoded = broker::encode_probe_identity(d);
    CHECK(encoded == daemon_samples::upstream_identity_wire() + daemon_samples::legacy_trailer());
    // A current reader skips the reserved field 3 ...
    bw::v1::daemon_process current;
    REQUIRE(bw::v1::decode(bw::bytes_view(encoded), current).ok());
    CHECK(current.exe_hash_algorithm == "blake3");
    // ... and it is the last field, 1a 20 + the 32-byte digest.
    CHECK(encoded.substr(encoded.size() - 34, 2) == unhex("1a20"));
    CHECK(encoded.substr(encoded.size() - 32) == std::string(32, '\x24'));
}

// identity.rs exe_sha256_survives_the_manifest_wire_round_trip
TEST_CASE("identity.rs: exe_sha256_survives_the_manifest_wire_round_trip") {
    const broker::daemon_identity original = upstream_identity(0x42);
    const bw::v1::daemon_process proto = broker::to_proto(original);
    CHECK(proto.exe_hash_algorithm == "blake3");
    CHECK(proto.exe_hash.size() == 32);
    broker::daemon_identity restored;
    REQUIRE(broker::from_proto(proto, restored).ok());
    broker::daemon_identity expected = original;
    expected.legacy_exe_sha256.fill(0);  // the legacy probe field is not persisted
    CHECK(restored == expected);
}

// identity.rs legacy_sha256_wire_identity_is_rejected_actionably
TEST_CASE("identity.rs: legacy_sha256_wire_identity_is_rejected_actionably") {
    bw::v1::daemon_process legacy;
    legacy.pid = 1234;
    legacy.exe_path = "legacy-daemon";
    legacy.ipc_endpoint = bw::v1::endpoint{};
    legacy.ipc_endpoint->namespace_id = "ns";
    legacy.ipc_endpoint->path = "legacy.sock";
    legacy.started_at_unix_ms = 1;
    legacy.boot_id = "boot-1";
    broker::daemon_identity out;
    const broker::identity_status s = broker::from_proto(legacy, out);
    CHECK(s.code == broker::identity_errc::unsupported_hash_algorithm);
    CHECK(s.algorithm.empty());
    CHECK(broker::to_string(s).find("expected blake3") != std::string::npos);
}

TEST_CASE("wire form: a missing endpoint, then a digest of the wrong length, are refused in upstream's order") {
    bw::v1::daemon_process m = broker::to_proto(upstream_identity());
    m.ipc_endpoint.reset();
    m.exe_hash_algorithm = "sha256";
    broker::daemon_identity out;
    CHECK(broker::to_string(broker::from_proto(m, out)) == "daemon process is missing ipc_endpoint");
    m = broker::to_proto(upstream_identity());
    m.exe_hash.resize(31);
    CHECK(broker::to_string(broker::from_proto(m, out)) == "daemon process exe_hash must be 32 bytes, got 31");
}

// identity.rs distinct_builds_get_distinct_identities
TEST_CASE("identity.rs: distinct_builds_get_distinct_identities") {
    const broker::daemon_identity a = upstream_identity(0xAA);
    broker::daemon_identity b = upstream_identity(0xAA);
    b.exe_hash[0] = 0xBB;
    CHECK(a != b);
    CHECK(a == upstream_identity(0xAA));
    CHECK(broker::first_identity_mismatch(a, b) == "exe_hash");
}

TEST_CASE("first_identity_mismatch checks pid, exe_path, exe_hash, boot_id, endpoint in that order") {
    const broker::daemon_identity e = upstream_identity();
    broker::daemon_identity a = e;
    a.started_at_unix_ms = 99;
    a.idle_timeout_secs.reset();
    a.legacy_exe_sha256.fill(0);
    CHECK(broker::first_identity_mismatch(e, a).empty());
    a.ipc_endpoint.namespace_id = "other";
    CHECK(broker::first_identity_mismatch(e, a) == "ipc_endpoint");
    a.boot_id = "boot-2";
    CHECK(broker::first_identity_mismatch(e, a) == "boot_id");
    a.exe_path = "x";
    CHECK(broker::first_identity_mismatch(e, a) == "exe_path");
    a.pid = 1;
    CHECK(broker::first_identity_mismatch(e, a) == "pid");
}

// ---- this process (identity.rs current_process) ----

// identity.rs executable_identity_hash_uses_blake3
TEST_CASE("identity.rs: executable_identity_hash_uses_blake3") {
    temp_dir dir;
    const std::string path = dir / "fixture";
    REQUIRE(write_plain(path, "daemon image bytes"));
    bw::files::file_result<broker::executable_digests> d = broker::hash_executable(path);
    REQUIRE(d.ok());
    CHECK(d.value.blake3 == bw::hash::blake3_of(bw::bytes_view(std::string("daemon image bytes"))));
    CHECK(d.value.sha256 == bw::hash::sha256_of(bw::bytes_view(std::string("daemon image bytes"))));
}

TEST_CASE("current_daemon_identity: pid, executable, both digests, boot id, endpoint, start time") {
    const std::uint64_t before = broker::unix_now_ms();
    const broker::daemon_identity d = this_process();
    CHECK(d.pid == static_cast<std::uint32_t>(::getpid()));
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe);
    REQUIRE(n > 0);
    CHECK(d.exe_path == std::string(exe, static_cast<std::size_t>(n)));
    bw::files::file_result<broker::executable_digests> digests = broker::hash_executable(d.exe_path);
    REQUIRE(digests.ok());
    CHECK(d.exe_hash == digests.value.blake3);
    CHECK(d.legacy_exe_sha256 == digests.value.sha256);
    CHECK(d.boot_id == broker::host_boot_id());
    CHECK_FALSE(d.boot_id.empty());
    CHECK(d.ipc_endpoint.path == "/tmp/sidecar-test.sock");
    CHECK(d.idle_timeout_secs == std::optional<std::uint32_t>(30));
    CHECK(d.started_at_unix_ms >= before);
}

// ---- serde JSON (identity.rs DaemonProcessSerde) ----

TEST_CASE("serde JSON: written byte for byte as serde_json::to_string_pretty") {
    std::string out;
    REQUIRE(broker::write_identity_json(upstream_identity(), out).ok());
    CHECK(out == upstream_identity_json);
}

TEST_CASE("serde JSON: no idle timeout is written as null") {
    broker::daemon_identity d = upstream_identity();
    d.idle_timeout_secs.reset();
    std::string out;
    REQUIRE(broker::write_identity_json(d, out).ok());
    const std::string tail = "\n  \"idle_timeout_secs\": null\n}";
    CHECK(out.substr(out.size() - tail.size()) == tail);
}

TEST_CASE("serde JSON: strings are escaped as serde_json escapes them") {
    broker::daemon_identity d = upstream_identity();
    d.exe_path = std::string("a\"b\\c\n\x01\x7f/é", 11);
    std::string out;
    REQUIRE(broker::write_identity_json(d, out).ok());
    CHECK(out.find(R"("exe_path": "a\"b\\c\n\u0001)" "\x7f" "/é\",") != std::string::npos);
}

TEST_CASE("serde JSON: a path that is not UTF-8 has no JSON form") {
    broker::daemon_identity d = upstream_identity();
    d.exe_path = "bad\xff";
    std::string out;
    const broker::identity_json_status s = broker::write_identity_json(d, out);
    CHECK(s.code == broker::identity_json_errc::not_utf8);
    CHECK(s.field == "exe_path");
    CHECK(out.empty());
}

TEST_CASE("serde JSON: read back, every field") {
    broker::daemon_identity d;
    REQUIRE(read_json(upstream_identity_json, d).ok());
    CHECK(d == upstream_identity());
}

// identity.rs pre_4_10_4_json_defaults_the_missing_legacy_sha256
TEST_CASE("identity.rs: pre_4_10_4_json_defaults_the_missing_legacy_sha256") {
    broker::daemon_identity restored;
    REQUIRE(read_json(without_legacy(upstream_identity_json), restored).ok());
    broker::daemon_identity expected = upstream_identity(0x42);
    expected.legacy_exe_sha256.fill(0);
    CHECK(restored == expected);
}

TEST_CASE("serde JSON: members in any order, unknown members ignored, idle timeout absent or null") {
    const std::string text = R"({"boot_id":"b","future":{"x":[1,2.5,null]},"ipc_endpoint":{"path":"/s","namespace_id":"","extra":1},)"
                             R"("pid":7,"exe_path":"/e","exe_hash_algorithm":"blake3","started_at_unix_ms":18446744073709551615,)"
                             R"("exe_hash":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,255]})";
    broker::daemon_identity d;
    REQUIRE(read_json(text, d).ok());
    CHECK(d.pid == 7);
    CHECK(d.exe_hash[31] == 255);
    CHECK(d.started_at_unix_ms == 18446744073709551615ull);
    CHECK_FALSE(d.idle_timeout_secs);
    CHECK(d.ipc_endpoint.path == "/s");
    std::string with_null = text;
    with_null.insert(1, "\"idle_timeout_secs\":null,");
    REQUIRE(read_json(with_null, d).ok());
    CHECK_FALSE(d.idle_timeout_secs);
}

TEST_CASE("serde JSON: a struct written as a sequence of its fields is read too (serde's derive accepts it)") {
    std::string digest = "[";
    for (int i = 0; i < 32; ++i) digest += (i ? ",66" : "66");
    digest += "]";
    const std::string seq = "[1234,\"runtime/soldr-self/v0.8.44-deadbeef/soldr.exe\",\"blake3\"," + digest + "," +
                            digest + ",\"boot-1\",[\"ns\",\"rpb-v2-soldr-daemon-0123456789abcdef-0\"],1,600]";
    broker::daemon_identity d;
    REQUIRE(read_json(seq, d).ok());
    broker::daemon_identity expected = upstream_identity();
    expected.legacy_exe_sha256.fill(0x42);
    CHECK(d == expected);
    // Eight elements: serde's visit_seq needs every field that has no default.
    const std::string short_seq = seq.substr(0, seq.rfind(',')) + "]";
    const broker::identity_json_status s = read_json(short_seq, d);
    CHECK(s.code == broker::identity_json_errc::invalid_length);
}

TEST_CASE("serde JSON: each refusal says which rule and where") {
    broker::daemon_identity d;
    struct refusal {
        std::string text;
        broker::identity_json_errc code;
        const char* field;
    };
    auto replace = [](std::string s, const std::string& from, const std::string& to) {
        const std::size_t at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    const std::string& j = upstream_identity_json;
    using e = broker::identity_json_errc;
    const refusal cases[] = {
        {"not json", e::syntax, ""},
        {"[]", e::invalid_length, ""},
        {"\"x\"", e::invalid_type, ""},
        {replace(j, "\"pid\": 1234", "\"pid\": 1234.0"), e::invalid_type, "pid"},
        {replace(j, "\"pid\": 1234", "\"pid\": -1"), e::invalid_value, "pid"},
        {replace(j, "\"pid\": 1234", "\"pid\": -0"), e::invalid_type, "pid"},
        {replace(j, "\"pid\": 1234", "\"pid\": 4294967296"), e::invalid_value, "pid"},
        {replace(j, "\"pid\": 1234", "\"pid\": \"1234\""), e::invalid_type, "pid"},
        {replace(j, "\"pid\": 1234", "\"pid\": 1e3"), e::invalid_type, "pid"},
        {replace(j, "\"pid\": 1234,", ""), e::missing_field, "pid"},
        // serde refuses a known member twice; json::parse already refuses any key twice.
        {replace(j, "\"pid\": 1234,", "\"pid\": 1234, \"pid\": 1234,"), e::syntax, ""},
        {replace(j, "\"blake3\"", "\"sha256\""), e::invalid_value, "exe_hash_algorithm"},
        {replace(j, "66,\n", "256,\n"), e::invalid_value, "exe_hash[0]"},
        {replace(j, "66,\n", ""), e::invalid_length, "exe_hash"},
        {replace(j, "\"legacy_exe_sha256\": [", "\"legacy_exe_sha256\": null, \"x\": ["), e::invalid_type, "legacy_exe_sha256"},
        {replace(j, "\"ns\",", "7,"), e::invalid_type, "ipc_endpoint.namespace_id"},
        {replace(j, "\"namespace_id\": \"ns\",", ""), e::missing_field, "ipc_endpoint.namespace_id"},
        {replace(j, "\"idle_timeout_secs\": 600", "\"idle_timeout_secs\": true"), e::invalid_type, "idle_timeout_secs"},
        {replace(j, "  \"boot_id\": \"boot-1\",\n", ""), e::missing_field, "boot_id"},
    };
    for (const refusal& r : cases) {
        const broker::identity_json_status s = read_json(r.text, d);
        CAPTURE(r.text);
        CAPTURE(broker::to_string(s));
        CHECK(s.code == r.code);
        CHECK(s.field == r.field);
        CHECK(broker::to_string(s).size() > 4);
    }
    CHECK(broker::to_string(read_json(replace(j, "\"pid\": 1234,", ""), d)) == "missing field `pid` (line 1, column 1)");
}

// ---- the identity file (backend_sdk/identity_file.rs) ----

// identity_file.rs identity_round_trips_through_sidecar
TEST_CASE("identity_file.rs: identity_round_trips_through_sidecar") {
    temp_dir dir;
    const std::string path = dir / "daemon-identity.json";
    const broker::daemon_identity daemon = this_process();
    REQUIRE(broker::write_daemon_identity_file(path, daemon).ok());
    CHECK(brokerwire::files::testing::list_dir(dir.path()) == std::vector<std::string>{"daemon-identity.json"});
    const std::string json = read_plain(path);
    // "persisted identities must self-describe the executable hash contract"
    CHECK(json.find(R"("exe_hash_algorithm": "blake3")") != std::string::npos);
    CHECK(broker::read_daemon_identity_file(path) == std::optional<broker::daemon_identity>(daemon));
    const broker::identity_file_read r = broker::try_read_daemon_identity_file(path);
    REQUIRE(r.ok());
    CHECK(r.identity == std::optional<broker::daemon_identity>(daemon));

    broker::remove_daemon_identity_file(path);
    CHECK_FALSE(broker::read_daemon_identity_file(path));
    const broker::identity_file_read absent = broker::try_read_daemon_identity_file(path);
    CHECK(absent.ok());
    CHECK_FALSE(absent.identity);
}

// identity_file.rs malformed_sidecar_is_tolerated_by_read_and_reported_by_try_read
TEST_CASE("identity_file.rs: malformed_sidecar_is_tolerated_by_read_and_reported_by_try_read") {
    temp_dir dir;
    const std::string path = dir / "daemon-identity.json";
    REQUIRE(write_plain(path, "not json"));
    CHECK_FALSE(broker::read_daemon_identity_file(path));
    const broker::identity_file_read r = broker::try_read_daemon_identity_file(path);
    CHECK_FALSE(r.ok());
    CHECK(r.json.code == broker::identity_json_errc::syntax);
    CHECK(broker::to_string(r, path).find("not a daemon identity") != std::string::npos);
}

// identity_file.rs pre_4_10_4_sidecar_remains_readable
TEST_CASE("identity_file.rs: pre_4_10_4_sidecar_remains_readable") {
    temp_dir dir;
    const std::string path = dir / "daemon-identity.json";
    REQUIRE(write_plain(path, without_legacy(upstream_identity_json)));
    broker::daemon_identity expected = upstream_identity();
    expected.legacy_exe_sha256.fill(0);
    CHECK(broker::read_daemon_identity_file(path) == std::optional<broker::daemon_identity>(expected));
    const broker::identity_file_read r = broker::try_read_daemon_identity_file(path);
    REQUIRE(r.ok());
    CHECK(r.identity == std::optional<broker::daemon_identity>(expected));
}

TEST_CASE("identity file: a file that exists but cannot be read is reported, not taken for absent") {
    temp_dir dir;
    REQUIRE(::mkdir((dir / "daemon-x.json").c_str(), 0700) == 0);
    const broker::identity_file_read r = broker::try_read_daemon_identity_file(dir / "daemon-x.json");
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.file.ok());
    // A missing parent directory is only "absent".
    CHECK(broker::try_read_daemon_identity_file(dir / "nope/daemon-x.json").ok());
}

// tests/broker/backend_sdk.rs a_service_identity_round_trips_through_its_derived_path
TEST_CASE("backend_sdk.rs: a_service_identity_round_trips_through_its_derived_path") {
    temp_dir runtime;
    const std::string service = "rt-test-" + std::to_string(::getpid());
    const std::string path = bw::files::daemon_identity_path(runtime.path(), service);
    bw::v1::endpoint ep;
    ep.path = "test-endpoint-path";
    bw::files::file_result<broker::daemon_identity> daemon = broker::current_daemon_identity(ep, std::nullopt);
    REQUIRE(daemon.ok());
    REQUIRE(broker::write_daemon_identity_file(path, daemon.value).ok());
    const std::optional<broker::daemon_identity> read_back =
        broker::read_daemon_identity_file(bw::files::daemon_identity_path(runtime.path(), service));
    REQUIRE(read_back);
    CHECK(read_back->pid == static_cast<std::uint32_t>(::getpid()));
    CHECK(read_back->ipc_endpoint.path == "test-endpoint-path");
    broker::remove_daemon_identity_file(path);
    CHECK_FALSE(broker::read_daemon_identity_file(bw::files::daemon_identity_path(runtime.path(), service)));
}

TEST_CASE("publish: a stale file (dead pid, or another boot) is replaced; a live daemon's is not") {
    temp_dir dir;
    const std::string path = dir / "daemon-svc.json";
    const std::string boot = broker::host_boot_id();
    broker::daemon_identity me = upstream_identity();
    me.pid = static_cast<std::uint32_t>(::getpid());
    me.boot_id = boot;

    broker::daemon_identity other = me;
    other.pid = 0x7FFFFFFE;  // no such process
    REQUIRE(broker::write_daemon_identity_file(path, other).ok());
    REQUIRE(broker::publish_daemon_identity_file(path, me, boot).ok());
    CHECK(broker::read_daemon_identity_file(path)->pid == me.pid);

    other.pid = static_cast<std::uint32_t>(::getppid());  // alive: our parent
    REQUIRE(broker::write_daemon_identity_file(path, other).ok());
    const broker::publish_status refused = broker::publish_daemon_identity_file(path, me, boot);
    CHECK(refused.code == broker::publish_errc::live_daemon);
    CHECK(refused.holder.pid == other.pid);
    CHECK(broker::to_string(refused, path).find("already published by live daemon pid") != std::string::npos);
    CHECK(broker::read_daemon_identity_file(path)->pid == other.pid);

    other.boot_id = "a-previous-boot";  // the same pid in an earlier boot is someone else
    REQUIRE(broker::write_daemon_identity_file(path, other).ok());
    REQUIRE(broker::publish_daemon_identity_file(path, me, boot).ok());

    REQUIRE(write_plain(path, "garbage"));  // malformed: replaced
    REQUIRE(broker::publish_daemon_identity_file(path, me, boot).ok());
    CHECK(broker::read_daemon_identity_file(path)->pid == me.pid);
}

TEST_CASE("process_is_alive: this process yes, pid 0 and absurd pids no") {
    CHECK(broker::process_is_alive(static_cast<std::uint32_t>(::getpid())));
    CHECK_FALSE(broker::process_is_alive(0));
    CHECK_FALSE(broker::process_is_alive(0xFFFFFFFFu));
}
