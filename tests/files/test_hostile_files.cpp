// Files that hang upstream's loader (it reads with fs::read,
// which follows links and blocks on a FIFO) must never hang or exhaust
// brokerwire: a FIFO or a symlink to /dev/zero named like a definition or a
// manifest is refused before a single byte is read.
#include <doctest/doctest.h>

#include <csignal>
#include <fcntl.h>
#include <functional>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"
#include "sanitizers.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

constexpr int timed_out = -1;

using brokerwire::test::built_with_asan;

// Runs `check` in a child with 256 MiB of address space at most (without
// that limit under AddressSanitizer) and returns
// its exit status, or timed_out when it has not finished within two
// seconds (the child is then killed): a hang or an unbounded read fails the
// test instead of stalling the suite.
int bounded(const std::function<bool()>& check) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // AddressSanitizer reserves terabytes of address space for its
        // shadow: there the deadline alone bounds the check.
        if (!built_with_asan) {
            const rlimit as{256U << 20, 256U << 20};
            ::setrlimit(RLIMIT_AS, &as);
        }
        ::_exit(check() ? 0 : 1);
    }
    for (int waited_ms = 0; waited_ms < 2000; waited_ms += 5) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
        const timespec five_ms{0, 5'000'000};
        ::nanosleep(&five_ms, nullptr);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return timed_out;
}

bool refused_as(const file_error& e, const char* what) {
    return e.kind == file_errc::not_regular_file && e.subject == what;
}

// A private directory holding `name` as a FIFO and `link` as a symlink to /dev/zero.
void plant(const temp_dir& tmp, const std::string& fifo_name, const std::string& link_name) {
    REQUIRE(::mkfifo((tmp / fifo_name).c_str(), 0600) == 0);
    REQUIRE(::symlink("/dev/zero", (tmp / link_name).c_str()) == 0);
}

}  // namespace

TEST_CASE("files that hang upstream: a FIFO and a /dev/zero symlink as definitions are refused at once") {
    const temp_dir tmp;
    plant(tmp, "x.servicedef.v2", "zero.servicedef.v2");
    REQUIRE(write_service_definition(tmp.path(), private_definition().value).ok());
    const std::string dir = tmp.path();
    CHECK(bounded([&] { return refused_as(load_service_definition(dir, "x").error, "fifo"); }) == 0);
    CHECK(bounded([&] { return refused_as(load_service_definition(dir, "zero").error, "symlink"); }) == 0);
    CHECK(bounded([&] {
              const auto scan = scan_service_definitions(dir);
              // a.servicedef.v2 loads; the two planted files have their own errors.
              return scan.ok() && scan.value.size() == 3 && scan.value[0].definition.ok() &&
                     refused_as(scan.value[1].definition.error, "fifo") &&
                     refused_as(scan.value[2].definition.error, "symlink");
          }) == 0);
    CHECK(bounded([&] { return service_definition_loader(dir).enumerate().size() == 1; }) == 0);
}

TEST_CASE("files that hang upstream: a FIFO with a writer that never stops is still refused unread") {
    const temp_dir tmp;
    REQUIRE(::mkfifo((tmp / "x.servicedef.v2").c_str(), 0600) == 0);
    const std::string dir = tmp.path();
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {
        const int fd = ::open((tmp / "x.servicedef.v2").c_str(), O_WRONLY);
        const std::string chunk(4096, '\x0a');
        while (fd >= 0 && ::write(fd, chunk.data(), chunk.size()) > 0) {
        }
        ::_exit(0);
    }
    CHECK(bounded([&] { return refused_as(load_service_definition(dir, "x").error, "fifo"); }) == 0);
    ::kill(writer, SIGKILL);
    ::waitpid(writer, nullptr, 0);
}

TEST_CASE("files that hang upstream: FIFO and /dev/zero manifests, central and per-root, are refused at once") {
    const temp_dir tmp;
    plant(tmp, "x-1.0.0.v2.pb", "zero-1.0.0.v2.pb");
    const std::string dir = tmp.path();
    CHECK(bounded([&] { return refused_as(load_central_manifest(dir, "x", "1.0.0").error, "fifo"); }) == 0);
    CHECK(bounded([&] { return refused_as(load_central_manifest(dir, "zero", "1.0.0").error, "symlink"); }) == 0);
    CHECK(bounded([&] {
              const auto scan = scan_central_registry(dir);
              return scan.ok() && scan.value.size() == 2 && refused_as(scan.value[0].manifest.error, "fifo") &&
                     refused_as(scan.value[1].manifest.error, "symlink");
          }) == 0);

    const temp_dir root_fifo, root_zero;
    REQUIRE(::mkfifo((root_fifo / std::string(root_manifest_file)).c_str(), 0600) == 0);
    REQUIRE(::symlink("/dev/zero", (root_zero / std::string(root_manifest_file)).c_str()) == 0);
    const std::string fifo_root = root_fifo.path(), zero_root = root_zero.path();
    CHECK(bounded([&] { return refused_as(load_root_manifest(fifo_root).error, "fifo"); }) == 0);
    CHECK(bounded([&] { return refused_as(load_root_manifest(zero_root).error, "symlink"); }) == 0);
}

TEST_CASE("files that hang upstream: reading /dev/zero itself is refused as a device, unread") {
    // Not reachable through the loaders (no symlink is followed), but the
    // reader itself must refuse a device that never ends.
    CHECK(bounded([] { return refused_as(read_small_regular_file("/dev/zero").error, "character device"); }) == 0);
}
