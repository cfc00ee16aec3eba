// A borrowed byte range: the input of every decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brokerwire {

// A non-owning view of bytes. It lives exactly as long as the storage it was
// made from; nothing in brokerwire keeps one past the call it was passed to,
// except the *_view message types, which say so.
class bytes_view {
public:
    constexpr bytes_view() noexcept = default;
    constexpr bytes_view(const std::uint8_t* data, std::size_t size) noexcept
        : data_(data), size_(size) {}
    bytes_view(std::string_view s) noexcept
        : data_(reinterpret_cast<const std::uint8_t*>(s.data())), size_(s.size()) {}
    bytes_view(const std::string& s) noexcept : bytes_view(std::string_view(s)) {}
    bytes_view(const std::vector<std::uint8_t>& v) noexcept : data_(v.data()), size_(v.size()) {}

    constexpr const std::uint8_t* data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const std::uint8_t* begin() const noexcept { return data_; }
    constexpr const std::uint8_t* end() const noexcept { return data_ + size_; }
    constexpr std::uint8_t operator[](std::size_t i) const noexcept { return data_[i]; }

    std::string_view as_chars() const noexcept {
        return {reinterpret_cast<const char*>(data_), size_};
    }

private:
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace brokerwire
