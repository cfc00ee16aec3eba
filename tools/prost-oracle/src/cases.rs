//! Named groups of input cases, and the sample values and field encodings the
//! generators share.

use crate::schema::{Card, Field, Schema, Ty};
use crate::wire::*;

/// A titled run of inputs; the title becomes a `#` comment in the golden file.
pub struct Group {
    pub title: String,
    pub inputs: Vec<Vec<u8>>,
}

#[derive(Default)]
pub struct Cases {
    pub groups: Vec<Group>,
}

impl Cases {
    /// Starts a new group; later `add` calls go into it.
    pub fn group(&mut self, title: impl Into<String>) {
        self.groups.push(Group { title: title.into(), inputs: Vec::new() });
    }

    pub fn add(&mut self, input: Vec<u8>) {
        self.groups.last_mut().expect("add before group").inputs.push(input);
    }

    /// Copies every group of `inner`, each input passed through `wrap` and
    /// each title prefixed with `prefix`.
    pub fn add_wrapped(&mut self, prefix: &str, inner: &Cases, wrap: &dyn Fn(&[u8]) -> Vec<u8>) {
        for g in &inner.groups {
            self.group(format!("{}{}", prefix, g.title));
            for input in &g.inputs {
                self.add(wrap(input));
            }
        }
    }
}

/// Valid UTF-8 strings, chosen at the encoding-length boundaries.
pub const VALID_TEXT: &[&[u8]] = &[
    b"",
    b"a",
    b"hello",
    b"\x00",
    b"a/b c-1.2_x",
    b"\xc2\x80",         // U+0080, smallest 2-byte
    b"\xc3\xa9",         // U+00E9
    b"\xdf\xbf",         // U+07FF, largest 2-byte
    b"\xe0\xa0\x80",     // U+0800, smallest 3-byte
    b"\xe2\x82\xac",     // U+20AC
    b"\xed\x9f\xbf",     // U+D7FF, just below the surrogates
    b"\xee\x80\x80",     // U+E000, just above the surrogates
    b"\xef\xbf\xbd",     // U+FFFD
    b"\xef\xbf\xbf",     // U+FFFF
    b"\xf0\x90\x80\x80", // U+10000, smallest 4-byte
    b"\xf0\x9f\x98\x80", // U+1F600
    b"\xf4\x8f\xbf\xbf", // U+10FFFF, the last code point
    b"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80",
];

/// Byte strings that are not UTF-8, one per kind of defect.
pub const INVALID_TEXT: &[&[u8]] = &[
    b"\x80",                     // lone continuation byte
    b"\xbf",                     // lone continuation byte
    b"\xc0\xaf",                 // overlong '/'
    b"\xc0\x80",                 // overlong NUL
    b"\xc1\xbf",                 // overlong 2-byte
    b"\xe0\x80\x80",             // overlong 3-byte
    b"\xe0\x9f\xbf",             // overlong 3-byte (U+07FF)
    b"\xf0\x80\x80\x80",         // overlong 4-byte
    b"\xf0\x8f\xbf\xbf",         // overlong 4-byte (U+FFFF)
    b"\xed\xa0\x80",             // surrogate U+D800
    b"\xed\xbf\xbf",             // surrogate U+DFFF
    b"\xed\xa0\xbd\xed\xb8\x80", // surrogate pair (CESU-8)
    b"\xf4\x90\x80\x80",         // U+110000, above U+10FFFF
    b"\xf5\x80\x80\x80",         // lead byte F5
    b"\xf8\x88\x80\x80\x80",     // 5-byte form
    b"\xfc\x84\x80\x80\x80\x80", // 6-byte form
    b"\xfe",
    b"\xff",
    b"\xc3",             // truncated 2-byte
    b"\xe2\x82",         // truncated 3-byte
    b"\xf0\x9f\x98",     // truncated 4-byte
    b"ok\xc3",           // truncated at the end of text
    b"\xc3a",            // lead byte followed by ASCII
    b"\xe2\x28\xa1",     // bad second byte
    b"\xe2\x82\x28",     // bad third byte
    b"ok\x80ok",         // stray continuation mid-text
];

/// Varint values at every length boundary and at the 32/64-bit edges.
pub const VARINT_VALUES: &[u64] = &[
    0,
    1,
    2,
    127,
    128,
    255,
    300,
    16_383,
    16_384,
    (1 << 31) - 1,
    1 << 31,
    (1 << 32) - 1,
    1 << 32,
    (1 << 32) + 5,
    1 << 35,
    1 << 40,
    1 << 56,
    (1 << 63) - 1,
    1 << 63,
    u64::MAX,
    0xffff_ffff_8000_0000, // int32 minimum, sign-extended
];

/// One valid occurrence of `field` holding a value chosen by `variant`
/// (different variants give different values, so merges are visible).
pub fn sample(field: &Field, variant: usize) -> Vec<u8> {
    let n = field.num;
    if field.card == Card::Map {
        let key = [b"k", b"j"][variant % 2];
        let val = [b"v", b"w"][variant % 2];
        return field_len(n, &cat(&[&field_len(1, key), &field_len(2, val)]));
    }
    match field.ty {
        Ty::U32 | Ty::I32 | Ty::U64 | Ty::Enum(_) => field_varint(n, 1 + variant as u64),
        Ty::Bool => field_varint(n, 1),
        Ty::Str | Ty::Bytes => field_len(n, [b"a", b"b", b"c"][variant % 3]),
        Ty::Msg(name) => {
            let nested = crate::schema::find(name);
            match nested.fields.get(variant % nested.fields.len().max(1)) {
                Some(inner) => field_len(n, &sample(inner, variant)),
                None => field_len(n, b""),
            }
        }
    }
}

/// Occurrences of field `num` with wire type `wt` (any, valid or not), each
/// with a plausible payload for that wire type.
pub fn with_wire_type(num: u32, wt: u8) -> Vec<Vec<u8>> {
    let k = key(num, wt);
    match wt {
        VARINT => vec![cat(&[&k, &[0x01]]), cat(&[&k, &[0x00]])],
        I64 => vec![cat(&[&k, &[1, 0, 0, 0, 0, 0, 0, 0]])],
        LEN => vec![cat(&[&k, &[0x01, b'x']]), cat(&[&k, &[0x00]])],
        SGROUP => vec![group(num, b""), k],
        EGROUP => vec![k],
        I32 => vec![cat(&[&k, &[1, 0, 0, 0]])],
        _ => vec![cat(&[&k, &[0x01]]), k],
    }
}

/// The first declared field, used where a case needs "some known field".
pub fn first_field(schema: &Schema) -> Option<&'static Field> {
    schema.fields.first()
}
