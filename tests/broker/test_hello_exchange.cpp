// The v2 broker's Hello exchange, without sockets: upstream's unit tests of
// its Hello handler (crates/running-process/src/bin/running-process-broker-v2/
// tests.rs) and the refusals its acceptance tests expect
// (crates/running-process/tests/broker_v2_acceptance_test.rs), restated.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "../files/temp_dir.hpp"
#include "brokerwire/broker/hello_exchange.hpp"
#include "brokerwire/broker/hello_policy.hpp"
#include "brokerwire/files/service_definition_builder.hpp"
#include "brokerwire/files/writers.hpp"
#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/framing/frame_reader.hpp"
#include "brokerwire/messages/envelope.hpp"

using namespace brokerwire;
using brokerwire::files::testing::temp_dir;

namespace {

// Upstream's make_hello (tests.rs): protocol 1..1, connection_id 42.
v1::hello make_hello(const std::string& service, const std::string& wanted) {
    v1::hello h;
    h.client_min_protocol = 1;
    h.client_max_protocol = 1;
    h.service_name = service;
    h.wanted_version = wanted;
    h.client_version = "test";
    h.request_id = "test";
    h.connection_id = 42;
    h.peer_pid = 1234;
    h.client_lib_name = "test";
    h.client_lib_version = "test";
    return h;
}

// A services directory holding what upstream's tests install with
// ServiceDefinitionBuilder::shared_broker("zccache", "/usr/bin/zccache-daemon").
struct services {
    temp_dir dir;
    broker::hello_sources sources;

    services() {
        sources.services_dir = dir / "services";
        sources.runtime_dir = dir / "runtime";
        sources.broker_version = "0.1.0";
        ::mkdir(sources.runtime_dir.c_str(), 0700);
    }
    void install(files::service_definition_builder builder) {
        auto built = builder.build();
        REQUIRE(built.ok());
        REQUIRE(files::write_service_definition(sources.services_dir, built.value).ok());
    }
    void install_zccache() { install(files::service_definition_builder::shared_broker("zccache", "/usr/bin/zccache-daemon")); }
};

std::string frame_body(const v1::frame& f) {
    const std::vector<std::uint8_t> bytes = encode(f);
    return std::string(bytes.begin(), bytes.end());
}

// Upstream's Frame::request(CONTROL_PAYLOAD_PROTOCOL, hello).with_request_id(id).
v1::frame hello_request(const v1::hello& hello, std::uint64_t request_id) {
    v1::frame f;
    f.envelope_version = 1;
    f.kind = v1::frame_kind::request;
    f.payload_protocol = 0;
    const std::vector<std::uint8_t> payload = encode(hello);
    f.payload.assign(payload.begin(), payload.end());
    f.request_id = request_id;
    return f;
}

// Reads the exchange's framed reply back as a client does: one frame, a
// RESPONSE on the control lane, then its HelloReply.
struct read_back {
    v1::frame frame;
    v1::hello_reply reply;
};

read_back read_reply(const broker::hello_exchange& x) {
    read_back out;
    framing::frame_reader reader;
    std::size_t frames = 0;
    const auto st = reader.feed(reinterpret_cast<const std::uint8_t*>(x.reply_frame.data()), x.reply_frame.size(),
                                [&](bytes_view body) {
                                    ++frames;
                                    REQUIRE(decode(body, out.frame).ok());
                                });
    REQUIRE(st.ok());
    REQUIRE(frames == 1);
    REQUIRE_FALSE(reader.mid_frame());
    CHECK(broker::validate_frame_envelope(out.frame, v1::frame_kind::response, 0).ok());
    REQUIRE(decode(bytes_view(out.frame.payload), out.reply).ok());
    CHECK(out.reply == x.reply);
    return out;
}

const v1::refused& refused_of(const v1::hello_reply& reply) {
    REQUIRE(reply.refused() != nullptr);
    return *reply.refused();
}

}  // namespace

TEST_CASE("an unknown service is refused with SERVICE_UNKNOWN (tests.rs build_hello_reply_refuses_unknown_service)") {
    services s;
    const v1::hello_reply reply = broker::answer_hello(make_hello("nosuch", "1.0.0"), s.sources);
    CHECK(refused_of(reply).code == v1::error_code::service_unknown);
    CHECK(refused_of(reply).reason == "service definition was not found");
    CHECK(refused_of(reply).daemon_min_protocol == 1);
    CHECK(refused_of(reply).daemon_max_protocol == 1);
}

TEST_CASE("a registered service is negotiated, echoing connection_id (tests.rs build_hello_reply_negotiates_registered_service)") {
    services s;
    s.install_zccache();
    const v1::hello_reply reply = broker::answer_hello(make_hello("zccache", "1.0.0"), s.sources);
    REQUIRE(reply.negotiated() != nullptr);
    CHECK(reply.negotiated()->connection_id == 42);
    CHECK(reply.negotiated()->negotiated_protocol == 1);
    CHECK(reply.negotiated()->daemon_version == "0.1.0");
    // No daemon has published an identity: the pipe is empty, not a refusal.
    CHECK(reply.negotiated()->backend_pipe.empty());
}

TEST_CASE("a framed Hello round-trips the client_v2 contract (tests.rs hello_handler_round_trips_the_client_v2_frame_contract)") {
    services s;
    s.install_zccache();
    v1::frame request = hello_request(make_hello("zccache", "1.0.0"), 0x930);
    request.traceparent = "00-test-trace";
    request.tracestate = "vendor=test";
    const broker::hello_exchange x = broker::answer_hello_frame(bytes_view(frame_body(request)), s.sources);
    CHECK(x.negotiated());
    CHECK(x.service == "zccache");
    const read_back back = read_reply(x);
    CHECK(back.frame.request_id == 0x930);
    CHECK(back.frame.traceparent == "00-test-trace");
    CHECK(back.frame.tracestate == "vendor=test");
    CHECK(back.reply.negotiated() != nullptr);
}

TEST_CASE("a raw Hello, not wrapped in a Frame, is refused in a frame (tests.rs hello_handler_rejects_the_obsolete_raw_hello_contract)") {
    services s;
    s.install_zccache();
    const std::vector<std::uint8_t> raw = encode(make_hello("zccache", "1.0.0"));
    const broker::hello_exchange x = broker::answer_hello_frame(bytes_view(raw), s.sources);
    CHECK_FALSE(x.negotiated());
    const read_back back = read_reply(x);
    CHECK(back.reply.refused() != nullptr);
    // Hello's field 3 (service_name, a string) is Frame's field 3
    // (payload_protocol, a varint): the body is no Frame at all.
    CHECK(refused_of(back.reply).reason == "malformed broker Frame");
    CHECK(back.frame.request_id == 0);
}

TEST_CASE("an invalid envelope gets a correlated refusal (tests.rs hello_handler_returns_a_correlated_refusal_for_an_invalid_envelope)") {
    services s;
    v1::frame request = hello_request(make_hello("zccache", "1.0.0"), 0x931);
    request.kind = v1::frame_kind::event;
    request.traceparent = "00-invalid-envelope";
    request.tracestate = "vendor=invalid";
    const broker::hello_exchange x = broker::answer_hello_frame(bytes_view(frame_body(request)), s.sources);
    const read_back back = read_reply(x);
    CHECK(back.frame.request_id == 0x931);
    CHECK(back.frame.traceparent == "00-invalid-envelope");
    CHECK(back.frame.tracestate == "vendor=invalid");
    CHECK(refused_of(back.reply).code == v1::error_code::peer_rejected);
    CHECK(refused_of(back.reply).reason == "Hello frame kind must be REQUEST");
}

TEST_CASE("each envelope fault has upstream's code and reason, checked in upstream's order") {
    services s;
    struct row {
        const char* name;
        void (*spoil)(v1::frame&);
        v1::error_code code;
        const char* reason;
    };
    const row rows[] = {
        {"envelope_version 2", [](v1::frame& f) { f.envelope_version = 2; }, v1::error_code::version_unsupported,
         "frame envelope_version is not v1"},
        {"version and kind both wrong: version wins",
         [](v1::frame& f) {
             f.envelope_version = 0;
             f.kind = v1::frame_kind::cancel;
         },
         v1::error_code::version_unsupported, "frame envelope_version is not v1"},
        {"kind RESPONSE", [](v1::frame& f) { f.kind = v1::frame_kind::response; }, v1::error_code::peer_rejected,
         "Hello frame kind must be REQUEST"},
        {"admin lane", [](v1::frame& f) { f.payload_protocol = 0xB001; }, v1::error_code::peer_rejected,
         "Hello frame payload_protocol must be control-plane"},
        {"zstd payload", [](v1::frame& f) { f.payload_encoding = v1::payload_encoding::zstd; },
         v1::error_code::peer_rejected, "Hello payload must not be compressed"},
        {"lane and encoding both wrong: lane wins",
         [](v1::frame& f) {
             f.payload_protocol = 7;
             f.payload_encoding = v1::payload_encoding::lz4;
         },
         v1::error_code::peer_rejected, "Hello frame payload_protocol must be control-plane"},
    };
    for (const row& r : rows) {
        CAPTURE(r.name);
        v1::frame request = hello_request(make_hello("zccache", "1.0.0"), 77);
        r.spoil(request);
        const read_back back = read_reply(broker::answer_hello_frame(bytes_view(frame_body(request)), s.sources));
        CHECK(refused_of(back.reply).code == r.code);
        CHECK(refused_of(back.reply).reason == r.reason);
        CHECK(back.frame.request_id == 77);
        // The reply is on the control lane whatever lane was asked.
        CHECK(back.frame.payload_protocol == 0);
    }
}

TEST_CASE("a payload that is not a Hello is refused as malformed, echoing the request") {
    services s;
    v1::frame request = hello_request(make_hello("zccache", "1.0.0"), 5);
    request.payload = std::string("\x0a\x05zc", 4);  // field 1 as a string: Hello's field 1 is a varint
    const read_back back = read_reply(broker::answer_hello_frame(bytes_view(frame_body(request)), s.sources));
    CHECK(refused_of(back.reply).code == v1::error_code::peer_rejected);
    CHECK(refused_of(back.reply).reason == "malformed Hello payload");
    CHECK(back.frame.request_id == 5);
}

TEST_CASE("a Hello below min_version is blocked (tests.rs build_hello_reply_blocks_below_min_version)") {
    services s;
    s.install(files::service_definition_builder::shared_broker("zccache", "/usr/bin/zccache-daemon").min_version("2.0.0"));
    const v1::hello_reply reply = broker::answer_hello(make_hello("zccache", "1.0.0"), s.sources);
    CHECK(refused_of(reply).code == v1::error_code::version_blocked);
    CHECK(refused_of(reply).reason == "wanted_version \"1.0.0\" is below min_version \"2.0.0\"");
}

TEST_CASE("min_version is compared as upstream compares it: as byte strings, not versions") {
    services s;
    s.install(files::service_definition_builder::shared_broker("zccache", "/usr/bin/zccache-daemon").min_version("9.0.0"));
    // "10.0.0" sorts before "9.0.0" byte by byte: upstream blocks it, so do we.
    CHECK(refused_of(broker::answer_hello(make_hello("zccache", "10.0.0"), s.sources)).code ==
          v1::error_code::version_blocked);
    CHECK(broker::answer_hello(make_hello("zccache", "9.0.0"), s.sources).negotiated() != nullptr);
    CHECK(broker::answer_hello(make_hello("zccache", "9.1"), s.sources).negotiated() != nullptr);
    // An empty wanted_version is below any min_version.
    CHECK(refused_of(broker::answer_hello(make_hello("zccache", ""), s.sources)).reason ==
          "wanted_version \"\" is below min_version \"9.0.0\"");
}

TEST_CASE("a Hello outside version_allow_list is blocked (tests.rs build_hello_reply_blocks_outside_version_allow_list)") {
    services s;
    s.install(files::service_definition_builder::shared_broker("zccache", "/usr/bin/zccache-daemon")
                  .version_allow_list({"1.0.0", "1.1.0"}));
    const v1::hello_reply reply = broker::answer_hello(make_hello("zccache", "1.2.0"), s.sources);
    CHECK(refused_of(reply).code == v1::error_code::version_blocked);
    CHECK(refused_of(reply).reason == "wanted_version \"1.2.0\" is not in version_allow_list");
}

TEST_CASE("a Hello inside version_allow_list is negotiated (tests.rs build_hello_reply_allows_version_in_allow_list)") {
    services s;
    s.install(files::service_definition_builder::shared_broker("zccache", "/usr/bin/zccache-daemon")
                  .version_allow_list({"1.0.0", "1.1.0"}));
    CHECK(broker::answer_hello(make_hello("zccache", "1.1.0"), s.sources).negotiated() != nullptr);
}

TEST_CASE("the protocol range is checked before the service (acceptance: an_unsupported_protocol_version_is_refused_with_a_reason)") {
    services s;
    v1::hello hello = make_hello("no-such-service", "1.0.0");
    hello.client_min_protocol = 9999;
    hello.client_max_protocol = 10000;
    const v1::hello_reply reply = broker::answer_hello(hello, s.sources);
    CHECK(refused_of(reply).code == v1::error_code::version_unsupported);
    CHECK(refused_of(reply).reason == "client protocol range does not include the version this broker speaks");
    CHECK(refused_of(reply).daemon_max_protocol == 1);
    // A Hello that leaves the range at its defaults (0..0) is refused too.
    CHECK(refused_of(broker::answer_hello(v1::hello{}, s.sources)).code == v1::error_code::version_unsupported);
    hello.client_min_protocol = 0;
    hello.client_max_protocol = 5;
    CHECK(refused_of(broker::answer_hello(hello, s.sources)).code == v1::error_code::service_unknown);
}

TEST_CASE("a NUL in the service name is refused as invalid (acceptance: a_nul_byte_in_the_service_name_is_refused_rather_than_crashing)") {
    services s;
    s.install_zccache();
    const v1::hello_reply reply = broker::answer_hello(make_hello(std::string("bad\0name", 8), "1.0.0"), s.sources);
    CHECK(refused_of(reply).code == v1::error_code::service_unknown);
    CHECK(refused_of(reply).reason == "service name is invalid");
    for (const char* bad : {"../zccache", "ZCCACHE", "", "zc/cache"}) {
        CAPTURE(bad);
        CHECK(refused_of(broker::answer_hello(make_hello(bad, "1.0.0"), s.sources)).reason == "service name is invalid");
    }
}

TEST_CASE("a definition that names another service, or does not decode, is refused as not loadable") {
    services s;
    s.install_zccache();
    REQUIRE(::rename((s.sources.services_dir + "/zccache.servicedef.v2").c_str(),
                     (s.sources.services_dir + "/other.servicedef.v2").c_str()) == 0);
    const v1::hello_reply mismatched = broker::answer_hello(make_hello("other", "1.0.0"), s.sources);
    const v1::refused& mismatch = refused_of(mismatched);
    CHECK(mismatch.code == v1::error_code::service_unknown);
    CHECK(mismatch.reason.rfind("service definition could not be loaded: ", 0) == 0);
    FILE* f = std::fopen((s.sources.services_dir + "/bad.servicedef.v2").c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fputs("\xff\xff\xff", f);
    std::fclose(f);
    const v1::hello_reply undecodable = broker::answer_hello(make_hello("bad", "1.0.0"), s.sources);
    const v1::refused& garbage = refused_of(undecodable);
    CHECK(garbage.reason.rfind("service definition could not be loaded: ", 0) == 0);
}

TEST_CASE("a FIFO in place of a definition is refused at once, never read") {
    services s;
    s.install_zccache();
    REQUIRE(::mkfifo((s.sources.services_dir + "/fifo.servicedef.v2").c_str(), 0600) == 0);
    const v1::hello_reply reply = broker::answer_hello(make_hello("fifo", "1.0.0"), s.sources);
    const v1::refused& r = refused_of(reply);
    CHECK(r.code == v1::error_code::service_unknown);
    CHECK(r.reason.rfind("service definition could not be loaded: ", 0) == 0);
}

TEST_CASE("framing faults are answered with upstream's reasons and nothing echoed (acceptance: an_oversized_frame_is_rejected_without_allocating_it)") {
    const read_back over = read_reply(broker::answer_unreadable_hello(framing::frame_errc::over_cap));
    CHECK(refused_of(over.reply).code == v1::error_code::peer_rejected);
    CHECK(refused_of(over.reply).reason == "initial Hello frame exceeds 64 KiB");
    CHECK(over.frame.request_id == 0);
    const read_back version = read_reply(broker::answer_unreadable_hello(framing::frame_errc::wrong_version));
    CHECK(refused_of(version.reply).code == v1::error_code::version_unsupported);
    CHECK(refused_of(version.reply).reason == "unsupported framing version");
    for (framing::frame_errc cut : {framing::frame_errc::truncated, framing::frame_errc::io_error}) {
        const read_back incomplete = read_reply(broker::answer_unreadable_hello(cut));
        CHECK(refused_of(incomplete.reply).code == v1::error_code::peer_rejected);
        CHECK(refused_of(incomplete.reply).reason == "incomplete Hello frame");
    }
}

TEST_CASE("a garbage body is refused in a frame (acceptance: a_garbage_frame_does_not_take_the_broker_down)") {
    services s;
    const std::string garbage(6, '\xff');
    const read_back back = read_reply(broker::answer_hello_frame(bytes_view(garbage), s.sources));
    CHECK(refused_of(back.reply).code == v1::error_code::peer_rejected);
    CHECK(refused_of(back.reply).reason == "malformed broker Frame");
}

TEST_CASE("Rust's {:?} quoting of a string, as upstream's version refusals print it") {
    CHECK(broker::rust_debug_quoted("1.0.0") == "\"1.0.0\"");
    CHECK(broker::rust_debug_quoted("") == "\"\"");
    CHECK(broker::rust_debug_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(broker::rust_debug_quoted(std::string("\n\r\t\0", 4)) == "\"\\n\\r\\t\\0\"");
    CHECK(broker::rust_debug_quoted("\x1b[0m\x7f") == "\"\\u{1b}[0m\\u{7f}\"");
    CHECK(broker::rust_debug_quoted("caf\xc3\xa9 it's") == "\"caf\xc3\xa9 it's\"");
    CHECK(broker::rust_debug_quoted("\xc2\x85") == "\"\\u{85}\"");
}
