#include "brokerwire/broker/envelope_check.hpp"

#include "brokerwire/broker/lanes.hpp"

namespace brokerwire::broker {
namespace {

// Owning frames and views carry the four fields under the same names.
template <class Frame>
envelope_check check(const Frame& f, v1::frame_kind expected_kind, std::uint32_t expected_lane) noexcept {
    if (f.envelope_version != envelope_version)
        return {envelope_fault::version, f.envelope_version, envelope_version};
    if (f.kind != expected_kind)
        return {envelope_fault::kind, static_cast<std::int32_t>(f.kind), static_cast<std::int32_t>(expected_kind)};
    if (f.payload_protocol != expected_lane)
        return {envelope_fault::payload_protocol, f.payload_protocol, expected_lane};
    if (f.payload_encoding != v1::payload_encoding::none)
        return {envelope_fault::payload_encoding, static_cast<std::int32_t>(f.payload_encoding), 0};
    return {};
}

}  // namespace

const char* describe(envelope_fault fault) noexcept {
    switch (fault) {
        case envelope_fault::none: return "none";
        case envelope_fault::version: return "envelope version";
        case envelope_fault::kind: return "frame kind";
        case envelope_fault::payload_protocol: return "payload protocol";
        case envelope_fault::payload_encoding: return "payload encoding";
    }
    return "unknown envelope fault";
}

envelope_check validate_frame_envelope(const v1::frame& f, v1::frame_kind expected_kind,
                                       std::uint32_t expected_payload_protocol) noexcept {
    return check(f, expected_kind, expected_payload_protocol);
}

envelope_check validate_frame_envelope(const v1::frame_view& f, v1::frame_kind expected_kind,
                                       std::uint32_t expected_payload_protocol) noexcept {
    return check(f, expected_kind, expected_payload_protocol);
}

}  // namespace brokerwire::broker
