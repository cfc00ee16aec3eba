// Asking a running broker over its sockets, shared by the client commands
// (daemon, query, admin) and the demo. Errors come back as text so that each
// caller reports them its own way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "brokerwire/messages/envelope.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::tool {

// Connects to `<run_dir>/<name>.sock`: a service's daemon socket, or the
// clients' one for "broker". The descriptor, or -1 with `error` set.
int connect_to(const std::string& run_dir, const std::string& name, std::string& error);

// Sends `payload` as a REQUEST on `lane` and waits for its RESPONSE. Returns
// "" or why not; the broker's refusal (its error reply) counts as a failure.
std::string ask(int fd, std::uint32_t lane, bytes_view payload, v1::frame& response);

// ask() with `request` encoded and the reply's payload decoded into `reply`.
template <class Request, class Reply>
std::string ask_for(int fd, std::uint32_t lane, const Request& request, Reply& reply) {
    const std::vector<std::uint8_t> payload = encode(request);
    v1::frame response;
    std::string error = ask(fd, lane, bytes_view(payload), response);
    if (error.empty() && !decode(bytes_view(response.payload), reply).ok()) {
        error = "malformed " + std::string(Reply::full_name) + " in the reply";
    }
    return error;
}

}  // namespace brokerwire::tool
