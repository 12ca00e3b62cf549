//! The static features' weight sums per token, worked out only for the tokens the tagger
//! scores (most are skipped: see [`super::skips`]), and shared by both passes.
//!
//! The sum splits in two: the features of the word alone ([`features::word_features`]),
//! which a per-thread cache keeps per word and weight table (news repeats its names), and
//! those of the context, summed afresh. The word's [`WordInfo`] (shapes, classes, word
//! lists) is likewise worked out only for scored tokens and their neighbours, and cached.

use std::cell::RefCell;

use super::features::{self, TokInfo, WordInfo, F_ASCII, F_INIT_CAP, F_PLAIN};
use super::{Weights, NT};
use crate::text::token::Token;

/// Cache slots (direct-mapped, by the top bits of the word's hash): enough for the names of
/// a stretch of news, small enough to stay in the core's cache.
const SLOTS_BITS: u32 = 14;

#[derive(Clone, Copy)]
struct Slot {
    info: WordInfo,
    /// Id of the weights `sums` come from ([`Weights::id`]); 0 when there are none.
    weights: u64,
    sums: [i32; 2 * NT],
}

const EMPTY: Slot = Slot {
    info: WordInfo {
        shape: 0,
        short: 0,
        cls: [0; 3],
        lex: 0,
    },
    weights: 0,
    sums: [0; 2 * NT],
};

/// Per-word [`WordInfo`] and word-feature sums, keyed by the word's exact hash. Only ASCII
/// words go in: their exact hash is the word itself for all practical purposes (other words
/// fold `’` into `'`, which the word lists do not).
/// The keys (exact hashes, 0 for an empty slot) are apart from the slots, so that a miss
/// costs a look at a small array only.
pub struct WordCache {
    keys: Vec<u64>,
    slots: Vec<Slot>,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            keys: vec![0; 1 << SLOTS_BITS],
            slots: vec![EMPTY; 1 << SLOTS_BITS],
        }
    }
}

impl WordCache {
    #[inline]
    fn at(&self, key: u64) -> usize {
        // Below the length by construction; the modulo keeps indexing panic-free anyway.
        (key >> (64 - SLOTS_BITS)) as usize % self.keys.len().max(1)
    }

    /// The slot of `key`, if it holds that key.
    #[inline]
    fn get(&self, key: u64) -> Option<&Slot> {
        let at = self.at(key);
        (self.keys.get(at) == Some(&key))
            .then(|| self.slots.get(at))
            .flatten()
    }

    #[inline]
    fn put(&mut self, key: u64, slot: Slot) {
        let at = self.at(key);
        if let (Some(k), Some(s)) = (self.keys.get_mut(at), self.slots.get_mut(at)) {
            *k = key;
            *s = slot;
        }
    }
}

thread_local! {
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// Runs `f` with this thread's word cache.
pub fn with_cache<R>(f: impl FnOnce(&mut WordCache) -> R) -> R {
    CACHE.with(|c| match c.try_borrow_mut() {
        Ok(mut c) => f(&mut c),
        Err(_) => f(&mut WordCache::default()),
    })
}

/// Static sums per token (`w.width` columns), computed on first use.
pub struct Statics<'a> {
    text: &'a str,
    tokens: &'a [Token],
    cache: Option<&'a mut WordCache>,
    width: usize,
    scores: Vec<i32>,
    done: Vec<bool>,
    words: Vec<WordInfo>,
    known: Vec<bool>,
    feats: Vec<u64>,
    idx: Vec<usize>,
    pending: Vec<Pending>,
    /// Per word id ([`TokInfo::ty`]), the sums of its [`features::mention_features`], which
    /// every capitalised mention of the word shares; filled in on first use.
    mentions: Vec<Option<[i32; 2 * NT]>>,
}

impl<'a> Statics<'a> {
    pub fn new(
        w: &Weights,
        text: &'a str,
        tokens: &'a [Token],
        cache: Option<&'a mut WordCache>,
    ) -> Statics<'a> {
        let n = tokens.len();
        Statics {
            text,
            tokens,
            cache,
            width: w.width.min(2 * NT),
            scores: vec![0; n * w.width.min(2 * NT)],
            done: vec![false; n],
            words: vec![WordInfo::default(); n],
            known: vec![false; n],
            feats: Vec::with_capacity(64),
            idx: Vec::with_capacity(64),
            pending: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn word(&self, i: usize) -> &'a str {
        let span = self.tokens[i].span;
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Makes sure `words[j]` is filled in.
    fn know(&mut self, infos: &[TokInfo], j: usize) {
        if self.known[j] {
            return;
        }
        self.known[j] = true;
        let tok = &infos[j];
        let cacheable = tok.flags & F_ASCII != 0 && tok.exact != 0;
        if cacheable {
            if let Some(slot) = self.cache.as_deref().and_then(|c| c.get(tok.exact)) {
                self.words[j] = slot.info;
                return;
            }
        }
        let info = features::word_info(self.word(j), tok.lower);
        self.words[j] = info;
        if cacheable {
            if let Some(cache) = self.cache.as_deref_mut() {
                cache.put(tok.exact, Slot { info, ..EMPTY });
            }
        }
    }

    /// Works out the sums of every token of the sentence `[s, e)` that is sure to be scored
    /// (all but plain words: see [`super::skips`]) in one go: the rows of all are located
    /// before any is summed, so their loads from memory overlap.
    pub fn prepare(&mut self, w: &Weights, infos: &[TokInfo], s: usize, e: usize) {
        self.idx.clear();
        self.pending.clear();
        for i in s..e {
            if self.done[i] || infos[i].flags & F_PLAIN != 0 {
                continue;
            }
            self.start(w, infos, s, e, i);
        }
        self.finish(w);
    }

    /// The short shape of token `i` and its static sums (both passes' columns).
    pub fn get(
        &mut self,
        w: &Weights,
        infos: &[TokInfo],
        s: usize,
        e: usize,
        i: usize,
    ) -> (u64, &[i32]) {
        if !self.done[i] {
            self.idx.clear();
            self.pending.clear();
            self.start(w, infos, s, e, i);
            self.finish(w);
        }
        let row = i * self.width..(i + 1) * self.width;
        (self.words[i].short, &self.scores[row])
    }

    /// Locates the rows token `i` needs (its word's from the cache when there), for
    /// [`Statics::finish`] to sum.
    fn start(&mut self, w: &Weights, infos: &[TokInfo], s: usize, e: usize, i: usize) {
        self.done[i] = true;
        // Context features read shapes one word either side, classes two words either side,
        // and word-list flags up to three words on, which only capitalised words have.
        for j in i.saturating_sub(2).max(s)..(i + 4).min(e) {
            if j <= i + 2 || infos[j].flags & F_INIT_CAP != 0 {
                self.know(infos, j);
            }
        }
        let tok = &infos[i];
        let cacheable = tok.flags & F_ASCII != 0 && tok.exact != 0;
        let hit = match self.cache.as_deref() {
            Some(cache) if cacheable => cache
                .get(tok.exact)
                .filter(|slot| slot.weights == w.id)
                .map(|slot| slot.sums),
            _ => None,
        };
        let width = self.width;
        let at = self.idx.len();
        let own = match hit {
            Some(sums) => {
                self.scores[i * width..(i + 1) * width].copy_from_slice(&sums[..width]);
                0
            }
            None => {
                self.feats.clear();
                let word = self.word(i);
                features::word_features(word, tok, &self.words[i], &mut self.feats);
                w.locate(&self.feats, &mut self.idx);
                self.idx.len() - at
            }
        };
        self.feats.clear();
        features::context_features(infos, &self.words, s, e, i, &mut self.feats);
        w.locate(&self.feats, &mut self.idx);
        let mentions = self.mention_sums(w, infos, i);
        self.pending.push(Pending {
            token: i,
            at,
            own,
            end: self.idx.len(),
            cacheable: cacheable && hit.is_none(),
            key: tok.exact,
            mentions,
        });
    }

    /// The sums of token `i`'s [`features::mention_features`] (none for a word in lower
    /// case), worked out for the first mention of its word and kept for the others.
    fn mention_sums(&mut self, w: &Weights, infos: &[TokInfo], i: usize) -> Option<[i32; 2 * NT]> {
        if infos[i].flags & F_INIT_CAP == 0 {
            return None;
        }
        let ty = infos[i].ty as usize;
        if self.mentions.len() <= ty {
            self.mentions.resize(ty + 1, None);
        }
        if let Some(sums) = self.mentions[ty] {
            return Some(sums);
        }
        self.feats.clear();
        features::mention_features(infos, i, &mut self.feats);
        let mut idx = Vec::with_capacity(self.feats.len());
        w.locate(&self.feats, &mut idx);
        let mut sums = [0i32; 2 * NT];
        w.add_rows(&idx, &mut sums[..self.width]);
        self.mentions[ty] = Some(sums);
        Some(sums)
    }

    /// Sums the rows located by [`Statics::start`].
    fn finish(&mut self, w: &Weights) {
        let width = self.width;
        for p in &self.pending {
            let scores = &mut self.scores[p.token * width..(p.token + 1) * width];
            if p.own > 0 {
                let mut sums = [0i32; 2 * NT];
                w.add_rows(&self.idx[p.at..p.at + p.own], &mut sums[..width]);
                scores.copy_from_slice(&sums[..width]);
                if let Some(cache) = self.cache.as_deref_mut().filter(|_| p.cacheable) {
                    let slot = Slot {
                        info: self.words[p.token],
                        weights: w.id,
                        sums,
                    };
                    cache.put(p.key, slot);
                }
            }
            w.add_rows(&self.idx[p.at + p.own..p.end], scores);
            if let Some(sums) = &p.mentions {
                for (s, m) in scores.iter_mut().zip(sums) {
                    *s += m;
                }
            }
        }
    }
}

/// A token whose rows [`Statics::start`] located: `idx[at..at + own]` are its word's (none
/// when the cache had their sum), `idx[at + own..end]` its context's.
struct Pending {
    token: usize,
    at: usize,
    own: usize,
    end: usize,
    cacheable: bool,
    key: u64,
    /// The sums of the token's mention features, if any.
    mentions: Option<[i32; 2 * NT]>,
}
