// The answer the broker's HTTP surface sends, byte for byte as upstream's
// handle_one and render_aggregator_page build it
// (src/broker/broker_http_server.rs): pure functions, no sockets.
//
// The aggregator page is one self-contained document (no external CSS, JS
// or fonts): a bar with one button per tracked backend, sorted by id, and
// an iframe showing the first bound backend. A bound backend's button loads
// http://127.0.0.1:<port>/ into the iframe (127.0.0.1 even when the broker
// itself is bound elsewhere, as upstream has it); a pending one is a
// disabled button reading "<id> (starting…)"; an untracked one does not
// appear. With none tracked the bar reads "no backends registered yet" and
// the iframe shows about:blank.
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "brokerwire/broker/http_request.hpp"
#include "brokerwire/registry/backend_state.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"

namespace brokerwire::broker {

// `text` with < > & " ' replaced by &lt; &gt; &amp; &quot; &#39;, every
// other byte copied.
std::string html_escaped(std::string_view text);

// The page for `backends` (a registry snapshot, in any order; untracked
// entries are skipped). Ids are HTML-escaped.
std::string render_aggregator_page(std::vector<std::pair<std::string, backend_state>> backends);

// The whole response, status line to last body byte, after which the
// connection is closed (upstream writes it, flushes, and drops the stream):
//   HTTP/1.1 200 OK\r\n                       | HTTP/1.1 404 Not Found\r\n
//   Content-Type: text/html; charset=utf-8\r\n | Content-Type: text/plain; charset=utf-8\r\n
//   Content-Length: <body bytes>\r\n
//   Connection: close\r\n
//   \r\n
//   <the page>                                 | not found\n
// The registry is read (one snapshot) only for the page.
std::string http_response(http_route route, const endpoint_registry& registry);

// The same for a page body already rendered, or for 404 (`page` unused).
std::string http_response(http_route route, std::string_view page);

}  // namespace brokerwire::broker
