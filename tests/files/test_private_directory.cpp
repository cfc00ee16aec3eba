// Private directories as upstream's broker defines them (platform crate
// ipc_private_dir.rs: private means mode & 077 == 0; its writers chmod an
// existing directory to 0700). brokerwire tightens the user's own directory
// and says so, and refuses a symlink or another user's directory.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <brokerwire/files/private_directory.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using brokerwire::files::testing::mode_of;
using brokerwire::files::testing::temp_dir;

namespace {

// A directory made with exactly `mode`, whatever the umask.
void make_dir(const std::string& path, unsigned mode) {
    REQUIRE(::mkdir(path.c_str(), 0700) == 0);
    REQUIRE(::chmod(path.c_str(), static_cast<mode_t>(mode)) == 0);
}

unsigned lmode_of(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return 0xFFFFu;
    return static_cast<unsigned>(st.st_mode & 07777);
}

}  // namespace

TEST_CASE("private directory: missing components are created 0700 each, like mkdir -p") {
    const temp_dir tmp;
    REQUIRE(!tmp.path().empty());
    const mode_t old_mask = ::umask(0);  // a permissive umask must not widen the mode
    const auto r = prepare_private_directory(tmp / "a/b/c");
    ::umask(old_mask);
    REQUIRE(r.ok());
    CHECK(r.value.change == directory_change::created);
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

TEST_CASE("private directory: an existing private directory is left exactly as it is") {
    const temp_dir tmp;
    for (const unsigned mode : {0700U, 0500U, 02700U}) {
        const std::string d = tmp / ("d" + std::to_string(mode));
        make_dir(d, mode);
        const auto r = prepare_private_directory(d);
        REQUIRE(r.ok());
        CHECK(r.value.change == directory_change::none);
        CHECK(mode_of(d) == mode);
        CHECK(check_private_directory(d).ok());
    }
}

TEST_CASE("directory policy: the user's own 0755 directory is tightened to 0700, and the result says so") {
    const temp_dir tmp;
    make_dir(tmp / "d", 0755);
    const auto r = prepare_private_directory(tmp / "d");
    REQUIRE(r.ok());
    CHECK(r.value.change == directory_change::tightened);
    CHECK(r.value.previous_mode == 0755);
    CHECK(mode_of(tmp / "d") == 0700);
    const auto again = prepare_private_directory(tmp / "d");
    CHECK(again.value.change == directory_change::none);
}

TEST_CASE("directory policy: group- and world-writable directories of the user are tightened too") {
    const temp_dir tmp;
    for (const unsigned mode : {0770U, 0707U, 0750U, 0701U, 01777U, 0355U}) {
        CAPTURE(mode);
        const std::string d = tmp / ("d" + std::to_string(mode));
        make_dir(d, mode);
        const auto r = prepare_private_directory(d + "/");  // a trailing separator names the same directory
        REQUIRE_MESSAGE(r.ok(), to_string(r.error));
        CHECK(r.value.change == directory_change::tightened);
        CHECK(r.value.previous_mode == mode);
        CHECK(mode_of(d) == 0700);
    }
}

TEST_CASE("directory policy: the reader's check is upstream's mode & 077 == 0") {
    const temp_dir tmp;
    make_dir(tmp / "r", 0755);
    const file_error readable = check_private_directory(tmp / "r");
    CHECK(readable.kind == file_errc::insecure_directory);
    CHECK(readable.mode == 0755);
    CHECK(mode_of(tmp / "r") == 0755);  // checking never changes anything
    make_dir(tmp / "w", 01777);
    const file_error e = check_private_directory(tmp / "w");
    CHECK(e.kind == file_errc::insecure_directory);
    CHECK(e.mode == 01777);
    CHECK(to_string(e) == "\"" + (tmp / "w") +
                              "\": insecure directory: mode 1777 lets group or others in "
                              "(upstream's broker requires mode & 077 == 0, e.g. 0700)");
}

TEST_CASE("directory policy: a symlink to a directory is refused with its own error, its target untouched") {
    const temp_dir tmp;
    make_dir(tmp / "target", 0755);
    REQUIRE(::symlink((tmp / "target").c_str(), (tmp / "link").c_str()) == 0);
    for (const std::string& spelled : {tmp / "link", tmp / "link/"}) {
        CAPTURE(spelled);
        const auto r = prepare_private_directory(spelled);
        CHECK(r.error.kind == file_errc::symlinked_directory);
        CHECK(r.error.path == spelled);
        CHECK(check_private_directory(spelled).kind == file_errc::symlinked_directory);
    }
    CHECK(mode_of(tmp / "target") == 0755);
    CHECK(to_string(check_private_directory(tmp / "link")) ==
          "\"" + (tmp / "link") + "\": directory is a symbolic link: it is neither followed nor made private");
    REQUIRE(::symlink((tmp / "nowhere").c_str(), (tmp / "dangling").c_str()) == 0);
    CHECK(prepare_private_directory(tmp / "dangling").error.kind == file_errc::symlinked_directory);
    CHECK(lmode_of(tmp / "nowhere") == 0xFFFFu);  // nothing was created through the link
}

TEST_CASE("directory policy: another user's directory is refused with its own error, its mode untouched") {
    const temp_dir tmp;
    std::string foreign;
    if (::geteuid() == 0) {
        // As root: a directory handed to an ordinary user id.
        foreign = tmp / "theirs";
        make_dir(foreign, 0755);
        REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
    } else {
        foreign = "/";  // root's, and this process is not root
    }
    const unsigned before = mode_of(foreign);
    const auto r = prepare_private_directory(foreign);
    CHECK(r.error.kind == file_errc::foreign_directory);
    CHECK(r.error.owner == (::geteuid() == 0 ? 65534U : 0U));
    CHECK(mode_of(foreign) == before);
    CHECK(check_private_directory(foreign).kind == file_errc::foreign_directory);
    CHECK(to_string(r.error).find("directory belongs to user ") != std::string::npos);
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
    CHECK(mode_of(tmp / "f") == 0600);
}

TEST_CASE("private directory: checking a missing directory is io ENOENT naming the path, quoted") {
    const temp_dir tmp;
    const file_error e = check_private_directory(tmp / "missing");
    CHECK(e.kind == file_errc::io);
    CHECK(e.sys_errno == ENOENT);
    CHECK(e.path == tmp / "missing");
    CHECK(to_string(e) == "\"" + (tmp / "missing") + "\": stat failed: No such file or directory (errno 2)");
}
