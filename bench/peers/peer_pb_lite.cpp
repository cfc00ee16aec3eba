// BM_decode/<sample>/pb_lite, BM_encode/<sample>/pb_lite: Google protobuf
// C++ with `optimize_for = LITE_RUNTIME` (libprotobuf-lite). The protos are
// copied into the build tree with that option and a package of their own
// (lite_proto.py), so the full and lite generated code link into one binary
// without clashing names.
#include "broker_v1_envelope_lite.pb.h"
#include "broker_v2_lite.pb.h"
#include "pb_peer.hpp"

namespace {

namespace pb = running_process::broker;

struct lite_types {
    using ready = pb::v2lite::BackendHttpReady;
    using endpoint_resp = pb::v2lite::GetBrokerHttpEndpointResponse;
    using servicedef = pb::v2lite::ServiceDefinition;
    using manifest = pb::v2lite::CacheManifest;
    using session_start = pb::v2lite::SessionStart;
    using session_frame = pb::v2lite::SessionFrame;
    using frame = pb::v1lite::Frame;
    using hello = pb::v1lite::Hello;
    using hello_reply = pb::v1lite::HelloReply;
};

const bool registered = brokerwire::bench::pb_peer::register_all<lite_types>("pb_lite", nullptr);

}  // namespace
