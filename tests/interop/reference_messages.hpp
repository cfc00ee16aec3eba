// libprotobuf's generated classes for proto/ beside brokerwire's own, under
// short aliases. libprotobuf is the reference implementation here: the
// interop tests only, never the library, depend on it.
#pragma once

// Found through a system include directory (tests/interop/pb), so the strict
// warnings of this project do not apply to protoc's output.
#include "broker_v1_admin.pb.h"
#include "broker_v1_envelope.pb.h"
#include "broker_v1_service_def.pb.h"
#include "broker_v2.pb.h"

#include <brokerwire/messages.hpp>
#include <brokerwire/messages/list.hpp>
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

// One message type in both implementations; `short_name` is the catalog's name
// (ns::type::short_name: the proto name, or "v1.ServiceDefinition" where two
// packages share one).
template <class Reference, class Ours>
struct type_pair {
    using reference = Reference;
    using ours = Ours;
    std::string_view short_name;
};

// Calls `visit(type_pair<...>{name})` once for every message of the schema, in
// the order of BROKERWIRE_FOR_EACH_MESSAGE: a message added to proto/ is
// visited by every interop test without an edit here, and the tests fail to
// build until it has its same_values() and to_brokerwire().
template <class Visitor>
void for_each_type(Visitor&& visit) {
    // libprotobuf's package running_process.broker.<ns> is brokerwire's namespace <ns>.
#define INTEROP_VISIT(ns, type, Name) \
    visit(type_pair<::running_process::broker::ns::Name, ::brokerwire::ns::type>{::brokerwire::ns::type::short_name});
    BROKERWIRE_FOR_EACH_MESSAGE(INTEROP_VISIT)
#undef INTEROP_VISIT
}

// The number of message types for_each_type visits.
#define INTEROP_COUNT(ns, type, Name) +1
inline constexpr int type_count = 0 BROKERWIRE_FOR_EACH_MESSAGE(INTEROP_COUNT);
#undef INTEROP_COUNT

}  // namespace interop
