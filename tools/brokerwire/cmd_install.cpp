// `brokerwire install`: a service definition given as proto3 JSON, written
// atomically into a private service-definition directory (docs/contract.md,
// "Writing definitions and manifests").
#include <cstdio>
#include <cstring>
#include <string>

#include "brokerwire/files/paths.hpp"
#include "brokerwire/files/quoted.hpp"
#include "brokerwire/files/writers.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages/json.hpp"
#include "commands.hpp"
#include "input.hpp"

namespace brokerwire::tool {
namespace {

const char* const install_usage = "brokerwire install [--dir DIR] [FILE]";

void print_install_help() {
    std::printf(
        "usage: %s\n\n"
        "Reads a ServiceDefinition as proto3 JSON from FILE (or standard input),\n"
        "checks it as upstream's v1 broker would (service name; binaryPath and\n"
        "perVersionBinaryDir absolute; versions; explicitInstance set exactly when\n"
        "isolation is EXPLICIT_INSTANCE), and writes <DIR>/<serviceName>.servicedef.v2\n"
        "atomically. A missing DIR is created with mode 0700; an existing DIR of yours\n"
        "that group or others can enter is tightened to 0700, as upstream's writer does,\n"
        "and a note on standard error says so. A DIR that is a symbolic link or\n"
        "belongs to another user is refused.\n"
        "DIR defaults to the service-definition directory: $RUNNING_PROCESS_SERVICE_DEF_DIR,\n"
        "else $XDG_CONFIG_HOME/running-process/services, else\n"
        "~/.config/running-process/services (macOS: ~/Library/Application Support/\n"
        "running-process/services); a variable that is set must be an absolute path.\n"
        "Prints the path written.\n\n"
        "exit status: 0 written; 1 bad JSON, an invalid definition, a refused directory\n"
        "or a failed write (the reason on standard error); 2 usage error.\n",
        install_usage);
}

// Upstream's loader refuses a directory others can enter, so the writer
// closes it; the user should know a mode changed under them.
void note_directory_change(const std::string& dir, const files::private_directory_state& state) {
    if (state.change != files::directory_change::tightened) return;
    std::fprintf(stderr, "note: %s was mode %04o; made private (0700), as upstream's broker requires\n",
                 files::quoted(dir).c_str(), static_cast<unsigned>(state.previous_mode));
}

int fail(const std::string& reason) {
    std::fprintf(stderr, "error: %s\n", reason.c_str());
    return 1;
}

}  // namespace

int run_install(int argc, char** argv) {
    const char* dir_arg = nullptr;
    const char* file = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            print_install_help();
            return 0;
        }
        if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc && dir_arg == nullptr) {
            dir_arg = argv[++i];
        } else if ((argv[i][0] == '-' && argv[i][1] != '\0') || file != nullptr) {
            std::fprintf(stderr, "usage: %s\n", install_usage);
            return 2;
        } else {
            file = argv[i];
        }
    }

    std::string input;
    if (!read_input(file, input)) return 1;
    json::value document;
    if (const json::parse_error e = json::parse(input, document); !e.ok()) return fail(json::to_string(e));
    v2::service_definition def;
    if (const json::mapping_error e = v2::from_json(document, def); !e.ok()) return fail(json::to_string(e));

    std::string dir;
    if (dir_arg != nullptr) {
        dir = dir_arg;
    } else {
        const auto def_dir = files::service_definition_dir(files::directory_environment::from_process());
        if (!def_dir.ok()) return fail(files::to_string(def_dir.error));
        dir = def_dir.value;
    }
    const auto written = files::write_service_definition(dir, def);
    if (!written.ok()) return fail(files::to_string(written.error));
    note_directory_change(dir, written.value.directory);
    std::printf("%s\n", written.value.path.c_str());
    return 0;
}

}  // namespace brokerwire::tool
