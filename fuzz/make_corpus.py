#!/usr/bin/env python3
"""Writes the seed corpora and dictionaries of the fuzz harnesses.

    fuzz/make_corpus.py TOOL [--candidates DIR]

TOOL is a built `brokerwire` executable: the valid seeds are the encodings
`brokerwire encode TYPE` produces from the small JSON documents below (so
they also seed the JSON harness). Hand-built inputs add what JSON cannot
say: unknown fields of every wire type, groups, nesting at and past the
limit of 100, overlong varints, merges, truncations.

Named seeds go to fuzz/corpus/<harness>/, dictionaries to
fuzz/dict/<harness>.dict. With --candidates, the golden vectors of
tests/golden/ (prost's edge cases and random messages) are written to
DIR/<harness>/; merge them into the corpus keeping only inputs that add
coverage:  <harness>-fuzzer -merge=1 fuzz/corpus/<harness> DIR/<harness>
"""
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# --- schema: harness type -> (schema name, fields: number -> (name, kind))
# kinds: varint, string, bytes, msg:<Type>, map
SCHEMA = {
    "BackendHttpReady": {1: ("port", "varint")},
    "GetBrokerHttpEndpointRequest": {},
    "GetBrokerHttpEndpointResponse": {1: ("port", "varint"), 2: ("pid", "varint")},
    "GetSessionTokenRequest": {1: ("daemon_id", "string")},
    "GetSessionTokenResponse": {1: ("found", "varint"), 2: ("session_token", "bytes")},
    "HttpServerCapability": {1: ("bind_addr", "string"), 2: ("health_path", "string"),
                             3: ("display_name", "string")},
    "ServiceDefinition": {1: ("service_name", "string"), 2: ("binary_path", "string"),
                          3: ("isolation", "varint"), 4: ("explicit_instance", "string"),
                          5: ("per_version_binary_dir", "string"), 6: ("min_version", "string"),
                          7: ("version_allow_list", "string"), 8: ("labels", "map"),
                          10: ("http_server", "msg:HttpServerCapability")},
    "CacheRoot": {1: ("kind", "varint"), 2: ("path", "string")},
    "CacheManifest": {1: ("service_name", "string"), 2: ("service_version", "string"),
                      3: ("broker_envelope_version", "string"), 4: ("created_at_unix_ms", "varint"),
                      5: ("last_active_unix_ms", "varint"), 10: ("roots", "msg:CacheRoot"),
                      40: ("broker_instance", "string"), 70: ("bundle_id", "string")},
    "SessionEnvVar": {1: ("key", "string"), 2: ("value", "string")},
    "SessionStart": {1: ("program", "string"), 2: ("args", "string"), 3: ("cwd", "string"),
                     4: ("env", "msg:SessionEnvVar"), 5: ("clear_inherited_env", "varint"),
                     6: ("environment_policy", "varint")},
    "SessionExit": {1: ("code", "varint"), 2: ("signal", "varint"), 3: ("metadata", "map")},
    "SessionFrame": {1: ("stdin", "bytes"), 2: ("stdin_eof", "varint"), 3: ("stdout", "bytes"),
                     4: ("stderr", "bytes"), 5: ("exit", "msg:SessionExit"),
                     6: ("start", "msg:SessionStart")},
    "Frame": {1: ("envelope_version", "varint"), 2: ("kind", "varint"), 3: ("payload_protocol", "varint"),
              4: ("payload", "bytes"), 5: ("request_id", "varint"), 6: ("payload_encoding", "varint"),
              7: ("deadline_unix_ms", "varint"), 8: ("traceparent", "string"), 9: ("tracestate", "string")},
    "AdminRequest": {1: ("verb", "varint"), 2: ("json", "varint"), 3: ("service_name", "string"),
                     4: ("output_path", "string"), 5: ("drain_deadline_ms", "varint")},
    "AdminReply": {1: ("kind", "varint"), 2: ("body", "string"), 3: ("exit_code", "varint"),
                   4: ("content_type", "string")},
}

HARNESS = {
    "BackendHttpReady": "decode_backend_http_ready",
    "GetBrokerHttpEndpointRequest": "decode_get_broker_http_endpoint_request",
    "GetBrokerHttpEndpointResponse": "decode_get_broker_http_endpoint_response",
    "GetSessionTokenRequest": "decode_get_session_token_request",
    "GetSessionTokenResponse": "decode_get_session_token_response",
    "HttpServerCapability": "decode_http_server_capability",
    "ServiceDefinition": "decode_service_definition",
    "CacheRoot": "decode_cache_root",
    "CacheManifest": "decode_cache_manifest",
    "SessionEnvVar": "decode_session_env_var",
    "SessionStart": "decode_session_start",
    "SessionExit": "decode_session_exit",
    "SessionFrame": "decode_session_frame",
    "Frame": "decode_frame",
    "AdminRequest": "decode_admin_request",
    "AdminReply": "decode_admin_reply",
}

# --- valid messages as proto3 JSON, encoded by the tool
JSON_SEEDS = {
    "BackendHttpReady": {"port": {"port": 8765}, "port-max-u16": {"port": 65535},
                         "port-over-u16": {"port": 65536}, "port-max-u32": {"port": 4294967295}},
    "GetBrokerHttpEndpointRequest": {},
    "GetBrokerHttpEndpointResponse": {"full": {"port": 8080, "pid": 4242},
                                      "max": {"port": 4294967295, "pid": 4294967295}},
    "GetSessionTokenRequest": {"ascii": {"daemonId": "daemon-1"},
                               "unicode": {"daemonId": "d\u00e6mon \u00fc\u4e2d \U0001f389"}},
    "GetSessionTokenResponse": {"found": {"found": True, "sessionToken": "AAECAwT/"},
                                "not-found": {"found": False}},
    "HttpServerCapability": {"full": {"bindAddr": "127.0.0.1:0", "healthPath": "/health",
                                      "displayName": "zccache"}},
    "ServiceDefinition": {
        "full": {"serviceName": "zccache", "binaryPath": "/usr/bin/zccache", "isolation": "EXPLICIT_INSTANCE",
                 "explicitInstance": "ci-7", "perVersionBinaryDir": "/opt/zccache", "minVersion": "1.4.2-rc.1",
                 "versionAllowList": ["1.4.2", "1.5.0", ""], "labels": {"team": "build", "a": "", "": "x"},
                 "httpServer": {"bindAddr": "127.0.0.1:0", "healthPath": "/health", "displayName": "Zccache"}},
        "empty-http-server": {"serviceName": "a", "isolation": "SHARED_BROKER", "httpServer": {}},
        "unknown-isolation": {"serviceName": "b", "isolation": 7},
    },
    "CacheRoot": {"data": {"kind": "CACHE_DATA", "path": "/var/cache/zccache"}, "unknown-kind": {"kind": 99}},
    "CacheManifest": {
        "full": {"serviceName": "zccache", "serviceVersion": "1.4.2", "brokerEnvelopeVersion": "v2",
                 "createdAtUnixMs": "1700000000000", "lastActiveUnixMs": "1700000123456",
                 "roots": [{"kind": "CACHE_DATA", "path": "/c/data"}, {"kind": "CACHE_TMP", "path": "/c/tmp"}, {}],
                 "brokerInstance": "shared", "bundleId": "bundle-1"},
        "max-u64": {"createdAtUnixMs": "18446744073709551615", "lastActiveUnixMs": "1"},
    },
    "SessionEnvVar": {"path": {"key": "PATH", "value": "/usr/bin:/bin"}},
    "SessionStart": {
        "full": {"program": "rustc", "args": ["--edition=2021", "-", ""], "cwd": "/tmp",
                 "env": [{"key": "A", "value": "1"}, {}], "clearInheritedEnv": True,
                 "environmentPolicy": "ENVIRONMENT_POLICY_USER_BASELINE"},
        "unknown-policy": {"program": "sh", "environmentPolicy": 42},
    },
    "SessionExit": {"killed": {"code": -1, "signal": 9, "metadata": {"reason": "killed", "z": ""}},
                    "min": {"code": -2147483648, "signal": 2147483647}},
    "SessionFrame": {
        "stdin": {"stdin": "aGVsbG8K"}, "stdin-eof": {"stdinEof": True}, "stdin-eof-false": {"stdinEof": False},
        "stdout": {"stdout": "AAEC"}, "stderr-empty": {"stderr": ""}, "exit": {"exit": {"code": 1, "metadata": {"k": "v"}}},
        "exit-empty": {"exit": {}}, "start": {"start": {"program": "sh", "args": ["-c", "true"],
                                                          "env": [{"key": "K", "value": "V"}]}},
    },
    "Frame": {
        "admin-request": {"envelopeVersion": 1, "kind": "FRAME_KIND_REQUEST", "payloadProtocol": 44289,
                          "payload": "CAQ=", "requestId": "42", "deadlineUnixMs": "1700000000000",
                          "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "tracestate": "congo=t61rcWkgMzE"},
        "response": {"envelopeVersion": 1, "kind": "FRAME_KIND_RESPONSE", "payloadProtocol": 21328,
                     "requestId": "18446744073709551615", "payloadEncoding": "PAYLOAD_ENCODING_ZSTD"},
        "cancel": {"kind": "FRAME_KIND_CANCEL", "requestId": "7"},
    },
    "AdminRequest": {"shutdown": {"verb": "ADMIN_VERB_SHUTDOWN", "json": True, "serviceName": "zccache",
                                  "outputPath": "/tmp/diag", "drainDeadlineMs": "5000"},
                     "unknown-verb": {"verb": 15}},
    "AdminReply": {"json": {"kind": "ADMIN_REPLY_KIND_JSON", "body": "{}", "exitCode": 3,
                            "contentType": "application/json"}},
}

BENCH = {"ready.bin": "BackendHttpReady", "endpoint_resp.bin": "GetBrokerHttpEndpointResponse",
         "servicedef.bin": "ServiceDefinition", "manifest.bin": "CacheManifest",
         "session_start.bin": "SessionStart", "session_stdout_64k.bin": "SessionFrame",
         "frame_ready.bin": "Frame"}


# --- wire helpers
def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def ld(field, payload):
    return key(field, 2) + varint(len(payload)) + payload


def group(field, inner):
    return key(field, 3) + inner + key(field, 4)


# Enum fields and their largest schema value: one seed per value reaches
# every name in the JSON mapping.
ENUMS = {("AdminRequest", 1): 21, ("AdminReply", 1): 2, ("Frame", 2): 3, ("Frame", 6): 3,
         ("CacheRoot", 1): 4, ("SessionStart", 6): 3, ("ServiceDefinition", 3): 2}

UNKNOWN = 99  # in no message of the schema, reserved by none


def unknown_fields():
    return (key(UNKNOWN, 0) + varint(300) + key(UNKNOWN, 1) + bytes(range(8)) + ld(UNKNOWN, b"newer")
            + key(UNKNOWN, 5) + b"\x01\x02\x03\x04" + group(UNKNOWN, key(1, 0) + b"\x01" + group(2, b"")))


def deep_groups(depth):
    return key(UNKNOWN, 3) * depth + key(UNKNOWN, 4) * depth


def edge_cases(type_name, valid):
    """Hand-built inputs for one message type; `valid` is a valid encoding."""
    fields = SCHEMA[type_name]
    cases = {
        "empty": b"",
        "unknown-every-wire-type": valid + unknown_fields(),
        "unknown-first": unknown_fields() + valid,
        "group-depth-99": valid + deep_groups(99),
        "group-mismatched-end": key(UNKNOWN, 3) + key(UNKNOWN + 1, 4),
        "group-missing-end": key(UNKNOWN, 3) + key(1, 0) + b"\x01",
        "stray-end-group": key(UNKNOWN, 4),
        "truncated": valid[:-1],
        "twice": valid + valid,
        "varint-tenth-byte-2": key(UNKNOWN, 0) + b"\xff" * 9 + b"\x02",
        "length-past-end": ld(UNKNOWN, b"abc")[:-1],
    }
    for number, (name, kind) in fields.items():
        if (type_name, number) in ENUMS:
            for value in range(ENUMS[(type_name, number)] + 1):
                cases["%s-%d" % (name, value)] = key(number, 0) + varint(value)
            cases[name + "-negative"] = key(number, 0) + varint(-1)
        if kind == "varint":
            cases[name + "-overlong"] = key(number, 0) + b"\xff" * 9 + b"\x01"
            cases[name + "-zero-overlong"] = key(number, 0) + b"\x80\x00"
            cases[name + "-wrong-wire-type"] = ld(number, b"\x01")
        elif kind in ("string", "bytes"):
            cases[name + "-invalid-utf8"] = ld(number, b"\xc0\x80 \xed\xa0\x80")
            cases[name + "-wrong-wire-type"] = key(number, 0) + b"\x01"
        elif kind == "map":
            cases[name + "-entry-missing-key"] = ld(number, ld(2, b"v"))
            cases[name + "-entry-missing-value"] = ld(number, ld(1, b"k"))
            cases[name + "-duplicate-key"] = ld(number, ld(1, b"k") + ld(2, b"1")) + ld(number, ld(1, b"k") + ld(2, b"2"))
            cases[name + "-entry-unknown-field"] = ld(number, ld(1, b"k") + key(UNKNOWN, 0) + b"\x05" + ld(2, b"v"))
            cases[name + "-entry-group"] = ld(number, group(UNKNOWN, b"") + ld(1, b"k"))
        elif kind.startswith("msg:"):
            inner = kind[4:]
            first = next(iter(SCHEMA[inner].items()), None)
            a = ld(1, b"x") if first and first[1][1] != "varint" else key(1, 0) + b"\x05"
            b = ld(2, b"y") if len(SCHEMA[inner]) > 1 and SCHEMA[inner][2][1] != "varint" else key(2, 0) + b"\x06"
            cases[name + "-merged"] = ld(number, a) + ld(number, b)
            cases[name + "-nested-unknown"] = ld(number, a + unknown_fields())
            cases[name + "-nested-deep-groups-98"] = ld(number, deep_groups(98))
            cases[name + "-nested-deep-groups-99"] = ld(number, deep_groups(99))
            cases[name + "-nested-length-overruns"] = key(number, 2) + b"\x05" + a
    return cases


def regressions_for(type_name):
    """Inputs at and past the nesting limit: kept as regressions."""
    cases = {"group-depth-100": deep_groups(100), "group-depth-101": deep_groups(101),
             "group-depth-5000": deep_groups(5000)}
    for number, (name, kind) in SCHEMA[type_name].items():
        if kind.startswith("msg:"):
            cases[name + "-nested-deep-groups-100"] = ld(number, deep_groups(100))
    return cases


# --- dictionaries
def dict_lines(type_name):
    lines = []
    for number, (name, kind) in sorted(SCHEMA[type_name].items()):
        wire = 0 if kind == "varint" else 2
        k = key(number, wire)
        lines.append('key_%s="%s"' % (name, "".join("\\x%02X" % c for c in k)))
    lines += ['unknown_varint="\\x98\\x06"', 'unknown_len="\\x9A\\x06"', 'start_group="\\x9B\\x06"',
              'end_group="\\x9C\\x06"', 'fixed32="\\x9D\\x06"', 'fixed64="\\x99\\x06"',
              'cont_80="\\x80"', 'cont_ff="\\xFF"', 'len_0="\\x00"', 'len_1="\\x01"', 'len_127="\\x7F"',
              'len_128="\\x80\\x01"', 'len_16383="\\xFF\\x7F"', 'varint_max="\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\x01"',
              'varint_10th_2="\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\x02"',
              'utf8_overlong="\\xC0\\x80"', 'utf8_surrogate="\\xED\\xA0\\x80"', 'utf8_above_max="\\xF4\\x90\\x80\\x80"',
              'utf8_4byte="\\xF0\\x9F\\x8E\\x89"']
    return lines


JSON_DICT = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"true"', '"false"', '"null"', '"-0"',
             '"1e2"', '"4294967295"', '"18446744073709551615"', '"-2147483648"', '"\\\\u0000"', '"\\\\ud83c\\\\udf89"',
             '"AAECAw=="', '"_-"']


def json_field_names():
    names = set()
    for fields in SCHEMA.values():
        for _, (name, _) in fields.items():
            parts = name.split("_")
            names.add(name)
            names.add(parts[0] + "".join(p.title() for p in parts[1:]))
    enums = ["PRIVATE_BROKER", "SHARED_BROKER", "EXPLICIT_INSTANCE", "CACHE_DATA", "CACHE_TMP",
             "CACHE_ROOT_KIND_UNSPECIFIED", "ENVIRONMENT_POLICY_CLEAR", "FRAME_KIND_EVENT",
             "PAYLOAD_ENCODING_LZ4", "ADMIN_VERB_METRICS", "ADMIN_REPLY_KIND_OPENMETRICS"]
    return ['"\\"%s\\""' % n for n in sorted(names) + enums]


# --- frames
def framed(body):
    return b"\x01" + len(body).to_bytes(4, "little") + body


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def encode_with_tool(tool, type_name, document):
    return subprocess.run([tool, "encode", type_name], input=json.dumps(document).encode(),
                          stdout=subprocess.PIPE, check=True).stdout


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--candidates"):
        sys.exit(__doc__)
    tool = sys.argv[1]
    corpus = os.path.join(HERE, "corpus")
    regressions = os.path.join(HERE, "regressions")
    dicts = os.path.join(HERE, "dict")
    os.makedirs(dicts, exist_ok=True)

    valid = {}  # type -> {name: bytes}
    for type_name, harness in HARNESS.items():
        out = os.path.join(corpus, harness)
        valid[type_name] = {}
        for name, document in JSON_SEEDS[type_name].items() or {"default": {}}.items():
            data = encode_with_tool(tool, type_name, document)
            valid[type_name][name] = data
            write(out, "valid-%s.bin" % name, data)
            write(os.path.join(corpus, "json_mapping"), "%s-%s.json" % (type_name, name),
                  json.dumps(document, ensure_ascii=False).encode())
        if not valid[type_name]:
            valid[type_name]["default"] = encode_with_tool(tool, type_name, {})
        for bench, bench_type in BENCH.items():
            if bench_type == type_name:
                with open(os.path.join(ROOT, "bench", "data", bench), "rb") as f:
                    write(out, "bench-" + bench, f.read())
        richest = max(valid[type_name].values(), key=len)
        for name, data in edge_cases(type_name, richest).items():
            write(out, name + ".bin", data)
        for name, data in regressions_for(type_name).items():
            write(os.path.join(regressions, harness), name + ".bin", data)
        with open(os.path.join(dicts, harness + ".dict"), "w") as f:
            f.write("# Keys of every field of %s, unknown-field keys, varint and length bytes, bad UTF-8.\n" % type_name)
            f.write("\n".join(dict_lines(type_name)) + "\n")

    # decode_and_register: [setup byte][BackendHttpReady body]
    out = os.path.join(corpus, "decode_and_register")
    bodies = dict(valid["BackendHttpReady"])
    bodies.update({"empty": b"", "truncated": b"\x08\x80", "unknown-field": b"\x08\x05" + unknown_fields(),
                   "wrong-wire-type": ld(1, b"\x01"), "port-overlong": key(1, 0) + b"\xff" * 9 + b"\x01"})
    for setup in (0, 1, 2, 3, 6, 13):
        for name, body in bodies.items():
            write(out, "setup%d-%s.bin" % (setup, name), bytes([setup]) + body)
    with open(os.path.join(dicts, "decode_and_register.dict"), "w") as f:
        f.write("# BackendHttpReady keys and ports around the u16 limit.\n")
        f.write("\n".join(dict_lines("BackendHttpReady") + ['port_65535="\\xFF\\xFF\\x03"', 'port_65536="\\x80\\x80\\x04"']) + "\n")

    # envelope_dispatch: a frame body per lane, kind, version and encoding
    out = os.path.join(corpus, "envelope_dispatch")
    admin = encode_with_tool(tool, "AdminRequest", JSON_SEEDS["AdminRequest"]["shutdown"])
    for lane in (0x0000, 0xAD01, 0xB232, 0xD0FF, 0x5350, 0x1234):
        for kind in (0, 1, 2, 3, 9):
            for payload_name, payload in (("empty", b""), ("admin", admin), ("bad-admin", b"\x0a\x05")):
                doc = {"envelopeVersion": 1, "kind": kind, "payloadProtocol": lane, "requestId": "77",
                       "payload": __import__("base64").b64encode(payload).decode()}
                if kind in (1, 3, 9) and payload_name != "empty":
                    continue
                write(out, "lane%04x-kind%d-%s.bin" % (lane, kind, payload_name), encode_with_tool(tool, "Frame", doc))
    for name, doc in (("version-2", {"envelopeVersion": 2, "payloadProtocol": 0}),
                      ("version-0", {"payloadProtocol": 0}),
                      ("zstd", {"envelopeVersion": 1, "payloadEncoding": "PAYLOAD_ENCODING_ZSTD"}),
                      ("encoding-9", {"envelopeVersion": 1, "payloadEncoding": 9})):
        write(out, name + ".bin", encode_with_tool(tool, "Frame", doc))
    write(out, "malformed.bin", b"\x08")
    write(out, "empty.bin", b"")
    with open(os.path.join(dicts, "envelope_dispatch.dict"), "w") as f:
        f.write("# Frame keys, lane numbers as varints, kinds and encodings.\n")
        f.write("\n".join(dict_lines("Frame") + ['lane_admin="\\x81\\xDA\\x02"', 'lane_probe="\\xB2\\xE4\\x02"',
                                                 'lane_handoff="\\xFF\\xA1\\x03"', 'lane_session="\\xD0\\xA6\\x01"']) + "\n")

    # frame_reader: [cap][n][sizes][stream]
    out = os.path.join(corpus, "frame_reader")
    stream = b"".join(framed(v) for t in ("BackendHttpReady", "Frame", "ServiceDefinition") for v in valid[t].values())
    stream_with_empty = framed(b"") + stream + framed(b"")
    for name, prefix in (("whole", b"\xff\x01\xff"), ("bytewise", b"\xff\x00"), ("chunks-3-7", b"\xff\x02\x03\x07"),
                         ("empty-chunks", b"\xff\x03\x00\x05\x00"), ("cap-64", b"\x04\x01\x10")):
        write(out, name + ".bin", prefix + stream_with_empty)
    write(out, "truncated-header.bin", b"\xff\x00" + framed(b"abc") + b"\x01\x02")
    write(out, "truncated-body.bin", b"\xff\x01\x02" + framed(b"abcdef")[:-2])
    write(out, "wrong-version.bin", b"\xff\x00" + framed(b"x") + b"\x02\x00\x00\x00\x00")
    write(out, "over-cap.bin", b"\x01\x00" + framed(b"x") + b"\x01\x11\x00\x00\x00" + b"y" * 17)
    write(out, "over-16mib.bin", b"\xff\x00\x01\x01\x00\x00\x01")
    write(out, "empty-stream.bin", b"\xff\x00")
    with open(os.path.join(dicts, "frame_reader.dict"), "w") as f:
        f.write("# Framing: version byte, little-endian lengths around the caps.\n")
        f.write('version="\\x01"\nheader_empty="\\x01\\x00\\x00\\x00\\x00"\nlen_64k="\\x00\\x00\\x01\\x00"\n'
                'len_64k_plus_1="\\x01\\x00\\x01\\x00"\nlen_16m="\\x00\\x00\\x00\\x01"\nlen_16m_plus_1="\\x01\\x00\\x00\\x01"\n'
                'len_max="\\xFF\\xFF\\xFF\\xFF"\ncap_max="\\xFF"\n')

    # json_mapping: the documents above plus malformed text
    out = os.path.join(corpus, "json_mapping")
    for name, text in (("empty", b""), ("not-object", b"[1,2]"), ("trailing-comma", b'{"port":1,}'),
                       ("duplicate-key", b'{"port":1,"port":2}'), ("both-names", b'{"serviceName":"a","service_name":"b"}'),
                       ("deep", b"[" * 101 + b"]" * 101), ("lone-surrogate", b'{"daemonId":"\\ud800"}'),
                       ("escapes", b'{"body":"\\u0000\\n\\t\\"\\\\\\/\\ud83c\\udf89"}'),
                       ("numbers", b'{"port":1e2,"pid":"7","code":-0,"createdAtUnixMs":1.0}'),
                       ("null-fields", b'{"port":null,"labels":null,"roots":null,"httpServer":null}'),
                       ("bad-base64", b'{"sessionToken":"AAE"}'), ("url-base64", b'{"payload":"-_8="}')):
        write(out, name + ".json", text)
    with open(os.path.join(dicts, "json_mapping.dict"), "w") as f:
        f.write("# JSON tokens, every field name in both forms, enum names.\n")
        f.write("\n".join(JSON_DICT + json_field_names()) + "\n")

    if len(sys.argv) == 4:
        candidates = sys.argv[3]
        for type_name, harness in HARNESS.items():
            with open(os.path.join(ROOT, "tests", "golden", type_name + ".txt")) as f:
                for line in f:
                    if not line.strip() or line.startswith("#"):
                        continue
                    data = b"" if line.split()[0] == "-" else bytes.fromhex(line.split()[0])
                    name = hashlib.sha1(data).hexdigest()
                    write(os.path.join(candidates, harness), name, data)
                    if type_name == "Frame":
                        write(os.path.join(candidates, "envelope_dispatch"), name, data)
                    if type_name == "BackendHttpReady":
                        for setup in (0, 2):
                            write(os.path.join(candidates, "decode_and_register"),
                                  hashlib.sha1(bytes([setup]) + data).hexdigest(), bytes([setup]) + data)


if __name__ == "__main__":
    main()
