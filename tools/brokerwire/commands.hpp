// The subcommands of the brokerwire tool. Each takes the arguments after the
// command name and returns the process exit code: 0 success, 1 bad input or a
// failed operation, 2 a usage error.
#pragma once

namespace brokerwire::tool {

struct command {
    const char* name;
    const char* synopsis;  // one line for `brokerwire --help`
    int (*run)(int argc, char** argv);  // argv[0] is the command name
};

int run_decode(int argc, char** argv);
int run_encode(int argc, char** argv);
int run_serve(int argc, char** argv);
int run_hello(int argc, char** argv);
int run_daemon(int argc, char** argv);
int run_probe(int argc, char** argv);
int run_query(int argc, char** argv);
int run_admin(int argc, char** argv);
int run_scan(int argc, char** argv);
int run_install(int argc, char** argv);
int run_manifest(int argc, char** argv);
int run_demo(int argc, char** argv);
int run_decode_raw(int argc, char** argv);
int run_frames(int argc, char** argv);

}  // namespace brokerwire::tool
