// The command lines of the tool: on/off switches such as --json, in any
// order, and at most one operand (a FILE or a DIR).
#pragma once

#include <initializer_list>
#include <optional>

namespace brokerwire::tool {

// One on/off option: `name` ("--json") sets `*on`.
struct switch_option {
    const char* name;
    bool* on;
};

// What a command takes besides its switches. For a file, "-" names
// standard input; a directory has no such spelling, so "-" is refused.
enum class operand_kind { none, file, directory };

struct command_syntax {
    const char* usage;  // "brokerwire frames [--json] [--hex] [FILE]"
    void (*print_help)();
    operand_kind operand;
};

// Reads argv[1..argc) in order as `syntax` says, setting the switches and
// `operand` (left null when there is none). Returns the exit status when the
// command must stop here: 0 once --help or -h has printed the help, 2 once
// an unexpected argument has been named on standard error with the usage.
// Returns nothing when the command should run.
std::optional<int> parse_command_line(int argc, char** argv, const command_syntax& syntax,
                                      std::initializer_list<switch_option> switches, const char*& operand);

// The same, for a command that takes no operand: any is unexpected.
std::optional<int> parse_command_line(int argc, char** argv, const command_syntax& syntax,
                                      std::initializer_list<switch_option> switches);

// True when any argument is --help or -h: for commands whose other
// arguments are checked only after the help has had its chance.
bool wants_help(int argc, char** argv);

}  // namespace brokerwire::tool
