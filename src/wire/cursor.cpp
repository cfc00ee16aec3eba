#include "brokerwire/wire/cursor.hpp"

namespace brokerwire::wire {

namespace {

// The length of the varint at `start`, read within `count` bytes, with its
// value; 0 when it does not end there or overflows 64 bits (prost: a tenth
// byte above 0x01). Inlined twice below: with a constant count of 10 the
// compiler drops the per-byte bounds check (the protozero and upb fast path).
[[gnu::always_inline]] inline std::size_t parse_varint(const std::uint8_t* start, std::size_t count,
                                                       std::uint64_t& value) noexcept {
    value = 0;
    for (std::size_t i = 0; i < count && i < 10; ++i) {
        const std::uint8_t b = start[i];
        value |= static_cast<std::uint64_t>(b & 0x7Fu) << (7 * i);
        if (b < 0x80) return i == 9 && b > 1 ? 0 : i + 1;
    }
    return 0;
}

}  // namespace

// Out of line: multi-byte varints are rarer than one-byte ones in keys and
// small numbers, and errors are rarer still.
[[gnu::noinline]] std::uint64_t cursor::varint_slow(std::uint32_t field) noexcept {
    const std::uint8_t* const start = p_;
    const std::size_t available = static_cast<std::size_t>(end_ - p_);
    std::uint64_t value = 0;
    const std::size_t length = available >= 10 ? parse_varint(start, 10, value) : parse_varint(start, available, value);
    if (length == 0) {
        fail(errc::invalid_varint, field, start);
        return 0;
    }
    p_ = start + length;
    return value;
}

[[gnu::noinline]] std::uint32_t cursor::key_slow() noexcept {
    const std::uint8_t* const start = p_;
    const std::uint64_t k = varint(0);
    if (failed()) return 0;
    if (k > 0xFFFFFFFFull) {
        fail(errc::invalid_key, 0, start);
        return 0;
    }
    const auto key32 = static_cast<std::uint32_t>(k);
    if ((key32 & 7u) >= 6) {
        fail(errc::invalid_wire_type, key_field(key32), start);
        return 0;
    }
    if (key_field(key32) == 0) {
        fail(errc::invalid_tag, 0, start);
        return 0;
    }
    return key32;
}

[[gnu::noinline]] std::size_t cursor::delimited_length_slow(std::uint32_t field) noexcept {
    const std::uint8_t* const start = p_;
    const std::uint64_t length = varint(field);
    // Checked against the bytes actually present before anything is done with it.
    if (BROKERWIRE_UNLIKELY(length > static_cast<std::uint64_t>(end_ - p_))) {
        if (!failed()) fail(errc::buffer_underflow, field, start);
        return 0;
    }
    return static_cast<std::size_t>(length);
}

const std::uint8_t* cursor::enter(std::uint32_t field, int budget) noexcept {
    if (budget <= 0) {
        fail(errc::recursion_limit, field, key_start_);
        return nullptr;
    }
    const std::size_t length = delimited_length(field);
    if (failed()) return nullptr;
    return p_ + length;
}

void cursor::report_utf8(std::uint32_t field, const std::uint8_t* data, std::size_t size) noexcept {
    fail(errc::invalid_utf8, field, data + utf8_valid_prefix(data, size));
}

void cursor::skip_and_keep(std::uint32_t k, int budget, std::string& keep) noexcept {
    const std::uint8_t* const start = key_start_;
    skip_value(k, budget);
    if (!failed()) keep.append(reinterpret_cast<const char*>(start), static_cast<std::size_t>(p_ - start));
}

// prost's skip_field: the budget is checked before every value, and each
// field inside a group is skipped with one unit less.
void cursor::skip_value(std::uint32_t k, int budget) noexcept {
    const std::uint32_t field = key_field(k);
    if (budget <= 0) {
        fail(errc::recursion_limit, field, key_start_);
        return;
    }
    std::size_t length = 0;
    switch (key_wire_type(k)) {
        case wire_type::varint:
            varint(field);
            return;
        case wire_type::fixed64:
            length = 8;
            break;
        case wire_type::fixed32:
            length = 4;
            break;
        case wire_type::length_delimited:
            bytes(field);
            return;
        case wire_type::start_group:
            while (!failed()) {
                const std::uint32_t inner = key();
                if (inner == 0) return;
                if (key_wire_type(inner) == wire_type::end_group) {
                    if (key_field(inner) != field) fail(errc::unexpected_end_group, key_field(inner), key_start_);
                    return;
                }
                skip_value(inner, budget - 1);
            }
            return;
        case wire_type::end_group:
            fail(errc::unexpected_end_group, field, key_start_);
            return;
    }
    if (length > static_cast<std::size_t>(end_ - p_)) {
        fail(errc::buffer_underflow, field, p_);
        return;
    }
    p_ += length;
}

}  // namespace brokerwire::wire
