// brokerwire messages holding the same values as libprotobuf ones, built field
// by field (not through bytes), for the encode direction of the interop tests.
#pragma once

#include "reference_messages.hpp"

namespace interop {

// The brokerwire message with every value of `reference`, unknown fields
// included (as libprotobuf encodes them).
bw2::backend_http_ready to_brokerwire(const pb2::BackendHttpReady& reference);
bw2::get_broker_http_endpoint_request to_brokerwire(const pb2::GetBrokerHttpEndpointRequest& reference);
bw2::get_broker_http_endpoint_response to_brokerwire(const pb2::GetBrokerHttpEndpointResponse& reference);
bw2::get_session_token_request to_brokerwire(const pb2::GetSessionTokenRequest& reference);
bw2::get_session_token_response to_brokerwire(const pb2::GetSessionTokenResponse& reference);
bw2::http_server_capability to_brokerwire(const pb2::HttpServerCapability& reference);
bw2::service_definition to_brokerwire(const pb2::ServiceDefinition& reference);
bw2::cache_root to_brokerwire(const pb2::CacheRoot& reference);
bw2::cache_manifest to_brokerwire(const pb2::CacheManifest& reference);
bw2::session_frame to_brokerwire(const pb2::SessionFrame& reference);
bw2::session_start to_brokerwire(const pb2::SessionStart& reference);
bw2::session_env_var to_brokerwire(const pb2::SessionEnvVar& reference);
bw2::session_exit to_brokerwire(const pb2::SessionExit& reference);
bw1::frame to_brokerwire(const pb1::Frame& reference);
bw1::admin_request to_brokerwire(const pb1::AdminRequest& reference);
bw1::admin_reply to_brokerwire(const pb1::AdminReply& reference);

}  // namespace interop
