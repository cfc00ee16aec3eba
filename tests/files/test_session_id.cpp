// The sid of v2 pipe names: BLAKE3 of "<uid>:<machine-id>", and where the
// machine id comes from. Restates upstream's tests in
// crates/running-process/src/broker/lifecycle/sid.rs and
// crates/running-process-platform-internal/src/platform/host.rs; golden
// hashes come from b3sum, the reference BLAKE3.
#include <doctest/doctest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <brokerwire/files/session_id.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using brokerwire::files::testing::temp_dir;
using brokerwire::files::testing::write_plain;

namespace {

bool is_lower_hex16(const std::string& s) {
    if (s.size() != 16) return false;
    for (const char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// Sources with the given machine-id files and boot-id file in `dir`.
machine_id_sources sources(const temp_dir& dir, std::vector<std::string> files, const std::string& boot) {
    machine_id_sources s;
    for (const std::string& f : files) s.machine_id_files.push_back(dir / f);
    s.boot_id_file = dir / boot;
    return s;
}

// The first 16 hex digits b3sum prints for `input`, or "" without b3sum.
std::string b3sum16(const std::string& input) {
    if (std::system("command -v b3sum >/dev/null 2>&1") != 0) return "";
    temp_dir dir;
    REQUIRE(write_plain(dir / "in", input));
    const std::string command = "b3sum --no-names < '" + (dir / "in") + "'";
    FILE* out = ::popen(command.c_str(), "r");
    REQUIRE(out != nullptr);
    char word[65] = {};
    const int got = std::fscanf(out, "%64s", word);
    ::pclose(out);
    return got == 1 ? std::string(word, 16) : "";
}

}  // namespace

// sid.rs hash_is_16_lowercase_hex; the value is b3sum's.
TEST_CASE("sid: hash_to_16_hex is the first 8 bytes of BLAKE3 in lowercase hex") {
    const std::string h = hash_to_16_hex(std::string("sample-input"));
    CHECK(is_lower_hex16(h));
    CHECK(h == "c6e7e9416e6d7a44");
}

// sid.rs different_inputs_yield_different_hashes and same_input_is_stable.
TEST_CASE("sid: different inputs differ, the same input is stable") {
    const std::string a = hash_to_16_hex(std::string("alice:machine-1"));
    const std::string b = hash_to_16_hex(std::string("bob:machine-1"));
    CHECK(a != b);
    CHECK(a == hash_to_16_hex(std::string("alice:machine-1")));
    CHECK(a == "0c156653d434bf60");
    CHECK(b == "a0e150100bdf40c2");
}

// platform_linux/host.rs user_machine_identity: format!("{uid}:{machine_id}").
TEST_CASE("sid: Linux hashes \"<uid>:<machine-id>\"") {
    CHECK(user_machine_identity(1000, "abc123") == "1000:abc123");
    CHECK(user_machine_identity(0, "boot:x") == "0:boot:x");
    CHECK(sid_hash_for(1000, "abc123") == "721e23495b498d3f");
    CHECK(sid_hash_for(1000, "abc123") == hash_to_16_hex(std::string("1000:abc123")));
}

// sid.rs current_user_hash_resolves: on a healthy machine the sid resolves;
// a container without any machine id is reported, not failed.
TEST_CASE("sid: this process's sid resolves to 16 lowercase hex characters") {
    broker_name_result<std::string> sid = user_sid_hash();
    if (!sid.ok()) {
        MESSAGE("user_sid_hash unavailable on this host: " << to_string(sid.error));
        return;
    }
    CHECK(is_lower_hex16(sid.value));
    CHECK(validate_sid_hash(sid.value).ok());
}

TEST_CASE("sid: this process's sid agrees with b3sum of \"<uid>:<machine-id>\"") {
    broker_name_result<std::string> machine = read_machine_id(machine_id_sources::linux_defaults());
    if (!machine.ok()) {
        MESSAGE("no machine id on this host: " << to_string(machine.error));
        return;
    }
    const std::string identity = user_machine_identity(static_cast<std::uint32_t>(::getuid()), machine.value);
    const std::string expected = b3sum16(identity);
    if (expected.empty()) {
        MESSAGE("b3sum is not on PATH; the agreement check is skipped");
        return;
    }
    broker_name_result<std::string> sid = user_sid_hash();
    REQUIRE(sid.ok());
    CHECK(sid.value == expected);
}

TEST_CASE("sid: the default machine-id sources are upstream's, in its order") {
    const machine_id_sources s = machine_id_sources::linux_defaults();
    REQUIRE(s.machine_id_files.size() == 2);
    CHECK(s.machine_id_files[0] == "/etc/machine-id");
    CHECK(s.machine_id_files[1] == "/var/lib/dbus/machine-id");
    CHECK(s.boot_id_file == "/proc/sys/kernel/random/boot_id");
}

// host.rs machine_id_file_wins_over_boot_fallback.
TEST_CASE("machine id: the machine-id file wins over the boot fallback, trimmed") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "machine-id", "  abc123\n"));
    REQUIRE(write_plain(dir / "boot-id", "zzz\n"));
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"machine-id"}, "boot-id"));
    REQUIRE(id.ok());
    CHECK(id.value == "abc123");
}

// host.rs second_path_is_consulted_when_first_is_missing.
TEST_CASE("machine id: the second file is consulted when the first is missing") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "machine-id", "def456\n"));
    REQUIRE(write_plain(dir / "boot-id", "zzz\n"));
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"absent", "machine-id"}, "boot-id"));
    REQUIRE(id.ok());
    CHECK(id.value == "def456");
}

// host.rs missing_machine_id_files_fall_back_to_boot_id.
TEST_CASE("machine id: with no machine-id file, boot:<boot_id>") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "boot-id", "boot-value\n"));
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"absent"}, "boot-id"));
    REQUIRE(id.ok());
    CHECK(id.value == "boot:boot-value");
}

// host.rs empty_machine_id_file_falls_through_to_boot_id.
TEST_CASE("machine id: a file of only whitespace falls through") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "machine-id", "   \n"));
    REQUIRE(write_plain(dir / "boot-id", "boot-value\n"));
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"machine-id"}, "boot-id"));
    REQUIRE(id.ok());
    CHECK(id.value == "boot:boot-value");
}

// host.rs unreadable_machine_id_stays_a_hard_error_despite_boot_fallback: a
// directory in the machine-id slot gives a read error other than "not found".
TEST_CASE("machine id: an unreadable machine-id file is an error, never a fall-through") {
    temp_dir dir;
    REQUIRE(::mkdir((dir / "machine-id-dir").c_str(), 0700) == 0);
    REQUIRE(write_plain(dir / "boot-id", "boot-uuid\n"));
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"machine-id-dir", "later"}, "boot-id"));
    REQUIRE_FALSE(id.ok());
    CHECK(id.error.kind == broker_name_errc::file);
    CHECK(id.error.cause.sys_errno == EISDIR);
    CHECK(id.error.path == dir / "machine-id-dir");
}

// The same rule for the other ways a read fails: permission, a file where a
// directory should be (ENOTDIR is not "not found"), content that is not
// UTF-8 (Rust's read_to_string: InvalidData).
TEST_CASE("machine id: EACCES, ENOTDIR and non-UTF-8 content are errors too") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "boot-id", "boot-uuid\n"));
    REQUIRE(write_plain(dir / "plain", "x"));
    CHECK(read_machine_id(sources(dir, {"plain/machine-id"}, "boot-id")).error.cause.sys_errno == ENOTDIR);
    REQUIRE(write_plain(dir / "latin1", "caf\xe9\n"));
    CHECK(read_machine_id(sources(dir, {"latin1"}, "boot-id")).error.cause.sys_errno == EILSEQ);
    if (::geteuid() != 0) {  // root reads a mode-0000 file
        REQUIRE(write_plain(dir / "locked", "abc\n"));
        REQUIRE(::chmod((dir / "locked").c_str(), 0) == 0);
        CHECK(read_machine_id(sources(dir, {"locked"}, "boot-id")).error.cause.sys_errno == EACCES);
    }
}

// host.rs everything_missing_is_an_error; an empty or unreadable boot id is
// "no usable boot_id" too.
TEST_CASE("machine id: nothing usable anywhere is no_machine_id") {
    temp_dir dir;
    broker_name_result<std::string> id = read_machine_id(sources(dir, {"absent"}, "absent-boot"));
    REQUIRE_FALSE(id.ok());
    CHECK(id.error.kind == broker_name_errc::no_machine_id);
    CHECK(to_string(id.error).find(dir / "absent") != std::string::npos);
    REQUIRE(write_plain(dir / "blank-boot", " \n"));
    CHECK(read_machine_id(sources(dir, {"absent"}, "blank-boot")).error.kind == broker_name_errc::no_machine_id);
    REQUIRE(::mkdir((dir / "dir-boot").c_str(), 0700) == 0);
    CHECK(read_machine_id(sources(dir, {"absent"}, "dir-boot")).error.kind == broker_name_errc::no_machine_id);
}

// Rust's str::trim removes Unicode White_Space, not only ASCII: U+00A0,
// U+3000 and U+2028 go; U+200B (not White_Space) stays.
TEST_CASE("machine id: trimming follows Rust's str::trim") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "machine-id", "\xc2\xa0\t abc \xe3\x80\x80\xe2\x80\xa8\r\n"));
    REQUIRE(write_plain(dir / "zw", "\xe2\x80\x8b""abc\n"));
    CHECK(read_machine_id(sources(dir, {"machine-id"}, "boot")).value == "abc");
    CHECK(read_machine_id(sources(dir, {"zw"}, "boot")).value == "\xe2\x80\x8b""abc");
}

TEST_CASE("machine id: user_sid_hash hashes the uid with the machine id found") {
    temp_dir dir;
    REQUIRE(write_plain(dir / "machine-id", "abc123\n"));
    broker_name_result<std::string> sid = user_sid_hash(1000, sources(dir, {"machine-id"}, "boot"));
    REQUIRE(sid.ok());
    CHECK(sid.value == "721e23495b498d3f");
    CHECK(user_sid_hash(1000, sources(dir, {"absent"}, "absent")).error.kind == broker_name_errc::no_machine_id);
}

// names_v2.rs validate_sid_hash: the three reasons, in upstream's order.
TEST_CASE("sid shape: 16 lowercase hex characters, each reason its own") {
    CHECK(validate_sid_hash("deadbeefcafef00d").ok());
    CHECK(validate_sid_hash("0123456789abcdef").ok());
    struct row {
        const char* sid;
        sid_problem problem;
        std::size_t position;
    };
    const row rows[] = {
        {"", sid_problem::empty, 0},
        {"deadbeefcafef00", sid_problem::wrong_length, 15},
        {"deadbeefcafef00d0", sid_problem::wrong_length, 17},
        {"deadbeefcafef00g", sid_problem::not_lowercase_hex, 15},
        {"DEADBEEFCAFEF00D", sid_problem::not_lowercase_hex, 0},
        {"DEADBEEFCAFEF0", sid_problem::wrong_length, 14},  // length is checked before case
    };
    for (const row& r : rows) {
        CAPTURE(r.sid);
        const broker_name_error e = validate_sid_hash(r.sid);
        CHECK(e.kind == broker_name_errc::invalid_sid);
        CHECK(e.sid_issue == r.problem);
        CHECK(e.position == r.position);
        CHECK(e.subject == r.sid);
        CHECK(to_string(e).find(describe(r.problem)) != std::string::npos);
    }
}
