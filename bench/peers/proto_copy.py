#!/usr/bin/env python3
"""Copies a .proto for a benchmark peer whose generator needs it changed.

  proto_copy.py lite IN OUT    adds `option optimize_for = LITE_RUNTIME;` and
                               appends "lite" to the package, so the lite and
                               full protobuf C++ code can live in one binary.
  proto_copy.py no-optional IN OUT
                               drops the proto3 `optional` label, which
                               protoc-c 1.4 does not support; on a message
                               field it changes nothing on the wire (a
                               message field has presence either way); on
                               DaemonProcess.idle_timeout_secs it loses
                               presence, which no benchmark sample uses.
"""
import re
import sys


def lite(text: str) -> str:
    text, n = re.subn(r"^package\s+([\w.]+)\s*;",
                      r"package \1lite;\noption optimize_for = LITE_RUNTIME;",
                      text, count=1, flags=re.M)
    if n != 1:
        raise ValueError("no package line")
    return text


def no_optional(text: str) -> str:
    return re.sub(r"^(\s*)optional\s+", r"\1", text, flags=re.M)


def main() -> int:
    modes = {"lite": lite, "no-optional": no_optional}
    if len(sys.argv) != 4 or sys.argv[1] not in modes:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    try:
        text = modes[sys.argv[1]](text)
    except ValueError as e:
        print(f"proto_copy.py: {sys.argv[2]}: {e}", file=sys.stderr)
        return 1
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
