// The v2 broker's pipe names, runtime directory, socket path and daemon
// identity path. Restates upstream's tests in
// crates/running-process/src/broker/lifecycle/names_v2.rs,
// crates/running-process/src/broker/server/singleton_bind.rs and
// crates/running-process-platform-internal/src/platform_linux.rs
// (endpoint_naming_tests); golden hashes come from b3sum.
#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <brokerwire/files/broker_names.hpp>
#include <brokerwire/files/runtime_dir.hpp>
#include <brokerwire/files/session_id.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using brokerwire::files::testing::temp_dir;
using brokerwire::files::testing::write_plain;

namespace {

constexpr const char* valid_sid = "deadbeefcafef00d";  // names_v2.rs VALID_SID

// An environment with nothing set, for uid 1000.
runtime_environment bare_env() {
    runtime_environment env;
    env.uid = 1000;
    return env;
}

runtime_environment xdg_env(std::string runtime) {
    runtime_environment env = bare_env();
    env.xdg_runtime_dir = std::move(runtime);
    return env;
}

}  // namespace

// names_v2.rs v2_program_pipe_happy_path.
TEST_CASE("v2 pipe: rpb-v2-<program>-<sid>-<idx>") {
    broker_name_result<std::string> name = v2_program_pipe("zccache", valid_sid, 0);
    REQUIRE(name.ok());
    CHECK(name.value == "rpb-v2-zccache-deadbeefcafef00d-0");
}

// names_v2.rs v2_program_pipe_distinct_pipe_idx_distinct_names.
TEST_CASE("v2 pipe: each pipe index is its own name") {
    const std::string name_0 = v2_program_pipe("zccache", valid_sid, 0).value;
    const std::string name_7 = v2_program_pipe("zccache", valid_sid, 7).value;
    CHECK(name_0 != name_7);
    CHECK(name_7 == "rpb-v2-zccache-deadbeefcafef00d-7");
    CHECK(v2_program_pipe("zccache", valid_sid, 4294967295u).value == "rpb-v2-zccache-deadbeefcafef00d-4294967295");
}

// names_v2.rs v2_program_pipe_rejects_invalid_program: empty, uppercase
// (case-only collisions on Windows), 65 characters.
TEST_CASE("v2 pipe: an invalid program is refused, with the service-name reason") {
    struct row {
        std::string program;
        name_problem problem;
    };
    const row rows[] = {
        {"", name_problem::empty},
        {"Zccache", name_problem::uppercase},
        {std::string(65, 'a'), name_problem::too_long},
        {"zc_cache", name_problem::invalid_character},
    };
    for (const row& r : rows) {
        CAPTURE(r.program);
        broker_name_result<std::string> name = v2_program_pipe(r.program, valid_sid, 0);
        REQUIRE_FALSE(name.ok());
        CHECK(name.error.kind == broker_name_errc::invalid_program);
        CHECK(name.error.cause.kind == file_errc::invalid_name);
        CHECK(name.error.cause.name_issue == r.problem);
        CHECK(name.error.subject == r.program);
        CHECK(to_string(name.error).find("invalid program") != std::string::npos);
    }
    CHECK(v2_program_pipe(std::string(64, 'a'), valid_sid, 0).ok());
}

// names_v2.rs v2_program_pipe_rejects_invalid_sid_hash: empty, 15
// characters, a non-hex character, uppercase hex.
TEST_CASE("v2 pipe: an invalid sid is refused, with upstream's reason") {
    struct row {
        const char* sid;
        sid_problem problem;
    };
    const row rows[] = {
        {"", sid_problem::empty},
        {"deadbeefcafef00", sid_problem::wrong_length},
        {"deadbeefcafef00g", sid_problem::not_lowercase_hex},
        {"DEADBEEFCAFEF00D", sid_problem::not_lowercase_hex},
    };
    for (const row& r : rows) {
        CAPTURE(r.sid);
        broker_name_result<std::string> name = v2_program_pipe("zccache", r.sid, 0);
        REQUIRE_FALSE(name.ok());
        CHECK(name.error.kind == broker_name_errc::invalid_sid);
        CHECK(name.error.sid_issue == r.problem);
        CHECK(to_string(name.error).find(r.sid) != std::string::npos);
    }
}

TEST_CASE("v2 pipe: the program is checked before the sid") {
    CHECK(v2_program_pipe("", "", 0).error.kind == broker_name_errc::invalid_program);
}

// names_v2.rs broker_path_scope_is_stable_and_path_specific.
TEST_CASE("path scope: stable, path-specific, 16 lowercase hex") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "broker-a", "a"));
    REQUIRE(write_plain(dir / "broker-b", "b"));
    broker_name_result<std::string> a = broker_path_scope_hash(dir / "broker-a");
    broker_name_result<std::string> b = broker_path_scope_hash(dir / "broker-b");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value == broker_path_scope_hash(dir / "broker-a").value);
    CHECK(a.value != b.value);
    CHECK(validate_sid_hash(a.value).ok());
}

// platform_linux.rs the_scope_spelling_is_the_verbatim_path_bytes: Linux
// hashes the path's bytes as they are, case included. Golden from b3sum of
// "running-process:broker-install-path:v1\0/usr/local/bin/Broker".
TEST_CASE("path scope: the domain separator and the verbatim path bytes") {
    CHECK(broker_path_scope_hash_of_canonical("/usr/local/bin/Broker") == "dd60e38c5f989eae");
    CHECK(broker_path_scope_hash_of_canonical("/usr/local/bin/Broker") !=
          broker_path_scope_hash_of_canonical("/usr/local/bin/broker"));
}

TEST_CASE("path scope: the path is canonicalized, so a symlink scopes as its target") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "broker", "x"));
    REQUIRE(::symlink((dir / "broker").c_str(), (dir / "link").c_str()) == 0);
    char* real = ::realpath((dir / "broker").c_str(), nullptr);
    REQUIRE(real != nullptr);
    const std::string canonical = real;
    std::free(real);
    CHECK(broker_path_scope_hash(dir / "link").value == broker_path_scope_hash_of_canonical(canonical));
    CHECK(broker_path_scope_hash(dir / "." + "/broker").value == broker_path_scope_hash(dir / "broker").value);
}

// names_v2.rs path_scoped_pipe_contains_no_user_identity.
TEST_CASE("path scope: the path-scoped pipe is the program pipe with the scope as its sid") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "soldr", "broker"));
    const std::string scope = broker_path_scope_hash(dir / "soldr").value;
    broker_name_result<std::string> name = v2_broker_path_pipe("soldr-daemon", dir / "soldr", 1);
    REQUIRE(name.ok());
    CHECK(name.value == "rpb-v2-soldr-daemon-" + scope + "-1");
}

// names_v2.rs missing_broker_path_has_no_lexical_fallback.
TEST_CASE("path scope: a missing broker path is an error, with no lexical fallback") {
    temp_dir dir;
    broker_name_result<std::string> scope = broker_path_scope_hash(dir / "running-process-missing-broker");
    REQUIRE_FALSE(scope.ok());
    CHECK(scope.error.kind == broker_name_errc::file);
    CHECK(scope.error.cause.sys_errno == ENOENT);
    CHECK(std::string(scope.error.cause.operation) == "canonicalize");
    // The path is resolved before the program is judged.
    CHECK(v2_broker_path_pipe("", dir / "missing", 0).error.kind == broker_name_errc::file);
}

// names_v2.rs the_identity_path_is_stable_and_service_specific.
TEST_CASE("daemon identity path: <runtime>/daemon-<service>.json") {
    const std::string runtime = "/run/user/1000/running-process/broker-v2";
    const std::string a = daemon_identity_path(runtime, "zccache");
    CHECK(a == "/run/user/1000/running-process/broker-v2/daemon-zccache.json");
    CHECK(a == daemon_identity_path(runtime, "zccache"));
    CHECK(a != daemon_identity_path(runtime, "fbuild"));
    CHECK(a.rfind(runtime + "/", 0) == 0);
    CHECK(daemon_identity_path(runtime + "/", "zccache") == a);  // PathBuf::join adds no second '/'
}

// names_v2.rs the_runtime_dir_is_absolute, _is_stable_across_calls and
// _is_specific_to_broker_v2, for each branch of the placement rule.
TEST_CASE("runtime dir: absolute, stable and naming broker-v2 on every branch") {
    runtime_environment with_xdg = xdg_env("/run/user/1000");
    runtime_environment with_home = bare_env();
    with_home.home = "/home/u";
    runtime_environment with_tmp = bare_env();
    for (const runtime_environment* env : {&with_xdg, &with_home, &with_tmp}) {
        const std::string dir = broker_v2_runtime_dir(*env);
        CAPTURE(dir);
        CHECK(dir.front() == '/');
        CHECK(dir == broker_v2_runtime_dir(*env));
        CHECK(dir.find("broker-v2") != std::string::npos);
    }
    const std::string here = broker_v2_runtime_dir();
    CHECK(here == broker_v2_runtime_dir());
    CHECK(here.find("broker-v2") != std::string::npos);
}

// platform_linux.rs ipc_broker_v2_runtime_dir: XDG_RUNTIME_DIR as it is set.
TEST_CASE("runtime dir: $XDG_RUNTIME_DIR/running-process/broker-v2, taken as set") {
    CHECK(broker_v2_runtime_dir(xdg_env("/run/user/1000")) == "/run/user/1000/running-process/broker-v2");
    CHECK(broker_v2_runtime_dir(xdg_env("/run/user/1000/")) == "/run/user/1000/running-process/broker-v2");
    // Set but empty, or relative, is still "set" for Rust's env::var_os.
    CHECK(broker_v2_runtime_dir(xdg_env("")) == "running-process/broker-v2");
    CHECK(broker_v2_runtime_dir(xdg_env("rel")) == "rel/running-process/broker-v2");
    runtime_environment both = xdg_env("/run/user/1000");
    both.home = "/home/u";
    CHECK(broker_v2_runtime_dir(both) == "/run/user/1000/running-process/broker-v2");
}

// platform/ipc.rs per_user_runtime_fallback: dirs::cache_dir, then
// data_local_dir, then home_dir, then std::env::temp_dir.
TEST_CASE("runtime dir: without XDG_RUNTIME_DIR, the per-user cache directory and its fallbacks") {
    runtime_environment env = bare_env();
    env.home = "/home/u";
    CHECK(broker_v2_runtime_dir(env) == "/home/u/.cache/running-process/broker-v2");
    env.xdg_cache_home = "/c";
    CHECK(broker_v2_runtime_dir(env) == "/c/running-process/broker-v2");
    env.xdg_cache_home = "relative-cache";  // dirs: only an absolute XDG value counts
    CHECK(broker_v2_runtime_dir(env) == "/home/u/.cache/running-process/broker-v2");
    env.xdg_cache_home = "";
    CHECK(broker_v2_runtime_dir(env) == "/home/u/.cache/running-process/broker-v2");

    runtime_environment no_home = bare_env();
    no_home.home = "";  // dirs: an empty HOME is no HOME; the passwd entry answers
    no_home.passwd_home = "/var/lib/u";
    CHECK(broker_v2_runtime_dir(no_home) == "/var/lib/u/.cache/running-process/broker-v2");
    no_home.passwd_home.reset();
    no_home.xdg_data_home = "/d";
    CHECK(broker_v2_runtime_dir(no_home) == "/d/running-process/broker-v2");
    no_home.xdg_data_home = "d";
    no_home.tmpdir = "/t";
    CHECK(broker_v2_runtime_dir(no_home) == "/t/running-process/broker-v2");
    no_home.tmpdir.reset();
    CHECK(broker_v2_runtime_dir(no_home) == "/tmp/running-process/broker-v2");
    no_home.tmpdir = "";  // temp_dir takes TMPDIR as set, even empty
    CHECK(broker_v2_runtime_dir(no_home) == "running-process/broker-v2");
}

TEST_CASE("runtime dir: the process environment carries the real uid") {
    CHECK(runtime_environment::from_process().uid == static_cast<std::uint32_t>(::getuid()));
}

// platform_linux.rs ipc_broker_endpoint_name: the socket's own directory,
// which without XDG_RUNTIME_DIR is not the runtime dir.
TEST_CASE("socket dir: $XDG_RUNTIME_DIR/running-process/broker-v2, else /tmp/running-process-<uid>/broker-v2") {
    CHECK(broker_v2_socket_dir(xdg_env("/run/user/1000")) == "/run/user/1000/running-process/broker-v2");
    CHECK(broker_v2_socket_dir(xdg_env("")) == "running-process/broker-v2");
    runtime_environment env = bare_env();
    env.home = "/home/u";
    CHECK(broker_v2_socket_dir(env) == "/tmp/running-process-1000/broker-v2");
    CHECK(broker_v2_runtime_dir(env) != broker_v2_socket_dir(env));
}

// singleton_bind.rs resolve_socket_path_produces_a_nonempty_path, with the
// full path pinned.
TEST_CASE("socket path: <socket dir>/<pipe>.sock") {
    const std::string pipe = "rpb-v2-zccache-deadbeefcafef00d-0";
    broker_name_result<std::string> p = resolve_socket_path(xdg_env("/run/user/1000"), pipe);
    REQUIRE(p.ok());
    CHECK(p.value == "/run/user/1000/running-process/broker-v2/rpb-v2-zccache-deadbeefcafef00d-0.sock");
    CHECK(resolve_socket_path(bare_env(), pipe).value ==
          "/tmp/running-process-1000/broker-v2/rpb-v2-zccache-deadbeefcafef00d-0.sock");
    CHECK_FALSE(resolve_socket_path(bare_env(), "rpb-v2-test-singleton-bind").value.empty());
}

// platform_linux.rs an_over_long_name_is_refused_against_sun_path and
// an_accepted_address_is_strictly_shorter_than_the_field.
TEST_CASE("socket path: 107 bytes is accepted, 108 is refused against sun_path") {
    CHECK(linux_sun_path_max == 108);
    broker_name_result<std::string> too_long = resolve_socket_path(bare_env(), std::string(108, 'a'));
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.error.kind == broker_name_errc::path_too_long);
    CHECK(too_long.error.limit == 107);
    CHECK(to_string(too_long.error).find("sun_path") != std::string::npos);

    // "/tmp/running-process-1000/broker-v2/" is 36 bytes and ".sock" 5.
    const std::string fits(107 - 36 - 5, 'p');
    broker_name_result<std::string> edge = resolve_socket_path(bare_env(), fits);
    REQUIRE(edge.ok());
    CHECK(edge.value.size() == 107);
    broker_name_result<std::string> over = resolve_socket_path(bare_env(), fits + "p");
    CHECK(over.error.kind == broker_name_errc::path_too_long);
    CHECK(over.error.length == 108);
}

// singleton_bind.rs path_scoped_socket_does_not_add_a_user_runtime_directory;
// golden from b3sum of "running-process:path-scoped-socket:v1\0" + the name.
TEST_CASE("path-scoped socket: /tmp/.rp-path-<32 hex>.sock, the same for everyone") {
    const std::string first = resolve_path_scoped_socket_path("rpb-v2-program-0123456789abcdef-0");
    CHECK(first == resolve_path_scoped_socket_path("rpb-v2-program-0123456789abcdef-0"));
    CHECK(first == "/tmp/.rp-path-6c55407394f6d92cf08aed7cca020259.sock");
    CHECK(first.rfind("/tmp/", 0) == 0);
    CHECK(first.find('/', 5) == std::string::npos);  // its parent is /tmp itself
    CHECK(first.size() == 51);
}
