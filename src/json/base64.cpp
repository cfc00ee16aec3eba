// Base64 (RFC 4648 sections 4 and 5) for proto3 JSON bytes fields.

#include <brokerwire/json/base64.hpp>

namespace brokerwire::json {

namespace {

constexpr char standard_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decoding table: the 6-bit value of each character, with flag bits saying
// which alphabet it belongs to. Letters and digits are in both; '+' '/' only
// in the standard one, '-' '_' only in the URL-safe one. Anything else has
// both flags, so OR-ing all entries of a string and finding both flags set
// means "invalid character or mixed alphabets", tested once at the end
// instead of once per character.
constexpr std::uint8_t standard_only = 0x40;
constexpr std::uint8_t url_only = 0x80;
constexpr std::uint8_t invalid = standard_only | url_only;

struct decode_table {
    std::uint8_t entry[256];
};

constexpr decode_table make_decode_table() {
    decode_table t{};
    for (auto& e : t.entry) e = invalid;
    for (std::uint8_t i = 0; i < 62; ++i) {
        t.entry[static_cast<unsigned char>(standard_alphabet[i])] = i;
    }
    t.entry[static_cast<unsigned char>('+')] = 62 | standard_only;
    t.entry[static_cast<unsigned char>('/')] = 63 | standard_only;
    t.entry[static_cast<unsigned char>('-')] = 62 | url_only;
    t.entry[static_cast<unsigned char>('_')] = 63 | url_only;
    return t;
}

constexpr decode_table table = make_decode_table();

std::uint8_t lookup(char c) noexcept { return table.entry[static_cast<unsigned char>(c)]; }

char to_char(std::uint32_t bits) noexcept { return static_cast<char>(static_cast<unsigned char>(bits)); }

// Counts the '=' at the end: 0, 1 or 2 (a third would be a body character
// and is refused there as outside the alphabet).
std::size_t padding_of(std::string_view in) noexcept {
    std::size_t pad = 0;
    while (pad < 2 && pad < in.size() && in[in.size() - 1 - pad] == '=') ++pad;
    return pad;
}

}  // namespace

void encode_base64(const std::uint8_t* data, std::size_t size, std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + base64_encoded_size(size));
    char* o = &out[start];
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
        *o++ = standard_alphabet[v >> 18];
        *o++ = standard_alphabet[(v >> 12) & 0x3F];
        *o++ = standard_alphabet[(v >> 6) & 0x3F];
        *o++ = standard_alphabet[v & 0x3F];
    }
    const std::size_t rest = size - i;
    if (rest == 0) return;
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (rest == 2 ? std::uint32_t{data[i + 1]} << 8 : 0u);
    *o++ = standard_alphabet[v >> 18];
    *o++ = standard_alphabet[(v >> 12) & 0x3F];
    *o++ = rest == 2 ? standard_alphabet[(v >> 6) & 0x3F] : '=';
    *o++ = '=';
}

bool decode_base64(std::string_view in, std::string& out) {
    out.clear();
    const std::size_t pad = padding_of(in);
    // Padded input comes in whole quanta; unpadded input may end in 2 or 3
    // characters (1 or 2 bytes) but never 1, which carries only 6 bits.
    if (pad != 0 && in.size() % 4 != 0) return false;
    const std::string_view body = in.substr(0, in.size() - pad);
    const std::size_t tail = body.size() % 4;
    if (tail == 1) return false;

    const std::size_t whole = body.size() - tail;
    out.resize(whole / 4 * 3 + (tail == 0 ? 0 : tail - 1));
    char* o = out.data();
    std::uint8_t seen = 0;
    for (std::size_t i = 0; i < whole; i += 4) {
        const std::uint8_t a = lookup(body[i]), b = lookup(body[i + 1]);
        const std::uint8_t c = lookup(body[i + 2]), d = lookup(body[i + 3]);
        seen |= a | b | c | d;
        const std::uint32_t v = (std::uint32_t{a & 0x3Fu} << 18) | (std::uint32_t{b & 0x3Fu} << 12) |
                                (std::uint32_t{c & 0x3Fu} << 6) | (d & 0x3Fu);
        *o++ = to_char(v >> 16);
        *o++ = to_char((v >> 8) & 0xFF);
        *o++ = to_char(v & 0xFF);
    }
    if (tail != 0) {
        const std::uint8_t a = lookup(body[whole]), b = lookup(body[whole + 1]);
        const std::uint8_t c = tail == 3 ? lookup(body[whole + 2]) : std::uint8_t{0};
        seen |= a | b | c;
        const std::uint32_t v = (std::uint32_t{a & 0x3Fu} << 18) | (std::uint32_t{b & 0x3Fu} << 12) |
                                (std::uint32_t{c & 0x3Fu} << 6);
        *o++ = to_char(v >> 16);
        if (tail == 3) *o++ = to_char((v >> 8) & 0xFF);
        // RFC 4648 section 3.5: the unused low bits of the last character
        // must be zero, or two different strings would decode to the same
        // bytes.
        const std::uint32_t unused = tail == 2 ? (v & 0xFFFFu) : (v & 0xFFu);
        if (unused != 0) seen = invalid;
    }
    if ((seen & invalid) == invalid) {
        out.clear();
        return false;
    }
    return true;
}

}  // namespace brokerwire::json
