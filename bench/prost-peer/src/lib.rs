//! prost-peer: prost 0.11 decode and encode loops behind a C ABI, so the C++
//! benchmarks can time the Rust reference implementation on the same samples
//! in the same process. Built as a static library by build.sh (offline, from
//! Debian's packaged crates); the C declarations are in prost_peer.h.
//!
//! The message structs are the golden-vector oracle's own (included by path),
//! so the benchmark peer and the oracle can never disagree about the schema.
//!
//! Message kinds: 0 BackendHttpReady, 1 GetBrokerHttpEndpointResponse,
//! 2 ServiceDefinition, 3 CacheManifest, 4 SessionStart, 5 SessionFrame,
//! 6 Frame, 7 Hello, 8 HelloReply.

#[path = "../../../tools/prost-oracle/src/messages.rs"]
mod messages;

use messages::*;
use prost::Message;

/// Returned by the loops when the kind is unknown or the sample does not
/// decode (a checksum of all ones never occurs for a valid sample in practice).
pub const PROST_PEER_FAILED: u64 = u64::MAX;

/// A value that depends on the decoded fields, so the optimiser cannot drop
/// the decode it came from.
trait Checksum {
    fn checksum(&self) -> u64;
}

fn len_sum<'a>(items: impl IntoIterator<Item = &'a String>) -> u64 {
    items.into_iter().map(|s| s.len() as u64).sum()
}

impl Checksum for BackendHttpReady {
    fn checksum(&self) -> u64 {
        u64::from(self.port)
    }
}

impl Checksum for GetBrokerHttpEndpointResponse {
    fn checksum(&self) -> u64 {
        u64::from(self.port) ^ (u64::from(self.pid) << 16)
    }
}

impl Checksum for HttpServerCapability {
    fn checksum(&self) -> u64 {
        len_sum([&self.bind_addr, &self.health_path, &self.display_name])
    }
}

impl Checksum for ServiceDefinition {
    fn checksum(&self) -> u64 {
        let strings = len_sum([
            &self.service_name,
            &self.binary_path,
            &self.explicit_instance,
            &self.per_version_binary_dir,
            &self.min_version,
        ]);
        let labels: u64 = self.labels.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum();
        let http = self.http_server.as_ref().map_or(0, |h| 1 + h.checksum());
        strings
            + len_sum(&self.version_allow_list)
            + labels
            + http
            + self.isolation as u64
    }
}

impl Checksum for CacheManifest {
    fn checksum(&self) -> u64 {
        let roots: u64 = self.roots.iter().map(|r| r.kind as u64 + r.path.len() as u64).sum();
        len_sum([
            &self.service_name,
            &self.service_version,
            &self.broker_envelope_version,
            &self.broker_instance,
            &self.bundle_id,
        ]) + roots
            + self.created_at_unix_ms.wrapping_add(self.last_active_unix_ms)
    }
}

impl Checksum for SessionStart {
    fn checksum(&self) -> u64 {
        let env: u64 = self.env.iter().map(|e| (e.key.len() + e.value.len()) as u64).sum();
        len_sum([&self.program, &self.cwd])
            + len_sum(&self.args)
            + env
            + u64::from(self.clear_inherited_env)
            + self.environment_policy as u64
    }
}

impl Checksum for SessionExit {
    fn checksum(&self) -> u64 {
        let meta: u64 = self.metadata.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum();
        (self.code as u64) ^ ((self.signal as u64) << 8) ^ meta
    }
}

impl Checksum for SessionFrame {
    fn checksum(&self) -> u64 {
        use session_frame::Kind;
        match &self.kind {
            None => 0,
            Some(Kind::Stdin(b)) => 1 + b.len() as u64,
            Some(Kind::StdinEof(e)) => 2 + u64::from(*e),
            Some(Kind::Stdout(b)) => 3 + b.len() as u64 + u64::from(b.last().copied().unwrap_or(0)),
            Some(Kind::Stderr(b)) => 4 + b.len() as u64,
            Some(Kind::Exit(x)) => 5 + x.checksum(),
            Some(Kind::Start(s)) => 6 + s.checksum(),
        }
    }
}

impl Checksum for Frame {
    fn checksum(&self) -> u64 {
        u64::from(self.envelope_version)
            + self.kind as u64
            + u64::from(self.payload_protocol)
            + self.payload.len() as u64
            + self.request_id
            + self.payload_encoding as u64
            + self.deadline_unix_ms
            + len_sum([&self.traceparent, &self.tracestate])
    }
}

impl Checksum for Hello {
    fn checksum(&self) -> u64 {
        let strings = len_sum([
            &self.service_name,
            &self.wanted_version,
            &self.client_version,
            &self.request_id,
            &self.client_lib_name,
            &self.client_lib_version,
        ]);
        let bytes = (self.auth_token.len() + self.peer_attestation_nonce.len() + self.capability_token.len()) as u64;
        strings
            + bytes
            + u64::from(self.client_min_protocol)
            + u64::from(self.client_max_protocol)
            + u64::from(self.peer_pid)
            + self.client_capabilities
            + self.connection_id
            + self.client_keepalive_secs
    }
}

impl Checksum for HelloReply {
    fn checksum(&self) -> u64 {
        use hello_reply::Result;
        match &self.result {
            None => 0,
            Some(Result::Negotiated(n)) => {
                1 + u64::from(n.negotiated_protocol)
                    + len_sum([&n.daemon_version, &n.backend_pipe])
                    + len_sum(&n.warnings)
                    + n.server_capabilities
                    + n.keepalive_interval_secs
                    + n.handle_passed_token.len() as u64
                    + n.connection_id
            }
            Some(Result::Refused(r)) => 2 + r.reason.len() as u64 + r.code as u64,
        }
    }
}

/// Clears and re-merges one reused message `iterations` times.
fn decode_loop<M: Message + Default + Checksum>(data: &[u8], iterations: u64) -> u64 {
    let mut msg = M::default();
    let mut sum: u64 = 0;
    for _ in 0..iterations {
        msg.clear();
        if msg.merge(data).is_err() {
            return PROST_PEER_FAILED;
        }
        sum = sum.wrapping_add(msg.checksum());
    }
    sum
}

/// Decodes once, then encodes the value `iterations` times into a reused buffer.
fn encode_loop<M: Message + Default>(data: &[u8], iterations: u64) -> u64 {
    let msg = match M::decode(data) {
        Ok(msg) => msg,
        Err(_) => return PROST_PEER_FAILED,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(msg.encoded_len());
    let mut sum: u64 = 0;
    for _ in 0..iterations {
        buf.clear();
        if msg.encode(&mut buf).is_err() {
            return PROST_PEER_FAILED;
        }
        sum = sum.wrapping_add(buf.len() as u64 + u64::from(buf.last().copied().unwrap_or(0)));
    }
    sum
}

/// 1 when `data` decodes and prost re-encodes it to the same bytes, else 0.
fn check<M: Message + Default>(data: &[u8]) -> i32 {
    match M::decode(data) {
        Ok(msg) => i32::from(msg.encode_to_vec() == data),
        Err(_) => 0,
    }
}

/// Runs `$f::<Type>($args)` for the message type numbered `$kind`, or
/// evaluates `$unknown` for a kind outside 0..=8.
macro_rules! by_kind {
    ($kind:expr, $f:ident, $unknown:expr, $($arg:expr),*) => {
        match $kind {
            0 => $f::<BackendHttpReady>($($arg),*),
            1 => $f::<GetBrokerHttpEndpointResponse>($($arg),*),
            2 => $f::<ServiceDefinition>($($arg),*),
            3 => $f::<CacheManifest>($($arg),*),
            4 => $f::<SessionStart>($($arg),*),
            5 => $f::<SessionFrame>($($arg),*),
            6 => $f::<Frame>($($arg),*),
            7 => $f::<Hello>($($arg),*),
            8 => $f::<HelloReply>($($arg),*),
            _ => $unknown,
        }
    };
}

/// The caller's buffer as a slice (a null pointer is accepted for len 0).
///
/// # Safety
/// `data` must point to `len` readable bytes when `len > 0`.
unsafe fn input<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(data, len)
    }
}

/// Decodes the sample `iterations` times into one reused message
/// (`clear()` + `merge()`); returns a checksum of the decoded values, or
/// `u64::MAX` for an unknown kind or a sample prost rejects.
///
/// # Safety
/// `data` must point to `len` readable bytes when `len > 0`.
#[no_mangle]
pub unsafe extern "C" fn prost_peer_decode_loop(kind: u32, data: *const u8, len: usize, iterations: u64) -> u64 {
    let bytes = input(data, len);
    by_kind!(kind, decode_loop, PROST_PEER_FAILED, bytes, iterations)
}

/// Decodes the sample once, then encodes it `iterations` times into one
/// reused buffer; returns a checksum of the output, or `u64::MAX` for an
/// unknown kind or a sample prost rejects.
///
/// # Safety
/// `data` must point to `len` readable bytes when `len > 0`.
#[no_mangle]
pub unsafe extern "C" fn prost_peer_encode_loop(kind: u32, data: *const u8, len: usize, iterations: u64) -> u64 {
    let bytes = input(data, len);
    by_kind!(kind, encode_loop, PROST_PEER_FAILED, bytes, iterations)
}

/// 1 when the bytes decode and prost re-encodes them identically, 0 when
/// they do not, -1 for an unknown kind.
///
/// # Safety
/// `data` must point to `len` readable bytes when `len > 0`.
#[no_mangle]
pub unsafe extern "C" fn prost_peer_check(kind: u32, data: *const u8, len: usize) -> i32 {
    let bytes = input(data, len);
    by_kind!(kind, check, -1, bytes)
}
