// The request-head scanner: terminator search plus upstream's routing rule,
// byte by byte.
#include "brokerwire/broker/http_request.hpp"

#include "rust_text.hpp"

namespace brokerwire::broker {
namespace {

constexpr std::uint32_t blank_line = 0x0D0A0D0Au;  // "\r\n\r\n"
constexpr char get_prefix[] = "GET ";

}  // namespace

bool http_request_scan::feed(std::string_view bytes) noexcept {
    for (const char ch : bytes) {
        if (complete_) break;
        const auto byte = static_cast<std::uint8_t>(ch);
        if (!line_done_) take_line_byte(byte);
        last_four_ = (last_four_ << 8) | byte;
        complete_ = last_four_ == blank_line;
    }
    return complete_;
}

http_route http_request_scan::route() const noexcept {
    // A sequence cut short by the end of input is invalid UTF-8 too, which
    // Rust's read_line turns into an empty line: 404.
    const bool valid = line_valid_ && continuation_left_ == 0;
    if (!valid || prefix_seen_ < 4 || !prefix_matches_) return http_route::not_found;
    return second_word_ == word::other ? http_route::not_found : http_route::aggregator_page;
}

// One byte of the request line: the "GET " check, then strict UTF-8
// decoding (Rust rejects the whole line otherwise), then the words.
void http_request_scan::take_line_byte(std::uint8_t byte) noexcept {
    if (prefix_seen_ < 4) {
        prefix_matches_ = prefix_matches_ && byte == static_cast<std::uint8_t>(get_prefix[prefix_seen_]);
        ++prefix_seen_;
    }
    if (byte == '\n') line_done_ = true;
    if (!line_valid_) return;
    if (continuation_left_ > 0) {
        if (byte < next_low_ || byte > next_high_) {
            line_valid_ = false;
            return;
        }
        code_point_ = (code_point_ << 6) | (byte & 0x3Fu);
        next_low_ = 0x80;
        next_high_ = 0xBF;
        if (--continuation_left_ == 0) take_code_point(code_point_);
        return;
    }
    if (byte < 0x80) {
        take_code_point(byte);
        return;
    }
    // The lead byte fixes the length and, for E0/ED/F0/F4, a narrower range
    // for the next byte: that excludes overlong forms, surrogates and code
    // points above U+10FFFF, as Rust's validator does.
    if (byte >= 0xC2 && byte <= 0xDF) {
        continuation_left_ = 1;
        code_point_ = byte & 0x1Fu;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
        continuation_left_ = 2;
        code_point_ = byte & 0x0Fu;
        if (byte == 0xE0) next_low_ = 0xA0;
        if (byte == 0xED) next_high_ = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
        continuation_left_ = 3;
        code_point_ = byte & 0x07u;
        if (byte == 0xF0) next_low_ = 0x90;
        if (byte == 0xF4) next_high_ = 0x8F;
    } else {
        line_valid_ = false;
    }
}

// One character of the request line, for split_whitespace's count of words.
void http_request_scan::take_code_point(char32_t code_point) noexcept {
    if (detail::is_rust_whitespace(code_point)) {
        in_word_ = false;
        return;
    }
    if (!in_word_) {
        in_word_ = true;
        if (words_ < 3) ++words_;
        if (words_ == 2) second_word_ = code_point == U'/' ? word::slash : word::other;
        return;
    }
    if (words_ == 2) second_word_ = word::other;
}

http_request_head scan_http_request(std::string_view received) noexcept {
    http_request_scan scan;
    const bool complete = scan.feed(received);
    return {complete, scan.route()};
}

}  // namespace brokerwire::broker
