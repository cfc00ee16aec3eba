//! An upstream-style v2 broker client: the Hello round trip of upstream's
//! crates/running-process/src/broker/client_v2.rs (`default_hello`,
//! `hello_round_trip`), restated step by step with prost as the codec, so a
//! broker that satisfies this program satisfies upstream's Rust client.
//!
//!   upstream-prost-client SOCKET PROGRAM SERVICE VERSION
//!
//! Prints one line and exits:
//!   0  negotiated protocol=N connection_id=N daemon_version=V backend_pipe=PATH
//!   3  refused code=N retry_after_ms=N reason=TEXT
//!   1  unacceptable: WHY   (anything upstream's client would reject)
//!   2  usage error

// The prost oracle's structs: one restatement of the schema serves both.
#[allow(dead_code)]
#[path = "../../../../tools/prost-oracle/src/messages.rs"]
mod messages;

use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::process::ExitCode;
use std::time::Duration;

use messages::{hello_reply, Frame, FrameKind, Hello, HelloReply, PayloadEncoding};
use prost::Message;

/// upstream framing.rs: the framing byte of v1 framing, `FRAMING_VERSION_V1`.
const FRAMING_VERSION: u8 = 1;
/// upstream registry.rs `PROTOCOL_VERSION`: Frame.envelope_version, and the
/// client's protocol range in `default_hello` (via `ENVELOPE_VERSION`, also 1).
const PROTOCOL_VERSION: u32 = 1;
/// upstream registry.rs `CONTROL_PAYLOAD_PROTOCOL`: the control lane.
const CONTROL_PAYLOAD_PROTOCOL: u32 = 0;
/// upstream framing.rs `MAX_FRAME_BYTES`: what `read_frame` accepts.
const MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;
/// upstream client_v2.rs `DEFAULT_HELLO_DEADLINE`, here as socket timeouts.
const HELLO_DEADLINE: Duration = Duration::from_secs(3);
/// `default_hello` sends `env!("CARGO_PKG_VERSION")` of the running-process
/// crate as client_version and client_lib_version: the release restated here.
const UPSTREAM_CLIENT_VERSION: &str = "4.10.6";
const CLIENT_LIB_NAME: &str = "running-process broker::client_v2";

/// The one request_id `hello_round_trip` puts on its Frame and expects back.
const HELLO_FRAME_REQUEST_ID: u64 = 1;

enum Outcome {
    Negotiated(messages::Negotiated),
    Refused(messages::Refused),
}

/// `default_hello(program, service_name, version_hint)`, field for field.
fn default_hello(program: &str, service_name: &str, version_hint: &str) -> Hello {
    Hello {
        client_min_protocol: PROTOCOL_VERSION,
        client_max_protocol: PROTOCOL_VERSION,
        service_name: service_name.to_string(),
        wanted_version: version_hint.to_string(),
        client_version: UPSTREAM_CLIENT_VERSION.to_string(),
        client_capabilities: 0,
        auth_token: Vec::new(),
        request_id: format!("client_v2-{program}-{}", std::process::id()),
        connection_id: 0,
        peer_pid: std::process::id(),
        client_lib_name: CLIENT_LIB_NAME.to_string(),
        client_lib_version: UPSTREAM_CLIENT_VERSION.to_string(),
        peer_attestation_nonce: Vec::new(),
        capability_token: Vec::new(),
        client_keepalive_secs: 0,
    }
}

/// upstream `write_frame`: [u8 1][u32 LE length][body], header then body.
fn write_frame(stream: &mut impl Write, body: &[u8]) -> Result<(), String> {
    if body.len() > MAX_FRAME_BYTES {
        return Err(format!("frame body too large: {} bytes", body.len()));
    }
    let mut header = [FRAMING_VERSION, 0, 0, 0, 0];
    header[1..].copy_from_slice(&(body.len() as u32).to_le_bytes());
    stream
        .write_all(&header)
        .and_then(|_| stream.write_all(body))
        .and_then(|_| stream.flush())
        .map_err(|e| format!("write Hello frame: {e}"))
}

/// upstream `read_exact_or_eof`: a short read is an unexpected EOF.
fn read_exact_or_eof(stream: &mut impl Read, buf: &mut [u8], context: &str) -> Result<(), String> {
    stream.read_exact(buf).map_err(|e| match e.kind() {
        ErrorKind::UnexpectedEof => format!("unexpected EOF while reading frame ({context})"),
        ErrorKind::WouldBlock | ErrorKind::TimedOut => {
            format!("no reply within {HELLO_DEADLINE:?} ({context})")
        }
        _ => format!("I/O error reading {context}: {e}"),
    })
}

/// upstream `read_frame`: framing byte, then length checked against the cap
/// before anything is allocated, then exactly that many body bytes.
fn read_frame(stream: &mut impl Read) -> Result<Vec<u8>, String> {
    let mut version = [0u8; 1];
    read_exact_or_eof(stream, &mut version, "framing byte")?;
    if version[0] != FRAMING_VERSION {
        return Err(format!(
            "unsupported framing version: got {}, expected {FRAMING_VERSION}",
            version[0]
        ));
    }
    let mut length = [0u8; 4];
    read_exact_or_eof(stream, &mut length, "body length header")?;
    let body_length = u32::from_le_bytes(length) as usize;
    if body_length > MAX_FRAME_BYTES {
        return Err(format!(
            "frame body too large: {body_length} bytes exceeds cap {MAX_FRAME_BYTES}"
        ));
    }
    let mut body = vec![0u8; body_length];
    if body_length > 0 {
        read_exact_or_eof(stream, &mut body, "frame body")?;
    }
    Ok(body)
}

/// upstream `validate_frame_envelope(frame, RESPONSE, CONTROL_PAYLOAD_PROTOCOL)`
/// in its order (version, kind, payload protocol, encoding), with the client's
/// wording from `map_response_frame_validation`.
fn validate_response_envelope(frame: &Frame) -> Result<(), String> {
    if frame.envelope_version != PROTOCOL_VERSION {
        return Err(format!("envelope_version is not v1 (got {})", frame.envelope_version));
    }
    if FrameKind::from_i32(frame.kind) != Some(FrameKind::Response) {
        return Err(format!("kind is not RESPONSE (got {})", frame.kind));
    }
    if frame.payload_protocol != CONTROL_PAYLOAD_PROTOCOL {
        return Err(format!(
            "payload_protocol is not control-plane (got {:#x})",
            frame.payload_protocol
        ));
    }
    if PayloadEncoding::from_i32(frame.payload_encoding) != Some(PayloadEncoding::None) {
        return Err(format!("payload is compressed (encoding {})", frame.payload_encoding));
    }
    Ok(())
}

/// upstream `hello_round_trip`: one REQUEST Frame carrying the Hello, one
/// RESPONSE Frame carrying the HelloReply, every check in upstream's order.
fn hello_round_trip(stream: &mut UnixStream, hello: Hello) -> Result<Outcome, String> {
    let request = Frame {
        envelope_version: PROTOCOL_VERSION,
        kind: FrameKind::Request as i32,
        payload_protocol: CONTROL_PAYLOAD_PROTOCOL,
        payload: hello.encode_to_vec(),
        request_id: HELLO_FRAME_REQUEST_ID,
        payload_encoding: PayloadEncoding::None as i32,
        deadline_unix_ms: 0,
        traceparent: String::new(),
        tracestate: String::new(),
    };
    write_frame(stream, &request.encode_to_vec())?;

    let body = read_frame(stream)?;
    let reply_frame =
        Frame::decode(body.as_slice()).map_err(|e| format!("response Frame decode: {e}"))?;
    validate_response_envelope(&reply_frame)?;
    if reply_frame.request_id != request.request_id {
        return Err(format!(
            "request_id does not match the Hello request (got {})",
            reply_frame.request_id
        ));
    }
    let reply = HelloReply::decode(reply_frame.payload.as_slice())
        .map_err(|e| format!("HelloReply decode: {e}"))?;
    match reply.result {
        Some(hello_reply::Result::Negotiated(n)) => Ok(Outcome::Negotiated(n)),
        Some(hello_reply::Result::Refused(r)) => Ok(Outcome::Refused(r)),
        None => Err("HelloReply.result missing".to_string()),
    }
}

fn connect(socket: &str, program: &str, service: &str, version: &str) -> Result<Outcome, String> {
    let mut stream =
        UnixStream::connect(socket).map_err(|e| format!("dial v2 broker pipe at {socket:?}: {e}"))?;
    stream
        .set_read_timeout(Some(HELLO_DEADLINE))
        .and_then(|_| stream.set_write_timeout(Some(HELLO_DEADLINE)))
        .map_err(|e| format!("set socket deadline: {e}"))?;
    hello_round_trip(&mut stream, default_hello(program, service, version))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: upstream-prost-client SOCKET PROGRAM SERVICE VERSION");
        return ExitCode::from(2);
    }
    match connect(&args[1], &args[2], &args[3], &args[4]) {
        Ok(Outcome::Negotiated(n)) => {
            println!(
                "negotiated protocol={} connection_id={} daemon_version={} backend_pipe={}",
                n.negotiated_protocol, n.connection_id, n.daemon_version, n.backend_pipe
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::Refused(r)) => {
            println!(
                "refused code={} retry_after_ms={} reason={}",
                r.code, r.retry_after_ms, r.reason
            );
            ExitCode::from(3)
        }
        Err(why) => {
            println!("unacceptable: {why}");
            ExitCode::from(1)
        }
    }
}
