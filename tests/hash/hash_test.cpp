// BLAKE3 and SHA-256: the official test vectors, every way of splitting the
// input, and agreement with Debian's b3sum and sha256sum on random inputs.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <brokerwire/hash/blake3.hpp>
#include <brokerwire/hash/sha256.hpp>

#include "blake3_vectors.hpp"

using namespace brokerwire;

namespace {

std::string hex(const std::uint8_t* p, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a) { return hex(a.data(), N); }

std::vector<std::uint8_t> counting_input(std::size_t n) {
    std::vector<std::uint8_t> in(n);
    for (std::size_t i = 0; i < n; ++i) in[i] = static_cast<std::uint8_t>(i % 251);
    return in;
}

// The first word of what `command` prints when fed `input` on stdin.
std::string digest_by(const char* command, const std::vector<std::uint8_t>& input) {
    char path[] = "/tmp/brokerwire-hash-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    FILE* f = ::fdopen(fd, "wb");
    REQUIRE(f != nullptr);
    if (!input.empty()) REQUIRE(std::fwrite(input.data(), 1, input.size(), f) == input.size());
    std::fclose(f);
    const std::string line = std::string(command) + " < " + path;
    FILE* out = ::popen(line.c_str(), "r");
    REQUIRE(out != nullptr);
    char word[129] = {};
    const int got = std::fscanf(out, "%128s", word);
    ::pclose(out);
    std::remove(path);
    return got == 1 ? word : "";
}

bool have(const char* tool) {
    return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("blake3: the official test vectors, default digest and 131 bytes of extended output") {
    for (const test::blake3_vector& v : test::blake3_vectors) {
        CAPTURE(v.input_len);
        const std::vector<std::uint8_t> in = counting_input(v.input_len);
        hash::blake3 h;
        h.update(bytes_view(in));
        std::uint8_t extended[131];
        h.finalize(extended, sizeof extended);
        CHECK(hex(extended, sizeof extended) == v.hash);
        CHECK(hex(hash::blake3_of(bytes_view(in))) == std::string(v.hash, 64));
    }
}

TEST_CASE("blake3: the digest does not depend on how the input is split") {
    const std::vector<std::uint8_t> in = counting_input(5121);
    const std::string whole = hex(hash::blake3_of(bytes_view(in)));
    for (const std::size_t piece : {1u, 63u, 64u, 65u, 1023u, 1024u, 1025u, 4000u}) {
        CAPTURE(piece);
        hash::blake3 h;
        for (std::size_t at = 0; at < in.size(); at += piece) {
            h.update(bytes_view(in.data() + at, std::min(piece, in.size() - at)));
        }
        CHECK(hex(h.finalize()) == whole);
    }
}

TEST_CASE("sha256: the FIPS 180-4 examples") {
    auto of = [](const std::string& s) { return hex(hash::sha256_of(bytes_view(s))); };
    CHECK(of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    hash::sha256 million;
    const std::string thousand(1000, 'a');
    for (int i = 0; i < 1000; ++i) million.update(bytes_view(thousand));
    CHECK(hex(million.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("blake3 and sha256 agree with Debian's b3sum and sha256sum on random inputs") {
    REQUIRE_MESSAGE(have("b3sum"), "b3sum is missing (Debian package b3sum; tools/ensure-deps.sh installs it)");
    REQUIRE_MESSAGE(have("sha256sum"), "sha256sum is missing (Debian package coreutils)");
    std::mt19937 rng(20261202);
    // Lengths around every boundary: blocks (64), chunks (1024), subtree merges.
    std::vector<std::size_t> lengths = {0, 1, 55, 56, 63, 64, 65, 119, 120, 1023, 1024, 1025, 2047, 3072, 8193, 65537};
    for (int i = 0; i < 8; ++i) lengths.push_back(rng() % 300000);
    for (const std::size_t n : lengths) {
        CAPTURE(n);
        std::vector<std::uint8_t> in(n);
        for (std::uint8_t& b : in) b = static_cast<std::uint8_t>(rng());
        CHECK(hex(hash::blake3_of(bytes_view(in))) == digest_by("b3sum --no-names", in));
        CHECK(hex(hash::sha256_of(bytes_view(in))) == digest_by("sha256sum", in));
    }
}
