// A Cortex-M firmware image on brokerwire's portable core, with no heap.
//
// Frames arrive in `rx`, one per message of the control plane (control.hpp)
// and then a ServiceDefinition. Each body is decoded as a view and answered
// into `tx`: the message its view makes is encoded, framed, into a buffer of
// the firmware's own. The image links with every allocation function wrapped
// and no wrapper defined (meson.build), so its linking is the proof that view
// decoding and encoding into a buffer reach no heap.
//
// `rx` and `tx` are volatile: whoever loads the image (a debugger, a host over
// SWD) fills and reads them, so the compiler can fold none of it away.
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/messages/control.hpp"
#include "brokerwire/messages/service_def.hpp"

namespace {

using namespace brokerwire;

constexpr std::size_t buffer_size = 1024;
volatile std::uint8_t rx[buffer_size];
volatile std::uint8_t tx[buffer_size];
// Bit i set: frame i was decoded and its answer fitted.
volatile std::uint32_t answered;
// The bytes of text the views showed, so that reading them is not folded away.
volatile std::uint32_t text_seen;

// Holds a message that is never destroyed. A std::string's destructor names
// operator delete even for a string that never left its inline buffer, and
// this image has no operator delete.
template <typename T>
union never_destroyed {
    never_destroyed() : value() {}
    ~never_destroyed() {}
    T value;
};

// The bytes of text a view shows, repeated fields and maps walked.
std::size_t text_bytes(const v2::backend_http_ready_view&) { return 0; }
std::size_t text_bytes(const v2::get_broker_http_endpoint_request_view&) { return 0; }
std::size_t text_bytes(const v2::get_broker_http_endpoint_response_view&) { return 0; }
std::size_t text_bytes(const v2::get_session_token_request_view& v) { return v.daemon_id.size(); }
std::size_t text_bytes(const v2::get_session_token_response_view& v) { return v.session_token.size(); }

std::size_t text_bytes(const v2::service_definition_view& v) {
    std::size_t n = v.service_name.size() + v.binary_path.size() + v.explicit_instance.size() +
                    v.per_version_binary_dir.size() + v.min_version.size();
    for (std::string_view version : v.version_allow_list) n += version.size();
    for (const string_map_entry& label : v.labels) n += label.key.size() + label.value.size();
    if (v.http_server)
        n += v.http_server->bind_addr.size() + v.http_server->health_path.size() + v.http_server->display_name.size();
    return n;
}

// The owning message made of a view's scalar fields. Its strings stay empty:
// giving a std::string content links its allocator, whatever the length.
void copy_scalars(const v2::backend_http_ready_view& v, v2::backend_http_ready& m) { m.port = v.port; }
void copy_scalars(const v2::get_broker_http_endpoint_request_view&, v2::get_broker_http_endpoint_request&) {}

void copy_scalars(const v2::get_broker_http_endpoint_response_view& v, v2::get_broker_http_endpoint_response& m) {
    m.port = v.port;
    m.pid = v.pid;
}

void copy_scalars(const v2::get_session_token_request_view&, v2::get_session_token_request&) {}
void copy_scalars(const v2::get_session_token_response_view& v, v2::get_session_token_response& m) {
    m.found = v.found;
}

void copy_scalars(const v2::service_definition_view& v, v2::service_definition& m) {
    m.isolation = v.isolation;
    // Engaged only when seen empty, so that emplace's path that destroys an
    // old value, which names operator delete, is known dead.
    if (v.http_server && !m.http_server) m.http_server.emplace();
}

// Decodes `body` as a View, then writes the frame of the message it makes
// into out[0..capacity). Returns the frame's size, or 0 when the body does not
// decode or the frame does not fit.
template <typename View, typename Message>
std::size_t answer(bytes_view body, std::uint8_t* out, std::size_t capacity) {
    View view;
    if (!decode(body, view).ok()) return 0;
    text_seen = static_cast<std::uint32_t>(text_seen + text_bytes(view));
    never_destroyed<Message> message;
    copy_scalars(view, message.value);
    // The size first: encode's 0 means "does not fit" and an empty message alike.
    const std::size_t size = encoded_size(message.value);
    if (capacity < framing::header_size || size > capacity - framing::header_size) return 0;
    framing::encode_header(static_cast<std::uint32_t>(size), out);
    return framing::header_size + encode(message.value, out + framing::header_size, size);
}

using answer_function = std::size_t (*)(bytes_view, std::uint8_t*, std::size_t);

// The message each frame of `rx` holds, in order.
constexpr answer_function answers[] = {
    answer<v2::backend_http_ready_view, v2::backend_http_ready>,
    answer<v2::get_broker_http_endpoint_request_view, v2::get_broker_http_endpoint_request>,
    answer<v2::get_broker_http_endpoint_response_view, v2::get_broker_http_endpoint_response>,
    answer<v2::get_session_token_request_view, v2::get_session_token_request>,
    answer<v2::get_session_token_response_view, v2::get_session_token_response>,
    answer<v2::service_definition_view, v2::service_definition>,
};

// Answers the frames of in[0..buffer_size) into out; returns the bytes written.
std::size_t answer_frames(const std::uint8_t* in, std::uint8_t* out) {
    std::size_t read = 0;
    std::size_t written = 0;
    std::uint32_t done = 0;
    for (std::size_t i = 0; i < std::size(answers) && buffer_size - read >= framing::header_size; ++i) {
        const framing::header h = framing::parse_header(in + read);
        read += framing::header_size;
        if (h.version != framing::framing_version || h.body_length > buffer_size - read) break;
        const std::size_t n = answers[i](bytes_view(in + read, h.body_length), out + written, buffer_size - written);
        read += h.body_length;
        if (n != 0) done |= 1u << i;
        written += n;
    }
    answered = done;
    return written;
}

}  // namespace

int main() {
    // Decoded views point into `in`, so it outlives every one of them.
    static std::uint8_t in[buffer_size];
    static std::uint8_t out[buffer_size];
    for (std::size_t i = 0; i < buffer_size; ++i) in[i] = rx[i];
    const std::size_t written = answer_frames(in, out);
    for (std::size_t i = 0; i < written; ++i) tx[i] = out[i];
    return 0;
}
