// `brokerwire frames`: a captured broker stream, one line per frame, each
// envelope and payload decoded by lane (docs/contract.md, "Lanes").
#include <cstdio>
#include <string>
#include <utility>

#include "brokerwire/framing/frame_reader.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "frame_payload.hpp"
#include "hex_input.hpp"
#include "input.hpp"

namespace brokerwire::tool {
namespace {

const char* const frames_usage = "brokerwire frames [--json] [--hex] [FILE]";

// One frame as the tool understood it. Views point into the input.
struct frame_report {
    std::uint64_t offset = 0;  // stream offset of the frame's first header byte
    std::uint32_t length = 0;  // body length
    bool envelope_decoded = false;
    v1::frame_view envelope;
    payload_reading payload;         // what the payload holds, when the envelope decoded
    std::string error;               // why the frame is malformed
    std::uint64_t error_offset = 0;  // stream offset of the byte at fault
};

frame_report examine(bytes_view body, std::uint64_t offset) {
    frame_report r;
    r.offset = offset;
    r.length = static_cast<std::uint32_t>(body.size());
    const std::uint64_t body_offset = offset + framing::header_size;
    const status s = decode(body, r.envelope);
    if (!s.ok()) {
        r.error = "malformed envelope: " + to_string(s);
        r.error_offset = body_offset + s.offset;
        return r;
    }
    r.envelope_decoded = true;
    if (r.envelope.envelope_version != broker::envelope_version) {
        r.error = "envelope_version " + std::to_string(r.envelope.envelope_version) + ", expected 1";
        r.error_offset = body_offset;
        return r;
    }
    r.payload = read_payload(r.envelope);
    if (!r.payload.error.empty()) {
        r.error = r.payload.error;
        const auto payload_at = static_cast<std::uint64_t>(
            reinterpret_cast<const std::uint8_t*>(r.envelope.payload.data()) - body.data());
        r.error_offset = body_offset + payload_at + r.payload.error_offset;
    }
    return r;
}

// Lower-case hex, two digits a byte: how the probe's nonce and digest show.
std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// "REQUEST" for FRAME_KIND_REQUEST: the prefix only repeats the enum's name.
std::string_view short_name(std::string_view schema_name, std::string_view prefix) {
    if (schema_name.substr(0, prefix.size()) == prefix) schema_name.remove_prefix(prefix.size());
    return schema_name;
}

std::string kind_name(v1::frame_kind kind) {
    const std::string_view name = name_of(kind);
    if (name.empty()) return std::to_string(static_cast<std::int32_t>(kind));
    return std::string(short_name(name, "FRAME_KIND_"));
}

std::string lane_text(std::uint32_t payload_protocol) {
    if (const char* name = broker::lane_name(payload_protocol)) return name;
    char buf[24];
    std::snprintf(buf, sizeof buf, "lane 0x%04X", static_cast<unsigned>(payload_protocol));
    return buf;
}

// Trace context is peer text: quoted and escaped as JSON, so a newline in it
// cannot break the one-line-per-frame layout.
std::string quoted(std::string_view text) {
    std::string out;
    json::writer w(out);
    w.string(text);
    return out;
}

std::string human_line(const frame_report& r) {
    std::string line = "@" + std::to_string(r.offset) + " len=" + std::to_string(r.length);
    if (r.envelope_decoded) {
        const v1::frame_view& e = r.envelope;
        line += " " + kind_name(e.kind) + " id=" + std::to_string(e.request_id);
        if (e.deadline_unix_ms != 0) line += " deadline=" + std::to_string(e.deadline_unix_ms);
        if (!e.traceparent.empty()) line += " traceparent=" + quoted(e.traceparent);
        if (!e.tracestate.empty()) line += " tracestate=" + quoted(e.tracestate);
        line += " " + lane_text(e.payload_protocol);
    }
    if (!r.error.empty()) return line + " error: " + r.error + " (stream offset " + std::to_string(r.error_offset) + ")";
    const payload_reading& p = r.payload;
    if (!p.decoded()) {
        return line + " payload of " + std::to_string(r.envelope.payload.size()) + " bytes not decoded: " + p.not_decoded;
    }
    if (!p.nonce.empty()) line += " nonce=" + hex(p.nonce);
    if (p.type != nullptr) line += " " + std::string(p.type->short_name) + " " + p.json;
    if (!p.legacy_exe_sha256.empty()) line += " legacyExeSha256=" + hex(p.legacy_exe_sha256);
    if (p.also_type != nullptr) line += " (also reads as " + std::string(p.also_type->short_name) + " " + p.also_json + ")";
    return line;
}

// proto3 JSON writes an open enum's unnamed values as numbers.
void enum_value(json::writer& w, std::string_view schema_name, std::string_view prefix, std::int32_t number) {
    if (schema_name.empty()) {
        w.number(number);
    } else {
        w.string(short_name(schema_name, prefix));
    }
}

void envelope_members(const v1::frame_view& e, json::writer& w) {
    w.key("kind");
    enum_value(w, name_of(e.kind), "FRAME_KIND_", static_cast<std::int32_t>(e.kind));
    w.key("requestId");
    w.quoted(e.request_id);
    if (const char* name = broker::lane_name(e.payload_protocol)) {
        w.key("lane");
        w.string(name);
    }
    w.key("payloadProtocol");
    w.number(e.payload_protocol);
    if (e.payload_encoding != v1::payload_encoding::none) {
        w.key("payloadEncoding");
        enum_value(w, name_of(e.payload_encoding), "PAYLOAD_ENCODING_", static_cast<std::int32_t>(e.payload_encoding));
    }
    if (e.deadline_unix_ms != 0) {
        w.key("deadlineUnixMs");
        w.quoted(e.deadline_unix_ms);
    }
    for (const auto& [key, text] : {std::pair{"traceparent", e.traceparent}, std::pair{"tracestate", e.tracestate}}) {
        if (text.empty()) continue;
        w.key(key);
        w.string(text);
    }
    w.key("payloadSize");
    w.number(e.payload.size());
}

void payload_members(const payload_reading& p, json::writer& w) {
    if (!p.nonce.empty()) {
        w.key("nonce");
        w.string(hex(p.nonce));
    }
    if (p.type != nullptr) {
        w.key("payloadType");
        w.string(p.type->short_name);
        w.key("payload");
        w.raw(p.json);
    }
    if (!p.legacy_exe_sha256.empty()) {
        w.key("legacyExeSha256");
        w.string(hex(p.legacy_exe_sha256));
    }
    if (p.also_type != nullptr) {
        w.key("alsoReadsAs");
        w.begin_object();
        w.key("payloadType");
        w.string(p.also_type->short_name);
        w.key("payload");
        w.raw(p.also_json);
        w.end_object();
    }
}

std::string json_line(const frame_report& r) {
    std::string line;
    json::writer w(line);
    w.begin_object();
    w.key("offset");
    w.number(r.offset);
    w.key("length");
    w.number(r.length);
    if (r.envelope_decoded) envelope_members(r.envelope, w);
    if (!r.error.empty()) {
        w.key("error");
        w.string(r.error);
        w.key("errorOffset");
        w.number(r.error_offset);
    } else if (!r.payload.decoded()) {
        w.key("notDecoded");
        w.string(r.payload.not_decoded);
    } else {
        payload_members(r.payload, w);
    }
    w.end_object();
    return line;
}

// The line for a stream that did not end cleanly between frames.
std::string stream_error(const framing::frame_status& end, const std::string& input) {
    if (end.code != framing::frame_errc::truncated) return framing::to_string(end) + ": framing lost, stopped";
    const std::uint64_t has = end.value;  // bytes of the frame that did arrive
    std::string needs = std::to_string(framing::header_size) + " bytes for the header";
    if (has >= framing::header_size) {
        const auto* head = reinterpret_cast<const std::uint8_t*>(input.data()) + end.offset;
        needs = std::to_string(framing::header_size + framing::parse_header(head).body_length) + " bytes";
    }
    return "truncated frame at offset " + std::to_string(end.offset) + " (needs " + needs + ", has " +
           std::to_string(has) + ")";
}

void emit(std::string line) {
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stdout);
}

void emit_stream_error(std::string text, std::uint64_t offset, bool as_json) {
    if (!as_json) {
        emit(std::move(text));
        return;
    }
    std::string line;
    json::writer w(line);
    w.begin_object();
    w.key("offset");
    w.number(offset);
    w.key("error");
    w.string(text);
    w.end_object();
    emit(line);
}

// Prints every frame of `input`; returns the exit status.
int list_frames(const std::string& input, bool as_json) {
    framing::frame_reader reader;
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    std::size_t size = input.size();
    bytes_view body;
    std::size_t frames = 0;
    std::size_t malformed = 0;
    while (reader.pull(data, size, body)) {
        const frame_report r = examine(body, reader.offset() - body.size() - framing::header_size);
        ++frames;
        if (!r.error.empty()) ++malformed;
        emit(as_json ? json_line(r) : human_line(r));
    }
    const framing::frame_status end = reader.finish();
    const bool clean_end = end.code == framing::frame_errc::end_of_stream;
    if (!clean_end) emit_stream_error(stream_error(end, input), end.offset, as_json);
    std::fprintf(stderr, "%zu frame%s, %zu malformed%s\n", frames, frames == 1 ? "" : "s", malformed,
                 clean_end ? "" : (end.code == framing::frame_errc::truncated ? ", last one truncated"
                                                                            : ", framing lost"));
    return clean_end && malformed == 0 ? 0 : 1;
}

void print_frames_help() {
    std::printf(
        "usage: %s\n\n"
        "Splits a captured broker stream (FILE, or standard input) into frames\n"
        "[u8 version 1][u32 LE body length][v1 Frame body], decodes each envelope and\n"
        "its payload by lane, and prints one line per frame:\n\n"
        "  @OFFSET len=BODY_LENGTH KIND id=REQUEST_ID [deadline=.. traceparent=..] LANE TYPE JSON\n\n"
        "with \"(also reads as TYPE JSON)\" after a control REQUEST that is two messages,\n"
        "and \"LANE nonce=HEX [DaemonProcess JSON [legacyExeSha256=HEX]]\" on the probe lane.\n\n"
        "OFFSET is the stream offset of the frame's version byte. Payloads by lane and\n"
        "frame kind (the control lane has no type field: its rule, in full, is in\n"
        "brokerwire(1)):\n"
        "control   REQUEST: GetSessionTokenRequest when field 1 is a non-empty string,\n"
        "          else a Hello. A Hello that carries none of fields 2-15 (an upstream\n"
        "          client always sends 2 and 3) is also a brokerwire extension\n"
        "          message, named after it: (also reads as BackendHttpReady {..}) when\n"
        "          field 1 is a varint, else GetBrokerHttpEndpointRequest.\n"
        "          EVENT (upstream never sends a Hello as one): a Hello only when it\n"
        "          carries fields 2-15, else BackendHttpReady or\n"
        "          GetBrokerHttpEndpointRequest as above.\n"
        "          RESPONSE: HelloReply when it decodes as one with its result set\n"
        "          (a length-delimited field 1 that does not is a malformed HelloReply),\n"
        "          else GetSessionTokenResponse (a token) or\n"
        "          GetBrokerHttpEndpointResponse; an empty response is left undecoded\n"
        "          (it may be an acknowledgement).\n"
        "admin     REQUEST AdminRequest, RESPONSE AdminReply.\n"
        "handoff   REQUEST HandoffOffer (broker to backend), RESPONSE HandoffAck\n"
        "          (backend to broker), EVENT HandoffAck (relayed to the client).\n"
        "backend-handle probe\n"
        "          REQUEST: the 32-byte nonce, shown as nonce=HEX. RESPONSE: the\n"
        "          nonce, then the DaemonProcess that follows it, then its legacy\n"
        "          trailer (field 3, the executable's SHA-256) as legacyExeSha256=HEX\n"
        "          when present. A request that is not 32 bytes, a response shorter\n"
        "          than the nonce, or a trailer that is not 32 length-delimited bytes\n"
        "          is malformed.\n"
        "session   SessionFrame.\n"
        "Unknown lanes and compressed payloads are not decoded; the line gives the\n"
        "payload size and the reason. A frame whose envelope or payload does not\n"
        "decode says why, with the offset of the byte at fault within the envelope or\n"
        "payload and within the stream, and the listing goes on. A wrong version byte\n"
        "or a body over 16 MiB loses the framing: reported, and reading stops.\n"
        "A summary (\"3 frames, 1 malformed\") goes to standard error.\n\n"
        "--json  one JSON object per frame and line:\n"
        "        {\"offset\":0,\"length\":13,\"kind\":\"REQUEST\",\"requestId\":\"7\",\"lane\":\"control\",\n"
        "         \"payloadProtocol\":0,\"payloadSize\":7,\"payloadType\":\"Hello\",\"payload\":\n"
        "         {\"clientMinProtocol\":1,\"clientMaxProtocol\":1,\"serviceName\":\"z\"}}\n"
        "        \"alsoReadsAs\":{\"payloadType\":..,\"payload\":..} for the other reading of a\n"
        "        control REQUEST; \"nonce\" and \"legacyExeSha256\" (hex) on the probe lane;\n"
        "        \"notDecoded\":\"why\" instead of the payload; \"error\":\"why\" and \"errorOffset\"\n"
        "        (stream offset) for a malformed frame; {\"offset\":N,\"error\":\"...\"} for a\n"
        "        truncated stream or lost framing. Unknown kinds are numbers.\n"
        "--hex   the input is a hex dump: `socat -x` or `socat -x -v` output (each\n"
        "        block must hold the length=N of its header, and -v's text column must\n"
        "        show the same bytes) or plain hex; whitespace between bytes is\n"
        "        ignored, each line holds whole bytes.\n\n"
        "exit status: 0 every frame well-formed (undecoded payloads included); 1 a\n"
        "malformed or truncated frame, lost framing, unreadable input or bad hex;\n"
        "2 usage error.\n",
        frames_usage);
}

}  // namespace

int run_frames(int argc, char** argv) {
    bool as_json = false;
    bool as_hex = false;
    const char* file = nullptr;
    const command_syntax syntax{frames_usage, print_frames_help, operand_kind::file};
    if (const auto stop = parse_command_line(argc, argv, syntax, {{"--json", &as_json}, {"--hex", &as_hex}}, file)) {
        return *stop;
    }
    std::string input;
    if (!read_input(file, input)) return 1;
    if (as_hex) {
        std::string bytes;
        std::string error;
        if (!read_hex_dump(input, bytes, error)) {
            std::fprintf(stderr, "error: bad hex: %s\n", error.c_str());
            return 1;
        }
        input.swap(bytes);
    }
    return list_frames(input, as_json);
}

}  // namespace brokerwire::tool
