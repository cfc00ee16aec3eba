// `brokerwire scan`: every service definition and manifest of a directory,
// each with its verdict (docs/contract.md, "Loading and scanning": one bad
// file never hides the others).
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

#include "brokerwire/files/combined_loader.hpp"
#include "brokerwire/files/loader.hpp"
#include "brokerwire/files/names.hpp"
#include "brokerwire/files/paths.hpp"
#include "brokerwire/files/private_directory.hpp"
#include "brokerwire/files/quoted.hpp"
#include "brokerwire/json/writer.hpp"
#include "brokerwire/messages/json.hpp"
#include "brokerwire/wire/utf8.hpp"
#include "arguments.hpp"
#include "commands.hpp"

namespace brokerwire::tool {
namespace {

const char* const scan_usage = "brokerwire scan [--json] [DIR]";

// One file of the listing, of either kind.
struct scanned {
    std::string path;
    const char* type;  // "ServiceDefinition", "v1.ServiceDefinition" or "CacheManifest"
    files::file_error error;
    std::string label;  // "zccache" or "zccache 1.2.3"
    std::string json;   // the message as proto3 JSON, when it loaded
    std::string shadowed_by = {};  // a v1 file's: the name of the v2 file read instead
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

// A v1 `<name>.servicedef`, which upstream's combined loader reads when there
// is no `<name>.servicedef.v2` (files/combined_loader.hpp).
scanned from_v1_definition(const files::v1_scan_entry& e) {
    scanned s{e.path, "v1.ServiceDefinition", e.definition.error, {}, {}};
    if (e.definition.ok()) {
        s.label = e.definition.value.service_name;
        s.json = message_json(e.definition.value);
    }
    // Only the file name: it is the v1 file's own name plus ".v2", so valid text.
    if (!e.shadowed_by.empty()) s.shadowed_by = e.shadowed_by.substr(e.shadowed_by.rfind('/') + 1);
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
    const auto v1_defs = files::scan_v1_service_definitions(dir);
    if (!v1_defs.ok()) {
        dir_error = v1_defs.error;
        return all;
    }
    for (const auto& e : v1_defs.value) all.push_back(from_v1_definition(e));
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

// A path as JSON. JSON strings hold Unicode text and a file name is bytes:
// "path" is the name itself whenever it is valid UTF-8; otherwise each byte
// that is not part of valid UTF-8 becomes U+FFFD there, and "pathBase64"
// carries the exact bytes (standard padded base64, as proto3 JSON writes
// `bytes`), so the line stays valid JSON and the file can still be found.
void write_path(json::writer& w, const std::string& path) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(path.data());
    if (wire::is_valid_utf8(p, path.size())) {
        w.key("path");
        w.string(path);
        return;
    }
    std::string lossy;
    for (std::size_t i = 0; i < path.size();) {
        const std::size_t run = wire::utf8_valid_prefix(p + i, path.size() - i);
        lossy.append(path, i, run);
        i += run;
        if (i < path.size()) {
            lossy += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        }
    }
    w.key("path");
    w.string(lossy);
    w.key("pathBase64");
    w.base64(p, path.size());
}

void print_json_line(const scanned& s) {
    std::string line;
    json::writer w(line);
    w.begin_object();
    write_path(w, s.path);
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
    if (!s.shadowed_by.empty()) {
        w.key("shadowedBy");
        w.string(s.shadowed_by);
    }
    w.end_object();
    std::printf("%s\n", line.c_str());
}

// Paths are shown escaped (files::escaped): a file name may hold a newline or
// a terminal escape, and each line must stay one file.
void print_table(const std::string& dir, bool missing, const std::vector<scanned>& all) {
    std::size_t bad = 0;
    // As wide as the longest type listed ("v1.ServiceDefinition"), at least 18.
    int width = 18;
    for (const scanned& s : all) width = std::max(width, static_cast<int>(std::string_view(s.type).size()));
    std::printf("%-6s %-*s %-24s %s\n", "STATE", width, "TYPE", "NAME", "PATH");
    for (const scanned& s : all) {
        const std::string path = files::escaped(s.path);
        if (s.error.ok()) {
            std::printf("%-6s %-*s %-24s %s\n", "ok", width, s.type, s.label.c_str(), path.c_str());
        } else {
            ++bad;
            std::printf("%-6s %-*s %-24s %s\n", "error", width, s.type, "-", path.c_str());
            std::printf("       %s\n", files::to_string(s.error).c_str());
        }
        if (!s.shadowed_by.empty()) {
            std::printf("       unused: the broker reads %s instead\n", s.shadowed_by.c_str());
        }
    }
    std::printf("%zu file(s) in %s%s: %zu ok, %zu with errors\n", all.size(), files::escaped(dir).c_str(),
                missing ? " (no such directory)" : "", all.size() - bad, bad);
}

bool is_missing(const std::string& dir) {
    struct stat st {};
    return ::lstat(dir.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

void print_scan_help() {
    std::printf(
        "usage: %s\n\n"
        "Lists every service definition of DIR, v2 (*.servicedef.v2) and v1\n"
        "(*.servicedef, type v1.ServiceDefinition: read when no .servicedef.v2 of the\n"
        "same name exists, and held to upstream's v1 rules), and every cache manifest\n"
        "when DIR is a manifest registry (*.v2.pb) or a cache root\n"
        "(.running-process-manifest.v2.pb), each loaded and checked as the broker\n"
        "would. DIR defaults to the service-definition directory\n"
        "($RUNNING_PROCESS_SERVICE_DEF_DIR, $XDG_CONFIG_HOME/running-process/services,\n"
        "~/.config/running-process/services; on macOS ~/Library/Application Support/\n"
        "running-process/services).\n\n"
        "--json  one JSON object per file and line:\n"
        "        {\"path\":...,\"ok\":true,\"type\":\"ServiceDefinition\",\"message\":{...}}\n"
        "        {\"path\":...,\"ok\":false,\"error\":\"...\"}\n"
        "        A v1 file that a v2 file of its name overrides also has\n"
        "        \"shadowedBy\":\"<name>.servicedef.v2\".\n"
        "        A path that is not UTF-8 has U+FFFD for each bad byte in \"path\" and\n"
        "        its exact bytes, base64, in \"pathBase64\".\n\n"
        "A DIR that does not exist lists nothing, as upstream's scan does. DIR must\n"
        "otherwise be yours, not a symbolic link, and closed to group and others\n"
        "(mode & 077 == 0), as upstream's broker requires; scan never changes it.\n\n"
        "exit status: 0 when DIR could be read or does not exist (even with bad files\n"
        "in it); 1 when it is unreadable, not private, a symbolic link or another\n"
        "user's; 2 usage error.\n",
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
        print_table(dir, is_missing(dir), all);
    }
    return 0;
}

}  // namespace brokerwire::tool
