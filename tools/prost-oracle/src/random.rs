//! Random valid messages built from the schema, and byte-level mutations of
//! them. All randomness comes from the caller's fixed-seed Rng.

use crate::rng::Rng;
use crate::schema::{find, unknown_numbers, Card, Field, Schema, Ty};
use crate::wire::*;

/// Characters for random strings: ASCII plus code points at every UTF-8
/// length boundary, so multi-byte text is common.
const CHARS: &[char] = &[
    'a', 'b', 'z', 'A', 'Q', '0', '9', '-', '_', '.', '/', ' ', ':', '=', '\0', '\u{7f}',
    '\u{80}', '\u{e9}', '\u{7ff}', '\u{800}', '\u{20ac}', '\u{d7ff}', '\u{e000}', '\u{fffd}',
    '\u{ffff}', '\u{10000}', '\u{1f600}', '\u{10ffff}',
];

pub fn random_text(rng: &mut Rng) -> String {
    let len = if rng.chance(1, 12) { 0 } else { rng.below(9) };
    (0..len).map(|_| *rng.pick(CHARS)).collect()
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(13);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// A random varint value suited to the field type (as prost would write it:
/// int32 and enums sign-extended to 64 bits).
fn random_varint(rng: &mut Rng, ty: Ty) -> u64 {
    match ty {
        Ty::Bool => rng.below(2) as u64,
        Ty::U32 => rng.wide_u64() & 0xffff_ffff,
        Ty::I32 => i64::from(rng.wide_u64() as i32) as u64,
        Ty::Enum(declared) => {
            if rng.chance(4, 5) {
                *rng.pick(declared) as i64 as u64
            } else {
                i64::from(rng.wide_u64() as i32) as u64
            }
        }
        _ => rng.wide_u64(),
    }
}

/// Options for how far a generated message strays from prost's own layout.
#[derive(Clone, Copy)]
pub struct Style {
    /// Shuffle field order, repeat singular fields, add unknown fields,
    /// overlong varints and explicit defaults.
    pub loose: bool,
}

/// One random occurrence-list (possibly empty) for `field`.
fn random_field(rng: &mut Rng, field: &Field, style: Style, depth: usize) -> Vec<Vec<u8>> {
    let n = field.num;
    let count = match field.card {
        Card::Single | Card::Optional => usize::from(rng.chance(2, 3)),
        Card::Repeated | Card::Map => rng.below(6),
        Card::Oneof => 1, // the caller picks members
    };
    let mut out = Vec::new();
    for _ in 0..count {
        let occurrence = match (field.card, field.ty) {
            (Card::Map, _) => {
                let mut body = Vec::new();
                let (k, v) = (random_text(rng), random_text(rng));
                if !k.is_empty() || (style.loose && rng.chance(1, 2)) {
                    body.extend(field_len(1, k.as_bytes()));
                }
                if !v.is_empty() || (style.loose && rng.chance(1, 2)) {
                    body.extend(field_len(2, v.as_bytes()));
                }
                field_len(n, &body)
            }
            (_, Ty::Msg(name)) => field_len(n, &random_message(rng, find(name), style, depth + 1)),
            (_, Ty::Str) => field_len(n, random_text(rng).as_bytes()),
            (_, Ty::Bytes) => field_len(n, &random_bytes(rng)),
            (_, ty) => {
                let v = random_varint(rng, ty);
                if style.loose && rng.chance(1, 6) {
                    let min = varint(v).len();
                    cat(&[&key(n, VARINT), &varint_n(v, min + rng.below(11 - min))])
                } else {
                    field_varint(n, v)
                }
            }
        };
        out.push(occurrence);
    }
    out
}

/// A valid encoding of a random value of `schema`.
pub fn random_message(rng: &mut Rng, schema: &Schema, style: Style, depth: usize) -> Vec<u8> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let members: Vec<&Field> = schema.fields.iter().filter(|f| f.card == Card::Oneof).collect();
    for field in schema.fields.iter().filter(|f| f.card != Card::Oneof) {
        parts.extend(random_field(rng, field, style, depth));
        if style.loose && repeatable_singular(field) && rng.chance(1, 8) {
            parts.extend(random_field(rng, field, style, depth)); // repeated singular
        }
    }
    if !members.is_empty() {
        let picks = if style.loose { rng.below(3) } else { usize::from(rng.chance(5, 6)) };
        for _ in 0..picks {
            let member = *rng.pick(&members);
            parts.extend(random_field(rng, member, style, depth));
        }
    }
    if style.loose {
        let unknown = unknown_numbers(schema);
        for _ in 0..rng.below(3) {
            let num = *rng.pick(&unknown);
            parts.push(random_unknown(rng, num));
        }
        shuffle(rng, &mut parts);
    }
    parts.concat()
}

/// A singular field that loose messages may repeat (the last value wins):
/// implicit-presence fields and `optional` scalars. A second occurrence of a
/// message field merges instead, which the edge cases cover; repeating one
/// here would also reshuffle the random streams of the types that have one.
fn repeatable_singular(field: &Field) -> bool {
    match field.card {
        Card::Single => true,
        Card::Optional => !matches!(field.ty, Ty::Msg(_)),
        _ => false,
    }
}

/// A well-formed unknown field of a random wire type.
fn random_unknown(rng: &mut Rng, num: u32) -> Vec<u8> {
    match rng.below(5) {
        0 => field_varint(num, rng.wide_u64()),
        1 => field_fixed64(num, rng.next_u64()),
        2 => field_len(num, &random_bytes(rng)),
        3 => field_fixed32(num, rng.next_u64() as u32),
        _ => group(num, &field_varint(1 + rng.below(3) as u32, rng.wide_u64())),
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

/// One random byte-level corruption of `input`.
pub fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    const BYTES: &[u8] = &[0x00, 0x01, 0x02, 0x07, 0x08, 0x0a, 0x12, 0x7f, 0x80, 0xff];
    let mut out = input.to_vec();
    let len = out.len();
    let op = if len == 0 { 2 } else { rng.below(5) };
    match op {
        0 => out.truncate(rng.below(len)),
        1 => out[rng.below(len)] ^= 1 << rng.below(8),
        2 => {
            let b = if rng.chance(1, 2) { *rng.pick(BYTES) } else { rng.next_u64() as u8 };
            out.insert(rng.below(len + 1), b);
        }
        3 => {
            out.remove(rng.below(len));
        }
        _ => {
            let start = rng.below(len);
            let end = start + 1 + rng.below(len - start);
            let slice = out[start..end].to_vec();
            let at = rng.below(len + 1);
            out.splice(at..at, slice);
        }
    }
    out
}
