// Field-by-field comparison of a libprotobuf message with a brokerwire one,
// one function per message type, so a mismatch names the field.
#pragma once

#include <string>

#include "reference_messages.hpp"

namespace interop {

// True when `ours` holds exactly the values of `reference`: every field, every
// repeated element and map entry, the set oneof member, the presence of an
// optional message, and the unknown fields (compared as libprotobuf re-encodes
// them). Otherwise false, with the path of the first difference and both
// values in *why (when not null).
bool same_values(const pb2::BackendHttpReady& reference, const bw2::backend_http_ready& ours, std::string* why);
bool same_values(const pb2::GetBrokerHttpEndpointRequest& reference, const bw2::get_broker_http_endpoint_request& ours, std::string* why);
bool same_values(const pb2::GetBrokerHttpEndpointResponse& reference, const bw2::get_broker_http_endpoint_response& ours, std::string* why);
bool same_values(const pb2::GetSessionTokenRequest& reference, const bw2::get_session_token_request& ours, std::string* why);
bool same_values(const pb2::GetSessionTokenResponse& reference, const bw2::get_session_token_response& ours, std::string* why);
bool same_values(const pb2::HttpServerCapability& reference, const bw2::http_server_capability& ours, std::string* why);
bool same_values(const pb2::ServiceDefinition& reference, const bw2::service_definition& ours, std::string* why);
bool same_values(const pb2::CacheRoot& reference, const bw2::cache_root& ours, std::string* why);
bool same_values(const pb2::CacheManifest& reference, const bw2::cache_manifest& ours, std::string* why);
bool same_values(const pb2::SessionFrame& reference, const bw2::session_frame& ours, std::string* why);
bool same_values(const pb2::SessionStart& reference, const bw2::session_start& ours, std::string* why);
bool same_values(const pb2::SessionEnvVar& reference, const bw2::session_env_var& ours, std::string* why);
bool same_values(const pb2::SessionExit& reference, const bw2::session_exit& ours, std::string* why);
bool same_values(const pb1::Frame& reference, const bw1::frame& ours, std::string* why);
bool same_values(const pb1::AdminRequest& reference, const bw1::admin_request& ours, std::string* why);
bool same_values(const pb1::AdminReply& reference, const bw1::admin_reply& ours, std::string* why);

}  // namespace interop
