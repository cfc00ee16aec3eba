// Reading one request on the broker's HTTP surface, as upstream's
// handle_one reads it (src/broker/broker_http_server.rs), without a socket:
// the event loop feeds whatever bytes arrive and asks whether to answer yet
// and with what.
//
// What upstream does, and so what this does:
// - It reads until the blank line that ends the head ("\r\n\r\n"), or until
//   the client closes its side, and answers in both cases. Bytes after the
//   head (a body, a second request) are never read.
// - It has no size limit and no time limit. It keeps only the request line,
//   and the answer depends only on that line, so this scanner keeps a few
//   bytes of state and nothing else: any amount of input costs no memory.
//   How long to wait for a slow client is the event loop's decision
//   (upstream waits forever, on its one HTTP thread).
// - The route: GET / is the aggregator page, anything else 404. Precisely,
//   as Rust's read_line, starts_with and split_whitespace decide it: the
//   request line (up to and including the first '\n') must be valid UTF-8,
//   begin with the four bytes "GET ", and have as its second
//   whitespace-separated word exactly "/", or no second word at all
//   ("GET \r\n" gets the page). Whitespace is Unicode White_Space, so a
//   no-break space separates words.
// Upstream finds the blank line with a byte-at-a-time look-ahead that
// misses it when the request has no header lines, or a header line of one
// byte; it then answers only when the client closes. Here the first
// "\r\n\r\n" ends the head, which gives the same answer, sooner.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstdint>
#include <string_view>

namespace brokerwire::broker {

enum class http_route : std::uint8_t {
    not_found = 0,        // 404
    aggregator_page = 1,  // GET /
};

// The state of one connection's request. Copyable, a few bytes, no
// allocation, never fails.
class http_request_scan {
public:
    // Takes the next bytes received, in order. Returns head_complete().
    // Bytes after the end of the head are ignored.
    bool feed(std::string_view bytes) noexcept;

    // True once "\r\n\r\n" has been received: answer now.
    bool head_complete() const noexcept { return complete_; }

    // The answer for what was received so far. Meaningful once the head is
    // complete, or once the client has closed its side (upstream answers
    // then too, from what it has).
    http_route route() const noexcept;

private:
    void take_line_byte(std::uint8_t byte) noexcept;
    void take_code_point(char32_t code_point) noexcept;

    enum class word : std::uint8_t { absent, slash, other };

    std::uint32_t last_four_ = 0;      // the last four bytes, oldest highest
    char32_t code_point_ = 0;          // the UTF-8 sequence being decoded
    std::uint8_t continuation_left_ = 0;
    std::uint8_t next_low_ = 0x80;     // the range the next continuation byte must be in
    std::uint8_t next_high_ = 0xBF;
    std::uint8_t prefix_seen_ = 0;     // bytes of "GET " compared, up to 4
    std::uint8_t words_ = 0;           // words begun in the line, counted up to 3
    word second_word_ = word::absent;
    bool prefix_matches_ = true;
    bool in_word_ = false;
    bool line_valid_ = true;
    bool line_done_ = false;
    bool complete_ = false;
};

// What feeding all of `received` to a fresh scan gives.
struct http_request_head {
    bool complete = false;
    http_route route = http_route::not_found;
};
http_request_head scan_http_request(std::string_view received) noexcept;

}  // namespace brokerwire::broker
