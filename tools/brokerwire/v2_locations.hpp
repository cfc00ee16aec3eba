// Where the v2 broker of a program lives on this machine, computed as
// upstream computes it, with the tool's overrides. Shared by serve, hello,
// daemon and the demo.
#pragma once

#include <optional>
#include <string>

namespace brokerwire::tool {

// Upstream's default --program (running-process-broker-v2.rs DEFAULT_PROGRAM).
inline constexpr const char* default_v2_program = "broker-v2-scaffold";

// The tool's version, sent as Negotiated.daemon_version and client_version.
extern const char* const brokerwire_version;

// What the command line may set instead of upstream's defaults.
struct location_overrides {
    std::optional<std::string> services_dir;  // --services
    std::optional<std::string> runtime_dir;   // --runtime-dir: identity files (and the socket, unless --socket)
    std::optional<std::string> socket;        // --socket
};

struct v2_locations {
    std::string socket;        // <socket dir>/rpb-v2-<program>-<sid>-0.sock
    std::string runtime_dir;   // daemon-<service>.json, broker-v2-<program>.http_port
    std::string services_dir;  // <service>.servicedef.v2
};

// Fills `out` for `program`. Without overrides: upstream's socket
// (files/runtime_dir.hpp resolve_socket_path of v2_program_pipe(program,
// user_sid_hash(), 0)), upstream's runtime directory, and upstream's
// services directory. --runtime-dir moves both the files and the socket
// (the socket then lives in it, under the same name). Returns "" or why a
// location could not be computed (an invalid program, no machine id, a
// path too long for a socket).
std::string locate_v2(const std::string& program, const location_overrides& overrides, v2_locations& out);

}  // namespace brokerwire::tool
