// Varints as the cursor reads them (docs/contract.md, "Varints": at most 10
// bytes, a 10th byte above 0x01 is an error, overlong-but-valid encodings
// decode), and as varint_size / write_varint write them.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <brokerwire/wire/cursor.hpp>
#include <brokerwire/wire/varint.hpp>

namespace {

using brokerwire::bytes_view;
using brokerwire::errc;
using brokerwire::wire::cursor;

// The rule written out plainly, independently of the cursor: bytes are
// consumed until one below 0x80; more than ten bytes, or a tenth byte that
// carries bits above bit 63 (anything but 0x00 or 0x01), is invalid.
struct reference_result {
    bool ok = false;
    std::uint64_t value = 0;
    std::size_t length = 0;
};

reference_result reference_decode(const std::uint8_t* p, std::size_t n) {
    reference_result r;
    for (std::size_t i = 0; i < n && i < 10; ++i) {
        const std::uint64_t payload = p[i] & 0x7Fu;
        if (i == 9 && p[i] > 0x01) return r;  // bit 64 or a continuation: overflow
        r.value += payload << (7 * i);
        if (p[i] < 0x80) {
            r.ok = true;
            r.length = i + 1;
            return r;
        }
    }
    return r;  // ran out of bytes, or ten continuation bytes
}

// What the cursor makes of exactly these bytes.
reference_result cursor_decode(const std::uint8_t* p, std::size_t n, brokerwire::status* error = nullptr) {
    cursor c(bytes_view(p, n));
    reference_result r;
    r.value = c.varint(7);
    r.ok = !c.failed();
    r.length = r.ok ? c.offset_of(c.position()) : 0;
    if (error != nullptr) *error = c.result();
    return r;
}

// A varint written byte by byte, independently of write_varint.
std::vector<std::uint8_t> reference_encode(std::uint64_t v) {
    std::vector<std::uint8_t> out;
    do {
        std::uint8_t b = static_cast<std::uint8_t>(v & 0x7Fu);
        v >>= 7;
        if (v != 0) b = static_cast<std::uint8_t>(b | 0x80u);
        out.push_back(b);
    } while (v != 0);
    return out;
}

std::vector<std::uint64_t> boundary_values() {
    std::vector<std::uint64_t> values = {0, ~std::uint64_t{0}, ~std::uint64_t{0} - 1};
    for (unsigned k = 0; k < 64; ++k) {
        const std::uint64_t p = std::uint64_t{1} << k;
        values.push_back(p - 1);
        values.push_back(p);
        values.push_back(p + 1);
    }
    return values;
}

bool agrees(const reference_result& a, const reference_result& b) {
    return a.ok == b.ok && (!a.ok || (a.value == b.value && a.length == b.length));
}

}  // namespace

TEST_CASE("every 1-byte input decodes as the reference decoder says") {
    std::size_t disagreements = 0;
    for (unsigned a = 0; a < 256; ++a) {
        const std::uint8_t in[1] = {static_cast<std::uint8_t>(a)};
        if (!agrees(cursor_decode(in, 1), reference_decode(in, 1))) ++disagreements;
    }
    CHECK(disagreements == 0);
}

TEST_CASE("every 2-byte input decodes as the reference decoder says") {
    std::size_t disagreements = 0;
    for (unsigned a = 0; a < 65536; ++a) {
        const std::uint8_t in[2] = {static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)};
        if (!agrees(cursor_decode(in, 2), reference_decode(in, 2))) ++disagreements;
    }
    CHECK(disagreements == 0);
}

TEST_CASE("every 3-byte input decodes as the reference decoder says") {
    std::size_t disagreements = 0;
    std::size_t accepted = 0;
    for (std::uint32_t a = 0; a < (1u << 24); ++a) {
        const std::uint8_t in[3] = {static_cast<std::uint8_t>(a >> 16), static_cast<std::uint8_t>(a >> 8),
                                    static_cast<std::uint8_t>(a)};
        const reference_result ours = cursor_decode(in, 3);
        if (!agrees(ours, reference_decode(in, 3))) ++disagreements;
        accepted += ours.ok ? 1 : 0;
    }
    CHECK(disagreements == 0);
    // Only inputs whose three bytes all continue are truncated.
    CHECK(accepted == (1u << 24) - 128u * 128u * 128u);
}

TEST_CASE("every power of two and its neighbours decodes to itself in varint_size bytes") {
    for (const std::uint64_t v : boundary_values()) {
        CAPTURE(v);
        const std::vector<std::uint8_t> bytes = reference_encode(v);
        const reference_result r = cursor_decode(bytes.data(), bytes.size());
        REQUIRE(r.ok);
        CHECK(r.value == v);
        CHECK(r.length == bytes.size());
        CHECK(brokerwire::wire::varint_size(v) == bytes.size());
    }
}

TEST_CASE("write_varint writes the reference bytes and returns the end of them") {
    for (const std::uint64_t v : boundary_values()) {
        CAPTURE(v);
        std::uint8_t buffer[12] = {};
        std::uint8_t* end = brokerwire::wire::write_varint(buffer, v);
        const std::vector<std::uint8_t> expected = reference_encode(v);
        CHECK(std::vector<std::uint8_t>(buffer, end) == expected);
        CHECK(buffer[expected.size()] == 0);  // nothing past the end
    }
}

TEST_CASE("varint_size is 1 to 10 bytes at every 7-bit boundary") {
    using brokerwire::wire::varint_size;
    CHECK(varint_size(0) == 1);
    for (unsigned bytes = 1; bytes < 10; ++bytes) {
        const std::uint64_t first_needing_more = std::uint64_t{1} << (7 * bytes);
        CHECK(varint_size(first_needing_more - 1) == bytes);
        CHECK(varint_size(first_needing_more) == bytes + 1);
    }
    CHECK(varint_size(~std::uint64_t{0}) == 10);
}

TEST_CASE("a 10-byte varint with 0x01 last is 2^63 and above") {
    const std::uint8_t max[10] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    CHECK(cursor_decode(max, 10).value == ~std::uint64_t{0});
    const std::uint8_t high_bit[10] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    const reference_result r = cursor_decode(high_bit, 10);
    CHECK(r.ok);
    CHECK(r.value == std::uint64_t{1} << 63);
    CHECK(r.length == 10);
}

TEST_CASE("a 10th varint byte above 0x01 is invalid_varint at the varint's start") {
    for (unsigned last = 0x02; last <= 0xFF; ++last) {
        CAPTURE(last);
        std::uint8_t in[13] = {0x08, 0x08, 0x08};  // three bytes before, so the offset is not 0
        for (int i = 3; i < 12; ++i) in[i] = 0xFF;
        in[12] = static_cast<std::uint8_t>(last);
        cursor c(bytes_view(in, sizeof in));
        (void)c.varint(1);
        (void)c.varint(1);
        (void)c.varint(1);
        REQUIRE(!c.failed());
        (void)c.varint(9);
        CHECK(c.result() == brokerwire::status{errc::invalid_varint, 9, 3});
        CHECK(c.position() == c.end());  // the error stops all reading
    }
}

TEST_CASE("an 11-byte varint is invalid_varint") {
    std::vector<std::uint8_t> in(10, 0x80);
    in.push_back(0x00);
    brokerwire::status error;
    CHECK(!cursor_decode(in.data(), in.size(), &error).ok);
    CHECK(error == brokerwire::status{errc::invalid_varint, 7, 0});
}

TEST_CASE("a varint cut short by the end of the input is invalid_varint") {
    for (const std::uint64_t v : boundary_values()) {
        const std::vector<std::uint8_t> bytes = reference_encode(v);
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            CAPTURE(v);
            CAPTURE(cut);
            brokerwire::status error;
            CHECK(!cursor_decode(bytes.data(), cut, &error).ok);
            CHECK(error == brokerwire::status{errc::invalid_varint, 7, 0});
        }
    }
}

TEST_CASE("overlong but valid encodings decode: 0x80 0x00 is zero in two bytes") {
    const std::uint8_t two[2] = {0x80, 0x00};
    const reference_result r = cursor_decode(two, 2);
    CHECK(r.ok);
    CHECK(r.value == 0);
    CHECK(r.length == 2);
    const std::uint8_t ten[10] = {0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    const reference_result r10 = cursor_decode(ten, 10);
    CHECK(r10.ok);
    CHECK(r10.value == 1);
    CHECK(r10.length == 10);
}

TEST_CASE("32-bit readers keep the low 32 bits and bool is any non-zero varint") {
    const std::uint8_t minus_one[10] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    cursor c1(bytes_view(minus_one, 10));
    CHECK(c1.int32(1) == -1);
    cursor c2(bytes_view(minus_one, 10));
    CHECK(c2.uint32(1) == 0xFFFFFFFFu);
    const std::uint8_t two_pow_32[5] = {0x80, 0x80, 0x80, 0x80, 0x10};  // 2^32: low 32 bits are 0
    cursor c3(bytes_view(two_pow_32, 5));
    CHECK(c3.uint32(1) == 0);
    cursor c4(bytes_view(two_pow_32, 5));
    CHECK(c4.boolean(1));
    const std::uint8_t overlong_zero[2] = {0x80, 0x00};
    cursor c5(bytes_view(overlong_zero, 2));
    CHECK_FALSE(c5.boolean(1));
    CHECK(!c5.failed());
}

TEST_CASE("int32 -1 is the 10-byte varint of its sign extension") {
    using brokerwire::wire::int32_as_varint;
    CHECK(int32_as_varint(-1) == ~std::uint64_t{0});
    CHECK(brokerwire::wire::varint_size(int32_as_varint(-1)) == 10);
    CHECK(brokerwire::wire::varint_size(int32_as_varint(-2147483647 - 1)) == 10);
    CHECK(int32_as_varint(2147483647) == 0x7FFFFFFFu);
    CHECK(brokerwire::wire::varint_size(int32_as_varint(2147483647)) == 5);
}
