// A bounded reader over one input buffer, with a sticky error.
//
// Decoders read keys and values through a cursor. The first error is kept
// (code, offset, field) and moves the read position to the end of the input,
// so every enclosing loop stops on its next bounds test and the error is
// checked once per message instead of once per field.
//
// Nested messages follow prost exactly: their fields are read against the
// whole input, and only when the nested loop ends is the position compared
// with the nested message's declared end ("delimited length exceeded").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "brokerwire/config.hpp"
#include "brokerwire/wire/bytes.hpp"
#include "brokerwire/wire/error.hpp"
#include "brokerwire/wire/key.hpp"
#include "brokerwire/wire/utf8.hpp"

namespace brokerwire::wire {

// prost's RECURSION_LIMIT: nested messages, map entries and groups together.
inline constexpr int recursion_budget = 100;

class cursor {
public:
    explicit cursor(bytes_view in) noexcept
        : base_(in.data()), p_(in.data()), end_(in.data() + in.size()) {}

    const std::uint8_t* position() const noexcept { return p_; }
    const std::uint8_t* end() const noexcept { return end_; }
    std::size_t offset_of(const std::uint8_t* at) const noexcept {
        return static_cast<std::size_t>(at - base_);
    }
    bool before(const std::uint8_t* limit) const noexcept { return p_ < limit; }
    bool failed() const noexcept { return error_.code != errc::ok; }
    status result() const noexcept { return error_; }

    // Reads a field key and validates it as prost's decode_key does (key below
    // 2^32, wire type not 6 or 7, field number not 0). Returns 0 on error.
    std::uint32_t key() noexcept {
        key_start_ = p_;
        if (BROKERWIRE_LIKELY(p_ < end_)) {
            const std::uint8_t b = *p_;
            // One-byte keys of fields 1..15 with a valid wire type.
            if (b < 0x80 && b >= 8 && (b & 7u) < 6) {
                ++p_;
                return b;
            }
        }
        return key_slow();
    }

    // Where the last key started: the offset reported for wire-type errors,
    // and the first byte of an unknown field kept for re-encoding.
    const std::uint8_t* key_start() const noexcept { return key_start_; }

    std::uint64_t varint(std::uint32_t field) noexcept {
        if (BROKERWIRE_LIKELY(p_ < end_ && *p_ < 0x80)) return *p_++;
        return varint_slow(field);
    }

    // prost keeps the low 32 bits of a varint for uint32, int32 and enums.
    std::uint32_t uint32(std::uint32_t field) noexcept {
        return static_cast<std::uint32_t>(varint(field));
    }
    std::int32_t int32(std::uint32_t field) noexcept {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(varint(field)));
    }
    bool boolean(std::uint32_t field) noexcept { return varint(field) != 0; }

    // A length-delimited value as raw bytes (a `bytes` field).
    std::string_view bytes(std::uint32_t field) noexcept {
        const std::size_t length = delimited_length(field);
        const char* data = reinterpret_cast<const char*>(p_);
        p_ += length;
        return {data, length};
    }

    // A length-delimited value that must be UTF-8 (a `string` field).
    std::string_view string(std::uint32_t field) noexcept {
        const std::string_view s = bytes(field);
        const auto* data = reinterpret_cast<const std::uint8_t*>(s.data());
        if (BROKERWIRE_UNLIKELY(!is_valid_utf8(data, s.size()))) {
            report_utf8(field, data, s.size());
            return {};
        }
        return s;
    }

    // Starts a nested message (or map entry) of `field`: checks the budget
    // and the length, and returns the nested message's end, or nullptr.
    const std::uint8_t* enter(std::uint32_t field, int budget) noexcept;

    // Ends a nested message: the fields must have stopped exactly at `limit`.
    bool leave(const std::uint8_t* limit, std::uint32_t field) noexcept {
        if (BROKERWIRE_LIKELY(p_ == limit)) return true;
        if (!failed()) fail(errc::delimited_length_exceeded, field, limit);
        return false;
    }

    // A known field arrived with the wrong wire type (prost's check_wire_type).
    void wrong_wire_type(std::uint32_t k) noexcept {
        fail(errc::unexpected_wire_type, key_field(k), key_start_);
    }

    // Skips the value of an unknown field whose key was just read, appending
    // the key and value to `keep` when it is not null. Inline, so that the
    // views, which pass nullptr, link no std::string code (no heap).
    void skip(std::uint32_t k, int budget, std::string* keep) noexcept {
        if (keep == nullptr) skip_value(k, budget);
        else skip_and_keep(k, budget, *keep);
    }

    // Records an error unless one is already kept, and stops all reading.
    void fail(errc code, std::uint32_t field, const std::uint8_t* at) noexcept {
        if (!failed()) error_ = status{code, field, offset_of(at)};
        p_ = end_;
    }

private:
    // The length prefix of a length-delimited value, checked against the
    // bytes present. One-byte lengths that fit stay inline.
    std::size_t delimited_length(std::uint32_t field) noexcept {
        if (BROKERWIRE_LIKELY(p_ < end_)) {
            const std::size_t length = *p_;
            if (length < 0x80 && length < static_cast<std::size_t>(end_ - p_)) {
                ++p_;
                return length;
            }
        }
        return delimited_length_slow(field);
    }

    std::uint32_t key_slow() noexcept;
    std::uint64_t varint_slow(std::uint32_t field) noexcept;
    std::size_t delimited_length_slow(std::uint32_t field) noexcept;
    void skip_value(std::uint32_t k, int budget) noexcept;
    void skip_and_keep(std::uint32_t k, int budget, std::string& keep) noexcept;
    void report_utf8(std::uint32_t field, const std::uint8_t* data, std::size_t size) noexcept;

    const std::uint8_t* base_;
    const std::uint8_t* p_;
    const std::uint8_t* end_;
    const std::uint8_t* key_start_ = nullptr;
    status error_{};
};

}  // namespace brokerwire::wire
