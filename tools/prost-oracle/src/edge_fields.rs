//! Edge cases for one scalar, string, bytes or map field.

use crate::cases::*;
use crate::schema::{Card, Field, Ty};
use crate::wire::*;

pub fn varint_cases(c: &mut Cases, title: &str, field: &Field) {
    let n = field.num;
    let k = key(n, VARINT);
    let with = |payload: &[u8]| cat(&[&k, payload]);

    c.group(format!("{}: values at every varint length and 32/64-bit edge", title));
    for &v in VARINT_VALUES {
        c.add(field_varint(n, v));
    }

    c.group(format!("{}: overlong but valid varints, 10th byte 0x01", title));
    c.add(with(&[0x80, 0x00]));
    c.add(with(&[0xff, 0x00]));
    c.add(with(&varint_n(0, 10)));
    c.add(with(&varint_n(1, 10)));
    c.add(with(&varint_n(127, 2)));
    c.add(with(&varint_n(0xffff_ffff, 10)));
    c.add(with(&cat(&[&[0x80; 9], &[0x01]]))); // 2^63
    c.add(with(&cat(&[&[0xff; 9], &[0x01]]))); // 2^64 - 1
    c.add(cat(&[&with(&cat(&[&[0x80; 9], &[0x01]])), &field_varint(n, 3)]));

    c.group(format!("{}: invalid varints (10th byte above 0x01, 11 bytes)", title));
    for tail in [0x02u8, 0x7f, 0x81] {
        c.add(with(&cat(&[&[0x80; 9], &[tail]])));
        c.add(with(&cat(&[&[0xff; 9], &[tail], &[0x00]])));
    }
    c.add(with(&cat(&[&[0x80; 10], &[0x00]])));
    c.add(with(&cat(&[&[0x81; 10], &[0x01]])));
    c.add(cat(&[&with(&cat(&[&[0x80; 10], &[0x00]])), &field_varint(n, 1), &[0; 12]]));

    c.group(format!("{}: truncated varints", title));
    c.add(k.clone());
    c.add(with(&[0x80]));
    c.add(with(&[0xff, 0xff, 0xff]));
    c.add(with(&[0x80; 9]));
    c.add(cat(&[&field_varint(n, 1), &k]));

    c.group(format!("{}: the last value wins", title));
    c.add(cat(&[&field_varint(n, 5), &field_varint(n, 7)]));
    c.add(cat(&[&field_varint(n, 5), &field_varint(n, 0)]));
    c.add(cat(&[&field_varint(n, 0), &field_varint(n, 5)]));
    c.add(cat(&[&field_varint(n, 5), &field_len(2047, b"x"), &field_varint(n, 6)]));

    c.group(format!("{}: {}", title, type_note(field.ty)));
    for input in type_specific(n, field.ty) {
        c.add(input);
    }

    if field.card == Card::Optional {
        // proto3 `optional`: presence is tracked, so a zero that was on the
        // wire is written back and an absent field stays absent.
        c.group(format!("{}: explicit presence (a zero on the wire is kept)", title));
        c.add(field_varint(n, 0));
        c.add(with(&varint_n(0, 10)));
        c.add(with(&varint_n(1 << 32, 6)));
        c.add(cat(&[&field_varint(n, 0), &field_len(2047, b"x")]));
        c.add(cat(&[&field_varint(n, 9), &field_varint(n, 1 << 32)]));
        c.add(cat(&[&field_varint(n, 0), &field_varint(n, 0)]));
    }
}

fn type_note(ty: Ty) -> &'static str {
    match ty {
        Ty::Bool => "bool is true for any non-zero varint",
        Ty::I32 => "int32 keeps the low 32 bits; negatives are 10-byte varints",
        Ty::U32 => "uint32 keeps the low 32 bits of a 64-bit varint",
        Ty::Enum(_) => "open enum: declared, undeclared and negative values",
        _ => "uint64 extremes",
    }
}

fn type_specific(n: u32, ty: Ty) -> Vec<Vec<u8>> {
    let values: Vec<u64> = match ty {
        Ty::Bool => vec![2, 3, 128, 1 << 32, 1 << 40, 1 << 63, u64::MAX],
        Ty::I32 => vec![
            u64::MAX,
            (-2i64) as u64,
            0xffff_ffff_8000_0000,
            0xffff_ffff,
            0x8000_0000,
            0x7fff_ffff,
            (1 << 32) + 7,
            0x1234_5678_8000_0001,
        ],
        Ty::U32 => vec![(1 << 32) + 5, 0x1_ffff_ffff, 1 << 63 | 1, u64::MAX, 0xffff_ffff],
        Ty::Enum(declared) => {
            let mut v: Vec<u64> = declared.iter().map(|&d| d as i64 as u64).collect();
            v.extend([99, 1000, 0x7fff_ffff, 0xffff_ffff, u64::MAX, (1 << 32) + 1]);
            v
        }
        _ => vec![u64::MAX - 1, 1 << 62, 0x0123_4567_89ab_cdef],
    };
    values.into_iter().map(|v| field_varint(n, v)).collect()
}

pub fn text_cases(c: &mut Cases, title: &str, field: &Field) {
    let n = field.num;
    let k = key(n, LEN);

    c.group(format!("{}: valid UTF-8 at every encoding length", title));
    for &t in VALID_TEXT {
        c.add(field_len(n, t));
    }
    c.add(field_len(n, &[b'x'; 200])); // two-byte length
    c.add(field_len(n, "\u{e9}\u{20ac}\u{1f600}".repeat(12).as_bytes()));

    let kind = if field.ty == Ty::Str { "rejected: string" } else { "accepted: bytes" };
    c.group(format!("{}: invalid UTF-8 of every kind ({})", title, kind));
    for &t in INVALID_TEXT {
        c.add(field_len(n, t));
    }
    c.add(cat(&[&field_len(n, b"\xc3"), &field_len(n, b"\xa9")]));

    c.group(format!("{}: length prefix errors", title));
    c.add(k.clone());
    c.add(cat(&[&k, &[0x80]]));
    c.add(cat(&[&k, &[0x05], b"ab"]));
    c.add(cat(&[&k, &[0x01]]));
    c.add(cat(&[&k, &varint(1 << 31), b"ab"]));
    c.add(cat(&[&k, &varint(u64::MAX)]));
    c.add(cat(&[&k, &[0x80; 9], &[0x02], b"ab"]));
    c.add(cat(&[&k, &[0x81, 0x00], b"a"])); // overlong length, valid
    c.add(cat(&[&k, &varint_n(3, 10), b"abc"])); // 10-byte length, valid

    if field.card == Card::Repeated {
        c.group(format!("{}: repeated occurrences append", title));
        c.add(cat(&[&field_len(n, b"a"), &field_len(n, b""), &field_len(n, b"b")]));
        c.add(cat(&[&field_len(n, b"a"), &field_varint(2047, 1), &field_len(n, b"a")]));
        c.add(cat(&[&field_len(n, b"a"), &field_len(n, b"\xff")]));
    } else {
        c.group(format!("{}: the last value wins", title));
        c.add(cat(&[&field_len(n, b"first"), &field_len(n, b"second")]));
        c.add(cat(&[&field_len(n, b"first"), &field_len(n, b"")]));
        c.add(cat(&[&field_len(n, b"\xff"), &field_len(n, b"ok")]));
        c.add(cat(&[&field_len(n, b"ok"), &field_len(n, b"\xff")]));
    }
}

/// A map entry (field `n`, length-delimited) around `body`.
fn entry(n: u32, body: &[u8]) -> Vec<u8> {
    field_len(n, body)
}

fn kv(k: &[u8], v: &[u8]) -> Vec<u8> {
    cat(&[&field_len(1, k), &field_len(2, v)])
}

pub fn map_cases(c: &mut Cases, title: &str, field: &Field) {
    let n = field.num;
    let e = |body: &[u8]| entry(n, body);

    c.group(format!("{}: entries, defaults and ordering", title));
    c.add(e(&kv(b"a", b"1")));
    c.add(e(&cat(&[&field_len(2, b"1"), &field_len(1, b"a")])));
    c.add(e(&field_len(1, b"a")));
    c.add(e(&field_len(2, b"1")));
    c.add(e(b""));
    c.add(e(&kv(b"", b"")));
    c.add(cat(&[&e(&kv(b"c", b"3")), &e(&kv(b"a", b"1")), &e(&kv(b"b", b"2"))]));
    c.add(cat(&[&e(&kv(b"z", b"1")), &e(&kv(b"\xc3\xa9", b"2")), &e(&kv(b"Z", b"3"))]));
    c.add(cat(&[&e(&kv(b"ab", b"1")), &e(&kv(b"a", b"2")), &e(&kv(b"", b"3"))]));

    c.group(format!("{}: duplicates (a duplicate key keeps the last value)", title));
    c.add(cat(&[&e(&kv(b"a", b"1")), &e(&kv(b"a", b"2"))]));
    c.add(cat(&[&e(&kv(b"a", b"1")), &e(&field_len(1, b"a"))]));
    c.add(e(&cat(&[&field_len(1, b"a"), &field_len(1, b"b"), &field_len(2, b"1")])));
    c.add(e(&cat(&[&field_len(1, b"a"), &field_len(2, b"1"), &field_len(2, b"2")])));

    c.group(format!("{}: unknown fields inside an entry", title));
    for extra in [
        field_varint(3, 7),
        field_fixed64(4, 1),
        field_len(5, b"zz"),
        field_fixed32(6, 1),
        group(7, &field_varint(1, 1)),
        field_len(2047, b"\xff"),
    ] {
        c.add(e(&cat(&[&field_len(1, b"a"), &extra, &field_len(2, b"1")])));
    }

    c.group(format!("{}: wrong wire types and bad keys inside an entry", title));
    for num in [1u32, 2] {
        for wt in [VARINT, I64, SGROUP, EGROUP, I32, 6, 7] {
            for bad in with_wire_type(num, wt) {
                c.add(e(&cat(&[&bad, &kv(b"a", b"1")])));
            }
        }
    }
    c.add(e(&cat(&[&[0x00], &kv(b"a", b"1")])));
    c.add(e(&cat(&[&raw_key(1 << 32), &kv(b"a", b"1")])));

    c.group(format!("{}: invalid UTF-8 in keys", title));
    for &t in INVALID_TEXT {
        c.add(e(&kv(t, b"1")));
    }
    c.group(format!("{}: invalid UTF-8 in values", title));
    for &t in INVALID_TEXT {
        c.add(e(&kv(b"a", t)));
    }
    c.group(format!("{}: valid UTF-8 keys and values", title));
    for &t in VALID_TEXT {
        c.add(e(&kv(t, t)));
    }

    c.group(format!("{}: entry length errors and overruns", title));
    let whole = kv(b"a", b"1"); // 6 bytes
    c.add(cat(&[&key(n, LEN), &[0x07], &whole]));
    c.add(cat(&[&key(n, LEN), &[0x05], &whole]));
    c.add(cat(&[&key(n, LEN), &[0x04], &whole]));
    c.add(cat(&[&key(n, LEN), &[0x80]]));
    c.add(key(n, LEN));
    c.add(e(&cat(&[&field_len(1, b"a"), &key(2, LEN), &[0x05], b"x"])));
    c.add(e(&cat(&[&field_len(1, b"a"), &key(2, LEN)])));
    c.add(e(&cat(&[&field_len(1, b"a"), &[0x80]])));

    c.group(format!("{}: unknown groups inside an entry near the depth limit", title));
    for depth in [98usize, 99, 100] {
        c.add(e(&cat(&[&field_len(1, b"a"), &nested_groups(15, depth, b"")])));
    }
}
