// BM_decode/<sample>/pb, BM_decode/<sample>/pb_arena, BM_encode/<sample>/pb:
// Google protobuf C++ (libprotobuf, full runtime) on code protoc generated
// from proto/ at build time.
#include "broker_v1_envelope.pb.h"
#include "broker_v2.pb.h"
#include "pb_peer.hpp"

namespace {

namespace pb = running_process::broker;

struct full_types {
    using ready = pb::v2::BackendHttpReady;
    using endpoint_resp = pb::v2::GetBrokerHttpEndpointResponse;
    using servicedef = pb::v2::ServiceDefinition;
    using manifest = pb::v2::CacheManifest;
    using session_start = pb::v2::SessionStart;
    using session_frame = pb::v2::SessionFrame;
    using frame = pb::v1::Frame;
    using hello = pb::v1::Hello;
    using hello_reply = pb::v1::HelloReply;
};

const bool registered = brokerwire::bench::pb_peer::register_all<full_types>("pb", "pb_arena");

}  // namespace
