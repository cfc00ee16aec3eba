// Upstream's locations of a program's v2 broker, with the tool's overrides.
#include "v2_locations.hpp"

#include "brokerwire/files/broker_names.hpp"
#include "brokerwire/files/paths.hpp"
#include "brokerwire/files/runtime_dir.hpp"
#include "brokerwire/files/session_id.hpp"
#include "brokerwire/version.hpp"

namespace brokerwire::tool {

const char* const brokerwire_version = brokerwire::version;

std::string locate_v2(const std::string& program, const location_overrides& overrides, v2_locations& out) {
    const files::broker_name_result<std::string> sid = files::user_sid_hash();
    if (!sid.ok()) return "session id: " + files::to_string(sid.error);
    const files::broker_name_result<std::string> pipe = files::v2_program_pipe(program, sid.value, 0);
    if (!pipe.ok()) return "--program: " + files::to_string(pipe.error);

    const files::runtime_environment env = files::runtime_environment::from_process();
    out.runtime_dir = overrides.runtime_dir ? *overrides.runtime_dir : files::broker_v2_runtime_dir(env);
    if (overrides.socket) {
        out.socket = *overrides.socket;
    } else if (overrides.runtime_dir) {
        out.socket = files::join_path(*overrides.runtime_dir, pipe.value + ".sock");
        if (out.socket.size() >= files::linux_sun_path_max) {
            return "socket path too long for a Unix socket: " + out.socket;
        }
    } else {
        const files::broker_name_result<std::string> socket = files::resolve_socket_path(env, pipe.value);
        if (!socket.ok()) return "socket: " + files::to_string(socket.error);
        out.socket = socket.value;
    }
    if (overrides.services_dir) {
        out.services_dir = *overrides.services_dir;
    } else {
        const files::file_result<std::string> dir =
            files::service_definition_dir(files::directory_environment::from_process());
        if (!dir.ok()) return "services directory: " + files::to_string(dir.error);
        out.services_dir = dir.value;
    }
    return "";
}

}  // namespace brokerwire::tool
