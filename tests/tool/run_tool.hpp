// Runs the real brokerwire binary with arguments and standard input, and
// collects its exit status, standard output and standard error. Streams go
// through files in a fresh mkdtemp directory, so no pipe can fill up.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tool_command.hpp"

extern char** environ;

namespace brokerwire::test {

struct tool_result {
    int exit_code = -1;  // -1 when the tool did not exit normally
    std::string out;
    std::string err;
};

// A fresh directory under $TMPDIR (or /tmp), removed with its files.
class scratch_dir {
public:
    scratch_dir() {
        const char* base = std::getenv("TMPDIR");
        std::string templ = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/brokerwire-tool-XXXXXX";
        if (::mkdtemp(templ.data()) != nullptr) path_ = templ;
    }
    ~scratch_dir() {
        for (const std::string& f : files_) ::unlink(f.c_str());
        if (!path_.empty()) ::rmdir(path_.c_str());
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    bool ok() const { return !path_.empty(); }

    // Writes `bytes` to a file of this directory and returns its path.
    std::string write(const std::string& name, const std::string& bytes) {
        const std::string p = path_ + "/" + name;
        std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
        files_.push_back(p);
        return p;
    }

    std::string read(const std::string& name) const {
        std::ifstream in(path_ + "/" + name, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

    std::string path(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
    std::vector<std::string> files_;
};

// The process environment with each "NAME=value" of `overrides` added,
// replacing the variable of the same name.
inline std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
    std::vector<std::string> env = overrides;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('=') + 1);
        bool replaced = false;
        for (const std::string& o : overrides) replaced = replaced || o.rfind(name, 0) == 0;
        if (!replaced) env.push_back(entry);
    }
    return env;
}

// Runs BROKERWIRE_TOOL with `args`, feeding `input` on standard input; `env`
// entries ("NAME=value") are added to its environment.
inline tool_result run_tool(const std::vector<std::string>& args, const std::string& input = "",
                            const std::vector<std::string>& env = {}) {
    tool_result result;
    scratch_dir dir;
    if (!dir.ok()) return result;
    const std::string in = dir.write("stdin", input);
    const std::string out = dir.write("stdout", "");
    const std::string err = dir.write("stderr", "");

    const test_support::c_string_array argv(test_support::program_command(BROKERWIRE_TOOL, args));
    const test_support::c_string_array envp(environment_with(env));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_TRUNC, 0);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv.data()[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return result;
    int wstatus = 0;
    if (::waitpid(pid, &wstatus, 0) != pid) return result;
    if (WIFEXITED(wstatus)) result.exit_code = WEXITSTATUS(wstatus);
    result.out = dir.read("stdout");
    result.err = dir.read("stderr");
    return result;
}

}  // namespace brokerwire::test
