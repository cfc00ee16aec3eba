// Where a daemon's own socket lives (see daemon_socket_path.hpp).
#include "brokerwire/broker/daemon_socket_path.hpp"

namespace brokerwire::broker {

std::string daemon_runtime_dir(const std::optional<std::string>& xdg_runtime_dir, unsigned long uid) {
    // The fallback names the uid because /tmp is shared between accounts.
    if (!xdg_runtime_dir) return "/tmp/running-process-" + std::to_string(uid);
    // PathBuf::join: a set but empty variable leaves the relative "running-process".
    std::string dir = *xdg_runtime_dir;
    if (!dir.empty() && dir.back() != '/') dir += '/';
    return dir + "running-process";
}

std::string daemon_socket_path(std::string_view runtime_dir, std::optional<std::string_view> scope) {
    std::string out(runtime_dir);
    out += "/daemon";
    if (scope) {
        out += '-';
        out += *scope;
    }
    out += ".sock";
    return out;
}

}  // namespace brokerwire::broker
