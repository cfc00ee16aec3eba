// The Hello decision, check by check in upstream's order.
#include "brokerwire/broker/hello_policy.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace brokerwire::broker {
namespace {

v1::hello_reply version_blocked(std::string reason) {
    return refused_reply(v1::error_code::version_blocked, std::move(reason));
}

// Upstream names three ways a definition can fail to load; the third carries
// its loader's own error text, for which ours stands in.
v1::hello_reply service_unknown(const files::file_error& error) {
    if (error.kind == files::file_errc::io && error.sys_errno == ENOENT) {
        return refused_reply(v1::error_code::service_unknown, "service definition was not found");
    }
    if (error.kind == files::file_errc::invalid_name) {
        return refused_reply(v1::error_code::service_unknown, "service name is invalid");
    }
    return refused_reply(v1::error_code::service_unknown,
                         "service definition could not be loaded: " + files::to_string(error));
}

void append_unicode_escape(std::string& out, unsigned code_point) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\u{%x}", code_point);
    out += buffer;
}

}  // namespace

v1::hello_reply refused_reply(v1::error_code code, std::string reason) {
    v1::refused refused;
    refused.reason = std::move(reason);
    refused.daemon_min_protocol = broker_protocol_version;
    refused.daemon_max_protocol = broker_protocol_version;
    refused.code = code;
    v1::hello_reply reply;
    reply.set_refused(std::move(refused));
    return reply;
}

std::optional<v1::hello_reply> refuse_protocol_range(const v1::hello& hello) {
    if (hello.client_min_protocol <= broker_protocol_version &&
        hello.client_max_protocol >= broker_protocol_version) {
        return std::nullopt;
    }
    return refused_reply(v1::error_code::version_unsupported,
                         "client protocol range does not include the version this broker speaks");
}

v1::hello_reply decide_on_definition(const v1::hello& hello,
                                     const files::file_result<v2::service_definition>& definition,
                                     std::string_view backend_pipe, std::string_view broker_version) {
    if (!definition.ok()) return service_unknown(definition.error);
    const v2::service_definition& d = definition.value;
    // Byte-string order, not version order: upstream's comparison, kept so a
    // client is refused by us exactly when upstream would refuse it.
    if (!d.min_version.empty() && hello.wanted_version < d.min_version) {
        return version_blocked("wanted_version " + rust_debug_quoted(hello.wanted_version) +
                               " is below min_version " + rust_debug_quoted(d.min_version));
    }
    const auto& allowed = d.version_allow_list;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), hello.wanted_version) == allowed.end()) {
        return version_blocked("wanted_version " + rust_debug_quoted(hello.wanted_version) +
                               " is not in version_allow_list");
    }
    v1::negotiated negotiated;
    negotiated.negotiated_protocol = broker_protocol_version;
    negotiated.daemon_version = std::string(broker_version);
    negotiated.backend_pipe = std::string(backend_pipe);
    negotiated.connection_id = hello.connection_id;
    v1::hello_reply reply;
    reply.set_negotiated(std::move(negotiated));
    return reply;
}

std::string rust_debug_quoted(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        switch (byte) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '\0': out += "\\0"; continue;
            default: break;
        }
        if (byte < 0x20 || byte == 0x7f) {
            append_unicode_escape(out, byte);
        } else if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0 &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80) {
            // U+0080..U+009F, the C1 controls, are not printable either.
            append_unicode_escape(out, static_cast<unsigned char>(text[++i]));
        } else {
            out += static_cast<char>(byte);
        }
    }
    out += '"';
    return out;
}

}  // namespace brokerwire::broker
