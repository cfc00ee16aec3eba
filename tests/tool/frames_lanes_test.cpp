// tests of brokerwire frames on upstream's lanes, through the real binary:
// the control-lane handshake (Hello / HelloReply), the handoff lane and the
// endpoint probe, and the rule that tells a Hello from brokerwire's own
// control messages.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "frame_capture.hpp"
#include "run_tool.hpp"
#include "upstream_golden.hpp"

namespace golden = brokerwire::test;
using brokerwire::test::envelope;
using brokerwire::test::framed;
using brokerwire::test::lines_of;
using brokerwire::test::run_tool;
using brokerwire::test::tool_result;
namespace broker = brokerwire::broker;
namespace framing = brokerwire::framing;
namespace v1 = brokerwire::v1;

namespace {

// A stream of frames, with where each one starts.
struct capture {
    std::string bytes;
    std::vector<std::string> bodies;
    std::vector<std::size_t> starts;

    void add(v1::frame_kind kind, std::uint32_t lane, std::uint64_t id, const std::string& payload) {
        starts.push_back(bytes.size());
        bodies.push_back(envelope(kind, lane, id, payload));
        bytes += framed(bodies.back());
    }
    // "@OFFSET len=BODY_LENGTH", how frame i's line starts.
    std::string at(std::size_t i) const {
        return "@" + std::to_string(starts[i]) + " len=" + std::to_string(bodies[i].size());
    }
    // The stream offset of byte `k` of frame i's payload.
    std::size_t payload_byte(std::size_t i, const std::string& payload, std::size_t k) const {
        const std::size_t in_body = bodies[i].find(payload);
        REQUIRE(in_body != std::string::npos);
        return starts[i] + framing::header_size + in_body + k;
    }
};

constexpr auto request = v1::frame_kind::request;
constexpr auto response = v1::frame_kind::response;
constexpr auto event = v1::frame_kind::event;

std::string repeated(unsigned char byte, std::size_t n) { return std::string(n, static_cast<char>(byte)); }

// A probe nonce: 0x10, 0x11, ... 0x2F.
std::string probe_nonce() {
    std::string nonce;
    for (unsigned char b = 0x10; b < 0x30; ++b) nonce += static_cast<char>(b);
    return nonce;
}

// upstream probe.rs:70: the prober's request_id is the nonce's first 8 bytes, little-endian.
std::uint64_t probe_request_id(const std::string& nonce) {
    std::uint64_t id = 0;
    for (int i = 7; i >= 0; --i) id = id << 8 | static_cast<unsigned char>(nonce[static_cast<std::size_t>(i)]);
    return id;
}

// A DaemonProcess as upstream's to_proto() encodes one (identity.rs:100-111,
// fields in number order), written out by hand: pid 4242, exe_path "/bin/d",
// ipc_endpoint {"ns", "/run/d.sock"}, started_at_unix_ms 1763800000000,
// boot_id "b", idle_timeout_secs Some(0), exe_hash_algorithm "blake3",
// exe_hash 0xAB x 32.
std::string probe_identity() {
    return std::string("\x08\x92\x21" "\x12\x06/bin/d" "\x22\x11\x0A\x02ns\x12\x0B/run/d.sock"
                       "\x28\x80\xCC\xB0\xD5\xAA\x33" "\x32\x01" "b" "\x38\x00" "\x42\x06" "blake3" "\x4A\x20",
                       52) +
           repeated(0xAB, 32);
}

const char* const probe_identity_json =
    R"({"pid":4242,"exePath":"/bin/d","ipcEndpoint":{"namespaceId":"ns","path":"/run/d.sock"},)"
    R"("startedAtUnixMs":"1763800000000","bootId":"b","idleTimeoutSecs":0,"exeHashAlgorithm":"blake3",)"
    R"("exeHash":"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s="})";

// identity.rs:123-125: field 3, length 32, the executable's SHA-256.
std::string legacy_trailer() { return std::string("\x1A\x20", 2) + repeated(0x5A, 32); }

const std::string probe_nonce_hex = "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f";
// The trailer's digest in hex: "5a" 32 times.
std::string legacy_sha256_hex() {
    std::string hex;
    for (int i = 0; i < 32; ++i) hex += "5a";
    return hex;
}

}  // namespace

TEST_CASE("a captured Hello exchange shows a Hello, then its HelloReply: Negotiated, or Refused") {
    capture c;
    c.add(request, broker::lane::control, 1, golden::golden_hello);
    c.add(response, broker::lane::control, 1, golden::golden_hello_reply);
    c.add(request, broker::lane::control, 2, golden::golden_hello);
    c.add(response, broker::lane::control, 2, golden::golden_hello_reply_refused);
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 0);
    CHECK(r.err == "4 frames, 0 malformed\n");
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == c.at(0) + " REQUEST id=1 control Hello " + golden::golden_hello_json);
    CHECK(lines[1] == c.at(1) + R"( RESPONSE id=1 control HelloReply {"negotiated":)" + golden::golden_negotiated_json + "}");
    CHECK(lines[2] == c.at(2) + " REQUEST id=2 control Hello " + golden::golden_hello_json);
    CHECK(lines[3] == c.at(3) + R"( RESPONSE id=2 control HelloReply {"refused":)" + golden::golden_refused_json + "}");

    const tool_result j = run_tool({"frames", "--json"}, c.bytes);
    CHECK(j.exit_code == 0);
    const std::vector<std::string> objects = lines_of(j.out);
    REQUIRE(objects.size() == 4);
    CHECK(objects[0] == R"({"offset":0,"length":)" + std::to_string(c.bodies[0].size()) +
                            R"(,"kind":"REQUEST","requestId":"1","lane":"control","payloadProtocol":0,"payloadSize":100,)"
                            R"("payloadType":"Hello","payload":)" + golden::golden_hello_json + "}");
    CHECK(objects[3].find(R"("payloadType":"HelloReply","payload":{"refused":)") != std::string::npos);
}

TEST_CASE("a payload carrying any of Hello's fields 2-15 is a Hello, never a BackendHttpReady, on a REQUEST or an EVENT") {
    // What upstream's client_v2 sends at least (client_v2.rs:616-618): both
    // protocol bounds and the service name.
    const std::string minimal("\x08\x01\x10\x01\x1A\x07zccache", 13);
    const std::string bad_utf8("\x08\x01\x10\x01\x1A\x02\xC0\x80", 8);
    capture c;
    c.add(request, broker::lane::control, 1, minimal);
    c.add(event, broker::lane::control, 0, golden::golden_hello);
    c.add(request, broker::lane::control, 2, bad_utf8);
    c.add(event, broker::lane::control, 0, bad_utf8);
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "4 frames, 2 malformed\n");
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == c.at(0) + R"( REQUEST id=1 control Hello {"clientMinProtocol":1,"clientMaxProtocol":1,"serviceName":"zccache"})");
    CHECK(lines[1] == c.at(1) + " EVENT id=0 control Hello " + golden::golden_hello_json);
    const std::string why = " error: malformed Hello payload: invalid string value: data is not UTF-8 encoded at offset 6 (field 3)";
    CHECK(lines[2] == c.at(2) + " REQUEST id=2 control" + why + " (stream offset " +
                          std::to_string(c.payload_byte(2, bad_utf8, 6)) + ")");
    CHECK(lines[3] == c.at(3) + " EVENT id=0 control" + why + " (stream offset " +
                          std::to_string(c.payload_byte(3, bad_utf8, 6)) + ")");
}

TEST_CASE("a control REQUEST of at most field 1 is upstream's Hello first, and names the extension message it also is") {
    const std::string port_only("\x08\x80\x80\x03", 4);  // field 1 = 49152
    capture c;
    c.add(request, broker::lane::control, 1, port_only);
    c.add(request, broker::lane::control, 2, "");
    c.add(event, broker::lane::control, 0, port_only);
    c.add(request, broker::lane::control, 3, std::string("\x0A\x00", 2));  // field 1 an empty string: no Hello
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == c.at(0) + R"( REQUEST id=1 control Hello {"clientMinProtocol":49152})"
                                R"( (also reads as BackendHttpReady {"port":49152}))");
    CHECK(lines[1] == c.at(1) + " REQUEST id=2 control Hello {} (also reads as GetBrokerHttpEndpointRequest {})");
    CHECK(lines[2] == c.at(2) + R"( EVENT id=0 control BackendHttpReady {"port":49152})");
    CHECK(lines[3] == c.at(3) + " REQUEST id=3 control GetBrokerHttpEndpointRequest {}");

    const tool_result j = run_tool({"frames", "--json"}, c.bytes);
    const std::vector<std::string> objects = lines_of(j.out);
    REQUIRE(objects.size() == 4);
    CHECK(objects[0].find(R"("payloadType":"Hello","payload":{"clientMinProtocol":49152},)"
                          R"("alsoReadsAs":{"payloadType":"BackendHttpReady","payload":{"port":49152}}})") !=
          std::string::npos);
    CHECK(objects[1].find(R"("payloadType":"Hello","payload":{},)"
                          R"("alsoReadsAs":{"payloadType":"GetBrokerHttpEndpointRequest","payload":{}}})") !=
          std::string::npos);
    CHECK(objects[2].find("alsoReadsAs") == std::string::npos);
}

TEST_CASE("a control RESPONSE whose field 1 is length-delimited is a HelloReply, malformed when it does not decode") {
    const std::string cut("\x0A\x02\x08\x80", 4);  // Negotiated whose negotiated_protocol varint is cut short
    capture c;
    c.add(response, broker::lane::control, 1, cut);
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(c.at(0) + " RESPONSE id=1 control error: malformed HelloReply payload: invalid varint at offset 3") == 0);
}

TEST_CASE("the handoff lane: HandoffOffer in a REQUEST, HandoffAck in its RESPONSE and in the EVENT relayed to the client") {
    // upstream server/handoff/wire.rs:65-163; request_id is the correlation id (7).
    capture c;
    c.add(request, broker::lane::handoff, 7, golden::golden_handoff_offer);
    c.add(response, broker::lane::handoff, 7, golden::golden_handoff_ack);
    c.add(event, broker::lane::handoff, 7, golden::golden_handoff_ack);
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == c.at(0) + " REQUEST id=7 handoff HandoffOffer " + golden::golden_handoff_offer_json);
    CHECK(lines[1] == c.at(1) + " RESPONSE id=7 handoff HandoffAck " + golden::golden_handoff_ack_json);
    CHECK(lines[2] == c.at(2) + " EVENT id=7 handoff HandoffAck " + golden::golden_handoff_ack_json);
    const tool_result j = run_tool({"frames", "--json"}, c.bytes);
    const std::vector<std::string> objects = lines_of(j.out);
    REQUIRE(objects.size() == 3);
    CHECK(objects[0].find(R"("lane":"handoff","payloadProtocol":53503,"payloadSize":36,"payloadType":"HandoffOffer","payload":)" +
                          std::string(golden::golden_handoff_offer_json) + "}") != std::string::npos);
    CHECK(objects[2].find(R"("kind":"EVENT")") != std::string::npos);
    CHECK(objects[2].find(R"("payloadType":"HandoffAck")") != std::string::npos);
}

TEST_CASE("a probe REQUEST shows its nonce; the RESPONSE the nonce, the DaemonProcess and the legacy SHA-256 trailer") {
    const std::string nonce = probe_nonce();
    const std::uint64_t id = probe_request_id(nonce);
    CHECK(id == 0x1716151413121110u);
    capture c;
    c.add(request, broker::lane::backend_probe, id, nonce);
    c.add(response, broker::lane::backend_probe, id, nonce + probe_identity() + legacy_trailer());
    c.add(response, broker::lane::backend_probe, id, nonce + probe_identity());  // no trailer: still well-formed
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 0);
    const std::string head = " id=" + std::to_string(id) + " backend-handle probe nonce=" + probe_nonce_hex;
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == c.at(0) + " REQUEST" + head);
    CHECK(lines[1] == c.at(1) + " RESPONSE" + head + " DaemonProcess " + probe_identity_json +
                          " legacyExeSha256=" + legacy_sha256_hex());
    CHECK(lines[2] == c.at(2) + " RESPONSE" + head + " DaemonProcess " + probe_identity_json);

    const tool_result j = run_tool({"frames", "--json"}, c.bytes);
    const std::vector<std::string> objects = lines_of(j.out);
    REQUIRE(objects.size() == 3);
    CHECK(objects[0] == R"({"offset":0,"length":)" + std::to_string(c.bodies[0].size()) +
                            R"(,"kind":"REQUEST","requestId":")" + std::to_string(id) +
                            R"(","lane":"backend-handle probe","payloadProtocol":45618,"payloadSize":32,"nonce":")" +
                            probe_nonce_hex + "\"}");
    CHECK(objects[1].find(R"("nonce":")" + probe_nonce_hex + R"(","payloadType":"DaemonProcess","payload":)" +
                          probe_identity_json + R"(,"legacyExeSha256":")" + legacy_sha256_hex() + "\"}") != std::string::npos);
    CHECK(objects[2].find("legacyExeSha256") == std::string::npos);
}

TEST_CASE("a malformed probe payload is reported with its offsets, and the frames after it are still listed") {
    const std::string nonce = probe_nonce();
    const std::string short_request = nonce.substr(0, 31);
    const std::string long_request = nonce + "x";
    const std::string short_response = nonce.substr(0, 10);
    const std::string bad_identity = nonce + std::string("\x08\x80", 2);  // pid's varint cut short
    const std::string bad_trailer = nonce + probe_identity() + std::string("\x1A\x03" "abc", 5);
    const std::string varint_trailer = nonce + probe_identity() + std::string("\x18\x01", 2);
    capture c;
    c.add(request, broker::lane::backend_probe, 1, short_request);
    c.add(request, broker::lane::backend_probe, 2, long_request);
    c.add(response, broker::lane::backend_probe, 3, short_response);
    c.add(response, broker::lane::backend_probe, 4, bad_identity);
    c.add(response, broker::lane::backend_probe, 5, bad_trailer);
    c.add(response, broker::lane::backend_probe, 6, varint_trailer);
    c.add(request, broker::lane::backend_probe, 7, nonce);
    const tool_result r = run_tool({"frames"}, c.bytes);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "7 frames, 6 malformed\n");
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 7);
    const auto error_at = [&](std::size_t i, const std::string& why, const std::string& payload, std::size_t k) {
        return " backend-handle probe error: " + why + " (stream offset " + std::to_string(c.payload_byte(i, payload, k)) + ")";
    };
    CHECK(lines[0] == c.at(0) + " REQUEST id=1" +
                          error_at(0, "malformed probe request: the nonce must be 32 bytes, the payload has 31",
                                   short_request, 31));
    CHECK(lines[1] == c.at(1) + " REQUEST id=2" +
                          error_at(1, "malformed probe request: the nonce must be 32 bytes, the payload has 33",
                                   long_request, 32));
    CHECK(lines[2] == c.at(2) + " RESPONSE id=3" +
                          error_at(2, "malformed probe response: 10 bytes, shorter than the 32-byte nonce",
                                   short_response, 10));
    CHECK(lines[3] == c.at(3) + " RESPONSE id=4" +
                          error_at(3, "malformed DaemonProcess payload: invalid varint at offset 33 (field 1)",
                                   bad_identity, 33));
    const std::size_t trailer_at = nonce.size() + probe_identity().size();
    CHECK(lines[4] == c.at(4) + " RESPONSE id=5" +
                          error_at(4, "malformed probe response: the legacy trailer (field 3) holds 3 bytes, not a "
                                      "32-byte SHA-256",
                                   bad_trailer, trailer_at));
    CHECK(lines[5] == c.at(5) + " RESPONSE id=6" +
                          error_at(5, "malformed probe response: the legacy trailer (field 3) is not length-delimited",
                                   varint_trailer, trailer_at));
    CHECK(lines[6] == c.at(6) + " REQUEST id=7 backend-handle probe nonce=" + probe_nonce_hex);

    const tool_result j = run_tool({"frames", "--json"}, c.bytes);
    const std::vector<std::string> objects = lines_of(j.out);
    REQUIRE(objects.size() == 7);
    CHECK(objects[2].find(R"("error":"malformed probe response: 10 bytes, shorter than the 32-byte nonce","errorOffset":)" +
                          std::to_string(c.payload_byte(2, short_response, 10)) + "}") != std::string::npos);
}
