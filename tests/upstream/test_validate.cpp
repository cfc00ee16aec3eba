// Upstream's envelope-validation tests, as brokerwire's acceptance tests:
// the #[cfg(test)] module of crates/running-process/src/broker/protocol/
// validate.rs at zackees/running-process 52831e53. Each frame of upstream's
// valid_frame() family is a Frame body in data/validate_*.hex; both the
// owning and the zero-copy envelope are decoded and checked, since a broker
// may hold either.
#include <doctest/doctest.h>

#include <cstdint>

#include <brokerwire/broker/envelope_check.hpp>
#include <brokerwire/broker/lanes.hpp>
#include <brokerwire/messages/envelope.hpp>

#include "hex_data.hpp"

namespace v1 = brokerwire::v1;
namespace broker = brokerwire::broker;
using brokerwire::bytes_view;
using broker::envelope_check;
using broker::envelope_fault;
using upstream::byte_string;
using upstream::hex_file;

namespace doctest {
template <>
struct StringMaker<envelope_check> {
    static String convert(const envelope_check& c) {
        return String("{") + broker::describe(c.fault) + ", actual " + toString(c.actual) + ", expected " +
               toString(c.expected) + "}";
    }
};
}  // namespace doctest

namespace {

// validate_frame_envelope over the frame in data/<name>.hex, once on the
// owning message and once on the view; the two verdicts must agree.
envelope_check validate(const char* name, v1::frame_kind expected_kind, std::uint32_t expected_lane) {
    const byte_string bytes = hex_file(name);
    v1::frame owning;
    REQUIRE(v1::decode(bytes_view(bytes), owning).ok());
    v1::frame_view view;
    REQUIRE(v1::decode(bytes_view(bytes), view).ok());
    const envelope_check from_owning = broker::validate_frame_envelope(owning, expected_kind, expected_lane);
    const envelope_check from_view = broker::validate_frame_envelope(view, expected_kind, expected_lane);
    CHECK(from_owning == from_view);
    return from_owning;
}

constexpr std::uint32_t control = broker::lane::control;  // CONTROL_PAYLOAD_PROTOCOL 0x0000
constexpr std::uint32_t handoff = broker::lane::handoff;  // HANDOFF_PAYLOAD_PROTOCOL 0xD0FF

}  // namespace

// validate.rs:110
TEST_CASE("validate.rs: accepts_well_formed_envelope") {
    const envelope_check c = validate("validate_well_formed", v1::frame_kind::request, control);
    CHECK(c.ok());
    CHECK(c == envelope_check{});
}

// validate.rs:119. Later fields are broken too, proving the version is checked first.
// Upstream: Err(EnvelopeVersion { actual: 2 }).
TEST_CASE("validate.rs: rejects_wrong_envelope_version_first") {
    const envelope_check c = validate("validate_wrong_version_first", v1::frame_kind::request, control);
    CHECK(c == envelope_check{envelope_fault::version, 2, 1});
}

// validate.rs:131. Upstream: Err(Kind { expected: Response, actual: Event as i32 }).
TEST_CASE("validate.rs: rejects_unexpected_kind") {
    const envelope_check c = validate("validate_unexpected_kind", v1::frame_kind::response, control);
    CHECK(c == envelope_check{envelope_fault::kind, static_cast<std::int64_t>(v1::frame_kind::event),
                              static_cast<std::int64_t>(v1::frame_kind::response)});
    CHECK(c.actual == 2);
    CHECK(c.expected == 1);
}

// validate.rs:143. Upstream: Err(Kind { expected: Request, actual: 99 }).
TEST_CASE("validate.rs: rejects_unknown_kind_value") {
    const envelope_check c = validate("validate_unknown_kind_value", v1::frame_kind::request, control);
    CHECK(c == envelope_check{envelope_fault::kind, 99, 0});
}

// validate.rs:156. Upstream: Err(PayloadProtocol { expected: CONTROL, actual: HANDOFF }).
TEST_CASE("validate.rs: rejects_unexpected_payload_protocol") {
    const envelope_check c = validate("validate_unexpected_payload_protocol", v1::frame_kind::request, control);
    CHECK(c == envelope_check{envelope_fault::payload_protocol, handoff, control});
}

// validate.rs:168. Upstream: Err(PayloadEncoding { actual: Zstd as i32 }).
TEST_CASE("validate.rs: rejects_compressed_payload") {
    const envelope_check c = validate("validate_compressed_payload", v1::frame_kind::request, control);
    CHECK(c == envelope_check{envelope_fault::payload_encoding,
                              static_cast<std::int64_t>(v1::payload_encoding::zstd), 0});
    CHECK(c.actual == 1);
}
