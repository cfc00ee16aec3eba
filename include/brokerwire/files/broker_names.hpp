// Names of the v2 broker: its pipe names and the files in its runtime
// directory (upstream: broker/lifecycle/names_v2.rs).
#pragma once

#include "brokerwire/requires_posix.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include <brokerwire/files/broker_name_error.hpp>

namespace brokerwire::files {

// Prefix of every v2 pipe name; v1's is "rpb-v1", so the two generations of
// broker for one program never bind the same name.
inline constexpr std::string_view v2_pipe_prefix = "rpb-v2";

// `rpb-v2-<program>-<sid>-<pipe_idx>`, e.g. "rpb-v2-zccache-deadbeefcafef00d-0"
// (names_v2.rs v2_program_pipe). The program must pass the service-name rule
// (1-64 bytes of [a-z0-9-]; else invalid_program, whose cause names the
// reason), then the sid validate_sid_hash (else invalid_sid).
broker_name_result<std::string> v2_program_pipe(std::string_view program, std::string_view sid,
                                                std::uint32_t pipe_idx);

// The 16-hex scope of an installed broker executable, from its canonical
// path: the first 8 bytes of BLAKE3("running-process:broker-install-path:v1\0"
// followed by the path's bytes), lowercase hex (names_v2.rs
// broker_path_scope_hash; Linux hashes the path bytes verbatim). Pure: the
// caller passes the path already canonical.
std::string broker_path_scope_hash_of_canonical(std::string_view canonical_path);

// The same for `broker_path` as given: it is canonicalized first (realpath:
// symlinks resolved, the file must exist). A path that cannot be
// canonicalized is an error (kind file, operation "canonicalize"), never a
// hash of the path as written: two spellings would name two pipes.
broker_name_result<std::string> broker_path_scope_hash(const std::string& broker_path);

// v2_program_pipe(program, broker_path_scope_hash(broker_path), pipe_idx): the
// pipe of one installed broker, with no user identity in it (names_v2.rs
// v2_broker_path_pipe). The path is canonicalized before the program is checked.
broker_name_result<std::string> v2_broker_path_pipe(std::string_view program, const std::string& broker_path,
                                                    std::uint32_t pipe_idx);

// `<runtime_dir>/daemon-<service>.json`: where a daemon records its identity
// (names_v2.rs daemon_identity_path; runtime_dir is broker_v2_runtime_dir()
// there). Joined as a path: no second '/' when runtime_dir ends with one.
// Neither input is validated; callers pass an already-checked service name.
std::string daemon_identity_path(std::string_view runtime_dir, std::string_view service);

}  // namespace brokerwire::files
