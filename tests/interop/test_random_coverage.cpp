// The random messages the interop tests use reach every case the rules name:
// each oneof member, an absent / empty / filled optional message, an absent /
// zero / other optional scalar, map entries with empty keys, negative and
// maximal numbers, and multi-byte UTF-8. Without this, a quiet generator bug would make the other tests pass
// while testing little.
#include <doctest/doctest.h>

#include <string>

#include "random_messages.hpp"
#include "reference_messages.hpp"
#include "test_plan.hpp"

using namespace interop;

namespace {

bool has_four_byte_character(const std::string& s) {
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xf8) == 0xf0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("random session frames cover every oneof member and the unset oneof") {
    random_source random(seed_for("SessionFrame"));
    int seen[7] = {};
    int negative_exit_codes = 0;
    for (int i = 0; i < messages_per_type; ++i) {
        pb2::SessionFrame frame;
        fill_random(frame, random);
        ++seen[frame.kind_case()];
        if (frame.has_exit() && frame.exit().code() < 0) ++negative_exit_codes;
    }
    for (int member = 0; member <= 6; ++member) {
        INFO("oneof member (field number) " << member);
        CHECK(seen[member] > messages_per_type / 20);
    }
    CHECK(negative_exit_codes > 0);
}

TEST_CASE("random service definitions cover absent, empty and filled optional messages and edge map keys") {
    random_source random(seed_for("ServiceDefinition"));
    int absent = 0, empty = 0, filled = 0, empty_keys = 0, empty_values = 0, four_byte = 0, long_strings = 0;
    for (int i = 0; i < messages_per_type; ++i) {
        pb2::ServiceDefinition definition;
        fill_random(definition, random);
        if (!definition.has_http_server()) {
            ++absent;
        } else if (definition.http_server().ByteSizeLong() == 0) {
            ++empty;
        } else {
            ++filled;
        }
        for (const auto& [key, value] : definition.labels()) {
            empty_keys += key.empty() ? 1 : 0;
            empty_values += value.empty() ? 1 : 0;
        }
        four_byte += has_four_byte_character(definition.service_name()) ? 1 : 0;
        long_strings += definition.binary_path().size() >= 128 ? 1 : 0;
    }
    CHECK(absent > 0);
    CHECK(empty > 0);
    CHECK(filled > 0);
    CHECK(empty_keys > 0);
    CHECK(empty_values > 0);
    CHECK(four_byte > 0);
    CHECK(long_strings > 0);
}

TEST_CASE("random 64-bit and enum fields reach their extremes and numbers outside the schema") {
    random_source random(seed_for("Frame"));
    bool max_request_id = false, top_bit_request_id = false, unknown_kind = false, negative_kind = false;
    for (int i = 0; i < messages_per_type; ++i) {
        pb1::Frame frame;
        fill_random(frame, random);
        max_request_id |= frame.request_id() == UINT64_MAX;
        top_bit_request_id |= frame.request_id() >= (std::uint64_t{1} << 63);
        unknown_kind |= !pb1::FrameKind_IsValid(frame.kind());
        negative_kind |= frame.kind() < 0;
    }
    CHECK(max_request_id);
    CHECK(top_bit_request_id);
    CHECK(unknown_kind);
    CHECK(negative_kind);
}

TEST_CASE("random hello replies cover both oneof members, each empty and filled, and the unset oneof") {
    random_source random(seed_for("HelloReply"));
    int seen[3] = {}, empty[3] = {}, unknown_codes = 0;
    for (int i = 0; i < messages_per_type; ++i) {
        pb1::HelloReply reply;
        fill_random(reply, random);
        const int member = reply.result_case();
        ++seen[member];
        if (reply.has_negotiated() && reply.negotiated().ByteSizeLong() == 0) ++empty[member];
        if (reply.has_refused() && reply.refused().ByteSizeLong() == 0) ++empty[member];
        if (reply.has_refused() && !pb1::ErrorCode_IsValid(reply.refused().code())) ++unknown_codes;
    }
    for (int member = 0; member <= 2; ++member) {
        INFO("oneof member (field number) " << member);
        CHECK(seen[member] > messages_per_type / 10);
        if (member > 0) {
            CHECK(empty[member] > 0);                 // present and empty: still the set member
            CHECK(seen[member] - empty[member] > 0);  // and filled
        }
    }
    CHECK(unknown_codes > 0);
}

TEST_CASE("random daemon processes cover an absent, zero and other optional scalar and an absent, empty and filled endpoint") {
    random_source random(seed_for("DaemonProcess"));
    int absent = 0, zero = 0, other = 0, no_endpoint = 0, empty_endpoint = 0, filled_endpoint = 0;
    for (int i = 0; i < messages_per_type; ++i) {
        pb1::DaemonProcess process;
        fill_random(process, random);
        if (!process.has_idle_timeout_secs()) {
            ++absent;
        } else if (process.idle_timeout_secs() == 0) {
            ++zero;  // present and zero: written, unlike an implicit-presence zero
        } else {
            ++other;
        }
        if (!process.has_ipc_endpoint()) {
            ++no_endpoint;
        } else if (process.ipc_endpoint().ByteSizeLong() == 0) {
            ++empty_endpoint;
        } else {
            ++filled_endpoint;
        }
    }
    CHECK(absent > 0);
    CHECK(zero > 0);
    CHECK(other > 0);
    CHECK(no_endpoint > 0);
    CHECK(empty_endpoint > 0);
    CHECK(filled_endpoint > 0);
}
