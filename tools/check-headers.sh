#!/usr/bin/env bash
# Every public header compiles on its own, in C++17 and C++20, with GCC and
# clang, under the strict flags vendors use.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-fsyntax-only -Iinclude -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -fno-exceptions -fno-rtti)
status=0
for header in $(find include -name '*.hpp' | sort); do
  for compiler in g++ clang++; do
    for std in c++17 c++20; do
      if ! echo "#include \"${header#include/}\"" | $compiler -x c++ "-std=$std" "${flags[@]}" -; then
        echo "FAILED: $header with $compiler -std=$std"; status=1
      fi
    done
  done
done
exit $status
