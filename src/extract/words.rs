//! Word tables without regexes, for hot loops that used to run big alternations of words.
//!
//! The words looked up are the text layer's ASCII word runs ([`ascii_words`], re-exported
//! from [`crate::text::words`]): maximal runs of `[0-9A-Za-z_]`, exactly what an ASCII-bounded
//! regex word `(?-u:\b)word(?-u:\b)` can match, so a table lookup finds what the regex did.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub use crate::text::words::ascii_words;

/// FxHash (rustc's hasher): the keys are short fixed words, not attacker-chosen, and SipHash
/// would cost as much as the scan itself at one lookup per word of every article.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A set of ASCII words looked up case-insensitively (ASCII case only), with a value each.
pub struct WordTable<V> {
    map: HashMap<Vec<u8>, V, BuildHasherDefault<FxHasher>>,
    /// One bit per `sketch` of a word in the table: most words of a text miss it, and skip
    /// the hash lookup.
    seen: Vec<u64>,
    min_len: usize,
    max_len: usize,
}

/// Bits in `seen`: a few thousand words fill under one in ten.
const SEEN_BITS: usize = 1 << 16;

/// The bit of `seen` for a word: its length and its first two and last two bytes, letters
/// folded to lower case (other bytes may collide, which only costs a lookup).
fn sketch(word: &[u8]) -> usize {
    let fold = |i: usize| usize::from(word.get(i).map_or(0, |b| b | 0x20));
    let n = word.len();
    let mix = [
        fold(0),
        fold(1),
        fold(n.wrapping_sub(2)),
        fold(n.wrapping_sub(1)),
    ]
    .into_iter()
    .fold(n, |h, b| h.wrapping_mul(31).wrapping_add(b));
    mix & (SEEN_BITS - 1)
}

impl<V: Copy> WordTable<V> {
    /// The table of `words` (lower case); the first value given a word is kept.
    pub fn new(words: impl IntoIterator<Item = (&'static str, V)>) -> WordTable<V> {
        let mut map: HashMap<Vec<u8>, V, BuildHasherDefault<FxHasher>> = HashMap::default();
        for (word, value) in words {
            map.entry(word.to_ascii_lowercase().into_bytes())
                .or_insert(value);
        }
        let min_len = map.keys().map(Vec::len).min().unwrap_or(0);
        let max_len = map.keys().map(Vec::len).max().unwrap_or(0);
        let mut seen = vec![0u64; SEEN_BITS / 64];
        for word in map.keys() {
            let bit = sketch(word);
            seen[bit >> 6] |= 1 << (bit & 63);
        }
        WordTable {
            map,
            seen,
            min_len,
            max_len,
        }
    }

    /// The value of `word` in any ASCII letter case.
    pub fn get(&self, word: &[u8]) -> Option<V> {
        if word.len() < self.min_len || word.len() > self.max_len {
            return None;
        }
        let bit = sketch(word);
        if self.seen[bit >> 6] & (1 << (bit & 63)) == 0 {
            return None;
        }
        let mut buffer = [0u8; 32];
        match buffer.get_mut(..word.len()) {
            Some(lower) => {
                for (l, b) in lower.iter_mut().zip(word) {
                    *l = b.to_ascii_lowercase();
                }
                self.map.get(&*lower).copied()
            }
            None => self.map.get(&word.to_ascii_lowercase()).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_ignores_ascii_case() {
        let table = WordTable::new([("said", 1), ("says", 2), ("said", 3)]);
        assert_eq!(table.get(b"SAID"), Some(1));
        assert_eq!(table.get(b"Says"), Some(2));
        assert_eq!(table.get(b"sai"), None);
        assert_eq!(table.get(b"saidx"), None);
        let long = WordTable::new([("abcdefghijklmnopqrstuvwxyzabcdefghij", 7)]);
        assert_eq!(long.get(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"), Some(7));
    }
}
