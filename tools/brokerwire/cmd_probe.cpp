// `brokerwire probe SOCKET`: upstream's endpoint identity probe, sent to a
// daemon's socket, and the DaemonProcess that answered.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "brokerwire/broker/daemon_identity_json.hpp"
#include "brokerwire/broker/probe_client.hpp"
#include "brokerwire/broker/probe_payload.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/json.hpp"
#include "commands.hpp"
#include "frame_payload.hpp"

namespace brokerwire::tool {
namespace {

constexpr const char* usage = "brokerwire probe [--identity-file-json] [--timeout-ms N] SOCKET";

void print_probe_help() {
    std::printf(
        "usage: %s\n\n"
        "Sends upstream's endpoint probe (lane 0xB232, a random 32-byte nonce) to the daemon\n"
        "listening at SOCKET and checks the answer as upstream's client does: the envelope,\n"
        "the request_id, the nonce echo, and a DaemonProcess with an endpoint and a 32-byte\n"
        "BLAKE3 exe_hash. Prints that DaemonProcess as proto3 JSON on one line, or with\n"
        "--identity-file-json as the identity file upstream's daemon writes (its\n"
        "legacy_exe_sha256 taken from the response's trailer). Exits 1 on any other answer,\n"
        "saying what came back. --timeout-ms defaults to 500, upstream's probe deadline.\n",
        usage);
}

// "RESPONSE on admin (0xAD01), request_id 0: AdminReply {...}"
std::string describe_frame(const v1::frame& f) {
    const char* lane = broker::lane_name(f.payload_protocol);
    char lane_id[16];
    std::snprintf(lane_id, sizeof lane_id, "0x%04X", f.payload_protocol);
    const std::string_view kind = name_of(f.kind);
    std::string out = (kind.empty() ? "kind " + std::to_string(static_cast<std::int32_t>(f.kind)) : std::string(kind)) +
                      " on " + (lane != nullptr ? std::string(lane) + " (" + lane_id + ")" : std::string(lane_id)) +
                      ", request_id " + std::to_string(f.request_id);
    v1::frame_view view;
    const std::vector<std::uint8_t> body = encode(f);
    if (!decode(bytes_view(body), view).ok()) return out;
    const payload_reading r = read_payload(view);
    if (r.type != nullptr) return out + ": " + std::string(r.type->short_name) + " " + r.json;
    if (!r.error.empty()) return out + ": " + r.error;
    if (!r.not_decoded.empty()) return out + " (" + r.not_decoded + ")";
    return out;
}

// The identity as the identity file holds it, with the trailer's digest.
std::string identity_file_json(const broker::probe_result& r) {
    broker::daemon_identity d = r.identity;
    broker::probe_response_parts parts;
    if (r.response && broker::split_probe_response(bytes_view(r.response->payload), parts)) {
        const broker::legacy_trailer t = broker::read_legacy_trailer(parts.identity_bytes);
        if (t.state == broker::legacy_trailer_state::present) {
            std::memcpy(d.legacy_exe_sha256.data(), t.digest.data(), d.legacy_exe_sha256.size());
        }
    }
    std::string out;
    if (!broker::write_identity_json(d, out).ok()) return "";
    return out;
}

}  // namespace

int run_probe(int argc, char** argv) {
    bool file_form = false;
    bool usage_error = false;
    long timeout_ms = broker::default_probe_timeout.count();
    const char* socket = nullptr;
    for (int i = 1; i < argc && !usage_error; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            print_probe_help();
            return 0;
        }
        if (arg == "--identity-file-json") {
            file_form = true;
        } else if (arg == "--timeout-ms" && i + 1 < argc) {
            char* end = nullptr;
            timeout_ms = std::strtol(argv[++i], &end, 10);
            usage_error = *end != '\0' || timeout_ms <= 0;
        } else if (socket == nullptr && arg[0] != '-') {
            socket = argv[i];
        } else {
            usage_error = true;
        }
    }
    if (socket == nullptr || usage_error) {
        std::fprintf(stderr, "usage: %s\n", usage);
        return 2;
    }
    const broker::probe_result r = broker::probe_endpoint(socket, std::chrono::milliseconds(timeout_ms));
    if (!r.ok()) {
        std::fprintf(stderr, "error: %s: %s\n", socket, r.message.c_str());
        if (r.response) std::fprintf(stderr, "  what came back: %s\n", describe_frame(*r.response).c_str());
        return 1;
    }
    if (file_form) {
        std::printf("%s\n", identity_file_json(r).c_str());
        return 0;
    }
    std::string out;
    json::writer w(out);
    to_json(broker::to_proto(r.identity), w);
    std::printf("%s\n", out.c_str());
    return 0;
}

}  // namespace brokerwire::tool
