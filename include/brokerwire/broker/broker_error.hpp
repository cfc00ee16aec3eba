// Errors of the broker's sockets and loops as values: what failed, on which
// socket or file, and the details of that kind of failure. The client calls
// (client.hpp, hello_client.hpp), the daemon endpoint and the server return
// one; `ok()` means success.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <string>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/wire/error.hpp"

namespace brokerwire::broker {

// The kind of a broker failure. Each kind fills its own fields of
// `broker_error` (listed beside it); `path` is set whenever a socket or file
// is involved.
enum class broker_errc : std::uint8_t {
    ok = 0,
    system,            // operation, sys_errno: a system call failed
    socket_path,       // path: empty, or too long for a Unix socket address
    not_a_socket,      // path: something other than a socket is there
    socket_in_use,     // path: a live process accepts on it, so it is not replaced
    already_bound,     // path, operation, sys_errno: another broker holds the v2
                       // socket (upstream's AlreadyBound)
    file,              // file, subject (what it was for, when the path does not say):
                       // the files layer refused a directory or file
    live_daemon,       // path, holder_pid: another live daemon's identity file is there
    send,              // frame: a frame could not be written
    receive,           // frame: a frame could not be read
    closed,            // the peer closed the connection before it answered
    malformed,         // subject (what did not decode, e.g. "HelloReply"), decode_status
    unexpected_reply,  // detail: how a well-formed reply differs from the answer asked for
    error_reply,       // detail (the broker's text), exit_code: the broker refused the request
    wrong_state,       // detail: the call does not fit the object's state ("not open")
    nothing_to_serve,  // the configuration names neither a v2 socket nor a run directory
};

// Short English text for each kind ("the peer closed the connection").
const char* describe(broker_errc kind) noexcept;

// One failure. Only the fields that belong to `kind` (see broker_errc) carry
// meaning.
struct [[nodiscard]] broker_error {
    broker_errc kind = broker_errc::ok;
    std::string path;
    const char* operation = "";  // static text: "connect", "bind", "epoll_wait", ...
    int sys_errno = 0;
    framing::frame_status frame{};
    status decode_status{};
    files::file_error file{};
    std::uint32_t holder_pid = 0;
    std::uint32_t exit_code = 0;
    std::string subject;
    std::string detail;

    bool ok() const noexcept { return kind == broker_errc::ok; }
};

// One readable line, e.g. "/run/b.sock: connect failed: No such file or
// directory (errno 2)" or "the broker closed the connection without a reply".
std::string to_string(const broker_error& e);

// Constructors for each kind, so call sites read as the rule they report.
broker_error system_error(std::string path, const char* operation, int errnum);
broker_error socket_path_error(std::string path);
broker_error not_a_socket_error(std::string path);
broker_error socket_in_use_error(std::string path);
broker_error already_bound_error(std::string path, const char* operation, int errnum);
broker_error file_layer_error(files::file_error e, std::string subject = {});
broker_error live_daemon_error(std::string path, std::uint32_t holder_pid);
broker_error send_error(framing::frame_status s);
broker_error receive_error(framing::frame_status s);
broker_error closed_error();
broker_error malformed_error(std::string subject, status s);
broker_error unexpected_reply_error(std::string detail);
broker_error error_reply_error(std::string text, std::uint32_t exit_code);
broker_error wrong_state_error(std::string detail);
broker_error nothing_to_serve_error();

}  // namespace brokerwire::broker
