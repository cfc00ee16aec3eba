// tests of brokerwire frames, through the real binary: a captured stream in,
// one line per frame out (docs/contract.md, "Framing", "Envelope" and
// "Lanes").
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages.hpp"
#include "frame_capture.hpp"
#include "run_tool.hpp"

using brokerwire::test::bytes_of;
using brokerwire::test::envelope;
using brokerwire::test::framed;
using brokerwire::test::lines_of;
using brokerwire::test::run_tool;
using brokerwire::test::scratch_dir;
using brokerwire::test::tool_result;
namespace broker = brokerwire::broker;
namespace framing = brokerwire::framing;
namespace v1 = brokerwire::v1;
namespace v2 = brokerwire::v2;

namespace {

// Each byte as two lower-case hex digits followed by a space.
std::string hex_of(const std::string& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += {digits[b >> 4], digits[b & 15], ' '};
    }
    return out;
}

// A data line as `socat -x -v` prints it: " xx" per byte, padded to column
// 48, two blanks, then the bytes as text with '.' for the unprintable.
std::string socat_xv_line(const std::string& bytes) {
    std::string line = " " + hex_of(bytes);
    line.pop_back();
    line.resize(48, ' ');
    line += "  ";
    for (const char c : bytes) line += c >= 0x20 && c <= 0x7e ? c : '.';
    return line + "\n";
}

// A whole -x -v block of `bytes`: its header, lines of 16 bytes, "--".
std::string socat_xv_block(const std::string& bytes) {
    std::string block = "> 2024/05/01 10:00:00.000123  length=" + std::to_string(bytes.size()) + " from=0 to=" +
                        std::to_string(bytes.size() - 1) + "\n";
    for (std::size_t at = 0; at < bytes.size(); at += 16) block += socat_xv_line(bytes.substr(at, 16));
    return block + "--\n";
}

// Four frames on three lanes: a client's endpoint query, its answer, an
// admin STATUS request and a session EVENT.
struct sample_stream {
    std::string frame[4];
    std::string bytes;
    sample_stream() {
        v2::get_broker_http_endpoint_response endpoint;
        endpoint.port = 8765;
        endpoint.pid = 412345;
        v1::admin_request status;
        status.verb = v1::admin_verb::status;
        status.json = true;
        v2::session_frame out;
        out.set_stdout_bytes("hi");
        frame[0] = framed(envelope(v1::frame_kind::request, broker::lane::control, 7, ""));
        frame[1] = framed(envelope(v1::frame_kind::response, broker::lane::control, 7, bytes_of(endpoint)));
        frame[2] = framed(envelope(v1::frame_kind::request, broker::lane::admin, 8, bytes_of(status)));
        frame[3] = framed(envelope(v1::frame_kind::event, broker::lane::session, 0, bytes_of(out)));
        for (const std::string& f : frame) bytes += f;
    }
    std::size_t offset(int i) const {
        std::size_t at = 0;
        for (int k = 0; k < i; ++k) at += frame[k].size();
        return at;
    }
    std::string at(int i) const {
        return "@" + std::to_string(offset(i)) + " len=" + std::to_string(frame[i].size() - framing::header_size);
    }
};

}  // namespace

TEST_CASE("frames prints one line per frame: offset, length, kind, id, lane, payload type and JSON") {
    const sample_stream s;
    const tool_result r = run_tool({"frames"}, s.bytes);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    // An empty control REQUEST is upstream's Hello first (see the rule below).
    CHECK(lines[0] == s.at(0) + " REQUEST id=7 control Hello {} (also reads as GetBrokerHttpEndpointRequest {})");
    CHECK(lines[1] == s.at(1) + R"( RESPONSE id=7 control GetBrokerHttpEndpointResponse {"port":8765,"pid":412345})");
    CHECK(lines[2] == s.at(2) + R"( REQUEST id=8 admin AdminRequest {"verb":"ADMIN_VERB_STATUS","json":true})");
    CHECK(lines[3] == s.at(3) + R"( EVENT id=0 session SessionFrame {"stdout":"aGk="})");
    CHECK(r.err == "4 frames, 0 malformed\n");
}

TEST_CASE("frames reads FILE as well as standard input") {
    const sample_stream s;
    scratch_dir dir;
    REQUIRE(dir.ok());
    const tool_result r = run_tool({"frames", dir.write("capture.bin", s.bytes)});
    CHECK(r.exit_code == 0);
    CHECK(r.out == run_tool({"frames", "-"}, s.bytes).out);
}

TEST_CASE("brokerwire's control extensions are told apart by field shape, as its broker does") {
    v2::get_session_token_request token_req;
    token_req.daemon_id = "d1";
    v2::get_session_token_response token_resp;
    token_resp.found = true;
    token_resp.session_token = "tok";
    v2::backend_http_ready ready;
    ready.port = 49152;
    v2::get_broker_http_endpoint_response endpoint;
    endpoint.port = 8765;
    const std::string stream = framed(envelope(v1::frame_kind::request, broker::lane::control, 1, bytes_of(token_req))) +
                               framed(envelope(v1::frame_kind::response, broker::lane::control, 1, bytes_of(token_resp))) +
                               framed(envelope(v1::frame_kind::event, broker::lane::control, 0, bytes_of(ready))) +
                               framed(envelope(v1::frame_kind::response, broker::lane::control, 2, "")) +
                               framed(envelope(v1::frame_kind::response, broker::lane::control, 3, bytes_of(endpoint)));
    const tool_result r = run_tool({"frames"}, stream);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].find(R"(control GetSessionTokenRequest {"daemonId":"d1"})") != std::string::npos);
    CHECK(lines[1].find(R"(control GetSessionTokenResponse {"found":true,"sessionToken":"dG9r"})") != std::string::npos);
    // An EVENT is never a Hello upstream, so field 1 alone is BackendHttpReady there.
    CHECK(lines[2].find(R"(EVENT id=0 control BackendHttpReady {"port":49152})") != std::string::npos);
    // The acknowledgement of BackendHttpReady is indistinguishable from an all-default response.
    CHECK(lines[3].find("control payload of 0 bytes not decoded: empty control response") != std::string::npos);
    CHECK(lines[4].find(R"(control GetBrokerHttpEndpointResponse {"port":8765})") != std::string::npos);
}

TEST_CASE("--json prints one object per frame with offset, length, kind, requestId, lane, payloadType, payload") {
    const sample_stream s;
    const tool_result r = run_tool({"frames", "--json"}, s.bytes);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1] == "{\"offset\":" + std::to_string(s.offset(1)) + ",\"length\":" +
                          std::to_string(s.frame[1].size() - framing::header_size) +
                          R"(,"kind":"RESPONSE","requestId":"7","lane":"control","payloadProtocol":0,)"
                          R"("payloadSize":7,"payloadType":"GetBrokerHttpEndpointResponse","payload":{"port":8765,"pid":412345}})");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        brokerwire::json::value doc;
        REQUIRE(brokerwire::json::parse(lines[i], doc).ok());
        REQUIRE(doc.find("offset") != nullptr);
        CHECK(doc.find("offset")->text == std::to_string(s.offset(static_cast<int>(i))));
        CHECK(doc.find("payload") != nullptr);
        CHECK(doc.find("payloadType") != nullptr);
        CHECK(doc.find("error") == nullptr);
    }
    CHECK(lines[2].find(R"("lane":"admin")") != std::string::npos);
    CHECK(lines[3].find(R"("kind":"EVENT","requestId":"0","lane":"session")") != std::string::npos);
}

TEST_CASE("--hex reads socat -x output: headers and -- lines skipped, blocks concatenated") {
    const sample_stream s;
    // One block per direction, the second split mid-frame as a recv would.
    const std::string first = s.frame[0], rest = s.frame[1] + s.frame[2] + s.frame[3];
    const std::string dump = "> 2024/05/01 10:00:00.000123  length=" + std::to_string(first.size()) + " from=0 to=8\n " +
                             hex_of(first) + "\n--\n< 2024/05/01 10:00:00.000456  length=" +
                             std::to_string(rest.size()) + " from=0 to=99\n " + hex_of(rest.substr(0, 10)) + "\n " +
                             hex_of(rest.substr(10)) + "\n--\n";
    const tool_result r = run_tool({"frames", "--hex"}, dump);
    CHECK(r.exit_code == 0);
    CHECK(r.out == run_tool({"frames"}, s.bytes).out);
}

TEST_CASE("--hex reads socat -x -v output as socat prints it, the text column checked and not read as hex") {
    // Captured from `socat -x -v`: five BackendHttpReady frames. socat also
    // ends a line after each newline byte (0x0a).
    const std::string dump =
        "> 2026/12/02 01:24:14.000368060  length=75 from=0 to=74\n"
        " 01 0a                                            ..\n"
        " 00 00 00 08 01 22 04 08 80 80 03 28 4d 01 0a     .....\".....(M..\n"
        " 00 00 00 08 01 22 04 08 80 80 03 28 4d 01 0a     .....\".....(M..\n"
        " 00 00 00 08 01 22 04 08 80 80 03 28 4d 01 0a     .....\".....(M..\n"
        " 00 00 00 08 01 22 04 08 80 80 03 28 4d 01 0a     .....\".....(M..\n"
        " 00 00 00 08 01 22 04 08 80 80 03 28 4d           .....\".....(M\n"
        "--\n";
    const std::string frame("\x01\x0a\x00\x00\x00\x08\x01\x22\x04\x08\x80\x80\x03\x28\x4d", 15);
    const tool_result r = run_tool({"frames", "--hex"}, dump);
    CHECK(r.exit_code == 0);
    CHECK(lines_of(r.out).size() == 5);
    CHECK(r.out == run_tool({"frames"}, frame + frame + frame + frame + frame).out);
}

TEST_CASE("--hex reads a socat -x -v text column made of hex digits as text") {
    const sample_stream s;
    v2::session_frame out;
    out.set_stdout_bytes("cafe 0123456789 abcdef deadbeef");
    const std::string bytes = s.bytes + framed(envelope(v1::frame_kind::event, broker::lane::session, 0, bytes_of(out)));
    const tool_result r = run_tool({"frames", "--hex"}, socat_xv_block(bytes));
    CHECK(r.exit_code == 0);
    CHECK(r.out == run_tool({"frames"}, bytes).out);
}

TEST_CASE("--hex refuses a socat -x -v text column that disagrees with its hex, naming line and column") {
    v2::session_frame out;
    out.set_stdout_bytes("hello");
    const std::string bytes = framed(envelope(v1::frame_kind::event, broker::lane::session, 0, bytes_of(out)));
    std::string dump = socat_xv_block(bytes);
    const std::size_t h = dump.find("hello");
    REQUIRE(h != std::string::npos);
    const std::string before = dump.substr(0, h);
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::size_t column = h - before.rfind('\n');
    dump[h] = 'j';
    const tool_result r = run_tool({"frames", "--hex"}, dump);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "error: bad hex: line " + std::to_string(line) + ", column " + std::to_string(column) +
                       ": the text column shows 'j' for byte 0x68\n");
}

TEST_CASE("--hex refuses a socat block whose lines hold fewer or more bytes than its header announces") {
    const sample_stream s;
    const std::string dump = "> 2024/05/01 10:00:00.000123  length=9 from=0 to=8\n " + hex_of(s.frame[0]) + "\n--\n" +
                             "> 2024/05/01 10:00:00.000456  length=3 from=9 to=11\n 01 02\n";
    REQUIRE(s.frame[0].size() == 9);
    const tool_result r = run_tool({"frames", "--hex"}, dump);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "error: bad hex: line 4: the socat block announces length=3 but its lines hold 2 bytes\n");
    const tool_result long_block = run_tool({"frames", "--hex"}, "> 2024/05/01  length=1 from=0 to=0\n 01 02\n--\n");
    CHECK(long_block.err == "error: bad hex: line 1: the socat block announces length=1 but its lines hold 2 bytes\n");
}

TEST_CASE("--hex reads plain hex with whitespace anywhere between bytes") {
    const sample_stream s;
    std::string plain = hex_of(s.bytes);
    plain.erase(std::remove(plain.begin(), plain.end(), ' '), plain.end());
    plain.insert(12, "\n");
    plain.insert(4, " \t");
    const tool_result r = run_tool({"frames", "--hex"}, plain + "\r\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == run_tool({"frames"}, s.bytes).out);
}

TEST_CASE("--hex reports bad hex with its line number, exit 1") {
    const tool_result bad_digit = run_tool({"frames", "--hex"}, "> header\n 01 04\n 00 0z 00\n");
    CHECK(bad_digit.exit_code == 1);
    CHECK(bad_digit.out.empty());
    CHECK(bad_digit.err == "error: bad hex: line 3, column 6: 'z' is not a hex digit\n");
    const tool_result half_byte = run_tool({"frames", "--hex"}, "0104\n000\n");
    CHECK(half_byte.exit_code == 1);
    CHECK(half_byte.err.find("line 2, column 3: odd hex digit") != std::string::npos);
}

TEST_CASE("a malformed envelope is reported with its offsets and the frames after it are still listed") {
    const sample_stream s;
    const std::string bad = framed("\x0a\x05\x01");  // field 1 is a uint32, not length-delimited
    const tool_result r = run_tool({"frames"}, s.frame[0] + bad + s.frame[1]);
    CHECK(r.exit_code == 1);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    const std::size_t at = s.frame[0].size();
    CHECK(lines[1] == "@" + std::to_string(at) + " len=3 error: malformed envelope: " +
                          "unexpected wire type for a known field at offset 0 (field 1) (stream offset " + std::to_string(at + 5) + ")");
    CHECK(lines[2].find("GetBrokerHttpEndpointResponse") != std::string::npos);
    CHECK(r.err == "3 frames, 1 malformed\n");
}

TEST_CASE("a payload that does not decode as its lane's message is reported with its offsets") {
    const std::string body = envelope(v1::frame_kind::request, broker::lane::admin, 9, "\x08");  // varint cut short
    const tool_result r = run_tool({"frames", "--json"}, framed(body));
    CHECK(r.exit_code == 1);
    // Field 4 (key 0x22), one byte long, then the payload itself.
    const std::size_t payload_at = framing::header_size + body.find(std::string("\x22\x01\x08", 3)) + 2;
    CHECK(r.out == R"({"offset":0,"length":)" + std::to_string(body.size()) +
                       R"(,"kind":"REQUEST","requestId":"9","lane":"admin","payloadProtocol":44289,"payloadSize":1,)"
                       R"j("error":"malformed AdminRequest payload: invalid varint at offset 1 (field 1)","errorOffset":)j" +
                       std::to_string(payload_at + 1) + "}\n");
}

TEST_CASE("an envelope_version other than 1 makes the frame malformed") {
    v1::frame f;
    f.envelope_version = 2;
    const tool_result r = run_tool({"frames"}, framed(bytes_of(f)));
    CHECK(r.exit_code == 1);
    CHECK(r.out == "@0 len=2 REQUEST id=0 control error: envelope_version 2, expected 1 (stream offset 5)\n");
}

TEST_CASE("a wrong version byte loses the framing: reported with its offset, reading stops") {
    const sample_stream s;
    const tool_result r = run_tool({"frames"}, s.frame[0] + "\x02" + s.frame[1].substr(1) + s.frame[2]);
    CHECK(r.exit_code == 1);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "wrong framing version 2 at offset " + std::to_string(s.frame[0].size()) +
                          ": framing lost, stopped");
    CHECK(r.err == "1 frame, 0 malformed, framing lost\n");
}

TEST_CASE("a body length over 16 MiB loses the framing: reported, reading stops") {
    const std::string over_cap("\x01\x01\x00\x00\x01", 5);  // 16 MiB + 1
    const tool_result r = run_tool({"frames", "--json"}, over_cap + std::string(64, '\0'));
    CHECK(r.exit_code == 1);
    CHECK(r.out == R"({"offset":0,"error":"over-cap frame length 16777217 at offset 0: framing lost, stopped"})" "\n");
}

TEST_CASE("a stream ending inside a frame reports the truncated frame, its need and what it has") {
    const sample_stream s;
    const std::size_t at = s.frame[0].size();
    const tool_result cut_body = run_tool({"frames"}, s.frame[0] + s.frame[1].substr(0, 7));
    CHECK(cut_body.exit_code == 1);
    const std::vector<std::string> lines = lines_of(cut_body.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "truncated frame at offset " + std::to_string(at) + " (needs " +
                          std::to_string(s.frame[1].size()) + " bytes, has 7)");
    CHECK(cut_body.err == "1 frame, 0 malformed, last one truncated\n");
    const tool_result cut_header = run_tool({"frames"}, s.frame[0] + s.frame[1].substr(0, 3));
    CHECK(cut_header.exit_code == 1);
    CHECK(lines_of(cut_header.out).back() ==
          "truncated frame at offset " + std::to_string(at) + " (needs 5 bytes for the header, has 3)");
}

TEST_CASE("trace context is quoted and escaped, so every frame stays on one line") {
    v1::frame f;
    f.envelope_version = broker::envelope_version;
    f.kind = v1::frame_kind::event;
    f.payload_protocol = broker::lane::session;
    f.traceparent = "00-abc\n@0 len=0 forged";
    const tool_result r = run_tool({"frames"}, framed(bytes_of(f)));
    CHECK(r.exit_code == 0);
    REQUIRE(lines_of(r.out).size() == 1);
    CHECK(r.out.find("traceparent=\"00-abc\\n@0 len=0 forged\"") != std::string::npos);
}

TEST_CASE("payloads of unknown lanes, of kinds their lane does not carry, and compressed ones are sized, not decoded") {
    const std::string stream = framed(envelope(v1::frame_kind::request, 0x1234, 1, "ab")) +
                               framed(envelope(v1::frame_kind::cancel, broker::lane::handoff, 0, "xyz")) +
                               framed(envelope(v1::frame_kind::request, broker::lane::admin, 2, "zstd",
                                               v1::payload_encoding::zstd)) +
                               framed(envelope(v1::frame_kind::event, broker::lane::backend_probe, 3, "n"));
    const tool_result r = run_tool({"frames"}, stream);
    CHECK(r.exit_code == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].find("lane 0x1234 payload of 2 bytes not decoded: unknown lane") != std::string::npos);
    CHECK(lines[1].find("CANCEL id=0 handoff payload of 3 bytes not decoded: no handoff message travels in this "
                        "frame kind") != std::string::npos);
    CHECK(lines[2].find("admin payload of 4 bytes not decoded: PAYLOAD_ENCODING_ZSTD is not decompressed") !=
          std::string::npos);
    CHECK(lines[3].find("EVENT id=3 backend-handle probe payload of 1 bytes not decoded: no probe message travels") !=
          std::string::npos);
    const tool_result j = run_tool({"frames", "--json"}, stream);
    CHECK(lines_of(j.out)[0].find(R"("payloadProtocol":4660,"payloadSize":2,"notDecoded":"unknown lane"})") !=
          std::string::npos);
    CHECK(lines_of(j.out)[2].find(R"("payloadEncoding":"ZSTD")") != std::string::npos);
}

TEST_CASE("usage errors name the argument and exit 2: an unknown option, more than one file") {
    const tool_result bogus = run_tool({"frames", "--bogus"});
    CHECK(bogus.exit_code == 2);
    CHECK(bogus.out.empty());
    CHECK(bogus.err == "error: unexpected argument '--bogus'\nusage: brokerwire frames [--json] [--hex] [FILE]\n");
    const tool_result two = run_tool({"frames", "a.bin", "b.bin"});
    CHECK(two.exit_code == 2);
    CHECK(two.err.rfind("error: unexpected argument 'b.bin'\n", 0) == 0);
}

TEST_CASE("frames --help prints the usage and the output format on stdout, exit 0") {
    const tool_result r = run_tool({"frames", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: brokerwire frames [--json] [--hex] [FILE]") != std::string::npos);
    CHECK(r.out.find("--json") != std::string::npos);
    CHECK(r.out.find("--hex") != std::string::npos);
    for (const char* named : {"Hello", "HelloReply", "HandoffOffer", "HandoffAck", "DaemonProcess", "nonce=HEX",
                              "legacyExeSha256", "alsoReadsAs", "fields 2-15"}) {
        CAPTURE(named);
        CHECK(r.out.find(named) != std::string::npos);
    }
}

TEST_CASE("empty input has no frames, exit 0") {
    const tool_result r = run_tool({"frames"}, "");
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err == "0 frames, 0 malformed\n");
    CHECK(run_tool({"frames", "--hex"}, "").exit_code == 0);
}

TEST_CASE("a file that cannot be read is an error, exit 1") {
    const tool_result r = run_tool({"frames", "no-such-capture.bin"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("cannot open no-such-capture.bin") != std::string::npos);
}
