#!/usr/bin/env python3
"""Generates brokerwire's message code from the schema files in proto/.

Writes, for each schema area, include/brokerwire/messages/<area>.hpp and
src/messages/<area>.cpp (types, views, decode, encode, sizes, equality) and
src/messages/<area>_json.cpp (the proto3 JSON mapping), plus the message
catalog used by the tool. The output is committed; `--check` fails when it is
stale, which the test command runs.

Only the proto3 subset the broker schema uses is understood: scalar, string,
bytes and enum fields, repeated strings and messages, map<string, string>,
optional messages and one oneof.
"""
import argparse
import pathlib
import re
import sys

sys.dont_write_bytecode = True  # no tools/__pycache__ left behind
import generated_files  # noqa: E402  (beside this script, so on the path)

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Which header each message and enum lives in, and that header's namespace.
AREAS = {
    "control": ("v2", "control plane: daemon <-> broker, CLI <-> broker",
                ["BackendHttpReady", "GetBrokerHttpEndpointRequest", "GetBrokerHttpEndpointResponse",
                 "GetSessionTokenRequest", "GetSessionTokenResponse"]),
    "service_def": ("v2", "service definitions (<name>.servicedef.v2 files)",
                    ["BrokerIsolation", "HttpServerCapability", "ServiceDefinition"]),
    "manifest": ("v2", "cache manifests (.running-process-manifest.v2.pb, <svc>-<ver>.v2.pb)",
                 ["CacheRootKind", "CacheRoot", "CacheManifest"]),
    "session": ("v2", "session lane (payload protocol 0x5350)",
                ["EnvironmentPolicy", "SessionEnvVar", "SessionStart", "SessionExit", "SessionFrame"]),
    "envelope": ("v1", "the v1 frame envelope that carries every lane",
                 ["FrameKind", "PayloadEncoding", "Frame"]),
    "admin": ("v1", "admin lane (payload protocol 0xAD01)",
              ["AdminVerb", "AdminReplyKind", "AdminRequest", "AdminReply"]),
    "handshake": ("v1", "the control-lane handshake (payload protocol 0x0000): Hello and its reply",
                  ["ErrorCode", "Hello", "Negotiated", "Refused", "HelloReply"]),
    "handoff": ("v1", "handoff lane (payload protocol 0xD0FF)",
                ["HandoffOffer", "HandoffAck"]),
    "probe": ("v1", "endpoint probe lane (payload protocol 0xB232): the daemon's identity",
              ["Endpoint", "DaemonProcess"]),
    # Last, so that adding it kept every other message's index in the list
    # (the differential fuzzer's corpus picks its type by that index).
    "service_def_v1": ("v1", "the v1 service definition (<name>.servicedef files, read when no .servicedef.v2 exists)",
                       ["v1.BrokerIsolation", "v1.ServiceDefinition"]),
}
SCHEMAS = ["broker_v2.proto", "broker_v1_envelope.proto", "broker_v1_admin.proto", "broker_v1_service_def.proto"]

# Enums whose values share a prefix other than the enum's own name: the C++ enumerators drop it
# (ERROR_VERSION_UNSUPPORTED -> error_code::version_unsupported).
VALUE_PREFIXES = {"ErrorCode": "ERROR_"}

# Field names that collide with C macros or keywords get a suffix that says what they hold.
RENAMES = {"stdin": "stdin_bytes", "stdout": "stdout_bytes", "stderr": "stderr_bytes"}

SCALARS = {  # proto type -> (C++ type, cursor reader, varint conversion for encoding)
    "uint32": ("std::uint32_t", "uint32", "{v}"),
    "int32": ("std::int32_t", "int32", "wire::int32_as_varint({v})"),
    "uint64": ("std::uint64_t", "varint", "{v}"),
    "bool": ("bool", "boolean", "{v} ? 1u : 0u"),
}


# ---------------------------------------------------------------- parsing --

class Enum:
    def __init__(self, name, package):
        self.name, self.package, self.values = name, package, []
        self.key = name  # the catalog name; see unique_keys()


class Field:
    def __init__(self, name, number, type_, label=None, oneof=None, map_types=None):
        self.proto_name, self.number, self.type, self.label = name, number, type_, label
        self.oneof, self.map_types = oneof, map_types
        self.name = RENAMES.get(name, name)
        self.json_name = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)
        self.enum = None     # Enum, when the type is an enum
        self.message = None  # Message, when the type is a message

    @property
    def repeated(self):
        return self.label == "repeated"

    @property
    def optional_scalar(self):
        """`optional uint32 x`: explicit presence, held as std::optional and written when set."""
        return self.label == "optional" and self.kind in SCALARS

    @property
    def kind(self):
        if self.map_types: return "map"
        if self.message: return "message"
        if self.enum: return "enum"
        return self.type  # scalar, string or bytes


class Message:
    def __init__(self, name, package):
        self.name, self.package, self.fields, self.oneof = name, package, [], None
        self.key = name  # the catalog name; see unique_keys()


class SchemaError(Exception):
    """A construct the generator does not implement, with the file and line it stands on."""


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)  # newlines stay, so offsets keep their line numbers


def refuse(path, text, pos, what):
    raise SchemaError(f"{path.name}:{text.count(chr(10), 0, pos) + 1}: {what} is not supported by this generator")


# The statements a message body may hold; anything else is refused.
FIELD = re.compile(r"(?:(repeated|optional)\s+)?(map<\s*(\w+)\s*,\s*(\w+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;")
RESERVED = re.compile(r"reserved\s+[^;]*;")
ONEOF = re.compile(r"oneof\s+(\w+)\s*\{([^{}]*)\}")
ENUM_VALUE = re.compile(r"(\w+)\s*=\s*(-?\d+)\s*;")


def parse(path):
    text = strip_comments(path.read_text())
    package = re.search(r"package\s+([\w.]+)\s*;", text).group(1)
    enums, messages = [], []
    covered = [re.search(r"syntax\s*=\s*\"proto3\"\s*;", text), re.search(r"package\s+[\w.]+\s*;", text)]
    if covered[0] is None: refuse(path, text, 0, "a file without `syntax = \"proto3\";`")
    spans = [m.span() for m in covered]
    for kind, name, start, body_start, end in blocks(text):
        spans.append((start, end))
        if kind == "enum":
            e = Enum(name, package)
            for m in ENUM_VALUE.finditer(text, body_start, end - 1):
                e.values.append((m.group(1), int(m.group(2))))
            leftovers(path, text, body_start, end - 1, [ENUM_VALUE, RESERVED], f"in enum {name}, this statement")
            enums.append(e)
        else:
            messages.append(parse_message(path, text, name, package, body_start, end - 1))
    report_uncovered(path, text, 0, len(text), spans, "this top-level statement")
    return enums, messages


def blocks(text):
    """Top-level `enum X { ... }` and `message X { ... }` blocks, braces balanced:
    (kind, name, start, first body offset, offset after the closing brace)."""
    for m in re.finditer(r"\b(enum|message)\s+(\w+)\s*\{", text):
        if depth_at(text, m.start()) != 0: continue
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        yield m.group(1), m.group(2), m.start(), m.end(), i


def depth_at(text, pos):
    return text.count("{", 0, pos) - text.count("}", 0, pos)


def leftovers(path, text, begin, end, patterns, what):
    spans = [m.span() for pattern in patterns for m in pattern.finditer(text, begin, end)]
    report_uncovered(path, text, begin, end, spans, what)


def report_uncovered(path, text, begin, end, spans, what):
    """Refuses the first non-blank character of text[begin:end) that no span covers."""
    spans = sorted(spans)
    pos = begin
    for s, e in spans + [(end, end)]:
        gap = re.search(r"\S", text[pos:s])
        if gap:
            statement = re.match(r"[^;{\n]*[;{]?", text[pos + gap.start():]).group(0).strip()
            refuse(path, text, pos + gap.start(), f"{what} (`{statement}`)")
        pos = max(pos, e)


def parse_message(path, text, name, package, begin, end):
    msg = Message(name, package)
    body_spans = []
    oneofs = list(ONEOF.finditer(text, begin, end))
    if len(oneofs) > 1: refuse(path, text, oneofs[1].start(), f"a second oneof in {name}")
    for o in oneofs:
        msg.oneof = o.group(1)
        body_spans.append(o.span())
        for m in FIELD.finditer(text, o.start(2), o.end(2)):
            label, type_, ktype, _, fname, number = m.groups()
            if label or ktype: refuse(path, text, m.start(), f"a {label or 'map'} member of oneof {msg.oneof}")
            msg.fields.append(Field(fname, int(number), type_, oneof=msg.oneof))
        leftovers(path, text, o.start(2), o.end(2), [FIELD], f"in oneof {msg.oneof}, this statement")
    for m in FIELD.finditer(text, begin, end):
        if any(s <= m.start() < e for s, e in body_spans): continue
        label, type_, ktype, vtype, fname, number = m.groups()
        if type_ == "reserved": continue
        body_spans.append(m.span())
        map_types = (ktype, vtype) if ktype else None
        f = Field(fname, int(number), type_, label, map_types=map_types)
        f.pos = m.start()
        msg.fields.append(f)
    body_spans += [m.span() for m in RESERVED.finditer(text, begin, end)]
    report_uncovered(path, text, begin, end, body_spans, f"in message {name}, this statement (a nested type, option, group or extension?)")
    msg.fields.sort(key=lambda f: f.number)
    msg.path, msg.text = path, text
    return msg


def check_field(m, f):
    """Refuses a field whose type or label the generator cannot implement faithfully."""
    pos = getattr(f, "pos", 0)
    if f.map_types and f.map_types != ("string", "string"):
        refuse(m.path, m.text, pos, f"{m.name}.{f.name}: map<{', '.join(f.map_types)}> (only map<string, string>)")
    if not (f.map_types or f.enum or f.message or f.type in SCALARS or f.type in ("string", "bytes")):
        refuse(m.path, m.text, pos, f"{m.name}.{f.name}: the type `{f.type}`")
    if f.label == "optional" and not (f.message or f.type in SCALARS):
        refuse(m.path, m.text, pos, f"{m.name}.{f.name}: `optional` on {'an' if f.kind[0] in 'aeiou' else 'a'} {f.kind} field")
    if f.repeated and f.kind not in ("string", "message"):
        refuse(m.path, m.text, pos, f"{m.name}.{f.name}: a repeated {f.kind} field")


def unique_key(obj, taken):
    """The catalog name of a message or enum: its schema name, or, when a file read
    earlier already defines that name in another package, the name behind its
    package's version ("v1.ServiceDefinition"), so every type has one name of its own
    in the tool, the golden files and the fuzz harnesses."""
    return obj.name if obj.name not in taken else f"{ns_of(obj.package)}.{obj.name}"


def load_schema(paths=None):
    """Enums and messages by catalog name (unique_key); a field's type is looked up
    in its own message's package, as protoc resolves an unqualified name."""
    enums, messages, by_package = {}, {}, {}
    for path in paths or [ROOT / "proto" / name for name in SCHEMAS]:
        es, ms = parse(path)
        for e in es:
            e.key = unique_key(e, enums)
            enums[e.key] = by_package[(e.package, e.name)] = e
        for m in ms:
            m.key = unique_key(m, messages)
            messages[m.key] = by_package[(m.package, m.name)] = m
    for m in messages.values():
        for f in m.fields:
            found = by_package.get((m.package, f.type))
            if isinstance(found, Enum): f.enum = found
            if isinstance(found, Message): f.message = found
            check_field(m, f)
    return enums, messages


# ------------------------------------------------------------------ names --

def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def enum_value_name(enum, value):
    for prefix in (re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", enum.name).upper() + "_",
                   VALUE_PREFIXES.get(enum.name)):
        if prefix and value.startswith(prefix): return value[len(prefix):].lower()
    return value.lower()


def ns_of(package):
    return "v2" if package.endswith("v2") else "v1"


def cpp_type(f, view=False):
    """The C++ type of one field (a oneof member: its variant alternative)."""
    k = f.kind
    text = "std::string_view" if view else "std::string"
    if k in SCALARS: base = SCALARS[k][0]
    elif k in ("string", "bytes"): base = text
    elif k == "enum": base = f"::brokerwire::{ns_of(f.enum.package)}::{snake(f.enum.name)}"
    elif k == "message":  # qualified, since a oneof accessor may share the type's name
        base = f"::brokerwire::{ns_of(f.message.package)}::{snake(f.message.name)}" + ("_view" if view else "")
    elif k == "map":
        return "string_map_view" if view else "std::map<std::string, std::string>"
    if f.repeated:
        return f"repeated_view<{base}>" if view else f"std::vector<{base}>"
    if (k == "message" and not f.oneof) or f.optional_scalar:
        return f"std::optional<{base}>"
    return base


def key_expr(f, wt):
    return f"wire::key({f.number}, wire::wire_type::{wt})"


def wire_of(f):
    return "varint" if f.kind in SCALARS or f.kind == "enum" else "length_delimited"


# --------------------------------------------------------------- headers --

HEADER_TOP = """\
// Generated by tools/generate_messages.py from proto/; do not edit.
// {title}
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "brokerwire/messages/view_support.hpp"
#include "brokerwire/wire/bytes.hpp"
#include "brokerwire/wire/error.hpp"

namespace brokerwire::{ns} {{
"""


def gen_enum(e):
    out = [f"// {e.package}.{e.name}. Open: any other int32 value is kept as it came.",
           f"enum class {snake(e.name)} : std::int32_t {{"]
    out += [f"    {enum_value_name(e, v)} = {n}," for v, n in e.values]
    out += ["};", "",
            f"// The schema name of a value (\"{e.values[0][0]}\"), or \"\" for a value the schema does not name.",
            f"std::string_view name_of({snake(e.name)} value) noexcept;",
            f"// The value a schema name stands for; false when the name is not in the schema.",
            f"bool parse(std::string_view name, {snake(e.name)}& value) noexcept;",
            ""]
    return out


def member_default(f):
    if f.optional_scalar: return ""
    if f.kind in ("uint32", "int32", "uint64"): return " = 0"
    if f.kind == "bool": return " = false"
    if f.kind == "enum": return "{}"
    return ""


def gen_struct(m, view):
    name = snake(m.name) + ("_view" if view else "")
    out = []
    if view:
        out.append(f"// Zero-copy view of {m.package}.{m.name}: strings and bytes point into the decoded")
        out.append("// input and live as long as it does. Unknown fields are validated, not kept.")
    else:
        out.append(f"// {m.package}.{m.name}.")
    out.append(f"struct {name} {{")
    out.append(f'    static constexpr std::string_view full_name = "{m.package}.{m.name}";')
    out.append(f'    static constexpr std::string_view short_name = "{m.key}";  // the catalog\'s name')
    for f in m.fields:
        if f.oneof: continue
        out.append(f"    {cpp_type(f, view)} {f.name}{member_default(f)};")
    if m.oneof:
        members = [f for f in m.fields if f.oneof]
        alts = ["std::monostate"]
        for n in range(1, max(f.number for f in members) + 1):
            match = [f for f in members if f.number == n]
            if not match: sys.exit(f"{m.name}: oneof numbers must be 1..N")
            alts.append(cpp_type(match[0], view))
        out.append(f"    // The oneof `{m.oneof}`: the alternative's index is its field number.")
        out.append(f"    std::variant<{', '.join(alts)}> {m.oneof};")
        out.append("")
        for f in members:
            t = cpp_type(f, view)
            out.append(f"    const {t}* {f.name}() const noexcept {{ return std::get_if<{f.number}>(&{m.oneof}); }}")
            out.append(f"    {t}* {f.name}() noexcept {{ return std::get_if<{f.number}>(&{m.oneof}); }}")
            out.append(f"    {t}& set_{f.name}({t} value = {{}}) {{ return {m.oneof}.emplace<{f.number}>(std::move(value)); }}")
    if not view:
        out.append("    // Fields this schema does not know, as raw key-and-value bytes, written back on encode.")
        out.append("    std::string unknown_fields;")
    out.append("};")
    out.append("")
    if view:
        out += [f"// Decodes `in` into a view (reset first). Allocates nothing.",
                f"status decode(bytes_view in, {name}& out) noexcept;",
                f"// An owning copy of what the view shows.",
                f"{snake(m.name)} to_message(const {name}& view);", ""]
    else:
        out += [f"// Decodes `in`, replacing `out`'s contents and reusing its storage.",
                f"status decode(bytes_view in, {name}& out);",
                f"std::size_t encoded_size(const {name}& m) noexcept;",
                f"// Writes the encoding (encoded_size(m) bytes) into `out` and returns its size, or",
                f"// returns 0 and writes nothing when `capacity` is too small. Allocates nothing.",
                f"[[nodiscard]] std::size_t encode(const {name}& m, std::uint8_t* out, std::size_t capacity) noexcept;",
                f"std::vector<std::uint8_t> encode(const {name}& m);",
                f"bool operator==(const {name}& a, const {name}& b) noexcept;",
                f"inline bool operator!=(const {name}& a, const {name}& b) noexcept {{ return !(a == b); }}",
                ""]
    return out


def gen_header(area, ns, title, names, enums, messages):
    out = [HEADER_TOP.format(title=title, ns=ns)]
    for n in names:
        if n in enums: out += gen_enum(enums[n])
    for n in names:
        if n in messages:
            out += gen_struct(messages[n], view=False)
    for n in names:
        if n in messages:
            out += gen_struct(messages[n], view=True)
    out.append(f"}}  // namespace brokerwire::{ns}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- decoders --

def gen_known(m):
    name = snake(m.name)
    cases = " ".join(f"case {f.number}:" for f in m.fields)
    body = f"    switch (field) {{\n        {cases}\n            return true;\n        default:\n            return false;\n    }}" if m.fields else "    (void)field;\n    return false;"
    return [f"bool is_known_{name}(std::uint32_t field) noexcept {{", body, "}", ""]


def gen_decode_fields(m, view):
    name = snake(m.name) + ("_view" if view else "")
    sig = f"void decode_fields(wire::cursor& c, const std::uint8_t* limit, {name}& m, bool fresh, int budget) noexcept"
    if not view: sig = sig.replace(" noexcept", "")
    out = [sig + " {"]
    if view:
        out.append("    (void)fresh;")
        if not m.fields: out.append("    (void)m;")
        if has_repeated(m):
            out.append("    const std::uint8_t* const begin = c.position();")
        for f in m.fields:
            if f.repeated or f.map_types:
                out.append(f"    m.{f.name} = {{begin, limit, 0, {key_expr(f, 'length_delimited')}, {map_mask(m)}}};")
    else:
        for f in m.fields:
            if f.kind == "map": out.append(f"    detail::string_map_nodes {f.name}_nodes;")
        out.append("    if (fresh) {")
        for f in m.fields:
            if f.oneof or f.repeated or f.kind == "message": continue
            if f.kind in ("string", "bytes"): out.append(f"        m.{f.name}.clear();")
            elif f.kind == "map": out.append(f"        {f.name}_nodes.take(m.{f.name});")
            else: out.append(f"        m.{f.name} = {{}};")
        out.append("        m.unknown_fields.clear();")
        out.append("    }")
        for f in m.fields:
            if f.repeated:
                out.append(f"    std::size_t used_{f.name} = fresh ? 0 : m.{f.name}.size();")
    for f in m.fields:
        if f.kind == "message" and not f.repeated and not f.oneof and not view:
            out.append(f"    bool seen_{f.name} = false;")
    if m.oneof:
        out.append(f"    bool seen_{m.oneof} = false;")
        if view: out.append(f"    const std::uint8_t* run_{m.oneof} = nullptr;")
    out.append("    while (c.before(limit)) {")
    out.append("        const std::uint32_t key = c.key();")
    out.append("        switch (key) {")
    for f in m.fields:
        if f.kind == "map":
            out.append("            // prost's map merge reads an entry whatever wire type the key names.")
            for wt in ("varint", "fixed64", "start_group", "end_group", "fixed32"):
                out.append(f"            case {key_expr(f, wt)}:")
        out.append(f"            case {key_expr(f, wire_of(f))}: {{")
        out += ["                " + line for line in decode_field(m, f, view)]
        out.append("                break;")
        out.append("            }")
    out.append("            case 0:")
    out.append("                break;  // the cursor has stopped on a bad key")
    out.append("            default:")
    out.append(f"                if (is_known_{snake(m.name)}(wire::key_field(key))) {{")
    out.append("                    c.wrong_wire_type(key);")
    out.append("                } else {")
    out.append("                    c.skip(key, budget, " + ("nullptr" if view else "&m.unknown_fields") + ");")
    out.append("                }")
    out.append("        }")
    out.append("    }")
    if not view:
        for f in m.fields:
            if f.repeated: out.append(f"    m.{f.name}.resize(used_{f.name});")
        for f in m.fields:
            if f.kind == "message" and not f.repeated and not f.oneof:
                out.append(f"    if (fresh && !seen_{f.name}) m.{f.name}.reset();")
        if m.oneof:
            out.append(f"    if (fresh && !seen_{m.oneof}) m.{m.oneof} = std::monostate{{}};")
    out.append("}")
    out.append("")
    return out


def decode_field(m, f, view):
    n = f.number
    k = f.kind
    if k in SCALARS or k == "enum":
        reader = SCALARS[k][1] if k in SCALARS else "int32"
        value = f"c.{reader}({n})"
        if k == "enum": value = f"static_cast<{cpp_type(f)}>({value})"
        if f.oneof: return [f"m.{m.oneof}.template emplace<{n}>({value});", f"seen_{m.oneof} = true;"]
        return [f"m.{f.name} = {value};"]
    if k in ("string", "bytes"):
        read = f"c.{'string' if k == 'string' else 'bytes'}({n})"
        if f.oneof:
            if view: return [f"m.{m.oneof}.template emplace<{n}>({read});", f"seen_{m.oneof} = true;"]
            return [f"const std::string_view value = {read};",
                    f"if (m.{m.oneof}.index() != {n}) m.{m.oneof}.template emplace<{n}>();",
                    f"detail::assign(std::get<{n}>(m.{m.oneof}), value);",
                    f"seen_{m.oneof} = true;"]
        if f.repeated:
            if view: return [f"(void){read};"]
            # A failed read appends nothing: a bad length must not cost an allocation.
            return [f"const std::string_view value = {read};",
                    f"if (!c.failed()) detail::append(m.{f.name}, used_{f.name}, value);"]
        if view: return [f"m.{f.name} = {read};"]
        return [f"detail::assign(m.{f.name}, {read});"]
    if k == "map":
        if view: return [f"detail::check_string_map_entry(c, {n}, budget);"]
        return [f"detail::decode_string_map_entry(c, m.{f.name}, {f.name}_nodes, {n}, budget);"]
    # embedded message
    t = snake(f.message.name) + ("_view" if view else "")
    lines = [f"const std::uint8_t* const end = c.enter({n}, budget);", "if (end == nullptr) break;"]
    if f.repeated:
        if view:
            lines += [f"{t} element;", "decode_fields(c, end, element, true, budget - 1);"]
        else:
            lines += [f"decode_fields(c, end, detail::next(m.{f.name}, used_{f.name}), true, budget - 1);"]
    elif f.oneof:
        o = m.oneof
        if view:
            lines += [f"const bool merge = seen_{o} && m.{o}.index() == {n};",
                      f"if (!merge) {{ m.{o}.template emplace<{n}>(); run_{o} = c.key_start(); }}",
                      f"{t}& target = std::get<{n}>(m.{o});",
                      "decode_fields(c, end, target, true, budget - 1);",
                      f"if (merge) rebase(target, run_{o}, end, {key_expr(f, 'length_delimited')}, {map_mask(m)});"]
        else:
            lines += [f"const bool merge = seen_{o} && m.{o}.index() == {n};",
                      f"const bool reuse = !seen_{o} && fresh && m.{o}.index() == {n};",
                      f"if (!merge && !reuse) m.{o}.template emplace<{n}>();",
                      f"decode_fields(c, end, std::get<{n}>(m.{o}), !merge, budget - 1);"]
        lines.append(f"seen_{o} = true;")
    else:
        if view:
            lines += [f"if (!m.{f.name}) m.{f.name}.emplace();",
                      f"decode_fields(c, end, *m.{f.name}, true, budget - 1);"]
            if has_repeated(f.message):
                sys.exit(f"{m.name}.{f.name}: views of merged singular messages with repeated fields are not supported")
        else:
            lines += [f"if (!m.{f.name}) m.{f.name}.emplace();",
                      f"decode_fields(c, end, *m.{f.name}, fresh && !seen_{f.name}, budget - 1);",
                      f"seen_{f.name} = true;"]
    lines.append(f"c.leave(end, {n});")
    return lines


def has_repeated(msg):
    return any(f.repeated or f.map_types for f in msg.fields)


def map_mask(msg):
    """The detail::map_fields constant of a message's map fields."""
    numbers = [f.number for f in msg.fields if f.kind == "map"]
    if any(n >= 64 for n in numbers): sys.exit(f"{msg.name}: map fields must be numbered below 64")
    return " | ".join(f"detail::map_fields{{1}} << {n}" for n in numbers) or "detail::map_fields{0}"


def gen_rebase(m):
    """Merged occurrences of a message inside a view: its repeated fields span all of them."""
    name = snake(m.name) + "_view"
    fields = [f for f in m.fields if f.repeated or f.map_types]
    out = [f"void rebase({name}& m, const std::uint8_t* begin, const std::uint8_t* end, std::uint32_t outer_key, detail::map_fields outer_maps) noexcept {{"]
    if not fields: out.append("    (void)m; (void)begin; (void)end; (void)outer_key; (void)outer_maps;")
    for f in fields:
        out.append(f"    m.{f.name} = {{begin, end, outer_key, {key_expr(f, 'length_delimited')}, {map_mask(m)}, outer_maps}};")
    out += ["}", ""]
    return out


def gen_top_decode(m, view):
    name = snake(m.name) + ("_view" if view else "")
    out = []
    if view:
        out += [f"status decode(bytes_view in, {name}& out) noexcept {{",
                "    out = {};"]
    else:
        out += [f"status decode(bytes_view in, {name}& out) {{"]
    out += ["    wire::cursor c(in);",
            "    decode_fields(c, c.end(), out, true, wire::recursion_budget);",
            "    return c.result();",
            "}", ""]
    return out


# ---------------------------------------------------------------- encoders --

def present(f, v):
    k = f.kind
    if f.repeated or k == "map" or k in ("string", "bytes"): return f"!{v}.empty()"
    if k == "message" or f.optional_scalar: return f"{v}.has_value()"
    if k == "bool": return v
    if k == "enum": return f"{v} != {cpp_type(f)}{{}}"
    return f"{v} != 0"


def varint_value(f, v):
    if f.kind == "enum": return f"wire::int32_as_varint(static_cast<std::int32_t>({v}))"
    return SCALARS[f.kind][2].format(v=v)


def size_terms(f, v):
    """Statements adding the size of field f (value expression v) to n."""
    n, k = f.number, f.kind
    if k in SCALARS or k == "enum": return [f"n += wire::varint_field_size({n}, {varint_value(f, v)});"]
    if k in ("string", "bytes"): return [f"n += wire::delimited_size({n}, {v}.size());"]
    if k == "map": return [f"for (const auto& [key, value] : {v}) n += wire::delimited_size({n}, detail::string_map_entry_size(key, value));"]
    return [f"n += wire::delimited_size({n}, encoded_size({v}));"]


def write_terms(f, v):
    n, k = f.number, f.kind
    if k in SCALARS or k == "enum": return [f"p = wire::write_varint_field(p, {n}, {varint_value(f, v)});"]
    if k in ("string", "bytes"): return [f"p = wire::write_bytes_field(p, {n}, {v});"]
    if k == "map": return [f"for (const auto& [key, value] : {v}) p = detail::write_string_map_entry(p, {n}, key, value);"]
    return [f"p = wire::write_delimited_header(p, {n}, encoded_size({v}));", f"p = write({v}, p);"]


def per_field(m, terms):
    out = []
    for f in m.fields:
        if f.oneof: continue
        v = f"m.{f.name}"
        if f.repeated:
            out.append(f"    for (const auto& element : {v}) {{")
            out += ["        " + t for t in terms(f, "element")]
            out.append("    }")
        elif f.kind == "map":
            out += ["    " + t for t in terms(f, v)]
        else:
            inner = f"*{v}" if f.kind == "message" or f.optional_scalar else v
            out.append(f"    if ({present(f, v)}) {{")
            out += ["        " + t for t in terms(f, inner)]
            out.append("    }")
    if m.oneof:
        out.append(f"    switch (m.{m.oneof}.index()) {{")
        for f in (f for f in m.fields if f.oneof):
            out.append(f"        case {f.number}: {{")
            out += ["            " + t for t in terms(f, f"std::get<{f.number}>(m.{m.oneof})")]
            out.append("            break;")
            out.append("        }")
        out.append("        default:")
        out.append("            break;")
        out.append("    }")
    return out


def gen_encoders(m):
    name = snake(m.name)
    out = [f"std::size_t encoded_size(const {name}& m) noexcept {{", "    std::size_t n = 0;"]
    out += per_field(m, size_terms)
    out += ["    return n + m.unknown_fields.size();", "}", ""]
    out += [f"std::uint8_t* write(const {name}& m, std::uint8_t* p) noexcept {{"]
    out += per_field(m, write_terms)
    out += ["    return wire::write_raw(p, m.unknown_fields);", "}", ""]
    out += [f"std::size_t encode(const {name}& m, std::uint8_t* out, std::size_t capacity) noexcept {{",
            "    const std::size_t size = encoded_size(m);",
            "    if (size > capacity) return 0;",
            "    write(m, out);",
            "    return size;",
            "}", "",
            f"std::vector<std::uint8_t> encode(const {name}& m) {{",
            "    std::vector<std::uint8_t> out(encoded_size(m));",
            "    write(m, out.data());",
            "    return out;",
            "}", ""]
    fields = [f.name for f in m.fields if not f.oneof] + ([m.oneof] if m.oneof else []) + ["unknown_fields"]
    out += [f"bool operator==(const {name}& a, const {name}& b) noexcept {{",
            "    return " + "\n        && ".join(f"a.{x} == b.{x}" for x in fields) + ";",
            "}", ""]
    return out


def gen_to_message(m):
    name = snake(m.name)
    out = [f"{name} to_message(const {name}_view& v) {{", f"    {name} m;"]
    if not m.fields: out.append("    (void)v;")
    for f in m.fields:
        if f.oneof: continue
        k = f.kind
        if k in ("string", "bytes"):
            if f.repeated: out.append(f"    for (std::string_view s : v.{f.name}) m.{f.name}.emplace_back(s);")
            else: out.append(f"    m.{f.name}.assign(v.{f.name}.data(), v.{f.name}.size());")
        elif k == "map":
            out.append(f"    for (const auto& entry : v.{f.name}) m.{f.name}.insert_or_assign(std::string(entry.key), std::string(entry.value));")
        elif k == "message":
            if f.repeated: out.append(f"    for (const auto& element : v.{f.name}) m.{f.name}.push_back(to_message(element));")
            else: out.append(f"    if (v.{f.name}) m.{f.name} = to_message(*v.{f.name});")
        else:
            out.append(f"    m.{f.name} = v.{f.name};")
    if m.oneof:
        out.append(f"    switch (v.{m.oneof}.index()) {{")
        for f in (f for f in m.fields if f.oneof):
            val = f"std::get<{f.number}>(v.{m.oneof})"
            if f.kind in ("string", "bytes"): val = f"std::string({val})"
            elif f.kind == "message": val = f"to_message({val})"
            out.append(f"        case {f.number}: m.{m.oneof}.emplace<{f.number}>({val}); break;")
        out.append("        default: break;")
        out.append("    }")
    out += ["    return m;", "}", ""]
    return out


def gen_enum_functions(e):
    name = snake(e.name)
    out = [f"std::string_view name_of({name} value) noexcept {{", "    switch (value) {"]
    for v, n in e.values:
        out.append(f'        case {name}::{enum_value_name(e, v)}: return "{v}";')
    out += ["    }", '    return "";', "}", "",
            f"bool parse(std::string_view name, {name}& value) noexcept {{"]
    for v, n in e.values:
        out.append(f'    if (name == "{v}") {{ value = {name}::{enum_value_name(e, v)}; return true; }}')
    out += ["    return false;", "}", ""]
    return out


def gen_source(area, ns, names, enums, messages):
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           f'#include "brokerwire/messages/{area}.hpp"', "",
           '#include "codec_support.hpp"', "",
           f"namespace brokerwire::{ns} {{", "namespace {", ""]
    msgs = [messages[n] for n in names if n in messages]
    for m in msgs: out += gen_known(m)
    for m in msgs:
        out += gen_decode_fields(m, view=False)
    merged = {f.message.key for m in msgs for f in m.fields if f.oneof and f.message}
    if not merged <= set(names): sys.exit(f"{area}: a oneof's message members must live in the same area")
    for m in msgs:
        if m.key in merged: out += gen_rebase(m)
        out += gen_decode_fields(m, view=True)
    out += ["}  // namespace", ""]
    for n in names:
        if n in enums: out += gen_enum_functions(enums[n])
    for m in msgs:
        out += gen_top_decode(m, view=False) + gen_top_decode(m, view=True)
    # write() is needed by the encoders of messages that embed others: declare all first.
    out += [f"std::uint8_t* write(const {snake(m.name)}& m, std::uint8_t* p) noexcept;" for m in msgs] + [""]
    for m in msgs: out += gen_encoders(m)
    for m in msgs: out += gen_to_message(m)
    out.append(f"}}  // namespace brokerwire::{ns}")
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------- JSON --

def json_write(f, v):
    k = f.kind
    if k in ("uint32", "int32"): return [f"w.number({v});"]
    if k == "uint64": return [f"w.quoted({v});"]
    if k == "bool": return [f"w.boolean({v});"]
    if k == "string": return [f"w.string({v});"]
    if k == "bytes": return [f"w.base64(reinterpret_cast<const std::uint8_t*>({v}.data()), {v}.size());"]
    if k == "enum": return [f"detail::write_enum(w, {v});"]
    if k == "message": return [f"to_json({v}, w);"]
    if k == "map": return [f"detail::write_string_map(w, {v});"]


def gen_to_json(m):
    name = snake(m.name)
    out = [f"void to_json(const {name}& m, json::writer& w) {{", "    w.begin_object();"]
    if not m.fields: out.append("    (void)m;")
    for f in m.fields:
        if f.oneof: continue
        v = f"m.{f.name}"
        out.append(f"    if ({present(f, v)}) {{")
        out.append(f'        w.key("{f.json_name}");')
        if f.repeated:
            out.append("        w.begin_array();")
            out.append(f"        for (const auto& element : {v}) {{")
            out += ["            " + t for t in json_write(f, "element")]
            out.append("        }")
            out.append("        w.end_array();")
        else:
            out += ["        " + t for t in json_write(f, f"*{v}" if f.kind == "message" or f.optional_scalar else v)]
        out.append("    }")
    for f in (f for f in m.fields if f.oneof):
        out.append(f"    if (const auto* value = m.{f.name}()) {{")
        out.append(f'        w.key("{f.json_name}");')
        out += ["        " + t for t in json_write(f, "(*value)")]
        out.append("    }")
    out += ["    w.end_object();", "}", ""]
    return out


def json_read(f, target, source="field"):
    k = f.kind
    reader = {"uint32": "read_uint32", "int32": "read_int32", "uint64": "read_uint64", "bool": "read_bool",
              "string": "read_string", "bytes": "read_bytes", "enum": "read_enum", "map": "read_string_map"}.get(k)
    if reader: return f"detail::{reader}({source}, {target})"
    return f"detail::read_message({source}, {target})"


def gen_from_json(m):
    name = snake(m.name)
    out = [f"json::mapping_error from_json(const json::value& v, {name}& m) {{",
           f'    if (v.type != json::value::kind::object) return json::error_at(v, "expected a JSON object for {m.key}");',
           "    m = {};"]
    if m.oneof: out.append("    const json::value* oneof_member = nullptr;")
    out.append("    for (const auto& [name, field] : v.members) {")
    out.append("        json::mapping_error e;")
    first = True
    for f in m.fields:
        cond = f'name == "{f.json_name}"' + (f' || name == "{f.proto_name}"' if f.proto_name != f.json_name else "")
        out.append(f"        {'if' if first else '} else if'} ({cond}) {{")
        first = False
        out.append("            if (field.type == json::value::kind::null) continue;")
        if f.oneof:
            out.append(f'            if (oneof_member != nullptr) return json::error_at(field, "more than one member of oneof {m.oneof} is set");')
            out.append("            oneof_member = &field;")
            out.append(f"            e = {json_read(f, f'm.set_{f.name}()')};")
        elif f.repeated:
            out.append(f"            e = detail::read_repeated(field, m.{f.name}, [](const json::value& item, auto& out) {{ return {json_read(f, 'out', 'item')}; }});")
        elif f.kind == "message" or f.optional_scalar:
            out.append(f"            e = {json_read(f, f'm.{f.name}.emplace()')};")
        else:
            out.append(f"            e = {json_read(f, f'm.{f.name}')};")
    if m.fields:
        out.append("        } else {")
        out.append(f'            return json::error_at(field, "unknown field \\"" + name + "\\" in {m.key}");')
        out.append("        }")
    else:
        out.append(f'        (void)field;')
        out.append(f'        return json::error_at(v, "unknown field \\"" + name + "\\" in {m.key}");')
    out.append(f'        if (!e.ok()) return detail::in_field(std::move(e), name);')
    out += ["    }", "    return {};", "}", ""]
    return out


def gen_json_source(area, ns, names, enums, messages):
    msgs = [messages[n] for n in names if n in messages]
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           '#include "brokerwire/messages/json.hpp"', "",
           '#include "json_support.hpp"', "",
           f"namespace brokerwire::{ns} {{", ""]
    for m in msgs: out += gen_to_json(m)
    for m in msgs: out += gen_from_json(m)
    out.append(f"}}  // namespace brokerwire::{ns}")
    return "\n".join(out) + "\n"


def gen_json_header(enums, messages):
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           "// The proto3 JSON mapping of every message: canonical output (lowerCamelCase names,",
           "// defaults omitted, 64-bit integers as strings, enums by name, bytes as base64), and",
           "// input in any form the mapping accepts. Unknown fields have no JSON form and are dropped.",
           "#pragma once", "",
           '#include "brokerwire/json/mapping_error.hpp"',
           '#include "brokerwire/json/value.hpp"',
           '#include "brokerwire/json/writer.hpp"',
           '#include "brokerwire/messages.hpp"', ""]
    for area, (ns, _, names) in AREAS.items():
        out.append(f"namespace brokerwire::{ns} {{")
        for n in names:
            if n in messages:
                t = snake(messages[n].name)
                out.append(f"void to_json(const {t}& m, json::writer& w);")
                out.append(f"json::mapping_error from_json(const json::value& v, {t}& m);")
        out.append(f"}}  // namespace brokerwire::{ns}")
        out.append("")
    return "\n".join(out)


def gen_catalog(messages):
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           '#include "brokerwire/messages/catalog.hpp"', "",
           '#include "brokerwire/messages/json.hpp"', "",
           "namespace brokerwire {", "namespace {", "",
           "template <typename T>",
           "status to_json_text(bytes_view in, std::string& out) {",
           "    T m;",
           "    const status s = decode(in, m);",
           "    if (!s.ok()) return s;",
           "    json::writer w(out);",
           "    to_json(m, w);",
           "    return s;",
           "}", "",
           "template <typename T>",
           "json::mapping_error from_json_value(const json::value& v, std::vector<std::uint8_t>& out) {",
           "    T m;",
           "    json::mapping_error e = from_json(v, m);",
           "    if (e.ok()) out = encode(m);",
           "    return e;",
           "}", "",
           "constexpr message_type types[] = {"]
    for area, (ns, _, names) in AREAS.items():
        for n in names:
            if n in messages:
                m = messages[n]
                t = f"{ns}::{snake(m.name)}"
                out.append(f'    {{"{n}", "{m.package}.{m.name}", to_json_text<{t}>, from_json_value<{t}>}},')
    out += ["};", "", "}  // namespace", "",
            "const message_type* find_message_type(std::string_view name) noexcept {",
            "    for (const message_type& t : types) {",
            "        if (name == t.short_name || name == t.full_name) return &t;",
            "    }",
            "    return nullptr;",
            "}", "",
            "const message_type* message_types_begin() noexcept { return std::begin(types); }",
            "const message_type* message_types_end() noexcept { return std::end(types); }", "",
            "}  // namespace brokerwire"]
    return "\n".join(out) + "\n"


def gen_umbrella():
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           "// Every message of the broker v2 schema, the v1 envelope and lanes, and the v1 service definition.",
           "#pragma once", ""]
    out += [f'#include "brokerwire/messages/{area}.hpp"' for area in AREAS]
    return "\n".join(out) + "\n"


def check_areas(enums, messages):
    """Every type of the schema belongs to exactly one area (the header its C++
    lives in), and every area names only types of the schema: a message added
    to proto/ and to no area would otherwise generate nothing, and nothing
    downstream would notice."""
    placed = [key for _, _, names in AREAS.values() for key in names]
    for key in sorted(set(enums) | set(messages)):
        if key not in placed:
            raise SchemaError(f"{key} is in proto/ but in no area: add it to AREAS in tools/generate_messages.py")
        if placed.count(key) > 1:
            raise SchemaError(f"{key} is in more than one area of AREAS")
    for key in placed:
        if key not in enums and key not in messages:
            raise SchemaError(f"AREAS names {key}, which proto/ does not define")


def outputs():
    enums, messages = load_schema()
    check_areas(enums, messages)
    files = {}
    for area, (ns, title, names) in AREAS.items():
        files[f"include/brokerwire/messages/{area}.hpp"] = gen_header(area, ns, title, names, enums, messages)
        files[f"src/messages/{area}.cpp"] = gen_source(area, ns, names, enums, messages)
        files[f"src/messages/{area}_json.cpp"] = gen_json_source(area, ns, names, enums, messages)
    files["include/brokerwire/messages.hpp"] = gen_umbrella()
    files["include/brokerwire/messages/json.hpp"] = gen_json_header(enums, messages) + "\n"
    files["src/messages/catalog.cpp"] = gen_catalog(messages)
    files["src/messages/meson.build"] = gen_meson()
    files["include/brokerwire/messages/list.hpp"] = gen_list(messages)
    files["fuzz/harnesses.txt"] = gen_harnesses(messages)
    return files


def schema_order(messages):
    """(namespace, C++ type, catalog name) of every message, area by area."""
    return [(ns, snake(messages[n].name), n) for area, (ns, _, names) in AREAS.items() for n in names if n in messages]


def harness_of(key):
    """The decode harness of a message: decode_<catalog name in snake case>
    (decode_service_definition, decode_v1_service_definition)."""
    return "decode_" + snake(key.replace(".", "_"))


def gen_list(messages):
    out = ["// Generated by tools/generate_messages.py from proto/; do not edit.",
           "// Every message of the schema as an X-macro, so that code which must cover each type",
           "// (tests, fuzzers, benchmarks) iterates this list instead of keeping its own:",
           "//   #define X(ns, type, Name) ...   // ns::type is the owning struct, Name the schema name",
           "// Name is the message's name in its package (libprotobuf's running_process::broker::ns::Name);",
           "// two packages may share it, so code that needs one name per type uses ns::type::short_name.",
           "//   BROKERWIRE_FOR_EACH_MESSAGE(X)",
           "#pragma once", "",
           "#define BROKERWIRE_FOR_EACH_MESSAGE(X) \\"]
    rows = schema_order(messages)
    out += [f"    X({ns}, {t}, {messages[n].name})" + (" \\" if i + 1 < len(rows) else "") for i, (ns, t, n) in enumerate(rows)]
    return "\n".join(out) + "\n"


# The harnesses that are not one per message type; the generated decode_<type> lines come first.
OTHER_HARNESSES = [("frame_reader", "frame_reader.cpp"), ("decode_and_register", "decode_and_register.cpp"),
                   ("envelope_dispatch", "envelope_dispatch.cpp"), ("json_mapping", "json_mapping.cpp"),
                   ("hello_exchange", "hello_exchange.cpp"), ("identity_json", "identity_json.cpp"),
                   ("probe_response", "probe_response.cpp")]


def gen_harnesses(messages):
    out = ["# The fuzz harnesses: name, source file, and for the decode template the",
           "# namespace and type it is built for. Read by meson.build, run.sh,",
           "# ossfuzz.sh and coverage.sh; one line per harness.",
           "# Generated by tools/generate_messages.py (a decode harness per message); do not edit."]
    rows = [(harness_of(n), "decode_message.cpp", f"{ns} {t}") for ns, t, n in schema_order(messages)]
    rows += [(name, source, "") for name, source in OTHER_HARNESSES]
    out += [f"{name:<44}{source:<20}{rest}".rstrip() for name, source, rest in rows]
    return "\n".join(out) + "\n"


def gen_meson():
    codec = sorted([f"{area}.cpp" for area in AREAS] + ["codec_support.cpp"])
    mapping = sorted([f"{area}_json.cpp" for area in AREAS] + ["catalog.cpp", "json_support.cpp"])
    out = ["# Generated by tools/generate_messages.py (except *_support.*); do not edit.",
           "# The codec belongs to the portable core; the JSON mapping and the catalog",
           "# (which names every message's JSON functions) to the JSON layer.",
           "core_sources += files("]
    out += [f"  '{name}'," for name in codec]
    out += [")", "json_sources += files("]
    out += [f"  '{name}'," for name in mapping]
    return "\n".join(out + [")"]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed output is stale")
    ap.add_argument("--validate", nargs="+", metavar="PROTO", type=pathlib.Path,
                    help="only parse these schema files and refuse what the generator cannot implement")
    args = ap.parse_args()
    try:
        if args.validate:
            load_schema(args.validate)
            return 0
        files = outputs()
    except SchemaError as e:
        print(f"generate_messages.py: {e}", file=sys.stderr)
        return 1
    return generated_files.write_or_check(ROOT, files, args.check, "stale generated files",
                                          "tools/generate_messages.py")


if __name__ == "__main__":
    sys.exit(main())
