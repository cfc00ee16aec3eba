//! Byte builders for hand-made protobuf inputs. Nothing here validates: the
//! point is to write exactly the bytes a case needs, well-formed or not.

pub const VARINT: u8 = 0;
pub const I64: u8 = 1;
pub const LEN: u8 = 2;
pub const SGROUP: u8 = 3;
pub const EGROUP: u8 = 4;
pub const I32: u8 = 5;

/// Minimal LEB128 encoding of `v`.
pub fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

/// `v` spread over exactly `n` bytes (overlong when `n` exceeds the minimum);
/// bits of `v` above 7*n are dropped.
pub fn varint_n(v: u64, n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| {
            let bits = if 7 * i < 64 { (v >> (7 * i)) as u8 & 0x7f } else { 0 };
            if i + 1 < n {
                bits | 0x80
            } else {
                bits
            }
        })
        .collect()
}

/// A field key from a raw 64-bit value (may be out of range on purpose).
pub fn raw_key(key: u64) -> Vec<u8> {
    varint(key)
}

/// The key of field `num` with wire type `wt`.
pub fn key(num: u32, wt: u8) -> Vec<u8> {
    varint((u64::from(num) << 3) | u64::from(wt))
}

pub fn field_varint(num: u32, v: u64) -> Vec<u8> {
    cat(&[&key(num, VARINT), &varint(v)])
}

pub fn field_len(num: u32, payload: &[u8]) -> Vec<u8> {
    cat(&[&key(num, LEN), &varint(payload.len() as u64), payload])
}

pub fn field_fixed32(num: u32, v: u32) -> Vec<u8> {
    cat(&[&key(num, I32), &v.to_le_bytes()])
}

pub fn field_fixed64(num: u32, v: u64) -> Vec<u8> {
    cat(&[&key(num, I64), &v.to_le_bytes()])
}

/// A group of field `num` around `body` (START_GROUP, body, END_GROUP).
pub fn group(num: u32, body: &[u8]) -> Vec<u8> {
    cat(&[&key(num, SGROUP), body, &key(num, EGROUP)])
}

/// `depth` groups of field `num` nested inside each other around `body`.
pub fn nested_groups(num: u32, depth: usize, body: &[u8]) -> Vec<u8> {
    let mut out = body.to_vec();
    for _ in 0..depth {
        out = group(num, &out);
    }
    out
}

pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// Lowercase hex, or "-" for the empty string (the golden-file convention).
pub fn hex(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "-".to_string();
    }
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}
