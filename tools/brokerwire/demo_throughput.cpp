// Step 11 of `brokerwire demo`: how fast the decoder runs on the demo's own
// messages. The samples are encoded here rather than read from bench/data,
// so the tool works from any directory.
#include <chrono>

#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "demo_steps.hpp"

namespace brokerwire::tool::demo {
namespace {

using decoder = bool (*)(bytes_view);

// A fresh message per decode: the cost a one-shot caller pays.
template <class Message>
bool decode_into(bytes_view bytes) {
    Message m;
    return decode(bytes, m).ok();
}

struct sample {
    std::string type;
    std::vector<std::uint8_t> bytes;
    decoder view;
    decoder owning;
};

// `m` encoded, named by its type's short name ("ServiceDefinition").
template <class Message, class View>
sample sample_of(const Message& m) {
    const std::string_view name = Message::full_name;
    return {std::string(name.substr(name.rfind('.') + 1)), encode(m), decode_into<View>, decode_into<Message>};
}

std::vector<sample> samples_of(const sample_service& service) {
    v2::backend_http_ready ready;
    ready.port = service.port;
    v1::frame envelope;
    envelope.envelope_version = broker::envelope_version;
    envelope.kind = v1::frame_kind::event;
    envelope.payload_protocol = broker::lane::control;
    const std::vector<std::uint8_t> payload = encode(ready);
    envelope.payload.assign(payload.begin(), payload.end());
    return {sample_of<v2::service_definition, v2::service_definition_view>(service.definition),
            sample_of<v2::cache_manifest, v2::cache_manifest_view>(service.manifest),
            sample_of<v2::backend_http_ready, v2::backend_http_ready_view>(ready),
            sample_of<v1::frame, v1::frame_view>(envelope)};
}

// Decodes the samples round robin for about `seconds`. "" or the type of a
// sample that did not decode.
std::string measure(const std::vector<sample>& samples, decoder sample::*how, double seconds, decode_rate& out) {
    using clock = std::chrono::steady_clock;
    // Reading the clock costs about as much as decoding a small message, so
    // it is read once per batch of rounds.
    constexpr std::size_t rounds_per_batch = 256;
    const auto start = clock::now();
    const auto until = start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    auto now = start;
    while (now < until) {
        for (std::size_t round = 0; round < rounds_per_batch; ++round) {
            for (const sample& s : samples) {
                if (!(s.*how)(bytes_view(s.bytes))) return s.type + " did not decode";
                bytes += s.bytes.size();
            }
        }
        messages += rounds_per_batch * samples.size();
        now = clock::now();
    }
    const double elapsed = std::chrono::duration<double>(now - start).count();
    out.mb_per_s = static_cast<double>(bytes) / elapsed / 1e6;
    out.messages_per_s = static_cast<double>(messages) / elapsed;
    return "";
}

}  // namespace

std::string measure_decode(const sample_service& service, double seconds, decode_throughput& out) {
    const std::vector<sample> samples = samples_of(service);
    for (const sample& s : samples) out.samples.push_back(s.type);
    out.seconds_per_mode = seconds;
    std::string error = measure(samples, &sample::view, seconds, out.view);
    if (error.empty()) error = measure(samples, &sample::owning, seconds, out.owning);
    return error;
}

}  // namespace brokerwire::tool::demo
