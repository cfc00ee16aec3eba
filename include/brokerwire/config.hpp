// What brokerwire asks of the compiler, in one place: branch hints, a count
// of leading zeros and the host's byte order. GCC and clang get their
// builtins; any other C++17 compiler gets portable equivalents, so the
// public headers never require a GNU extension.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__GNUC__) || defined(__clang__)
#define BROKERWIRE_LIKELY(x) __builtin_expect(!!(x), 1)
#define BROKERWIRE_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define BROKERWIRE_LIKELY(x) (x)
#define BROKERWIRE_UNLIKELY(x) (x)
#endif

namespace brokerwire::config {

// Leading zero bits of a non-zero `v`.
constexpr unsigned countl_zero_nonzero(std::uint64_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_clzll(v));
#else
    unsigned n = 0;
    for (std::uint64_t bit = std::uint64_t{1} << 63; (v & bit) == 0; bit >>= 1) ++n;
    return n;
#endif
}

// Byte order is a fact of the target, known when the compiler runs. The wire
// format is little-endian; only code that loads several bytes as one integer
// needs to know (the registry's key words and hash).
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && defined(__ORDER_BIG_ENDIAN__)
inline constexpr bool little_endian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
static_assert(little_endian || __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
              "brokerwire supports little- and big-endian targets, not mixed byte orders");
#elif defined(_WIN32) || defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86) || \
    defined(__aarch64__) || defined(_M_ARM64)
inline constexpr bool little_endian = true;
#else
#error "brokerwire cannot tell this target's byte order: define __BYTE_ORDER__"
#endif

constexpr std::uint32_t byte_swap(std::uint32_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_bswap32(v);
#else
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
#endif
}

constexpr std::uint64_t byte_swap(std::uint64_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_bswap64(v);
#else
    return (static_cast<std::uint64_t>(byte_swap(static_cast<std::uint32_t>(v))) << 32) |
           byte_swap(static_cast<std::uint32_t>(v >> 32));
#endif
}

// A value read from memory in native order, turned into the value its bytes
// spell in little-endian order (and back): a no-op on little-endian targets.
template <class T>
constexpr T from_little_endian(T native) noexcept {
    if constexpr (little_endian) return native;
    else return byte_swap(native);
}

// The line size false sharing is measured in. Written out per target because
// std::hardware_destructive_interference_size is unreliable across compilers
// (GCC 12 warns that its value is not part of a stable ABI).
#if defined(__s390x__)
inline constexpr std::size_t cache_line_bytes = 256;
#elif defined(__powerpc64__) || (defined(__aarch64__) && defined(__APPLE__))
inline constexpr std::size_t cache_line_bytes = 128;
#else
inline constexpr std::size_t cache_line_bytes = 64;
#endif
static_assert((cache_line_bytes & (cache_line_bytes - 1)) == 0, "a cache line is a power of two bytes");

}  // namespace brokerwire::config
