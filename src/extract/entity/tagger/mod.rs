//! A learned named-entity tagger: tokens to PER/ORG/LOC/MISC spans, in plain Rust.
//!
//! Two averaged-perceptron passes over BIO tags with hashed features ([`features`]) in
//! flat weight tables. The first pass sees the text only and decodes greedily; the second
//! also sees what the first pass labelled the same word elsewhere in the document, so "Ruch"
//! at a sentence start takes the type "Ruch Chorzow" got in the next line, and decodes with
//! a narrow beam ([`decode_beam`]). The model is
//! trained by `newsdex train-ner` ([`train`]) on CoNLL-2003 and shipped in
//! `src/extract/data/ner.model`, parsed once on first use.
//!
//! Input is any text; output is byte spans on char boundaries, sorted and disjoint. Nothing
//! here panics on input: a missing or corrupt model gives no entities.

pub mod features;
pub mod statics;
pub mod train;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use self::features::TokInfo;
pub use self::statics::Statics;
use super::lexicon;
use crate::extract::{EntityKind, Span};
use crate::text::token::Token;
use crate::text::Doc;

/// Tags: 0 outside, then B and I for each of PER, ORG, LOC, MISC.
pub const NT: usize = 9;
pub const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Misc,
];

fn is_inside(tag: u8) -> bool {
    tag != 0 && tag.is_multiple_of(2)
}

/// Entity type index (1..=4) of a tag, 0 for outside.
pub fn label_of(tag: u8) -> usize {
    (tag as usize).div_ceil(2)
}

/// `I-X` may only follow `B-X` or `I-X`.
#[inline]
fn allowed(prev: u8, tag: u8) -> bool {
    !is_inside(tag) || (prev != 0 && label_of(prev) == label_of(tag))
}

/// Maps a feature hash to its bucket in a table of `2^bits` rows.
#[inline]
pub fn bucket(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// Hashed rows of quantised weights, `width` to a row ([`NT`] for one pass, `2 * NT` for
/// both passes side by side), of which only the non-zero rows are stored. A bitmap over the
/// `2^bits` rows (with a running count per 64 rows) finds a row's place in the dense `rows`;
/// the bitmap stays in cache, and features never seen in training (most rare words) cost
/// no trip to memory. `rows` starts with one zero row that absent features read, so the
/// look-up has no branch to mispredict.
#[derive(Debug, Clone)]
pub struct Weights {
    pub bits: u32,
    /// Tells tables apart for the per-word sums cache ([`statics`]); a clone shares it, as
    /// it shares the rows.
    id: u64,
    width: usize,
    blocks: Vec<Block>,
    rows: Vec<i16>,
    /// Where row 0 starts in `rows`, and how far apart rows are: both passes' rows are
    /// padded to one 64-byte cache line each (a 36-byte row straddles two lines half the
    /// time), a single pass's are packed.
    base: usize,
    stride: usize,
}

/// 64 rows of the bitmap with the count of non-zero rows before them: one cache line
/// holds both.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(align(16))]
struct Block {
    present: u64,
    before: u32,
}

impl PartialEq for Weights {
    fn eq(&self, other: &Weights) -> bool {
        let rows = |w: &Weights| -> Vec<i16> {
            (0..w.rows.len().saturating_sub(w.base) / w.stride.max(1))
                .flat_map(|k| {
                    let at = w.base + k * w.stride;
                    w.rows.get(at..at + w.width).unwrap_or(&[]).to_vec()
                })
                .collect()
        };
        (self.bits, self.width, &self.blocks) == (other.bits, other.width, &other.blocks)
            && rows(self) == rows(other)
    }
}

/// The next [`Weights::id`]; 0 is never given out.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Weights {
    /// Compacts a flat table of `2^bits * NT` weights.
    pub fn from_flat(bits: u32, flat: &[i16]) -> Weights {
        let n = 1usize << bits;
        let mut present = vec![0u64; n.div_ceil(64)];
        let mut rows = vec![0; NT];
        for (r, row) in flat.chunks_exact(NT).enumerate().take(n) {
            if row.iter().any(|x| *x != 0) {
                present[r / 64] |= 1 << (r % 64);
                rows.extend_from_slice(row);
            }
        }
        Weights::from_parts(bits, NT, present, rows)
    }

    /// `rows` packed, `width` to a row.
    fn from_parts(bits: u32, width: usize, present: Vec<u64>, rows: Vec<i16>) -> Weights {
        let mut blocks = Vec::with_capacity(present.len());
        // Row 0 is the shared zero row.
        let mut count = 1u32;
        for &word in &present {
            blocks.push(Block {
                present: word,
                before: count,
            });
            count += word.count_ones();
        }
        let (rows, base, stride) = if width == 2 * NT {
            const LINE: usize = 32;
            let n = rows.len() / width;
            let mut padded: Vec<i16> = Vec::with_capacity(n * LINE + LINE);
            // The vector never grows past its capacity, so its start never moves.
            let base = padded.as_ptr().align_offset(64).min(LINE);
            padded.resize(base, 0);
            for row in rows.chunks_exact(width) {
                padded.extend_from_slice(row);
                padded.resize(padded.len() + LINE - width, 0);
            }
            (padded, base, LINE)
        } else {
            (rows, 0, width)
        };
        Weights {
            bits,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            width,
            blocks,
            rows,
            base,
            stride,
        }
    }

    /// Both passes side by side: row r holds pass one's then pass two's weights.
    fn joint(a: &Weights, b: &Weights) -> Weights {
        let mut present = Vec::with_capacity(a.blocks.len());
        let mut rows = vec![0; 2 * NT];
        for (i, (wa, wb)) in a.blocks.iter().zip(&b.blocks).enumerate() {
            let mut bits = wa.present | wb.present;
            present.push(bits);
            while bits != 0 {
                let r = i * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let ra = a.index(r);
                let rb = b.index(r);
                rows.extend_from_slice(&a.rows[ra * NT..ra * NT + NT]);
                rows.extend_from_slice(&b.rows[rb * NT..rb * NT + NT]);
            }
        }
        Weights::from_parts(a.bits, 2 * NT, present, rows)
    }

    /// Index into `rows` (in rows) of hashed row `r`; 0 (the zero row) when absent.
    #[inline]
    fn index(&self, r: usize) -> usize {
        let Some(&Block {
            present: word,
            before,
        }) = self.blocks.get(r / 64)
        else {
            return 0;
        };
        let bit = 1u64 << (r % 64);
        let k = before as usize + (word & (bit - 1)).count_ones() as usize;
        if word & bit == 0 {
            0
        } else {
            k
        }
    }

    /// Adds the rows of `feats` (columns `col..col + NT`) to `scores`.
    #[inline]
    fn add(&self, feats: &[u64], col: usize, scores: &mut [i32; NT]) {
        // Located first, a chunk at a time, so the rows' loads overlap.
        for chunk in feats.chunks(16) {
            let mut at = [0usize; 16];
            for (a, &h) in at.iter_mut().zip(chunk) {
                *a = self.base + self.index(bucket(h, self.bits)) * self.stride + col;
                prefetch(self.rows.get(*a));
            }
            for &a in &at[..chunk.len()] {
                if let Some(row) = self.rows.get(a..a + NT) {
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += i32::from(*w);
                    }
                }
            }
        }
    }

    /// Appends where the rows of `feats` start in `rows`, and asks the CPU to start loading
    /// them: the table is larger than the caches, and the sums that follow need them all.
    #[inline]
    fn locate(&self, feats: &[u64], idx: &mut Vec<usize>) {
        for &h in feats {
            let at = self.base + self.index(bucket(h, self.bits)) * self.stride;
            prefetch(self.rows.get(at));
            idx.push(at);
        }
    }

    /// Adds the rows starting at `idx` (from [`Weights::locate`]) to `scores`.
    #[inline]
    fn add_rows(&self, idx: &[usize], scores: &mut [i32]) {
        for &at in idx {
            if let Some(row) = self.rows.get(at..at + self.width) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += i32::from(*w);
                }
            }
        }
    }
}

/// A hint to load `x`'s cache line; nothing where the target has no such hint.
#[inline(always)]
fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        // SAFETY: a prefetch never faults and changes no state the program can observe;
        // the pointer comes from a reference anyway.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                (x as *const T).cast::<i8>(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Both passes of a trained model.
#[derive(Debug, Clone)]
pub struct Model {
    pub first: Weights,
    pub second: Weights,
    /// Both passes in one table, for tagging (built from the two).
    joint: Weights,
}

/// Models are equal when their passes are (`joint` is built from them).
impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.first == other.first && self.second == other.second
    }
}

const MAGIC: &[u8; 8] = b"NDXNER01";

impl Model {
    pub fn new(first: Weights, second: Weights) -> Model {
        let joint = Weights::joint(&first, &second);
        Model {
            first,
            second,
            joint,
        }
    }

    /// Serialises as: magic, then per pass `bits` (u8), non-zero row count (u32 LE), and each
    /// non-zero row as a varint gap from the previous row index plus [`NT`] i16 LE weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for w in [&self.first, &self.second] {
            out.push(w.bits as u8);
            let n = w.rows.len() / NT - 1;
            out.extend_from_slice(&(n as u32).to_le_bytes());
            let mut last = 0;
            let mut k = 1;
            for (i, block) in w.blocks.iter().enumerate() {
                let mut bits = block.present;
                while bits != 0 {
                    let r = i * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let mut gap = r - last;
                    last = r;
                    loop {
                        let byte = (gap & 0x7f) as u8;
                        gap >>= 7;
                        if gap == 0 {
                            out.push(byte);
                            break;
                        }
                        out.push(byte | 0x80);
                    }
                    for x in &w.rows[k * NT..k * NT + NT] {
                        out.extend_from_slice(&x.to_le_bytes());
                    }
                    k += 1;
                }
            }
        }
        out
    }

    /// Parses [`Model::to_bytes`] output; `None` when the bytes are not a model.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let mut passes = Vec::with_capacity(2);
        for _ in 0..2 {
            let (&bits, r) = rest.split_first()?;
            if !(8..=24).contains(&bits) {
                return None;
            }
            let n = u32::from_le_bytes(r.get(..4)?.try_into().ok()?) as usize;
            rest = &r[4..];
            let size = 1usize << bits;
            let mut present = vec![0u64; size.div_ceil(64)];
            // Each row takes at least 1 + 2 * NT bytes: a bound on what to reserve.
            let mut rows = Vec::with_capacity((n.min(rest.len() / (1 + 2 * NT)) + 1) * NT);
            rows.extend_from_slice(&[0; NT]);
            let mut row = 0usize;
            for k in 0..n {
                let mut gap = 0usize;
                let mut shift = 0;
                loop {
                    let (&b, r) = rest.split_first()?;
                    rest = r;
                    gap |= usize::from(b & 0x7f) << shift;
                    shift += 7;
                    if b & 0x80 == 0 || shift > 28 {
                        break;
                    }
                }
                // Rows are strictly increasing after the first.
                if k > 0 && gap == 0 {
                    return None;
                }
                row += gap;
                if row >= size {
                    return None;
                }
                present[row / 64] |= 1 << (row % 64);
                let src = rest.get(..NT * 2)?;
                rows.extend(
                    src.chunks_exact(2)
                        .map(|s| i16::from_le_bytes([s[0], s[1]])),
                );
                rest = &rest[NT * 2..];
            }
            passes.push(Weights::from_parts(u32::from(bits), NT, present, rows));
        }
        let second = passes.pop()?;
        let first = passes.pop()?;
        (first.bits == second.bits).then(|| Model::new(first, second))
    }
}

/// The shipped model (see `src/commands/train_ner.rs` for the command that made it).
static MODEL: LazyLock<Option<Model>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../data/ner.model")));

/// Whether the shipped model parsed.
pub fn model_loaded() -> bool {
    MODEL.is_some()
}

/// Sentence ranges `[s, e)` over the tokens.
pub fn sentences(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, t) in tokens.iter().enumerate().skip(1) {
        if t.tagger_start {
            out.push((s, i));
            s = i;
        }
    }
    if s < tokens.len() {
        out.push((s, tokens.len()));
    }
    out
}

/// Per word id ([`TokInfo::ty`]), how many of its tokens got each label (outside, then the
/// types).
pub type LabelCounts = Vec<[u16; 5]>;

/// Counts of first-pass labels per word, for the document features; `types` is the number
/// of word ids.
pub fn label_counts(infos: &[TokInfo], tags: &[u8], types: usize) -> LabelCounts {
    let mut counts: LabelCounts = vec![[0; 5]; types];
    for (info, &t) in infos.iter().zip(tags) {
        if let Some(c) = counts.get_mut(info.ty as usize) {
            let slot = &mut c[label_of(t)];
            *slot = slot.saturating_add(1);
        }
    }
    counts
}

/// Whether token `i` is tagged outside without scoring: a lower-case word, a number or
/// punctuation right after an outside tag. Entities almost never start there (37 of the
/// 20,061 PER/ORG/LOC names in CoNLL-2003 train do), and skipping them is most of the
/// tagger's speed. Training applies the same rule, so the model never relies on them.
#[inline]
pub fn skips(info: &TokInfo, prev: u8) -> bool {
    info.flags & features::F_PLAIN != 0 && (prev == 0 || prev as usize >= NT)
}

/// Greedy left-to-right decoding of one pass: columns `col..col + NT` of `w` (with the
/// static sums in `stat`). `doc` carries the first pass's label counts and tags for the
/// second pass.
pub fn decode(
    w: &Weights,
    col: usize,
    stat: &mut Statics,
    infos: &[TokInfo],
    sents: &[(usize, usize)],
    doc: Option<(&LabelCounts, &[u8])>,
) -> Vec<u8> {
    let mut tags = vec![0u8; infos.len()];
    let mut feats: Vec<u64> = Vec::with_capacity(16);
    for &(s, e) in sents {
        stat.prepare(w, infos, s, e);
        let (mut p1, mut p2) = (NT as u8, NT as u8);
        for i in s..e {
            let t = if skips(&infos[i], p1) {
                0
            } else {
                let mut scores = [0i32; NT];
                let (short, st) = stat.get(w, infos, s, e, i);
                if let Some(st) = st.get(col..col + NT) {
                    scores.copy_from_slice(st);
                }
                feats.clear();
                if let Some((counts, first)) = doc {
                    let own = label_of(first[i]);
                    features::document_features(&infos[i], short, counts, own, &mut feats);
                }
                features::dynamic_features(&infos[i], short, p1, p2, &mut feats);
                w.add(&feats, col, &mut scores);
                best_tag(&scores, p1)
            };
            tags[i] = t;
            p2 = p1;
            p1 = t;
        }
    }
    tags
}

/// Histories the second pass keeps per sentence position.
const BEAM: usize = 2;

/// Temperature of the softmax that turns a position's scores into log-probabilities for
/// [`decode_beam`], in units of the quantised weights (the largest is 32767).
const TEMPERATURE: f32 = 1000.0;

/// Histories further than this (in nats) below the best are dropped: most positions then
/// keep one, and the beam costs little more than greedy decoding.
const MARGIN: f32 = 1.0;

/// One history of [`decode_beam`]: summed log-probability, last two tags, and where its
/// last step is in the step store.
#[derive(Clone, Copy)]
struct Hyp {
    score: f32,
    p1: u8,
    p2: u8,
    step: u32,
}

/// The second pass as a beam search: [`BEAM`] histories, one per distinct last two tags,
/// scored by summed log-softmax of each position's scores, so a name whose first word looked
/// like a person can still become "Rotor Volgograd" the club. The perceptron is trained
/// greedily, so scores are normalised per position to be comparable across histories; a
/// skipped word (see [`skips`]) is certain and adds nothing.
pub fn decode_beam(
    w: &Weights,
    col: usize,
    stat: &mut Statics,
    infos: &[TokInfo],
    sents: &[(usize, usize)],
    (counts, first): (&LabelCounts, &[u8]),
) -> Vec<u8> {
    let mut tags = vec![0u8; infos.len()];
    let mut feats: Vec<u64> = Vec::with_capacity(16);
    let mut beam: Vec<Hyp> = Vec::with_capacity(BEAM * NT);
    let mut next: Vec<Hyp> = Vec::with_capacity(BEAM * NT);
    // Steps of all histories of a sentence: (tag, previous step), u32::MAX before the first.
    let mut steps: Vec<(u8, u32)> = Vec::new();
    for &(s, e) in sents {
        beam.clear();
        steps.clear();
        beam.push(Hyp {
            score: 0.0,
            p1: NT as u8,
            p2: NT as u8,
            step: u32::MAX,
        });
        for i in s..e {
            // One history and a word that needs no score: the common case, done in place.
            if let [h] = beam.as_mut_slice() {
                if skips(&infos[i], h.p1) {
                    steps.push((0, h.step));
                    *h = Hyp {
                        score: 0.0,
                        p1: 0,
                        p2: h.p1,
                        step: (steps.len() - 1) as u32,
                    };
                    continue;
                }
            }
            let single = beam.len() == 1;
            next.clear();
            for h in &beam {
                if skips(&infos[i], h.p1) {
                    steps.push((0, h.step));
                    next.push(Hyp {
                        p1: 0,
                        p2: h.p1,
                        step: (steps.len() - 1) as u32,
                        ..*h
                    });
                    continue;
                }
                let mut scores = [0i32; NT];
                let (short, st) = stat.get(w, infos, s, e, i);
                if let Some(st) = st.get(col..col + NT) {
                    scores.copy_from_slice(st);
                }
                feats.clear();
                let own = label_of(first[i]);
                features::document_features(&infos[i], short, counts, own, &mut feats);
                features::dynamic_features(&infos[i], short, h.p1, h.p2, &mut feats);
                w.add(&feats, col, &mut scores);
                let prev = if h.p1 as usize >= NT { 0 } else { h.p1 };
                let top = (0..NT as u8)
                    .filter(|&t| allowed(prev, t))
                    .map(|t| scores[t as usize])
                    .max()
                    .unwrap_or(0);
                // One history whose best tag leaves every other more than the margin
                // behind: the beam stays one history, as greedy decoding would.
                if single {
                    let best = best_tag(&scores, h.p1);
                    let close = (0..NT as u8).any(|t| {
                        t != best
                            && allowed(prev, t)
                            && (scores[t as usize] - top) as f32 >= -MARGIN * TEMPERATURE
                    });
                    if !close {
                        steps.push((best, h.step));
                        next.push(Hyp {
                            score: 0.0,
                            p1: best,
                            p2: h.p1,
                            step: (steps.len() - 1) as u32,
                        });
                        continue;
                    }
                }
                let rel = |t: u8| (scores[t as usize] - top) as f32 / TEMPERATURE;
                // With one history the normaliser is common to all candidates: skip it.
                let log_z = if single {
                    0.0
                } else {
                    (0..NT as u8)
                        .filter(|&t| allowed(prev, t))
                        .map(|t| rel(t).exp())
                        .sum::<f32>()
                        .ln()
                };
                for t in (0..NT as u8).filter(|&t| allowed(prev, t)) {
                    steps.push((t, h.step));
                    next.push(Hyp {
                        score: h.score + rel(t) - log_z,
                        p1: t,
                        p2: h.p1,
                        step: (steps.len() - 1) as u32,
                    });
                }
            }
            // Best first, ties by tags (determinism); one history per pair of last tags.
            next.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.p1.cmp(&b.p1))
                    .then(a.p2.cmp(&b.p2))
            });
            beam.clear();
            let floor = next.first().map_or(0.0, |h| h.score) - MARGIN;
            for h in &next {
                if beam.len() == BEAM || h.score < floor {
                    break;
                }
                if !beam.iter().any(|b| b.p1 == h.p1 && b.p2 == h.p2) {
                    beam.push(*h);
                }
            }
        }
        let mut step = beam.first().map_or(u32::MAX, |h| h.step);
        for tag in tags[s..e].iter_mut().rev() {
            let Some(&(t, back)) = steps.get(step as usize) else {
                break;
            };
            *tag = t;
            step = back;
        }
    }
    tags
}

/// The highest-scoring tag allowed after `prev` (lowest index on ties, for determinism).
#[inline]
pub fn best_tag<T: PartialOrd + Copy>(scores: &[T; NT], prev: u8) -> u8 {
    let prev = if prev as usize >= NT { 0 } else { prev };
    let mut best = 0u8;
    for t in 1..NT as u8 {
        if allowed(prev, t) && scores[t as usize] > scores[best as usize] {
            best = t;
        }
    }
    best
}

/// Entity spans from BIO tags: `(first token, end token, kind)`.
pub fn spans_of(tags: &[u8]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if t == 0 {
            i += 1;
            continue;
        }
        let label = label_of(t);
        let mut j = i + 1;
        while j < tags.len() && is_inside(tags[j]) && label_of(tags[j]) == label {
            j += 1;
        }
        out.push((i, j, KINDS[label - 1]));
        i = j;
    }
    out
}

/// Runs both passes of `model` over the tokens of `doc`.
pub fn tag_with(model: &Model, doc: &Doc) -> Vec<(Span, EntityKind)> {
    let text = doc.text();
    let tokens = doc.tokens();
    let (infos, types) = features::token_infos(text, tokens);
    let sents = sentences(tokens);
    let w = &model.joint;
    let mut tags = statics::with_cache(|cache| {
        let mut stat = Statics::new(w, text, tokens, Some(cache));
        let first = decode(w, 0, &mut stat, &infos, &sents, None);
        let counts = label_counts(&infos, &first, types);
        decode_beam(w, NT, &mut stat, &infos, &sents, (&counts, &first))
    });
    let word = |i: usize| &text[tokens[i].span.start..tokens[i].span.end];
    // "Mr. King": a capitalised word after an honorific is a person's name, even one the
    // weights took for a title (14 of 17 such words in CoNLL-2003 train; news has many more).
    for i in 1..tokens.len() {
        let cap =
            |tags: &[u8], j: usize| infos[j].flags & features::F_INIT_CAP != 0 && tags[j] == 0;
        let honorific = !tokens[i].tagger_start
            && tags[i - 1] == 0
            && matches!(
                word(i - 1),
                "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr"
            );
        if !honorific {
            continue;
        }
        // A name the weights typed otherwise ("Mr. McKinley" after a book title) is still
        // a person's: the whole span it opens turns into one.
        if tags[i] != 0 && !is_inside(tags[i]) && label_of(tags[i]) != 1 {
            tags[i] = 1;
            let mut j = i + 1;
            while j < tokens.len() && is_inside(tags[j]) {
                tags[j] = 2;
                j += 1;
            }
            continue;
        }
        if cap(&tags, i) {
            tags[i] = 1;
            let mut j = i + 1;
            while j < tokens.len() && !tokens[j].tagger_start && cap(&tags, j) {
                tags[j] = 2;
                j += 1;
            }
        }
    }
    let mut out = Vec::new();
    let spans = split_coordinated(text, tokens, spans_of(&tags));
    for (n, &(mut a, mut b, mut kind)) in spans.iter().enumerate() {
        // Edges the training data never has but news text invites: capitalised function
        // words opening a sentence ("Despite Trump's claims") and stray punctuation
        // ("Democrats' "). Inside a sentence the capital says the word belongs to the name
        // ("First Union", "the All Blacks", "Will Carling").
        let plain = |k: usize| !word(k).chars().any(char::is_alphanumeric);
        let opens = |a: usize| {
            let mut k = a;
            while k > 0 && !tokens[k].tagger_start {
                k -= 1;
                if !plain(k) && !lexicon::is_stop(word(k)) {
                    return false;
                }
            }
            true
        };
        while a < b && (plain(a) || (lexicon::is_stop(word(a)) && opens(a))) {
            a += 1;
        }
        // A name never ends in a lower-case word ("McAuliffe has" said ...); inside one
        // ("Ludwig van Beethoven") it may stay.
        while b > a
            && (!word(b - 1).chars().any(char::is_alphanumeric)
                || word(b - 1).starts_with(|c: char| c.is_lowercase()))
        {
            b -= 1;
        }
        // American titles the training data lacks make the tagger call the whole run a
        // group or a thing ("Rep. Gwen Moore", "Senate Majority Leader Mitch McConnell"): a
        // title followed by a first name and a surname is a person, without the title.
        if kind != EntityKind::Person {
            if let Some(t) = (a..b).rev().find(|&t| lexicon::is_title(word(t))) {
                // An abbreviated title ("Rep.", "Sen.") is only ever put before a person.
                let capitalised = |j: usize| infos[j].flags & features::F_INIT_CAP != 0;
                if t + 2 < b
                    && (word(t).ends_with('.') || lexicon::is_first_name(word(t + 1)))
                    && (t + 1..b).all(capitalised)
                {
                    a = t + 1;
                    kind = EntityKind::Person;
                } else if t + 2 == b
                    && lexicon::is_first_name(word(t + 1))
                    && b < tokens.len()
                    && tags[b] == 0
                    && !tokens[b].tagger_start
                    && capitalised(b)
                    && word(b).chars().all(char::is_alphabetic)
                {
                    // "House Speaker Paul Ryan" typed as the group "House Speaker Paul" and
                    // the surname left out: the person is the first name and the surname.
                    a = t + 1;
                    b += 1;
                    kind = EntityKind::Person;
                }
            }
        }
        // CoNLL-2003 keeps titles out of person names ("Representative Charles B. Rangel"
        // gives "Charles B. Rangel"), whether the tagger ran them in or tagged the title
        // as a name of its own; a title that is the whole name stays ("Mr. King").
        if kind == EntityKind::Person {
            while a + 1 < b && lexicon::is_title(word(a)) {
                a += 1;
            }
            let next_is_person = spans
                .get(n + 1)
                .is_some_and(|&(s, _, k)| s == b && k == EntityKind::Person);
            if a + 1 == b && next_is_person && lexicon::is_title(word(a)) {
                continue;
            }
        }
        // "RAND Corporation": a name ending in a company word is an organization, whatever
        // the weights thought of the rest.
        let kind = if kind == EntityKind::Misc && b > a && lexicon::is_org_last(word(b - 1)) {
            EntityKind::Organization
        } else {
            kind
        };
        // "R-Ky.", "D-N.C.": a party and state label after a lawmaker's name, no name itself;
        // as a mention it would stand between the lawmaker and the verb of a quote.
        if b == a + 1 && party_label(word(a)) {
            continue;
        }
        if a < b {
            out.push((
                Span::new(tokens[a].span.start, tokens[b - 1].span.end),
                kind,
            ));
        }
    }
    out
}

/// "R-Ky", "D-N.C.", "I-Vt.": a party initial, a hyphen, then a state abbreviation.
fn party_label(word: &str) -> bool {
    let mut parts = word.splitn(2, '-');
    matches!(parts.next(), Some("R" | "D" | "I"))
        && parts.next().is_some_and(|state| {
            let letters = state.chars().filter(char::is_ascii_alphabetic).count();
            state.starts_with(|c: char| c.is_ascii_uppercase())
                && (2..=5).contains(&letters)
                && state.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
        })
}

/// Splits "A and B" into two names of the same type when the article also names A and B
/// apart: "Mercantile and Commerce did not return calls" after "Mercantile" and "Commerce
/// Bancshares" is two banks, where "Securities and Exchange Commission" or "Trinidad and
/// Tobago" never come apart. The tagger often runs coordinated names together, and it
/// cannot see the rest of the article as this check does.
fn split_coordinated(
    text: &str,
    tokens: &[Token],
    spans: Vec<(usize, usize, EntityKind)>,
) -> Vec<(usize, usize, EntityKind)> {
    let word = |i: usize| &text[tokens[i].span.start..tokens[i].span.end];
    let mut out = Vec::with_capacity(spans.len());
    for (a, b, kind) in spans {
        let ands: Vec<usize> = (a + 1..b.saturating_sub(1))
            .filter(|&k| word(k) == "and")
            .collect();
        if let [k] = ands[..] {
            let whole = &text[tokens[a].span.start..tokens[b - 1].span.end];
            let first = &text[tokens[a].span.start..tokens[k - 1].span.end];
            let second = &text[tokens[k + 1].span.start..tokens[b - 1].span.end];
            if named_apart(text, first, whole, true) && named_apart(text, second, whole, false) {
                out.push((a, k, kind));
                out.push((k + 1, b, kind));
                continue;
            }
        }
        out.push((a, b, kind));
    }
    out
}

/// Whether `part`, the start (`leads`) or the end of `whole`, occurs in `text` as words of
/// their own outside every occurrence of `whole`.
fn named_apart(text: &str, part: &str, whole: &str, leads: bool) -> bool {
    let edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    text.match_indices(part).any(|(at, _)| {
        let end = at + part.len();
        let inside = if leads {
            text.get(at..).is_some_and(|rest| rest.starts_with(whole))
        } else {
            end.checked_sub(whole.len())
                .and_then(|start| text.get(start..end))
                .is_some_and(|before| before == whole)
        };
        !inside
            && edge(text.get(..at).and_then(|t| t.chars().next_back()))
            && edge(text.get(end..).and_then(|t| t.chars().next()))
    })
}

/// Entity spans of `doc` from the shipped model (none if it failed to load).
pub fn tag(doc: &Doc) -> Vec<(Span, EntityKind)> {
    match &*MODEL {
        Some(model) => tag_with(model, doc),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny inline training set: news-like sentences with character offsets.
    const TRAIN: &str = r#"{"body": "Angela Merkel visited Paris on Monday.\nSiemens AG said profits rose in Germany.", "entities": [{"type": "PER", "span": [0, 13]}, {"type": "LOC", "span": [22, 27]}, {"type": "ORG", "span": [39, 49]}, {"type": "LOC", "span": [72, 79]}]}
{"body": "Reuters reported that Boris Yeltsin met Bill Clinton in Moscow.", "entities": [{"type": "ORG", "span": [0, 7]}, {"type": "PER", "span": [22, 35]}, {"type": "PER", "span": [40, 52]}, {"type": "LOC", "span": [56, 62]}]}
"#;

    #[test]
    fn training_is_deterministic_and_round_trips() {
        let examples = train::read_jsonl(TRAIN).unwrap();
        assert_eq!(examples.len(), 2);
        assert_eq!(
            &examples[0].text[examples[0].spans[2].0..examples[0].spans[2].1],
            "Siemens AG"
        );
        let cfg = train::Config {
            epochs: 5,
            bits: 12,
            ..train::Config::default()
        };
        let a = train::train(&examples, &cfg, &mut |_| {});
        let b = train::train(&examples, &cfg, &mut |_| {});
        let bytes = a.to_bytes();
        assert_eq!(bytes, b.to_bytes(), "same input and seed, same bytes");
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, a);
        // It learned its own training text.
        let text = "Reuters reported that Boris Yeltsin met Bill Clinton in Moscow.";
        let got: Vec<(&str, EntityKind)> = tag_with(&back, &Doc::new(text))
            .into_iter()
            .map(|(s, k)| (&text[s.start..s.end], k))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Reuters", EntityKind::Organization),
                ("Boris Yeltsin", EntityKind::Person),
                ("Bill Clinton", EntityKind::Person),
                ("Moscow", EntityKind::Location),
            ]
        );
    }

    #[test]
    fn coordinated_names_split_only_when_named_apart() {
        let org = EntityKind::Organization;
        let split = |text: &str, (a, b): (usize, usize)| {
            let tokens = crate::text::token::tokenize(text);
            split_coordinated(text, &tokens, vec![(a, b, org)])
        };
        // Both banks are named on their own elsewhere: two names.
        let text = "Mercantile and Commerce declined. Mercantile rose; Commerce Bancshares fell.";
        assert_eq!(split(text, (0, 3)), vec![(0, 1, org), (2, 3, org)]);
        // "Exchange Commission" only ever comes after "Securities and": one name.
        let text = "The Securities and Exchange Commission and the Securities and Exchange \
                    Commission. Securities rose.";
        assert_eq!(split(text, (1, 5)), vec![(1, 5, org)]);
        // A part inside a longer word is not the part named apart.
        let text = "Shell and Caltex. Shellfish and Caltex.";
        assert_eq!(split(text, (0, 3)), vec![(0, 3, org)]);
    }

    #[test]
    fn corrupt_models_are_refused_not_panicked() {
        for bytes in [
            &b""[..],
            b"NDXNER01",
            b"NDXNER01\x14\xff\xff\xff\xff",
            b"garbage",
        ] {
            assert!(Model::from_bytes(bytes).is_none());
        }
    }
}
