// proto3 JSON integer and boolean conversions.
//
// proto3 JSON accepts an integer field as a JSON number or as a string
// holding one, and accepts exponent or fraction notation when the value is
// still exactly an integer (protobuf's JSON parser, Go protojson). The value
// is computed exactly from the decimal digits, never through a double, so
// 18446744073709551615 and 9007199254740993 keep every digit.

#include <brokerwire/json/numbers.hpp>

#include <limits>
#include <string_view>

#include "ascii_digit.hpp"

namespace brokerwire::json {

namespace {

// The parts of a number that matches RFC 8259 section 6 exactly.
struct number_parts {
    bool negative = false;
    std::string_view integer;   // digits before '.', no leading zeros
    std::string_view fraction;  // digits after '.', possibly empty
    long long exponent = 0;     // saturated at +-exponent_cap
};

// Larger exponents behave alike (the value is 0, fractional, or too large);
// capping keeps the arithmetic below from overflowing.
constexpr long long exponent_cap = 1'000'000'000;

std::string_view take_digits(std::string_view s, std::size_t& i) noexcept {
    const std::size_t start = i;
    while (i < s.size() && detail::is_digit(s[i])) ++i;
    return s.substr(start, i - start);
}

// Splits `s` when it is exactly a JSON number; false otherwise (strings
// handed to the integer conversions get the same strict grammar).
bool split_number(std::string_view s, number_parts& p) noexcept {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') {
        p.negative = true;
        ++i;
    }
    p.integer = take_digits(s, i);
    if (p.integer.empty() || (p.integer.size() > 1 && p.integer[0] == '0')) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        p.fraction = take_digits(s, i);
        if (p.fraction.empty()) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool negative_exponent = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
        const std::string_view digits = take_digits(s, i);
        if (digits.empty()) return false;
        for (char d : digits) {
            p.exponent = p.exponent * 10 + (d - '0');
            if (p.exponent > exponent_cap) p.exponent = exponent_cap;
        }
        if (negative_exponent) p.exponent = -p.exponent;
    }
    return i == s.size();
}

// The magnitude of an integral number that fits in 64 bits; false when the
// value has a non-zero fractional part or exceeds 2^64 - 1.
bool exact_magnitude(const number_parts& p, std::uint64_t& magnitude) noexcept {
    // View the digits as one sequence d[0..n) where d[k] has weight
    // 10^(integer.size() - 1 - k + exponent).
    const std::size_t n = p.integer.size() + p.fraction.size();
    auto digit = [&](std::size_t k) {
        return k < p.integer.size() ? p.integer[k] : p.fraction[k - p.integer.size()];
    };
    std::size_t first = 0;
    while (first < n && digit(first) == '0') ++first;
    if (first == n) {
        magnitude = 0;  // 0, -0, 0.000, 0e999
        return true;
    }
    std::size_t last = n - 1;
    while (digit(last) == '0') --last;
    const long long top = static_cast<long long>(p.integer.size()) - 1 + p.exponent;
    const long long weight_of_first = top - static_cast<long long>(first);
    const long long weight_of_last = top - static_cast<long long>(last);
    if (weight_of_last < 0) return false;   // a non-zero digit after the point
    if (weight_of_first > 19) return false;  // >= 10^20 > 2^64 - 1
    constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t m = 0;
    for (std::size_t k = first; k <= last; ++k) {
        const auto d = static_cast<std::uint64_t>(digit(k) - '0');
        if (m > (max - d) / 10) return false;
        m = m * 10 + d;
    }
    for (long long z = 0; z < weight_of_last; ++z) {
        if (m > max / 10) return false;
        m *= 10;
    }
    magnitude = m;
    return true;
}

// The sign and magnitude of `v` when it is an integral number, or a string
// holding one, that fits in 64 bits of magnitude.
bool integer_of(const value& v, bool& negative, std::uint64_t& magnitude) noexcept {
    if (v.type != value::kind::number && v.type != value::kind::string) return false;
    number_parts p;
    if (!split_number(v.text, p) || !exact_magnitude(p, magnitude)) return false;
    negative = p.negative && magnitude != 0;  // -0 is 0
    return true;
}

// Signed conversion: -(2^63) .. 2^63 - 1, narrowed to `Int`'s range.
template <class Int>
bool to_signed(const value& v, Int& out) noexcept {
    bool negative = false;
    std::uint64_t m = 0;
    if (!integer_of(v, negative, m)) return false;
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<Int>::max());
    if (!negative) {
        if (m > max) return false;
        out = static_cast<Int>(m);
        return true;
    }
    if (m > max + 1) return false;
    // -(max + 1) is representable; compute it without overflowing.
    out = static_cast<Int>(-static_cast<Int>(m - 1) - 1);
    return true;
}

template <class Int>
bool to_unsigned(const value& v, Int& out) noexcept {
    bool negative = false;
    std::uint64_t m = 0;
    if (!integer_of(v, negative, m) || negative) return false;
    if (m > std::numeric_limits<Int>::max()) return false;
    out = static_cast<Int>(m);
    return true;
}

}  // namespace

bool to_uint32(const value& v, std::uint32_t& out) noexcept { return to_unsigned(v, out); }
bool to_int32(const value& v, std::int32_t& out) noexcept { return to_signed(v, out); }
bool to_uint64(const value& v, std::uint64_t& out) noexcept { return to_unsigned(v, out); }
bool to_int64(const value& v, std::int64_t& out) noexcept { return to_signed(v, out); }

bool to_bool(const value& v, bool& out) noexcept {
    if (v.type != value::kind::boolean) return false;
    out = v.boolean;
    return true;
}

}  // namespace brokerwire::json
