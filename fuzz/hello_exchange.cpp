// Harness for the v2 broker's Hello exchange (broker/hello_exchange.hpp):
// the whole first frame body a client sends, as the broker answers it.
//
// The services directory does not exist, so no Hello can be negotiated and
// nothing is read from disk beyond a failed open: what is fuzzed is the
// envelope, the Hello decode and the checks before the definition.
//
// Invariants: the reply is exactly one whole frame; it is a version-1
// RESPONSE on the control lane, uncompressed, whose payload is the HelloReply
// the exchange reports, and that HelloReply is a Refused with a reason and
// the broker's protocol range; when the body decodes as a Frame, the reply
// echoes its request_id, traceparent and tracestate, else it echoes nothing.
#include <cstddef>
#include <cstdint>

#include "brokerwire/broker/hello_exchange.hpp"
#include "brokerwire/broker/envelope_check.hpp"
#include "brokerwire/framing/frame_reader.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "fuzz_check.hpp"

namespace bw = brokerwire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bw::broker::hello_sources sources{"/nonexistent/brokerwire-fuzz/services",
                                                   "/nonexistent/brokerwire-fuzz/runtime", "0.0.0"};
    const bw::bytes_view body(data, size);
    const bw::broker::hello_exchange x = bw::broker::answer_hello_frame(body, sources);

    bw::framing::frame_reader reader;
    std::size_t frames = 0;
    bw::v1::frame reply_frame;
    const auto st = reader.feed(reinterpret_cast<const std::uint8_t*>(x.reply_frame.data()), x.reply_frame.size(),
                                [&](bw::bytes_view b) {
                                    ++frames;
                                    BROKERWIRE_FUZZ_CHECK(decode(b, reply_frame).ok());
                                });
    BROKERWIRE_FUZZ_CHECK(st.ok() && frames == 1 && !reader.mid_frame());
    BROKERWIRE_FUZZ_CHECK(bw::broker::validate_frame_envelope(reply_frame, bw::v1::frame_kind::response, 0).ok());

    bw::v1::hello_reply reply;
    BROKERWIRE_FUZZ_CHECK(decode(bw::bytes_view(reply_frame.payload), reply).ok());
    BROKERWIRE_FUZZ_CHECK(reply == x.reply);
    BROKERWIRE_FUZZ_CHECK(!x.negotiated());
    const bw::v1::refused* refused = reply.refused();
    BROKERWIRE_FUZZ_CHECK(refused != nullptr && !refused->reason.empty());
    BROKERWIRE_FUZZ_CHECK(refused->daemon_min_protocol == 1 && refused->daemon_max_protocol == 1);

    bw::v1::frame_view request;
    if (decode(body, request).ok()) {
        BROKERWIRE_FUZZ_CHECK(reply_frame.request_id == request.request_id);
        BROKERWIRE_FUZZ_CHECK(reply_frame.traceparent == request.traceparent);
        BROKERWIRE_FUZZ_CHECK(reply_frame.tracestate == request.tracestate);
    } else {
        BROKERWIRE_FUZZ_CHECK(reply_frame.request_id == 0 && reply_frame.traceparent.empty() &&
                              reply_frame.tracestate.empty());
    }
    return 0;
}
