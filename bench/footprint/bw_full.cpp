// brokerwire: decode and encode ServiceDefinition and BackendHttpReady.
#include <cstdio>
#include <vector>

#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/service_def.hpp"

int main() {
    std::vector<std::uint8_t> in(1 << 16);
    in.resize(std::fread(in.data(), 1, in.size(), stdin));
    brokerwire::v2::service_definition def;
    brokerwire::v2::backend_http_ready ready;
    const bool def_ok = decode(brokerwire::bytes_view(in), def).ok();
    const bool ready_ok = decode(brokerwire::bytes_view(in), ready).ok();
    const std::vector<std::uint8_t> a = encode(def);
    const std::vector<std::uint8_t> b = encode(ready);
    std::fwrite(a.data(), 1, a.size(), stdout);
    std::fwrite(b.data(), 1, b.size(), stdout);
    return def_ok && ready_ok ? 0 : 1;
}
