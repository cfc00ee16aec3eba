// Building captured broker streams for the frames tests: envelopes, the
// five-byte frame header, and the tool's output split into lines.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages.hpp"

namespace brokerwire::test {

template <class M>
std::string bytes_of(const M& m) {
    const std::vector<std::uint8_t> b = encode(m);
    return std::string(b.begin(), b.end());
}

// A v1 Frame envelope (envelope_version 1) carrying `payload`.
inline std::string envelope(v1::frame_kind kind, std::uint32_t lane, std::uint64_t id, const std::string& payload,
                            v1::payload_encoding encoding = v1::payload_encoding::none) {
    v1::frame f;
    f.envelope_version = broker::envelope_version;
    f.kind = kind;
    f.payload_protocol = lane;
    f.request_id = id;
    f.payload = payload;
    f.payload_encoding = encoding;
    return bytes_of(f);
}

// The body with its five-byte header.
inline std::string framed(const std::string& body) {
    std::string out;
    REQUIRE(framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size()).ok());
    return out;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        lines.push_back(text.substr(start, end - start));
    }
    return lines;
}

}  // namespace brokerwire::test
