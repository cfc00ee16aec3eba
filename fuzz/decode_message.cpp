// Decode harness for one message type, chosen at compile time:
//   -DBROKERWIRE_FUZZ_NS=v2 -DBROKERWIRE_FUZZ_TYPE=service_definition
// so that every type gets its own executable, corpus and dictionary.
//
// Invariants (docs/contract.md; SECURITY.md), checked for every input:
// - an error names an offset inside the input;
// - the view decoder returns the same status as the owning decoder (code,
//   offset and field, not only whether it accepts), and every string it
//   hands out points into the input;
// - decoding into a message that already holds other contents gives the
//   same result as decoding into a fresh one ("replaces out's contents");
// and for every accepted input:
// - encoded_size == encode().size(); encoding into a buffer one byte too
//   small returns 0 and writes nothing; into the exact size writes the same
//   bytes;
// - the re-encoding decodes to an equal message (unknown fields included),
//   and encoding that again gives identical bytes;
// - to_message(view) equals the owning message with unknown fields cleared;
// - the proto3 JSON of the message maps back to the same message, minus
//   unknown fields (which have no JSON form).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages.hpp"
#include "brokerwire/messages/json.hpp"
#include "fuzz_check.hpp"
#include "message_walk.hpp"

#if !defined(BROKERWIRE_FUZZ_NS) || !defined(BROKERWIRE_FUZZ_TYPE)
#error "define BROKERWIRE_FUZZ_NS (v1 or v2) and BROKERWIRE_FUZZ_TYPE (a message type name)"
#endif

#define BROKERWIRE_FUZZ_PASTE_(a, b) a##b
#define BROKERWIRE_FUZZ_PASTE(a, b) BROKERWIRE_FUZZ_PASTE_(a, b)

namespace {

namespace bw = brokerwire;
using message = bw::BROKERWIRE_FUZZ_NS::BROKERWIRE_FUZZ_TYPE;
using message_view = bw::BROKERWIRE_FUZZ_NS::BROKERWIRE_FUZZ_PASTE(BROKERWIRE_FUZZ_TYPE, _view);

// Fills `m` with whatever the second half of the input decodes to, so that
// the full decode below has stale contents to replace.
void prefill(bw::bytes_view in, message& m) {
    const std::size_t half = in.size() / 2;
    (void)decode(bw::bytes_view(in.data() + half, in.size() - half), m);
}

void check_encodings(const message& m) {
    const std::vector<std::uint8_t> bytes = encode(m);
    BROKERWIRE_FUZZ_CHECK(encoded_size(m) == bytes.size());

    // docs/contract.md, "Encoding": size first, then write into the caller's
    // buffer. One guard byte past the end catches a write beyond `capacity`.
    constexpr std::uint8_t guard = 0xA5;
    std::vector<std::uint8_t> buffer(bytes.size() + 1, guard);
    if (!bytes.empty()) {
        BROKERWIRE_FUZZ_CHECK(encode(m, buffer.data(), bytes.size() - 1) == 0);
        for (std::uint8_t b : buffer) BROKERWIRE_FUZZ_CHECK(b == guard);
    }
    BROKERWIRE_FUZZ_CHECK(encode(m, buffer.data(), bytes.size()) == bytes.size());
    BROKERWIRE_FUZZ_CHECK(bytes.empty() || std::memcmp(buffer.data(), bytes.data(), bytes.size()) == 0);
    BROKERWIRE_FUZZ_CHECK(buffer[bytes.size()] == guard);

    // Round trip: same value (unknown fields survive), then same bytes.
    message again;
    const bw::status s = decode(bw::bytes_view(bytes), again);
    BROKERWIRE_FUZZ_CHECK(s.ok());
    BROKERWIRE_FUZZ_CHECK(again == m);
    BROKERWIRE_FUZZ_CHECK(again.unknown_fields == m.unknown_fields);
    BROKERWIRE_FUZZ_CHECK(encode(again) == bytes);
}

void check_json(const message& stripped) {
    std::string text;
    bw::json::writer w(text);
    to_json(stripped, w);
    bw::json::value document;
    const bw::json::parse_error parsed = bw::json::parse(text, document);
    BROKERWIRE_FUZZ_CHECK(parsed.ok());
    message back;
    const bw::json::mapping_error mapped = from_json(document, back);
    BROKERWIRE_FUZZ_CHECK(mapped.ok());
    BROKERWIRE_FUZZ_CHECK(back == stripped);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bw::bytes_view in(data, size);

    message m;
    const bw::status s = decode(in, m);
    message_view v;
    const bw::status vs = decode(in, v);
    BROKERWIRE_FUZZ_CHECK(vs == s);
    BROKERWIRE_FUZZ_CHECK(s.offset <= size);

    message reused;
    prefill(in, reused);
    const bw::status rs = decode(in, reused);
    BROKERWIRE_FUZZ_CHECK(rs == s);
    message_view reused_view;
    (void)decode(bw::bytes_view(data, size / 2), reused_view);
    BROKERWIRE_FUZZ_CHECK(decode(in, reused_view) == vs);
    if (!s.ok()) return 0;
    BROKERWIRE_FUZZ_CHECK(reused == m);

    check_encodings(m);

    bw::fuzz::view_strings(v, [&](std::string_view str) {
        BROKERWIRE_FUZZ_CHECK(bw::fuzz::points_into(str, data, size));
    });
    message stripped = m;
    bw::fuzz::strip_unknown(stripped);
    BROKERWIRE_FUZZ_CHECK(to_message(v) == stripped);
    BROKERWIRE_FUZZ_CHECK(to_message(reused_view) == stripped);

    check_json(stripped);
    return 0;
}
