// brokerwire: inspect and produce running_process broker v2 messages.
#include <cstdio>
#include <cstring>
#include <iterator>

#include "commands.hpp"

namespace {

using brokerwire::tool::command;

constexpr command commands[] = {
    {"demo", "demo [--json]            the whole library at work in a temporary directory", brokerwire::tool::run_demo},
    {"decode", "decode TYPE [FILE]       binary message -> proto3 JSON on one line", brokerwire::tool::run_decode},
    {"encode", "encode TYPE [FILE]       proto3 JSON -> binary message", brokerwire::tool::run_encode},
    {"decode-raw", "decode-raw [--json] [FILE]   any message without a schema, with byte offsets", brokerwire::tool::run_decode_raw},
    {"frames", "frames [--json] [FILE]   split a captured byte stream into frames and decode each", brokerwire::tool::run_frames},
    {"serve", "serve [--program NAME] [--once] [--run-dir DIR] ...   the v2 broker, at upstream's socket", brokerwire::tool::run_serve},
    {"hello", "hello [--program P] [--version V] SERVICE   a client's Hello to the v2 broker", brokerwire::tool::run_hello},
    {"daemon", "daemon --service NAME --runtime-dir DIR [--socket PATH]   a daemon on its own socket, published for the v2 broker", brokerwire::tool::run_daemon},
    {"probe", "probe [--identity-file-json] SOCKET   upstream's endpoint probe; the DaemonProcess that answers", brokerwire::tool::run_probe},
    {"query", "query --run-dir DIR     the broker's HTTP endpoint as proto3 JSON", brokerwire::tool::run_query},
    {"admin", "admin --run-dir DIR status|healthz|readyz|metrics|shutdown   ask the broker's admin lane", brokerwire::tool::run_admin},
    {"scan", "scan [--json] [DIR]      service definitions and manifests of a directory, each checked", brokerwire::tool::run_scan},
    {"install", "install [--dir DIR] [FILE]   proto3 JSON service definition -> DIR/<name>.servicedef.v2", brokerwire::tool::run_install},
    {"manifest", "manifest --root DIR|--registry DIR [FILE]   proto3 JSON cache manifest -> its file in DIR", brokerwire::tool::run_manifest},
};

void print_help(std::FILE* out) {
    std::fputs("usage: brokerwire COMMAND [ARGS]\n\ncommands:\n", out);
    for (const command& c : commands) std::fprintf(out, "  %s\n", c.synopsis);
    std::fputs(
        "\nTYPE is a message name, short (ServiceDefinition) or full\n"
        "(running_process.broker.v2.ServiceDefinition). FILE defaults to standard input.\n"
        "`brokerwire COMMAND --help` describes one command.\n"
        "\nexit status: 0 success; 1 malformed input or a failed operation\n"
        "(the reason, with its byte offset or line:column, on standard error); 2 usage error.\n",
        out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
        std::strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    for (const command& c : commands) {
        if (std::strcmp(argv[1], c.name) == 0) return c.run(argc - 1, argv + 1);
    }
    std::fprintf(stderr, "error: unknown command '%s' (try brokerwire --help)\n", argv[1]);
    return 2;
}
