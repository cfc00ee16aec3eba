// What the registry knows about one backend: untracked, pending or bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace brokerwire {

// The three states of docs/contract.md, "Registry". `untracked` is also
// what an empty table slot holds, so it must stay the zero value.
enum class backend_kind : std::uint8_t {
    untracked = 0,  // the registry has never heard of the id, or it was untracked
    pending = 1,    // tracked, its HTTP server has not reported a port yet
    bound = 2,      // its HTTP server listens on port()
};

// A small value type (4 bytes): a kind, and a port that is meaningful only
// when the kind is `bound` (it is always 0 otherwise, so == compares values).
class backend_state {
public:
    // Untracked.
    constexpr backend_state() noexcept = default;

    static constexpr backend_state untracked() noexcept { return {}; }
    static constexpr backend_state pending() noexcept {
        return backend_state(backend_kind::pending, 0);
    }
    static constexpr backend_state bound(std::uint16_t port) noexcept {
        return backend_state(backend_kind::bound, port);
    }

    constexpr backend_kind kind() const noexcept { return kind_; }
    constexpr bool is_tracked() const noexcept { return kind_ != backend_kind::untracked; }
    constexpr bool is_pending() const noexcept { return kind_ == backend_kind::pending; }
    constexpr bool is_bound() const noexcept { return kind_ == backend_kind::bound; }

    // The port when bound, nothing when pending or untracked (upstream's
    // lookup semantics, http_endpoint_registry.rs).
    constexpr std::optional<std::uint16_t> port() const noexcept {
        if (kind_ == backend_kind::bound) return port_;
        return std::nullopt;
    }

    friend constexpr bool operator==(backend_state a, backend_state b) noexcept {
        return a.kind_ == b.kind_ && a.port_ == b.port_;
    }
    friend constexpr bool operator!=(backend_state a, backend_state b) noexcept { return !(a == b); }

private:
    constexpr backend_state(backend_kind kind, std::uint16_t port) noexcept
        : port_(port), kind_(kind) {}

    std::uint16_t port_ = 0;
    backend_kind kind_ = backend_kind::untracked;
};

// "untracked", "pending" or "bound(8765)".
std::string to_string(backend_state state);

}  // namespace brokerwire
