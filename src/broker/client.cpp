// Blocking request/response over a broker socket.
#include "brokerwire/broker/client.hpp"

#include <vector>

#include "brokerwire/broker/fd_io.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "unix_socket.hpp"

namespace brokerwire::broker {
namespace {

broker_error send_envelope(int fd, v1::frame_kind kind, std::uint32_t lane_id, bytes_view payload,
                          std::uint64_t request_id) {
    v1::frame f;
    f.envelope_version = broker::envelope_version;
    f.kind = kind;
    f.payload_protocol = lane_id;
    f.payload.assign(payload.as_chars());
    f.request_id = request_id;
    const std::vector<std::uint8_t> body = encode(f);
    const framing::frame_status st = broker::write_frame(fd, bytes_view(body));
    return st.ok() ? broker_error{} : send_error(st);
}

}  // namespace

int connect_unix(const std::string& path, broker_error& error) { return detail::connect_unix(path, error); }

broker_error call(int fd, std::uint32_t lane_id, bytes_view payload, std::uint64_t request_id,
                  v1::frame& response) {
    broker_error error = send_envelope(fd, v1::frame_kind::request, lane_id, payload, request_id);
    if (!error.ok()) return error;
    std::string body;
    const framing::frame_status st = broker::read_frame(fd, framing::max_frame_body, body);
    if (st.code == framing::frame_errc::end_of_stream) return closed_error();
    if (!st.ok()) return receive_error(st);
    const status s = decode(bytes_view(body), response);
    if (!s.ok()) return malformed_error("reply envelope", s);
    // One request is in flight at a time, so the next frame must be its answer.
    if (response.kind != v1::frame_kind::response) {
        const std::string_view kind = v1::name_of(response.kind);
        return unexpected_reply_error(
            "a frame of kind " +
            (kind.empty() ? std::to_string(static_cast<std::int32_t>(response.kind)) : std::string(kind)) +
            ", not a RESPONSE");
    }
    if (response.envelope_version != broker::envelope_version) {
        return unexpected_reply_error("envelope_version " + std::to_string(response.envelope_version));
    }
    if (response.request_id != request_id) {
        return unexpected_reply_error("request_id " + std::to_string(response.request_id) + ", asked with " +
                                      std::to_string(request_id));
    }
    return {};
}

broker_error send_event(int fd, std::uint32_t lane_id, bytes_view payload) {
    return send_envelope(fd, v1::frame_kind::event, lane_id, payload, 0);
}

broker_error request_error(const v1::frame& response, std::uint32_t asked_lane) {
    if (response.payload_protocol != broker::lane::admin) {
        if (response.payload_protocol == asked_lane) return {};
        return unexpected_reply_error("a reply on lane " + std::to_string(response.payload_protocol));
    }
    v1::admin_reply reply;
    if (const status s = decode(bytes_view(response.payload), reply); !s.ok()) {
        return malformed_error("the AdminReply of the reply", s);
    }
    if (asked_lane == broker::lane::admin && reply.body.rfind("error: ", 0) != 0) return {};
    return error_reply_error(reply.body, reply.exit_code);
}

}  // namespace brokerwire::broker
