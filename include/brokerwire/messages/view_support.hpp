// Repeated fields and maps of zero-copy message views.
//
// A view cannot hold a vector without allocating, so a repeated field of a
// view is a range over the message bytes that yields the field's elements as
// it is iterated. The decoder has validated every element before handing the
// view out, so iteration cannot meet an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "brokerwire/wire/cursor.hpp"

namespace brokerwire {

// One map<string, string> entry; a missing key or value is "".
struct string_map_entry {
    std::string_view key;
    std::string_view value;
};

namespace detail {

// A set of field numbers below 64, one bit each: the map fields of a
// message, which the walk reads as length-delimited whatever their wire type
// (prost's map merge does), where it would otherwise skip by the wire type.
using map_fields = std::uint64_t;

// Walks a validated byte range and stops at each payload of one
// length-delimited field. With a nonzero `outer_key`, the range is a parent
// message: the walk enters each occurrence of the outer field (a message
// merged from several occurrences) and yields the inner field inside each.
class field_walk {
public:
    field_walk() noexcept : outer_(bytes_view{}), inner_(bytes_view{}) {}
    field_walk(const std::uint8_t* begin, const std::uint8_t* end, std::uint32_t outer_key, std::uint32_t inner_key,
               map_fields inner_maps, map_fields outer_maps) noexcept
        : outer_(bytes_view(begin, static_cast<std::size_t>(end - begin))),
          inner_(bytes_view{}),
          outer_key_(outer_key),
          inner_key_(inner_key),
          inner_maps_(inner_maps),
          outer_maps_(outer_maps) {
        if (outer_key_ == 0) inner_ = outer_;
    }

    // The next payload, or false at the end of the range.
    bool next(std::string_view& payload) noexcept {
        while (true) {
            if (find(inner_, inner_key_, inner_maps_, payload)) return true;
            if (outer_key_ == 0) return false;
            std::string_view parent;
            if (!find(outer_, outer_key_, outer_maps_, parent)) return false;
            inner_ = wire::cursor(bytes_view(parent));
        }
    }

private:
    static bool find(wire::cursor& c, std::uint32_t key, map_fields maps, std::string_view& payload) noexcept {
        while (c.before(c.end())) {
            const std::uint32_t k = c.key();
            if (k == 0) return false;
            // By field number: in validated bytes every occurrence of the
            // field holds a length-delimited payload, a map entry included
            // when its key names another wire type.
            const std::uint32_t field = wire::key_field(k);
            if (field == wire::key_field(key)) {
                payload = c.bytes(field);
                return !c.failed();
            }
            if (field < 64 && (maps >> field & 1u) != 0) {
                (void)c.bytes(field);
            } else {
                c.skip(k, wire::recursion_budget, nullptr);
            }
        }
        return false;
    }

    wire::cursor outer_;
    wire::cursor inner_;
    std::uint32_t outer_key_ = 0;
    std::uint32_t inner_key_ = 0;
    map_fields inner_maps_ = 0;
    map_fields outer_maps_ = 0;
};

// How a payload becomes an element: strings and bytes are the payload itself;
// messages decode into their view type.
template <typename T>
struct view_element {
    static T from(std::string_view payload) noexcept {
        T element;
        (void)decode(bytes_view(payload), element);
        return element;
    }
};

template <>
struct view_element<std::string_view> {
    static std::string_view from(std::string_view payload) noexcept { return payload; }
};

template <>
struct view_element<string_map_entry> {
    static string_map_entry from(std::string_view payload) noexcept;
};

}  // namespace detail

// The elements of one repeated field, in wire order, decoded as iterated.
// Lives as long as the input the enclosing view was decoded from.
template <typename T>
class repeated_view {
public:
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        iterator() noexcept = default;
        explicit iterator(detail::field_walk walk) noexcept : walk_(walk), done_(false) { advance(); }

        const T& operator*() const noexcept { return current_; }
        const T* operator->() const noexcept { return &current_; }
        iterator& operator++() noexcept {
            advance();
            return *this;
        }
        bool operator==(const iterator& other) const noexcept { return done_ && other.done_; }
        bool operator!=(const iterator& other) const noexcept { return !(*this == other); }

    private:
        void advance() noexcept {
            std::string_view payload;
            done_ = !walk_.next(payload);
            if (!done_) current_ = detail::view_element<T>::from(payload);
        }

        detail::field_walk walk_;
        T current_{};
        bool done_ = true;
    };

    repeated_view() noexcept = default;
    // `inner_maps` are the map fields of the message holding the field,
    // `outer_maps` those of the parent that `outer_key` is a field of.
    repeated_view(const std::uint8_t* begin, const std::uint8_t* end, std::uint32_t outer_key, std::uint32_t inner_key,
                  detail::map_fields inner_maps, detail::map_fields outer_maps = 0) noexcept
        : begin_(begin),
          end_(end),
          outer_key_(outer_key),
          inner_key_(inner_key),
          inner_maps_(inner_maps),
          outer_maps_(outer_maps) {}

    iterator begin() const noexcept {
        return iterator(detail::field_walk(begin_, end_, outer_key_, inner_key_, inner_maps_, outer_maps_));
    }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }

    // Counts the elements: linear in the size of the message.
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }

private:
    const std::uint8_t* begin_ = nullptr;
    const std::uint8_t* end_ = nullptr;
    std::uint32_t outer_key_ = 0;
    std::uint32_t inner_key_ = 0;
    detail::map_fields inner_maps_ = 0;
    detail::map_fields outer_maps_ = 0;
};

// A map<string, string> of a view. Iteration yields entries in wire order,
// superseded duplicates included; find() applies the rule that the last
// entry for a key wins, as to_message() does.
class string_map_view : public repeated_view<string_map_entry> {
public:
    using repeated_view<string_map_entry>::repeated_view;

    // The value stored for `key`, or false when the map has no such key.
    bool find(std::string_view key, std::string_view& value) const noexcept {
        bool found = false;
        for (const string_map_entry& entry : *this) {
            if (entry.key == key) {
                value = entry.value;
                found = true;
            }
        }
        return found;
    }
};

}  // namespace brokerwire
