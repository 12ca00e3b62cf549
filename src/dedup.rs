//! Near-duplicate articles: wire copy republished by several outlets, a story and its update,
//! an op-ed syndicated under two mastheads.
//!
//! Each article gets a MinHash signature of its five-word shingles when it is indexed (stored on
//! its first passage). After each indexing run the signatures are grouped: locality-sensitive
//! hashing proposes pairs, and a pair is a copy when its estimated Jaccard similarity is at
//! least 0.65, or when the shorter article is 90% contained in the longer one with a similarity
//! of at least 0.5 (a truncated republication). Search then shows one hit per group of copies.
//!
//! This module is pure computation on text and signatures (the words come from the text
//! layer, `crate::text`); the groups of an index (found from its passages, kept in its store)
//! are `index::duplicates`.
//!
//! The thresholds come from the AllSides set: pairs at 0.65 and above are the same story (a
//! Reuters piece in the Washington Times, the same op-ed in two papers); below, pairs share
//! boilerplate (CNN's pages share 70-80% of their shingles with unrelated stories) or are
//! different stories on one topic. Containment alone would merge the boilerplate pairs; the
//! similarity floor keeps them apart.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use crate::text::Doc;

/// Hashes in a signature.
pub const HASHES: usize = 128;
/// Words in a shingle: long enough that shared phrases of ordinary English do not count.
const SHINGLE: usize = 5;
/// Articles with fewer shingles than this are too short to call anything a copy of them.
const MIN_SHINGLES: usize = 20;
/// LSH: bands of rows; a pair sharing all rows of any band is a candidate.
const BANDS: usize = 42;
const ROWS: usize = 3;
/// A band bucket larger than this is boilerplate shared by many pages, not a copy.
const MAX_BUCKET: usize = 1_000;
pub const SIMILAR: f64 = 0.65;
const CONTAINED: f64 = 0.9;
const CONTAINED_SIMILAR: f64 = 0.5;

/// An article's MinHash signature and its number of distinct shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: [u32; HASHES],
    pub shingles: u32,
}

/// An empty bin takes the next filled bin's value, salted by the distance, so two texts agree
/// on it only as often as they agree on that bin.
fn densify(mins: &mut [u32; HASHES]) {
    for i in 0..HASHES {
        if mins[i] == u32::MAX {
            let mut j = (i + 1) % HASHES;
            let mut distance = 1u64;
            while mins[j] == u32::MAX && j != i {
                j = (j + 1) % HASHES;
                distance += 1;
            }
            mins[i] = (mix(u64::from(mins[j]) ^ distance) as u32).min(u32::MAX - 1);
        }
    }
}

/// Distinct 64-bit shingle hashes, counted in an open-addressing table at most half full.
struct ShingleSet {
    slots: Vec<u64>,
    /// Whether the hash 0 (the empty slot's mark) was seen.
    zero: bool,
    len: usize,
}

impl ShingleSet {
    fn with_room_for(n: usize) -> ShingleSet {
        ShingleSet {
            slots: vec![0; (n * 2).next_power_of_two().max(16)],
            zero: false,
            len: 0,
        }
    }

    fn insert(&mut self, h: u64) {
        if h == 0 {
            self.len += usize::from(!self.zero);
            self.zero = true;
            return;
        }
        let mask = self.slots.len() - 1;
        // The hashes are already mixed: their low bits pick the slot.
        let mut i = h as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = h;
                    self.len += 1;
                    return;
                }
                seen if seen == h => return,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// A 64-bit finaliser (MurmurHash3's), so the derived hash functions are well spread. Fixed
/// constants: signatures are the same on every run and machine.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl Signature {
    /// The signature of a body; `None` when it is too short to compare.
    ///
    /// Runs for every article indexed, so it is one pass: words are hashed as slices of the
    /// body (lowercased into one reused buffer only when they have capitals), a shingle's hash
    /// combines its five word hashes, and each shingle lands in one of the `HASHES` bins by its
    /// top bits ("one permutation hashing"), the bin keeping its smallest value; empty bins
    /// borrow from the next filled one so that short texts still compare bin by bin. Distinct
    /// shingles are counted with a small open-addressing set rather than by sorting them.
    pub fn of(body: &str) -> Option<Signature> {
        Signature::of_doc(&Doc::new(body))
    }

    /// The signature of an analysed body, over its alphanumeric words
    /// ([`crate::text::words::alnum_words`]).
    pub fn of_doc(doc: &Doc) -> Option<Signature> {
        let body = doc.text();
        let mut words: Vec<u64> = Vec::with_capacity(body.len() / 6);
        let mut lower: Vec<u8> = Vec::new();
        for span in doc.alnum_words() {
            let word = &body[span.start..span.end];
            if word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                words.push(xxh3_64(word.as_bytes()));
                continue;
            }
            lower.clear();
            if word.is_ascii() {
                lower.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
            } else {
                let mut buf = [0u8; 4];
                for c in word.chars().flat_map(char::to_lowercase) {
                    lower.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
            words.push(xxh3_64(&lower));
        }
        let windows = words.len().saturating_sub(SHINGLE - 1);
        if windows < MIN_SHINGLES {
            return None;
        }
        let mut seen = ShingleSet::with_room_for(windows);
        let mut mins = [u32::MAX; HASHES];
        for w in words.windows(SHINGLE) {
            let h = mix(w.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &word| {
                (h.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            }));
            let bin = (h >> (64 - HASHES.trailing_zeros())) as usize;
            mins[bin] = mins[bin].min(h as u32);
            seen.insert(h);
        }
        if seen.len < MIN_SHINGLES {
            return None;
        }
        densify(&mut mins);
        Some(Signature {
            mins,
            shingles: u32::try_from(seen.len).unwrap_or(u32::MAX),
        })
    }

    /// As values of a multi-valued u64 field: each carries its position in its high bits, so
    /// the order the index keeps them in does not matter. Position `HASHES` is the count.
    pub fn to_values(&self) -> impl Iterator<Item = u64> + '_ {
        self.mins
            .iter()
            .enumerate()
            .map(|(i, &v)| ((i as u64) << 32) | u64::from(v))
            .chain(std::iter::once(
                ((HASHES as u64) << 32) | u64::from(self.shingles),
            ))
    }

    pub fn from_values(values: &[u64]) -> Option<Signature> {
        let mut mins = [0u32; HASHES];
        let mut seen = [false; HASHES + 1];
        let mut shingles = 0;
        for &value in values {
            let i = (value >> 32) as usize;
            let v = value as u32;
            match i {
                i if i < HASHES => mins[i] = v,
                HASHES => shingles = v,
                _ => return None,
            }
            *seen.get_mut(i)? = true;
        }
        seen.iter()
            .all(|s| *s)
            .then_some(Signature { mins, shingles })
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }

    /// Whether the two articles are copies of one story (see the module doc).
    pub fn is_copy_of(&self, other: &Signature) -> bool {
        let j = self.similarity(other);
        if j >= SIMILAR {
            return true;
        }
        // |A ∩ B| = J (|A| + |B|) / (1 + J); containment divides it by the smaller set.
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let contained = j * (a + b) / (1.0 + j) / a.min(b).max(1.0);
        j >= CONTAINED_SIMILAR && contained >= CONTAINED
    }
}

/// Groups of copies among `articles` (id and signature): each group sorted, groups sorted by
/// their first id; articles without copies are in no group.
pub fn find_groups(articles: &[(String, Signature)]) -> Vec<Vec<String>> {
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(parent: &mut [usize], mut n: usize) -> usize {
        while parent[n] != n {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        n
    }
    // One band at a time, its buckets found by sorting (band value, article) pairs: memory
    // stays one entry per article rather than one map entry per article and band, which at
    // the end of a large run cost more than the rest of the grouping. The groups do not
    // depend on the order pairs are tried in: they are the connected copies.
    let mut keyed: Vec<([u32; ROWS], usize)> = Vec::with_capacity(articles.len());
    let mut members: Vec<usize> = Vec::new();
    for band in 0..BANDS {
        keyed.clear();
        for (n, (_, sig)) in articles.iter().enumerate() {
            let mut key = [0u32; ROWS];
            key.copy_from_slice(&sig.mins[band * ROWS..band * ROWS + ROWS]);
            keyed.push((key, n));
        }
        keyed.sort_unstable();
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() < 2 || bucket.len() > MAX_BUCKET {
                continue;
            }
            members.clear();
            members.extend(bucket.iter().map(|&(_, n)| n));
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    if ra != rb && articles[a].1.is_copy_of(&articles[b].1) {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<String>> = HashMap::new();
    for (n, (id, _)) in articles.iter().enumerate() {
        let r = root(&mut parent, n);
        groups.entry(r).or_default().push(id.clone());
    }
    let mut groups: Vec<Vec<String>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort();
    }
    groups.sort();
    groups
}

/// Word-set similarity of two passages, to tell the copy of a passage from another passage of
/// the same story.
pub fn same_passage(a: &str, b: &str) -> bool {
    let words = |text: &str| -> std::collections::HashSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let shared = a.intersection(&b).count();
    let union = a.len() + b.len() - shared;
    union > 0 && shared as f64 / union as f64 >= 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<(String, String)> {
        let text = include_str!("../tests/fixtures/duplicates/allsides-pairs.jsonl");
        text.lines()
            .map(|line| {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["body"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// The signature computed the plain way: words by `char::is_alphanumeric`, shingles
    /// sorted and deduplicated. [`Signature::of`] must agree with it exactly, since
    /// signatures already in an index are compared with new ones.
    fn reference_signature(body: &str) -> Option<Signature> {
        let words: Vec<u64> = body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| xxh3_64(w.to_lowercase().as_bytes()))
            .collect();
        let mut shingles: Vec<u64> = words
            .windows(SHINGLE)
            .map(|w| {
                mix(w.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &word| {
                    (h.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                }))
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        if shingles.len() < MIN_SHINGLES {
            return None;
        }
        let mut mins = [u32::MAX; HASHES];
        for &h in &shingles {
            let bin = (h >> (64 - HASHES.trailing_zeros())) as usize;
            mins[bin] = mins[bin].min(h as u32);
        }
        densify(&mut mins);
        Some(Signature {
            mins,
            shingles: shingles.len() as u32,
        })
    }

    #[test]
    fn signatures_equal_the_plain_computation() {
        let mut bodies: Vec<String> = fixture().into_iter().map(|(_, body)| body).collect();
        // Non-ASCII letters, digits and marks inside and between words, repeated shingles.
        bodies.push("Zürich's Ölmarkt — “Straße” 2024: naïve café, déjà vu; ".repeat(12));
        bodies
            .push("Président Macron a déclaré à Paris: « la réforme est nécessaire ». ".repeat(6));
        bodies.push("one two three four five six seven ".repeat(20));
        bodies.push("ΑΘΗΝΑ Ο πρωθυπουργός είπε ότι η χώρα ١٢٣ 東京 は 2025 年".repeat(9));
        for body in &bodies {
            assert_eq!(Signature::of(body), reference_signature(body), "{body:.60}");
        }
        assert!(
            Signature::of(&bodies[bodies.len() - 2]).is_none(),
            "7 distinct shingles"
        );
    }

    #[test]
    fn copies_merge_and_near_misses_do_not() {
        let articles: Vec<(String, Signature)> = fixture()
            .into_iter()
            .map(|(id, body)| (id, Signature::of(&body).unwrap()))
            .collect();
        let groups = find_groups(&articles);
        assert_eq!(
            groups,
            [
                // The same op-ed in the Louisville Courier-Journal and USA TODAY.
                vec!["allsides-OwN5m6aTzodMK8Xa", "allsides-v9aR4HZQOPviqqr8"],
                // A Politico story and its longer version (the short one is wholly contained).
                vec!["allsides-Qq9gqgbYcWifcKg3", "allsides-UF340J8HN9PeKKIJ"],
                // Reuters' story and its update an hour later.
                vec!["allsides-bNFvN0lGy1AbyeM3", "allsides-hSvdkWfp380aDTo6"],
            ]
            .map(|g| g.into_iter().map(String::from).collect::<Vec<_>>())
        );
        // Vox's explainer before and after the impeachment vote: rewritten, not copied.
        let vox: Vec<&Signature> = articles
            .iter()
            .filter(|(id, _)| id.starts_with("allsides-JmBB") || id.starts_with("allsides-iR9E"))
            .map(|(_, s)| s)
            .collect();
        assert!(!vox[0].is_copy_of(vox[1]), "{}", vox[0].similarity(vox[1]));
    }

    #[test]
    fn signatures_survive_the_index_in_any_order_and_short_texts_have_none() {
        let (_, body) = &fixture()[0];
        let sig = Signature::of(body).unwrap();
        let mut values: Vec<u64> = sig.to_values().collect();
        values.reverse();
        assert_eq!(Signature::from_values(&values), Some(sig.clone()));
        assert_eq!(Signature::from_values(&values[1..]), None);
        assert_eq!(
            sig.similarity(&Signature::of(&body.to_uppercase()).unwrap()),
            1.0
        );
        assert_eq!(
            Signature::of("Peskov said the Kremlin was studying it."),
            None
        );
    }

    #[test]
    fn a_passage_and_its_copy_are_the_same_passage_and_its_neighbour_is_not() {
        let a = "Hong Kong leader Carrie Lam on Wednesday withdrew the extradition bill.";
        let b = "Hong Kong leader Carrie Lam withdrew the extradition bill on Wednesday, officials said.";
        let c = "Protesters said the concession came too late and vowed to keep marching.";
        assert!(same_passage(a, b));
        assert!(!same_passage(a, c));
    }
}
