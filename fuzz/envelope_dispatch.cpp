// Harness for envelope dispatch (docs/contract.md, "Envelope"): a frame body
// in, routed by lane.
//
// The dispatcher serves three lanes with small deterministic handlers:
// control echoes the payload; admin decodes an AdminRequest and answers
// with its service_name, or refuses an undecodable one; session refuses an
// empty payload and otherwise echoes it and asks to close. The backend
// probe and handoff lanes are known but not served.
//
// Invariants: an independent decode of the envelope into an owning Frame
// gives the dispatcher's decode status (code, offset and field) and
// predicts the outcome code, whether the handler ran (exactly once, with
// the payload), and whether a reply was sent; every reply is a RESPONSE
// envelope echoing the request_id, on the request's lane when served and on
// the admin lane with an AdminReply {TEXT, "error: " + message, exit_code =
// code} otherwise.
#include <cstddef>
#include <cstdint>
#include <string>

#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "brokerwire/messages/envelope.hpp"
#include "fuzz_check.hpp"

namespace {

namespace bw = brokerwire;
namespace fr = brokerwire::broker;

struct calls {
    int count = 0;
    std::string payload;
};

fr::envelope_dispatcher make_dispatcher(calls& seen) {
    fr::envelope_dispatcher d;
    d.on(fr::lane::control, [&seen](const fr::lane_request& req, fr::lane_reply& reply) {
        ++seen.count;
        seen.payload.assign(req.payload.as_chars());
        reply.payload.assign(req.payload.as_chars());
    });
    d.on(fr::lane::admin, [&seen](const fr::lane_request& req, fr::lane_reply& reply) {
        ++seen.count;
        seen.payload.assign(req.payload.as_chars());
        bw::v1::admin_request_view admin;
        if (!decode(req.payload, admin).ok()) {
            reply.error = "bad AdminRequest";
            return;
        }
        reply.payload.assign(admin.service_name);
    });
    d.on(fr::lane::session, [&seen](const fr::lane_request& req, fr::lane_reply& reply) {
        ++seen.count;
        seen.payload.assign(req.payload.as_chars());
        if (req.payload.empty()) {
            reply.error = "empty session payload";
            return;
        }
        reply.payload.assign(req.payload.as_chars());
        reply.close = true;
    });
    return d;
}

// What the handlers above answer to `payload` on `lane`: true with the
// reply payload, or false when they refuse it.
bool handler_answer(std::uint32_t lane, const std::string& payload, std::string& answer) {
    if (lane == fr::lane::admin) {
        bw::v1::admin_request req;
        if (!decode(bw::bytes_view(payload), req).ok()) return false;
        answer = req.service_name;
        return true;
    }
    if (lane == fr::lane::session && payload.empty()) return false;
    answer = payload;
    return true;
}

fr::dispatch_errc expected_code(const bw::v1::frame& f, bool& runs_handler) {
    runs_handler = false;
    using k = bw::v1::frame_kind;
    if (f.kind == k::cancel) return fr::dispatch_errc::ok;
    if (f.kind != k::request && f.kind != k::event) return fr::dispatch_errc::unexpected_kind;
    if (f.envelope_version != fr::envelope_version) return fr::dispatch_errc::wrong_envelope_version;
    if (f.payload_encoding != bw::v1::payload_encoding::none) return fr::dispatch_errc::unsupported_encoding;
    const std::uint32_t lane = f.payload_protocol;
    if (lane != fr::lane::control && lane != fr::lane::admin && lane != fr::lane::session) {
        return fr::lane_name(lane) == nullptr ? fr::dispatch_errc::unknown_lane : fr::dispatch_errc::lane_not_served;
    }
    runs_handler = true;
    std::string ignored;
    return handler_answer(lane, f.payload, ignored) ? fr::dispatch_errc::ok : fr::dispatch_errc::refused_by_handler;
}

void check_reply(const fr::dispatch_result& r, const std::string& reply_body, std::uint64_t request_id,
                 const std::string& answer) {
    bw::v1::frame reply;
    BROKERWIRE_FUZZ_CHECK(decode(bw::bytes_view(reply_body), reply).ok());
    BROKERWIRE_FUZZ_CHECK(reply.envelope_version == fr::envelope_version);
    BROKERWIRE_FUZZ_CHECK(reply.kind == bw::v1::frame_kind::response);
    BROKERWIRE_FUZZ_CHECK(reply.request_id == request_id);
    BROKERWIRE_FUZZ_CHECK(reply.payload_encoding == bw::v1::payload_encoding::none);
    if (r.ok()) {
        BROKERWIRE_FUZZ_CHECK(reply.payload_protocol == r.lane);
        BROKERWIRE_FUZZ_CHECK(reply.payload == answer);
        return;
    }
    BROKERWIRE_FUZZ_CHECK(reply.payload_protocol == fr::lane::admin);
    bw::v1::admin_reply error;
    BROKERWIRE_FUZZ_CHECK(decode(bw::bytes_view(reply.payload), error).ok());
    BROKERWIRE_FUZZ_CHECK(error.kind == bw::v1::admin_reply_kind::text);
    BROKERWIRE_FUZZ_CHECK(error.exit_code == static_cast<std::uint32_t>(r.code));
    BROKERWIRE_FUZZ_CHECK(error.body == "error: " + r.message);
    BROKERWIRE_FUZZ_CHECK(error.content_type == "text/plain");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    calls seen;
    const fr::envelope_dispatcher dispatcher = make_dispatcher(seen);
    std::string reply_body = "stale";
    const fr::dispatch_result r = dispatcher.dispatch(bw::bytes_view(data, size), reply_body);
    BROKERWIRE_FUZZ_CHECK(r.ok() == r.message.empty());
    BROKERWIRE_FUZZ_CHECK(r.replied == !reply_body.empty());

    bw::v1::frame f;
    const bw::status decoded = decode(bw::bytes_view(data, size), f);
    BROKERWIRE_FUZZ_CHECK(r.decode == decoded);
    if (!decoded.ok()) {
        BROKERWIRE_FUZZ_CHECK(r.code == fr::dispatch_errc::malformed_envelope);
        BROKERWIRE_FUZZ_CHECK(seen.count == 0);
        BROKERWIRE_FUZZ_CHECK(r.replied);
        check_reply(r, reply_body, 0, std::string());
        return 0;
    }
    BROKERWIRE_FUZZ_CHECK(r.lane == f.payload_protocol);
    BROKERWIRE_FUZZ_CHECK(r.request_id == f.request_id);

    bool runs_handler = false;
    const fr::dispatch_errc want = expected_code(f, runs_handler);
    BROKERWIRE_FUZZ_CHECK(r.code == want);
    BROKERWIRE_FUZZ_CHECK(seen.count == (runs_handler ? 1 : 0));
    if (runs_handler) BROKERWIRE_FUZZ_CHECK(seen.payload == f.payload);

    // Only a request that reached the routing checks is answered
    // (docs/contract.md, "Envelope": a reply echoes the request; responses,
    // cancels and events get none).
    const bool is_request = f.kind == bw::v1::frame_kind::request;
    BROKERWIRE_FUZZ_CHECK(r.replied == is_request);
    BROKERWIRE_FUZZ_CHECK(r.close == (runs_handler && want == fr::dispatch_errc::ok &&
                                      f.payload_protocol == fr::lane::session));
    if (r.replied) {
        std::string answer;
        if (runs_handler) (void)handler_answer(f.payload_protocol, f.payload, answer);
        check_reply(r, reply_body, f.request_id, answer);
    }
    return 0;
}
