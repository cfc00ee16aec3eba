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

// Replaces a string's contents. clear() + append() keeps the buffer and is
// lighter than assign()'s general replace when the text fits.
inline void assign(std::string& s, std::string_view value) {
    s.clear();
    s.append(value.data(), value.size());
}

// Repeated fields of a message decoded again reuse the elements (and their
// heap buffers) left from the previous decode; `used` counts how many are
// live, and the vector is trimmed to it when the message ends.
inline void append(std::vector<std::string>& v, std::size_t& used, std::string_view s) {
    if (used < v.size()) {
        assign(v[used], s);
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

using string_map = std::map<std::string, std::string>;

// The nodes of a map decoded afresh, kept for the new entries so that a
// message decoded again does not free and reallocate every entry (node, key
// and value buffers). Up to `capacity` nodes are kept; the rest are freed.
class string_map_nodes {
public:
    void take(string_map& map) {
        while (count_ < capacity && !map.empty()) nodes_[count_++] = map.extract(map.begin());
        map.clear();
    }

    // Stores `value` under `key`, in a recycled node when one is left.
    void store(string_map& map, std::string_view key, std::string_view value) {
        if (next_ == count_) {
            map[std::string(key)].assign(value.data(), value.size());
            return;
        }
        string_map::node_type& node = nodes_[next_++];
        assign(node.key(), key);
        assign(node.mapped(), value);
        auto inserted = map.insert(std::move(node));
        if (!inserted.inserted) inserted.position->second.assign(value.data(), value.size());
    }

private:
    static constexpr std::size_t capacity = 16;
    string_map::node_type nodes_[capacity];
    std::size_t count_ = 0;
    std::size_t next_ = 0;
};

// One map<string, string> entry of `field`: prost's map rules (a missing key
// or value is "", the last entry for a key wins, unknown entry fields skipped).
void decode_string_map_entry(wire::cursor& c, string_map& map, string_map_nodes& nodes,
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
