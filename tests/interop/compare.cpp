// Per-type field comparison of libprotobuf and brokerwire messages. Each
// same_values() below restates its message's fields from proto/, so the
// comparison does not lean on either implementation's own equality.
#include "compare.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interop {
namespace {

// A value short and printable enough for a failure message.
std::string printable(const std::string& value) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < value.size() && i < 48; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (value.size() > 48) out += "...(" + std::to_string(value.size()) + " bytes)";
    return out + "\"";
}

// Collects the first difference between a reference message and ours.
class field_checker {
public:
    explicit field_checker(std::string* why) : why_(why) {}

    bool ok() const { return ok_; }

    template <class T>
    void scalar(const char* name, T reference, T ours) {
        if (ok_ && reference != ours) fail(name, std::to_string(reference), std::to_string(ours));
    }

    void text(const std::string& name, const std::string& reference, const std::string& ours) {
        if (ok_ && reference != ours) fail(name, printable(reference), printable(ours));
    }

    void texts(const char* name, const google::protobuf::RepeatedPtrField<std::string>& reference,
               const std::vector<std::string>& ours) {
        if (!same_size(name, static_cast<std::size_t>(reference.size()), ours.size())) return;
        for (std::size_t i = 0; i < ours.size(); ++i) {
            text(indexed(name, i), reference.Get(static_cast<int>(i)), ours[i]);
        }
    }

    void text_map(const char* name, const google::protobuf::Map<std::string, std::string>& reference,
                  const std::map<std::string, std::string>& ours) {
        if (!same_size(name, reference.size(), ours.size())) return;
        for (const auto& [key, value] : ours) {
            const auto found = reference.find(key);
            if (found == reference.end()) {
                if (ok_) fail(std::string(name) + "[" + printable(key) + "]", "absent", "present");
                return;
            }
            text(std::string(name) + "[" + printable(key) + "]", found->second, value);
        }
    }

    template <class Reference, class Ours>
    void message(const std::string& name, const Reference& reference, const Ours& ours) {
        if (!ok_) return;
        std::string inner;
        if (!same_values(reference, ours, &inner)) {
            ok_ = false;
            if (why_ != nullptr) *why_ = name + "." + inner;
        }
    }

    template <class Reference, class Ours>
    void messages(const char* name, const google::protobuf::RepeatedPtrField<Reference>& reference,
                  const std::vector<Ours>& ours) {
        if (!same_size(name, static_cast<std::size_t>(reference.size()), ours.size())) return;
        for (std::size_t i = 0; i < ours.size(); ++i) {
            message(indexed(name, i), reference.Get(static_cast<int>(i)), ours[i]);
        }
    }

    void presence(const char* name, bool reference, bool ours) {
        if (ok_ && reference != ours) fail(name, reference ? "present" : "absent", ours ? "present" : "absent");
    }

    // A proto3 `optional` scalar: presence first (a set zero is not an
    // absent field), then the value.
    template <class T>
    void optional_scalar(const char* name, bool reference_has, T reference, const std::optional<T>& ours) {
        presence(name, reference_has, ours.has_value());
        if (reference_has && ours) scalar(name, reference, *ours);
    }

    // Unknown fields compare as libprotobuf re-encodes them, so an
    // overlong varint kept raw by brokerwire still equals its canonical form.
    void unknown(const google::protobuf::UnknownFieldSet& reference, const std::string& ours) {
        if (!ok_) return;
        std::string expected;
        reference.SerializeToString(&expected);
        google::protobuf::UnknownFieldSet parsed;
        if (!parsed.ParseFromString(ours)) {
            fail("<unknown fields>", printable(expected), "unparseable " + printable(ours));
            return;
        }
        std::string actual;
        parsed.SerializeToString(&actual);
        text("<unknown fields>", expected, actual);
    }

private:
    static std::string indexed(const char* name, std::size_t i) {
        return std::string(name) + "[" + std::to_string(i) + "]";
    }

    bool same_size(const char* name, std::size_t reference, std::size_t ours) {
        if (ok_ && reference != ours) {
            fail(std::string(name) + ".size()", std::to_string(reference), std::to_string(ours));
        }
        return ok_;
    }

    void fail(const std::string& name, const std::string& reference, const std::string& ours) {
        ok_ = false;
        if (why_ != nullptr) *why_ = name + ": libprotobuf " + reference + ", brokerwire " + ours;
    }

    std::string* why_;
    bool ok_ = true;
};

template <class Enum>
std::int32_t number_of(Enum value) {
    return static_cast<std::int32_t>(value);
}

}  // namespace

bool same_values(const pb2::BackendHttpReady& reference, const bw2::backend_http_ready& ours, std::string* why) {
    field_checker c(why);
    c.scalar("port", reference.port(), ours.port);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::GetBrokerHttpEndpointRequest& reference,
                 const bw2::get_broker_http_endpoint_request& ours, std::string* why) {
    field_checker c(why);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::GetBrokerHttpEndpointResponse& reference,
                 const bw2::get_broker_http_endpoint_response& ours, std::string* why) {
    field_checker c(why);
    c.scalar("port", reference.port(), ours.port);
    c.scalar("pid", reference.pid(), ours.pid);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::GetSessionTokenRequest& reference, const bw2::get_session_token_request& ours,
                 std::string* why) {
    field_checker c(why);
    c.text("daemon_id", reference.daemon_id(), ours.daemon_id);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::GetSessionTokenResponse& reference, const bw2::get_session_token_response& ours,
                 std::string* why) {
    field_checker c(why);
    c.scalar("found", reference.found(), ours.found);
    c.text("session_token", reference.session_token(), ours.session_token);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::HttpServerCapability& reference, const bw2::http_server_capability& ours,
                 std::string* why) {
    field_checker c(why);
    c.text("bind_addr", reference.bind_addr(), ours.bind_addr);
    c.text("health_path", reference.health_path(), ours.health_path);
    c.text("display_name", reference.display_name(), ours.display_name);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::ServiceDefinition& reference, const bw2::service_definition& ours, std::string* why) {
    field_checker c(why);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.text("binary_path", reference.binary_path(), ours.binary_path);
    c.scalar("isolation", number_of(reference.isolation()), number_of(ours.isolation));
    c.text("explicit_instance", reference.explicit_instance(), ours.explicit_instance);
    c.text("per_version_binary_dir", reference.per_version_binary_dir(), ours.per_version_binary_dir);
    c.text("min_version", reference.min_version(), ours.min_version);
    c.texts("version_allow_list", reference.version_allow_list(), ours.version_allow_list);
    c.text_map("labels", reference.labels(), ours.labels);
    c.presence("http_server", reference.has_http_server(), ours.http_server.has_value());
    if (reference.has_http_server() && ours.http_server) {
        c.message("http_server", reference.http_server(), *ours.http_server);
    }
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::CacheRoot& reference, const bw2::cache_root& ours, std::string* why) {
    field_checker c(why);
    c.scalar("kind", number_of(reference.kind()), number_of(ours.kind));
    c.text("path", reference.path(), ours.path);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::CacheManifest& reference, const bw2::cache_manifest& ours, std::string* why) {
    field_checker c(why);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.text("service_version", reference.service_version(), ours.service_version);
    c.text("broker_envelope_version", reference.broker_envelope_version(), ours.broker_envelope_version);
    c.scalar("created_at_unix_ms", reference.created_at_unix_ms(), ours.created_at_unix_ms);
    c.scalar("last_active_unix_ms", reference.last_active_unix_ms(), ours.last_active_unix_ms);
    c.messages("roots", reference.roots(), ours.roots);
    c.text("broker_instance", reference.broker_instance(), ours.broker_instance);
    c.text("bundle_id", reference.bundle_id(), ours.bundle_id);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::SessionFrame& reference, const bw2::session_frame& ours, std::string* why) {
    field_checker c(why);
    // The variant's index is the member's field number, as is KindCase.
    c.scalar("kind (member)", static_cast<std::size_t>(reference.kind_case()), ours.kind.index());
    if (!c.ok()) return false;
    switch (reference.kind_case()) {
    case pb2::SessionFrame::kStdin: c.text("stdin", reference.stdin(), *ours.stdin_bytes()); break;
    case pb2::SessionFrame::kStdinEof: c.scalar("stdin_eof", reference.stdin_eof(), *ours.stdin_eof()); break;
    case pb2::SessionFrame::kStdout: c.text("stdout", reference.stdout(), *ours.stdout_bytes()); break;
    case pb2::SessionFrame::kStderr: c.text("stderr", reference.stderr(), *ours.stderr_bytes()); break;
    case pb2::SessionFrame::kExit: c.message("exit", reference.exit(), *ours.exit()); break;
    case pb2::SessionFrame::kStart: c.message("start", reference.start(), *ours.start()); break;
    case pb2::SessionFrame::KIND_NOT_SET: break;
    }
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::SessionStart& reference, const bw2::session_start& ours, std::string* why) {
    field_checker c(why);
    c.text("program", reference.program(), ours.program);
    c.texts("args", reference.args(), ours.args);
    c.text("cwd", reference.cwd(), ours.cwd);
    c.messages("env", reference.env(), ours.env);
    c.scalar("clear_inherited_env", reference.clear_inherited_env(), ours.clear_inherited_env);
    c.scalar("environment_policy", number_of(reference.environment_policy()), number_of(ours.environment_policy));
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::SessionEnvVar& reference, const bw2::session_env_var& ours, std::string* why) {
    field_checker c(why);
    c.text("key", reference.key(), ours.key);
    c.text("value", reference.value(), ours.value);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb2::SessionExit& reference, const bw2::session_exit& ours, std::string* why) {
    field_checker c(why);
    c.scalar("code", reference.code(), ours.code);
    c.scalar("signal", reference.signal(), ours.signal);
    c.text_map("metadata", reference.metadata(), ours.metadata);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::Frame& reference, const bw1::frame& ours, std::string* why) {
    field_checker c(why);
    c.scalar("envelope_version", reference.envelope_version(), ours.envelope_version);
    c.scalar("kind", number_of(reference.kind()), number_of(ours.kind));
    c.scalar("payload_protocol", reference.payload_protocol(), ours.payload_protocol);
    c.text("payload", reference.payload(), ours.payload);
    c.scalar("request_id", reference.request_id(), ours.request_id);
    c.scalar("payload_encoding", number_of(reference.payload_encoding()), number_of(ours.payload_encoding));
    c.scalar("deadline_unix_ms", reference.deadline_unix_ms(), ours.deadline_unix_ms);
    c.text("traceparent", reference.traceparent(), ours.traceparent);
    c.text("tracestate", reference.tracestate(), ours.tracestate);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::AdminRequest& reference, const bw1::admin_request& ours, std::string* why) {
    field_checker c(why);
    c.scalar("verb", number_of(reference.verb()), number_of(ours.verb));
    c.scalar("json", reference.json(), ours.json);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.text("output_path", reference.output_path(), ours.output_path);
    c.scalar("drain_deadline_ms", reference.drain_deadline_ms(), ours.drain_deadline_ms);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::AdminReply& reference, const bw1::admin_reply& ours, std::string* why) {
    field_checker c(why);
    c.scalar("kind", number_of(reference.kind()), number_of(ours.kind));
    c.text("body", reference.body(), ours.body);
    c.scalar("exit_code", reference.exit_code(), ours.exit_code);
    c.text("content_type", reference.content_type(), ours.content_type);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::Hello& reference, const bw1::hello& ours, std::string* why) {
    field_checker c(why);
    c.scalar("client_min_protocol", reference.client_min_protocol(), ours.client_min_protocol);
    c.scalar("client_max_protocol", reference.client_max_protocol(), ours.client_max_protocol);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.text("wanted_version", reference.wanted_version(), ours.wanted_version);
    c.text("client_version", reference.client_version(), ours.client_version);
    c.scalar("client_capabilities", reference.client_capabilities(), ours.client_capabilities);
    c.text("auth_token", reference.auth_token(), ours.auth_token);
    c.text("request_id", reference.request_id(), ours.request_id);
    c.scalar("connection_id", reference.connection_id(), ours.connection_id);
    c.scalar("peer_pid", reference.peer_pid(), ours.peer_pid);
    c.text("client_lib_name", reference.client_lib_name(), ours.client_lib_name);
    c.text("client_lib_version", reference.client_lib_version(), ours.client_lib_version);
    c.text("peer_attestation_nonce", reference.peer_attestation_nonce(), ours.peer_attestation_nonce);
    c.text("capability_token", reference.capability_token(), ours.capability_token);
    c.scalar("client_keepalive_secs", reference.client_keepalive_secs(), ours.client_keepalive_secs);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::Negotiated& reference, const bw1::negotiated& ours, std::string* why) {
    field_checker c(why);
    c.scalar("negotiated_protocol", reference.negotiated_protocol(), ours.negotiated_protocol);
    c.text("daemon_version", reference.daemon_version(), ours.daemon_version);
    c.text("backend_pipe", reference.backend_pipe(), ours.backend_pipe);
    c.texts("warnings", reference.warnings(), ours.warnings);
    c.scalar("server_capabilities", reference.server_capabilities(), ours.server_capabilities);
    c.scalar("keepalive_interval_secs", reference.keepalive_interval_secs(), ours.keepalive_interval_secs);
    c.text("handle_passed_token", reference.handle_passed_token(), ours.handle_passed_token);
    c.scalar("connection_id", reference.connection_id(), ours.connection_id);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::Refused& reference, const bw1::refused& ours, std::string* why) {
    field_checker c(why);
    c.text("reason", reference.reason(), ours.reason);
    c.scalar("daemon_min_protocol", reference.daemon_min_protocol(), ours.daemon_min_protocol);
    c.scalar("daemon_max_protocol", reference.daemon_max_protocol(), ours.daemon_max_protocol);
    c.scalar("code", number_of(reference.code()), number_of(ours.code));
    c.text_map("details", reference.details(), ours.details);
    c.scalar("retry_after_ms", reference.retry_after_ms(), ours.retry_after_ms);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::HelloReply& reference, const bw1::hello_reply& ours, std::string* why) {
    field_checker c(why);
    // The variant's index is the member's field number, as is ResultCase.
    c.scalar("result (member)", static_cast<std::size_t>(reference.result_case()), ours.result.index());
    if (!c.ok()) return false;
    switch (reference.result_case()) {
    case pb1::HelloReply::kNegotiated: c.message("negotiated", reference.negotiated(), *ours.negotiated()); break;
    case pb1::HelloReply::kRefused: c.message("refused", reference.refused(), *ours.refused()); break;
    case pb1::HelloReply::RESULT_NOT_SET: break;
    }
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::HandoffOffer& reference, const bw1::handoff_offer& ours, std::string* why) {
    field_checker c(why);
    c.scalar("handle_value", reference.handle_value(), ours.handle_value);
    c.text("token", reference.token(), ours.token);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.scalar("correlation_id", reference.correlation_id(), ours.correlation_id);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::HandoffAck& reference, const bw1::handoff_ack& ours, std::string* why) {
    field_checker c(why);
    c.text("token", reference.token(), ours.token);
    c.scalar("accepted", reference.accepted(), ours.accepted);
    c.text("error_detail", reference.error_detail(), ours.error_detail);
    c.scalar("correlation_id", reference.correlation_id(), ours.correlation_id);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::Endpoint& reference, const bw1::endpoint& ours, std::string* why) {
    field_checker c(why);
    c.text("namespace_id", reference.namespace_id(), ours.namespace_id);
    c.text("path", reference.path(), ours.path);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

bool same_values(const pb1::DaemonProcess& reference, const bw1::daemon_process& ours, std::string* why) {
    field_checker c(why);
    c.scalar("pid", reference.pid(), ours.pid);
    c.text("exe_path", reference.exe_path(), ours.exe_path);
    c.presence("ipc_endpoint", reference.has_ipc_endpoint(), ours.ipc_endpoint.has_value());
    if (reference.has_ipc_endpoint() && ours.ipc_endpoint) {
        c.message("ipc_endpoint", reference.ipc_endpoint(), *ours.ipc_endpoint);
    }
    c.scalar("started_at_unix_ms", reference.started_at_unix_ms(), ours.started_at_unix_ms);
    c.text("boot_id", reference.boot_id(), ours.boot_id);
    c.optional_scalar("idle_timeout_secs", reference.has_idle_timeout_secs(), reference.idle_timeout_secs(),
                      ours.idle_timeout_secs);
    c.text("exe_hash_algorithm", reference.exe_hash_algorithm(), ours.exe_hash_algorithm);
    c.text("exe_hash", reference.exe_hash(), ours.exe_hash);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

// The v1 definition: fields 1-8 of the v2 one, with v1's own BrokerIsolation.
bool same_values(const pb1::ServiceDefinition& reference, const bw1::service_definition& ours, std::string* why) {
    field_checker c(why);
    c.text("service_name", reference.service_name(), ours.service_name);
    c.text("binary_path", reference.binary_path(), ours.binary_path);
    c.scalar("isolation", number_of(reference.isolation()), number_of(ours.isolation));
    c.text("explicit_instance", reference.explicit_instance(), ours.explicit_instance);
    c.text("per_version_binary_dir", reference.per_version_binary_dir(), ours.per_version_binary_dir);
    c.text("min_version", reference.min_version(), ours.min_version);
    c.texts("version_allow_list", reference.version_allow_list(), ours.version_allow_list);
    c.text_map("labels", reference.labels(), ours.labels);
    c.unknown(unknown_of(reference), ours.unknown_fields);
    return c.ok();
}

}  // namespace interop
