// The endpoint probe payload layout (see probe_payload.hpp).
#include "brokerwire/broker/probe_payload.hpp"

#include "brokerwire/wire/cursor.hpp"

namespace brokerwire::broker {

bool split_probe_response(bytes_view payload, probe_response_parts& out) noexcept {
    if (payload.size() < probe_nonce_bytes) return false;
    const std::string_view all = payload.as_chars();
    out.nonce = all.substr(0, probe_nonce_bytes);
    out.identity_bytes = bytes_view(all.substr(probe_nonce_bytes));
    return true;
}

legacy_trailer read_legacy_trailer(bytes_view identity_bytes) noexcept {
    legacy_trailer found;
    wire::cursor c(identity_bytes);
    while (c.before(c.end())) {
        const std::uint32_t k = c.key();
        if (c.failed()) break;
        const std::size_t at = c.offset_of(c.key_start());
        if (wire::key_field(k) != legacy_sha256_field) {
            c.skip(k, wire::recursion_budget, nullptr);
            continue;
        }
        if (wire::key_wire_type(k) != wire::wire_type::length_delimited) {
            return legacy_trailer{legacy_trailer_state::not_delimited, {}, 0, at};
        }
        const std::string_view digest = c.bytes(legacy_sha256_field);
        if (c.failed()) break;
        if (digest.size() != sha256_digest_bytes) {
            return legacy_trailer{legacy_trailer_state::wrong_length, {}, digest.size(), at};
        }
        found = legacy_trailer{legacy_trailer_state::present, digest, digest.size(), at};
    }
    if (c.failed()) {
        const std::size_t at = c.offset_of(c.key_start());
        return legacy_trailer{legacy_trailer_state::unreadable, {}, 0, at};
    }
    return found;
}

}  // namespace brokerwire::broker
