#include "samples.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace brokerwire::bench {

const std::string& sample(std::string_view stem) {
    static std::map<std::string, std::string, std::less<>> cache;
    if (auto it = cache.find(stem); it != cache.end()) return it->second;
    const char* dir = std::getenv("BROKERWIRE_BENCH_DATA");
    const std::string path = std::string(dir != nullptr ? dir : BROKERWIRE_BENCH_DATA) + "/" +
                             std::string(stem) + ".bin";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "brokerwire-bench: cannot read sample %s\n", path.c_str());
        std::exit(1);
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return cache.emplace(std::string(stem), bytes.str()).first->second;
}

}  // namespace brokerwire::bench
