// BM_decode/<sample>/prost and BM_encode/<sample>/prost: Rust's prost 0.11
// (the implementation the wire protocol is defined against), through the C
// ABI of bench/prost-peer. The loops run inside Rust, a batch of iterations
// per call, so the figure is prost's own cost per message and not the
// foreign-call overhead: decode is clear() + merge() into one reused
// struct, encode is encode() into one reused Vec.
//
// Verification, before timing: prost re-encodes the sample to identical
// bytes (prost_peer_check; its maps are B-trees, so the order is fixed),
// and the checksum the Rust loop computes from the decoded fields equals
// the same checksum computed here from the expected values.
#include "prost_peer.h"

#include <cstdint>
#include <string>

#include "peer_support.hpp"

namespace {

using namespace brokerwire;
using namespace brokerwire::bench;

// The checksums of bench/prost-peer/src/lib.rs, restated over the expected
// messages (wrapping u64 arithmetic, as in Rust).
std::uint64_t len_sum(const std::vector<std::string>& items) {
    std::uint64_t sum = 0;
    for (const std::string& s : items) sum += s.size();
    return sum;
}

std::uint64_t checksum(const v2::backend_http_ready& m) { return m.port; }
std::uint64_t checksum(const v2::get_broker_http_endpoint_response& m) {
    return std::uint64_t{m.port} ^ (std::uint64_t{m.pid} << 16);
}
std::uint64_t checksum(const v2::service_definition& m) {
    std::uint64_t sum = m.service_name.size() + m.binary_path.size() + m.explicit_instance.size() +
                        m.per_version_binary_dir.size() + m.min_version.size();
    sum += len_sum(m.version_allow_list);
    for (const auto& [k, v] : m.labels) sum += k.size() + v.size();
    if (m.http_server)
        sum += 1 + m.http_server->bind_addr.size() + m.http_server->health_path.size() +
               m.http_server->display_name.size();
    return sum + static_cast<std::uint64_t>(m.isolation);
}
std::uint64_t checksum(const v2::cache_manifest& m) {
    std::uint64_t sum = m.service_name.size() + m.service_version.size() + m.broker_envelope_version.size() +
                        m.broker_instance.size() + m.bundle_id.size();
    for (const v2::cache_root& r : m.roots) sum += static_cast<std::uint64_t>(r.kind) + r.path.size();
    return sum + (m.created_at_unix_ms + m.last_active_unix_ms);
}
std::uint64_t checksum(const v2::session_start& m) {
    std::uint64_t sum = m.program.size() + m.cwd.size() + len_sum(m.args);
    for (const v2::session_env_var& e : m.env) sum += e.key.size() + e.value.size();
    return sum + (m.clear_inherited_env ? 1 : 0) + static_cast<std::uint64_t>(m.environment_policy);
}
std::uint64_t checksum(const v2::session_frame& m) {
    if (const std::string* out = m.stdout_bytes())
        return 3 + out->size() + (out->empty() ? 0 : static_cast<unsigned char>(out->back()));
    return 0;  // the samples hold only a stdout chunk
}
std::uint64_t checksum(const v1::frame& m) {
    return m.envelope_version + static_cast<std::uint64_t>(m.kind) + m.payload_protocol + m.payload.size() +
           m.request_id + static_cast<std::uint64_t>(m.payload_encoding) + m.deadline_unix_ms +
           m.traceparent.size() + m.tracestate.size();
}

std::uint64_t checksum(const v1::hello& m) {
    const std::uint64_t strings = m.service_name.size() + m.wanted_version.size() + m.client_version.size() +
                                  m.request_id.size() + m.client_lib_name.size() + m.client_lib_version.size();
    const std::uint64_t bytes = m.auth_token.size() + m.peer_attestation_nonce.size() + m.capability_token.size();
    return strings + bytes + m.client_min_protocol + m.client_max_protocol + m.peer_pid + m.client_capabilities +
           m.connection_id + m.client_keepalive_secs;
}
std::uint64_t checksum(const v1::hello_reply& m) {
    if (const v1::negotiated* n = m.negotiated())
        return 1 + n->negotiated_protocol + n->daemon_version.size() + n->backend_pipe.size() +
               len_sum(n->warnings) + n->server_capabilities + n->keepalive_interval_secs +
               n->handle_passed_token.size() + n->connection_id;
    if (const v1::refused* r = m.refused()) return 2 + r->reason.size() + static_cast<std::uint64_t>(r->code);
    return 0;
}

// Iterations per foreign call: enough to make the call's own cost (a few
// ns) vanish from the per-message figure of even the 4-byte sample.
constexpr benchmark::IterationCount batch = 32;

template <typename Message>
void decode_in_rust(benchmark::State& state, const char* stem, std::uint32_t kind) {
    const std::string& input = sample(stem);
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const std::uint64_t want = checksum(expected<Message>(stem));
    if (prost_peer_check(kind, data, input.size()) != 1) {
        state.SkipWithError("verification: prost does not re-encode the sample to the same bytes");
        return;
    }
    const std::uint64_t got = prost_peer_decode_loop(kind, data, input.size(), 1);
    if (got != want) {
        state.SkipWithError(keep("verification: prost's field checksum is " + std::to_string(got) + ", expected " +
                                 std::to_string(want)));
        return;
    }
    while (state.KeepRunningBatch(batch))
        benchmark::DoNotOptimize(prost_peer_decode_loop(kind, data, input.size(), static_cast<std::uint64_t>(batch)));
    set_counters(state, input.size());
}

void encode_in_rust(benchmark::State& state, const char* stem, std::uint32_t kind) {
    const std::string& input = sample(stem);
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    // prost_peer_check already proved encode reproduces the sample exactly.
    if (prost_peer_check(kind, data, input.size()) != 1) {
        state.SkipWithError("verification: prost does not re-encode the sample to the same bytes");
        return;
    }
    while (state.KeepRunningBatch(batch))
        benchmark::DoNotOptimize(prost_peer_encode_loop(kind, data, input.size(), static_cast<std::uint64_t>(batch)));
    set_counters(state, input.size());
}

template <typename Message>
void register_sample(const char* stem, std::uint32_t kind) {
    register_decode(stem, "prost", [stem, kind](benchmark::State& s) { decode_in_rust<Message>(s, stem, kind); });
    register_encode(stem, "prost", [stem, kind](benchmark::State& s) { encode_in_rust(s, stem, kind); });
}

const bool registered = [] {
    register_sample<v2::backend_http_ready>("ready", 0);
    register_sample<v2::get_broker_http_endpoint_response>("endpoint_resp", 1);
    register_sample<v2::service_definition>("servicedef", 2);
    register_sample<v2::cache_manifest>("manifest", 3);
    register_sample<v2::session_start>("session_start", 4);
    register_sample<v2::session_frame>("session_stdout_64k", 5);
    register_sample<v1::frame>("frame_ready", 6);
    register_sample<v1::hello>("hello", 7);
    register_sample<v1::hello_reply>("hello_reply", 8);
    return true;
}();

}  // namespace
