// Asking a running broker over its sockets (see broker_calls.hpp).
#include "broker_calls.hpp"

#include "brokerwire/broker/client.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/handshake.hpp"

namespace brokerwire::tool {

int connect_to(const std::string& run_dir, const std::string& name, std::string& error) {
    broker::broker_error e;
    const int fd = broker::connect_unix(run_dir + "/" + name + ".sock", e);
    if (fd < 0) error = to_string(e);
    return fd;
}

std::string hello_socket_refusal(const v1::frame& response) {
    if (response.payload_protocol != broker::lane::control) return "";
    v1::hello_reply reply;
    if (!decode(bytes_view(response.payload), reply).ok() || !reply.unknown_fields.empty()) return "";
    const v1::refused* refused = reply.refused();
    if (refused == nullptr || refused->reason.empty() || refused->code == v1::error_code::unspecified ||
        !refused->unknown_fields.empty()) {
        return "";
    }
    return "the socket answered like a v2 broker's Hello socket, with Refused (" +
           std::string(v1::name_of(refused->code)) + "): " + refused->reason +
           "; brokerwire's extension requests go to the run directory's broker.sock";
}

std::string ask(int fd, std::uint32_t lane, bytes_view payload, v1::frame& response) {
    // Requests on one connection go one at a time, so one request_id serves all.
    if (const broker::broker_error e = broker::call(fd, lane, payload, 1, response); !e.ok()) return to_string(e);
    if (std::string refusal = hello_socket_refusal(response); !refusal.empty()) return refusal;
    const broker::broker_error refused = broker::request_error(response, lane);
    return refused.ok() ? std::string() : to_string(refused);
}

}  // namespace brokerwire::tool
