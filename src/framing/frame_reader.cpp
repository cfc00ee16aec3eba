// The incremental frame reader: a two-state machine (header, body) that
// copies only what straddles a chunk boundary.
#include "brokerwire/framing/frame_reader.hpp"

#include <algorithm>
#include <cstring>

namespace brokerwire::framing {
namespace {

// A gathered body buffer larger than this is freed once its frame has been
// delivered, so an idle connection does not keep a 16 MiB buffer alive.
constexpr std::size_t kept_capacity = 64 * 1024;

}  // namespace

bool frame_reader::pull(const std::uint8_t*& data, std::size_t& size, bytes_view& body) {
    if (release_) {
        // The previous body pointed into buffer_; its lifetime ended with this call.
        release_ = false;
        if (buffer_.capacity() > kept_capacity) {
            std::vector<std::uint8_t>().swap(buffer_);
        } else {
            buffer_.clear();
        }
    }
    if (!status_.ok()) {
        data += size;
        size = 0;
        return false;
    }
    if (!in_body_ && !take_header(data, size)) return false;
    return take_body(data, size, body);
}

bool frame_reader::take_header(const std::uint8_t*& data, std::size_t& size) {
    if (head_have_ == 0) frame_start_ = offset_;
    header h;
    if (head_have_ == 0 && size >= header_size) {
        // The whole header is in this chunk: read it in place.
        h = parse_header(data);
        data += header_size;
        size -= header_size;
        offset_ += header_size;
    } else {
        const std::size_t n = std::min(header_size - head_have_, size);
        std::memcpy(head_ + head_have_, data, n);
        head_have_ += n;
        data += n;
        size -= n;
        offset_ += n;
        // A wrong version byte is refused as soon as it arrives, not when the
        // rest of the header finally trickles in.
        if (head_have_ != 0 && head_[0] != framing_version) {
            return fail(frame_errc::wrong_version, head_[0]);
        }
        if (head_have_ < header_size) return false;
        head_have_ = 0;
        h = parse_header(head_);
    }
    if (h.version != framing_version) return fail(frame_errc::wrong_version, h.version);
    // docs/contract.md, "Framing": the cap is checked before any body
    // memory is reserved.
    if (h.body_length > cap_) return fail(frame_errc::over_cap, h.body_length);
    body_length_ = h.body_length;
    in_body_ = true;
    return true;
}

bool frame_reader::take_body(const std::uint8_t*& data, std::size_t& size, bytes_view& body) {
    if (buffer_.empty() && size >= body_length_) {
        // The whole body is in this chunk: hand it over without copying.
        body = bytes_view(data, body_length_);
        data += body_length_;
        size -= body_length_;
        offset_ += body_length_;
        in_body_ = false;
        return true;
    }
    const std::size_t n = std::min(static_cast<std::size_t>(body_length_) - buffer_.size(), size);
    append(data, n);
    data += n;
    size -= n;
    offset_ += n;
    if (buffer_.size() < body_length_) return false;
    body = bytes_view(buffer_.data(), buffer_.size());
    in_body_ = false;
    release_ = true;
    return true;
}

void frame_reader::append(const std::uint8_t* data, std::size_t n) {
    const std::size_t need = buffer_.size() + n;
    if (need > buffer_.capacity()) {
        // Geometric growth, but never past the body's own length: the buffer
        // stays within header + cap whatever the chunking.
        const std::size_t grown = std::max(need, buffer_.capacity() * 2);
        buffer_.reserve(std::min(grown, static_cast<std::size_t>(body_length_)));
    }
    buffer_.insert(buffer_.end(), data, data + n);
}

bool frame_reader::fail(frame_errc code, std::uint64_t value) {
    status_ = {code, frame_start_, value};
    return false;
}

frame_status frame_reader::finish() noexcept {
    if (!status_.ok()) return status_;
    if (head_have_ != 0) {
        status_ = {frame_errc::truncated, frame_start_, head_have_};
        return status_;
    }
    if (in_body_) {
        status_ = {frame_errc::truncated, frame_start_, header_size + buffer_.size()};
        return status_;
    }
    return {frame_errc::end_of_stream, offset_, 0};
}

}  // namespace brokerwire::framing
