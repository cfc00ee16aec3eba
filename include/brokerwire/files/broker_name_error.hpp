// Errors of the v2 broker's names and directories as values: which input was
// refused, and why (session_id.hpp, broker_names.hpp, runtime_dir.hpp,
// http_port_file.hpp).
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files {

// The kind of a failure. Each kind fills its own fields of
// `broker_name_error` (listed beside it).
enum class broker_name_errc : std::uint8_t {
    ok = 0,
    invalid_program,      // cause: the service-name error of the program (cause.other == "program")
    invalid_sid,          // subject (the sid), sid_issue, position
    path_too_long,        // subject (the path), length, limit (the longest path accepted)
    no_machine_id,        // no machine-id file exists and no boot_id is usable
    invalid_address,      // subject: not an IPv4 or IPv6 address in text form
    malformed_http_port,  // path, subject (the file's text, trimmed)
    file,                 // cause: a file-layer failure (read, canonicalize, write, directory)
};

// Why a sid was refused; each is one of upstream's reasons (names_v2.rs
// validate_sid_hash), checked in this order.
enum class sid_problem : std::uint8_t {
    none = 0,
    empty,              // "sid_hash must be at least 1 character"
    wrong_length,       // "sid_hash must be exactly 16 hex characters"
    not_lowercase_hex,  // "sid_hash must be lowercase hex digits"
};

// Short English text for each kind and reason.
const char* describe(broker_name_errc kind) noexcept;
const char* describe(sid_problem p) noexcept;

// One failure. `kind == ok` means success; only the fields that belong to
// `kind` (see broker_name_errc) carry meaning.
struct [[nodiscard]] broker_name_error {
    broker_name_errc kind = broker_name_errc::ok;
    std::string subject;
    std::string path;
    sid_problem sid_issue = sid_problem::none;
    std::size_t position = 0;  // a sid's first bad character (not_lowercase_hex), or its length (wrong_length)
    std::size_t length = 0;    // length of a path that is too long
    std::size_t limit = 0;     // the longest path accepted
    file_error cause{};

    bool ok() const noexcept { return kind == broker_name_errc::ok; }
};

// One readable line naming the refused input and the reason, for example
// `invalid sid_hash "DEADBEEFCAFEF00D": sid_hash must be lowercase hex digits (at index 0)`.
std::string to_string(const broker_name_error& e);

// Constructors for each kind, so call sites read as the rule they enforce.
broker_name_error invalid_program_error(file_error name_check);
broker_name_error invalid_sid_error(std::string sid, sid_problem p, std::size_t position);
broker_name_error path_too_long_error(std::string path, std::size_t limit);
broker_name_error no_machine_id_error(std::string sources_tried);
broker_name_error invalid_address_error(std::string address);
broker_name_error malformed_http_port_error(std::string path, std::string text);
broker_name_error file_failure(file_error cause);

// A value or the error that prevented it; `value` is meaningful only when ok().
template <class T>
struct [[nodiscard]] broker_name_result {
    T value{};
    broker_name_error error{};

    broker_name_result() = default;
    broker_name_result(T v) : value(std::move(v)) {}                    // NOLINT: implicit on purpose
    broker_name_result(broker_name_error e) : error(std::move(e)) {}    // NOLINT: implicit on purpose

    bool ok() const noexcept { return error.ok(); }
};

}  // namespace brokerwire::files
