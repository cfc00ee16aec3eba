#!/usr/bin/env python3
"""Lists every message, field, enum value and reserved range of .proto files, one per line.

The listing comes from protoc's own descriptors (protoc --descriptor_set_out,
decoded with protoc --decode), not from brokerwire's generator, so it is an
independent reading of the schema. It is how tests/schema/upstream.txt was
made from upstream's proto files, and how the test compares proto/ with it:

  tools/schema_listing.py [--only NAME,...] FILE.proto...    print the listing
  tools/schema_listing.py --compare LISTING FILE.proto...    exit 1 on any difference

Lines look like
  message running_process.broker.v1.Hello
  field running_process.broker.v1.Hello 1 client_min_protocol uint32
  field running_process.broker.v1.DaemonProcess 7 idle_timeout_secs optional uint32
  field running_process.broker.v1.HelloReply 1 negotiated oneof result .running_process.broker.v1.Negotiated
  enum running_process.broker.v1.ErrorCode 0 ERROR_CODE_UNSPECIFIED
  reserved running_process.broker.v1.Hello 16-20
and are sorted, so two listings compare line by line.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

DESCRIPTOR_PROTO = "google/protobuf/descriptor.proto"


def descriptor_text(paths):
    """protoc's FileDescriptorSet for `paths`, in protobuf text format."""
    includes = sorted({str(p.resolve().parent) for p in paths})
    with tempfile.NamedTemporaryFile(suffix=".pb") as out:
        subprocess.run(["protoc", *(f"-I{d}" for d in includes), f"--descriptor_set_out={out.name}",
                        *(p.name for p in paths)], check=True)
        return subprocess.run(["protoc", "-I/usr/include", "--decode=google.protobuf.FileDescriptorSet",
                               DESCRIPTOR_PROTO], stdin=open(out.name, "rb"), check=True,
                              capture_output=True, text=True).stdout


def parse_text_format(text):
    """Nested dicts of lists: {"file": [{"name": ["..."], "message_type": [...]}, ...]}."""
    root, stack = {}, []
    node = root
    for line in text.splitlines():
        line = line.strip()
        if not line: continue
        if line.endswith("{"):
            child = {}
            node.setdefault(line[:-1].strip(), []).append(child)
            stack.append(node)
            node = child
        elif line == "}":
            node = stack.pop()
        else:
            key, value = line.split(":", 1)
            value = value.strip()
            node.setdefault(key, []).append(value[1:-1] if value.startswith('"') else value)
    return root


def one(node, key, default=""):
    return node.get(key, [default])[0]


def field_type(field):
    if one(field, "type") in ("TYPE_MESSAGE", "TYPE_ENUM"): return one(field, "type_name")
    return one(field, "type").removeprefix("TYPE_").lower()


def message_lines(package, message):
    full = f"{package}.{one(message, 'name')}"
    lines = [f"message {full}"]
    entries = {f".{full}.{one(n, 'name')}": n for n in message.get("nested_type", [])
               if one(n.get("options", [{}])[0], "map_entry") == "true"}
    for n in message.get("nested_type", []):
        if f".{full}.{one(n, 'name')}" not in entries:
            sys.exit(f"{full}: nested message {one(n, 'name')} is not listed by this tool")
    oneofs = [one(o, "name") for o in message.get("oneof_decl", [])]
    for field in message.get("field", []):
        kind = field_type(field)
        if kind in entries:
            key, value = (field_type(f) for f in entries[kind]["field"])
            kind = f"map<{key},{value}>"
        elif one(field, "label") == "LABEL_REPEATED":
            kind = f"repeated {kind}"
        elif one(field, "proto3_optional") == "true":
            kind = f"optional {kind}"
        elif "oneof_index" in field:
            kind = f"oneof {oneofs[int(one(field, 'oneof_index'))]} {kind}"
        lines.append(f"field {full} {one(field, 'number')} {one(field, 'name')} {kind}")
    lines += [f"reserved {full} {reserved_range(r, exclusive_end=True)}" for r in message.get("reserved_range", [])]
    return lines


def reserved_range(r, exclusive_end):
    start, end = int(one(r, "start")), int(one(r, "end")) - (1 if exclusive_end else 0)
    return f"{start}" if start == end else f"{start}-{end}"


def enum_lines(package, enum):
    full = f"{package}.{one(enum, 'name')}"
    lines = [f"enum {full} {one(v, 'number')} {one(v, 'name')}" for v in enum.get("value", [])]
    return lines + [f"reserved {full} {reserved_range(r, exclusive_end=False)}" for r in enum.get("reserved_range", [])]


def listing(paths, only=None):
    files = parse_text_format(descriptor_text(paths)).get("file", [])
    lines = []
    for f in files:
        package = one(f, "package")
        for m in f.get("message_type", []):
            if only is None or one(m, "name") in only: lines += message_lines(package, m)
        for e in f.get("enum_type", []):
            if only is None or one(e, "name") in only: lines += enum_lines(package, e)
    return sorted(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("protos", nargs="+", type=pathlib.Path)
    ap.add_argument("--only", help="comma-separated message and enum names to list (default: all)")
    ap.add_argument("--compare", type=pathlib.Path, metavar="LISTING",
                    help="compare with a saved listing ('#' lines are comments) instead of printing")
    args = ap.parse_args()
    ours = listing(args.protos, set(args.only.split(",")) if args.only else None)
    if not args.compare:
        print("\n".join(ours))
        return 0
    theirs = sorted(l for l in args.compare.read_text().splitlines() if l and not l.startswith("#"))
    missing = sorted(set(theirs) - set(ours))
    extra = sorted(set(ours) - set(theirs))
    for line in missing: print(f"only in {args.compare.name}: {line}")
    for line in extra: print(f"only in {', '.join(p.name for p in args.protos)}: {line}")
    if missing or extra: return 1
    print(f"{len(ours)} schema lines match {args.compare.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
