// brokerwire decode-raw: placeholder, replaced by its implementation.
#include <cstdio>

#include "commands.hpp"

int brokerwire::tool::run_decode_raw(int, char**) {
    std::fputs("error: not built yet\n", stderr);
    return 1;
}
