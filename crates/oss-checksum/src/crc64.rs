//! CRC-64/XZ (the "ECMA" CRC64 that OSS returns in `x-oss-hash-crc64ecma`), fast, plus
//! [`combine`] for joining the CRCs of consecutive parts.
//!
//! Parameters: reflected polynomial `0xC96C5795D7870F42`, initial value and final XOR all
//! ones; this is Go's `hash/crc64` with the ECMA table, which the official SDKs use.
//!
//! Two implementations compute the same function:
//! - on x86-64 CPUs with `PCLMULQDQ`, a carry-less multiplication folding loop (8 lanes of
//!   128 bits each, see `clmul.rs`), chosen at run time;
//! - everywhere else, and for short inputs, slicing-by-16 lookup tables built at compile time.
//!
//! ```
//! use oss_checksum::crc64::{self, Crc64};
//!
//! assert_eq!(crc64::checksum(b"123456789"), 0x995d_c9bb_df19_39fa);
//!
//! // Streaming gives the same result as one call.
//! let mut crc = Crc64::new();
//! crc.update(b"12345");
//! crc.update(b"6789");
//! assert_eq!(crc.value(), 0x995d_c9bb_df19_39fa);
//!
//! // Parts can be hashed separately (in parallel) and combined in order.
//! let first = crc64::checksum(b"12345");
//! let second = crc64::checksum(b"6789");
//! assert_eq!(crc64::combine(first, second, 4), 0x995d_c9bb_df19_39fa);
//! ```

#[cfg(target_arch = "x86_64")]
mod clmul;

/// The reflected CRC-64/XZ polynomial (ECMA-182).
pub const POLYNOMIAL: u64 = 0xC96C_5795_D787_0F42;

/// Slicing-by-16 tables: `TABLES[k][b]` is the CRC register after byte `b` followed by `k`
/// zero bytes, so 16 input bytes are folded with 16 independent lookups.
static TABLES: [[u64; 256]; 16] = build_tables();

const fn build_tables() -> [[u64; 256]; 16] {
    let mut tables = [[0u64; 256]; 16];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][byte] = crc;
        byte += 1;
    }
    let mut k = 1;
    while k < 16 {
        let mut byte = 0;
        while byte < 256 {
            let previous = tables[k - 1][byte];
            tables[k][byte] = (previous >> 8) ^ tables[0][(previous & 0xff) as usize];
            byte += 1;
        }
        k += 1;
    }
    tables
}

/// Advances the raw (not complemented) CRC register over `data` with the lookup tables.
fn update_raw_portable(mut state: u64, data: &[u8]) -> u64 {
    let t = &TABLES;
    let mut chunks = data.chunks_exact(16);
    for chunk in &mut chunks {
        let (low, high) = chunk.split_at(8);
        let a = u64::from_le_bytes(low.try_into().expect("8 bytes")) ^ state;
        let b = u64::from_le_bytes(high.try_into().expect("8 bytes"));
        state = t[15][(a & 0xff) as usize]
            ^ t[14][((a >> 8) & 0xff) as usize]
            ^ t[13][((a >> 16) & 0xff) as usize]
            ^ t[12][((a >> 24) & 0xff) as usize]
            ^ t[11][((a >> 32) & 0xff) as usize]
            ^ t[10][((a >> 40) & 0xff) as usize]
            ^ t[9][((a >> 48) & 0xff) as usize]
            ^ t[8][(a >> 56) as usize]
            ^ t[7][(b & 0xff) as usize]
            ^ t[6][((b >> 8) & 0xff) as usize]
            ^ t[5][((b >> 16) & 0xff) as usize]
            ^ t[4][((b >> 24) & 0xff) as usize]
            ^ t[3][((b >> 32) & 0xff) as usize]
            ^ t[2][((b >> 40) & 0xff) as usize]
            ^ t[1][((b >> 48) & 0xff) as usize]
            ^ t[0][(b >> 56) as usize];
    }
    for &byte in chunks.remainder() {
        state = t[0][((state ^ byte as u64) & 0xff) as usize] ^ (state >> 8);
    }
    state
}

/// Advances the raw CRC register with the fastest implementation this CPU supports.
fn update_raw(state: u64, data: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        if data.len() >= clmul::MIN_LEN && clmul::is_available() {
            return clmul::update_raw(state, data);
        }
    }
    update_raw_portable(state, data)
}

/// Continues the CRC-64/XZ value `crc` (of the bytes before) over `data`.
///
/// `update(0, data)` is the CRC of `data`; `update(checksum(a), b)` is the CRC of `a`
/// followed by `b`. This is Go's `crc64.Update` with the ECMA table.
pub fn update(crc: u64, data: &[u8]) -> u64 {
    !update_raw(!crc, data)
}

/// The CRC-64/XZ of `data`.
pub fn checksum(data: &[u8]) -> u64 {
    update(0, data)
}

/// The CRC-64/XZ of `data` computed with the portable lookup tables only, never with
/// SIMD: a reference for tests and benchmarks.
pub fn checksum_portable(data: &[u8]) -> u64 {
    !update_raw_portable(!0, data)
}

/// Whether [`checksum`] uses the carry-less multiplication (`PCLMULQDQ`) path on this CPU
/// for long inputs.
pub fn is_accelerated() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        clmul::is_available()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The CRC of `A` followed by `B`, from `crc1` = CRC(A), `crc2` = CRC(B) and `len2` = the
/// length of `B` in bytes, without reading any data.
///
/// Same results as zlib's `crc32_combine` ported to 64 bits (what the official SDKs use for
/// multipart CRCs), but computed as `crc1 · x^(8·len2) mod P ⊕ crc2`: the initial value and
/// final XOR cancel out between the two CRCs, so only the raw shift of `crc1` over `len2` zero
/// bytes is left, which is a multiplication by a power of `x`. That power is the product of
/// the precomputed `x^(8·2^k) mod P` for the bits `k` set in `len2`, so a call costs one
/// 64-step carry-less multiplication per set bit: tens of nanoseconds for a typical part,
/// instead of the hundreds of microseconds the matrix squarings took.
pub fn combine(crc1: u64, crc2: u64, len2: u64) -> u64 {
    if len2 == 0 {
        // zlib returns `crc1` unchanged here, whatever `crc2` is; keep that result.
        return crc1;
    }
    let mut shifted = crc1;
    let mut bits = len2;
    while bits != 0 {
        shifted = multiply_mod(shifted, X8_POW2[bits.trailing_zeros() as usize]);
        bits &= bits - 1;
    }
    shifted ^ crc2
}

/// `X8_POW2[k]` is `x^(8·2^k) mod P` (the shift over `2^k` zero bytes), for every bit of a
/// `u64` length.
static X8_POW2: [u64; 64] = build_x8_pow2();

const fn build_x8_pow2() -> [u64; 64] {
    let mut table = [0u64; 64];
    table[0] = 1 << (63 - 8); // x^8
    let mut k = 1;
    while k < 64 {
        table[k] = multiply_mod(table[k - 1], table[k - 1]);
        k += 1;
    }
    table
}

/// `a · b mod P` for polynomials in the reflected representation (bit `i` is the coefficient
/// of `x^(63-i)`, so `1 << 63` is 1).
///
/// Branch-free, so the cost does not depend on the (data-dependent) bits of `a`.
const fn multiply_mod(mut a: u64, mut b: u64) -> u64 {
    let mut product = 0;
    let mut i = 0;
    while i < 64 {
        // The top bit of `a` is the coefficient of the power of `x` that `b` holds now.
        product ^= b & (a >> 63).wrapping_neg();
        a <<= 1;
        // b · x: every coefficient moves one bit right; the x^64 falling out reduces to P.
        b = (b >> 1) ^ (POLYNOMIAL & (b & 1).wrapping_neg());
        i += 1;
    }
    product
}

/// An incremental CRC-64/XZ: feed bytes with [`update`](Self::update), read the value of
/// everything fed so far with [`value`](Self::value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Crc64 {
    crc: u64,
    length: u64,
}

impl Crc64 {
    /// A CRC of nothing (value 0).
    pub const fn new() -> Self {
        Crc64 { crc: 0, length: 0 }
    }

    /// Continues from the CRC of earlier data, e.g. the object an AppendObject extends.
    /// [`length`](Self::length) counts only the bytes fed from now on.
    pub const fn resume(crc: u64) -> Self {
        Crc64 { crc, length: 0 }
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.crc = update(self.crc, data);
        self.length += data.len() as u64;
    }

    /// The CRC of everything fed so far (after the resumed value, if any).
    pub const fn value(&self) -> u64 {
        self.crc
    }

    /// How many bytes were fed.
    pub const fn length(&self) -> u64 {
        self.length
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTORS: &[(&[u8], u64)] = &[
        (b"", 0),
        (b"a", 0x3302_8477_2e65_2b05),
        (b"123456789", 0x995d_c9bb_df19_39fa),
        (b"12345", 0x5da7_46ff_a504_5ce9),
        (b"67890", 0x573a_0a56_c70b_c2dd),
        (b"1234567890", 0xb1cb_31bb_b4a2_b2be),
        (
            b"This is a test of the emergency broadcast system.",
            0x27db_187f_c15b_bc72,
        ),
    ];

    #[test]
    fn known_vectors() {
        for (input, expected) in VECTORS {
            assert_eq!(checksum(input), *expected, "input {input:?}");
            assert_eq!(checksum_portable(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn combine_of_halves_equals_whole() {
        let text: &[u8] = b"This is a test of the emergency broadcast system.";
        let (first, second) = text.split_at(text.len() / 2);
        let combined = combine(checksum(first), checksum(second), second.len() as u64);
        assert_eq!(combined, 0x27db_187f_c15b_bc72);
        assert_eq!(
            combine(checksum(b"12345"), checksum(b"67890"), 5),
            0xb1cb_31bb_b4a2_b2be
        );
        assert_eq!(combine(checksum(b"abc"), 0, 0), checksum(b"abc"));
    }

    #[test]
    fn incremental_and_resume() {
        let mut crc = Crc64::new();
        crc.update(b"12345");
        crc.update(b"67890");
        assert_eq!(crc.value(), 0xb1cb_31bb_b4a2_b2be);
        assert_eq!(crc.length(), 10);
        let mut resumed = Crc64::resume(checksum(b"12345"));
        resumed.update(b"67890");
        assert_eq!(resumed.value(), 0xb1cb_31bb_b4a2_b2be);
    }

    /// The previous `combine`: zlib's `crc32_combine` (GF(2) 64×64 matrix squaring) ported
    /// to 64 bits, kept as an independent reference for the polynomial method.
    fn combine_matrix(mut crc1: u64, crc2: u64, mut len2: u64) -> u64 {
        if len2 == 0 {
            return crc1;
        }
        // `odd` is the operator for one zero bit; squaring it doubles the number of zero bits.
        let mut odd = [0u64; 64];
        odd[0] = POLYNOMIAL;
        let mut row = 1u64;
        for entry in odd.iter_mut().skip(1) {
            *entry = row;
            row <<= 1;
        }
        let mut even = [0u64; 64];
        gf2_matrix_square(&mut even, &odd); // two zero bits
        gf2_matrix_square(&mut odd, &even); // four zero bits

        // Apply len2 zero bytes to crc1: the first square below gives the one-byte operator.
        loop {
            gf2_matrix_square(&mut even, &odd);
            if len2 & 1 == 1 {
                crc1 = gf2_matrix_times(&even, crc1);
            }
            len2 >>= 1;
            if len2 == 0 {
                break;
            }
            gf2_matrix_square(&mut odd, &even);
            if len2 & 1 == 1 {
                crc1 = gf2_matrix_times(&odd, crc1);
            }
            len2 >>= 1;
            if len2 == 0 {
                break;
            }
        }
        crc1 ^ crc2
    }

    fn gf2_matrix_times(matrix: &[u64; 64], mut vector: u64) -> u64 {
        let mut sum = 0;
        let mut index = 0;
        while vector != 0 {
            if vector & 1 == 1 {
                sum ^= matrix[index];
            }
            vector >>= 1;
            index += 1;
        }
        sum
    }

    fn gf2_matrix_square(square: &mut [u64; 64], matrix: &[u64; 64]) {
        for (row, &column) in square.iter_mut().zip(matrix.iter()) {
            *row = gf2_matrix_times(matrix, column);
        }
    }

    /// A 64-bit LCG step, for test inputs without a dependency.
    fn lcg(x: u64) -> u64 {
        x.wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407)
    }

    /// Part lengths that matter: tiny, around word and power-of-two boundaries, the transfer
    /// manager's default part, the largest part OSS accepts, and every bit set.
    fn interesting_lengths() -> Vec<u64> {
        let mut lengths = vec![
            0,
            1,
            2,
            3,
            7,
            8,
            9,
            15,
            16,
            17,
            63,
            64,
            65,
            127,
            128,
            129,
            255,
            256,
            1000,
            4095,
            4096,
            8 << 20,
            (8 << 20) + 1,
            (8 << 20) - 1,
            5 << 30,
            (5 << 30) + 12_345,
            u64::MAX,
            u64::MAX - 1,
        ];
        for k in 0..64 {
            lengths.push(1 << k);
            lengths.push((1u64 << k).wrapping_sub(1));
            lengths.push((1u64 << k).wrapping_add(1));
        }
        // Pseudo-random lengths of every magnitude: a random value cut to a random bit width.
        let mut x = 42;
        for _ in 0..200 {
            x = lcg(x);
            let width = (x >> 58) as u32; // 0..64
            x = lcg(x);
            lengths.push(x >> (63 - width.min(63)));
        }
        lengths
    }

    #[test]
    fn combine_matches_matrix_reference() {
        let mut x = 7;
        for len2 in interesting_lengths() {
            x = lcg(x);
            let crc1 = x;
            x = lcg(x);
            let crc2 = x;
            assert_eq!(
                combine(crc1, crc2, len2),
                combine_matrix(crc1, crc2, len2),
                "len2 {len2}"
            );
            // Zero CRCs are an edge of the arithmetic (a zero factor), not of the inputs.
            assert_eq!(combine(0, crc2, len2), combine_matrix(0, crc2, len2));
            assert_eq!(combine(crc1, 0, len2), combine_matrix(crc1, 0, len2));
        }
    }

    #[test]
    fn combine_is_associative_over_large_parts() {
        // A 5 GiB object in 640 parts of 8 MiB, with stand-in part CRCs: folding the parts
        // in order must equal folding them as a balanced tree, which exercises other lengths
        // (16 MiB, 32 MiB, ... 4 GiB, and the 1 GiB remainder) without hashing 5 GiB.
        const PART: u64 = 8 << 20;
        let mut x = 3;
        let parts: Vec<u64> = (0..640)
            .map(|_| {
                x = lcg(x);
                x
            })
            .collect();
        let sequential = parts
            .iter()
            .skip(1)
            .fold(parts[0], |crc, &part| combine(crc, part, PART));

        fn tree(parts: &[u64]) -> (u64, u64) {
            if let [part] = parts {
                return (*part, PART);
            }
            let (left, right) = parts.split_at(parts.len() / 2);
            let (left_crc, left_len) = tree(left);
            let (right_crc, right_len) = tree(right);
            (
                combine(left_crc, right_crc, right_len),
                left_len + right_len,
            )
        }
        let (balanced, total) = tree(&parts);
        assert_eq!(total, 5 << 30);
        assert_eq!(sequential, balanced);
        assert_eq!(
            combine(parts[0], tree(&parts[1..]).0, (5 << 30) - PART),
            sequential
        );
    }

    #[test]
    fn power_table_matches_shifting_bit_by_bit() {
        // x^(8·2^k) by 8·2^k single-bit shifts, for the entries where that is quick.
        let mut power = 1u64 << 63; // x^0
        let mut shifts = 0u64;
        for (k, &entry) in X8_POW2.iter().enumerate().take(17) {
            while shifts < 8 << k {
                power = (power >> 1) ^ (POLYNOMIAL & (power & 1).wrapping_neg());
                shifts += 1;
            }
            assert_eq!(entry, power, "k {k}");
        }
    }

    #[test]
    fn combine_of_many_real_parts_equals_whole() {
        let data = noise(100_000, 11);
        let mut x = 5;
        let mut cuts = vec![0, data.len()];
        for _ in 0..40 {
            x = lcg(x);
            cuts.push((x >> 32) as usize % (data.len() + 1));
        }
        // Repeated cuts make empty parts, which must combine as no-ops.
        cuts.extend([0, 1, 1, 8, 8]);
        cuts.sort_unstable();
        let crc = cuts.windows(2).fold(0, |crc, cut| {
            let part = &data[cut[0]..cut[1]];
            combine(crc, checksum(part), part.len() as u64)
        });
        assert_eq!(crc, checksum(&data));
    }

    #[test]
    fn combine_with_an_8_mib_part_equals_whole() {
        let data = noise((8 << 20) + 1234, 13);
        let (first, second) = data.split_at(1234);
        assert_eq!(
            combine(checksum(first), checksum(second), second.len() as u64),
            checksum(&data)
        );
    }

    /// Pseudo-random bytes without a dependency: a 64-bit LCG.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (x >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn accelerated_matches_portable_at_every_length_and_alignment() {
        let data = noise(4096 + 64, 7);
        for offset in 0..17 {
            for len in (0..1200).chain([2047, 2048, 2049, 4095, 4096]) {
                let slice = &data[offset..offset + len];
                assert_eq!(
                    checksum(slice),
                    checksum_portable(slice),
                    "offset {offset} len {len}"
                );
                // A non-trivial starting CRC goes through the same paths.
                assert_eq!(
                    update(0x0123_4567_89ab_cdef, slice),
                    !update_raw_portable(!0x0123_4567_89ab_cdef, slice),
                    "resumed, offset {offset} len {len}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn combine_matches_direct(data in proptest::collection::vec(proptest::num::u8::ANY, 0..3000), split in 0usize..3000) {
            let split = split.min(data.len());
            let (a, b) = data.split_at(split);
            proptest::prop_assert_eq!(combine(checksum(a), checksum(b), b.len() as u64), checksum(&data));
        }

        #[test]
        fn combine_matches_matrix_reference_for_any_input(crc1 in proptest::num::u64::ANY, crc2 in proptest::num::u64::ANY, len2 in proptest::num::u64::ANY) {
            proptest::prop_assert_eq!(combine(crc1, crc2, len2), combine_matrix(crc1, crc2, len2));
        }

        #[test]
        fn split_updates_match_one_shot(data in proptest::collection::vec(proptest::num::u8::ANY, 0..3000), split in 0usize..3000) {
            let split = split.min(data.len());
            let mut crc = Crc64::new();
            crc.update(&data[..split]);
            crc.update(&data[split..]);
            proptest::prop_assert_eq!(crc.value(), checksum_portable(&data));
        }
    }
}
