// `brokerwire scan`: every service definition and manifest of a directory,
// each with its verdict (SPEC §5: one bad file never hides the others).
#include <algorithm>
#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "brokerwire/files/loader.hpp"
#include "brokerwire/files/names.hpp"
#include "brokerwire/files/paths.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/json.hpp"
#include "arguments.hpp"
#include "commands.hpp"

namespace brokerwire::tool {
namespace {

const char* const scan_usage = "brokerwire scan [--json] [DIR]";

// One file of the listing, of either kind.
struct scanned {
    std::string path;
    const char* type;  // "ServiceDefinition" or "CacheManifest"
    files::file_error error;
    std::string label;  // "zccache" or "zccache 1.2.3"
    std::string json;   // the message as proto3 JSON, when it loaded
};

template <class T>
std::string message_json(const T& m) {
    std::string out;
    json::writer w(out);
    to_json(m, w);
    return out;
}

scanned from_definition(const files::service_definition_scan_entry& e) {
    scanned s{e.path, "ServiceDefinition", e.definition.error, {}, {}};
    if (e.definition.ok()) {
        s.label = e.definition.value.service_name;
        s.json = message_json(e.definition.value);
    }
    return s;
}

scanned from_manifest(const std::string& path, const files::file_result<v2::cache_manifest>& m) {
    scanned s{path, "CacheManifest", m.error, {}, {}};
    if (m.ok()) {
        s.label = m.value.service_name + " " + m.value.service_version;
        s.json = message_json(m.value);
    }
    return s;
}

// Everything in `dir`: definitions, central manifests, and the per-root
// manifest when `dir` is a cache root. The directory itself was checked.
std::vector<scanned> collect(const std::string& dir, files::file_error& dir_error) {
    std::vector<scanned> all;
    const auto defs = files::scan_service_definitions(dir);
    if (!defs.ok()) {
        dir_error = defs.error;
        return all;
    }
    for (const auto& e : defs.value) all.push_back(from_definition(e));
    const auto manifests = files::scan_central_registry(dir);
    if (!manifests.ok()) {
        dir_error = manifests.error;
        return all;
    }
    for (const auto& e : manifests.value) all.push_back(from_manifest(e.path, e.manifest));
    const std::string root_manifest = files::root_manifest_path(dir);
    struct stat st {};
    if (::lstat(root_manifest.c_str(), &st) == 0) {
        all.push_back(from_manifest(root_manifest, files::load_root_manifest(dir)));
    }
    std::sort(all.begin(), all.end(), [](const scanned& a, const scanned& b) { return a.path < b.path; });
    return all;
}

void print_json_line(const scanned& s) {
    std::string line;
    json::writer w(line);
    w.begin_object();
    w.key("path");
    w.string(s.path);
    w.key("ok");
    w.boolean(s.error.ok());
    if (s.error.ok()) {
        w.key("type");
        w.string(s.type);
        w.key("message");
        w.raw(s.json);
    } else {
        w.key("error");
        w.string(files::to_string(s.error));
    }
    w.end_object();
    std::printf("%s\n", line.c_str());
}

void print_table(const std::string& dir, const std::vector<scanned>& all) {
    std::size_t bad = 0;
    std::printf("%-6s %-18s %-24s %s\n", "STATE", "TYPE", "NAME", "PATH");
    for (const scanned& s : all) {
        if (s.error.ok()) {
            std::printf("%-6s %-18s %-24s %s\n", "ok", s.type, s.label.c_str(), s.path.c_str());
        } else {
            ++bad;
            std::printf("%-6s %-18s %-24s %s\n", "error", s.type, "-", s.path.c_str());
            std::printf("       %s\n", files::to_string(s.error).c_str());
        }
    }
    std::printf("%zu file(s) in %s: %zu ok, %zu with errors\n", all.size(), dir.c_str(), all.size() - bad, bad);
}

void print_scan_help() {
    std::printf(
        "usage: %s\n\n"
        "Lists every service definition (*.servicedef.v2) of DIR, and every cache\n"
        "manifest when DIR is a manifest registry (*.v2.pb) or a cache root\n"
        "(.running-process-manifest.v2.pb), each loaded and checked as the broker\n"
        "would. DIR defaults to the service-definition directory\n"
        "($RUNNING_PROCESS_SERVICE_DEF_DIR, $XDG_CONFIG_HOME/running-process/services,\n"
        "~/.config/running-process/services).\n\n"
        "--json  one JSON object per file and line:\n"
        "        {\"path\":...,\"ok\":true,\"type\":\"ServiceDefinition\",\"message\":{...}}\n"
        "        {\"path\":...,\"ok\":false,\"error\":\"...\"}\n\n"
        "exit status: 0 when DIR could be read (even with bad files in it); 1 when it\n"
        "is missing, unreadable or group/world-writable; 2 usage error.\n",
        scan_usage);
}

}  // namespace

int run_scan(int argc, char** argv) {
    bool as_json = false;
    const char* dir_arg = nullptr;
    const command_syntax syntax{scan_usage, print_scan_help, operand_kind::directory};
    if (const auto stop = parse_command_line(argc, argv, syntax, {{"--json", &as_json}}, dir_arg)) return *stop;
    std::string dir;
    if (dir_arg != nullptr) {
        dir = dir_arg;
    } else {
        const auto def_dir = files::service_definition_dir(files::directory_environment::from_process());
        if (!def_dir.ok()) {
            std::fprintf(stderr, "error: %s\n", files::to_string(def_dir.error).c_str());
            return 1;
        }
        dir = def_dir.value;
    }
    files::file_error dir_error;
    const std::vector<scanned> all = collect(dir, dir_error);
    if (!dir_error.ok()) {
        std::fprintf(stderr, "error: %s\n", files::to_string(dir_error).c_str());
        return 1;
    }
    if (as_json) {
        for (const scanned& s : all) print_json_line(s);
    } else {
        print_table(dir, all);
    }
    return 0;
}

}  // namespace brokerwire::tool
