// Harness for the JSON side of the tool (`brokerwire encode`): arbitrary
// text through the JSON reader and, when it parses, through the proto3
// JSON mapping of every message type in the catalog.
//
// Invariants: a parse error points inside the text (1-based line and
// column); whatever a type accepts encodes to bytes that the same type
// decodes and prints as canonical JSON; that canonical JSON parses, maps to
// the same bytes, and prints identically again (JSON -> message -> JSON ->
// message is stable).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brokerwire/json/reader.hpp"
#include "brokerwire/json/value.hpp"
#include "brokerwire/messages/catalog.hpp"
#include "fuzz_check.hpp"

namespace {

namespace bw = brokerwire;

void check_type(const bw::message_type& type, const bw::json::value& document) {
    std::vector<std::uint8_t> bytes;
    const bw::json::mapping_error mapped = type.from_json(document, bytes);
    if (!mapped.ok()) {
        BROKERWIRE_FUZZ_CHECK(!bw::json::to_string(mapped).empty());
        return;
    }
    std::string canonical;
    BROKERWIRE_FUZZ_CHECK(type.to_json(bw::bytes_view(bytes), canonical).ok());

    bw::json::value reparsed;
    BROKERWIRE_FUZZ_CHECK(bw::json::parse(canonical, reparsed).ok());
    std::vector<std::uint8_t> again;
    BROKERWIRE_FUZZ_CHECK(type.from_json(reparsed, again).ok());
    BROKERWIRE_FUZZ_CHECK(again == bytes);
    std::string canonical_again;
    BROKERWIRE_FUZZ_CHECK(type.to_json(bw::bytes_view(again), canonical_again).ok());
    BROKERWIRE_FUZZ_CHECK(canonical_again == canonical);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    bw::json::value document;
    const bw::json::parse_error parsed = bw::json::parse(text, document);
    if (!parsed.ok()) {
        BROKERWIRE_FUZZ_CHECK(parsed.offset <= size);
        BROKERWIRE_FUZZ_CHECK(parsed.line >= 1 && parsed.column >= 1);
        BROKERWIRE_FUZZ_CHECK(document.is_null());
        return 0;
    }
    for (const bw::message_type* t = bw::message_types_begin(); t != bw::message_types_end(); ++t) {
        check_type(*t, document);
    }
    return 0;
}
