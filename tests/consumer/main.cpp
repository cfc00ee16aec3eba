// Encodes and decodes one message through a vendored brokerwire.
#include <brokerwire/messages.hpp>

int main() {
    brokerwire::v2::backend_http_ready ready;
    ready.port = 49152;
    const std::vector<std::uint8_t> bytes = encode(ready);
    brokerwire::v2::backend_http_ready back;
    if (!decode(brokerwire::bytes_view(bytes), back).ok()) return 1;
    return back == ready ? 0 : 1;
}
