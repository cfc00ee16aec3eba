// Text for the errors of the v2 broker's names and directories.
#include <brokerwire/files/broker_name_error.hpp>

#include <brokerwire/files/quoted.hpp>

namespace brokerwire::files {

namespace {

std::string cause_text(const broker_name_error& e) {
    switch (e.kind) {
        case broker_name_errc::ok:
            return "ok";
        case broker_name_errc::invalid_program:
        case broker_name_errc::file:
            return to_string(e.cause);
        case broker_name_errc::invalid_sid:
            return "invalid sid_hash " + quoted(e.subject) + ": " + describe(e.sid_issue) +
                   (e.sid_issue == sid_problem::not_lowercase_hex
                        ? " (at index " + std::to_string(e.position) + ")"
                        : std::string());
        case broker_name_errc::path_too_long:
            return quoted(e.subject) + ": socket path is " + std::to_string(e.length) +
                   " bytes, over the Linux sun_path limit of " + std::to_string(e.limit) +
                   " (108 including the NUL)";
        case broker_name_errc::no_machine_id:
            return "no machine id: none of " + e.subject + " exists, and no usable boot_id";
        case broker_name_errc::invalid_address:
            return "invalid address " + quoted(e.subject) + ": not an IPv4 or IPv6 address";
        case broker_name_errc::malformed_http_port:
            return e.path + ": malformed http port file " + quoted(e.subject) +
                   " (expected <address>:<port>)";
    }
    return describe(e.kind);
}

}  // namespace

const char* describe(broker_name_errc kind) noexcept {
    switch (kind) {
        case broker_name_errc::ok: return "ok";
        case broker_name_errc::invalid_program: return "invalid program name";
        case broker_name_errc::invalid_sid: return "invalid sid_hash";
        case broker_name_errc::path_too_long: return "socket path too long";
        case broker_name_errc::no_machine_id: return "no machine id";
        case broker_name_errc::invalid_address: return "invalid address";
        case broker_name_errc::malformed_http_port: return "malformed http port file";
        case broker_name_errc::file: return "file error";
    }
    return "unknown broker name error";
}

const char* describe(sid_problem p) noexcept {
    switch (p) {
        case sid_problem::none: return "ok";
        case sid_problem::empty: return "sid_hash must be at least 1 character";
        case sid_problem::wrong_length: return "sid_hash must be exactly 16 hex characters";
        case sid_problem::not_lowercase_hex: return "sid_hash must be lowercase hex digits";
    }
    return "unknown problem";
}

std::string to_string(const broker_name_error& e) { return cause_text(e); }

broker_name_error invalid_program_error(file_error name_check) {
    name_check.other = "program";
    broker_name_error e;
    e.kind = broker_name_errc::invalid_program;
    e.subject = name_check.subject;
    e.cause = std::move(name_check);
    return e;
}

broker_name_error invalid_sid_error(std::string sid, sid_problem p, std::size_t position) {
    broker_name_error e;
    e.kind = broker_name_errc::invalid_sid;
    e.subject = std::move(sid);
    e.sid_issue = p;
    e.position = position;
    return e;
}

broker_name_error path_too_long_error(std::string path, std::size_t limit) {
    broker_name_error e;
    e.kind = broker_name_errc::path_too_long;
    e.length = path.size();
    e.limit = limit;
    e.path = path;
    e.subject = std::move(path);
    return e;
}

broker_name_error no_machine_id_error(std::string sources_tried) {
    broker_name_error e;
    e.kind = broker_name_errc::no_machine_id;
    e.subject = std::move(sources_tried);
    return e;
}

broker_name_error invalid_address_error(std::string address) {
    broker_name_error e;
    e.kind = broker_name_errc::invalid_address;
    e.subject = std::move(address);
    return e;
}

broker_name_error malformed_http_port_error(std::string path, std::string text) {
    broker_name_error e;
    e.kind = broker_name_errc::malformed_http_port;
    e.path = std::move(path);
    e.subject = std::move(text);
    return e;
}

broker_name_error file_failure(file_error cause) {
    broker_name_error e;
    e.kind = broker_name_errc::file;
    e.path = cause.path;
    e.cause = std::move(cause);
    return e;
}

}  // namespace brokerwire::files
