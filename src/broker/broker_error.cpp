// Broker errors: constructors and their one-line texts.
#include "brokerwire/broker/broker_error.hpp"

#include <sys/un.h>

#include <utility>

namespace brokerwire::broker {
namespace {

broker_error of_kind(broker_errc kind) {
    broker_error e;
    e.kind = kind;
    return e;
}

std::string errno_suffix(int errnum) {
    if (errnum == 0) return "";
    return ": " + files::errno_text(errnum) + " (errno " + std::to_string(errnum) + ")";
}

}  // namespace

const char* describe(broker_errc kind) noexcept {
    switch (kind) {
        case broker_errc::ok: return "ok";
        case broker_errc::system: return "a system call failed";
        case broker_errc::socket_path: return "cannot name a Unix socket";
        case broker_errc::not_a_socket: return "exists and is not a socket";
        case broker_errc::socket_in_use: return "another process is listening on it";
        case broker_errc::already_bound: return "another listener is already bound";
        case broker_errc::file: return "the file layer refused";
        case broker_errc::live_daemon: return "published by another live daemon";
        case broker_errc::send: return "a frame could not be sent";
        case broker_errc::receive: return "a frame could not be received";
        case broker_errc::closed: return "the peer closed the connection without a reply";
        case broker_errc::malformed: return "does not decode";
        case broker_errc::unexpected_reply: return "unexpected reply";
        case broker_errc::error_reply: return "the broker answered with an error";
        case broker_errc::wrong_state: return "not possible in this state";
        case broker_errc::nothing_to_serve: return "no socket to serve: neither a v2 socket nor a run directory";
    }
    return "unknown error";
}

std::string to_string(const broker_error& e) {
    switch (e.kind) {
        case broker_errc::ok:
            return "ok";
        case broker_errc::system:
            return (e.path.empty() ? "" : e.path + ": ") + e.operation + " failed" + errno_suffix(e.sys_errno);
        case broker_errc::socket_path:
            return e.path + ": cannot name a Unix socket (empty, or longer than " +
                   std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes)";
        case broker_errc::not_a_socket:
        case broker_errc::socket_in_use:
        case broker_errc::closed:
        case broker_errc::nothing_to_serve:
            return (e.path.empty() ? "" : e.path + ": ") + describe(e.kind);
        case broker_errc::already_bound:
            return e.path + ": another listener is already bound (" + e.operation + errno_suffix(e.sys_errno) + ")";
        case broker_errc::file:
            return (e.subject.empty() ? "" : e.subject + ": ") + files::to_string(e.file);
        case broker_errc::live_daemon:
            return e.path + ": already published by live daemon pid " + std::to_string(e.holder_pid);
        case broker_errc::send:
            return "send: " + framing::to_string(e.frame);
        case broker_errc::receive:
            return "receive: " + framing::to_string(e.frame);
        case broker_errc::malformed:
            return e.subject + " does not decode: " + to_string(e.decode_status);
        case broker_errc::unexpected_reply:
            return "unexpected reply: " + e.detail;
        case broker_errc::error_reply:
            return e.detail.empty() ? "error (exit code " + std::to_string(e.exit_code) + ")" : e.detail;
        case broker_errc::wrong_state:
            return e.detail;
    }
    return "unknown error";
}

broker_error system_error(std::string path, const char* operation, int errnum) {
    broker_error e = of_kind(broker_errc::system);
    e.path = std::move(path);
    e.operation = operation;
    e.sys_errno = errnum;
    return e;
}

broker_error socket_path_error(std::string path) {
    broker_error e = of_kind(broker_errc::socket_path);
    e.path = std::move(path);
    return e;
}

broker_error not_a_socket_error(std::string path) {
    broker_error e = of_kind(broker_errc::not_a_socket);
    e.path = std::move(path);
    return e;
}

broker_error socket_in_use_error(std::string path) {
    broker_error e = of_kind(broker_errc::socket_in_use);
    e.path = std::move(path);
    return e;
}

broker_error already_bound_error(std::string path, const char* operation, int errnum) {
    broker_error e = system_error(std::move(path), operation, errnum);
    e.kind = broker_errc::already_bound;
    return e;
}

broker_error file_layer_error(files::file_error f, std::string subject) {
    broker_error e = of_kind(broker_errc::file);
    e.path = f.path;
    e.subject = std::move(subject);
    e.file = std::move(f);
    return e;
}

broker_error live_daemon_error(std::string path, std::uint32_t holder_pid) {
    broker_error e = of_kind(broker_errc::live_daemon);
    e.path = std::move(path);
    e.holder_pid = holder_pid;
    return e;
}

broker_error send_error(framing::frame_status s) {
    broker_error e = of_kind(broker_errc::send);
    e.frame = s;
    return e;
}

broker_error receive_error(framing::frame_status s) {
    broker_error e = of_kind(broker_errc::receive);
    e.frame = s;
    return e;
}

broker_error closed_error() { return of_kind(broker_errc::closed); }

broker_error malformed_error(std::string subject, status s) {
    broker_error e = of_kind(broker_errc::malformed);
    e.subject = std::move(subject);
    e.decode_status = s;
    return e;
}

broker_error unexpected_reply_error(std::string detail) {
    broker_error e = of_kind(broker_errc::unexpected_reply);
    e.detail = std::move(detail);
    return e;
}

broker_error error_reply_error(std::string text, std::uint32_t exit_code) {
    broker_error e = of_kind(broker_errc::error_reply);
    e.detail = std::move(text);
    e.exit_code = exit_code;
    return e;
}

broker_error wrong_state_error(std::string detail) {
    broker_error e = of_kind(broker_errc::wrong_state);
    e.detail = std::move(detail);
    return e;
}

broker_error nothing_to_serve_error() { return of_kind(broker_errc::nothing_to_serve); }

}  // namespace brokerwire::broker
