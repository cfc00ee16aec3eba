#!/usr/bin/env python3
"""tools/generate_messages.py refuses, naming the file and line, every proto construct it
does not implement, instead of generating code that silently loses what the schema says;
and it accepts the constructs it does implement.

  generator_refuses_test.py GENERATOR    prints one line per case and "N passed, M failed"
"""
import pathlib
import subprocess
import sys
import tempfile

# (what, a proto3 body, the line the refusal must name, a word the message must contain)
REFUSED = [
    ("optional string", "message A {\n  optional string s = 1;\n}", 4, "optional"),
    ("optional enum", "enum E { E_ZERO = 0; }\nmessage A {\n  optional E e = 1;\n}", 5, "optional"),
    ("second oneof", "message A {\n  oneof a { uint32 x = 1; }\n  oneof b { uint32 y = 2; }\n}", 5, "second oneof"),
    ("nested message", "message A {\n  message B { uint32 x = 1; }\n  B b = 1;\n}", 4, "nested"),
    ("nested enum", "message A {\n  enum E { E_ZERO = 0; }\n}", 4, "nested"),
    ("sint32", "message A {\n  sint32 x = 1;\n}", 4, "sint32"),
    ("fixed64", "message A {\n  fixed64 x = 1;\n}", 4, "fixed64"),
    ("double", "message A {\n  double x = 1;\n}", 4, "double"),
    ("map of uint32", "message A {\n  map<string, uint32> m = 1;\n}", 4, "map<string, uint32>"),
    ("repeated scalar", "message A {\n  repeated uint32 x = 1;\n}", 4, "repeated"),
    ("repeated bytes", "message A {\n  repeated bytes x = 1;\n}", 4, "repeated"),
    ("unknown type", "message A {\n  Missing m = 1;\n}", 4, "Missing"),
    ("import", "import \"other.proto\";", 3, "import"),
    ("message option", "message A {\n  option deprecated = true;\n}", 4, "option"),
    ("enum option", "enum E {\n  option allow_alias = true;\n  E_ZERO = 0;\n}", 4, "option"),
    ("map in a oneof", "message A {\n  oneof o {\n    map<string, string> m = 1;\n  }\n}", 5, "oneof"),
    ("extend", "message A { uint32 x = 1; }\nextend A { uint32 y = 2; }", 4, "extend"),
]
ACCEPTED = [
    ("optional scalar", "message A {\n  optional uint32 x = 7;\n  reserved 1 to 6;\n}"),
    ("oneof of messages", "message B {}\nmessage A {\n  oneof r { B b = 1; B c = 2; }\n}"),
    ("uint64, map, repeated", "message A {\n  uint64 a = 1;\n  map<string, string> m = 2;\n  repeated string s = 3;\n}"),
]


def validate(generator, body):
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "case.proto"
        path.write_text(f"syntax = \"proto3\";\npackage t;\n{body}\n")
        r = subprocess.run([sys.executable, generator, "--validate", str(path)], capture_output=True, text=True)
        return r.returncode, r.stderr.strip()


def main():
    generator = sys.argv[1]
    passed = failed = 0
    for what, body, line, word in REFUSED:
        rc, err = validate(generator, body)
        ok = rc == 1 and f"case.proto:{line}:" in err and word in err and "not supported" in err
        print(f"{'ok  ' if ok else 'FAIL'} refuses {what}: {err or '(exit 0, nothing said)'}")
        passed, failed = passed + ok, failed + (not ok)
    for what, body in ACCEPTED:
        rc, err = validate(generator, body)
        ok = rc == 0
        print(f"{'ok  ' if ok else 'FAIL'} accepts {what}{': ' + err if err else ''}")
        passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
