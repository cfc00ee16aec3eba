#include "codec_support.hpp"

namespace brokerwire::detail {
namespace {

// Reads the entry of map `field` into `key` and `value`; false on error.
bool read_string_map_entry(wire::cursor& c, std::uint32_t field, int budget, std::string_view& key,
                           std::string_view& value) noexcept {
    const std::uint8_t* const end = c.enter(field, budget);
    if (end == nullptr) return false;
    while (c.before(end)) {
        const std::uint32_t k = c.key();
        switch (k) {
            case wire::key(1, wire::wire_type::length_delimited):
                key = c.string(field);
                break;
            case wire::key(2, wire::wire_type::length_delimited):
                value = c.string(field);
                break;
            case 0:
                break;
            default:
                if (wire::key_field(k) == 1 || wire::key_field(k) == 2) {
                    c.wrong_wire_type(k);
                } else {
                    c.skip(k, budget - 1, nullptr);
                }
        }
    }
    return c.leave(end, field);
}

}  // namespace

void decode_string_map_entry(wire::cursor& c, string_map& map, string_map_nodes& nodes,
                             std::uint32_t field, int budget) {
    std::string_view key;
    std::string_view value;
    if (!read_string_map_entry(c, field, budget, key, value)) return;
    nodes.store(map, key, value);
}

void check_string_map_entry(wire::cursor& c, std::uint32_t field, int budget) noexcept {
    std::string_view key;
    std::string_view value;
    (void)read_string_map_entry(c, field, budget, key, value);
}

string_map_entry view_element<string_map_entry>::from(std::string_view payload) noexcept {
    string_map_entry entry;
    wire::cursor c{bytes_view(payload)};
    while (c.before(c.end())) {
        const std::uint32_t k = c.key();
        if (k == wire::key(1, wire::wire_type::length_delimited)) {
            entry.key = c.bytes(1);
        } else if (k == wire::key(2, wire::wire_type::length_delimited)) {
            entry.value = c.bytes(2);
        } else if (k != 0) {
            c.skip(k, wire::recursion_budget, nullptr);
        }
    }
    return entry;
}

}  // namespace brokerwire::detail
