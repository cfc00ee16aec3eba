// The README's API tour, compiled and run by the test suite.
#include <brokerwire/broker/envelope_check.hpp>
#include <brokerwire/broker/lanes.hpp>
#include <brokerwire/messages.hpp>

#include <cstdio>

int main() {
    using namespace brokerwire;

    // Build a message as a plain struct, and encode it.
    v2::service_definition def;
    def.service_name = "zccache";
    def.isolation = v2::broker_isolation::shared_broker;
    def.labels["team"] = "build-infra";
    def.http_server.emplace().health_path = "/healthz";
    const std::vector<std::uint8_t> bytes = encode(def);

    // Or size first and encode into your own buffer, with no allocation.
    std::uint8_t buffer[256];
    const std::size_t written = encode(def, buffer, sizeof buffer);

    // Decode into an owning message (reuse it: its buffers are kept).
    v2::service_definition back;
    if (status s = decode(bytes_view(buffer, written), back); !s.ok()) {
        std::fprintf(stderr, "%s\n", to_string(s).c_str());  // "invalid varint at offset 12 (field 3)"
        return 1;
    }

    // Or decode into a view: string_views into the input, no allocation at all.
    v2::service_definition_view view;
    if (!decode(bytes_view(bytes), view).ok()) return 1;
    std::string_view team;
    const bool labelled = view.labels.find("team", team);

    // The handshake: a client's REQUEST Frame on the control lane carries a Hello ...
    v1::hello hello;
    hello.client_min_protocol = 1;
    hello.client_max_protocol = 1;
    hello.service_name = "zccache";
    v1::frame request;
    request.envelope_version = 1;
    const std::vector<std::uint8_t> hello_bytes = encode(hello);
    request.payload.assign(hello_bytes.begin(), hello_bytes.end());
    const std::vector<std::uint8_t> request_body = encode(request);

    // ... which a broker checks in upstream's order, then answers with a HelloReply.
    v1::frame_view envelope;
    v1::hello_view asked;
    if (!decode(bytes_view(request_body), envelope).ok()) return 1;
    const broker::envelope_check check =
        broker::validate_frame_envelope(envelope, v1::frame_kind::request, broker::lane::control);
    if (!check.ok() || !decode(bytes_view(envelope.payload), asked).ok()) return 1;
    v1::hello_reply reply;
    v1::refused& refused = reply.set_refused();
    refused.code = v1::error_code::service_unknown;
    refused.reason = "no service definition for " + std::string(asked.service_name);

    std::printf("%s %s %zu bytes; %s\n", std::string(view.service_name).c_str(),
                labelled ? std::string(team).c_str() : "-", written, reply.refused()->reason.c_str());
    return back == def ? 0 : 1;
}
