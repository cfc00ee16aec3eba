//! Hand-written prost structs for every message of proto/broker_v2.proto,
//! proto/broker_v1_envelope.proto, proto/broker_v1_admin.proto and
//! proto/broker_v1_service_def.proto (in module `v1`: its names are v2's too).
//!
//! Field numbers and wire types match the .proto files exactly; this file is
//! the reference side of the byte-compatibility contract, so it is written the
//! way prost-build would generate it, with two deliberate choices:
//! - maps are `btree_map`, so prost encodes entries sorted by key and the
//!   re-encoding of a decoded message is deterministic (docs/contract.md,
//!   "Encoding");
//! - enums are stored as open `i32` (`enumeration = ...`), as prost does.
//!
//! Shared by the golden-vector oracle and the benchmark peer (bench/prost-peer),
//! which includes it by path so the two can never drift apart.

#![allow(dead_code)]

use std::collections::BTreeMap;

// ---- broker_v2.proto: control plane ---------------------------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct BackendHttpReady {
    #[prost(uint32, tag = "1")]
    pub port: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct GetBrokerHttpEndpointRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct GetBrokerHttpEndpointResponse {
    #[prost(uint32, tag = "1")]
    pub port: u32,
    #[prost(uint32, tag = "2")]
    pub pid: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct GetSessionTokenRequest {
    #[prost(string, tag = "1")]
    pub daemon_id: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct GetSessionTokenResponse {
    #[prost(bool, tag = "1")]
    pub found: bool,
    #[prost(bytes = "vec", tag = "2")]
    pub session_token: Vec<u8>,
}

// ---- broker_v2.proto: service definitions ---------------------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct HttpServerCapability {
    #[prost(string, tag = "1")]
    pub bind_addr: String,
    #[prost(string, tag = "2")]
    pub health_path: String,
    #[prost(string, tag = "3")]
    pub display_name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum BrokerIsolation {
    PrivateBroker = 0,
    SharedBroker = 1,
    ExplicitInstance = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ServiceDefinition {
    #[prost(string, tag = "1")]
    pub service_name: String,
    #[prost(string, tag = "2")]
    pub binary_path: String,
    #[prost(enumeration = "BrokerIsolation", tag = "3")]
    pub isolation: i32,
    #[prost(string, tag = "4")]
    pub explicit_instance: String,
    #[prost(string, tag = "5")]
    pub per_version_binary_dir: String,
    #[prost(string, tag = "6")]
    pub min_version: String,
    #[prost(string, repeated, tag = "7")]
    pub version_allow_list: Vec<String>,
    #[prost(btree_map = "string, string", tag = "8")]
    pub labels: BTreeMap<String, String>,
    #[prost(message, optional, tag = "10")]
    pub http_server: Option<HttpServerCapability>,
}

// ---- broker_v2.proto: cache manifests -------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum CacheRootKind {
    Unspecified = 0,
    CacheData = 1,
    CacheLogs = 2,
    CacheLocks = 3,
    CacheRuntime = 4,
    CacheTmp = 5,
    CacheConfig = 6,
    CacheIndex = 7,
    CacheJournal = 8,
    CacheSecrets = 9,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CacheRoot {
    #[prost(enumeration = "CacheRootKind", tag = "1")]
    pub kind: i32,
    #[prost(string, tag = "2")]
    pub path: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CacheManifest {
    #[prost(string, tag = "1")]
    pub service_name: String,
    #[prost(string, tag = "2")]
    pub service_version: String,
    #[prost(string, tag = "3")]
    pub broker_envelope_version: String,
    #[prost(uint64, tag = "4")]
    pub created_at_unix_ms: u64,
    #[prost(uint64, tag = "5")]
    pub last_active_unix_ms: u64,
    #[prost(message, repeated, tag = "10")]
    pub roots: Vec<CacheRoot>,
    #[prost(string, tag = "40")]
    pub broker_instance: String,
    #[prost(string, tag = "70")]
    pub bundle_id: String,
}

// ---- broker_v2.proto: session lane ----------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum EnvironmentPolicy {
    Unspecified = 0,
    Inherit = 1,
    UserBaseline = 2,
    Clear = 3,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SessionFrame {
    #[prost(oneof = "session_frame::Kind", tags = "1, 2, 3, 4, 5, 6")]
    pub kind: Option<session_frame::Kind>,
}

pub mod session_frame {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Kind {
        #[prost(bytes, tag = "1")]
        Stdin(Vec<u8>),
        #[prost(bool, tag = "2")]
        StdinEof(bool),
        #[prost(bytes, tag = "3")]
        Stdout(Vec<u8>),
        #[prost(bytes, tag = "4")]
        Stderr(Vec<u8>),
        #[prost(message, tag = "5")]
        Exit(super::SessionExit),
        #[prost(message, tag = "6")]
        Start(super::SessionStart),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SessionStart {
    #[prost(string, tag = "1")]
    pub program: String,
    #[prost(string, repeated, tag = "2")]
    pub args: Vec<String>,
    #[prost(string, tag = "3")]
    pub cwd: String,
    #[prost(message, repeated, tag = "4")]
    pub env: Vec<SessionEnvVar>,
    #[prost(bool, tag = "5")]
    pub clear_inherited_env: bool,
    #[prost(enumeration = "EnvironmentPolicy", tag = "6")]
    pub environment_policy: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SessionEnvVar {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(string, tag = "2")]
    pub value: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SessionExit {
    #[prost(int32, tag = "1")]
    pub code: i32,
    #[prost(int32, tag = "2")]
    pub signal: i32,
    #[prost(btree_map = "string, string", tag = "3")]
    pub metadata: BTreeMap<String, String>,
}

// ---- broker_v1_envelope.proto ---------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum FrameKind {
    Request = 0,
    Response = 1,
    Event = 2,
    Cancel = 3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum PayloadEncoding {
    None = 0,
    Zstd = 1,
    Snappy = 2,
    Lz4 = 3,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Frame {
    #[prost(uint32, tag = "1")]
    pub envelope_version: u32,
    #[prost(enumeration = "FrameKind", tag = "2")]
    pub kind: i32,
    #[prost(uint32, tag = "3")]
    pub payload_protocol: u32,
    #[prost(bytes = "vec", tag = "4")]
    pub payload: Vec<u8>,
    #[prost(uint64, tag = "5")]
    pub request_id: u64,
    #[prost(enumeration = "PayloadEncoding", tag = "6")]
    pub payload_encoding: i32,
    #[prost(uint64, tag = "7")]
    pub deadline_unix_ms: u64,
    #[prost(string, tag = "8")]
    pub traceparent: String,
    #[prost(string, tag = "9")]
    pub tracestate: String,
}

// ---- broker_v1_envelope.proto: the control-lane handshake ----------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct Hello {
    #[prost(uint32, tag = "1")]
    pub client_min_protocol: u32,
    #[prost(uint32, tag = "2")]
    pub client_max_protocol: u32,
    #[prost(string, tag = "3")]
    pub service_name: String,
    #[prost(string, tag = "4")]
    pub wanted_version: String,
    #[prost(string, tag = "5")]
    pub client_version: String,
    #[prost(uint64, tag = "6")]
    pub client_capabilities: u64,
    #[prost(bytes = "vec", tag = "7")]
    pub auth_token: Vec<u8>,
    #[prost(string, tag = "8")]
    pub request_id: String,
    #[prost(uint64, tag = "9")]
    pub connection_id: u64,
    #[prost(uint32, tag = "10")]
    pub peer_pid: u32,
    #[prost(string, tag = "11")]
    pub client_lib_name: String,
    #[prost(string, tag = "12")]
    pub client_lib_version: String,
    #[prost(bytes = "vec", tag = "13")]
    pub peer_attestation_nonce: Vec<u8>,
    #[prost(bytes = "vec", tag = "14")]
    pub capability_token: Vec<u8>,
    #[prost(uint64, tag = "15")]
    pub client_keepalive_secs: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct HelloReply {
    #[prost(oneof = "hello_reply::Result", tags = "1, 2")]
    pub result: Option<hello_reply::Result>,
}

pub mod hello_reply {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Result {
        #[prost(message, tag = "1")]
        Negotiated(super::Negotiated),
        #[prost(message, tag = "2")]
        Refused(super::Refused),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Negotiated {
    #[prost(uint32, tag = "1")]
    pub negotiated_protocol: u32,
    #[prost(string, tag = "2")]
    pub daemon_version: String,
    #[prost(string, tag = "3")]
    pub backend_pipe: String,
    #[prost(string, repeated, tag = "4")]
    pub warnings: Vec<String>,
    #[prost(uint64, tag = "5")]
    pub server_capabilities: u64,
    #[prost(uint64, tag = "6")]
    pub keepalive_interval_secs: u64,
    #[prost(bytes = "vec", tag = "7")]
    pub handle_passed_token: Vec<u8>,
    #[prost(uint64, tag = "8")]
    pub connection_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Refused {
    #[prost(string, tag = "1")]
    pub reason: String,
    #[prost(uint32, tag = "2")]
    pub daemon_min_protocol: u32,
    #[prost(uint32, tag = "3")]
    pub daemon_max_protocol: u32,
    #[prost(enumeration = "ErrorCode", tag = "4")]
    pub code: i32,
    #[prost(btree_map = "string, string", tag = "5")]
    pub details: BTreeMap<String, String>,
    #[prost(uint64, tag = "6")]
    pub retry_after_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ErrorCode {
    Unspecified = 0,
    ErrorVersionUnsupported = 1,
    ErrorServiceUnknown = 2,
    ErrorBackendSpawnFailed = 3,
    ErrorRateLimited = 4,
    ErrorShuttingDown = 5,
    ErrorPeerRejected = 6,
    ErrorInternal = 7,
    ErrorVersionBlocked = 8,
    ErrorFdPressure = 9,
}

// ---- broker_v1_envelope.proto: the handoff lane ---------------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct HandoffOffer {
    #[prost(uint64, tag = "1")]
    pub handle_value: u64,
    #[prost(bytes = "vec", tag = "2")]
    pub token: Vec<u8>,
    #[prost(string, tag = "3")]
    pub service_name: String,
    #[prost(uint64, tag = "4")]
    pub correlation_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct HandoffAck {
    #[prost(bytes = "vec", tag = "1")]
    pub token: Vec<u8>,
    #[prost(bool, tag = "2")]
    pub accepted: bool,
    #[prost(string, tag = "3")]
    pub error_detail: String,
    #[prost(uint64, tag = "4")]
    pub correlation_id: u64,
}

// ---- broker_v1_envelope.proto: the endpoint probe lane --------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct Endpoint {
    #[prost(string, tag = "1")]
    pub namespace_id: String,
    #[prost(string, tag = "2")]
    pub path: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DaemonProcess {
    #[prost(uint32, tag = "1")]
    pub pid: u32,
    #[prost(string, tag = "2")]
    pub exe_path: String,
    // Field 3 is reserved (the old SHA-256, now sent as a trailer): unknown here.
    #[prost(message, optional, tag = "4")]
    pub ipc_endpoint: Option<Endpoint>,
    #[prost(uint64, tag = "5")]
    pub started_at_unix_ms: u64,
    #[prost(string, tag = "6")]
    pub boot_id: String,
    /// `optional uint32`: explicit presence, so Some(0) is written.
    #[prost(uint32, optional, tag = "7")]
    pub idle_timeout_secs: Option<u32>,
    #[prost(string, tag = "8")]
    pub exe_hash_algorithm: String,
    #[prost(bytes = "vec", tag = "9")]
    pub exe_hash: Vec<u8>,
}

// ---- broker_v1_admin.proto ------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum AdminVerb {
    Unspecified = 0,
    Status = 1,
    Dump = 2,
    ListInstances = 3,
    Healthz = 4,
    Readyz = 5,
    BackendHealth = 6,
    Config = 7,
    Diagnose = 8,
    Metrics = 9,
    Shutdown = 21,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum AdminReplyKind {
    Text = 0,
    Json = 1,
    Openmetrics = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AdminRequest {
    #[prost(enumeration = "AdminVerb", tag = "1")]
    pub verb: i32,
    #[prost(bool, tag = "2")]
    pub json: bool,
    #[prost(string, tag = "3")]
    pub service_name: String,
    #[prost(string, tag = "4")]
    pub output_path: String,
    #[prost(uint64, tag = "5")]
    pub drain_deadline_ms: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AdminReply {
    #[prost(enumeration = "AdminReplyKind", tag = "1")]
    pub kind: i32,
    #[prost(string, tag = "2")]
    pub body: String,
    #[prost(uint32, tag = "3")]
    pub exit_code: u32,
    #[prost(string, tag = "4")]
    pub content_type: String,
}

// ---- broker_v1_service_def.proto ------------------------------------------

/// The v1 package's ServiceDefinition and BrokerIsolation share their names
/// with the v2 ones, so they live in a module of their own, as prost-build
/// puts each package in its own module.
pub mod v1 {
    use std::collections::BTreeMap;

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum BrokerIsolation {
        PrivateBroker = 0,
        SharedBroker = 1,
        ExplicitInstance = 2,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ServiceDefinition {
        #[prost(string, tag = "1")]
        pub service_name: String,
        #[prost(string, tag = "2")]
        pub binary_path: String,
        #[prost(enumeration = "BrokerIsolation", tag = "3")]
        pub isolation: i32,
        #[prost(string, tag = "4")]
        pub explicit_instance: String,
        #[prost(string, tag = "5")]
        pub per_version_binary_dir: String,
        #[prost(string, tag = "6")]
        pub min_version: String,
        #[prost(string, repeated, tag = "7")]
        pub version_allow_list: Vec<String>,
        #[prost(btree_map = "string, string", tag = "8")]
        pub labels: BTreeMap<String, String>,
    }
}
