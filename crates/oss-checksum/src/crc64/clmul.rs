//! CRC-64/XZ by carry-less multiplication (x86-64 `PCLMULQDQ`): the only `unsafe` code in
//! this crate, kept small so that it can be reviewed in one sitting.
//!
//! Method (Intel, "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", bit-reflected
//! form): eight 128-bit accumulators each take one 16-byte slice of every 128-byte block.
//! Moving an accumulator `X = H·x^64 + L` forward by `D` bits is
//! `H·(x^(D+63) mod P) ⊕ L·(x^(D-1) mod P)` computed with two carry-less multiplications (the
//! `-1` makes up for the one-bit shift a reflected carry-less product carries). At the end the
//! accumulators are folded into one and its 16 bytes, plus any tail shorter than a block, go
//! through the lookup tables, which also does the final reduction modulo `P`.
//!
//! Why `unsafe`: the intrinsics are only sound on CPUs that have the instructions, so the
//! functions that use them are `#[target_feature]` functions, which are `unsafe` to call. The
//! one call site checks the CPU at run time first ([`is_available`]).

#![allow(unsafe_code)]

use std::arch::x86_64::{
    __m128i, _mm_clmulepi64_si128, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_set_epi64x,
    _mm_setzero_si128, _mm_unpackhi_epi64, _mm_xor_si128,
};

use super::{update_raw_portable, POLYNOMIAL};

/// Inputs shorter than this go to the tables: set-up and final reduction would cost more
/// than they save.
pub(super) const MIN_LEN: usize = 256;

/// Bytes consumed per folding round: 8 lanes of 16 bytes.
const BLOCK: usize = 128;

/// `x^n mod P` in the reflected representation (bit `i` is the coefficient of `x^(63-i)`).
const fn x_pow_mod(n: u32) -> u64 {
    let mut value = 1u64 << 63; // x^0
    let mut i = 0;
    while i < n {
        // Multiplying by x moves every coefficient one bit right; x^64 reduces to P - x^64.
        value = if value & 1 == 1 {
            (value >> 1) ^ POLYNOMIAL
        } else {
            value >> 1
        };
        i += 1;
    }
    value
}

/// Constants that move an accumulator forward by `distance` bits: (for the high-degree
/// half `H`, for the low-degree half `L`).
const fn fold_constants(distance: u32) -> (u64, u64) {
    (x_pow_mod(distance + 63), x_pow_mod(distance - 1))
}

/// Folding across one whole block (8 lanes × 128 bits).
const FOLD_BLOCK: (u64, u64) = fold_constants(1024);

/// Folding lane `i` (0..7) onto lane 7 at the end: distance `(7 - i) × 128` bits.
const FOLD_TO_LAST: [(u64, u64); 7] = [
    fold_constants(7 * 128),
    fold_constants(6 * 128),
    fold_constants(5 * 128),
    fold_constants(4 * 128),
    fold_constants(3 * 128),
    fold_constants(2 * 128),
    fold_constants(128),
];

/// Whether this CPU has the instructions [`update_raw`] needs. The standard library caches
/// the answer, so this is an atomic load after the first call.
pub(super) fn is_available() -> bool {
    std::arch::is_x86_feature_detected!("pclmulqdq") && std::arch::is_x86_feature_detected!("sse2")
}

/// Advances the raw CRC register over `data` (at least [`MIN_LEN`] bytes).
///
/// # Panics
/// If the CPU lacks `PCLMULQDQ` (callers check [`is_available`] first).
pub(super) fn update_raw(state: u64, data: &[u8]) -> u64 {
    assert!(is_available(), "PCLMULQDQ is not available on this CPU");
    assert!(data.len() >= BLOCK);
    // SAFETY: `fold` only needs the CPU features checked just above, and at least one block
    // of input, also checked.
    unsafe { fold(state, data) }
}

/// # Safety
/// The CPU must support `pclmulqdq` and `sse2`; `data` must hold at least one block.
#[target_feature(enable = "pclmulqdq,sse2")]
unsafe fn fold(state: u64, data: &[u8]) -> u64 {
    let mut blocks = data.chunks_exact(BLOCK);
    let mut lanes = [_mm_setzero_si128(); 8];
    if let Some(first) = blocks.next() {
        for (lane, slice) in lanes.iter_mut().zip(first.chunks_exact(16)) {
            *lane = load(slice);
        }
    }
    // The starting register goes into the first 8 bytes, as the table loop XORs it in.
    lanes[0] = _mm_xor_si128(lanes[0], _mm_set_epi64x(0, state as i64));

    let across_block = constants(FOLD_BLOCK);
    for block in &mut blocks {
        for (lane, slice) in lanes.iter_mut().zip(block.chunks_exact(16)) {
            *lane = _mm_xor_si128(fold_lane(*lane, across_block), load(slice));
        }
    }

    let mut folded = lanes[7];
    for (lane, distance) in lanes.iter().zip(FOLD_TO_LAST) {
        folded = _mm_xor_si128(folded, fold_lane(*lane, constants(distance)));
    }

    // The folded 128 bits are congruent to everything read so far; the tables finish it.
    let low = _mm_cvtsi128_si64(folded) as u64;
    let high = _mm_cvtsi128_si64(_mm_unpackhi_epi64(folded, folded)) as u64;
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&low.to_le_bytes());
    bytes[8..].copy_from_slice(&high.to_le_bytes());
    let state = update_raw_portable(0, &bytes);
    update_raw_portable(state, blocks.remainder())
}

/// The pair as one vector: the `H` constant in the low 64 bits, the `L` one in the high.
#[inline]
#[target_feature(enable = "sse2")]
unsafe fn constants((for_high, for_low): (u64, u64)) -> __m128i {
    _mm_set_epi64x(for_low as i64, for_high as i64)
}

/// Moves one accumulator forward by the distance the constants were made for.
#[inline]
#[target_feature(enable = "pclmulqdq,sse2")]
unsafe fn fold_lane(lane: __m128i, constants: __m128i) -> __m128i {
    _mm_xor_si128(
        _mm_clmulepi64_si128(lane, constants, 0x00),
        _mm_clmulepi64_si128(lane, constants, 0x11),
    )
}

/// Loads 16 bytes (unaligned).
///
/// # Safety
/// `slice` must hold at least 16 bytes; callers pass `chunks_exact(16)` items.
#[inline]
#[target_feature(enable = "sse2")]
unsafe fn load(slice: &[u8]) -> __m128i {
    debug_assert!(slice.len() >= 16);
    _mm_loadu_si128(slice.as_ptr().cast())
}
