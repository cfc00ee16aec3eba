// brokerwire on a Cortex-M, the control plane: each message of control.hpp
// decoded as a view and encoded into a buffer.
#include "brokerwire/messages/control.hpp"
#include "bw_roundtrip.hpp"

namespace v2 = brokerwire::v2;

int main() {
    const std::size_t n = take_input();
    std::size_t at = 0;
    at = roundtrip<v2::backend_http_ready_view, v2::backend_http_ready>(
        n, at, [](const auto& v, auto& m) { m.port = v.port; });
    at = roundtrip<v2::get_broker_http_endpoint_request_view, v2::get_broker_http_endpoint_request>(
        n, at, [](const auto&, auto&) {});
    at = roundtrip<v2::get_broker_http_endpoint_response_view, v2::get_broker_http_endpoint_response>(
        n, at, [](const auto& v, auto& m) {
            m.port = v.port;
            m.pid = v.pid;
        });
    at = roundtrip<v2::get_session_token_request_view, v2::get_session_token_request>(
        n, at, [](const auto&, auto&) {});
    at = roundtrip<v2::get_session_token_response_view, v2::get_session_token_response>(
        n, at, [](const auto& v, auto& m) { m.found = v.found; });
    give_output(at);
    return 0;
}
