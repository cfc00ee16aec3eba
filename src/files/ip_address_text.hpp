// Internal: IP addresses in text, spelled as Rust's IpAddr Display spells them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace brokerwire::files::detail {

// `text` parsed as an IPv4 or IPv6 address (inet_pton: IPv4 as four decimal
// octets without leading zeros; IPv6 without brackets or a zone) and written
// back the way Rust displays it. nullopt when it is neither.
std::optional<std::string> canonical_ip_text(std::string_view text);

}  // namespace brokerwire::files::detail
