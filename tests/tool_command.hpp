// The command line that runs a built program of ours. In a cross build meson
// runs tests through an emulator (the cross file's exe_wrapper, handed down in
// MESON_EXE_WRAPPER); a program a test starts must go through it too, or the
// kernel refuses to execute a foreign binary.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>
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

// Words as the null-terminated array of C strings that execvp, posix_spawnp
// and an environment take. The array points into the words it holds, so it
// is neither copied nor moved: build it where it is used.
class c_string_array {
public:
    explicit c_string_array(std::vector<std::string> words) : words_(std::move(words)) {
        for (std::string& w : words_) pointers_.push_back(w.data());
        pointers_.push_back(nullptr);
    }
    c_string_array(const c_string_array&) = delete;
    c_string_array& operator=(const c_string_array&) = delete;

    char* const* data() const { return pointers_.data(); }

private:
    std::vector<std::string> words_;
    std::vector<char*> pointers_;
};

// For a forked child: becomes the command `argv` holds; exit status 127 if
// it cannot, as a shell reports a command it cannot run. Build `argv` before
// the fork: a child of a threaded test may not allocate (another thread can
// hold the allocator's lock at the fork, and under ASan the child hangs).
[[noreturn]] inline void exec_argv(const c_string_array& argv) {
    ::execvp(argv.data()[0], argv.data());
    ::_exit(127);
}

}  // namespace test_support
