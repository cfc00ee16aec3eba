// SPEC §5: directories the library creates are private (0700); an existing
// group- or world-writable directory is refused with its own error.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <brokerwire/files/private_directory.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using brokerwire::files::testing::mode_of;
using brokerwire::files::testing::temp_dir;

TEST_CASE("private directory: missing components are created 0700 each, like mkdir -p") {
    const temp_dir tmp;
    REQUIRE(!tmp.path().empty());
    const mode_t old_mask = ::umask(0);  // a permissive umask must not widen the mode
    const file_error e = ensure_private_directory(tmp / "a/b/c");
    ::umask(old_mask);
    REQUIRE(e.ok());
    CHECK(mode_of(tmp / "a") == 0700);
    CHECK(mode_of(tmp / "a/b") == 0700);
    CHECK(mode_of(tmp / "a/b/c") == 0700);
}

TEST_CASE("private directory: a restrictive umask still yields exactly 0700") {
    const temp_dir tmp;
    const mode_t old_mask = ::umask(0777);
    const file_error e = ensure_private_directory(tmp / "x/y");
    ::umask(old_mask);
    REQUIRE(e.ok());
    CHECK(mode_of(tmp / "x") == 0700);
    CHECK(mode_of(tmp / "x/y") == 0700);
}

TEST_CASE("private directory: an existing private directory is accepted as is") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "d").c_str(), 0755) == 0);
    ::chmod((tmp / "d").c_str(), 0755);
    CHECK(ensure_private_directory(tmp / "d").ok());
    CHECK(mode_of(tmp / "d") == 0755);  // readable by others is fine; writable is not
    CHECK(check_private_directory(tmp / "d").ok());
}

TEST_CASE("private directory: a group-writable directory is insecure_directory with its mode") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "g").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "g").c_str(), 0770) == 0);
    const file_error e = ensure_private_directory(tmp / "g");
    CHECK(e.kind == file_errc::insecure_directory);
    CHECK(e.mode == 0770);
    CHECK(e.path == tmp / "g");
    CHECK(to_string(e).find("0770") != std::string::npos);
    CHECK(check_private_directory(tmp / "g").kind == file_errc::insecure_directory);
}

TEST_CASE("private directory: a world-writable directory is insecure_directory") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "w").c_str(), 0700) == 0);
    REQUIRE(::chmod((tmp / "w").c_str(), 01777) == 0);
    const file_error e = check_private_directory(tmp / "w");
    CHECK(e.kind == file_errc::insecure_directory);
    CHECK(e.mode == 01777);
}

TEST_CASE("private directory: a file where the directory should be is io ENOTDIR") {
    const temp_dir tmp;
    REQUIRE(testing::write_plain(tmp / "f", "x"));
    const file_error e = ensure_private_directory(tmp / "f");
    CHECK(e.kind == file_errc::io);
    CHECK(e.sys_errno == ENOTDIR);
    const file_error below = ensure_private_directory(tmp / "f/sub");
    CHECK(below.kind == file_errc::io);
    CHECK(below.sys_errno == ENOTDIR);
}

TEST_CASE("private directory: checking a missing directory is io ENOENT naming the path") {
    const temp_dir tmp;
    const file_error e = check_private_directory(tmp / "missing");
    CHECK(e.kind == file_errc::io);
    CHECK(e.sys_errno == ENOENT);
    CHECK(e.path == tmp / "missing");
    CHECK(to_string(e) == tmp / "missing" + ": stat failed: No such file or directory (errno 2)");
}
