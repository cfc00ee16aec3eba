// `brokerwire manifest`: a cache manifest given as proto3 JSON, completed
// with the builder's defaults and written atomically where upstream's broker
// reads it: a cache root's own manifest, or a central-registry entry.
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "brokerwire/files/cache_manifest_builder.hpp"
#include "brokerwire/files/file_error.hpp"
#include "brokerwire/files/quoted.hpp"
#include "brokerwire/files/writers.hpp"
#include "brokerwire/json/reader.hpp"
#include "brokerwire/messages/json.hpp"
#include "commands.hpp"
#include "input.hpp"

namespace brokerwire::tool {
namespace {

const char* const manifest_usage = "brokerwire manifest (--root CACHE_ROOT | --registry DIR) [FILE]";

// Where the manifest goes: exactly one of the two options.
struct manifest_target {
    bool to_registry = false;
    const char* dir = nullptr;
    const char* file = nullptr;  // null: standard input
};

void print_manifest_help() {
    std::printf(
        "usage: %s\n\n"
        "Reads a CacheManifest as proto3 JSON from FILE (or standard input) and writes\n"
        "it atomically, creating the directory with mode 0700 (or making the user's own\n"
        "directory private, as upstream's writers do):\n"
        "  --root CACHE_ROOT   CACHE_ROOT/.running-process-manifest.v2.pb\n"
        "  --registry DIR      DIR/<serviceName>-<serviceVersion>.v2.pb\n"
        "serviceName and serviceVersion are required (they name the registry file);\n"
        "what else is left out gets the builder's default: brokerEnvelopeVersion \"v2\",\n"
        "createdAtUnixMs and lastActiveUnixMs now. Prints the path written.\n\n"
        "exit status: 0 written; 1 bad JSON, an invalid manifest, a refused directory\n"
        "or a failed write (the reason, naming the field or file, on standard error);\n"
        "2 usage error.\n",
        manifest_usage);
}

int fail(const std::string& reason) {
    std::fprintf(stderr, "error: %s\n", reason.c_str());
    return 1;
}

int usage_error(const char* why) {
    std::fprintf(stderr, "error: %s\nusage: %s\n", why, manifest_usage);
    return 2;
}

// Reads the command line into `target`; the exit status when it must stop.
std::optional<int> parse_target(int argc, char** argv, manifest_target& target) {
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
            print_manifest_help();
            return 0;
        }
        const bool root = std::strcmp(arg, "--root") == 0, registry = std::strcmp(arg, "--registry") == 0;
        if (root || registry) {
            if (target.dir != nullptr) return usage_error("give one of --root and --registry, once");
            if (i + 1 >= argc || argv[i + 1][0] == '\0') return usage_error("--root and --registry need a directory");
            target.to_registry = registry;
            target.dir = argv[++i];
        } else if ((arg[0] == '-' && arg[1] != '\0') || target.file != nullptr) {
            std::fprintf(stderr, "error: unexpected argument '%s'\nusage: %s\n", arg, manifest_usage);
            return 2;
        } else {
            target.file = arg;
        }
    }
    if (target.dir == nullptr) return usage_error("say where the manifest goes: --root CACHE_ROOT or --registry DIR");
    return std::nullopt;
}

// The builder's defaults for what the JSON left out. proto3 cannot tell a
// field left out from one at its default value (0, ""), so both count as
// missing; what was given is kept as given.
files::file_result<v2::cache_manifest> completed(v2::cache_manifest given) {
    files::cache_manifest_builder builder(given.service_name, given.service_version);
    builder.roots(std::move(given.roots));
    if (!given.broker_instance.empty()) builder.broker_instance(std::move(given.broker_instance));
    if (!given.bundle_id.empty()) builder.bundle_id(std::move(given.bundle_id));
    if (given.created_at_unix_ms != 0) builder.created_at_unix_ms(given.created_at_unix_ms);
    if (given.last_active_unix_ms != 0) builder.last_active_unix_ms(given.last_active_unix_ms);
    files::file_result<v2::cache_manifest> built = builder.build();
    if (built.ok() && !given.broker_envelope_version.empty()) {
        built.value.broker_envelope_version = std::move(given.broker_envelope_version);
    }
    return built;
}

// The two fields the file is named after get a message of their own when
// absent: "invalid service name \"\"" would not say which JSON field to add.
std::string missing_required(const v2::cache_manifest& m) {
    if (m.service_name.empty()) return "serviceName is missing: a manifest names its service";
    if (m.service_version.empty()) return "serviceVersion is missing: a manifest names its service's version";
    return "";
}

// Says on standard error what the writer did to the directory, if anything.
void report_directory(const std::string& dir, const files::private_directory_state& state) {
    if (state.change == files::directory_change::created) {
        std::fprintf(stderr, "note: created %s with mode 0700\n", files::quoted(dir).c_str());
    } else if (state.change == files::directory_change::tightened) {
        std::fprintf(stderr, "note: %s was mode %04o; made it 0700, as upstream's writers do\n",
                     files::quoted(dir).c_str(), static_cast<unsigned>(state.previous_mode & 07777U));
    }
}

}  // namespace

int run_manifest(int argc, char** argv) {
    manifest_target target;
    if (const auto stop = parse_target(argc, argv, target)) return *stop;

    std::string input;
    if (!read_input(target.file, input)) return 1;
    json::value document;
    if (const json::parse_error e = json::parse(input, document); !e.ok()) return fail(json::to_string(e));
    v2::cache_manifest given;
    if (const json::mapping_error e = v2::from_json(document, given); !e.ok()) return fail(json::to_string(e));
    if (const std::string missing = missing_required(given); !missing.empty()) return fail(missing);
    files::file_result<v2::cache_manifest> manifest = completed(std::move(given));
    if (!manifest.ok()) return fail(files::to_string(manifest.error));

    const std::string dir = target.dir;
    const auto written = target.to_registry ? files::write_to_central_in_dir(dir, manifest.value)
                                            : files::write_to_root(dir, manifest.value);
    if (!written.ok()) return fail(files::to_string(written.error));
    report_directory(dir, written.value.directory);
    std::printf("%s\n", written.value.path.c_str());
    return 0;
}

}  // namespace brokerwire::tool
