#include "input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace brokerwire::tool {

bool read_input(const char* path, std::string& out) {
    const bool from_stdin = path == nullptr || std::strcmp(path, "-") == 0;
    std::FILE* f = from_stdin ? stdin : std::fopen(path, "rb");
    if (f == nullptr) {
        std::fprintf(stderr, "error: cannot open %s: %s\n", path, std::strerror(errno));
        return false;
    }
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    if (!from_stdin) std::fclose(f);
    if (failed) {
        std::fprintf(stderr, "error: cannot read %s\n", from_stdin ? "standard input" : path);
        return false;
    }
    return true;
}

bool write_output(const std::string& data) {
    return std::fwrite(data.data(), 1, data.size(), stdout) == data.size() && std::fflush(stdout) == 0;
}

}  // namespace brokerwire::tool
