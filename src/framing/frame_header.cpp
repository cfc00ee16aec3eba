// The five-byte frame header and the framing error vocabulary.
#include "brokerwire/framing/frame_header.hpp"

#include <cstring>

namespace brokerwire::framing {

void encode_header(std::uint32_t body_length, std::uint8_t* out) noexcept {
    out[0] = framing_version;
    // docs/contract.md, "Framing": the length is little-endian whatever the
    // host's byte order.
    out[1] = static_cast<std::uint8_t>(body_length);
    out[2] = static_cast<std::uint8_t>(body_length >> 8);
    out[3] = static_cast<std::uint8_t>(body_length >> 16);
    out[4] = static_cast<std::uint8_t>(body_length >> 24);
}

header parse_header(const std::uint8_t* in) noexcept {
    header h;
    h.version = in[0];
    h.body_length = static_cast<std::uint32_t>(in[1]) | static_cast<std::uint32_t>(in[2]) << 8 |
                    static_cast<std::uint32_t>(in[3]) << 16 | static_cast<std::uint32_t>(in[4]) << 24;
    return h;
}

const char* describe(frame_errc code) noexcept {
    switch (code) {
        case frame_errc::ok: return "ok";
        case frame_errc::end_of_stream: return "end of stream";
        case frame_errc::wrong_version: return "wrong framing version";
        case frame_errc::over_cap: return "over-cap frame length";
        case frame_errc::truncated: return "stream ended inside a frame";
        case frame_errc::io_error: return "I/O error";
    }
    return "unknown framing error";
}

std::string to_string(const frame_status& s) {
    if (s.ok()) return "ok";
    std::string text = describe(s.code);
    switch (s.code) {
        case frame_errc::wrong_version: text += " " + std::to_string(s.value); break;
        case frame_errc::over_cap: text += " " + std::to_string(s.value); break;
        case frame_errc::truncated:
            text += " after " + std::to_string(s.value) + " bytes of the frame";
            break;
        case frame_errc::io_error:
            text += ": ";
            text += std::strerror(static_cast<int>(s.value));
            break;
        default: break;
    }
    text += " at offset " + std::to_string(s.offset);
    return text;
}

frame_status append_frame(std::string& out, const std::uint8_t* body, std::size_t size,
                          std::uint32_t cap) {
    if (size > cap) return {frame_errc::over_cap, 0, size};
    std::uint8_t head[header_size];
    encode_header(static_cast<std::uint32_t>(size), head);
    out.reserve(out.size() + header_size + size);
    out.append(reinterpret_cast<const char*>(head), header_size);
    if (size != 0) out.append(reinterpret_cast<const char*>(body), size);
    return {};
}

}  // namespace brokerwire::framing
