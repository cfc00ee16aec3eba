//! Runs prost on one input and reports what it did: the re-encoding of the
//! decoded value, or the root-cause description of the DecodeError.

use crate::messages::*;
use prost::{DecodeError, Message};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// prost accepted the input; this is `encode_to_vec()` of the decoded value.
    Accepted(Vec<u8>),
    /// prost rejected the input with this description.
    Rejected(String),
}

/// Decodes `input` as the proto message `type_name` with prost.
pub fn decode_as(type_name: &str, input: &[u8]) -> Outcome {
    match type_name {
        "BackendHttpReady" => run::<BackendHttpReady>(input),
        "GetBrokerHttpEndpointRequest" => run::<GetBrokerHttpEndpointRequest>(input),
        "GetBrokerHttpEndpointResponse" => run::<GetBrokerHttpEndpointResponse>(input),
        "GetSessionTokenRequest" => run::<GetSessionTokenRequest>(input),
        "GetSessionTokenResponse" => run::<GetSessionTokenResponse>(input),
        "HttpServerCapability" => run::<HttpServerCapability>(input),
        "ServiceDefinition" => run::<ServiceDefinition>(input),
        "CacheRoot" => run::<CacheRoot>(input),
        "CacheManifest" => run::<CacheManifest>(input),
        "SessionFrame" => run::<SessionFrame>(input),
        "SessionStart" => run::<SessionStart>(input),
        "SessionEnvVar" => run::<SessionEnvVar>(input),
        "SessionExit" => run::<SessionExit>(input),
        "Frame" => run::<Frame>(input),
        "Hello" => run::<Hello>(input),
        "HelloReply" => run::<HelloReply>(input),
        "Negotiated" => run::<Negotiated>(input),
        "Refused" => run::<Refused>(input),
        "HandoffOffer" => run::<HandoffOffer>(input),
        "HandoffAck" => run::<HandoffAck>(input),
        "Endpoint" => run::<Endpoint>(input),
        "DaemonProcess" => run::<DaemonProcess>(input),
        "AdminRequest" => run::<AdminRequest>(input),
        "AdminReply" => run::<AdminReply>(input),
        "v1.ServiceDefinition" => run::<v1::ServiceDefinition>(input),
        other => panic!("no prost struct for {}", other),
    }
}

fn run<M: Message + Default + PartialEq>(input: &[u8]) -> Outcome {
    match M::decode(input) {
        Ok(msg) => {
            let out = msg.encode_to_vec();
            // prost's own output must be a fixed point; if not, the vectors
            // would be meaningless, so stop rather than write them.
            let again = M::decode(out.as_slice()).expect("prost rejects its own encoding");
            assert!(again == msg, "prost re-decode differs");
            assert_eq!(again.encode_to_vec(), out, "prost re-encode differs");
            Outcome::Accepted(out)
        }
        Err(err) => Outcome::Rejected(description(&err)),
    }
}

/// The root-cause text of a prost 0.11 DecodeError.
///
/// prost keeps the description in a private field. Its Display is
/// "failed to decode Protobuf message: " + "Msg.field: " per stack entry +
/// description (prost src/error.rs), and its Debug is
/// `DecodeError { description: "...", stack: [...] }`. The description is
/// taken from Debug (it cannot be confused with a stack entry there) and
/// checked against the tail of Display, so a change in either format stops
/// the generator instead of writing wrong text.
pub fn description(err: &DecodeError) -> String {
    const OPEN: &str = "DecodeError { description: \"";
    const CLOSE: &str = "\", stack: [";
    let debug = format!("{:?}", err);
    assert!(debug.starts_with(OPEN), "unexpected DecodeError Debug: {}", debug);
    let end = debug.rfind(CLOSE).expect("DecodeError Debug has no stack");
    let text = &debug[OPEN.len()..end];
    assert!(!text.contains('\\') && !text.contains('"'), "escaped description: {}", debug);

    let display = err.to_string();
    let rest = display
        .strip_prefix("failed to decode Protobuf message: ")
        .expect("unexpected DecodeError Display prefix");
    assert!(rest.ends_with(text), "Display {:?} does not end with {:?}", display, text);
    let stack = &rest[..rest.len() - text.len()];
    assert!(stack_is_well_formed(stack), "unexpected stack text {:?}", stack);
    text.to_string()
}

/// True when `stack` is a run of "Ident.ident: " entries (possibly none).
fn stack_is_well_formed(stack: &str) -> bool {
    stack.split_terminator(": ").all(|entry| {
        let mut parts = entry.split('.');
        let ok = |s: Option<&str>| {
            s.map_or(false, |s| {
                !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        };
        ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    }) && (stack.is_empty() || stack.ends_with(": "))
}
