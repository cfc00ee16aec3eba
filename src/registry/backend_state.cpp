// Text form of backend_state, for logs and test failure messages.
#include <brokerwire/registry/backend_state.hpp>

namespace brokerwire {

std::string to_string(backend_state state) {
    switch (state.kind()) {
        case backend_kind::untracked: return "untracked";
        case backend_kind::pending: return "pending";
        case backend_kind::bound: return "bound(" + std::to_string(*state.port()) + ")";
    }
    return "invalid";
}

}  // namespace brokerwire
