#!/usr/bin/env python3
"""Writes brokerwire's one-file amalgamation, for copy-vendoring.

Two pairs of files in vendor/, each a header and one translation unit:

  brokerwire.hpp, brokerwire.cpp
      every layer (core, JSON, registry, files, broker): Linux.
  brokerwire-core.hpp, brokerwire-core.cpp
      the portable core alone (wire primitives, message codec, byte
      framing): any C++17 target, bare metal included.

The source lists are read from the `<layer>_sources += files(...)` blocks of
src/**/meson.build, in the order meson reads them, so the amalgamation holds
exactly what the meson libraries hold. brokerwire.hpp holds every public
header (include/brokerwire/**); brokerwire-core.hpp those the core's sources
reach, and the other headers of the folders those sources mirror that need no
more (messages/list.hpp, messages.hpp). Each header stands once, after the
headers it includes. The .cpp includes its header, then holds each source and,
where first included, each private header (src/**/*.hpp). Includes of
brokerwire headers are dropped; system includes stay where they stood.

The folder is named vendor/ because it holds what a vendor copies, and because
tools that look for code written twice skip vendor/ folders: every line here
is a copy of include/ and src/, on purpose. The output is committed and never
edited by hand; `--check` fails when it is stale (tools/check-amalgamation.sh).
"""
import argparse
import pathlib
import re
import sys
import textwrap

sys.dont_write_bytecode = True  # no tools/__pycache__ left behind
import generated_files  # noqa: E402  (beside this script, so on the path)

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = "vendor"
PORTABLE_LAYER = "core"

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
PRAGMA_ONCE = re.compile(r"^\s*#\s*pragma\s+once\b")
MESON_STEP = re.compile(r"\bsubdir\(\s*'([^']+)'\s*\)|\b(\w+)_sources\s*\+=\s*files\(([^)]*)\)", re.S)
MESON_LAYER = re.compile(r"^(\w+)_sources\s*=\s*\[\s*\]", re.M)
VERSION = re.compile(r'inline constexpr const char\* version = "([^"]+)"')


class AmalgamationError(Exception):
    pass


def rel(path):
    return path.relative_to(ROOT).as_posix()


def meson_code(path):
    """A meson.build's text without its comments (no '#' stands in a source name)."""
    return "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())


def layer_sources():
    """{layer: [source paths]} from src/meson.build and the files it descends into."""
    top = ROOT / "src" / "meson.build"
    layers = {name: [] for name in MESON_LAYER.findall(meson_code(top))}
    if PORTABLE_LAYER not in layers:
        raise AmalgamationError(f"src/meson.build declares no {PORTABLE_LAYER}_sources")

    def walk(build):
        for m in MESON_STEP.finditer(meson_code(build)):
            if m.group(1):
                walk(build.parent / m.group(1) / "meson.build")
                continue
            layer, names = m.group(2), re.findall(r"'([^']+)'", m.group(3))
            if layer not in layers:
                raise AmalgamationError(f"{rel(build)}: {layer}_sources is not declared in src/meson.build")
            for name in names:
                source = build.parent / name
                if not source.is_file():
                    raise AmalgamationError(f"{rel(build)}: no such source {name}")
                layers[layer].append(source)

    walk(top)
    return layers


class Includes:
    """Resolves and caches each file's #include lines."""

    def __init__(self):
        self.cache = {}

    def resolve(self, including, quote, name):
        """('public'|'private'|'system', path or None) for one include."""
        if name.startswith("brokerwire/"):
            path = ROOT / "include" / name
            if not path.is_file():
                raise AmalgamationError(f"{rel(including)}: no such public header {name}")
            return "public", path
        if quote == '"':
            path = (including.parent / name).resolve()
            if path.is_file():
                if not path.is_relative_to(ROOT / "src"):
                    raise AmalgamationError(f"{rel(including)}: \"{name}\" is not a private header under src/")
                return "private", path
        return "system", None

    def of(self, path):
        """[(line index, kind, path)] for every include line of `path`."""
        if path not in self.cache:
            found = []
            for i, line in enumerate(path.read_text().splitlines()):
                m = INCLUDE.match(line)
                if m:
                    found.append((i, *self.resolve(path, m.group(1), m.group(2))))
            self.cache[path] = found
        return self.cache[path]


def public_headers(sources, candidates, includes):
    """The public headers `sources` reach, and those of `candidates` that need no
    more, each after the ones it includes."""
    order, done, active = [], set(), []

    def visit(path):
        if path in done:
            return
        if path in active:
            cycle = " -> ".join(rel(p) for p in active[active.index(path):] + [path])
            raise AmalgamationError(f"include cycle: {cycle}")
        active.append(path)
        for _, kind, dep in includes.of(path):
            if kind != "system":
                visit(dep)
        active.pop()
        done.add(path)
        if path.is_relative_to(ROOT / "include"):
            order.append(path)

    for source in sources:
        visit(source)
    # Then the header-only headers that need nothing beyond what the layer
    # has, among `candidates` (the message X-macro list, umbrella headers), so
    # that a consumer finds every header of the layer.
    grown = True
    while grown:
        grown = False
        for header in candidates:
            if header not in done and all(dep in done for _, kind, dep in includes.of(header) if kind != "system"):
                visit(header)
                grown = True
    return order


def comment(text):
    """`text` as // comment lines of at most 80 columns, `code` kept on one line."""
    glued = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    lines = textwrap.wrap(glued, 77, break_on_hyphens=False, break_long_words=False)
    return ["// " + line.replace("\0", " ") for line in lines]


def banner(name, stem, layers, version, what, link):
    return comment(f"{name}: brokerwire {version}, {what}.") + ["//"] + comment(
        f"Part of the amalgamation for copying into a project: {stem}.hpp and {stem}.cpp; "
        f"compile {stem}.cpp as one more C++17 source{link}.") + ["//"] + comment(
        "GENERATED by tools/amalgamate.py from include/brokerwire/**, src/** and the source lists "
        f"of src/**/meson.build (layers: {', '.join(layers)}). Never edit it by hand: in a "
        "brokerwire checkout, `python3 tools/amalgamate.py` writes it anew and "
        "`python3 tools/amalgamate.py --check` says whether it is current. Each file inlined "
        "here starts at a line `// ---- <its path> ----`.") + [""]


def body(path, includes, inline_private, emitted):
    """`path`'s lines, its brokerwire includes removed or (private headers) inlined."""
    kinds = {i: (kind, dep) for i, kind, dep in includes.of(path)}
    out = []
    for i, line in enumerate(path.read_text().splitlines()):
        if PRAGMA_ONCE.match(line):
            continue
        kind, dep = kinds.get(i, (None, None))
        if kind == "public" or (kind == "private" and not inline_private):
            continue
        if kind == "private":
            if dep not in emitted:
                emitted.add(dep)
                out += file_block(dep, includes, inline_private, emitted)
                out.append(f"// ---- {rel(path)}, continued ----")
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def file_block(path, includes, inline_private, emitted):
    return [f"// ---- {rel(path)} ----"] + body(path, includes, inline_private, emitted) + [""]


def mirrored_headers(sources):
    """The public headers of the folders that `sources` mirror: src/<d>/ ->
    include/brokerwire/<d>/**.hpp and include/brokerwire/<d>.hpp."""
    public = ROOT / "include" / "brokerwire"
    folders = sorted({source.relative_to(ROOT / "src").parts[0] for source in sources})
    out = []
    for folder in folders:
        out += sorted((public / folder).rglob("*.hpp"))
        if (public / f"{folder}.hpp").is_file():
            out.append(public / f"{folder}.hpp")
    return out


def amalgamation(stem, layers, sources, candidates, version, what, link=""):
    includes = Includes()
    headers = public_headers(sources, candidates, includes)
    guard = re.sub(r"\W", "_", stem).upper() + "_AMALGAMATION_HPP"
    hpp = banner(f"{stem}.hpp", stem, layers, version, what, link)
    hpp += [f"#ifndef {guard}", f"#define {guard}", ""]
    for header in headers:
        hpp += file_block(header, includes, False, set())
    hpp += [f"#endif  // {guard}"]

    cpp = banner(f"{stem}.cpp", stem, layers, version, what, link)
    cpp += [f'#include "{stem}.hpp"', ""]
    emitted = set()
    for source in sources:
        cpp += file_block(source, includes, True, emitted)
    while cpp[-1] == "":
        cpp.pop()
    return {f"{OUT_DIR}/{stem}.hpp": "\n".join(hpp) + "\n", f"{OUT_DIR}/{stem}.cpp": "\n".join(cpp) + "\n"}


def outputs():
    layers = layer_sources()
    m = VERSION.search((ROOT / "include" / "brokerwire" / "version.hpp").read_text())
    if not m:
        raise AmalgamationError("include/brokerwire/version.hpp states no version")
    version = m.group(1)
    every = [source for sources in layers.values() for source in sources]
    # Every layer holds every public header; the core, those of its folders.
    every_header = sorted((ROOT / "include").rglob("*.hpp"))
    files = amalgamation("brokerwire", list(layers), every, every_header, version,
                         "every layer: codec, framing, JSON, registry, files, broker (Linux)",
                         " (and link with threads)")
    core = layers[PORTABLE_LAYER]
    files.update(amalgamation("brokerwire-core", [PORTABLE_LAYER], core, mirrored_headers(core), version,
                              "the portable core: wire primitives, message codec and byte framing "
                              "(any C++17 target, bare metal included)"))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed output is stale")
    args = ap.parse_args()
    try:
        files = outputs()
    except AmalgamationError as e:
        print(f"amalgamate.py: {e}", file=sys.stderr)
        return 1
    return generated_files.write_or_check(ROOT, files, args.check, "stale amalgamation", "tools/amalgamate.py",
                                          diff_lines=40)  # the start of a diff says enough


if __name__ == "__main__":
    sys.exit(main())
