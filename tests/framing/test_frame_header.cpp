// docs/contract.md, "Framing": the five-byte frame header, the caps and the
// error texts.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "brokerwire/framing/frame_header.hpp"

using namespace brokerwire::framing;

TEST_CASE("the caps are 16 MiB for any frame and 64 KiB for a Hello frame") {
    CHECK(max_frame_body == 16777216u);
    CHECK(max_hello_body == 65536u);
    CHECK(header_size == 5u);
    CHECK(framing_version == 1u);
}

TEST_CASE("a header is the version byte 1 then the body length in little-endian") {
    std::uint8_t out[header_size] = {};
    encode_header(0x04030201u, out);
    CHECK(out[0] == 1);
    CHECK(out[1] == 0x01);
    CHECK(out[2] == 0x02);
    CHECK(out[3] == 0x03);
    CHECK(out[4] == 0x04);

    encode_header(0, out);
    CHECK(std::string(reinterpret_cast<char*>(out), header_size) == std::string("\x01\0\0\0\0", 5));
    encode_header(max_frame_body, out);
    CHECK(std::string(reinterpret_cast<char*>(out), header_size) == std::string("\x01\0\0\0\x01", 5));
}

TEST_CASE("parse_header reads back what encode_header wrote, checking nothing") {
    for (std::uint32_t length : {0u, 1u, 255u, 256u, 65536u, 16777216u, 16777217u, 0xFFFFFFFFu}) {
        std::uint8_t out[header_size];
        encode_header(length, out);
        const header h = parse_header(out);
        CHECK(h.version == 1);
        CHECK(h.body_length == length);
    }
    const std::uint8_t odd[header_size] = {0x07, 0xFF, 0xFF, 0xFF, 0xFF};
    const header h = parse_header(odd);
    CHECK(h.version == 7);
    CHECK(h.body_length == 0xFFFFFFFFu);
}

TEST_CASE("append_frame writes header and body, and refuses an over-cap body untouched") {
    std::string out = "x";
    const std::uint8_t body[] = {'a', 'b', 'c'};
    REQUIRE(append_frame(out, body, 3).ok());
    CHECK(out == std::string("x\x01\x03\0\0\0abc", 9));
    REQUIRE(append_frame(out, nullptr, 0).ok());
    CHECK(out.size() == 14);

    const frame_status refused = append_frame(out, body, 3, 2);
    CHECK(refused.code == frame_errc::over_cap);
    CHECK(refused.value == 3);
    CHECK(out.size() == 14);
}

TEST_CASE("every framing error has its own text, with its value and offset") {
    CHECK(to_string(frame_status{}) == "ok");
    CHECK(to_string({frame_errc::wrong_version, 12, 7}) == "wrong framing version 7 at offset 12");
    CHECK(to_string({frame_errc::over_cap, 0, 4294967295u}) ==
          "over-cap frame length 4294967295 at offset 0");
    CHECK(to_string({frame_errc::truncated, 5, 3}) ==
          "stream ended inside a frame after 3 bytes of the frame at offset 5");
    CHECK(to_string({frame_errc::end_of_stream, 40, 0}) == "end of stream at offset 40");
    CHECK(to_string({frame_errc::io_error, 0, 32}).rfind("I/O error: ", 0) == 0);
    CHECK(std::string(describe(frame_errc::over_cap)) != describe(frame_errc::wrong_version));
    CHECK(std::string(describe(frame_errc::truncated)) != describe(frame_errc::end_of_stream));
}
