// Upstream's v2 message round trips, as brokerwire's acceptance tests: the
// #[cfg(test)] module of crates/running-process/src/broker/protocol_v2/mod.rs
// at zackees/running-process 52831e53. Upstream builds each message, encodes
// it with prost and decodes it back; here each message's bytes are in
// data/*.hex (encoded by hand, checked with protoc), and each case checks
// that brokerwire encodes upstream's value to those bytes, decodes them to
// the fields upstream checks, and re-encodes them byte for byte.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <brokerwire/broker/lanes.hpp>
#include <brokerwire/messages/control.hpp>
#include <brokerwire/messages/service_def.hpp>
#include <brokerwire/messages/session.hpp>

#include "hex_data.hpp"

namespace v2 = brokerwire::v2;
namespace broker = brokerwire::broker;
using brokerwire::bytes_view;
using upstream::byte_string;
using upstream::hex_file;
using upstream::to_hex;

namespace {

template <class Message>
Message decoded(const byte_string& bytes) {
    Message m;
    const brokerwire::status s = v2::decode(bytes_view(bytes), m);
    REQUIRE_MESSAGE(s.ok(), brokerwire::to_string(s));
    return m;
}

// `original` encodes to data/<name>.hex, and the bytes decode back to
// `original` and re-encode to themselves. Returns the decoded message.
template <class Message>
Message round_trip(const char* name, const Message& original) {
    const byte_string bytes = hex_file(name);
    CHECK(to_hex(v2::encode(original)) == to_hex(bytes));
    CHECK(v2::encoded_size(original) == bytes.size());
    Message back = decoded<Message>(bytes);
    CHECK(back == original);
    CHECK(to_hex(v2::encode(back)) == to_hex(bytes));
    return back;
}

const std::string raw("\x00\xff\x80\n\x1b", 5);  // not UTF-8: stdio must be byte-transparent

constexpr v2::broker_isolation all_isolations[] = {
    v2::broker_isolation::private_broker,
    v2::broker_isolation::shared_broker,
    v2::broker_isolation::explicit_instance,
};

const char* isolation_file(v2::broker_isolation iso, bool explicit_instance) {
    switch (iso) {
        case v2::broker_isolation::private_broker:
            return explicit_instance ? "explicit_instance_private_broker" : "broker_isolation_private_broker";
        case v2::broker_isolation::shared_broker:
            return explicit_instance ? "explicit_instance_shared_broker" : "broker_isolation_shared_broker";
        case v2::broker_isolation::explicit_instance:
            return explicit_instance ? "explicit_instance_explicit_instance" : "broker_isolation_explicit_instance";
    }
    return "";
}

}  // namespace

// mod.rs:83
TEST_CASE("protocol_v2/mod.rs: service_definition_without_http_round_trips") {
    v2::service_definition original;
    original.service_name = "zccache";
    const v2::service_definition back = round_trip("service_definition_without_http", original);
    CHECK(back.service_name == "zccache");
    CHECK_FALSE(back.http_server.has_value());
}

// mod.rs:102
TEST_CASE("protocol_v2/mod.rs: session_frame_each_variant_round_trips") {
    v2::session_frame stdin_frame, stdin_eof_frame, stdout_frame, stderr_frame, exit_frame, start_frame;
    stdin_frame.set_stdin_bytes(raw);
    stdin_eof_frame.set_stdin_eof(true);
    stdout_frame.set_stdout_bytes(raw);
    stderr_frame.set_stderr_bytes(raw);
    v2::session_exit& exit = exit_frame.set_exit();
    exit.code = 101;
    exit.signal = 0;
    v2::session_start& start = start_frame.set_start();
    start.program = "rustc";
    start.args = {"--edition", "2021"};
    start.cwd = "/work";
    start.env.emplace_back();
    start.env.back().key = "CARGO";
    start.env.back().value = "1";
    start.clear_inherited_env = true;
    start.environment_policy = static_cast<v2::environment_policy>(3);

    const struct {
        const char* file;
        const v2::session_frame* original;
        std::size_t variant;  // the oneof field number
    } cases[] = {
        {"session_frame_stdin", &stdin_frame, 1},   {"session_frame_stdin_eof", &stdin_eof_frame, 2},
        {"session_frame_stdout", &stdout_frame, 3}, {"session_frame_stderr", &stderr_frame, 4},
        {"session_frame_exit", &exit_frame, 5},     {"session_frame_start", &start_frame, 6},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const v2::session_frame back = round_trip(c.file, *c.original);
        CHECK(back.kind.index() == c.variant);
    }
    // The raw payloads survive byte for byte (round_trip compared whole messages; be explicit).
    const v2::session_frame back = decoded<v2::session_frame>(hex_file("session_frame_stdout"));
    REQUIRE(back.stdout_bytes() != nullptr);
    CHECK(to_hex(*back.stdout_bytes()) == "00ff800a1b");
    CHECK(start.environment_policy == v2::environment_policy::clear);
}

// mod.rs:150
TEST_CASE("protocol_v2/mod.rs: session_exit_signal_death_round_trips") {
    v2::session_exit original;
    original.code = -1;
    original.signal = 9;
    original.metadata = {{"cache_outcome", "miss"}, {"compile_id", "compile-934"}};
    const v2::session_exit back = round_trip("session_exit_signal_death", original);
    CHECK(back == original);
    CHECK(back.signal != 0);  // signal death must be distinguishable
    CHECK(back.code == -1);
    CHECK(back.metadata.size() == 2);
}

// mod.rs:172
TEST_CASE("protocol_v2/mod.rs: session_payload_protocol_is_distinct") {
    CHECK(broker::lane::session == 0x5350);
    for (const std::uint32_t other :
         {broker::lane::control, broker::lane::admin, broker::lane::backend_probe, broker::lane::handoff}) {
        CAPTURE(other);
        CHECK(broker::lane::session != other);
    }
}

// mod.rs:191
TEST_CASE("protocol_v2/mod.rs: service_definition_with_http_round_trips") {
    v2::service_definition original;
    original.service_name = "fbuild";
    original.http_server.emplace();
    original.http_server->bind_addr = "127.0.0.1";
    original.http_server->health_path = "/healthz";
    original.http_server->display_name = "fbuild status";
    const v2::service_definition back = round_trip("service_definition_with_http", original);
    REQUIRE(back.http_server.has_value());  // http_server survives the round trip
    CHECK(back.service_name == "fbuild");
    CHECK(back.http_server->bind_addr == "127.0.0.1");
    CHECK(back.http_server->health_path == "/healthz");
    CHECK(back.http_server->display_name == "fbuild status");
}

// mod.rs:218
TEST_CASE("protocol_v2/mod.rs: http_server_capability_empty_defaults_survive_round_trip") {
    v2::service_definition original;
    original.service_name = "minimal";
    original.http_server.emplace();
    const v2::service_definition back = round_trip("http_server_capability_empty", original);
    REQUIRE(back.http_server.has_value());
    CHECK(back.http_server->bind_addr.empty());
    CHECK(back.http_server->health_path.empty());
    CHECK(back.http_server->display_name.empty());
}

// mod.rs:242
TEST_CASE("protocol_v2/mod.rs: service_definition_v1_fields_round_trip") {
    v2::service_definition original;
    original.service_name = "zccache";
    original.binary_path = "/usr/local/bin/zccache-daemon";
    original.isolation = v2::broker_isolation::shared_broker;
    original.explicit_instance = "";
    original.per_version_binary_dir = "/usr/local/bin";
    original.min_version = "1.0.0";
    original.version_allow_list = {"1.12.9", "1.13.0"};
    original.labels = {{"env", "prod"}, {"deploy", "blue"}};
    const v2::service_definition back = round_trip("service_definition_v1_fields", original);
    CHECK(back.service_name == "zccache");
    CHECK(back.binary_path == "/usr/local/bin/zccache-daemon");
    CHECK(back.isolation == v2::broker_isolation::shared_broker);
    CHECK(back.explicit_instance.empty());
    CHECK(back.per_version_binary_dir == "/usr/local/bin");
    CHECK(back.min_version == "1.0.0");
    CHECK(back.version_allow_list == std::vector<std::string>{"1.12.9", "1.13.0"});
    CHECK(back.labels.size() == 2);
    REQUIRE(back.labels.count("env") == 1);
    CHECK(back.labels.at("env") == "prod");
    REQUIRE(back.labels.count("deploy") == 1);
    CHECK(back.labels.at("deploy") == "blue");
    CHECK_FALSE(back.http_server.has_value());
}

// mod.rs:285
TEST_CASE("protocol_v2/mod.rs: broker_isolation_enum_values_round_trip") {
    for (const v2::broker_isolation iso : all_isolations) {
        const auto n = static_cast<std::int32_t>(iso);
        CAPTURE(n);
        v2::service_definition original;
        original.service_name = "svc-" + std::to_string(n);
        original.isolation = iso;
        const v2::service_definition back = round_trip(isolation_file(iso, false), original);
        CHECK(back.isolation == iso);
    }
    // The proto ints the test pins (PRIVATE_BROKER is the proto3 zero value).
    CHECK(static_cast<std::int32_t>(v2::broker_isolation::private_broker) == 0);
    CHECK(static_cast<std::int32_t>(v2::broker_isolation::shared_broker) == 1);
    CHECK(static_cast<std::int32_t>(v2::broker_isolation::explicit_instance) == 2);
}

// mod.rs:310
TEST_CASE("protocol_v2/mod.rs: service_definition_explicit_instance_round_trips_with_any_isolation") {
    for (const v2::broker_isolation iso : all_isolations) {
        CAPTURE(static_cast<std::int32_t>(iso));
        v2::service_definition original;
        original.service_name = "svc";
        original.isolation = iso;
        original.explicit_instance = "ci-trusted";
        const v2::service_definition back = round_trip(isolation_file(iso, true), original);
        CHECK(back.explicit_instance == "ci-trusted");
    }
}

// mod.rs:335
TEST_CASE("protocol_v2/mod.rs: backend_http_ready_round_trips") {
    v2::backend_http_ready original;
    original.port = 49'152;
    const v2::backend_http_ready back = round_trip("backend_http_ready", original);
    CHECK(back.port == 49'152);
}

// mod.rs:347
TEST_CASE("protocol_v2/mod.rs: get_broker_http_endpoint_request_round_trips_empty") {
    const v2::get_broker_http_endpoint_request original;
    CHECK(hex_file("get_broker_http_endpoint_request_empty").empty());
    const v2::get_broker_http_endpoint_request back =
        round_trip("get_broker_http_endpoint_request_empty", original);
    CHECK(back == v2::get_broker_http_endpoint_request{});
}

// mod.rs:359
TEST_CASE("protocol_v2/mod.rs: get_broker_http_endpoint_response_round_trips") {
    v2::get_broker_http_endpoint_response original;
    original.port = 8765;
    original.pid = 12'345;
    const v2::get_broker_http_endpoint_response back = round_trip("get_broker_http_endpoint_response", original);
    CHECK(back.port == 8765);
    CHECK(back.pid == 12'345);
}
