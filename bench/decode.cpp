// BM_decode/<sample>/<form>, BM_encode/<sample>, BM_encoded_size/<sample>.
//
// Forms: `view` decodes into a zero-copy view, `owning` into a message reused
// across iterations (its buffers are reused, as a daemon's would be), and
// `floor` only reads every input byte once: the cost no decoder can beat.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "brokerwire/messages.hpp"
#include "samples.hpp"

namespace {

using namespace brokerwire;

void set_counters(benchmark::State& state, std::size_t bytes) {
    state.SetBytesProcessed(state.iterations() * static_cast<benchmark::IterationCount>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <typename Message>
void decode_owning(benchmark::State& state, const std::string& input) {
    Message m;
    for (auto _ : state) {
        const status s = decode(bytes_view(input), m);
        if (!s.ok()) {
            state.SkipWithError("sample failed to decode");
            return;
        }
        benchmark::DoNotOptimize(m);
    }
    set_counters(state, input.size());
}

template <typename View>
void decode_view(benchmark::State& state, const std::string& input) {
    View v;
    for (auto _ : state) {
        const status s = decode(bytes_view(input), v);
        if (!s.ok()) {
            state.SkipWithError("sample failed to decode");
            return;
        }
        benchmark::DoNotOptimize(v);
    }
    set_counters(state, input.size());
}

void touch_every_byte(benchmark::State& state, const std::string& input) {
    for (auto _ : state) {
        std::uint64_t sum = 0;
        for (char c : input) sum += static_cast<unsigned char>(c);
        benchmark::DoNotOptimize(sum);
    }
    set_counters(state, input.size());
}

template <typename Message>
void encode_into_buffer(benchmark::State& state, const std::string& input) {
    Message m;
    if (!decode(bytes_view(input), m).ok()) {
        state.SkipWithError("sample failed to decode");
        return;
    }
    std::vector<std::uint8_t> out(encoded_size(m));
    for (auto _ : state) {
        benchmark::DoNotOptimize(encode(m, out.data(), out.size()));
        benchmark::ClobberMemory();
    }
    set_counters(state, input.size());
}

template <typename Message>
void size_only(benchmark::State& state, const std::string& input) {
    Message m;
    if (!decode(bytes_view(input), m).ok()) {
        state.SkipWithError("sample failed to decode");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(m);
        benchmark::DoNotOptimize(encoded_size(m));
    }
    set_counters(state, input.size());
}

template <typename Message, typename View>
void register_sample(const char* stem) {
    const std::string& input = bench::sample(stem);
    const std::string name = stem;
    benchmark::RegisterBenchmark(("BM_decode/" + name + "/view").c_str(),
                                 [&input](benchmark::State& s) { decode_view<View>(s, input); });
    benchmark::RegisterBenchmark(("BM_decode/" + name + "/owning").c_str(),
                                 [&input](benchmark::State& s) { decode_owning<Message>(s, input); });
    benchmark::RegisterBenchmark(("BM_decode/" + name + "/floor").c_str(),
                                 [&input](benchmark::State& s) { touch_every_byte(s, input); });
    benchmark::RegisterBenchmark(("BM_encode/" + name).c_str(),
                                 [&input](benchmark::State& s) { encode_into_buffer<Message>(s, input); });
    benchmark::RegisterBenchmark(("BM_encoded_size/" + name).c_str(),
                                 [&input](benchmark::State& s) { size_only<Message>(s, input); });
}

// BM_decode_stdout/<n>/view: a SessionFrame whose stdout chunk is n bytes,
// encoded here by our own encoder: with n = 64, 1024 and 65536 its length
// varint is 1, 2 and 3 bytes long. A view decode that is independent of the
// payload's size takes the same time for 1024 and 65536 bytes.
void decode_stdout_of_size(benchmark::State& state) {
    v2::session_frame m;
    m.set_stdout_bytes(std::string(static_cast<std::size_t>(state.range(0)), 'x'));
    const std::vector<std::uint8_t> bytes = encode(m);
    const std::string input(bytes.begin(), bytes.end());
    decode_view<v2::session_frame_view>(state, input);
}
BENCHMARK(decode_stdout_of_size)->Name("BM_decode_stdout")->Arg(64)->Arg(1024)->Arg(65536);

const bool registered = [] {
    register_sample<v2::backend_http_ready, v2::backend_http_ready_view>("ready");
    register_sample<v2::get_broker_http_endpoint_response, v2::get_broker_http_endpoint_response_view>("endpoint_resp");
    register_sample<v2::service_definition, v2::service_definition_view>("servicedef");
    register_sample<v2::cache_manifest, v2::cache_manifest_view>("manifest");
    register_sample<v2::session_start, v2::session_start_view>("session_start");
    register_sample<v2::session_frame, v2::session_frame_view>("session_stdout_64k");
    register_sample<v1::frame, v1::frame_view>("frame_ready");
    register_sample<v1::hello, v1::hello_view>("hello");
    register_sample<v1::hello_reply, v1::hello_reply_view>("hello_reply");
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
