//! A fixed-seed xorshift64* generator, so every run writes the same cases
//! (no external rand crate, no time or address entropy).

pub struct Rng(u64);

impl Rng {
    /// A generator seeded from `label` (FNV-1a), so each message type has its
    /// own stream and adding a type does not shift the others.
    pub fn for_label(label: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `num`/`den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A value with a random bit width, so small and large magnitudes both
    /// occur often (varint lengths 1..10).
    pub fn wide_u64(&mut self) -> u64 {
        let bits = self.below(65) as u32;
        let v = self.next_u64();
        if bits == 64 {
            v
        } else {
            v & ((1u64 << bits) - 1)
        }
    }
}
