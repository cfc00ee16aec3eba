// docs/contract.md, "Framing": the incremental reader accepts any chunking,
// one byte at a time included, checks caps before buffering, and keeps its
// errors apart.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "brokerwire/framing/frame_reader.hpp"

using namespace brokerwire::framing;
using brokerwire::bytes_view;

namespace {

using byte_string = std::vector<std::uint8_t>;

byte_string frame_of(const std::string& body, std::uint8_t version = framing_version) {
    byte_string out(header_size);
    encode_header(static_cast<std::uint32_t>(body.size()), out.data());
    out[0] = version;
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

byte_string header_only(std::uint32_t length) {
    byte_string out(header_size);
    encode_header(length, out.data());
    return out;
}

byte_string stream_of(const std::vector<std::string>& bodies) {
    byte_string out;
    for (const auto& b : bodies) {
        const byte_string f = frame_of(b);
        out.insert(out.end(), f.begin(), f.end());
    }
    return out;
}

// What a reader produced from one chunking of a stream.
struct outcome {
    std::vector<std::string> bodies;
    frame_status fed;       // status after the last feed
    frame_status finished;  // what finish() said
};

outcome run(const byte_string& stream, const std::vector<std::size_t>& chunks,
            std::uint32_t cap = max_frame_body) {
    frame_reader reader(cap);
    outcome out;
    std::size_t at = 0;
    for (std::size_t n : chunks) {
        // Each chunk is copied to its own short-lived buffer, as recv() would
        // leave it, so a body that outlives its chunk would be caught.
        byte_string chunk(stream.begin() + static_cast<std::ptrdiff_t>(at),
                          stream.begin() + static_cast<std::ptrdiff_t>(at + n));
        out.fed = reader.feed(chunk.data(), chunk.size(),
                              [&](bytes_view body) { out.bodies.emplace_back(body.as_chars()); });
        at += n;
    }
    out.finished = reader.finish();
    return out;
}

// Calls f(chunks) for every composition of n into positive parts: 2^(n-1) of them.
template <class F>
void for_each_composition(std::size_t n, F&& f) {
    const std::uint64_t count = std::uint64_t{1} << (n - 1);
    std::vector<std::size_t> chunks;
    for (std::uint64_t cuts = 0; cuts < count; ++cuts) {
        chunks.clear();
        std::size_t len = 1;
        for (std::size_t i = 0; i + 1 < n; ++i) {
            if (cuts >> i & 1) {
                chunks.push_back(len);
                len = 1;
            } else {
                ++len;
            }
        }
        chunks.push_back(len);
        f(chunks);
    }
}

std::vector<std::size_t> random_chunks(std::size_t total, std::size_t max_chunk, std::mt19937_64& rng) {
    std::vector<std::size_t> chunks;
    std::uniform_int_distribution<std::size_t> dist(1, max_chunk);
    for (std::size_t left = total; left > 0;) {
        const std::size_t n = std::min(left, dist(rng));
        chunks.push_back(n);
        left -= n;
    }
    return chunks;
}

std::string pattern(std::size_t n, unsigned seed) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + seed) & 0xFF);
    return s;
}

}  // namespace

TEST_CASE("every chunking of a small multi-frame stream yields the same frames") {
    const std::vector<std::vector<std::string>> cases = {
        {"", "xy"},           // 12 bytes: 2,048 chunkings
        {"a", "", "bc"},      // 18 bytes: 131,072 chunkings
        {"", "", ""},         // 15 bytes, all empty
    };
    for (const auto& bodies : cases) {
        const byte_string stream = stream_of(bodies);
        std::size_t chunkings = 0;
        for_each_composition(stream.size(), [&](const std::vector<std::size_t>& chunks) {
            const outcome o = run(stream, chunks);
            ++chunkings;
            if (o.bodies != bodies || !o.fed.ok() || o.finished.code != frame_errc::end_of_stream ||
                o.finished.offset != stream.size()) {
                FAIL("chunking " << chunkings << " of a " << stream.size() << "-byte stream differs");
            }
        });
        CHECK(chunkings == (std::size_t{1} << (stream.size() - 1)));
    }
}

TEST_CASE("every chunking of a small stream reports the same error at the same offset") {
    SUBCASE("wrong version byte in the second frame") {
        byte_string stream = stream_of({"ab"});
        const byte_string bad = frame_of("cd", 0x02);
        stream.insert(stream.end(), bad.begin(), bad.end());
        std::size_t mismatches = 0;
        for_each_composition(stream.size(), [&](const std::vector<std::size_t>& chunks) {
            const outcome o = run(stream, chunks);
            mismatches += o.bodies != std::vector<std::string>{"ab"} ||
                          o.fed != frame_status{frame_errc::wrong_version, 7, 2} || o.finished != o.fed;
        });
        CHECK(mismatches == 0);
    }
    SUBCASE("over-cap length in the second frame") {
        byte_string stream = stream_of({"abcd", "abcde"});
        std::size_t mismatches = 0;
        for_each_composition(stream.size(), [&](const std::vector<std::size_t>& chunks) {
            const outcome o = run(stream, chunks, 4);
            mismatches += o.bodies != std::vector<std::string>{"abcd"} ||
                          o.fed != frame_status{frame_errc::over_cap, 9, 5};
        });
        CHECK(mismatches == 0);
    }
    SUBCASE("stream cut inside the second frame's header or body") {
        const byte_string whole = stream_of({"ab", "cdef"});
        for (std::size_t cut = 8; cut < whole.size(); ++cut) {
            const byte_string stream(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
            std::size_t mismatches = 0;
            for_each_composition(stream.size(), [&](const std::vector<std::size_t>& chunks) {
                const outcome o = run(stream, chunks);
                mismatches += o.bodies != std::vector<std::string>{"ab"} || !o.fed.ok() ||
                              o.finished != frame_status{frame_errc::truncated, 7, cut - 7};
            });
            CAPTURE(cut);
            CHECK(mismatches == 0);
        }
    }
}

TEST_CASE("random chunkings of a large stream yield the same frames") {
    std::mt19937_64 rng(20240611);
    std::vector<std::string> bodies;
    std::uniform_int_distribution<std::size_t> size_dist(0, 100000);
    for (unsigned i = 0; i < 40; ++i) bodies.push_back(pattern(i % 7 == 0 ? 0 : size_dist(rng), i));
    const byte_string stream = stream_of(bodies);

    for (std::size_t max_chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{70000},
                                  std::size_t{1} << 20, stream.size()}) {
        const unsigned rounds = max_chunk == 1 ? 1 : 25;
        for (unsigned round = 0; round < rounds; ++round) {
            const outcome o = run(stream, random_chunks(stream.size(), max_chunk, rng));
            REQUIRE(o.bodies.size() == bodies.size());
            CHECK(o.bodies == bodies);
            CHECK(o.fed.ok());
            CHECK(o.finished == frame_status{frame_errc::end_of_stream, stream.size(), 0});
        }
    }
}

TEST_CASE("a frame wholly inside one chunk is handed over in place") {
    const byte_string stream = stream_of({"abc", "defg"});
    frame_reader reader;
    std::vector<const std::uint8_t*> seen;
    CHECK(reader.feed(stream.data(), stream.size(), [&](bytes_view b) { seen.push_back(b.data()); }).ok());
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == stream.data() + 5);
    CHECK(seen[1] == stream.data() + 13);
    CHECK(reader.buffered_capacity() == 0);
}

TEST_CASE("exactly the cap is accepted and one byte more is refused") {
    for (std::uint32_t cap : {max_frame_body, max_hello_body}) {
        CAPTURE(cap);
        const std::string body = pattern(cap, 3);
        const byte_string ok_frame = frame_of(body);
        frame_reader reader(cap);
        std::size_t delivered = 0;
        // Fed in 64 KiB + 1 pieces, so the body is gathered across chunks.
        for (std::size_t at = 0; at < ok_frame.size(); at += 65537) {
            const std::size_t n = std::min<std::size_t>(65537, ok_frame.size() - at);
            REQUIRE(reader.feed(ok_frame.data() + at, n, [&](bytes_view b) {
                                  CHECK(b.size() == cap);
                                  CHECK(b.as_chars() == body);
                                  ++delivered;
                              }).ok());
            CHECK(reader.buffered_capacity() <= cap);
        }
        CHECK(delivered == 1);
        const byte_string over = header_only(cap + 1);
        CHECK(reader.feed(over.data(), over.size(), [&](bytes_view) { ++delivered; }) ==
              frame_status{frame_errc::over_cap, header_size + cap, cap + 1u});
        CHECK(delivered == 1);
    }
}

TEST_CASE("a 4 GiB length claim is refused without allocating") {
    const byte_string claim = header_only(0xFFFFFFFFu);
    frame_reader reader;
    // One byte at a time, the slowest way in.
    for (std::uint8_t b : claim) (void)reader.feed(&b, 1, [](bytes_view) {});
    CHECK(reader.status() == frame_status{frame_errc::over_cap, 0, 0xFFFFFFFFu});
    CHECK(reader.buffered_capacity() == 0);
}

TEST_CASE("the buffer never holds more than the frame being gathered") {
    const std::string body = pattern(1000000, 9);
    const byte_string stream = frame_of(body);
    frame_reader reader;
    std::size_t peak = 0;
    bool got = false;
    for (std::size_t at = 0; at < stream.size(); at += 999) {
        const std::size_t n = std::min<std::size_t>(999, stream.size() - at);
        REQUIRE(reader.feed(stream.data() + at, n, [&](bytes_view b) { got = b.as_chars() == body; }).ok());
        peak = std::max(peak, reader.buffered_capacity());
    }
    CHECK(got);
    CHECK(peak <= body.size());
    CHECK(peak == body.size());
}

TEST_CASE("a large gathered buffer is released after its frame is delivered") {
    const byte_string big = frame_of(pattern(200000, 1));
    const byte_string tiny = frame_of("z");
    frame_reader reader;
    REQUIRE(reader.feed(big.data(), 10, [](bytes_view) {}).ok());
    REQUIRE(reader.feed(big.data() + 10, big.size() - 10, [](bytes_view) {}).ok());
    REQUIRE(reader.feed(tiny.data(), tiny.size(), [](bytes_view) {}).ok());
    CHECK(reader.buffered_capacity() == 0);
}

TEST_CASE("a wrong version byte is refused as soon as it arrives") {
    frame_reader reader;
    const std::uint8_t bad = 0x50;  // 'P': someone speaking HTTP at us
    CHECK(reader.feed(&bad, 1, [](bytes_view) {}) == frame_status{frame_errc::wrong_version, 0, 0x50});
}

TEST_CASE("after an error the reader stays failed and ignores further input") {
    const byte_string bad = frame_of("x", 0);
    const byte_string good = frame_of("y");
    frame_reader reader;
    int delivered = 0;
    const frame_status first = reader.feed(bad.data(), bad.size(), [&](bytes_view) { ++delivered; });
    CHECK(first == frame_status{frame_errc::wrong_version, 0, 0});
    CHECK(reader.feed(good.data(), good.size(), [&](bytes_view) { ++delivered; }) == first);
    CHECK(reader.finish() == first);
    CHECK(reader.status() == first);
    CHECK(delivered == 0);
}

TEST_CASE("zero-length bodies are frames like any other") {
    const byte_string stream = stream_of({"", "", "a", ""});
    const outcome whole = run(stream, {stream.size()});
    CHECK(whole.bodies == std::vector<std::string>{"", "", "a", ""});
    const outcome bytewise = run(stream, std::vector<std::size_t>(stream.size(), 1));
    CHECK(bytewise.bodies == whole.bodies);
}

TEST_CASE("mid_frame tells an idle connection from one stalled inside a frame") {
    const byte_string f = frame_of("abc");
    frame_reader reader;
    CHECK_FALSE(reader.mid_frame());
    REQUIRE(reader.feed(f.data(), 2, [](bytes_view) {}).ok());
    CHECK(reader.mid_frame());
    REQUIRE(reader.feed(f.data() + 2, 4, [](bytes_view) {}).ok());
    CHECK(reader.mid_frame());
    int n = 0;
    REQUIRE(reader.feed(f.data() + 6, 2, [&](bytes_view) { ++n; }).ok());
    CHECK(n == 1);
    CHECK_FALSE(reader.mid_frame());
    CHECK(reader.offset() == 8);
}

TEST_CASE("set_cap switches from the Hello cap to the frame cap for later frames") {
    const byte_string first = frame_of(pattern(max_hello_body, 2));
    byte_string second = header_only(max_hello_body + 1);
    const std::string more = pattern(max_hello_body + 1, 4);
    second.insert(second.end(), more.begin(), more.end());
    frame_reader reader(max_hello_body);
    int n = 0;
    REQUIRE(reader.feed(first.data(), first.size(), [&](bytes_view) { ++n; }).ok());
    reader.set_cap(max_frame_body);
    CHECK(reader.cap() == max_frame_body);
    REQUIRE(reader.feed(second.data(), second.size(), [&](bytes_view b) { n += b.size() == more.size(); }).ok());
    CHECK(n == 2);
}

TEST_CASE("pull takes one frame at a time and absorbs a trailing partial frame") {
    byte_string stream = stream_of({"one", "two"});
    const byte_string partial = frame_of("three");
    stream.insert(stream.end(), partial.begin(), partial.begin() + 6);
    frame_reader reader;
    const std::uint8_t* data = stream.data();
    std::size_t size = stream.size();
    bytes_view body;
    REQUIRE(reader.pull(data, size, body));
    CHECK(body.as_chars() == "one");
    REQUIRE(reader.pull(data, size, body));
    CHECK(body.as_chars() == "two");
    CHECK_FALSE(reader.pull(data, size, body));
    CHECK(size == 0);
    CHECK(reader.mid_frame());
    CHECK(reader.finish() == frame_status{frame_errc::truncated, 16, 6});
}
