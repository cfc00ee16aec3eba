#include "arguments.hpp"

#include <cstdio>
#include <cstring>

namespace brokerwire::tool {
namespace {

bool is_help(const char* arg) { return std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0; }

bool set_switch(const char* arg, std::initializer_list<switch_option> switches) {
    for (const switch_option& s : switches) {
        if (std::strcmp(arg, s.name) == 0) {
            *s.on = true;
            return true;
        }
    }
    return false;
}

bool can_be_operand(const char* arg, operand_kind kind) {
    if (kind == operand_kind::none) return false;
    if (arg[0] != '-') return true;
    return kind == operand_kind::file && arg[1] == '\0';
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, const command_syntax& syntax,
                                      std::initializer_list<switch_option> switches, const char*& operand) {
    operand = nullptr;
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (is_help(arg)) {
            syntax.print_help();
            return 0;
        }
        if (set_switch(arg, switches)) continue;
        if (operand == nullptr && can_be_operand(arg, syntax.operand)) {
            operand = arg;
            continue;
        }
        std::fprintf(stderr, "error: unexpected argument '%s'\nusage: %s\n", arg, syntax.usage);
        return 2;
    }
    return std::nullopt;
}

std::optional<int> parse_command_line(int argc, char** argv, const command_syntax& syntax,
                                      std::initializer_list<switch_option> switches) {
    command_syntax without_operand = syntax;
    without_operand.operand = operand_kind::none;
    const char* never_set = nullptr;
    return parse_command_line(argc, argv, without_operand, switches, never_set);
}

bool wants_help(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (is_help(argv[i])) return true;
    }
    return false;
}

}  // namespace brokerwire::tool
