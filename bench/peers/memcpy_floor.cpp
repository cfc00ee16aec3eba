// BM_decode/<sample>/memcpy: one memcpy of the sample into a reused buffer,
// the floor of an owning decode (which must at least copy the bytes it
// keeps). Beside decode.cpp's `floor`, which reads every byte one at a time.
#include <cstring>
#include <string>
#include <vector>

#include "peer_support.hpp"

namespace {

using namespace brokerwire::bench;

void copy_once(benchmark::State& state, const char* stem) {
    const std::string& input = sample(stem);
    std::vector<char> out(input.size());
    for (auto _ : state) {
        std::memcpy(out.data(), input.data(), input.size());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    set_counters(state, input.size());
}

const bool registered = [] {
    for (const char* stem :
         {"ready", "endpoint_resp", "servicedef", "manifest", "session_start", "session_stdout_64k", "frame_ready", "hello",
          "hello_reply"})
        register_decode(stem, "memcpy", [stem](benchmark::State& s) { copy_once(s, stem); });
    return true;
}();

}  // namespace
