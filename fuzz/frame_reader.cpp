// Harness for the incremental frame reader (docs/contract.md, "Framing").
//
// Input layout: [cap byte][n][n chunk sizes][stream ...]
//   cap byte: 0xFF = the 16 MiB frame cap, else (byte * 16) bytes, so that
//             over-cap lengths are within the fuzzer's reach;
//   n:        low four bits = how many chunk sizes follow; 0 = feed the
//             stream one byte at a time;
//   sizes:    cycled over the stream; a size of 0 feeds an empty chunk and
//             then one byte.
//
// Invariants: the stream read in one chunk, the stream read in the chunks
// above, and a straightforward model of the framing rules agree on the
// frames, the sticky error and the end-of-stream verdict; no body exceeds
// the cap, and the reader never holds more body storage than the cap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "brokerwire/framing/frame_reader.hpp"
#include "fuzz_check.hpp"

namespace {

namespace fr = brokerwire::framing;

struct outcome {
    std::vector<std::string> frames;
    fr::frame_status error{};  // the sticky error after the last chunk, or ok
    fr::frame_status end{};    // what finish() said
    std::uint64_t offset = 0;
};

// The framing rules written as plainly as possible, over the whole stream.
outcome model(const std::uint8_t* p, std::size_t n, std::uint32_t cap) {
    outcome out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t left = n - pos;
        if (left == 0) {
            out.end = {fr::frame_errc::end_of_stream, pos, 0};
            break;
        }
        if (p[pos] != fr::framing_version) {
            out.error = out.end = {fr::frame_errc::wrong_version, pos, p[pos]};
            break;
        }
        if (left < fr::header_size) {
            out.end = {fr::frame_errc::truncated, pos, left};
            break;
        }
        const std::uint32_t length = std::uint32_t{p[pos + 1]} | std::uint32_t{p[pos + 2]} << 8 |
                                     std::uint32_t{p[pos + 3]} << 16 | std::uint32_t{p[pos + 4]} << 24;
        if (length > cap) {
            out.error = out.end = {fr::frame_errc::over_cap, pos, length};
            break;
        }
        if (left - fr::header_size < length) {
            out.end = {fr::frame_errc::truncated, pos, left};
            break;
        }
        out.frames.emplace_back(reinterpret_cast<const char*>(p + pos + fr::header_size), length);
        pos += fr::header_size + length;
    }
    // Without an error the reader consumes the whole stream; after one, how
    // far it read depends on the chunking, so offset is compared only then.
    out.offset = n;
    return out;
}

// Feeds `chunks` (sizes into the stream) to a fresh reader.
outcome read(const std::uint8_t* p, std::size_t n, std::uint32_t cap, const std::vector<std::size_t>& chunks) {
    outcome out;
    fr::frame_reader reader(cap);
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < n || i == 0; ++i) {
        const std::size_t want = chunks.empty() ? 1 : chunks[i % chunks.size()];
        if (want == 0) {
            bool delivered = false;
            const fr::frame_status empty =
                reader.feed(p + pos, 0, [&](brokerwire::bytes_view) { delivered = true; });
            BROKERWIRE_FUZZ_CHECK(!delivered);
            BROKERWIRE_FUZZ_CHECK(empty == reader.status());
        }
        const std::size_t take = std::min(std::max<std::size_t>(want, 1), n - pos);
        const fr::frame_status st = reader.feed(p + pos, take, [&](brokerwire::bytes_view body) {
            BROKERWIRE_FUZZ_CHECK(body.size() <= cap);
            out.frames.emplace_back(body.as_chars());
        });
        BROKERWIRE_FUZZ_CHECK(st == reader.status());
        BROKERWIRE_FUZZ_CHECK(reader.buffered_capacity() <= cap);
        pos += take;
        if (n == 0) break;
    }
    out.error = reader.status();
    out.offset = reader.offset();
    out.end = reader.finish();
    // Sticky: more input changes nothing once the reader has failed.
    if (!out.error.ok()) {
        const std::uint8_t more[fr::header_size] = {fr::framing_version, 0, 0, 0, 0};
        bool delivered = false;
        BROKERWIRE_FUZZ_CHECK(reader.feed(more, sizeof more, [&](brokerwire::bytes_view) { delivered = true; }) ==
                              out.error);
        BROKERWIRE_FUZZ_CHECK(!delivered);
    }
    return out;
}

bool same(const outcome& a, const outcome& b) {
    return a.frames == b.frames && a.error == b.error && a.end == b.end &&
           (!a.error.ok() || a.offset == b.offset);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint32_t cap = data[0] == 0xFF ? fr::max_frame_body : std::uint32_t{data[0]} * 16u;
    const std::size_t count = std::min<std::size_t>(data[1] & 0x0Fu, size - 2);
    std::vector<std::size_t> chunks(data + 2, data + 2 + count);
    const std::uint8_t* stream = data + 2 + count;
    const std::size_t n = size - 2 - count;

    const outcome expected = model(stream, n, cap);
    const outcome whole = read(stream, n, cap, {n});
    const outcome pieces = read(stream, n, cap, chunks);
    BROKERWIRE_FUZZ_CHECK(same(whole, expected));
    BROKERWIRE_FUZZ_CHECK(same(pieces, expected));
    return 0;
}
