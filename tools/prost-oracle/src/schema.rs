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
    /// Explicit presence (`optional` message or any message field).
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
    pub name: &'static str,
    pub fields: &'static [Field],
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

const ISOLATION: &[i32] = &[0, 1, 2];
const ROOT_KIND: &[i32] = &[0, 1, 2, 3, 4];
const ENV_POLICY: &[i32] = &[0, 1, 2, 3];
const FRAME_KIND: &[i32] = &[0, 1, 2, 3];
const PAYLOAD_ENCODING: &[i32] = &[0, 1, 2, 3];
const ADMIN_VERB: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 21];
const ADMIN_REPLY_KIND: &[i32] = &[0, 1, 2];

/// Every message of the three .proto files, in file order.
pub static SCHEMAS: &[Schema] = &[
    Schema { name: "BackendHttpReady", fields: &[f("port", 1, U32, Single)] },
    Schema { name: "GetBrokerHttpEndpointRequest", fields: &[] },
    Schema {
        name: "GetBrokerHttpEndpointResponse",
        fields: &[f("port", 1, U32, Single), f("pid", 2, U32, Single)],
    },
    Schema { name: "GetSessionTokenRequest", fields: &[f("daemon_id", 1, Str, Single)] },
    Schema {
        name: "GetSessionTokenResponse",
        fields: &[f("found", 1, Bool, Single), f("session_token", 2, Bytes, Single)],
    },
    Schema {
        name: "HttpServerCapability",
        fields: &[
            f("bind_addr", 1, Str, Single),
            f("health_path", 2, Str, Single),
            f("display_name", 3, Str, Single),
        ],
    },
    Schema {
        name: "ServiceDefinition",
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
    },
    Schema {
        name: "CacheRoot",
        fields: &[f("kind", 1, Enum(ROOT_KIND), Single), f("path", 2, Str, Single)],
    },
    Schema {
        name: "CacheManifest",
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
    },
    Schema {
        name: "SessionFrame",
        fields: &[
            f("stdin", 1, Bytes, Oneof),
            f("stdin_eof", 2, Bool, Oneof),
            f("stdout", 3, Bytes, Oneof),
            f("stderr", 4, Bytes, Oneof),
            f("exit", 5, Msg("SessionExit"), Oneof),
            f("start", 6, Msg("SessionStart"), Oneof),
        ],
    },
    Schema {
        name: "SessionStart",
        fields: &[
            f("program", 1, Str, Single),
            f("args", 2, Str, Repeated),
            f("cwd", 3, Str, Single),
            f("env", 4, Msg("SessionEnvVar"), Repeated),
            f("clear_inherited_env", 5, Bool, Single),
            f("environment_policy", 6, Enum(ENV_POLICY), Single),
        ],
    },
    Schema {
        name: "SessionEnvVar",
        fields: &[f("key", 1, Str, Single), f("value", 2, Str, Single)],
    },
    Schema {
        name: "SessionExit",
        fields: &[
            f("code", 1, I32, Single),
            f("signal", 2, I32, Single),
            f("metadata", 3, Str, Map),
        ],
    },
    Schema {
        name: "Frame",
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
    },
    Schema {
        name: "AdminRequest",
        fields: &[
            f("verb", 1, Enum(ADMIN_VERB), Single),
            f("json", 2, Bool, Single),
            f("service_name", 3, Str, Single),
            f("output_path", 4, Str, Single),
            f("drain_deadline_ms", 5, U64, Single),
        ],
    },
    Schema {
        name: "AdminReply",
        fields: &[
            f("kind", 1, Enum(ADMIN_REPLY_KIND), Single),
            f("body", 2, Str, Single),
            f("exit_code", 3, U32, Single),
            f("content_type", 4, Str, Single),
        ],
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
/// key), a two-byte one, and the largest legal field number.
pub fn unknown_numbers(schema: &Schema) -> [u32; 3] {
    let used = |n: u32| schema.fields.iter().any(|f| f.num == n);
    let small = (9..16).find(|&n| !used(n)).unwrap_or(15);
    let mid = (100..2048).find(|&n| !used(n)).unwrap_or(2047);
    [small, mid, (1 << 29) - 1]
}
