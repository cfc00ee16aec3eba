// Test helper: runs the brokerwire tool (BROKERWIRE_TOOL, set by meson) as a
// user would, with standard input from a string and its outputs captured.
#pragma once

#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "temp_dir.hpp"
#include "tool_command.hpp"

namespace brokerwire::files::testing {

struct tool_run {
    int exit_code = -1;  // -1: it did not exit normally
    std::string out;
    std::string err;
};

// Runs the tool with `args`, feeding `input` on standard input; standard
// output and error go through files in `scratch` (which must outlive the call).
inline tool_run run_brokerwire(const temp_dir& scratch, std::vector<std::string> args, const std::string& input = "") {
    const std::string in_path = scratch / ".tool-stdin", out_path = scratch / ".tool-stdout",
                      err_path = scratch / ".tool-stderr";
    write_plain(in_path, input);
    const test_support::c_string_array argv(test_support::program_command(BROKERWIRE_TOOL, args));
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open(in_path.c_str(), O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        test_support::exec_argv(argv);
    }
    tool_run r;
    int status = 0;
    if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    r.out = read_plain(out_path);
    r.err = read_plain(err_path);
    return r;
}

}  // namespace brokerwire::files::testing
