// The command line that runs a built program of ours. In a cross build meson
// runs tests through an emulator (the cross file's exe_wrapper, handed down in
// MESON_EXE_WRAPPER); a program a test starts must go through it too, or the
// kernel refuses to execute a foreign binary.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace test_support {

// The wrapper's words (none in a native build), then `program`, then `args`.
// Run it with execvp or posix_spawnp: the wrapper is found on PATH.
inline std::vector<std::string> program_command(const std::string& program,
                                                const std::vector<std::string>& args = {}) {
    std::vector<std::string> command;
    if (const char* wrapper = std::getenv("MESON_EXE_WRAPPER")) {
        std::istringstream words(wrapper);  // meson joins it with single spaces
        for (std::string w; words >> w;) command.push_back(w);
    }
    command.push_back(program);
    command.insert(command.end(), args.begin(), args.end());
    return command;
}

}  // namespace test_support
