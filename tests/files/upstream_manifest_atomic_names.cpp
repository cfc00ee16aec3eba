// Upstream's manifest write-safety and name-validator tests, restated:
// crates/running-process/tests/broker/manifest_atomic.rs and the validator
// cases of tests/broker/names.rs (zackees/running-process 52831e53). Each
// case is named "<upstream file>: <upstream test>" and cites its line.
//
// manifest_atomic.rs writes v1 root manifests (`.running-process-manifest.pb`,
// sealed with self_sha256); these write the v2 one brokerwire writes
// (`.running-process-manifest.v2.pb`, which has no digest), with the same
// versions and the same foreign temporaries beside it. names.rs's pipe-name
// and sid cases test upstream's pipe-path derivation, not the file layer,
// and are not restated here.
#include <doctest/doctest.h>

#include <csignal>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

// manifest_atomic.rs manifest_for: its v2 counterpart.
v2::cache_manifest manifest_for(const std::string& version) {
    return cache_manifest_builder("zccache", version)
        .created_at_unix_ms(1)
        .last_active_unix_ms(2)
        .broker_instance("shared")
        .build()
        .value;
}

std::string version_on_disk(const std::string& root) {
    const auto read = load_root_manifest(root);
    REQUIRE_MESSAGE(read.ok(), to_string(read.error));
    return read.value.service_version;
}

// manifest_atomic.rs killed_writer_child: a writer that streams 1 MiB chunks
// into its own temporary, says it is ready, and never finishes.
[[noreturn]] void killed_writer_child(const std::string& root, const std::string& ready) {
    const std::string interrupted = root + "/" + std::string(root_manifest_file) + ".tmp-killed-writer-child";
    const int fd = ::open(interrupted.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const std::string chunk(1024 * 1024, 'x');
    if (fd < 0 || ::write(fd, chunk.data(), chunk.size()) < 0) ::_exit(1);
    if (!write_plain(ready, "ready")) ::_exit(1);
    for (;;) {
        if (::write(fd, chunk.data(), chunk.size()) < 0) ::_exit(1);
        const timespec ten_ms{0, 10'000'000};
        ::nanosleep(&ten_ms, nullptr);
    }
}

bool wait_for_path(const std::string& path, int timeout_ms) {
    for (int waited = 0; waited < timeout_ms; waited += 25) {
        if (read_plain(path) != "<missing>") return true;
        const timespec step{0, 25'000'000};
        ::nanosleep(&step, nullptr);
    }
    return false;
}

}  // namespace

// manifest_atomic.rs:35. Upstream also checks the v1 self_sha256 (32 bytes);
// v2 manifests carry none.
TEST_CASE("manifest_atomic.rs: repeated_write_never_leaves_torn_manifest") {
    const temp_dir tmp;
    const std::string root = tmp / "cache";
    REQUIRE(write_to_root(root, manifest_for("1.2.3")).ok());
    REQUIRE(write_to_root(root, manifest_for("1.2.4")).ok());
    CHECK(version_on_disk(root) == "1.2.4");
}

// manifest_atomic.rs:47
TEST_CASE("manifest_atomic.rs: interrupted_writer_temp_file_does_not_replace_committed_manifest") {
    const temp_dir tmp;
    const std::string root = tmp / "cache";
    REQUIRE(write_to_root(root, manifest_for("1.2.3")).ok());
    const std::string interrupted = root + "/" + std::string(root_manifest_file) + ".tmp-interrupted";
    REQUIRE(write_plain(interrupted, "partial protobuf payload"));
    CHECK(version_on_disk(root) == "1.2.3");
    REQUIRE(write_to_root(root, manifest_for("1.2.4")).ok());
    CHECK(version_on_disk(root) == "1.2.4");
    CHECK(read_plain(interrupted) == "partial protobuf payload");  // not ours: never removed
}

// manifest_atomic.rs:68 (the child is a fork here, not a re-exec of the test binary)
TEST_CASE("manifest_atomic.rs: killed_writer_mid_write_keeps_committed_manifest") {
    const temp_dir tmp;
    const std::string root = tmp / "cache";
    REQUIRE(write_to_root(root, manifest_for("1.2.3")).ok());
    const std::string ready = root + "/writer-ready";
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) killed_writer_child(root, ready);
    const bool became_ready = wait_for_path(ready, 10000);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    REQUIRE_MESSAGE(became_ready, "timed out waiting for " << ready);
    CHECK(version_on_disk(root) == "1.2.3");
    REQUIRE(write_to_root(root, manifest_for("1.2.4")).ok());
    CHECK(version_on_disk(root) == "1.2.4");
}

// names.rs:121
TEST_CASE("names.rs: service_name_validator_accepts_canonical") {
    for (const std::string& name : {std::string("zccache"), std::string("a"), std::string("svc-with-dashes"),
                                    std::string("0123456789"), std::string(64, 'a')}) {
        CHECK_MESSAGE(validate_service_name(name).ok(), name);
    }
}

// names.rs:130
TEST_CASE("names.rs: service_name_validator_rejects_invalid") {
    for (const std::string& name : {std::string(), std::string(65, 'a'), std::string("UPPER"),
                                    std::string("with space"), std::string("dots.are.bad"),
                                    std::string("emoji-rocket-\xf0\x9f\x9a\x80")}) {
        CHECK_MESSAGE(!validate_service_name(name).ok(), name);
    }
}

// names.rs:140. Only the name half: upstream derives a pipe path from the
// accepted name, which is not the file layer's.
TEST_CASE("names.rs: case_only_collision_is_rejected_not_silently_merged") {
    CHECK(validate_service_name("zccache").ok());
    const file_error mixed = validate_service_name("Zccache");
    CHECK(mixed.kind == file_errc::invalid_name);
    CHECK(mixed.name_issue == name_problem::uppercase);
}

// names.rs:165
TEST_CASE("names.rs: version_validator_accepts_canonical") {
    for (const char* v : {"1.0.0", "1.11.20", "0.0.1-alpha.1", "2.3.4-rc.1.beta"}) {
        CHECK_MESSAGE(validate_version(v).ok(), v);
    }
}

// names.rs:173
TEST_CASE("names.rs: version_validator_rejects_invalid") {
    for (const char* v : {"", "1.0", "1.0.0.0", "v1.0.0", "1.0.0-", "1.0.0-ALPHA"}) {
        CHECK_MESSAGE(!validate_version(v).ok(), v);
    }
}
