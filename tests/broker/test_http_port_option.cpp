// Where the HTTP surface listens: the `--http-port` value and the two
// environment overrides. Cases named "<upstream file>: <test>" restate
// zackees/running-process 52831e53, crates/running-process/; the others pin
// the Rust parsing rules upstream inherits without stating them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "brokerwire/broker/http_port_option.hpp"

using namespace brokerwire::broker;

namespace {

http_port_option parsed(std::string_view value) {
    std::string error;
    const auto option = parse_http_port(value, error);
    REQUIRE_MESSAGE(option.has_value(), error);
    CHECK(error.empty());
    return *option;
}

std::string rejection(std::string_view value) {
    std::string error;
    CHECK_FALSE(parse_http_port(value, error).has_value());
    return error;
}

ip_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    ip_address out;
    out.bytes[0] = a;
    out.bytes[1] = b;
    out.bytes[2] = c;
    out.bytes[3] = d;
    return out;
}

resolved_http_bind resolved(http_port_option config, std::optional<std::string_view> port,
                            std::optional<std::string_view> bind) {
    return resolve_http_bind(config, http_environment{port, bind});
}

}  // namespace

// src/bin/running-process-broker-v2/tests.rs:184
TEST_CASE("running-process-broker-v2/tests.rs: http_port_accepts_dynamic_and_a_number") {
    CHECK(parsed("dynamic") == http_port_option::dynamic());
    CHECK(parsed("DYNAMIC") == http_port_option::dynamic());
    CHECK(parsed("8080") == http_port_option::static_or_fallback(8080));
}

// src/bin/running-process-broker-v2/tests.rs:197
TEST_CASE("running-process-broker-v2/tests.rs: http_port_zero_is_dynamic") {
    CHECK(parsed("0") == http_port_option::dynamic());
}

// src/bin/running-process-broker-v2/tests.rs:204
TEST_CASE("running-process-broker-v2/tests.rs: http_port_rejects_a_non_port") {
    for (const char* bad : {"", "http", "-1", "65536", "80x"}) {
        CAPTURE(bad);
        CHECK_FALSE(rejection(bad).empty());
    }
}

TEST_CASE("a rejected --http-port value is named in upstream's words, Rust-debug-quoted") {
    CHECK(rejection("80x") == "--http-port expects a port number or `dynamic`, got \"80x\"");
    CHECK(rejection("") == "--http-port expects a port number or `dynamic`, got \"\"");
    CHECK(rejection("a\"b\\c\n") == "--http-port expects a port number or `dynamic`, got \"a\\\"b\\\\c\\n\"");
}

TEST_CASE("--http-port reads numbers as Rust's u16 parser does") {
    CHECK(parsed("+8080") == http_port_option::static_or_fallback(8080));  // one '+' is a sign
    CHECK(parsed("008080") == http_port_option::static_or_fallback(8080));
    CHECK(parsed("65535") == http_port_option::static_or_fallback(65535));
    CHECK(parsed("+0") == http_port_option::dynamic());
    CHECK(parsed("0000000000000000000001") == http_port_option::static_or_fallback(1));
    CHECK(parsed("DyNaMiC") == http_port_option::dynamic());
    for (const char* bad : {"+", "++1", "-0", " 1", "1 ", "99999999999999999999", "dynamic ", "0x10"}) {
        CAPTURE(bad);
        CHECK_FALSE(rejection(bad).empty());
    }
}

// src/broker/broker_http_port.rs:128
TEST_CASE("broker_http_port.rs: no_env_returns_config_and_loopback_default") {
    const auto r = resolved(http_port_option::dynamic(), std::nullopt, std::nullopt);
    CHECK(r.port == http_port_option::dynamic());
    CHECK(r.address == v4(127, 0, 0, 1));
}

// src/broker/broker_http_port.rs:137
TEST_CASE("broker_http_port.rs: port_env_set_overrides_to_static") {
    const auto r = resolved(http_port_option::static_or_fallback(12345), "8080", std::nullopt);
    CHECK(r.port == http_port_option::static_port(8080));
}

// src/broker/broker_http_port.rs:145
TEST_CASE("broker_http_port.rs: bind_env_set_overrides_addr") {
    const auto r = resolved(http_port_option::static_port(4242), std::nullopt, "0.0.0.0");
    CHECK(r.port == http_port_option::static_port(4242));
    CHECK(r.address == v4(0, 0, 0, 0));
}

// src/broker/broker_http_port.rs:154
TEST_CASE("broker_http_port.rs: invalid_port_env_falls_back_to_config") {
    CHECK(resolved(http_port_option::dynamic(), "not-a-port", std::nullopt).port == http_port_option::dynamic());
}

// src/broker/broker_http_port.rs:162
TEST_CASE("broker_http_port.rs: empty_port_env_falls_back_to_config") {
    CHECK(resolved(http_port_option::dynamic(), "", std::nullopt).port == http_port_option::dynamic());
}

// src/broker/broker_http_port.rs:170
TEST_CASE("broker_http_port.rs: invalid_bind_env_falls_back_to_loopback") {
    CHECK(resolved(http_port_option::dynamic(), std::nullopt, "not-an-ip").address == v4(127, 0, 0, 1));
}

// src/broker/broker_http_port.rs:178
TEST_CASE("broker_http_port.rs: both_env_overrides_compose") {
    const auto r = resolved(http_port_option::dynamic(), "9999", "0.0.0.0");
    CHECK(r.port == http_port_option::static_port(9999));
    CHECK(r.address == v4(0, 0, 0, 0));
}

TEST_CASE("override values are trimmed of Unicode whitespace, and blank or non-UTF-8 ones are unset") {
    const auto config = http_port_option::static_or_fallback(7000);
    CHECK(resolved(config, " \t8080\n", std::nullopt).port == http_port_option::static_port(8080));
    CHECK(resolved(config, "\xC2\xA0" "8080\xE3\x80\x80", std::nullopt).port == http_port_option::static_port(8080));
    CHECK(resolved(config, "  ", std::nullopt).port == config);
    CHECK(resolved(config, "80\x80", std::nullopt).port == config);
    CHECK(resolved(config, "65536", std::nullopt).port == config);
    // A port override of 0 is a static port 0: the system picks, no fallback needed.
    CHECK(resolved(config, "0", std::nullopt).port == http_port_option::static_port(0));
    CHECK(resolved(config, std::nullopt, " ::1 ").address == *parse_ip_address("::1"));
    CHECK(resolved(config, std::nullopt, "[::1]").address == v4(127, 0, 0, 1));
}

TEST_CASE("IP addresses parse as Rust's IpAddr does") {
    CHECK(parse_ip_address("10.1.2.3") == v4(10, 1, 2, 3));
    for (const char* bad : {"01.2.3.4", "1.2.3", "1.2.3.4 ", "[::1]", "fe80::1%1", "0x1.2.3.4", "256.0.0.1", ""}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_ip_address(bad).has_value());
    }
    CHECK_FALSE(parse_ip_address(std::string_view("1.2.3.4\0", 8)).has_value());
    const auto mapped = parse_ip_address("::ffff:1.2.3.4");
    REQUIRE(mapped.has_value());
    CHECK(mapped->family == ip_address::family_kind::v6);
}

TEST_CASE("IP addresses print as Rust's Display prints them") {
    auto shown = [](const char* text) {
        const auto a = parse_ip_address(text);
        REQUIRE(a.has_value());
        return to_string(*a);
    };
    // Outputs of Rust 1.95's `{}` for the same inputs.
    CHECK(shown("127.0.0.1") == "127.0.0.1");
    CHECK(shown("::1") == "::1");
    CHECK(shown("::") == "::");
    CHECK(shown("::ffff:1.2.3.4") == "::ffff:1.2.3.4");
    CHECK(shown("::1.2.3.4") == "::102:304");
    CHECK(shown("1:2:3:4:5:6:7::") == "1:2:3:4:5:6:7:0");
    CHECK(shown("1:0:0:2:0:0:0:3") == "1:0:0:2::3");
    CHECK(shown("1:0:0:2:0:0:3:4") == "1::2:0:0:3:4");
    CHECK(shown("FE80:0:0:0:0:0:0:ABCD") == "fe80::abcd");
    CHECK(shown("1:0:2:0:3:0:4:0") == "1:0:2:0:3:0:4:0");
}

TEST_CASE("the process environment is read when asked") {
    REQUIRE(setenv("RUNNING_PROCESS_BROKER_HTTP_PORT", "4321", 1) == 0);
    REQUIRE(unsetenv("RUNNING_PROCESS_BROKER_HTTP_BIND") == 0);
    const http_environment env = http_environment_from_process();
    CHECK(env.port == std::optional<std::string_view>("4321"));
    CHECK_FALSE(env.bind.has_value());
    CHECK(resolve_http_bind(http_port_option::dynamic(), env).port == http_port_option::static_port(4321));
    REQUIRE(unsetenv("RUNNING_PROCESS_BROKER_HTTP_PORT") == 0);
}
