//! A runtime description of the same schema as messages.rs, used only to
//! drive case generation (which fields exist, their numbers and wire shapes).
//! prost itself never sees this table; it decodes with the derived structs.

/// The value type of a field (for maps: the value type; keys are strings).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ty {
    U32,
    I32,
    U64,
    Bool,
    /// An open enum; the slice lists the declared values.
    Enum(&'static [i32]),
    Str,
    Bytes,
    /// An embedded message, named by its proto message name.
    Msg(&'static str),
}

/// How often a field may appear and how presence is tracked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Card {
    /// proto3 implicit presence (default omitted on encode).
    Single,
    /// Explicit presence: a singular message field, or an `optional` scalar
    /// (`Option<T>` in prost; a present zero is written back).
    Optional,
    Repeated,
    /// `map<string, V>`.
    Map,
    /// A member of the message's single oneof.
    Oneof,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub num: u32,
    pub ty: Ty,
    pub card: Card,
}

#[derive(Clone, Copy, Debug)]
pub struct Schema {
    /// The catalog's name of the message: its proto name, or, where two
    /// packages share that, the name behind the package's version
    /// ("v1.ServiceDefinition"). The golden file is named after it.
    pub name: &'static str,
    /// The .proto file under proto/ that declares the message.
    pub file: &'static str,
    pub fields: &'static [Field],
    /// The message's `reserved` field numbers as inclusive ranges: on the
    /// wire they are unknown fields like any other undeclared number.
    pub reserved: &'static [(u32, u32)],
}

impl Schema {
    /// The proto package of the message, from its file.
    pub fn package(&self) -> &'static str {
        if self.file == V2 {
            "running_process.broker.v2"
        } else {
            "running_process.broker.v1"
        }
    }

    /// The message's name in its package ("ServiceDefinition" for
    /// "v1.ServiceDefinition").
    pub fn proto_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }
}

impl Ty {
    /// The wire type prost expects for a field of this type.
    pub fn wire_type(self) -> u8 {
        match self {
            Ty::U32 | Ty::I32 | Ty::U64 | Ty::Bool | Ty::Enum(_) => 0,
            Ty::Str | Ty::Bytes | Ty::Msg(_) => 2,
        }
    }
}

impl Field {
    /// Maps and messages are length-delimited whatever their value type.
    pub fn wire_type(&self) -> u8 {
        if self.card == Card::Map {
            2
        } else {
            self.ty.wire_type()
        }
    }
}

const fn f(name: &'static str, num: u32, ty: Ty, card: Card) -> Field {
    Field { name, num, ty, card }
}

use Card::*;
use Ty::*;

const V2: &str = "broker_v2.proto";
const ENVELOPE: &str = "broker_v1_envelope.proto";
const ADMIN: &str = "broker_v1_admin.proto";
const V1_SERVICE_DEF: &str = "broker_v1_service_def.proto";

const ISOLATION: &[i32] = &[0, 1, 2];
const ROOT_KIND: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const ENV_POLICY: &[i32] = &[0, 1, 2, 3];
const FRAME_KIND: &[i32] = &[0, 1, 2, 3];
const PAYLOAD_ENCODING: &[i32] = &[0, 1, 2, 3];
const ADMIN_VERB: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 21];
const ADMIN_REPLY_KIND: &[i32] = &[0, 1, 2];
const ERROR_CODE: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

const NONE: &[(u32, u32)] = &[];
const TEN_TO_TWENTY: &[(u32, u32)] = &[(10, 20)];

/// Every message of the four .proto files, in file order.
pub static SCHEMAS: &[Schema] = &[
    Schema {
        name: "BackendHttpReady",
        file: V2,
        fields: &[f("port", 1, U32, Single)],
        reserved: NONE,
    },
    Schema { name: "GetBrokerHttpEndpointRequest", file: V2, fields: &[], reserved: NONE },
    Schema {
        name: "GetBrokerHttpEndpointResponse",
        file: V2,
        fields: &[f("port", 1, U32, Single), f("pid", 2, U32, Single)],
        reserved: NONE,
    },
    Schema {
        name: "GetSessionTokenRequest",
        file: V2,
        fields: &[f("daemon_id", 1, Str, Single)],
        reserved: NONE,
    },
    Schema {
        name: "GetSessionTokenResponse",
        file: V2,
        fields: &[f("found", 1, Bool, Single), f("session_token", 2, Bytes, Single)],
        reserved: NONE,
    },
    Schema {
        name: "HttpServerCapability",
        file: V2,
        fields: &[
            f("bind_addr", 1, Str, Single),
            f("health_path", 2, Str, Single),
            f("display_name", 3, Str, Single),
        ],
        reserved: NONE,
    },
    Schema {
        name: "ServiceDefinition",
        file: V2,
        fields: &[
            f("service_name", 1, Str, Single),
            f("binary_path", 2, Str, Single),
            f("isolation", 3, Enum(ISOLATION), Single),
            f("explicit_instance", 4, Str, Single),
            f("per_version_binary_dir", 5, Str, Single),
            f("min_version", 6, Str, Single),
            f("version_allow_list", 7, Str, Repeated),
            f("labels", 8, Str, Map),
            f("http_server", 10, Msg("HttpServerCapability"), Optional),
        ],
        reserved: NONE,
    },
    Schema {
        name: "CacheRoot",
        file: V2,
        fields: &[f("kind", 1, Enum(ROOT_KIND), Single), f("path", 2, Str, Single)],
        reserved: NONE,
    },
    Schema {
        name: "CacheManifest",
        file: V2,
        fields: &[
            f("service_name", 1, Str, Single),
            f("service_version", 2, Str, Single),
            f("broker_envelope_version", 3, Str, Single),
            f("created_at_unix_ms", 4, U64, Single),
            f("last_active_unix_ms", 5, U64, Single),
            f("roots", 10, Msg("CacheRoot"), Repeated),
            f("broker_instance", 40, Str, Single),
            f("bundle_id", 70, Str, Single),
        ],
        reserved: &[(20, 20), (30, 30), (50, 51), (60, 60), (100, 199)],
    },
    Schema {
        name: "SessionFrame",
        file: V2,
        fields: &[
            f("stdin", 1, Bytes, Oneof),
            f("stdin_eof", 2, Bool, Oneof),
            f("stdout", 3, Bytes, Oneof),
            f("stderr", 4, Bytes, Oneof),
            f("exit", 5, Msg("SessionExit"), Oneof),
            f("start", 6, Msg("SessionStart"), Oneof),
        ],
        reserved: NONE,
    },
    Schema {
        name: "SessionStart",
        file: V2,
        fields: &[
            f("program", 1, Str, Single),
            f("args", 2, Str, Repeated),
            f("cwd", 3, Str, Single),
            f("env", 4, Msg("SessionEnvVar"), Repeated),
            f("clear_inherited_env", 5, Bool, Single),
            f("environment_policy", 6, Enum(ENV_POLICY), Single),
        ],
        reserved: NONE,
    },
    Schema {
        name: "SessionEnvVar",
        file: V2,
        fields: &[f("key", 1, Str, Single), f("value", 2, Str, Single)],
        reserved: NONE,
    },
    Schema {
        name: "SessionExit",
        file: V2,
        fields: &[
            f("code", 1, I32, Single),
            f("signal", 2, I32, Single),
            f("metadata", 3, Str, Map),
        ],
        reserved: NONE,
    },
    Schema {
        name: "Frame",
        file: ENVELOPE,
        fields: &[
            f("envelope_version", 1, U32, Single),
            f("kind", 2, Enum(FRAME_KIND), Single),
            f("payload_protocol", 3, U32, Single),
            f("payload", 4, Bytes, Single),
            f("request_id", 5, U64, Single),
            f("payload_encoding", 6, Enum(PAYLOAD_ENCODING), Single),
            f("deadline_unix_ms", 7, U64, Single),
            f("traceparent", 8, Str, Single),
            f("tracestate", 9, Str, Single),
        ],
        reserved: &[(10, 15)],
    },
    Schema {
        name: "Hello",
        file: ENVELOPE,
        fields: &[
            f("client_min_protocol", 1, U32, Single),
            f("client_max_protocol", 2, U32, Single),
            f("service_name", 3, Str, Single),
            f("wanted_version", 4, Str, Single),
            f("client_version", 5, Str, Single),
            f("client_capabilities", 6, U64, Single),
            f("auth_token", 7, Bytes, Single),
            f("request_id", 8, Str, Single),
            f("connection_id", 9, U64, Single),
            f("peer_pid", 10, U32, Single),
            f("client_lib_name", 11, Str, Single),
            f("client_lib_version", 12, Str, Single),
            f("peer_attestation_nonce", 13, Bytes, Single),
            f("capability_token", 14, Bytes, Single),
            f("client_keepalive_secs", 15, U64, Single),
        ],
        reserved: &[(16, 20)],
    },
    Schema {
        name: "HelloReply",
        file: ENVELOPE,
        fields: &[
            f("negotiated", 1, Msg("Negotiated"), Oneof),
            f("refused", 2, Msg("Refused"), Oneof),
        ],
        reserved: NONE,
    },
    Schema {
        name: "Negotiated",
        file: ENVELOPE,
        fields: &[
            f("negotiated_protocol", 1, U32, Single),
            f("daemon_version", 2, Str, Single),
            f("backend_pipe", 3, Str, Single),
            f("warnings", 4, Str, Repeated),
            f("server_capabilities", 5, U64, Single),
            f("keepalive_interval_secs", 6, U64, Single),
            f("handle_passed_token", 7, Bytes, Single),
            f("connection_id", 8, U64, Single),
        ],
        reserved: NONE,
    },
    Schema {
        name: "Refused",
        file: ENVELOPE,
        fields: &[
            f("reason", 1, Str, Single),
            f("daemon_min_protocol", 2, U32, Single),
            f("daemon_max_protocol", 3, U32, Single),
            f("code", 4, Enum(ERROR_CODE), Single),
            f("details", 5, Str, Map),
            f("retry_after_ms", 6, U64, Single),
        ],
        reserved: NONE,
    },
    Schema {
        name: "HandoffOffer",
        file: ENVELOPE,
        fields: &[
            f("handle_value", 1, U64, Single),
            f("token", 2, Bytes, Single),
            f("service_name", 3, Str, Single),
            f("correlation_id", 4, U64, Single),
        ],
        reserved: &[(5, 10)],
    },
    Schema {
        name: "HandoffAck",
        file: ENVELOPE,
        fields: &[
            f("token", 1, Bytes, Single),
            f("accepted", 2, Bool, Single),
            f("error_detail", 3, Str, Single),
            f("correlation_id", 4, U64, Single),
        ],
        reserved: &[(5, 10)],
    },
    Schema {
        name: "Endpoint",
        file: ENVELOPE,
        fields: &[f("namespace_id", 1, Str, Single), f("path", 2, Str, Single)],
        reserved: NONE,
    },
    Schema {
        name: "DaemonProcess",
        file: ENVELOPE,
        fields: &[
            f("pid", 1, U32, Single),
            f("exe_path", 2, Str, Single),
            f("ipc_endpoint", 4, Msg("Endpoint"), Optional),
            f("started_at_unix_ms", 5, U64, Single),
            f("boot_id", 6, Str, Single),
            f("idle_timeout_secs", 7, U32, Optional),
            f("exe_hash_algorithm", 8, Str, Single),
            f("exe_hash", 9, Bytes, Single),
        ],
        reserved: &[(3, 3)],
    },
    Schema {
        name: "AdminRequest",
        file: ADMIN,
        fields: &[
            f("verb", 1, Enum(ADMIN_VERB), Single),
            f("json", 2, Bool, Single),
            f("service_name", 3, Str, Single),
            f("output_path", 4, Str, Single),
            f("drain_deadline_ms", 5, U64, Single),
        ],
        reserved: TEN_TO_TWENTY,
    },
    Schema {
        name: "AdminReply",
        file: ADMIN,
        fields: &[
            f("kind", 1, Enum(ADMIN_REPLY_KIND), Single),
            f("body", 2, Str, Single),
            f("exit_code", 3, U32, Single),
            f("content_type", 4, Str, Single),
        ],
        reserved: TEN_TO_TWENTY,
    },
    Schema {
        name: "v1.ServiceDefinition",
        file: V1_SERVICE_DEF,
        fields: &[
            f("service_name", 1, Str, Single),
            f("binary_path", 2, Str, Single),
            f("isolation", 3, Enum(ISOLATION), Single),
            f("explicit_instance", 4, Str, Single),
            f("per_version_binary_dir", 5, Str, Single),
            f("min_version", 6, Str, Single),
            f("version_allow_list", 7, Str, Repeated),
            f("labels", 8, Str, Map),
        ],
        reserved: NONE,
    },
];

/// The schema of a message by proto name; panics on a name not in the table
/// (a bug in this tool, never an input condition).
pub fn find(name: &str) -> &'static Schema {
    SCHEMAS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no schema named {}", name))
}

/// Field numbers that the message does not declare: a small one (one-byte
/// key when 1..15 has a free number; Hello declares all of them), a two-byte
/// one, and the largest legal field number.
pub fn unknown_numbers(schema: &Schema) -> [u32; 3] {
    let used = |n: u32| schema.fields.iter().any(|f| f.num == n);
    let small = (9..16).chain(1..9).chain(16..2048).find(|&n| !used(n)).unwrap_or(2047);
    let mid = (100..2048).find(|&n| !used(n)).unwrap_or(2047);
    [small, mid, (1 << 29) - 1]
}

/// The reserved numbers that lie between declared field numbers (a gap a
/// table-driven decoder could mistake for a field), first and last of each
/// range.
pub fn reserved_gaps(schema: &Schema) -> Vec<u32> {
    let top = schema.fields.iter().map(|f| f.num).max().unwrap_or(0);
    let mut out = Vec::new();
    for &(lo, hi) in schema.reserved {
        for n in [lo, hi] {
            if n < top && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}
