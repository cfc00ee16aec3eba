// Schema-less parsing of any protobuf message into a tree of fields with byte
// offsets, for `brokerwire decode-raw` (what `protoc --decode_raw` shows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::tool {

// How a field's value was read. Length-delimited values are guessed as
// protoc does: a message when the bytes parse completely as one, else a
// string when they look like text, else bytes.
enum class raw_shape : std::uint8_t { varint, fixed64, fixed32, message, string, bytes, group };

struct raw_field;
using raw_fields = std::vector<raw_field>;

struct raw_field {
    std::size_t offset = 0;  // of the key, from the start of the input
    std::uint32_t number = 0;
    raw_shape shape = raw_shape::varint;
    std::uint64_t value = 0;  // varint, fixed32 or fixed64: the bits as read
    // Length-delimited contents: a view into the parsed input, which must
    // outlive this field.
    std::string_view data;
    raw_fields children;  // message or group
    // message: the offset just past its last byte; group: the offset of its
    // END_GROUP key, when `closed`.
    std::size_t end = 0;
    bool closed = true;  // false for a group the input broke off inside
};

// The wire type a shape was read from (0-5).
int wire_type_of(raw_shape shape) noexcept;

// Why the input is malformed, and the byte offset where; empty when it is not.
struct raw_error {
    std::string reason;
    std::size_t offset = 0;

    bool ok() const noexcept { return reason.empty(); }
};

struct raw_message {
    raw_fields fields;  // on error: everything read before it
    raw_error error;
};

// Parses `input` as one message without a schema. The top level must parse
// completely (groups balanced, at most 100 messages and groups nested); a
// length-delimited value that does not parse is kept as string or bytes.
// The result holds views into `input`.
raw_message parse_raw(bytes_view input);

}  // namespace brokerwire::tool
