// The v2 broker's pipe names and runtime-directory file names (names_v2.rs).
#include <brokerwire/files/broker_names.hpp>

#include <cerrno>
#include <cstdlib>

#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/session_id.hpp>

namespace brokerwire::files {

namespace {

// names_v2.rs's domain separator; its terminating NUL is hashed too (upstream
// writes b"...:v1\0"). It keeps this hash apart from any other BLAKE3 of a path.
constexpr char install_path_domain[] = "running-process:broker-install-path:v1";

}  // namespace

broker_name_result<std::string> v2_program_pipe(std::string_view program, std::string_view sid,
                                                std::uint32_t pipe_idx) {
    if (file_error e = validate_service_name(program); !e.ok()) return invalid_program_error(std::move(e));
    if (broker_name_error e = validate_sid_hash(sid); !e.ok()) return e;
    std::string name(v2_pipe_prefix);
    name += '-';
    name += program;
    name += '-';
    name += sid;
    name += '-';
    name += std::to_string(pipe_idx);
    return name;
}

std::string broker_path_scope_hash_of_canonical(std::string_view canonical_path) {
    std::string input(install_path_domain, sizeof install_path_domain);  // with the NUL
    input += canonical_path;
    return hash_to_16_hex(input);
}

broker_name_result<std::string> broker_path_scope_hash(const std::string& broker_path) {
    // realpath is what Rust's fs::canonicalize calls on Linux.
    char* canonical = ::realpath(broker_path.c_str(), nullptr);
    if (canonical == nullptr) return file_failure(io_error(broker_path, "canonicalize", errno));
    std::string scope = broker_path_scope_hash_of_canonical(canonical);
    std::free(canonical);
    return scope;
}

broker_name_result<std::string> v2_broker_path_pipe(std::string_view program, const std::string& broker_path,
                                                    std::uint32_t pipe_idx) {
    broker_name_result<std::string> scope = broker_path_scope_hash(broker_path);
    if (!scope.ok()) return scope.error;
    return v2_program_pipe(program, scope.value, pipe_idx);
}

std::string daemon_identity_path(std::string_view runtime_dir, std::string_view service) {
    std::string file = "daemon-";
    file += service;
    file += ".json";
    return join_path(runtime_dir, file);
}

}  // namespace brokerwire::files
