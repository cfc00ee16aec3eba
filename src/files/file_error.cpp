// Text for file-layer errors: every message names the path and the cause.
#include <brokerwire/files/file_error.hpp>

#include <cstdio>
#include <cstring>

#include <brokerwire/files/quoted.hpp>

namespace brokerwire::files {

namespace {

// strerror_r comes in two flavours (XSI returns int, GNU returns char*);
// overloads pick whichever this libc provides.
[[maybe_unused]] const char* strerror_result(int /*xsi_rc*/, const char* buf) { return buf; }
[[maybe_unused]] const char* strerror_result(const char* gnu_text, const char* /*buf*/) {
    return gnu_text;
}

std::string octal_mode(std::uint32_t mode) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777U));
    return buf;
}

// " at index 3" for reasons that point at one character.
std::string at_index(const file_error& e) {
    const bool pointed = e.name_issue == name_problem::uppercase ||
                         e.name_issue == name_problem::invalid_character ||
                         e.version_issue == version_problem::non_digit_component ||
                         e.version_issue == version_problem::invalid_prerelease_character;
    return pointed ? " at index " + std::to_string(e.position) : std::string();
}

std::string cause(const file_error& e) {
    switch (e.kind) {
        case file_errc::ok:
            return "ok";
        case file_errc::io:
            return std::string(e.operation) + " failed: " + errno_text(e.sys_errno) + " (errno " +
                   std::to_string(e.sys_errno) + ")";
        case file_errc::invalid_name:
            // `other` names the field when it is not the service name itself.
            return "invalid " + (e.other.empty() ? std::string("service name") : e.other) + " " +
                   quoted(e.subject) + ": " + describe(e.name_issue) + at_index(e) +
                   (e.name_issue == name_problem::uppercase
                        ? " (names are lowercase: case-only differences collide on Windows pipe names)"
                        : "");
        case file_errc::invalid_version:
            return "invalid " + (e.other.empty() ? std::string("version") : e.other) + " " +
                   quoted(e.subject) + ": " + describe(e.version_issue) + at_index(e);
        case file_errc::insecure_directory:
            return "insecure directory: mode " + octal_mode(e.mode) +
                   " lets group or others in (upstream's broker requires mode & 077 == 0, e.g. 0700)";
        case file_errc::foreign_directory:
            return "directory belongs to user " + std::to_string(e.owner) +
                   ", not to this user: it is neither used nor made private";
        case file_errc::symlinked_directory:
            return "directory is a symbolic link: it is neither followed nor made private";
        case file_errc::decode:
            return "cannot decode " + e.subject + ": " + to_string(e.decode_status);
        case file_errc::name_mismatch:
            return "file is named for " + quoted(e.subject) + " but holds " + quoted(e.other);
        case file_errc::too_large:
            return "file is " + std::to_string(e.size) + " bytes, over the " +
                   std::to_string(e.limit) + "-byte limit";
        case file_errc::not_regular_file:
            return "not a regular file (" + e.subject + ")";
        case file_errc::no_default_directory:
            return "no default directory: none of " + e.subject + " is set";
        case file_errc::invalid_path:
            return "invalid " + e.other + " " + quoted(e.subject) + ": " + describe(e.path_issue);
        case file_errc::invalid_isolation:
            return "invalid " + e.other + " " + quoted(e.subject) + ": " + describe(e.isolation_issue);
        case file_errc::invalid_environment:
            return "$" + e.other + " is " +
                   (e.path_issue == path_problem::empty ? std::string("set but empty")
                                                        : "the relative path " + quoted(e.subject)) +
                   ": upstream's broker would resolve it against its own working directory; "
                   "unset it or make it an absolute path";
    }
    return describe(e.kind);
}

}  // namespace

const char* describe(file_errc kind) noexcept {
    switch (kind) {
        case file_errc::ok: return "ok";
        case file_errc::io: return "i/o error";
        case file_errc::invalid_name: return "invalid service name";
        case file_errc::invalid_version: return "invalid version";
        case file_errc::insecure_directory: return "insecure directory";
        case file_errc::foreign_directory: return "directory owned by another user";
        case file_errc::symlinked_directory: return "directory is a symbolic link";
        case file_errc::decode: return "decode error";
        case file_errc::name_mismatch: return "service name does not match file name";
        case file_errc::too_large: return "file too large";
        case file_errc::not_regular_file: return "not a regular file";
        case file_errc::no_default_directory: return "no default directory";
        case file_errc::invalid_path: return "invalid path";
        case file_errc::invalid_isolation: return "invalid isolation";
        case file_errc::invalid_environment: return "unusable environment variable";
    }
    return "unknown file error";
}

const char* describe(name_problem p) noexcept {
    switch (p) {
        case name_problem::none: return "ok";
        case name_problem::empty: return "is empty";
        case name_problem::too_long: return "is longer than 64 characters";
        case name_problem::uppercase: return "contains an uppercase letter";
        case name_problem::invalid_character: return "contains a character outside [a-z0-9-]";
    }
    return "unknown problem";
}

const char* describe(version_problem p) noexcept {
    switch (p) {
        case version_problem::none: return "ok";
        case version_problem::empty: return "is empty";
        case version_problem::wrong_component_count:
            return "is not MAJOR.MINOR.PATCH (three dot-separated numbers)";
        case version_problem::empty_component: return "has an empty number";
        case version_problem::non_digit_component: return "has a number with a non-digit";
        case version_problem::empty_prerelease: return "has an empty pre-release after '-'";
        case version_problem::invalid_prerelease_character:
            return "has a pre-release character outside [a-z0-9.]";
    }
    return "unknown problem";
}

const char* describe(path_problem p) noexcept {
    switch (p) {
        case path_problem::none: return "ok";
        case path_problem::empty: return "is empty (an absolute path is required)";
        case path_problem::relative: return "is relative (an absolute path, starting with '/', is required)";
    }
    return "unknown problem";
}

const char* describe(isolation_problem p) noexcept {
    switch (p) {
        case isolation_problem::none: return "ok";
        case isolation_problem::unknown_value:
            return "is not a BrokerIsolation value (PRIVATE_BROKER, SHARED_BROKER, EXPLICIT_INSTANCE)";
        case isolation_problem::instance_not_allowed:
            return "must be empty unless isolation is EXPLICIT_INSTANCE";
        case isolation_problem::instance_required: return "is required when isolation is EXPLICIT_INSTANCE";
    }
    return "unknown problem";
}

std::string errno_text(int errnum) {
    char buf[256] = {0};
    return strerror_result(strerror_r(errnum, buf, sizeof buf), buf);
}

std::string to_string(const file_error& e) {
    const std::string text = cause(e);
    if (e.path.empty()) return text;
    return quoted(e.path) + ": " + text;
}

file_error io_error(std::string path, const char* operation, int errnum) {
    file_error e;
    e.kind = file_errc::io;
    e.path = std::move(path);
    e.operation = operation;
    e.sys_errno = errnum;
    return e;
}

file_error name_error(std::string name, name_problem p, std::size_t position) {
    file_error e;
    e.kind = file_errc::invalid_name;
    e.subject = std::move(name);
    e.name_issue = p;
    e.position = position;
    return e;
}

file_error version_error(std::string version, version_problem p, std::size_t position) {
    file_error e;
    e.kind = file_errc::invalid_version;
    e.subject = std::move(version);
    e.version_issue = p;
    e.position = position;
    return e;
}

file_error insecure_directory_error(std::string path, std::uint32_t mode) {
    file_error e;
    e.kind = file_errc::insecure_directory;
    e.path = std::move(path);
    e.mode = mode;
    return e;
}

file_error decode_error(std::string path, std::string_view message_type, status s) {
    file_error e;
    e.kind = file_errc::decode;
    e.path = std::move(path);
    e.subject = std::string(message_type);
    e.decode_status = s;
    return e;
}

file_error name_mismatch_error(std::string path, std::string expected, std::string found) {
    file_error e;
    e.kind = file_errc::name_mismatch;
    e.path = std::move(path);
    e.subject = std::move(expected);
    e.other = std::move(found);
    return e;
}

file_error too_large_error(std::string path, std::uint64_t size, std::uint64_t limit) {
    file_error e;
    e.kind = file_errc::too_large;
    e.path = std::move(path);
    e.size = size;
    e.limit = limit;
    return e;
}

file_error not_regular_file_error(std::string path, const char* what) {
    file_error e;
    e.kind = file_errc::not_regular_file;
    e.path = std::move(path);
    e.subject = what;
    return e;
}

file_error no_default_directory_error(const char* missing) {
    file_error e;
    e.kind = file_errc::no_default_directory;
    e.subject = missing;
    return e;
}

file_error foreign_directory_error(std::string path, std::uint32_t owner) {
    file_error e;
    e.kind = file_errc::foreign_directory;
    e.path = std::move(path);
    e.owner = owner;
    return e;
}

file_error symlinked_directory_error(std::string path) {
    file_error e;
    e.kind = file_errc::symlinked_directory;
    e.path = std::move(path);
    return e;
}

file_error invalid_path_error(const char* field, std::string value, path_problem p) {
    file_error e;
    e.kind = file_errc::invalid_path;
    e.other = field;
    e.subject = std::move(value);
    e.path_issue = p;
    return e;
}

file_error invalid_isolation_error(const char* field, std::string value, isolation_problem p) {
    file_error e;
    e.kind = file_errc::invalid_isolation;
    e.other = field;
    e.subject = std::move(value);
    e.isolation_issue = p;
    return e;
}

file_error invalid_environment_error(const char* variable, std::string value, path_problem p) {
    file_error e;
    e.kind = file_errc::invalid_environment;
    e.other = variable;
    e.subject = std::move(value);
    e.path_issue = p;
    return e;
}

}  // namespace brokerwire::files
