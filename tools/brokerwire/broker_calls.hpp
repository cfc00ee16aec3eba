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

// When `response` is what a v2 broker's Hello socket sends to a request it
// cannot read (a HelloReply holding a Refused with a code and a reason, on
// the control lane), says so with the refusal; otherwise "". Such a reply
// would otherwise decode as some extension reply and read as a success.
std::string hello_socket_refusal(const v1::frame& response);
// Sends `payload` as a REQUEST on `lane` and waits for its RESPONSE. Returns
// "" or why not; the broker's refusal (its error reply, or a v2 Hello
// socket's Refused) counts as a failure.
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
    // Every extension reply is a message of known fields: anything else in it
    // means it is some other message that happened to decode.
    if (error.empty() && !reply.unknown_fields.empty()) {
        error = "the reply is not a " + std::string(Reply::full_name) + ": it carries fields that message does not have";
    }
    return error;
}

}  // namespace brokerwire::tool
