// The client's Hello round trip and its acceptance checks.
#include "brokerwire/broker/hello_client.hpp"

#include <unistd.h>
#include <vector>

#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/broker/fd_io.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "unix_socket.hpp"

namespace brokerwire::broker {
namespace {

// The request_id upstream's client puts on every Hello frame.
constexpr std::uint64_t hello_request_id = 1;

// Upstream's client words for each envelope fault of a reply.
const char* reply_fault_text(broker::envelope_fault fault) {
    switch (fault) {
        case broker::envelope_fault::version: return "envelope_version is not v1";
        case broker::envelope_fault::kind: return "kind is not RESPONSE";
        case broker::envelope_fault::payload_protocol: return "payload_protocol is not control-plane";
        case broker::envelope_fault::payload_encoding: return "payload is compressed";
        case broker::envelope_fault::none: break;
    }
    return "";
}

broker_error send_hello(int fd, const v1::hello& hello) {
    v1::frame request;
    request.envelope_version = broker::envelope_version;
    request.kind = v1::frame_kind::request;
    request.payload_protocol = broker::lane::control;
    const std::vector<std::uint8_t> payload = encode(hello);
    request.payload.assign(payload.begin(), payload.end());
    request.request_id = hello_request_id;
    const std::vector<std::uint8_t> body = encode(request);
    const framing::frame_status st = broker::write_frame(fd, bytes_view(body));
    return st.ok() ? broker_error{} : send_error(st);
}

}  // namespace

v1::hello client_v2_hello(std::string_view program, std::string_view service, std::string_view version_hint,
                          std::string_view client_version, std::uint32_t pid) {
    v1::hello h;
    h.client_min_protocol = 1;
    h.client_max_protocol = 1;
    h.service_name = std::string(service);
    h.wanted_version = std::string(version_hint);
    h.client_version = std::string(client_version);
    h.request_id = "client_v2-" + std::string(program) + "-" + std::to_string(pid);
    h.peer_pid = pid;
    h.client_lib_name = "running-process broker::client_v2";
    h.client_lib_version = std::string(client_version);
    return h;
}

broker_error exchange_hello(int fd, const v1::hello& hello, v1::hello_reply& reply) {
    if (broker_error error = send_hello(fd, hello); !error.ok()) return error;
    std::string body;
    const framing::frame_status st = broker::read_frame(fd, framing::max_frame_body, body);
    if (st.code == framing::frame_errc::end_of_stream) return closed_error();
    if (!st.ok()) return receive_error(st);
    v1::frame frame;
    if (const status s = decode(bytes_view(body), frame); !s.ok()) return malformed_error("reply Frame", s);
    const broker::envelope_check check =
        broker::validate_frame_envelope(frame, v1::frame_kind::response, broker::lane::control);
    if (!check.ok()) {
        return unexpected_reply_error(std::string(reply_fault_text(check.fault)) + " (it is " +
                                      std::to_string(check.actual) + ")");
    }
    if (frame.request_id != hello_request_id) {
        return unexpected_reply_error("request_id does not match the Hello request (it is " +
                                      std::to_string(frame.request_id) + ")");
    }
    if (const status s = decode(bytes_view(frame.payload), reply); !s.ok()) return malformed_error("HelloReply", s);
    if (reply.negotiated() == nullptr && reply.refused() == nullptr) {
        return unexpected_reply_error("HelloReply.result missing");
    }
    return {};
}

broker_error exchange_hello(const std::string& socket_path, const v1::hello& hello, v1::hello_reply& reply) {
    broker_error error;
    const int fd = detail::connect_unix(socket_path, error);
    if (fd < 0) return error;
    error = exchange_hello(fd, hello, reply);
    ::close(fd);
    return error;
}

}  // namespace brokerwire::broker
