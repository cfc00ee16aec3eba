// Rule: every message of proto/ is held against libprotobuf. The interop
// tests visit the types of BROKERWIRE_FOR_EACH_MESSAGE (for_each_type), so a
// message added there is checked by each of them, and they build only once
// it has its same_values() and to_brokerwire(). This file checks that the
// list is right: each entry pairs brokerwire's type with libprotobuf's of the
// same full name, and together they are every message of the schema files.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include <google/protobuf/descriptor.h>

#include "reference_messages.hpp"

using namespace interop;

TEST_CASE("each interop type pairs a brokerwire message with libprotobuf's of the same full name") {
    int types = 0;
    for_each_type([&](auto pair) {
        using reference_type = typename decltype(pair)::reference;
        using ours_type = typename decltype(pair)::ours;
        INFO(pair.short_name);
        CHECK(reference_type::descriptor()->full_name() == std::string(ours_type::full_name));
        // The catalog's name ends with the proto name ("v1.ServiceDefinition").
        CHECK(reference_type::descriptor()->name() == std::string(pair.short_name.substr(pair.short_name.rfind('.') + 1)));
        ++types;
    });
    CHECK(types == type_count);
}

TEST_CASE("the interop types are every message the schema files define") {
    std::set<std::string> visited;
    for_each_type([&](auto pair) { visited.insert(decltype(pair)::reference::descriptor()->full_name()); });
    // The files tests/interop/pb/meson.build compiles with protoc.
    std::set<std::string> defined;
    for (const char* name : {"broker_v2.proto", "broker_v1_envelope.proto", "broker_v1_admin.proto",
                             "broker_v1_service_def.proto"}) {
        const google::protobuf::FileDescriptor* file =
            google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
        REQUIRE_MESSAGE(file != nullptr, name);
        for (int i = 0; i < file->message_type_count(); ++i) defined.insert(file->message_type(i)->full_name());
    }
    CHECK(visited == defined);
    CHECK(visited.size() == static_cast<std::size_t>(type_count));
}
