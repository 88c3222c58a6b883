//! The benchmark's data, identical in every client and reproducible without storing it.
//!
//! - Small objects: key `PREFIX` + the index in six digits (`small/000042`); the body is the
//!   index in eight digits repeated and cut to the object size (`"00000042000000420…"`). The
//!   Python peers build the same bytes with `(b"%08d" % i * n)[:size]`.
//! - The large object is a file made once by `oss-bench prepare`: a xorshift64* stream (no
//!   repeated blocks, so nothing compresses or deduplicates), written without holding it in
//!   memory. Every client uploads that file and reports the CRC-64 of what it downloads.
//!
//! Plain `std`, so that the opendal peer includes this file too.

/// The key of small object `index` under `prefix`.
pub fn small_key(prefix: &str, index: u64) -> String {
    format!("{prefix}{index:06}")
}

/// The body of small object `index`: its eight-digit index repeated, `size` bytes long.
pub fn small_body(index: u64, size: usize) -> Vec<u8> {
    let digits = format!("{index:08}");
    digits.bytes().cycle().take(size).collect()
}

/// The large object's content as an endless deterministic stream.
#[derive(Debug, Clone)]
pub struct LargeData {
    state: u64,
}

impl Default for LargeData {
    fn default() -> Self {
        LargeData::new()
    }
}

impl LargeData {
    /// The stream from its beginning.
    pub fn new() -> LargeData {
        LargeData {
            state: 0x9E37_79B9_7F4A_7C15,
        }
    }

    /// Fills `buffer` with the next bytes (a multiple of 8 keeps the stream aligned; a
    /// shorter tail is cut from one more word).
    pub fn fill(&mut self, buffer: &mut [u8]) {
        let mut words = buffer.chunks_exact_mut(8);
        for word in &mut words {
            word.copy_from_slice(&self.next_word().to_le_bytes());
        }
        let tail = words.into_remainder();
        if !tail.is_empty() {
            let word = self.next_word().to_le_bytes();
            tail.copy_from_slice(&word[..tail.len()]);
        }
    }

    fn next_word(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_repeat_the_index() {
        assert_eq!(small_body(42, 20), b"00000042000000420000".to_vec());
        assert_eq!(small_body(7, 0), Vec::<u8>::new());
        assert_eq!(small_key("small/", 42), "small/000042");
    }

    #[test]
    fn large_data_is_the_same_however_it_is_cut() {
        let mut whole = vec![0u8; 64];
        LargeData::new().fill(&mut whole);
        let mut pieces = vec![0u8; 64];
        let mut data = LargeData::new();
        data.fill(&mut pieces[..16]);
        data.fill(&mut pieces[16..]);
        assert_eq!(whole, pieces);
        assert_ne!(whole[..8], whole[8..16]);
    }
}
