// The README's API tour, compiled and run by the test suite.
#include <brokerwire/messages.hpp>

#include <cstdio>

int main() {
    using namespace brokerwire;

    // Build a message as a plain struct, and encode it.
    v2::service_definition def;
    def.service_name = "zccache";
    def.isolation = v2::broker_isolation::shared_broker;
    def.labels["team"] = "build-infra";
    def.http_server.emplace().health_path = "/healthz";
    const std::vector<std::uint8_t> bytes = encode(def);

    // Or size first and encode into your own buffer, with no allocation.
    std::uint8_t buffer[256];
    const std::size_t written = encode(def, buffer, sizeof buffer);

    // Decode into an owning message (reuse it: its buffers are kept).
    v2::service_definition back;
    if (status s = decode(bytes_view(buffer, written), back); !s.ok()) {
        std::fprintf(stderr, "%s\n", to_string(s).c_str());  // "invalid varint at offset 12 (field 3)"
        return 1;
    }

    // Or decode into a view: string_views into the input, no allocation at all.
    v2::service_definition_view view;
    if (!decode(bytes_view(bytes), view).ok()) return 1;
    std::string_view team;
    const bool labelled = view.labels.find("team", team);

    std::printf("%s %s %zu bytes\n", std::string(view.service_name).c_str(),
                labelled ? std::string(team).c_str() : "-", written);
    return back == def ? 0 : 1;
}
