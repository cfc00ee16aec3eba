// Harness for the client side of the endpoint probe
// (broker/endpoint_probe.hpp decode_response_identity): the payload a
// daemon, or anything listening where a daemon should be, sends back.
//
// Input layout: [32 bytes: the nonce the client sent][payload ...]
//
// Invariants: an accepted payload starts with the nonce, and the identity it
// yields, encoded again as a probe answer, is accepted again and gives the
// same identity (the accepted set is closed under our own answers).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "brokerwire/broker/endpoint_probe.hpp"
#include "fuzz_check.hpp"

namespace bw = brokerwire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bw::broker::probe_nonce nonce{};
    if (size < nonce.size()) return 0;
    std::copy(data, data + nonce.size(), nonce.begin());
    const bw::bytes_view payload(data + nonce.size(), size - nonce.size());

    bw::broker::daemon_identity identity;
    if (!bw::broker::decode_response_identity(payload, nonce, identity).ok()) return 0;
    BROKERWIRE_FUZZ_CHECK(payload.size() >= nonce.size() && std::equal(nonce.begin(), nonce.end(), payload.data()));

    const std::string again = std::string(nonce.begin(), nonce.end()) + bw::broker::encode_probe_identity(identity);
    bw::broker::daemon_identity second;
    BROKERWIRE_FUZZ_CHECK(bw::broker::decode_response_identity(bw::bytes_view(again), nonce, second).ok());
    BROKERWIRE_FUZZ_CHECK(second == identity);
    return 0;
}
