// BM_frame_path: the whole receive path of a broker, per frame: the
// incremental frame reader splits a byte stream into bodies, each body is
// decoded as a v1 Frame envelope (a view: no allocation), and its payload,
// a BackendHttpReady, goes through decode_and_register into the endpoint
// registry. The stream is one million small frames (frame_ready.bin, the
// sample envelope) fed in 64 KiB chunks, as recv(2) would hand them over, so
// some frames straddle two chunks and take the reader's gathering path.
// Reports items/s = frames per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "brokerwire/framing/frame_reader.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "brokerwire/registry/decode_and_register.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"
#include "samples.hpp"

namespace {

using namespace brokerwire;

constexpr std::size_t frame_count = 1'000'000;
constexpr std::size_t chunk_size = 64 * 1024;
constexpr std::size_t backend_count = 64;

const std::string& stream() {
    static const std::string bytes = [] {
        const std::string& body = bench::sample("frame_ready");
        std::string out;
        out.reserve(frame_count * (framing::header_size + body.size()));
        for (std::size_t i = 0; i < frame_count; ++i)
            (void)framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
        return out;
    }();
    return bytes;
}

void BM_frame_path(benchmark::State& state) {
    const std::string& bytes = stream();
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    endpoint_registry reg;
    std::vector<std::string> ids;
    char name[16];
    for (std::size_t i = 0; i < backend_count; ++i) {
        std::snprintf(name, sizeof name, "backend-%02zu", i);
        ids.emplace_back(name);
        reg.track(ids.back());
    }
    std::size_t registered = 0;
    std::size_t failed = 0;
    for (auto _ : state) {
        framing::frame_reader reader;
        std::size_t n = 0;
        for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
            const std::size_t len = std::min(chunk_size, bytes.size() - at);
            const framing::frame_status fs = reader.feed(data + at, len, [&](bytes_view body) {
                v1::frame_view envelope;
                if (!decode(body, envelope).ok() || envelope.payload_protocol != 0) {
                    ++failed;
                    return;
                }
                const ready_result r = decode_and_register(reg, ids[n++ & (backend_count - 1)],
                                                           bytes_view(envelope.payload));
                r.ok() ? ++registered : ++failed;
            });
            if (!fs.ok()) ++failed;
        }
        benchmark::DoNotOptimize(registered);
    }
    if (failed != 0 || registered != frame_count * static_cast<std::size_t>(state.iterations())) {
        state.SkipWithError("not every frame was decoded and registered");
        return;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(frame_count));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_frame_path)->Unit(benchmark::kMillisecond);

}  // namespace
