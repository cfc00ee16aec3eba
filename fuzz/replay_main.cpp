// A standalone driver that replays inputs through a harness without
// libFuzzer, so every corpus runs as an ordinary test (with any compiler,
// and under ASan+UBSan when the build enables them).
//
// Usage: <harness> PATH...   PATH is a file or a directory (walked
// recursively, in sorted order so runs are reproducible). Prints
// "N inputs replayed"; exits 1 when a path cannot be read or nothing was
// replayed. A violated invariant traps inside the harness.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& path, std::vector<std::uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

// Every regular file under `root` (or `root` itself), sorted.
bool collect(const fs::path& root, std::vector<fs::path>& files) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        files.push_back(root);
        return true;
    }
    if (!fs::is_directory(root, ec)) return false;
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path());
    }
    if (ec) return false;
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        if (!collect(argv[i], files)) {
            std::fprintf(stderr, "error: cannot read %s\n", argv[i]);
            return 1;
        }
    }
    std::size_t replayed = 0;
    std::vector<std::uint8_t> input;
    for (const fs::path& file : files) {
        if (!read_file(file, input)) {
            std::fprintf(stderr, "error: cannot read %s\n", file.string().c_str());
            return 1;
        }
        // libFuzzer never passes a null pointer, even for an empty input.
        static const std::uint8_t empty = 0;
        (void)LLVMFuzzerTestOneInput(input.empty() ? &empty : input.data(), input.size());
        ++replayed;
    }
    std::printf("%zu inputs replayed\n", replayed);
    return replayed == 0 ? 1 : 0;
}
