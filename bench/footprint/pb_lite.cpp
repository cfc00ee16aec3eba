// protobuf C++ (lite runtime): decode and encode ServiceDefinition and BackendHttpReady.
#include <cstdio>
#include <string>

#include "broker_v2_lite.pb.h"

int main() {
    std::string in(1 << 16, '\0');
    in.resize(std::fread(in.data(), 1, in.size(), stdin));
    running_process::broker::v2lite::ServiceDefinition def;
    running_process::broker::v2lite::BackendHttpReady ready;
    const bool ok = def.ParseFromString(in) && ready.ParseFromString(in);
    const std::string a = def.SerializeAsString();
    const std::string b = ready.SerializeAsString();
    std::fwrite(a.data(), 1, a.size(), stdout);
    std::fwrite(b.data(), 1, b.size(), stdout);
    return ok ? 0 : 1;
}
