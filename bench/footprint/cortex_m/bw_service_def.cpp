// brokerwire on a Cortex-M, ServiceDefinition: decoded as a view (its lists
// and labels walked) and encoded into a buffer.
#include "brokerwire/messages/service_def.hpp"
#include "bw_roundtrip.hpp"

namespace v2 = brokerwire::v2;

int main() {
    const std::size_t n = take_input();
    const std::size_t at = roundtrip<v2::service_definition_view, v2::service_definition>(
        n, 0, [](const v2::service_definition_view& v, v2::service_definition& m) {
            std::size_t seen = 0;
            for (std::string_view version : v.version_allow_list) seen += version.size();
            for (const brokerwire::string_map_entry& label : v.labels) seen += label.key.size() + label.value.size();
            observed = seen;
            m.isolation = v.isolation;
            // Engaged only when seen empty, so that emplace's path that destroys
            // an old value, which names operator delete, is known dead.
            if (v.http_server && !m.http_server) m.http_server.emplace();
        });
    give_output(at);
    return 0;
}
