// Errors of the file layer as values: what went wrong, with which path, and why.
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <brokerwire/wire/error.hpp>

namespace brokerwire::files {

// The kind of a file-layer failure. Each kind fills its own fields of
// `file_error` (listed beside it); `path` is set whenever a path is involved.
enum class file_errc : std::uint8_t {
    ok = 0,
    io,                   // sys_errno, operation: a system call failed
    invalid_name,         // name_issue, subject (the name), position, other (the field
                          // when not the service name, e.g. "explicit_instance")
    invalid_version,      // version_issue, subject (the version), position, other (the
                          // field, e.g. "min_version", when known)
    insecure_directory,   // mode: the directory is open to group or others (mode & 077)
    foreign_directory,    // owner: the directory belongs to another user
    symlinked_directory,  // the directory is a symbolic link
    decode,               // decode_status, subject (the message type)
    name_mismatch,        // subject (name from the file name), other (name in the file)
    too_large,            // size, limit
    not_regular_file,     // subject ("symlink", "fifo", "directory", ...)
    no_default_directory, // subject (what was missing, e.g. "HOME")
    invalid_path,         // path_issue, subject (the value), other (the field, e.g. "binary_path")
    invalid_isolation,    // isolation_issue, subject (the value), other (the field)
    invalid_environment,  // path_issue, subject (the value), other (the variable, e.g. "XDG_CONFIG_HOME")
};

// Why a path from a definition field or an environment variable was refused.
enum class path_problem : std::uint8_t {
    none = 0,
    empty,     // upstream's v1 rules: "must not be empty"
    relative,  // upstream's v1 rules: "must be absolute"; for a variable, it would name
               // a directory relative to whichever working directory reads it
};

// Why the isolation fields of a definition were refused (upstream's v1 rules,
// server/service_def_loader.rs validate_service_definition_for_service).
enum class isolation_problem : std::uint8_t {
    none = 0,
    unknown_value,         // not PRIVATE_BROKER, SHARED_BROKER or EXPLICIT_INSTANCE
    instance_not_allowed,  // explicit_instance set, isolation not EXPLICIT_INSTANCE
    instance_required,     // EXPLICIT_INSTANCE without an explicit_instance
};

// Why a service name was refused (docs/contract.md, "Names and versions":
// 1-64 characters of [a-z0-9-]).
enum class name_problem : std::uint8_t {
    none = 0,
    empty,
    too_long,           // more than 64 characters
    uppercase,          // its own reason: case-only collisions merge on Windows pipe names
    invalid_character,  // anything else outside [a-z0-9-]
};

// Why a version was refused (docs/contract.md, "Names and versions":
// MAJOR.MINOR.PATCH of digits, optionally `-` and a non-empty pre-release of
// [a-z0-9.]).
enum class version_problem : std::uint8_t {
    none = 0,
    empty,
    wrong_component_count,         // not exactly three dot-separated numbers before any `-`
    empty_component,               // "1..2", ".1.2", "1.2."
    non_digit_component,           // "1.x.2"
    empty_prerelease,              // "1.2.3-"
    invalid_prerelease_character,  // "1.2.3-RC1", "1.2.3-a_b"
};

// Short English text for each reason ("contains an uppercase letter").
const char* describe(file_errc kind) noexcept;
const char* describe(name_problem p) noexcept;
const char* describe(version_problem p) noexcept;
const char* describe(path_problem p) noexcept;
const char* describe(isolation_problem p) noexcept;

// One failure of the file layer. `kind == ok` means success; only the fields
// that belong to `kind` (see file_errc) carry meaning.
struct [[nodiscard]] file_error {
    file_errc kind = file_errc::ok;
    std::string path;
    int sys_errno = 0;
    const char* operation = "";  // static text: "open", "rename", "fsync", ...
    name_problem name_issue = name_problem::none;
    version_problem version_issue = version_problem::none;
    path_problem path_issue = path_problem::none;
    isolation_problem isolation_issue = isolation_problem::none;
    std::size_t position = 0;    // offending character index for names and versions
    std::string subject;
    std::string other;
    std::uint32_t mode = 0;      // permission bits of an insecure directory
    std::uint32_t owner = 0;     // user id owning a foreign directory
    status decode_status{};
    std::uint64_t size = 0;
    std::uint64_t limit = 0;

    bool ok() const noexcept { return kind == file_errc::ok; }
};

// One readable line: "<quoted path>: <cause>" (for example
// "\"/x/a.servicedef.v2\": rename failed: Is a directory (errno 21)"). Every
// path, name and value taken from input is quoted and escaped (quoted.hpp),
// so the line is valid UTF-8 without control characters whatever the bytes.
std::string to_string(const file_error& e);

// The strerror text of an errno value, safe to call from any thread.
std::string errno_text(int errnum);

// Constructors for each kind, so call sites read as the rule they enforce.
file_error io_error(std::string path, const char* operation, int errnum);
file_error name_error(std::string name, name_problem p, std::size_t position);
file_error version_error(std::string version, version_problem p, std::size_t position);
file_error insecure_directory_error(std::string path, std::uint32_t mode);
file_error decode_error(std::string path, std::string_view message_type, status s);
file_error name_mismatch_error(std::string path, std::string expected, std::string found);
file_error too_large_error(std::string path, std::uint64_t size, std::uint64_t limit);
file_error not_regular_file_error(std::string path, const char* what);
file_error no_default_directory_error(const char* missing);
file_error foreign_directory_error(std::string path, std::uint32_t owner);
file_error symlinked_directory_error(std::string path);
file_error invalid_path_error(const char* field, std::string value, path_problem p);
file_error invalid_isolation_error(const char* field, std::string value, isolation_problem p);
file_error invalid_environment_error(const char* variable, std::string value, path_problem p);

// A value or the error that prevented it. `value` is meaningful only when
// ok(); T must be default-constructible (every message type is).
template <class T>
struct [[nodiscard]] file_result {
    T value{};
    file_error error{};

    file_result() = default;
    file_result(T v) : value(std::move(v)) {}              // NOLINT: implicit on purpose
    file_result(file_error e) : error(std::move(e)) {}     // NOLINT: implicit on purpose

    bool ok() const noexcept { return error.ok(); }
};

}  // namespace brokerwire::files
