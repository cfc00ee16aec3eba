// Pieces the generated codecs share: element reuse, map entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "brokerwire/messages/view_support.hpp"
#include "brokerwire/wire/cursor.hpp"
#include "brokerwire/wire/writer.hpp"

namespace brokerwire::detail {

// Repeated fields of a message decoded again reuse the elements (and their
// heap buffers) left from the previous decode; `used` counts how many are
// live, and the vector is trimmed to it when the message ends.
inline void append(std::vector<std::string>& v, std::size_t& used, std::string_view s) {
    if (used < v.size()) {
        v[used].assign(s.data(), s.size());
    } else {
        v.emplace_back(s);
    }
    ++used;
}

template <typename T>
T& next(std::vector<T>& v, std::size_t& used) {
    if (used == v.size()) v.emplace_back();
    return v[used++];
}

// One map<string, string> entry of `field`: prost's map rules (a missing key
// or value is "", the last entry for a key wins, unknown entry fields skipped).
void decode_string_map_entry(wire::cursor& c, std::map<std::string, std::string>& map,
                             std::uint32_t field, int budget);
// The same checks without storing anything, for views.
void check_string_map_entry(wire::cursor& c, std::uint32_t field, int budget) noexcept;

// prost leaves an empty key or value out of the entry.
inline std::size_t string_map_entry_size(const std::string& key, const std::string& value) noexcept {
    return (key.empty() ? 0 : wire::delimited_size(1, key.size())) +
           (value.empty() ? 0 : wire::delimited_size(2, value.size()));
}

inline std::uint8_t* write_string_map_entry(std::uint8_t* p, std::uint32_t field, const std::string& key,
                                            const std::string& value) noexcept {
    p = wire::write_delimited_header(p, field, string_map_entry_size(key, value));
    if (!key.empty()) p = wire::write_bytes_field(p, 1, key);
    if (!value.empty()) p = wire::write_bytes_field(p, 2, value);
    return p;
}

}  // namespace brokerwire::detail
