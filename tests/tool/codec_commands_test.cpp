// docs/contract.md, "Command-line tool" and "JSON mapping": `brokerwire
// decode` and `brokerwire encode`, run as a separate process: output, exit
// status and error reports.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "run_tool.hpp"
#include "upstream_golden.hpp"

using brokerwire::test::run_tool;
using brokerwire::test::tool_result;
namespace golden = brokerwire::test;

namespace {

std::string sample_path(const std::string& stem) {
    return std::string(BROKERWIRE_SOURCE_ROOT) + "/bench/data/" + stem + ".bin";
}

std::string sample(const std::string& stem) {
    std::ifstream in(sample_path(stem), std::ios::binary);
    REQUIRE(in.good());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Padded standard base64, written out here so the expectation does not come
// from the tool's own encoder.
std::string base64(const std::string& bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
        const std::uint32_t v = b(i) << 16 | b(i + 1) << 8 | b(i + 2);
        for (int s = 18; s >= 0; s -= 6) out += alphabet[v >> s & 63];
    }
    REQUIRE(i == bytes.size());  // the samples used here are whole groups of three
    return out;
}

struct sample_case {
    const char* stem;
    const char* type;
};

const sample_case samples[] = {
    {"ready", "BackendHttpReady"},
    {"endpoint_resp", "GetBrokerHttpEndpointResponse"},
    {"frame_ready", "Frame"},
    {"manifest", "CacheManifest"},
    {"servicedef", "ServiceDefinition"},
    {"session_start", "SessionStart"},
    {"session_stdout_64k", "SessionFrame"},
};

}  // namespace

TEST_CASE("--help exits 0 and names the commands") {
    const tool_result r = run_tool({"--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("decode TYPE [FILE]") != std::string::npos);
    CHECK(r.out.find("encode TYPE [FILE]") != std::string::npos);
    CHECK(run_tool({"decode", "--help"}).exit_code == 0);
    CHECK(run_tool({"encode", "--help"}).exit_code == 0);
}

TEST_CASE("decode prints each small sample as one line of canonical JSON, exit 0") {
    const struct {
        const char* stem;
        const char* type;
        const char* json;
    } expected[] = {
        {"ready", "BackendHttpReady", R"({"port":49152})"},
        {"endpoint_resp", "GetBrokerHttpEndpointResponse", R"({"port":8765,"pid":412345})"},
        {"frame_ready", "Frame", R"({"envelopeVersion":1,"payload":"CICAAw==","requestId":"77"})"},
        {"manifest", "CacheManifest",
         R"({"serviceName":"zccache","serviceVersion":"1.4.2","brokerEnvelopeVersion":"v2",)"
         R"("createdAtUnixMs":"1763800000000","lastActiveUnixMs":"1763800123456","roots":[)"
         R"({"kind":"CACHE_DATA","path":"/home/builder/.cache/zccache/data"},)"
         R"({"kind":"CACHE_LOGS","path":"/home/builder/.cache/zccache/index"},)"
         R"({"kind":"CACHE_LOCKS","path":"/home/builder/.cache/zccache/logs"},)"
         R"({"kind":"CACHE_RUNTIME","path":"/home/builder/.cache/zccache/tmp"}],)"
         R"("brokerInstance":"shared","bundleId":"soldr-toolchain"})"},
        {"servicedef", "ServiceDefinition",
         R"({"serviceName":"zccache","binaryPath":"/home/builder/.local/share/running-process/bin/zccache/1.4.2/zccache",)"
         R"("isolation":"EXPLICIT_INSTANCE","explicitInstance":"ci-trusted",)"
         R"("perVersionBinaryDir":"/home/builder/.local/share/running-process/bin/zccache","minVersion":"1.2.0",)"
         R"("versionAllowList":["1.2.0","1.3.1","1.4.2"],)"
         R"("labels":{"owner":"cache-platform","region":"eu-west-1","team":"build-infra","tier":"gold"},)"
         R"("httpServer":{"bindAddr":"127.0.0.1","healthPath":"/healthz","displayName":"zccache status"}})"},
    };
    for (const auto& e : expected) {
        CAPTURE(e.stem);
        const tool_result r = run_tool({"decode", e.type, sample_path(e.stem)});
        CHECK(r.exit_code == 0);
        CHECK(r.out == std::string(e.json) + "\n");
        CHECK(r.err.empty());
    }
}

TEST_CASE("decode prints the large samples: control characters escaped, bytes as base64") {
    const tool_result start = run_tool({"decode", "SessionStart", sample_path("session_start")});
    CHECK(start.exit_code == 0);
    CHECK(start.out.rfind(R"({"program":"rustc","args":["--crate-name","zccache_core",)", 0) == 0);
    CHECK(start.out.find(R"("value":"-C\u001ftarget-cpu=x86-64-v2\u001f-C\u001flink-arg=-fuse-ld=lld")") !=
          std::string::npos);
    const std::string end = R"("clearInheritedEnv":true,"environmentPolicy":"ENVIRONMENT_POLICY_CLEAR"})" "\n";
    CHECK(start.out.size() > end.size());
    CHECK(start.out.substr(start.out.size() - end.size()) == end);
    CHECK(start.out.find('\n') == start.out.size() - 1);

    const std::string frame = sample("session_stdout_64k");
    const tool_result stdout_frame = run_tool({"decode", "SessionFrame", sample_path("session_stdout_64k")});
    CHECK(stdout_frame.exit_code == 0);
    // 65536 bytes is not a multiple of 3: the last (partial) group is checked by the round trip below.
    const std::string body = base64(frame.substr(4, 65535));
    CHECK(stdout_frame.out.rfind("{\"stdout\":\"" + body, 0) == 0);
    CHECK(stdout_frame.out.size() == std::string("{\"stdout\":\"\"}\n").size() + (65536 + 2) / 3 * 4);
}

TEST_CASE("decode reads standard input when no file is given") {
    const tool_result r = run_tool({"decode", "BackendHttpReady"}, sample("ready"));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"port\":49152}\n");
}

TEST_CASE("encode(decode(x)) == x for each sample") {
    for (const sample_case& s : samples) {
        CAPTURE(s.stem);
        const tool_result json = run_tool({"decode", s.type, sample_path(s.stem)});
        REQUIRE(json.exit_code == 0);
        const tool_result bytes = run_tool({"encode", s.type}, json.out);
        CHECK(bytes.exit_code == 0);
        CHECK(bytes.err.empty());
        CHECK(bytes.out == sample(s.stem));
    }
}

TEST_CASE("both type name forms work: short and full") {
    const tool_result a = run_tool({"decode", "ServiceDefinition", sample_path("servicedef")});
    const tool_result b = run_tool({"decode", "running_process.broker.v2.ServiceDefinition", sample_path("servicedef")});
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
    CHECK(a.out == b.out);
    const tool_result frame = run_tool({"encode", "running_process.broker.v1.Frame"}, R"({"requestId":"77"})");
    CHECK(frame.exit_code == 0);
    CHECK(frame.out == "\x28\x4D");
}

TEST_CASE("malformed input exits 1 with error: and the offset on stderr, nothing on stdout") {
    const tool_result truncated = run_tool({"decode", "BackendHttpReady"}, "\x08\x80");
    CHECK(truncated.exit_code == 1);
    CHECK(truncated.out.empty());
    CHECK(truncated.err.rfind("error: ", 0) == 0);
    CHECK(truncated.err.find("invalid varint at offset 1") != std::string::npos);
    const tool_result utf8 = run_tool({"decode", "ServiceDefinition"}, std::string("\x0A\x03" "a\xC0\x80", 5));
    CHECK(utf8.exit_code == 1);
    CHECK(utf8.out.empty());
    CHECK(utf8.err.find("offset 3") != std::string::npos);
    const tool_result underflow = run_tool({"decode", "Frame"}, std::string("\x08\x01\x22\x80\x80\x80\x80\x10", 8));
    CHECK(underflow.exit_code == 1);
    CHECK(underflow.out.empty());
    CHECK(underflow.err.find("buffer underflow at offset 3") != std::string::npos);
}

TEST_CASE("an unknown type exits 2") {
    const tool_result r = run_tool({"decode", "NoSuchMessage", sample_path("ready")});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("NoSuchMessage") != std::string::npos);
    CHECK(run_tool({"encode", "running_process.broker.v2.Nope"}, "{}").exit_code == 2);
}

TEST_CASE("wrong argument counts and unknown commands exit 2") {
    CHECK(run_tool({}).exit_code == 2);
    CHECK(run_tool({"decode"}).exit_code == 2);
    CHECK(run_tool({"encode"}).exit_code == 2);
    CHECK(run_tool({"decode", "BackendHttpReady", sample_path("ready"), "extra"}).exit_code == 2);
    CHECK(run_tool({"encode", "BackendHttpReady", "a", "b"}).exit_code == 2);
    CHECK(run_tool({"no-such-command"}).exit_code == 2);
}

TEST_CASE("bad JSON exits 1 with line and column") {
    const tool_result r = run_tool({"encode", "BackendHttpReady"}, "{\n  \"port\": }");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK(r.err.find("line 2, column 11") != std::string::npos);
    const tool_result unknown = run_tool({"encode", "BackendHttpReady"}, R"({"nope":1})");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("line 1, column") != std::string::npos);
    CHECK(run_tool({"encode", "BackendHttpReady"}, R"({"port":"x"})").exit_code == 1);
    CHECK(run_tool({"encode", "BackendHttpReady"}, "").exit_code == 1);
}

TEST_CASE("encode accepts both field-name forms: lowerCamelCase and the proto name") {
    const tool_result camel = run_tool({"encode", "ServiceDefinition"}, R"({"serviceName":"x","minVersion":"1.0.0"})");
    const tool_result proto = run_tool({"encode", "ServiceDefinition"}, R"({"service_name":"x","min_version":"1.0.0"})");
    CHECK(camel.exit_code == 0);
    CHECK(proto.exit_code == 0);
    CHECK(camel.out == std::string("\x0A\x01x\x32\x05" "1.0.0", 10));
    CHECK(proto.out == camel.out);
}

TEST_CASE("encode accepts enums by name and by number") {
    const tool_result name = run_tool({"encode", "ServiceDefinition"}, R"({"isolation":"SHARED_BROKER"})");
    const tool_result number = run_tool({"encode", "ServiceDefinition"}, R"({"isolation":1})");
    CHECK(name.exit_code == 0);
    CHECK(number.exit_code == 0);
    CHECK(name.out == "\x18\x01");
    CHECK(number.out == name.out);
    const tool_result unnamed = run_tool({"encode", "Frame"}, R"({"kind":7})");
    CHECK(unnamed.exit_code == 0);
    CHECK(unnamed.out == "\x10\x07");
    const tool_result back = run_tool({"decode", "Frame"}, "\x10\x07");
    CHECK(back.out == "{\"kind\":7}\n");
}

TEST_CASE("encode accepts 64-bit integers as strings or numbers") {
    const tool_result text = run_tool({"encode", "CacheManifest"}, R"({"createdAtUnixMs":"1763800000000"})");
    const tool_result number = run_tool({"encode", "CacheManifest"}, R"({"createdAtUnixMs":1763800000000})");
    CHECK(text.exit_code == 0);
    CHECK(number.exit_code == 0);
    CHECK(text.out == std::string("\x20\x80\xCC\xB0\xD5\xAA\x33", 7));
    CHECK(number.out == text.out);
    const tool_result max = run_tool({"encode", "Frame"}, R"({"requestId":"18446744073709551615"})");
    CHECK(max.exit_code == 0);
    CHECK(max.out == "\x28" + std::string(9, '\xFF') + "\x01");
}

// The v1 handshake, handoff and probe messages, on upstream's frozen bytes
// (upstream_golden.hpp) where golden_bytes.rs has them.
struct golden_case {
    const char* type;       // short name
    const char* full_name;  // the same type, fully qualified
    std::string bytes;
    std::string json;
};

std::vector<golden_case> v1_golden_cases() {
    return {
        {"Hello", "running_process.broker.v1.Hello", golden::golden_hello, golden::golden_hello_json},
        {"HelloReply", "running_process.broker.v1.HelloReply", golden::golden_hello_reply,
         std::string(R"({"negotiated":)") + golden::golden_negotiated_json + "}"},
        {"HelloReply", "running_process.broker.v1.HelloReply", golden::golden_hello_reply_refused,
         std::string(R"({"refused":)") + golden::golden_refused_json + "}"},
        {"Refused", "running_process.broker.v1.Refused", golden::golden_refused, golden::golden_refused_json},
        {"HandoffOffer", "running_process.broker.v1.HandoffOffer", golden::golden_handoff_offer,
         golden::golden_handoff_offer_json},
        {"HandoffAck", "running_process.broker.v1.HandoffAck", golden::golden_handoff_ack,
         golden::golden_handoff_ack_json},
    };
}

TEST_CASE("decode prints upstream's Hello, HelloReply (negotiated, refused), HandoffOffer and HandoffAck bytes") {
    for (const golden_case& g : v1_golden_cases()) {
        CAPTURE(g.type);
        CAPTURE(g.json);
        const tool_result r = run_tool({"decode", g.type}, g.bytes);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out == g.json + "\n");
    }
}

TEST_CASE("encode writes upstream's bytes back for Hello, HelloReply, HandoffOffer and HandoffAck") {
    for (const golden_case& g : v1_golden_cases()) {
        CAPTURE(g.type);
        const tool_result r = run_tool({"encode", g.type}, g.json);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out == g.bytes);
    }
}

TEST_CASE("the v1 handshake, handoff and probe types take their full names as well as their short ones") {
    for (const golden_case& g : v1_golden_cases()) {
        CAPTURE(g.full_name);
        const tool_result decoded = run_tool({"decode", g.full_name}, g.bytes);
        CHECK(decoded.exit_code == 0);
        CHECK(decoded.out == g.json + "\n");
        const tool_result encoded = run_tool({"encode", g.full_name}, g.json);
        CHECK(encoded.exit_code == 0);
        CHECK(encoded.out == g.bytes);
    }
    for (const char* name : {"Negotiated", "running_process.broker.v1.Negotiated", "Endpoint",
                             "running_process.broker.v1.Endpoint", "DaemonProcess",
                             "running_process.broker.v1.DaemonProcess"}) {
        CAPTURE(name);
        const tool_result r = run_tool({"decode", name}, "");
        CHECK(r.exit_code == 0);
        CHECK(r.out == "{}\n");
    }
}

TEST_CASE("HelloReply names its oneof arm even when the arm is empty") {
    const tool_result negotiated = run_tool({"decode", "HelloReply"}, std::string("\x0A\x00", 2));
    CHECK(negotiated.exit_code == 0);
    CHECK(negotiated.out == "{\"negotiated\":{}}\n");
    CHECK(run_tool({"encode", "HelloReply"}, R"({"refused":{}})").out == std::string("\x12\x00", 2));
}

// DaemonProcess.idle_timeout_secs is proto3 `optional`: present-as-0 is a
// value of its own (upstream's Option<u32>, identity.rs:64), written and shown.
TEST_CASE("DaemonProcess keeps idle_timeout_secs present as 0 apart from absent, both ways") {
    const std::string present("\x08\x07\x38\x00", 4);  // pid 7, idle_timeout_secs 0
    const std::string absent("\x08\x07", 2);             // pid 7
    const tool_result with_zero = run_tool({"decode", "DaemonProcess"}, present);
    const tool_result without = run_tool({"decode", "running_process.broker.v1.DaemonProcess"}, absent);
    CHECK(with_zero.exit_code == 0);
    CHECK(without.exit_code == 0);
    CHECK(with_zero.out == "{\"pid\":7,\"idleTimeoutSecs\":0}\n");
    CHECK(without.out == "{\"pid\":7}\n");
    CHECK(run_tool({"encode", "DaemonProcess"}, R"({"pid":7,"idleTimeoutSecs":0})").out == present);
    CHECK(run_tool({"encode", "DaemonProcess"}, R"({"pid":7})").out == absent);
    CHECK(run_tool({"encode", "DaemonProcess"}, R"({"pid":7,"idle_timeout_secs":600})").out ==
          std::string("\x08\x07\x38\xD8\x04", 5));
}

TEST_CASE("DaemonProcess decodes every field, and skips the reserved legacy field 3") {
    // Written out by hand: pid 4242, exe_path "/bin/d", ipc_endpoint {"ns",
    // "/run/d.sock"}, started_at_unix_ms 1763800000000, boot_id "b", then
    // field 3 (the probe's legacy SHA-256 trailer, reserved in the schema),
    // exe_hash_algorithm "blake3", exe_hash 0xAB x 2.
    const std::string identity = std::string("\x08\x92\x21" "\x12\x06/bin/d" "\x22\x11\x0A\x02ns\x12\x0B/run/d.sock"
                                             "\x28\x80\xCC\xB0\xD5\xAA\x33" "\x32\x01" "b" "\x1A\x02\xCD\xCD"
                                             "\x42\x06" "blake3" "\x4A\x02\xAB\xAB",
                                             56);
    const tool_result r = run_tool({"decode", "DaemonProcess"}, identity);
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"pid":4242,"exePath":"/bin/d","ipcEndpoint":{"namespaceId":"ns","path":"/run/d.sock"},)"
                   R"("startedAtUnixMs":"1763800000000","bootId":"b","exeHashAlgorithm":"blake3","exeHash":"q6s="})"
                   "\n");
}
