// `brokerwire hello`: a client's Hello to a v2 broker, exactly as upstream's
// client_v2 sends it, with the reply printed as proto3 JSON.
#include <cstdio>
#include <string>
#include <unistd.h>

#include "brokerwire/broker/hello_client.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/json.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "v2_locations.hpp"

namespace brokerwire::tool {
namespace {

constexpr const char* hello_usage =
    "brokerwire hello [--program P] [--version V] [--socket PATH] [--runtime-dir DIR] SERVICE";

void print_help() {
    std::printf(
        "usage: %s\n\n"
        "Sends SERVICE's Hello to the v2 broker of program P (default: SERVICE) at\n"
        "upstream's socket, as upstream's client_v2 sends it (wanted_version V,\n"
        "default empty), and prints the HelloReply as proto3 JSON on one line.\n"
        "Exit status: 0 Negotiated; 1 Refused (the code and reason on standard\n"
        "error), or no acceptable reply (what came back, on standard error);\n"
        "2 usage.\n",
        hello_usage);
}

int usage_error(const std::string& why) {
    std::fprintf(stderr, "error: %s\nusage: %s\n", why.c_str(), hello_usage);
    return 2;
}

}  // namespace

int run_hello(int argc, char** argv) {
    if (wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    std::string program, version, service;
    location_overrides where;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            if (!service.empty()) return usage_error("more than one SERVICE");
            service = arg;
            continue;
        }
        if (i + 1 >= argc) return usage_error(arg + " requires a value");
        const std::string value = argv[++i];
        if (arg == "--program") {
            program = value;
        } else if (arg == "--version") {
            version = value;
        } else if (arg == "--socket") {
            where.socket = value;
        } else if (arg == "--runtime-dir") {
            where.runtime_dir = value;
        } else {
            return usage_error("unknown argument: " + arg);
        }
    }
    if (service.empty()) return usage_error("SERVICE is required");
    if (program.empty()) program = service;
    v2_locations located;
    if (const std::string error = locate_v2(program, where, located); !error.empty()) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return 1;
    }
    const v1::hello hello = broker::client_v2_hello(program, service, version, brokerwire_version,
                                                    static_cast<std::uint32_t>(::getpid()));
    v1::hello_reply reply;
    if (const broker::broker_error error = broker::exchange_hello(located.socket, hello, reply); !error.ok()) {
        std::fprintf(stderr, "error: %s: %s\n", located.socket.c_str(), to_string(error).c_str());
        return 1;
    }
    std::string out;
    json::writer w(out);
    to_json(reply, w);
    std::printf("%s\n", out.c_str());
    if (const v1::refused* refused = reply.refused()) {
        std::fprintf(stderr, "refused (%s): %s\n", std::string(v1::name_of(refused->code)).c_str(),
                     refused->reason.c_str());
        return 1;
    }
    return 0;
}

}  // namespace brokerwire::tool
