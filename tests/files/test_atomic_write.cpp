// docs/contract.md, "Atomic writes": every write is atomic; on failure the
// temporary file is removed and the old file is intact.
#include <doctest/doctest.h>

#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <brokerwire/files/atomic_write.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

brokerwire::bytes_view view(const std::string& s) { return brokerwire::bytes_view(s); }

}  // namespace

TEST_CASE("atomic write: creates the file 0600 with exactly the bytes, and no temporary remains") {
    const temp_dir tmp;
    const std::string bytes("\x00\x01hello\xff", 8);
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view(bytes)).ok());
    CHECK(read_plain(tmp / "a.bin") == bytes);
    CHECK(mode_of(tmp / "a.bin") == 0600);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"a.bin"});
}

TEST_CASE("atomic write: replaces an existing file as a new inode") {
    const temp_dir tmp;
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view("old")).ok());
    struct stat before {};
    REQUIRE(::stat((tmp / "a.bin").c_str(), &before) == 0);
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view("new contents")).ok());
    struct stat after {};
    REQUIRE(::stat((tmp / "a.bin").c_str(), &after) == 0);
    CHECK(read_plain(tmp / "a.bin") == "new contents");
    CHECK(before.st_ino != after.st_ino);  // renamed over, never rewritten in place
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"a.bin"});
}

TEST_CASE("atomic write: an empty payload writes an empty file") {
    const temp_dir tmp;
    REQUIRE(atomic_write_file(tmp.path(), "e.bin", view("")).ok());
    CHECK(read_plain(tmp / "e.bin").empty());
}

TEST_CASE("atomic write: a file name with a separator or dot-dot is io EINVAL") {
    const temp_dir tmp;
    for (const char* bad : {"a/b", "..", ".", ""}) {
        const file_error e = atomic_write_file(tmp.path(), bad, view("x"));
        CHECK(e.kind == file_errc::io);
        CHECK(e.sys_errno == EINVAL);
    }
    CHECK(list_dir(tmp.path()).empty());
}

TEST_CASE("atomic write: a missing directory is io ENOENT naming the directory") {
    const temp_dir tmp;
    const file_error e = atomic_write_file(tmp / "nope", "a.bin", view("x"));
    CHECK(e.kind == file_errc::io);
    CHECK(e.sys_errno == ENOENT);
    CHECK(e.path == tmp / "nope");
}

TEST_CASE("atomic write: a write that fails midway (RLIMIT_FSIZE) leaves the old file and no temporary") {
    const temp_dir tmp;
    const std::string old_bytes = "previous definition";
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view(old_bytes)).ok());
    // The limit lives in a child so this process keeps writing freely; the
    // child reports the errno it saw as its exit status.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);  // make an over-limit write return EFBIG
        const rlimit lim{64, 64};
        ::setrlimit(RLIMIT_FSIZE, &lim);
        const file_error e = atomic_write_file(tmp.path(), "a.bin", view(std::string(4096, 'n')));
        ::_exit(e.kind == file_errc::io ? e.sys_errno : 0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == EFBIG);
    CHECK(read_plain(tmp / "a.bin") == old_bytes);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"a.bin"});
}

TEST_CASE("atomic write: a directory in the target's place fails the rename and leaves no temporary") {
    const temp_dir tmp;
    REQUIRE(::mkdir((tmp / "a.bin").c_str(), 0700) == 0);
    REQUIRE(write_plain(tmp / "a.bin/inside", "kept"));
    const file_error e = atomic_write_file(tmp.path(), "a.bin", view("new"));
    CHECK(e.kind == file_errc::io);
    CHECK(std::string(e.operation) == "rename");
    CHECK(e.sys_errno == EISDIR);
    CHECK(e.path == tmp / "a.bin");
    CHECK(read_plain(tmp / "a.bin/inside") == "kept");
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{"a.bin"});
}

TEST_CASE("atomic write: abandoned temporaries of the same target are removed") {
    const temp_dir tmp;
    const std::string stale = tmp / (temp_file_prefix("a.bin") + "999999-0-1");
    const std::string other = tmp / (temp_file_prefix("b.bin") + "999999-0-1");
    REQUIRE(write_plain(stale, "half a mess"));
    REQUIRE(write_plain(other, "another target's"));
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view("fresh")).ok());
    CHECK(read_plain(tmp / "a.bin") == "fresh");
    CHECK(read_plain(stale) == "<missing>");
    CHECK(read_plain(other) == "another target's");  // only this target's temporaries are swept
}

TEST_CASE("atomic write: a temporary whose writer still holds its lock is left alone") {
    const temp_dir tmp;
    const std::string in_flight = tmp / (temp_file_prefix("a.bin") + "1-0-1");
    REQUIRE(write_plain(in_flight, "being written"));
    const int fd = ::open(in_flight.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    CHECK(remove_abandoned_temp_files(tmp.path(), "a.bin") == 0);
    CHECK(read_plain(in_flight) == "being written");
    ::close(fd);  // the writer "dies": its lock goes with it
    CHECK(remove_abandoned_temp_files(tmp.path(), "a.bin") == 1);
    CHECK(read_plain(in_flight) == "<missing>");
}

namespace {

// Replaces `<dir>/<file>` the way upstream's Rust writer does (atomic_write in
// crates/running-process/src/broker/manifest.rs, its temporary named at line 313):
// an unlocked temporary `.<file>.tmp-<pid>-<nanos>`, written, then renamed; `pause_us` holds it between write and rename. Returns 0
// or the errno of the failing step.
int write_as_upstream(const std::string& dir, const std::string& file, const std::string& bytes, int serial,
                      useconds_t pause_us) {
    const std::string temp = dir + "/." + file + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ::close(fd);
    if (!written) return EIO;
    ::usleep(pause_us);
    return ::rename(temp.c_str(), (dir + "/" + file).c_str()) == 0 ? 0 : errno;
}

}  // namespace

TEST_CASE("atomic write: an upstream writer's unlocked temporary is never removed") {
    const temp_dir tmp;
    const std::string upstream_temp = tmp / ".a.bin.tmp-999999-1700000000000000000";
    // An upstream temporary for another target whose name starts with our prefix.
    const std::string lookalike = tmp / (temp_file_prefix("a.bin") + "1-2.tmp-999999-17");
    REQUIRE(write_plain(upstream_temp, "an upstream writer, paused before its rename"));
    REQUIRE(write_plain(lookalike, "not ours either"));
    REQUIRE(atomic_write_file(tmp.path(), "a.bin", view("ours")).ok());
    CHECK(remove_abandoned_temp_files(tmp.path(), "a.bin") == 0);
    CHECK(read_plain(upstream_temp) == "an upstream writer, paused before its rename");
    CHECK(read_plain(lookalike) == "not ours either");
    CHECK(read_plain(tmp / "a.bin") == "ours");
}

TEST_CASE("atomic write: an upstream writer renaming the same file while ours writes it in a loop succeeds") {
    const temp_dir tmp;
    const std::string dir = tmp.path();
    const pid_t upstream = ::fork();
    REQUIRE(upstream >= 0);
    if (upstream == 0) {
        for (int i = 0; i < 40; ++i) {
            if (write_as_upstream(dir, "a.bin", "upstream " + std::to_string(i), i, 2000) != 0) ::_exit(1);
        }
        ::_exit(0);
    }
    int writes = 0;
    int status = 0;
    bool ours_ok = true;
    while (::waitpid(upstream, &status, WNOHANG) == 0 && writes < 100000) {
        ours_ok = atomic_write_file(dir, "a.bin", view("ours " + std::to_string(writes))).ok() && ours_ok;
        ++writes;
    }
    if (writes >= 100000) ::waitpid(upstream, &status, 0);
    CHECK(ours_ok);
    CHECK(writes > 0);
    REQUIRE(WIFEXITED(status));
    CHECK_MESSAGE(WEXITSTATUS(status) == 0, "the upstream-style writer lost its temporary");
    const std::string last = read_plain(tmp / "a.bin");
    CHECK((last.rfind("ours ", 0) == 0 || last.rfind("upstream ", 0) == 0));
}
