// The broker's counters and their OpenMetrics rendering (admin verb METRICS).
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace brokerwire::broker {

// Counters of one broker run. Plain integers: the broker is single-threaded.
struct broker_metrics {
    std::uint64_t frames_received = 0;        // whole frames read from any connection
    std::map<std::string, std::uint64_t, std::less<>> frames_rejected;  // by reason (see reject())
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_refused = 0;    // over the connection limit or out of descriptors
    std::uint64_t connections_closed = 0;
    std::uint64_t connections_open = 0;
    std::uint64_t hellos_negotiated = 0;      // Hello exchanges answered Negotiated
    std::uint64_t hellos_refused = 0;         // ... answered Refused (any fault, any check)

    // Counts one rejected frame (or partial frame) under `reason`, a short
    // snake_case word: wrong_version, over_cap, truncated, partial_frame_timeout,
    // malformed_envelope, unknown_lane, bad_backend_ready, ...
    void reject(std::string_view reason);
    // Total of frames_rejected over every reason.
    std::uint64_t rejected_total() const noexcept;
};

// The metrics as an OpenMetrics text exposition (ending in "# EOF\n"):
// frames received, frames rejected by reason, connections by outcome, open
// connections, and backends by state (`pending`, `bound`).
std::string render_openmetrics(const broker_metrics& m, std::size_t backends_pending,
                               std::size_t backends_bound);

}  // namespace brokerwire::broker
