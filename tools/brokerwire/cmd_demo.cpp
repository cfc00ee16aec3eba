// brokerwire demo: placeholder, replaced by its implementation.
#include <cstdio>

#include "commands.hpp"

int brokerwire::tool::run_demo(int, char**) {
    std::fputs("error: not built yet\n", stderr);
    return 1;
}
