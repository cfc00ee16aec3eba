// Service-name and version rules (docs/contract.md, "Names and versions").
#include <brokerwire/files/names.hpp>

#include <string>

namespace brokerwire::files {

namespace {

constexpr bool is_lower_or_digit(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }

// Checks one of MAJOR, MINOR, PATCH starting at `base` within the version.
file_error check_number(std::string_view version, std::string_view part, std::size_t base) {
    if (part.empty()) return version_error(std::string(version), version_problem::empty_component, base);
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (!is_digit(part[i])) {
            return version_error(std::string(version), version_problem::non_digit_component, base + i);
        }
    }
    return {};
}

file_error check_prerelease(std::string_view version, std::size_t dash) {
    const std::string_view pre = version.substr(dash + 1);
    if (pre.empty()) return version_error(std::string(version), version_problem::empty_prerelease, dash);
    for (std::size_t i = 0; i < pre.size(); ++i) {
        if (!is_lower_or_digit(pre[i]) && pre[i] != '.') {
            return version_error(std::string(version),
                                 version_problem::invalid_prerelease_character, dash + 1 + i);
        }
    }
    return {};
}

}  // namespace

file_error validate_service_name(std::string_view name) {
    if (name.empty()) return name_error(std::string(name), name_problem::empty, 0);
    if (name.size() > max_service_name_length) {
        return name_error(std::string(name), name_problem::too_long, max_service_name_length);
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (is_lower_or_digit(c) || c == '-') continue;
        // Uppercase is reported apart from other characters: "Foo" and "foo"
        // would name the same pipe on Windows.
        const name_problem p = is_upper(c) ? name_problem::uppercase : name_problem::invalid_character;
        return name_error(std::string(name), p, i);
    }
    return {};
}

file_error validate_version(std::string_view version) {
    if (version.empty()) return version_error(std::string(version), version_problem::empty, 0);
    const std::size_t dash = version.find('-');
    const std::string_view core = version.substr(0, dash);
    std::size_t start = 0;
    for (int component = 0; component < 3; ++component) {
        const std::size_t dot = core.find('.', start);
        const bool last = component == 2;
        if (last != (dot == std::string_view::npos)) {
            // Too few dots before the last number, or a dot after it.
            return version_error(std::string(version), version_problem::wrong_component_count,
                                 last ? dot : core.size());
        }
        const std::size_t end = last ? core.size() : dot;
        if (file_error e = check_number(version, core.substr(start, end - start), start); !e.ok()) {
            return e;
        }
        start = end + 1;
    }
    if (dash != std::string_view::npos) return check_prerelease(version, dash);
    return {};
}

}  // namespace brokerwire::files
