// `brokerwire decode` and `brokerwire encode`: binary <-> proto3 JSON.
#include <cstdio>
#include <string>
#include <vector>

#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages/catalog.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "input.hpp"

namespace brokerwire::tool {
namespace {

void list_types(std::FILE* out) {
    std::fputs("types:\n", out);
    for (const message_type* t = message_types_begin(); t != message_types_end(); ++t) {
        std::fprintf(out, "  %-32.*s %.*s\n", static_cast<int>(t->short_name.size()), t->short_name.data(),
                     static_cast<int>(t->full_name.size()), t->full_name.data());
    }
}

// Parses `COMMAND TYPE [FILE]`; prints usage and returns null on a usage error.
const message_type* parse_arguments(int argc, char** argv, const char* usage, const char*& file) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s\n", usage);
        return nullptr;
    }
    const message_type* type = find_message_type(argv[1]);
    if (type == nullptr) {
        std::fprintf(stderr, "error: unknown message type '%s'\n", argv[1]);
        list_types(stderr);
        return nullptr;
    }
    file = argc == 3 ? argv[2] : nullptr;
    return type;
}

}  // namespace

int run_decode(int argc, char** argv) {
    const char* usage = "brokerwire decode TYPE [FILE]";
    if (wants_help(argc, argv)) {
        std::printf(
            "usage: %s\n\nReads one binary message of TYPE from FILE (or standard input) and prints it\n"
            "as proto3 canonical JSON on one line. Malformed input: the reason and its byte\n"
            "offset on standard error, exit 1.\n\n",
            usage);
        list_types(stdout);
        return 0;
    }
    const char* file = nullptr;
    const message_type* type = parse_arguments(argc, argv, usage, file);
    if (type == nullptr) return 2;
    std::string input;
    if (!read_input(file, input)) return 1;
    std::string json;
    const status s = type->to_json(bytes_view(input), json);
    if (!s.ok()) {
        std::fprintf(stderr, "error: %.*s: %s\n", static_cast<int>(type->short_name.size()),
                     type->short_name.data(), to_string(s).c_str());
        return 1;
    }
    json.push_back('\n');
    return write_output(json) ? 0 : 1;
}

int run_encode(int argc, char** argv) {
    const char* usage = "brokerwire encode TYPE [FILE]";
    if (wants_help(argc, argv)) {
        std::printf(
            "usage: %s\n\nReads one proto3 JSON message of TYPE from FILE (or standard input) and writes\n"
            "its binary encoding to standard output. Field names in either form, enums by\n"
            "name or number, 64-bit integers as strings or numbers, bytes as base64.\n"
            "Bad JSON: the reason and its line:column on standard error, exit 1.\n\n",
            usage);
        list_types(stdout);
        return 0;
    }
    const char* file = nullptr;
    const message_type* type = parse_arguments(argc, argv, usage, file);
    if (type == nullptr) return 2;
    std::string input;
    if (!read_input(file, input)) return 1;
    json::value document;
    const json::parse_error parsed = json::parse(input, document);
    if (!parsed.ok()) {
        std::fprintf(stderr, "error: %s\n", json::to_string(parsed).c_str());
        return 1;
    }
    std::vector<std::uint8_t> bytes;
    const json::mapping_error mapped = type->from_json(document, bytes);
    if (!mapped.ok()) {
        std::fprintf(stderr, "error: %s\n", json::to_string(mapped).c_str());
        return 1;
    }
    return write_output(std::string(bytes.begin(), bytes.end())) ? 0 : 1;
}

}  // namespace brokerwire::tool
