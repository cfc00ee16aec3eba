// brokerwire, control plane only: BackendHttpReady and
// GetBrokerHttpEndpointRequest/Response, what a daemon that only announces
// its port and asks for the broker's needs.
#include <cstdio>
#include <vector>

#include "brokerwire/messages/control.hpp"

int main() {
    std::vector<std::uint8_t> in(1 << 16);
    in.resize(std::fread(in.data(), 1, in.size(), stdin));
    brokerwire::v2::backend_http_ready ready;
    brokerwire::v2::get_broker_http_endpoint_request request;
    brokerwire::v2::get_broker_http_endpoint_response response;
    const bool ok = decode(brokerwire::bytes_view(in), ready).ok() &&
                    decode(brokerwire::bytes_view(in), request).ok() &&
                    decode(brokerwire::bytes_view(in), response).ok();
    for (const std::vector<std::uint8_t>& out : {encode(ready), encode(request), encode(response)})
        std::fwrite(out.data(), 1, out.size(), stdout);
    return ok ? 0 : 1;
}
