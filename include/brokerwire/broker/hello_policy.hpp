// The broker's answer to one Hello, as upstream's v2 broker decides it
// (crates/running-process/src/bin/running-process-broker-v2.rs,
// build_hello_reply): pure functions of the Hello, the service definition
// read for it and the daemon's published pipe, so every rule is testable
// without a socket. docs/compatibility.md lists the rules and their texts.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "brokerwire/files/file_error.hpp"
#include "brokerwire/messages/handshake.hpp"
#include "brokerwire/messages/service_def.hpp"

namespace brokerwire::broker {

// The one protocol version the v2 broker speaks (upstream's ENVELOPE_VERSION).
inline constexpr std::uint32_t broker_protocol_version = 1;

// A Refused reply as upstream builds every one: the broker's protocol range
// (1..1), the code, the reason, no details, no retry hint.
v1::hello_reply refused_reply(v1::error_code code, std::string reason);

// Check 0: the client's [min, max] protocol range must hold version 1, or
// the reply is Refused{VERSION_UNSUPPORTED}. Checked before the service is
// looked up. nullopt when the range is acceptable.
std::optional<v1::hello_reply> refuse_protocol_range(const v1::hello& hello);

// Checks 1 and 2, given what loading `hello.service_name` gave:
// - no definition: Refused{SERVICE_UNKNOWN} ("service definition was not
//   found" when the file is absent, "service name is invalid" for a bad
//   name, "service definition could not be loaded: ..." otherwise);
// - wanted_version below min_version, compared as upstream compares them, as
//   byte strings ("10.0.0" is below "9.0.0"): Refused{VERSION_BLOCKED};
// - a non-empty version_allow_list without wanted_version: Refused{VERSION_BLOCKED};
// - otherwise Negotiated{1, broker_version, backend_pipe, connection_id
//   echoed from the Hello}.
v1::hello_reply decide_on_definition(const v1::hello& hello,
                                     const files::file_result<v2::service_definition>& definition,
                                     std::string_view backend_pipe, std::string_view broker_version);

// `text` as Rust's `{:?}` prints a string (upstream formats the version
// refusals with it): in double quotes, with \" \\ \n \r \t \0 escaped and
// other control characters as \u{1b}.
std::string rust_debug_quoted(std::string_view text);

}  // namespace brokerwire::broker
