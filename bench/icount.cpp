// brokerwire-icount OPERATION N: performs one benchmark operation N times
// and nothing else, for instruction counts where the CPU's counters are out
// of reach (a VM): tools/bench-report runs it under valgrind's callgrind
// with N = 0 and N = 20000 and divides the difference of the two totals by
// 20000, which leaves the instructions of one operation, start-up cancelled.
//
// Operations: <sample>/view, <sample>/owning, <sample>/encode,
// <sample>/memcpy, decode_and_register, and with the protobuf peer built
// <sample>/pb (ParseFromString into a reused message), with the prost peer
// <sample>/prost (prost's own loop).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "brokerwire/messages.hpp"
#include "brokerwire/registry/decode_and_register.hpp"
#include "brokerwire/registry/endpoint_registry.hpp"
#include "samples.hpp"

#if defined(BROKERWIRE_ICOUNT_HAVE_PB)
#include "broker_v1_envelope.pb.h"
#include "broker_v2.pb.h"
#endif
#if defined(BROKERWIRE_ICOUNT_HAVE_PROST)
#include "prost_peer.h"
#endif

namespace {

using namespace brokerwire;

// Keeps a value observable, as benchmark::DoNotOptimize does.
template <typename T>
void keep(T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

using operation = std::function<bool(std::uint64_t)>;

template <typename T>
operation decode_n(const char* stem) {
    return [stem](std::uint64_t n) {
        const std::string& input = bench::sample(stem);
        T out;
        bool ok = true;
        for (std::uint64_t i = 0; i < n; ++i) {
            ok &= decode(bytes_view(input), out).ok();
            keep(out);
        }
        return ok;
    };
}

template <typename Message>
operation encode_n(const char* stem) {
    return [stem](std::uint64_t n) {
        Message m;
        if (!decode(bytes_view(bench::sample(stem)), m).ok()) return false;
        std::vector<std::uint8_t> out(encoded_size(m));
        for (std::uint64_t i = 0; i < n; ++i) {
            std::size_t written = encode(m, out.data(), out.size());
            keep(written);
        }
        return true;
    };
}

operation memcpy_n(const char* stem) {
    return [stem](std::uint64_t n) {
        const std::string& input = bench::sample(stem);
        std::vector<char> out(input.size());
        for (std::uint64_t i = 0; i < n; ++i) {
            std::memcpy(out.data(), input.data(), input.size());
            char* p = out.data();
            keep(p);
        }
        return true;
    };
}

#if defined(BROKERWIRE_ICOUNT_HAVE_PB)
template <typename Pb>
operation pb_n(const char* stem) {
    return [stem](std::uint64_t n) {
        const std::string& input = bench::sample(stem);
        Pb m;
        bool ok = true;
        for (std::uint64_t i = 0; i < n; ++i) ok &= m.ParseFromString(input);
        return ok;
    };
}
#endif

#if defined(BROKERWIRE_ICOUNT_HAVE_PROST)
operation prost_n(const char* stem, std::uint32_t kind) {
    return [stem, kind](std::uint64_t n) {
        const std::string& input = bench::sample(stem);
        const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
        return n == 0 || prost_peer_decode_loop(kind, data, input.size(), n) != UINT64_MAX;
    };
}
#endif

template <typename Message, typename View>
void add(std::map<std::string, operation>& ops, const char* stem) {
    const std::string s = stem;
    ops[s + "/view"] = decode_n<View>(stem);
    ops[s + "/owning"] = decode_n<Message>(stem);
    ops[s + "/encode"] = encode_n<Message>(stem);
    ops[s + "/memcpy"] = memcpy_n(stem);
}

std::map<std::string, operation> operations() {
    std::map<std::string, operation> ops;
    add<v2::backend_http_ready, v2::backend_http_ready_view>(ops, "ready");
    add<v2::service_definition, v2::service_definition_view>(ops, "servicedef");
    add<v2::cache_manifest, v2::cache_manifest_view>(ops, "manifest");
    add<v2::session_start, v2::session_start_view>(ops, "session_start");
    add<v2::session_frame, v2::session_frame_view>(ops, "session_stdout_64k");
    add<v1::frame, v1::frame_view>(ops, "frame_ready");
    add<v1::hello, v1::hello_view>(ops, "hello");
    ops["decode_and_register"] = [](std::uint64_t n) {
        static const std::uint8_t body[] = {0x08, 0x80, 0x80, 0x03};  // bench/data/ready.bin
        endpoint_registry reg;
        reg.track("backend-00");
        bool ok = true;
        for (std::uint64_t i = 0; i < n; ++i) {
            ready_result r = decode_and_register(reg, "backend-00", bytes_view(body, sizeof body));
            ok &= r.ok();
            keep(r);
        }
        return ok;
    };
#if defined(BROKERWIRE_ICOUNT_HAVE_PB)
    namespace pb = running_process::broker;
    ops["ready/pb"] = pb_n<pb::v2::BackendHttpReady>("ready");
    ops["servicedef/pb"] = pb_n<pb::v2::ServiceDefinition>("servicedef");
    ops["manifest/pb"] = pb_n<pb::v2::CacheManifest>("manifest");
    ops["session_start/pb"] = pb_n<pb::v2::SessionStart>("session_start");
    ops["session_stdout_64k/pb"] = pb_n<pb::v2::SessionFrame>("session_stdout_64k");
    ops["frame_ready/pb"] = pb_n<pb::v1::Frame>("frame_ready");
    ops["hello/pb"] = pb_n<pb::v1::Hello>("hello");
#endif
#if defined(BROKERWIRE_ICOUNT_HAVE_PROST)
    ops["ready/prost"] = prost_n("ready", 0);
    ops["servicedef/prost"] = prost_n("servicedef", 2);
    ops["manifest/prost"] = prost_n("manifest", 3);
    ops["session_start/prost"] = prost_n("session_start", 4);
    ops["session_stdout_64k/prost"] = prost_n("session_stdout_64k", 5);
    ops["frame_ready/prost"] = prost_n("frame_ready", 6);
    ops["hello/prost"] = prost_n("hello", 7);
#endif
    return ops;
}

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, operation> ops = operations();
    const auto it = argc == 3 ? ops.find(argv[1]) : ops.end();
    if (it == ops.end()) {
        std::fprintf(stderr, "usage: brokerwire-icount OPERATION N\noperations:");
        for (const auto& [name, op] : ops) std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    const std::uint64_t n = std::strtoull(argv[2], nullptr, 10);
    // Load the sample before the loop in both runs, so N = 0 pays for it too.
    (void)it->second(0);
    if (!it->second(n)) {
        std::fprintf(stderr, "brokerwire-icount: %s failed\n", argv[1]);
        return 1;
    }
    return 0;
}
