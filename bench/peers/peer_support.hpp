// What every benchmark peer shares: the expected values of each sample, a
// field-by-field comparison that names the first field that differs, and
// the decode/encode loops that verify before they time.
//
// The expected values are brokerwire's own owning decode of the sample. The
// interop tests hold that decoder to libprotobuf's, and the codec tests to
// prost's golden vectors, so a peer agreeing with it agrees with the
// reference implementations. Verification happens once, before timing: a
// peer that decodes the bytes differently is reported as an error, not
// timed.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "brokerwire/messages.hpp"
#include "samples.hpp"

namespace brokerwire::bench {

// The sample `stem` decoded by brokerwire's owning decoder (once, cached).
template <typename Message>
const Message& expected(const char* stem) {
    static const Message m = [stem] {
        Message out;
        (void)decode(bytes_view(sample(stem)), out);
        return out;
    }();
    return m;
}

// Records the first field whose value differs from the expected one.
class verdict {
public:
    // Compares two strings, or anything convertible to std::string_view.
    void same(const char* field, std::string_view got, std::string_view want) {
        if (why_.empty() && got != want) fail(field, std::string(got.substr(0, 40)), std::string(want.substr(0, 40)));
    }
    // Compares two integers (or enums, booleans) by value.
    template <typename A, typename B,
              typename = std::enable_if_t<std::is_arithmetic_v<A> || std::is_enum_v<A>>>
    void same(const char* field, A got, B want) {
        const auto g = static_cast<std::int64_t>(got);
        const auto w = static_cast<std::int64_t>(want);
        if (why_.empty() && g != w) fail(field, std::to_string(g), std::to_string(w));
    }
    // Records a failure that is not a value comparison (a decode error).
    void fail(const std::string& what) {
        if (why_.empty()) why_ = what;
    }
    bool ok() const noexcept { return why_.empty(); }
    const std::string& why() const noexcept { return why_; }

private:
    void fail(const char* field, const std::string& got, const std::string& want) {
        why_ = std::string("field ") + field + ": got '" + got + "', expected '" + want + "'";
    }
    std::string why_;
};

// Google Benchmark keeps the message pointer; keep every text alive.
inline const char* keep(std::string text) {
    static std::deque<std::string> texts;
    return texts.emplace_back(std::move(text)).c_str();
}

inline void set_counters(benchmark::State& state, std::size_t bytes) {
    state.SetBytesProcessed(state.iterations() * static_cast<benchmark::IterationCount>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Times `decode()` (returns false on a decode error) after one decode whose
// result `check(verdict&)` compared with the expected values.
template <typename Decode, typename Check>
void verified_decode(benchmark::State& state, const std::string& input, Decode&& decode, Check&& check) {
    verdict v;
    if (!decode()) v.fail("the sample failed to decode");
    if (v.ok()) check(v);
    if (!v.ok()) {
        state.SkipWithError(keep("verification: " + v.why()));
        return;
    }
    for (auto _ : state) {
        if (!decode()) {
            state.SkipWithError("the sample failed to decode");
            return;
        }
        benchmark::ClobberMemory();
    }
    set_counters(state, input.size());
}

// Times `encode()` (returns the bytes written) after checking that one
// encoding (`output()` is where it wrote it) decodes to the expected values:
// the bytes may legitimately differ from the sample's (map order).
template <typename Message, typename Encode, typename Output>
void verified_encode(benchmark::State& state, const char* stem, Encode&& encode, Output&& output) {
    const std::size_t n = encode();
    Message back;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(output());
    if (n == 0 || !decode(bytes_view(bytes, n), back).ok() || back != expected<Message>(stem)) {
        state.SkipWithError("verification: the encoding does not decode to the sample's values");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(encode());
        benchmark::ClobberMemory();
    }
    set_counters(state, sample(stem).size());
}

// BM_decode/<stem>/<peer>.
template <typename Fn>
void register_decode(const char* stem, const char* peer, Fn fn) {
    benchmark::RegisterBenchmark((std::string("BM_decode/") + stem + "/" + peer).c_str(), fn);
}

// BM_encode/<stem>/<peer>.
template <typename Fn>
void register_encode(const char* stem, const char* peer, Fn fn) {
    benchmark::RegisterBenchmark((std::string("BM_encode/") + stem + "/" + peer).c_str(), fn);
}

}  // namespace brokerwire::bench
