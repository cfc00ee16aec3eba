// Errors of the file layer as values: what went wrong, with which path, and why.
#pragma once

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
    insecure_directory,   // mode: the directory is group- or world-writable
    decode,               // decode_status, subject (the message type)
    name_mismatch,        // subject (name from the file name), other (name in the file)
    too_large,            // size, limit
    not_regular_file,     // subject ("symlink", "fifo", "directory", ...)
    no_default_directory, // subject (what was missing, e.g. "HOME")
};

// Why a service name was refused (SPEC §5: 1-64 characters of [a-z0-9-]).
enum class name_problem : std::uint8_t {
    none = 0,
    empty,
    too_long,           // more than 64 characters
    uppercase,          // its own reason: case-only collisions merge on Windows pipe names
    invalid_character,  // anything else outside [a-z0-9-]
};

// Why a version was refused (SPEC §5: MAJOR.MINOR.PATCH of digits,
// optionally `-` and a non-empty pre-release of [a-z0-9.]).
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

// One failure of the file layer. `kind == ok` means success; only the fields
// that belong to `kind` (see file_errc) carry meaning.
struct [[nodiscard]] file_error {
    file_errc kind = file_errc::ok;
    std::string path;
    int sys_errno = 0;
    const char* operation = "";  // static text: "open", "rename", "fsync", ...
    name_problem name_issue = name_problem::none;
    version_problem version_issue = version_problem::none;
    std::size_t position = 0;    // offending character index for names and versions
    std::string subject;
    std::string other;
    std::uint32_t mode = 0;      // permission bits of an insecure directory
    status decode_status{};
    std::uint64_t size = 0;
    std::uint64_t limit = 0;

    bool ok() const noexcept { return kind == file_errc::ok; }
};

// One readable line: "<path>: <cause>" (for example
// "/x/a.servicedef.v2: rename failed: Is a directory (errno 21)").
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
