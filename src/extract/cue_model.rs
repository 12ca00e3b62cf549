//! Learned cue words: the words outside quotation marks that attribute speech or a stance
//! beyond the listed speech verbs ("Sanders *vowed* to …", "voters *are skeptical of* …").
//!
//! PolNeAR annotates thousands of different cue words, most of them ambiguous on their own
//! ("support", "called", "showed"): a word list either misses them or fires on every
//! occurrence. A logistic regression over hashed features of the word, its neighbours and
//! the entity before it decides per occurrence. It is trained on the PolNeAR train split by
//! `newsdex train-cues` and ships as `src/extract/data/cue.model`, compiled into the binary.
//! The speaker rules treat a word it accepts like a listed broad cue: it needs a subject
//! before it, and its content is the rest of the clause.

use std::sync::LazyLock;

use super::entity::tagger::bucket;
use super::entity::tagger::features::{hash_lower, mix};
use super::{Entity, EntityKind, Span};
use crate::text::words::pieces_folded;

/// Hashed features of one candidate word.
pub const FEATURES: usize = 14;

/// The features of one candidate word.
pub type Features = [u64; FEATURES];

/// One token of a sentence, as the model reads it: a piece of the text layer
/// ([`crate::text::words::pieces`]: a word with inner apostrophes, or one mark) and its hash.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub span: Span,
    /// `hash_lower` of the token's text.
    hash: u64,
    upper: bool,
    /// A word opening with an ASCII lower-case letter and made of ASCII only: what the
    /// speaker rules may take for a learned cue.
    pub ascii_lower_word: bool,
}

/// `hash_lower`'s starting state, for ASCII pieces hashed byte by byte.
const HASH_START: u64 = 0x2545_f491_4f6c_dd1d;

/// The tokens of `text`, whose first byte is at `offset` in the body, into `out` (cleared).
pub fn tokens(text: &str, offset: usize, out: &mut Vec<Token>) {
    out.clear();
    // `hash_lower` of each piece: an ASCII one (nearly every one) is folded as it is read.
    let fold = |h, b: u8| mix(h, u64::from(b));
    pieces_folded(text, offset, HASH_START, fold, |piece, folded| {
        let hash = folded.unwrap_or_else(|| {
            let (start, end) = (piece.span.start - offset, piece.span.end - offset);
            hash_lower(text.get(start..end).unwrap_or(""))
        });
        out.push(Token {
            span: piece.span,
            hash,
            upper: piece.upper,
            ascii_lower_word: piece.ascii_lower_word,
        });
    });
}

/// What names the likely subject of token `i`: the kind of an entity ending at most three
/// tokens before it in the sentence (0 when none does).
pub fn subject_kind(tokens: &[Token], i: usize, entities: &[Entity]) -> u64 {
    let Some(from) = i.checked_sub(4).map_or(tokens.first(), |k| tokens.get(k)) else {
        return 0;
    };
    let Some(here) = tokens.get(i) else {
        return 0;
    };
    // Entities are in body order: the last one ending before the word.
    let at = entities.partition_point(|e| e.span.end <= here.span.start);
    match at.checked_sub(1).and_then(|k| entities.get(k)) {
        Some(e) if e.span.end >= from.span.start => match e.kind {
            EntityKind::Person => 1,
            EntityKind::Organization => 2,
            EntityKind::Location => 3,
            EntityKind::Misc => 4,
        },
        _ => 0,
    }
}

/// The features of token `i`: the word, its neighbours two either side, the pairs it makes
/// with the next and previous word, its last three letters, whether a capitalised word comes
/// before it, where it sits in the sentence, and the entity before it.
pub fn features(body: &str, tokens: &[Token], i: usize, subject: u64) -> Features {
    const NONE: u64 = 0x5eed;
    let h = |k: Option<usize>| k.and_then(|k| tokens.get(k)).map_or(NONE, |t| t.hash);
    let (w, p, n) = (h(Some(i)), h(i.checked_sub(1)), h(Some(i + 1)));
    let (p2, n2) = (h(i.checked_sub(2)), h(Some(i + 2)));
    let suffix = tokens.get(i).map_or(NONE, |t| {
        let word = body.get(t.span.start..t.span.end).unwrap_or("");
        let tail = word.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
        hash_lower(&word[tail..])
    });
    let prev_upper = i
        .checked_sub(1)
        .and_then(|k| tokens.get(k))
        .is_some_and(|t| t.upper);
    let left = i.min(5) as u64;
    let right = tokens.len().saturating_sub(i + 1).min(5) as u64;
    [
        mix(1, 0),
        mix(2, w),
        mix(3, p),
        mix(4, n),
        mix(mix(5, p), w),
        mix(mix(6, w), n),
        mix(7, p2),
        mix(8, n2),
        mix(9, suffix),
        mix(10, u64::from(prev_upper)),
        mix(11, left),
        mix(12, right),
        mix(13, subject),
        mix(mix(14, subject), w),
    ]
}

/// A trained model: one weight per hashed feature bucket and the score a cue must reach.
#[derive(Debug, Clone, PartialEq)]
pub struct CueModel {
    bits: u32,
    /// Log-odds a word's score must reach to be a cue.
    threshold: f32,
    weights: Vec<f32>,
}

const MAGIC: &[u8; 8] = b"NDXCUE1\n";

impl CueModel {
    /// The log-odds that a word with these features is a cue.
    pub fn score(&self, features: &Features) -> f32 {
        features
            .iter()
            .map(|&f| self.weights[bucket(f, self.bits)])
            .sum()
    }

    pub fn accepts(&self, features: &Features) -> bool {
        self.score(features) >= self.threshold
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 4 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The model in `bytes`, or `None` when they are not one `to_bytes` wrote.
    pub fn from_bytes(bytes: &[u8]) -> Option<CueModel> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let word = |k: usize| -> Option<[u8; 4]> { rest.get(4 * k..4 * k + 4)?.try_into().ok() };
        let bits = u32::from_le_bytes(word(0)?);
        if !(8..=24).contains(&bits) {
            return None;
        }
        let threshold = f32::from_le_bytes(word(1)?);
        let body = &rest[8..];
        if body.len() != 4 << bits || !threshold.is_finite() {
            return None;
        }
        let weights: Vec<f32> = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        weights.iter().all(|w| w.is_finite()).then_some(CueModel {
            bits,
            threshold,
            weights,
        })
    }
}

static MODEL: LazyLock<Option<CueModel>> =
    LazyLock::new(|| CueModel::from_bytes(include_bytes!("data/cue.model")));

/// The shipped model (`None` only if the file compiled in is not a model).
pub fn model() -> Option<&'static CueModel> {
    MODEL.as_ref()
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the weight buckets.
    pub bits: u32,
    /// Probability a word must reach to be a cue.
    pub threshold: f32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 6,
            seed: 1,
            bits: 18,
            threshold: 0.3,
        }
    }
}

/// Logistic regression by stochastic gradient descent over `rows` (features, is a cue), in a
/// seeded order: the same rows and settings give the same weights. The model keeps the
/// average of the weights over all updates, not the last ones: the last depend on which
/// sentences happened to come last, the average barely on the order.
pub fn train(rows: &[(Features, bool)], config: &TrainConfig) -> CueModel {
    let bits = config.bits.clamp(8, 24);
    let mut weights = vec![0f32; 1 << bits];
    // Σ step × change per weight: the average is `weights - steps_sum / steps`.
    let mut steps_sum = vec![0f64; 1 << bits];
    let mut step = 1f64;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = super::entity::tagger::train::Rng(config.seed);
    for epoch in 0..config.epochs {
        rng.shuffle(&mut order);
        let rate = 0.2 / (1.0 + epoch as f32);
        for &k in &order {
            let (features, cue) = &rows[k];
            let buckets = features.map(|f| bucket(f, bits));
            let score: f32 = buckets.iter().map(|&b| weights[b]).sum();
            let p = 1.0 / (1.0 + (-score).exp());
            let change = -rate * (p - if *cue { 1.0 } else { 0.0 });
            for &b in &buckets {
                weights[b] += change;
                steps_sum[b] += step * f64::from(change);
            }
            step += 1.0;
        }
    }
    let averaged = weights
        .iter()
        .zip(&steps_sum)
        .map(|(&w, &u)| (f64::from(w) - u / step) as f32)
        .collect();
    let p = config.threshold.clamp(0.01, 0.99);
    CueModel {
        bits,
        threshold: (p / (1.0 - p)).ln(),
        weights: averaged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_text_layers_pieces_with_their_hashes() {
        // ASCII pieces, pieces read by chars ("He’s", "Zelénskyy's", "—") and a body offset.
        let text = "He’s “not” sure, O'Brien said. Zelénskyy's — café\u{b}x";
        let offset = 3;
        let mut toks = Vec::new();
        tokens(text, offset, &mut toks);
        let mut pieces = Vec::new();
        crate::text::words::pieces(text, offset, |p| pieces.push(p));
        assert_eq!(toks.len(), pieces.len());
        for (t, p) in toks.iter().zip(&pieces) {
            let word = &text[p.span.start - offset..p.span.end - offset];
            let flags = (t.span, t.upper, t.ascii_lower_word);
            assert_eq!(flags, (p.span, p.upper, p.ascii_lower_word), "{word}");
            // Folded as it is read on the ASCII path, by chars on the other: `hash_lower`.
            assert_eq!(t.hash, hash_lower(word), "{word}");
        }
    }

    #[test]
    fn model_round_trips_and_corrupt_bytes_are_refused() {
        let text = "Officials said the plan would fail";
        let mut toks = Vec::new();
        tokens(text, 0, &mut toks);
        let rows: Vec<(Features, bool)> = (0..50u64)
            .map(|i| (features(text, &toks, (i % 5) as usize, i % 2), i % 5 == 1))
            .collect();
        let model = train(
            &rows,
            &TrainConfig {
                bits: 10,
                ..TrainConfig::default()
            },
        );
        let bytes = model.to_bytes();
        assert_eq!(CueModel::from_bytes(&bytes), Some(model.clone()));
        assert_eq!(CueModel::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(CueModel::from_bytes(b"NDXCUE1\n"), None);
        assert_eq!(CueModel::from_bytes(b""), None);
        // What it learned: "said" (token 1) is the cue of that sentence.
        assert!(model.accepts(&features(text, &toks, 1, 0)));
        assert!(!model.accepts(&features(text, &toks, 3, 0)));
    }

    #[test]
    fn the_shipped_model_loads() {
        assert!(model().is_some());
    }
}
