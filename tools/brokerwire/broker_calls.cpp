// Asking a running broker over its sockets (see broker_calls.hpp).
#include "broker_calls.hpp"

#include "brokerwire/broker/client.hpp"

namespace brokerwire::tool {

int connect_to(const std::string& run_dir, const std::string& name, std::string& error) {
    return broker::connect_unix(run_dir + "/" + name + ".sock", error);
}

std::string ask(int fd, std::uint32_t lane, bytes_view payload, v1::frame& response) {
    // Requests on one connection go one at a time, so one request_id serves all.
    std::string error = broker::call(fd, lane, payload, 1, response);
    if (error.empty()) error = broker::request_error(response, lane);
    return error;
}

}  // namespace brokerwire::tool
