//! Hand-written edge cases for one message type: keys, unknown fields and
//! groups, then every declared field by its type and cardinality. Nested
//! message fields also carry every edge case of the nested type, wrapped.

use crate::cases::*;
use crate::schema::{find, reserved_gaps, unknown_numbers, Card, Field, Schema, Ty};
use crate::wire::*;

/// All edge cases of `schema`, grouped and titled.
pub fn edge_cases(schema: &Schema) -> Cases {
    let mut c = Cases::default();
    c.group("empty input: every field at its default");
    c.add(Vec::new());
    key_cases(&mut c, schema);
    unknown_field_cases(&mut c, schema);
    reserved_cases(&mut c, schema);
    for field in schema.fields {
        field_cases(&mut c, field);
    }
    if schema.fields.iter().any(|f| f.card == Card::Oneof) {
        oneof_cases(&mut c, schema);
    }
    c
}

fn key_cases(c: &mut Cases, schema: &Schema) {
    let known = first_field(schema).map_or(1, |f| f.num);
    let [unknown, _, _] = unknown_numbers(schema);

    c.group("keys: field number 0 with every wire type");
    c.add(vec![0x00]);
    for wt in 0..8u8 {
        c.add(vec![wt, 0x01]);
    }
    c.add(vec![0x80, 0x00, 0x01]); // overlong key 0

    c.group("keys: wire types 6 and 7");
    for num in [known, unknown] {
        for wt in [6u8, 7] {
            c.add(key(num, wt));
            c.add(cat(&[&key(num, wt), &[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]]));
        }
    }

    c.group("keys: values of 2^32 and above");
    for k in [1u64 << 32, (1 << 32) | 0x08, (1 << 32) | 0x0a, 1 << 35, 1 << 63, u64::MAX] {
        c.add(cat(&[&raw_key(k), &[0x01]]));
    }

    c.group("keys: the largest legal field number with every wire type");
    let max = 0xffff_fff8u64;
    c.add(cat(&[&raw_key(max), &[0x01]]));
    c.add(cat(&[&raw_key(max | 1), &[0; 8]]));
    c.add(cat(&[&raw_key(max | 2), &[0x00]]));
    c.add(cat(&[&raw_key(max | 3), &raw_key(max | 4)]));
    c.add(raw_key(max | 4));
    c.add(cat(&[&raw_key(max | 5), &[0; 4]]));
    c.add(raw_key(max | 6));
    c.add(raw_key(max | 7));

    c.group("keys: truncated, overlong and 11-byte");
    c.add(vec![0x80]);
    c.add(vec![0xff]);
    c.add(vec![0xff, 0xff, 0xff, 0xff]);
    c.add(vec![0x80; 9]);
    c.add(cat(&[&[0x80; 10], &[0x00]]));
    c.add(cat(&[&[0x88; 10], &[0x00]]));
    let k = (u64::from(known) << 3) | u64::from(first_field(schema).map_or(0, |f| f.wire_type()));
    let value: &[u8] = if k & 7 == 0 { &[0x05] } else { &[0x01, b'z'] };
    for n in [2usize, 5, 10] {
        c.add(cat(&[&varint_n(k, n), value]));
    }
    let mut ten = varint_n(k, 10);
    ten[9] = 0x01; // 10-byte key of 2^63 + k: a valid varint, too big for a key
    c.add(cat(&[&ten, value]));
    ten[9] = 0x02; // 10th byte above 0x01: not a varint
    c.add(cat(&[&ten, value]));
    ten[9] = 0x80; // 11-byte key
    c.add(cat(&[&ten, &[0x00], value]));

    c.group("keys: valid field followed by garbage");
    c.add(cat(&[&field_varint(unknown, 1), &[0x80]]));
    c.add(cat(&[&field_varint(unknown, 1), &[0x00]]));
    c.add(cat(&[&field_varint(unknown, 1), &key(unknown, 4)]));
}

fn unknown_field_cases(c: &mut Cases, schema: &Schema) {
    let nums = unknown_numbers(schema);
    let u = nums[0];

    c.group("unknown fields of every wire type (prost skips them)");
    for &n in &nums {
        c.add(field_varint(n, 0));
        c.add(field_varint(n, u64::MAX));
        c.add(cat(&[&key(n, VARINT), &[0xff; 9], &[0x01]]));
        c.add(field_fixed64(n, 0x0102_0304_0506_0708));
        c.add(field_len(n, b""));
        c.add(field_len(n, b"abc"));
        c.add(field_len(n, b"\xff\xfe")); // not UTF-8: unknown bytes are never checked
        c.add(field_fixed32(n, 0xdead_beef));
        c.add(group(n, b""));
        c.add(group(n, &cat(&[&field_varint(1, 1), &field_len(2, b"x"), &field_fixed32(3, 0)])));
        c.add(group(n, &field_fixed64(4, 7)));
        c.add(nested_groups(n, 2, &field_varint(5, 5)));
    }
    if let Some(f) = first_field(schema) {
        c.add(cat(&[&field_varint(u, 9), &sample(f, 0), &group(u, b""), &sample(f, 1)]));
        c.add(cat(&[&sample(f, 0), &group(u, &sample(f, 1))])); // known number inside a group
    }

    c.group("unknown fields: truncated");
    c.add(key(u, VARINT));
    c.add(cat(&[&key(u, VARINT), &[0x80]]));
    c.add(cat(&[&key(u, VARINT), &[0x80; 9], &[0x02]]));
    c.add(key(u, I64));
    c.add(cat(&[&key(u, I64), &[0; 7]]));
    c.add(key(u, I32));
    c.add(cat(&[&key(u, I32), &[0; 3]]));
    c.add(key(u, LEN));
    c.add(cat(&[&key(u, LEN), &[0x80]]));
    c.add(cat(&[&key(u, LEN), &[0x04], b"abc"]));
    c.add(cat(&[&key(u, LEN), &varint(u64::MAX)]));
    c.add(cat(&[&key(u, LEN), &varint(1 << 40), b"abc"]));

    c.group("unknown groups: nesting depth around the limit of 100");
    for depth in [1usize, 2, 98, 99, 100, 101, 150] {
        c.add(nested_groups(u, depth, b""));
    }
    for depth in [98usize, 99, 100] {
        c.add(nested_groups(u, depth, &field_varint(u, 1)));
    }

    c.group("unknown groups: mismatched, stray and missing END_GROUP");
    let other = nums[1];
    c.add(cat(&[&key(u, SGROUP), &key(other, EGROUP)]));
    c.add(key(u, EGROUP));
    c.add(cat(&[&field_varint(u, 1), &key(other, EGROUP), &field_varint(u, 1)]));
    c.add(key(u, SGROUP));
    c.add(cat(&[&key(u, SGROUP), &field_varint(1, 1)]));
    c.add(cat(&[&key(u, SGROUP), &key(u, SGROUP), &key(u, EGROUP)]));
    c.add(cat(&[&key(u, SGROUP), &key(other, SGROUP), &key(u, EGROUP), &key(other, EGROUP)]));
    c.add(cat(&[&group(u, b""), &key(u, EGROUP)]));

    c.group("unknown groups: malformed content");
    c.add(cat(&[&key(u, SGROUP), &[0x00], &key(u, EGROUP)]));
    c.add(cat(&[&key(u, SGROUP), &key(1, 6), &key(u, EGROUP)]));
    c.add(cat(&[&key(u, SGROUP), &key(1, VARINT), &[0x80]]));
    c.add(cat(&[&key(u, SGROUP), &key(1, LEN), &[0x05, b'a'], &key(u, EGROUP)]));
    c.add(cat(&[&key(u, SGROUP), &key(1, I32), &[0, 0, 0], &key(u, EGROUP)]));
    c.add(cat(&[&key(u, SGROUP), &raw_key(1 << 32), &key(u, EGROUP)]));
}

/// Reserved numbers between declared fields are unknown fields; DaemonProcess's
/// reserved 3 is where the probe response's legacy trailer (0x1a 0x20 and a
/// SHA-256) lands when a reader parses the trailer as part of the message.
fn reserved_cases(c: &mut Cases, schema: &Schema) {
    let gaps = reserved_gaps(schema);
    if gaps.is_empty() {
        return;
    }
    let digest = [0x5au8; 32];
    let every_field: Vec<u8> = schema.fields.iter().flat_map(|f| sample(f, 0)).collect();
    c.group("reserved numbers between declared fields are skipped like unknown fields");
    for r in gaps {
        c.add(field_varint(r, 1));
        c.add(field_fixed64(r, 1));
        c.add(field_fixed32(r, 1));
        c.add(field_len(r, &digest));
        c.add(group(r, &field_varint(1, 1)));
        c.add(cat(&[&every_field, &field_len(r, &digest)]));
        if let Some(f) = first_field(schema) {
            c.add(cat(&[&sample(f, 0), &field_len(r, &digest), &sample(f, 1)]));
        }
        c.add(cat(&[&every_field, &key(r, LEN), &[0x20], &digest[..31]]));
    }
}

fn field_cases(c: &mut Cases, field: &Field) {
    let title = format!("field {} ({})", field.name, field.num);
    c.group(format!("{}: every wrong wire type", title));
    for wt in 0..8u8 {
        if wt != field.wire_type() {
            for input in with_wire_type(field.num, wt) {
                c.add(input);
            }
        }
    }
    match (field.card, field.ty) {
        (Card::Map, _) => crate::edge_fields::map_cases(c, &title, field),
        (_, Ty::Msg(name)) => message_cases(c, &title, field, find(name)),
        (_, Ty::Str) | (_, Ty::Bytes) => crate::edge_fields::text_cases(c, &title, field),
        _ => crate::edge_fields::varint_cases(c, &title, field),
    }
}

fn message_cases(c: &mut Cases, title: &str, field: &Field, nested: &Schema) {
    let n = field.num;
    c.group(format!("{}: present but empty", title));
    c.add(field_len(n, b""));
    c.add(cat(&[&field_len(n, b""), &field_len(n, b"")]));

    c.group(format!("{}: seen twice (one message merges, repeated appends)", title));
    for a in nested.fields {
        for b in nested.fields {
            c.add(cat(&[&field_len(n, &sample(a, 0)), &field_len(n, &sample(b, 1))]));
        }
    }

    c.group(format!("{}: length errors", title));
    c.add(key(n, LEN));
    c.add(cat(&[&key(n, LEN), &[0x80]]));
    c.add(cat(&[&key(n, LEN), &[0x05], &[0x08, 0x01]]));
    c.add(cat(&[&key(n, LEN), &varint(u64::MAX)]));

    c.group(format!("{}: inner field overruns the nested length", title));
    let [u, _, _] = unknown_numbers(nested);
    let inner_len = field_len(u, b"hello"); // 7 bytes: key, length 5, text
    c.add(cat(&[&key(n, LEN), &[0x03], &inner_len]));
    c.add(cat(&[&key(n, LEN), &[0x02], &key(u, VARINT), &[0x80, 0x01]]));
    c.add(cat(&[&key(n, LEN), &[0x02], &key(u, I32), &[0, 0, 0, 0]]));
    c.add(cat(&[&key(n, LEN), &[0x01], &key(u, SGROUP), &key(u, EGROUP)]));
    for inner in nested.fields {
        let whole = sample(inner, 0);
        if whole.len() > 1 {
            let short = (whole.len() - 1) as u64;
            c.add(cat(&[&key(n, LEN), &varint(short), &whole]));
        }
    }

    let inner = edge_cases(nested);
    let prefix = format!("{} holding {}: ", title, nested.name);
    c.add_wrapped(&prefix, &inner, &|body| field_len(n, body));
}

fn oneof_cases(c: &mut Cases, schema: &Schema) {
    let members: Vec<&Field> = schema.fields.iter().filter(|f| f.card == Card::Oneof).collect();
    c.group("oneof: members alternate, the last one wins");
    for a in &members {
        for b in &members {
            if a.num != b.num {
                c.add(cat(&[&sample(a, 0), &sample(b, 1)]));
            }
        }
    }
    for a in &members {
        c.add(cat(&[&sample(a, 0), &sample(members[0], 1), &sample(a, 2)]));
    }

    c.group("oneof: the same member twice (message members merge)");
    for a in &members {
        c.add(cat(&[&sample(a, 0), &sample(a, 1)]));
        c.add(cat(&[&sample(a, 1), &sample(a, 0)]));
    }

    c.group("oneof: members holding their default value are still present");
    for a in &members {
        match a.ty.wire_type() {
            VARINT => c.add(field_varint(a.num, 0)),
            _ => c.add(field_len(a.num, b"")),
        }
    }
}
