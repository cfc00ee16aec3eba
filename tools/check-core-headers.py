#!/usr/bin/env python3
"""Checks that the portable core includes nothing but the C++ standard library.

Usage: check-core-headers.py BUILD_DIR   (a build configured with -Dlayers=core)

Takes the core library's sources (`meson introspect`) and the compiler's record
of every header they included (`ninja -t deps`), keeps ours, and refuses any `#include <...>` in
them that is not a C++17 standard header: a POSIX or Linux header in the core
would break the bare-metal and non-POSIX builds it promises.
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

STANDARD = set("""
algorithm any array atomic bitset cassert cctype cerrno cfloat charconv chrono cinttypes climits
cmath complex condition_variable csetjmp csignal cstdarg cstddef cstdint cstdio cstdlib cstring ctime
cuchar cwchar cwctype deque exception execution filesystem forward_list fstream functional future
initializer_list iomanip ios iosfwd iostream istream iterator limits list locale map memory
memory_resource mutex new numeric optional ostream queue random ratio regex scoped_allocator set
shared_mutex sstream stack stdexcept streambuf string string_view system_error thread tuple
type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
""".split())


def our_headers(build_dir):
    deps = subprocess.run(["ninja", "-C", build_dir, "-t", "deps"], check=True,
                          capture_output=True, text=True).stdout
    headers, in_core = set(), False
    for line in deps.splitlines():
        if line and not line.startswith(" "):
            in_core = line.startswith("libbrokerwire-core.")
        elif in_core and line.strip():
            path = (pathlib.Path(build_dir) / line.strip()).resolve()
            if ROOT in path.parents and not path.is_relative_to(pathlib.Path(build_dir).resolve()):
                headers.add(path)
    return headers


def our_sources(build_dir):
    targets = json.loads(subprocess.run(["meson", "introspect", build_dir, "--targets"], check=True,
                                        capture_output=True, text=True).stdout)
    return {pathlib.Path(src).resolve() for t in targets if t["name"] == "brokerwire-core"
            for part in t["target_sources"] for src in part.get("sources", [])}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    headers = our_headers(sys.argv[1]) | our_sources(sys.argv[1])
    if not headers:
        print("no core objects found: is the build configured with -Dlayers=core and compiled?",
              file=sys.stderr)
        return 1
    bad = []
    for h in sorted(headers):
        for n, line in enumerate(h.read_text().splitlines(), 1):
            m = re.match(r"\s*#\s*include\s*<([^>]+)>", line)
            if m and not m.group(1).startswith("brokerwire/") and m.group(1) not in STANDARD:
                bad.append(f"{h.relative_to(ROOT)}:{n}: <{m.group(1)}> is not a C++ standard header")
    for b in bad:
        print(b, file=sys.stderr)
    print(f"{len(headers)} files of the core checked, {len(bad)} non-standard includes")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
