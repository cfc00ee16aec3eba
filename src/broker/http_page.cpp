// The aggregator page and the HTTP response around it.
#include "brokerwire/broker/http_page.hpp"

#include <algorithm>

namespace brokerwire::broker {
namespace {

// Everything of the page but the bar's contents and the iframe's source,
// in upstream's exact text: a diff of one byte changes Content-Length.
constexpr std::string_view page_head =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>running-process broker-v2 aggregator</title>\n"
    "<style>\n"
    "  html, body { margin: 0; padding: 0; height: 100%; font-family: system-ui, sans-serif; }\n"
    "  #bar { display: flex; gap: 0.4rem; padding: 0.4rem; border-bottom: 1px solid #ccc; background: #f5f5f5; }\n"
    "  #bar button { padding: 0.3rem 0.8rem; }\n"
    "  #agg { width: 100%; height: calc(100% - 3rem); border: 0; }\n"
    "  .empty { color: #888; font-style: italic; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<nav id=\"bar\">";
constexpr std::string_view page_middle = "</nav>\n<iframe id=\"agg\" src=\"";
constexpr std::string_view page_tail = "\"></iframe>\n</body>\n</html>\n";

constexpr std::string_view empty_bar = "<span class=\"empty\">no backends registered yet</span>";
constexpr std::string_view not_found_body = "not found\n";

std::string backend_url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port) + "/"; }

// upstream formats the URL with {url:?}, Rust's debug form: the URL in
// double quotes. Those quotes land inside the double-quoted onclick
// attribute, so a browser ends the attribute early; reproduced as is, since
// the page must be upstream's byte for byte.
void append_bound_button(std::string& out, std::string_view id, const std::string& url) {
    out += "<button onclick=\"document.getElementById('agg').src=\"";
    out += url;
    out += "\"\">";
    out += html_escaped(id);
    out += "</button>";
}

void append_pending_button(std::string& out, std::string_view id) {
    out += "<button disabled title=\"backend has not reported a port yet\">";
    out += html_escaped(id);
    out += " (starting\xE2\x80\xA6)</button>";  // U+2026, the ellipsis
}

}  // namespace

std::string html_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        switch (ch) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += ch; break;
        }
    }
    return out;
}

std::string render_aggregator_page(std::vector<std::pair<std::string, backend_state>> backends) {
    backends.erase(std::remove_if(backends.begin(), backends.end(),
                                  [](const auto& entry) { return !entry.second.is_tracked(); }),
                   backends.end());
    // Ids compare as bytes, as Rust's String ordering does.
    std::sort(backends.begin(), backends.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string bar;
    std::string first_url;
    for (const auto& [id, state] : backends) {
        if (const auto port = state.port()) {
            const std::string url = backend_url(*port);
            if (first_url.empty()) first_url = url;
            append_bound_button(bar, id, url);
        } else {
            append_pending_button(bar, id);
        }
    }
    if (backends.empty()) bar = empty_bar;
    const std::string_view iframe_src = first_url.empty() ? std::string_view("about:blank") : first_url;

    std::string page;
    page.reserve(page_head.size() + bar.size() + page_middle.size() + iframe_src.size() + page_tail.size());
    page += page_head;
    page += bar;
    page += page_middle;
    page += iframe_src;
    page += page_tail;
    return page;
}

std::string http_response(http_route route, std::string_view page) {
    const bool found = route == http_route::aggregator_page;
    const std::string_view body = found ? page : not_found_body;
    std::string out = found ? "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            : "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\nConnection: close\r\n\r\n";
    out += body;
    return out;
}

std::string http_response(http_route route, const endpoint_registry& registry) {
    if (route != http_route::aggregator_page) return http_response(route, std::string_view());
    return http_response(route, render_aggregator_page(registry.snapshot()));
}

}  // namespace brokerwire::broker
