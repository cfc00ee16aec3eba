// libprotobuf's generated classes for proto/ beside brokerwire's own, under
// short aliases. libprotobuf is the reference implementation here: the
// interop tests only, never the library, depend on it.
#pragma once

// Found through a system include directory (tests/interop/pb), so the strict
// warnings of this project do not apply to protoc's output.
#include "broker_v1_admin.pb.h"
#include "broker_v1_envelope.pb.h"
#include "broker_v2.pb.h"

#include <brokerwire/messages.hpp>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

#include <string_view>

namespace interop {

namespace pb1 = ::running_process::broker::v1;
namespace pb2 = ::running_process::broker::v2;
namespace bw1 = ::brokerwire::v1;
namespace bw2 = ::brokerwire::v2;

// The unknown fields libprotobuf keeps on a message (proto3 generated classes
// reach them only through reflection).
inline const google::protobuf::UnknownFieldSet& unknown_of(const google::protobuf::Message& message) {
    return message.GetReflection()->GetUnknownFields(message);
}
inline google::protobuf::UnknownFieldSet& mutable_unknown_of(google::protobuf::Message& message) {
    return *message.GetReflection()->MutableUnknownFields(&message);
}

// One message type in both implementations; `short_name` is the proto name.
template <class Reference, class Ours>
struct type_pair {
    using reference = Reference;
    using ours = Ours;
    std::string_view short_name;
};

// Calls `visit(type_pair<...>{name})` once for every message of the three
// schema files, in schema order.
template <class Visitor>
void for_each_type(Visitor&& visit) {
    visit(type_pair<pb2::BackendHttpReady, bw2::backend_http_ready>{"BackendHttpReady"});
    visit(type_pair<pb2::GetBrokerHttpEndpointRequest, bw2::get_broker_http_endpoint_request>{
        "GetBrokerHttpEndpointRequest"});
    visit(type_pair<pb2::GetBrokerHttpEndpointResponse, bw2::get_broker_http_endpoint_response>{
        "GetBrokerHttpEndpointResponse"});
    visit(type_pair<pb2::GetSessionTokenRequest, bw2::get_session_token_request>{"GetSessionTokenRequest"});
    visit(type_pair<pb2::GetSessionTokenResponse, bw2::get_session_token_response>{"GetSessionTokenResponse"});
    visit(type_pair<pb2::HttpServerCapability, bw2::http_server_capability>{"HttpServerCapability"});
    visit(type_pair<pb2::ServiceDefinition, bw2::service_definition>{"ServiceDefinition"});
    visit(type_pair<pb2::CacheRoot, bw2::cache_root>{"CacheRoot"});
    visit(type_pair<pb2::CacheManifest, bw2::cache_manifest>{"CacheManifest"});
    visit(type_pair<pb2::SessionFrame, bw2::session_frame>{"SessionFrame"});
    visit(type_pair<pb2::SessionStart, bw2::session_start>{"SessionStart"});
    visit(type_pair<pb2::SessionEnvVar, bw2::session_env_var>{"SessionEnvVar"});
    visit(type_pair<pb2::SessionExit, bw2::session_exit>{"SessionExit"});
    visit(type_pair<pb1::Frame, bw1::frame>{"Frame"});
    visit(type_pair<pb1::AdminRequest, bw1::admin_request>{"AdminRequest"});
    visit(type_pair<pb1::AdminReply, bw1::admin_reply>{"AdminReply"});
}

// The number of message types for_each_type visits.
inline constexpr int type_count = 16;

}  // namespace interop
