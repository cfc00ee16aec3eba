// docs/contract.md, "Files", "Names and versions", "File paths" and
// "Default directories": constants, service names, versions, file paths,
// default directories.
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>

using namespace brokerwire::files;

TEST_CASE("file constants match the upstream names") {
    CHECK(service_definition_extension == "servicedef.v2");
    CHECK(root_manifest_file == ".running-process-manifest.v2.pb");
    CHECK(central_manifest_extension == "v2.pb");
    CHECK(broker_envelope_version == "v2");
}

TEST_CASE("service name: 1-64 characters of [a-z0-9-] are accepted") {
    CHECK(validate_service_name("a").ok());
    CHECK(validate_service_name("zccache").ok());
    CHECK(validate_service_name("my-daemon-2").ok());
    CHECK(validate_service_name("-").ok());
    CHECK(validate_service_name(std::string(64, 'x')).ok());
}

TEST_CASE("service name: empty is its own error") {
    const file_error e = validate_service_name("");
    CHECK(e.kind == file_errc::invalid_name);
    CHECK(e.name_issue == name_problem::empty);
}

TEST_CASE("service name: longer than 64 characters is its own error") {
    const file_error e = validate_service_name(std::string(65, 'x'));
    CHECK(e.kind == file_errc::invalid_name);
    CHECK(e.name_issue == name_problem::too_long);
}

TEST_CASE("service name: an uppercase letter is its own error, with its index") {
    const file_error e = validate_service_name("zcCache");
    CHECK(e.kind == file_errc::invalid_name);
    CHECK(e.name_issue == name_problem::uppercase);
    CHECK(e.position == 2);
    CHECK(e.subject == "zcCache");
    CHECK(to_string(e).find("uppercase") != std::string::npos);
}

TEST_CASE("service name: any other character outside [a-z0-9-] is invalid_character") {
    struct row {
        std::string name;
        std::size_t position;
    };
    const row rows[] = {
        {"a_b", 1}, {"a.b", 1}, {"a b", 1}, {"a/b", 1}, {"caf\xc3\xa9", 3},
        {"a\nb", 1}, {"..", 0}, {std::string("a\0b", 3), 1},
    };
    for (const row& r : rows) {
        const file_error e = validate_service_name(r.name);
        CHECK_MESSAGE(e.name_issue == name_problem::invalid_character, r.name);
        CHECK_MESSAGE(e.position == r.position, r.name);
    }
}

TEST_CASE("version: MAJOR.MINOR.PATCH with an optional pre-release is accepted") {
    for (const char* v : {"0.0.0", "1.2.3", "10.20.30", "1.2.3-rc1", "1.2.3-alpha.1", "1.2.3-0.a.b"}) {
        CHECK_MESSAGE(validate_version(v).ok(), v);
    }
}

TEST_CASE("version: each failure has its own reason") {
    struct row {
        const char* version;
        version_problem problem;
        std::size_t position;
    };
    const row rows[] = {
        {"", version_problem::empty, 0},
        {"1", version_problem::wrong_component_count, 1},
        {"1.2", version_problem::wrong_component_count, 3},
        {"1.2.3.4", version_problem::wrong_component_count, 5},
        {"1..3", version_problem::empty_component, 2},
        {".1.2", version_problem::empty_component, 0},
        {"1.2.", version_problem::empty_component, 4},
        {"1.x.3", version_problem::non_digit_component, 2},
        {"v1.2.3", version_problem::non_digit_component, 0},
        {"1.2.3-", version_problem::empty_prerelease, 5},
        {"1.2.3-RC1", version_problem::invalid_prerelease_character, 6},
        {"1.2.3-a_b", version_problem::invalid_prerelease_character, 7},
        {"1.2.3-a-b", version_problem::invalid_prerelease_character, 7},
        {"-1.2.3", version_problem::wrong_component_count, 0},
    };
    for (const row& r : rows) {
        const file_error e = validate_version(r.version);
        CHECK_MESSAGE(e.kind == file_errc::invalid_version, std::string(r.version));
        CHECK_MESSAGE(e.version_issue == r.problem, std::string(r.version));
        CHECK_MESSAGE(e.position == r.position, std::string(r.version));
    }
}

TEST_CASE("paths: service definition, central manifest and root manifest") {
    CHECK(service_definition_path("/d", "zccache").value == "/d/zccache.servicedef.v2");
    CHECK(service_definition_path("/d/", "zccache").value == "/d/zccache.servicedef.v2");
    CHECK(central_manifest_path("/r", "zccache", "1.2.3-rc1").value == "/r/zccache-1.2.3-rc1.v2.pb");
    CHECK(root_manifest_path("/c") == "/c/.running-process-manifest.v2.pb");
}

TEST_CASE("paths: name and version are validated before any path is built") {
    const auto bad_name = service_definition_path("/d", "../etc/passwd");
    CHECK(bad_name.error.kind == file_errc::invalid_name);
    CHECK(bad_name.value.empty());
    const auto bad_central_name = central_manifest_path("/r", "Zc", "1.2.3");
    CHECK(bad_central_name.error.name_issue == name_problem::uppercase);
    const auto bad_version = central_manifest_path("/r", "zc", "1.2.3/../../x");
    CHECK(bad_version.error.kind == file_errc::invalid_version);
    CHECK(bad_version.value.empty());
}

namespace {

directory_environment xdg_env() {
    directory_environment env;
    env.layout = directory_layout::xdg;
    return env;
}

directory_environment macos_env() {
    directory_environment env;
    env.layout = directory_layout::macos;
    return env;
}

}  // namespace

TEST_CASE("default service-definition directory: explicit variable, then XDG_CONFIG_HOME, then HOME") {
    directory_environment env = xdg_env();
    env.home = "/home/u";
    CHECK(service_definition_dir(env).value == "/home/u/.config/running-process/services");
    env.xdg_config_home = "/xdg/config";
    CHECK(service_definition_dir(env).value == "/xdg/config/running-process/services");
    env.service_def_dir = "/explicit";
    CHECK(service_definition_dir(env).value == "/explicit");
}

TEST_CASE("default manifest registry: explicit variable, then XDG_DATA_HOME, then HOME") {
    directory_environment env = xdg_env();
    env.home = "/home/u";
    CHECK(central_registry_dir(env).value == "/home/u/.local/share/running-process/manifests");
    env.xdg_data_home = "/xdg/data";
    CHECK(central_registry_dir(env).value == "/xdg/data/running-process/manifests");
    env.manifest_dir = "/explicit";
    CHECK(central_registry_dir(env).value == "/explicit");
}

TEST_CASE("default directories: macOS uses ~/Library/Application Support and no XDG variable") {
    directory_environment env = macos_env();
    env.home = "/Users/u";
    env.xdg_config_home = "/xdg/config";  // upstream reads neither on macOS
    env.xdg_data_home = "relative";       // so neither can make it fail
    CHECK(service_definition_dir(env).value == "/Users/u/Library/Application Support/running-process/services");
    CHECK(central_registry_dir(env).value == "/Users/u/Library/Application Support/running-process/manifests");
    env.service_def_dir = "/explicit/s";
    env.manifest_dir = "/explicit/m";
    CHECK(service_definition_dir(env).value == "/explicit/s");
    CHECK(central_registry_dir(env).value == "/explicit/m");
}

TEST_CASE("default directories: HOME unset or empty falls back to the password database, as upstream") {
    for (const directory_environment& base : {xdg_env(), macos_env()}) {
        directory_environment env = base;
        env.passwd_home = "/var/lib/u";
        const bool mac = env.layout == directory_layout::macos;
        const std::string services = mac ? "/var/lib/u/Library/Application Support/running-process/services"
                                         : "/var/lib/u/.config/running-process/services";
        CHECK(service_definition_dir(env).value == services);
        env.home = "";  // the dirs crate treats an empty HOME as unset
        CHECK(service_definition_dir(env).value == services);
        env.home = "/home/u";  // a usable HOME wins
        CHECK(service_definition_dir(env).value.rfind("/home/u/", 0) == 0);
    }
}

TEST_CASE("default directories: an override variable set but empty is refused, naming it") {
    directory_environment env = xdg_env();
    env.home = "/home/u";
    env.service_def_dir = "";
    env.manifest_dir = "";
    const auto s = service_definition_dir(env);
    CHECK(s.error.kind == file_errc::invalid_environment);
    CHECK(s.error.other == "RUNNING_PROCESS_SERVICE_DEF_DIR");
    CHECK(s.error.path_issue == path_problem::empty);
    CHECK(to_string(s.error) ==
          "$RUNNING_PROCESS_SERVICE_DEF_DIR is set but empty: upstream's broker would resolve it against its own "
          "working directory; unset it or make it an absolute path");
    CHECK(central_registry_dir(env).error.other == "RUNNING_PROCESS_MANIFEST_DIR");
}

TEST_CASE("default directories: an empty or relative XDG value is refused, never skipped") {
    for (const char* value : {"", "relative/config", "./x", "~/config"}) {
        CAPTURE(value);
        directory_environment env = xdg_env();
        env.home = "/home/u";
        env.xdg_config_home = value;
        env.xdg_data_home = value;
        const auto s = service_definition_dir(env);
        CHECK(s.error.kind == file_errc::invalid_environment);
        CHECK(s.error.other == "XDG_CONFIG_HOME");
        CHECK(s.error.subject == value);
        CHECK(s.error.path_issue == (*value == '\0' ? path_problem::empty : path_problem::relative));
        CHECK(central_registry_dir(env).error.other == "XDG_DATA_HOME");
    }
    directory_environment env = xdg_env();
    env.xdg_config_home = "rel";
    CHECK(to_string(service_definition_dir(env).error).find("$XDG_CONFIG_HOME is the relative path \"rel\"") == 0);
}

TEST_CASE("default directories: a relative override or HOME is refused too") {
    directory_environment env = xdg_env();
    env.service_def_dir = "services";
    CHECK(service_definition_dir(env).error.other == "RUNNING_PROCESS_SERVICE_DEF_DIR");
    env = xdg_env();
    env.home = "home/u";
    CHECK(service_definition_dir(env).error.other == "HOME");
    CHECK(central_registry_dir(env).error.path_issue == path_problem::relative);
}

TEST_CASE("default directories: no HOME and no password-database home is no_default_directory, not /tmp") {
    for (const directory_environment& env : {xdg_env(), macos_env()}) {
        CHECK(service_definition_dir(env).error.kind == file_errc::no_default_directory);
        CHECK(central_registry_dir(env).error.kind == file_errc::no_default_directory);
    }
    CHECK(to_string(service_definition_dir(xdg_env()).error) ==
          "no default directory: none of RUNNING_PROCESS_SERVICE_DEF_DIR, XDG_CONFIG_HOME, HOME or a "
          "password-database home is set");
}

TEST_CASE("default directories: from_process keeps a set-but-empty variable apart from an unset one") {
    ::setenv("RUNNING_PROCESS_SERVICE_DEF_DIR", "", 1);
    ::unsetenv("RUNNING_PROCESS_MANIFEST_DIR");
    const directory_environment env = directory_environment::from_process();
    CHECK(env.layout == host_directory_layout);
    CHECK(env.service_def_dir == std::optional<std::string>(""));
    CHECK_FALSE(env.manifest_dir.has_value());
    ::unsetenv("RUNNING_PROCESS_SERVICE_DEF_DIR");
}
