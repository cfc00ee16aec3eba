// The broker's published HTTP endpoint. Restates upstream's tests in
// crates/running-process/src/broker/broker_http_discovery.rs.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <sys/stat.h>

#include <brokerwire/files/http_port_file.hpp>

#include "temp_dir.hpp"

using namespace brokerwire::files;
using brokerwire::files::testing::list_dir;
using brokerwire::files::testing::mode_of;
using brokerwire::files::testing::read_plain;
using brokerwire::files::testing::temp_dir;
using brokerwire::files::testing::write_plain;

namespace {

// The endpoint read back for `program`; fails the test on an error.
std::optional<http_endpoint> read_back(const std::string& dir, const char* program) {
    broker_name_result<std::optional<http_endpoint>> r = read_http_port(dir, program);
    REQUIRE_MESSAGE(r.ok(), to_string(r.error));
    return r.value;
}

void publish(const std::string& dir, const char* program, const char* address, std::uint16_t port) {
    broker_name_result<std::string> r = publish_http_port(dir, program, address, port);
    REQUIRE_MESSAGE(r.ok(), to_string(r.error));
}

}  // namespace

TEST_CASE("http port: the file is <runtime>/broker-v2-<program>.http_port") {
    CHECK(http_port_path("/run/user/1000/running-process/broker-v2", "zccache") ==
          "/run/user/1000/running-process/broker-v2/broker-v2-zccache.http_port");
}

// broker_http_discovery.rs a_published_port_reads_back, with the bytes pinned.
TEST_CASE("http port: a published port reads back") {
    temp_dir d;
    broker_name_result<std::string> path = publish_http_port(d.path(), "zccache", "127.0.0.1", 8080);
    REQUIRE(path.ok());
    CHECK(path.value == d / "broker-v2-zccache.http_port");
    CHECK(read_plain(path.value) == "127.0.0.1:8080\n");
    CHECK(read_back(d.path(), "zccache") == http_endpoint{"127.0.0.1", 8080});
    CHECK(mode_of(path.value) == 0600);
}

// broker_http_discovery.rs an_absent_file_is_not_an_error.
TEST_CASE("http port: an absent file is no broker, not an error") {
    temp_dir d;
    CHECK_FALSE(read_back(d.path(), "nobody").has_value());
    CHECK_FALSE(read_back(d / "no-such-dir", "nobody").has_value());
}

// broker_http_discovery.rs programs_do_not_share_a_file.
TEST_CASE("http port: two programs do not share a file") {
    temp_dir d;
    publish(d.path(), "alpha", "127.0.0.1", 1111);
    publish(d.path(), "bravo", "127.0.0.1", 2222);
    CHECK(read_back(d.path(), "alpha")->port == 1111);
    CHECK(read_back(d.path(), "bravo")->port == 2222);
}

// broker_http_discovery.rs republishing_replaces_the_previous_port; the
// replacement is atomic, so no temporary file is left behind.
TEST_CASE("http port: republishing replaces the previous port") {
    temp_dir d;
    publish(d.path(), "p", "127.0.0.1", 1000);
    publish(d.path(), "p", "127.0.0.1", 2000);
    CHECK(read_back(d.path(), "p")->port == 2000);
    CHECK(list_dir(d.path()) == std::vector<std::string>{"broker-v2-p.http_port"});
}

// broker_http_discovery.rs unpublishing_removes_the_file_and_is_idempotent.
TEST_CASE("http port: unpublishing removes the file, and twice is no error") {
    temp_dir d;
    publish(d.path(), "p", "127.0.0.1", 1234);
    CHECK(unpublish_http_port(d.path(), "p").ok());
    CHECK_FALSE(read_back(d.path(), "p").has_value());
    CHECK(unpublish_http_port(d.path(), "p").ok());
}

TEST_CASE("http port: an unpublish that cannot remove the file says why") {
    temp_dir d;
    REQUIRE(::mkdir((d / "broker-v2-p.http_port").c_str(), 0700) == 0);
    const file_error e = unpublish_http_port(d.path(), "p");
    CHECK(e.kind == file_errc::io);
    CHECK(e.path == d / "broker-v2-p.http_port");
}

// broker_http_discovery.rs a_non_loopback_address_round_trips.
TEST_CASE("http port: a non-loopback address round-trips") {
    temp_dir d;
    publish(d.path(), "p", "0.0.0.0", 9000);
    CHECK(read_back(d.path(), "p") == http_endpoint{"0.0.0.0", 9000});
}

// broker_http_discovery.rs an_ipv6_address_round_trips: written without
// brackets, split at the last colon.
TEST_CASE("http port: an IPv6 address round-trips") {
    temp_dir d;
    publish(d.path(), "p", "::1", 7000);
    CHECK(read_plain(d / "broker-v2-p.http_port") == "::1:7000\n");
    CHECK(read_back(d.path(), "p") == http_endpoint{"::1", 7000});
}

// broker_http_discovery.rs a_malformed_file_is_an_error_not_an_absence.
TEST_CASE("http port: a malformed file is an error, not an absence") {
    temp_dir d;
    REQUIRE(write_plain(http_port_path(d.path(), "p"), "not-an-endpoint"));
    broker_name_result<std::optional<http_endpoint>> r = read_http_port(d.path(), "p");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.kind == broker_name_errc::malformed_http_port);
    CHECK(r.error.path == http_port_path(d.path(), "p"));
    CHECK(to_string(r.error).find("not-an-endpoint") != std::string::npos);
}

// broker_http_discovery.rs the_directory_is_created_when_absent; private, as
// ensure_private_dir makes it.
TEST_CASE("http port: the directory is created when absent, owner-only") {
    temp_dir d;
    const std::string nested = d / "does/not/exist";
    publish(nested, "p", "127.0.0.1", 4321);
    CHECK(read_back(nested, "p")->port == 4321);
    CHECK(mode_of(nested) == 0700);
    CHECK(mode_of(d / "does") == 0700);
}

// ensure_private_dir sets an existing directory to 0700 too.
TEST_CASE("http port: an existing directory open to others is made owner-only") {
    temp_dir d;
    const std::string dir = d / "runtime";
    REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
    REQUIRE(::chmod(dir.c_str(), 0755) == 0);
    publish(dir, "p", "127.0.0.1", 80);
    CHECK(mode_of(dir) == 0700);
}

// The file carries an IpAddr as Rust displays it, so ours and upstream's are
// the same bytes for the same address.
TEST_CASE("http port: addresses are spelled as Rust's IpAddr Display spells them") {
    struct row {
        const char* given;
        const char* written;
    };
    const row rows[] = {
        {"127.0.0.1", "127.0.0.1"},
        {"::", "::"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"FE80::1", "fe80::1"},
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},    // the first of two equal runs
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // a single zero group stays
        {"2001:0db8::0001", "2001:db8::1"},
        {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},  // IPv4-mapped
        {"::1.2.3.4", "::102:304"},            // IPv4-compatible is plain hex (glibc differs)
        {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},     // the longest run, not the first
    };
    for (const row& r : rows) {
        CAPTURE(r.given);
        broker_name_result<std::string> content = http_port_file_content(r.given, 80);
        REQUIRE(content.ok());
        CHECK(content.value == std::string(r.written) + ":80\n");
    }
}

TEST_CASE("http port: what is not an IP address is refused, and nothing is written") {
    temp_dir d;
    for (const char* bad : {"", "localhost", "1.2.3", "01.2.3.4", "[::1]", "::1%eth0", "1.2.3.4 "}) {
        CAPTURE(bad);
        broker_name_result<std::string> r = publish_http_port(d.path(), "p", bad, 80);
        CHECK(r.error.kind == broker_name_errc::invalid_address);
    }
    CHECK(list_dir(d.path()).empty());
}

// parse_endpoint: trimmed, split at the last ':', brackets stripped, the
// port as Rust's u16::from_str reads it.
TEST_CASE("http port: parsing follows upstream's reader") {
    CHECK(parse_http_port_file("[::1]:8080").value == http_endpoint{"::1", 8080});
    CHECK(parse_http_port_file("[[::1]]:8080").value == http_endpoint{"::1", 8080});
    CHECK(parse_http_port_file(" \t127.0.0.1:8080\r\n\xc2\xa0").value == http_endpoint{"127.0.0.1", 8080});
    CHECK(parse_http_port_file("127.0.0.1:+8080").value == http_endpoint{"127.0.0.1", 8080});
    CHECK(parse_http_port_file("127.0.0.1:08080").value == http_endpoint{"127.0.0.1", 8080});
    CHECK(parse_http_port_file("127.0.0.1:65535").value.port == 65535);
    CHECK(parse_http_port_file("0:0::1:1").value == http_endpoint{"::1", 1});
    for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+",
                            "127.0.0.1: 80", "localhost:80", ":80", ""}) {
        CAPTURE(bad);
        CHECK(parse_http_port_file(bad).error.kind == broker_name_errc::malformed_http_port);
    }
}

TEST_CASE("http port: a file that is not UTF-8 is an error, not an absence") {
    temp_dir d;
    REQUIRE(write_plain(http_port_path(d.path(), "p"), "127.0.0.1:80\xff"));
    broker_name_result<std::optional<http_endpoint>> r = read_http_port(d.path(), "p");
    CHECK(r.error.kind == broker_name_errc::file);
}
