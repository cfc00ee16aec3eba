// OpenMetrics text: one family per concept, counters with the _total suffix.
#include "brokerwire/broker/broker_metrics.hpp"

namespace brokerwire::broker {
namespace {

void family(std::string& out, const char* name, const char* type, const char* help) {
    out += "# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += "\n# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += '\n';
}

void sample(std::string& out, const char* name, std::string_view labels, std::uint64_t value) {
    out += name;
    out += labels;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
}

std::string label(const char* key, std::string_view value) {
    return std::string("{") + key + "=\"" + std::string(value) + "\"}";
}

}  // namespace

void broker_metrics::reject(std::string_view reason) {
    const auto found = frames_rejected.find(reason);
    if (found != frames_rejected.end()) {
        ++found->second;
    } else {
        frames_rejected.emplace(std::string(reason), 1);
    }
}

std::uint64_t broker_metrics::rejected_total() const noexcept {
    std::uint64_t n = 0;
    for (const auto& [reason, count] : frames_rejected) n += count;
    return n;
}

std::string render_openmetrics(const broker_metrics& m, std::size_t backends_pending,
                               std::size_t backends_bound) {
    std::string out;
    family(out, "brokerwire_frames_received", "counter", "Whole frames read from any connection.");
    sample(out, "brokerwire_frames_received_total", "", m.frames_received);
    family(out, "brokerwire_frames_rejected", "counter", "Frames refused, by reason.");
    for (const auto& [reason, count] : m.frames_rejected) {
        sample(out, "brokerwire_frames_rejected_total", label("reason", reason), count);
    }
    family(out, "brokerwire_connections", "counter", "Connections by outcome.");
    sample(out, "brokerwire_connections_total", label("outcome", "accepted"), m.connections_accepted);
    sample(out, "brokerwire_connections_total", label("outcome", "refused"), m.connections_refused);
    sample(out, "brokerwire_connections_total", label("outcome", "closed"), m.connections_closed);
    family(out, "brokerwire_connections_open", "gauge", "Connections open now.");
    sample(out, "brokerwire_connections_open", "", m.connections_open);
    family(out, "brokerwire_hellos", "counter", "Hello exchanges on the v2 socket, by answer.");
    sample(out, "brokerwire_hellos_total", label("answer", "negotiated"), m.hellos_negotiated);
    sample(out, "brokerwire_hellos_total", label("answer", "refused"), m.hellos_refused);
    family(out, "brokerwire_backends", "gauge", "Tracked backends by state.");
    sample(out, "brokerwire_backends", label("state", "pending"), backends_pending);
    sample(out, "brokerwire_backends", label("state", "bound"), backends_bound);
    out += "# EOF\n";
    return out;
}

}  // namespace brokerwire::broker
