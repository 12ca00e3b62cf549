//! Feature extraction for the tagger: per-token hashes computed once, then feature hashes
//! per position, all as `u64` (no strings on the hot path).
//!
//! A feature is a template id mixed with one or more value hashes; the model maps it to a
//! bucket of its flat weight table. Static features depend on the text only; dynamic ones
//! on the tags already chosen to the left; document features on the first pass's labels.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::extract::entity::lexicon;
use crate::text::token::{self, Token};

/// Multiplier of FxHash: a fast, good-enough mix for already well-spread inputs.
const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(5) ^ b).wrapping_mul(K)
}

/// Hashes the characters of a word, optionally lower-cased; `’` counts as `'`.
#[inline]
fn hash_chars(chars: impl Iterator<Item = char>, lower: bool) -> u64 {
    let mut h = 0x2545_f491_4f6c_dd1d;
    for c in chars {
        let c = if c == '’' { '\'' } else { c };
        if lower && !c.is_ascii() {
            for l in c.to_lowercase() {
                h = mix(h, l as u64);
            }
        } else {
            let l = if lower { c.to_ascii_lowercase() } else { c };
            h = mix(h, l as u64);
        }
    }
    h
}

pub fn hash_lower(word: &str) -> u64 {
    hash_chars(word.chars(), true)
}

/// The identity hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        // The keys' low bits, which pick the map's bucket, depend on the last few characters
        // only (a multiplicative hash mixes upwards): fold the high bits in.
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix(self.0, u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdBuild = BuildHasherDefault<IdHasher>;

/// Lower-cased place names (GeoNames and the project's own list), as hashes of their
/// space-joined words ([`PLACE`]), with the hashes of their first words ([`PLACE_PREFIX`]:
/// a match is extended only while some place goes on); the longest is 4 words.
static PLACES: LazyLock<HashMap<u64, u8, IdBuild>> = LazyLock::new(|| {
    let mut map: HashMap<u64, u8, IdBuild> = HashMap::default();
    for text in [
        include_str!("../../data/geonames_places.txt"),
        include_str!("../../data/places.txt"),
    ] {
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words = token::tokenize(line);
            if words.len() > MAX_GAZ {
                continue;
            }
            let mut h = 0;
            for (n, w) in words.iter().enumerate() {
                h = mix(h, hash_lower(&line[w.span.start..w.span.end]));
                let kind = if n + 1 == words.len() {
                    PLACE
                } else {
                    PLACE_PREFIX
                };
                *map.entry(h).or_default() |= kind;
            }
        }
    }
    map
});

const PLACE: u8 = 1;
const PLACE_PREFIX: u8 = 2;

const MAX_GAZ: usize = 4;

/// Word classes learned from unlabelled news (`scripts/ner_clusters.sh`): per lower-cased
/// word hash, its coarse, middle and fine class, each plus one (0 stays "unknown"). They
/// let the tagger generalise from "Everton" in training to "Bradford" it never saw.
static CLUSTERS: LazyLock<HashMap<u64, [u16; 3], IdBuild>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for line in include_str!("../../data/word_clusters.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((ids, words)) = line.split_once('\t') else {
            continue;
        };
        let mut path = [0u16; 3];
        for (slot, id) in path.iter_mut().zip(ids.split(' ')) {
            *slot = id.parse::<u16>().map_or(0, |x| x.saturating_add(1));
        }
        for w in words.split(' ') {
            map.insert(hash_lower(w), path);
        }
    }
    map
});

/// What is known of one token before tagging, for every token: the cheap part. What the
/// word alone says beyond this ([`WordInfo`]) is worked out only for the few tokens the
/// tagger scores and their neighbours.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    pub lower: u64,
    pub exact: u64,
    /// Dense id of the lower-cased word within the document (for per-word counts).
    pub ty: u32,
    pub flags: u32,
    /// Place gazetteer: 0 none, 1 begins a match, 2 inside one.
    pub gaz: u8,
    /// Place in the run (1 alone, 2 first, 3 inside, 4 last) and its length, at most 5.
    pub run_pos: u8,
    pub run_len: u8,
    /// The run of capitalised words ("&" and "of" inside) this token belongs to: its first
    /// and last word (lower-cased hashes), 0 outside a run.
    pub run_first: u64,
    pub run_last: u64,
    /// The first token of the document with the same lower-cased word, and the next one
    /// after this token (`u32::MAX` when none).
    pub first_same: u32,
    pub next_same: u32,
}

/// What the word alone says: a function of its text only, so it can be cached per word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    pub shape: u64,
    pub short: u64,
    /// Word class path (coarse, middle, fine), 0 when the word has none.
    pub cls: [u16; 3],
    /// Word-list flags ([`F_FIRST_NAME`], [`F_TITLE`], [`F_ORG_LAST`], [`F_DEMONYM`]).
    pub lex: u32,
}

pub const F_INIT_CAP: u32 = 1;
pub const F_ALL_CAPS: u32 = 2;
pub const F_SENT_START: u32 = 4;
pub const F_CAPS_LINE: u32 = 8;
pub const F_FIRST_NAME: u32 = 16;
pub const F_TITLE: u32 = 32;
pub const F_ORG_LAST: u32 = 64;
pub const F_LOWER_ELSEWHERE: u32 = 128;
pub const F_CAP_ELSEWHERE: u32 = 256;
pub const F_DEMONYM: u32 = 512;
/// Starts with a lower-case letter, or is a plain number or punctuation.
pub const F_PLAIN: u32 = 1024;
/// The document is about sport: there "England" is mostly a team (ORG), not the country.
pub const F_SPORT: u32 = 2048;
/// On a line with a number and no lower-case word: a results or standings table row.
pub const F_TABLE: u32 = 4096;
/// The word is all ASCII (so its exact hash can key the word cache). No feature reads it.
pub const F_ASCII: u32 = 8192;
/// Somewhere in the document the word ends a run of two or more capitalised words.
pub const F_RUN_LAST_SEEN: u32 = 16384;
/// Somewhere in the document the word starts a run of two or more capitalised words.
pub const F_RUN_FIRST_SEEN: u32 = 32768;

/// Words that mark a sports report (lower-cased hashes).
static SPORT_WORDS: LazyLock<HashSet<u64, IdBuild>> = LazyLock::new(|| {
    [
        "soccer",
        "football",
        "cricket",
        "rugby",
        "tennis",
        "golf",
        "baseball",
        "basketball",
        "hockey",
        "league",
        "division",
        "innings",
        "wickets",
        "goals",
        "halftime",
        "half-time",
        "standings",
        "scorers",
        "championship",
        "olympic",
        "nba",
        "nhl",
        "nfl",
        "cup",
        "match",
        "striker",
        "goalkeeper",
        "coach",
        "seeded",
        "tournament",
        "season",
        "runs",
        "overs",
        "played",
        "unbeaten",
        "midfielder",
        "touchdown",
        "pitcher",
        "inning",
    ]
    .iter()
    .map(|w| hash_lower(w))
    .collect()
});

/// Lower-cased and exact hashes of a word (as [`hash_chars`] gives them), and whether it is
/// all ASCII.
#[inline]
pub fn word_hashes(word: &str) -> (u64, u64, bool) {
    if word.is_ascii() {
        let (mut lower, mut exact) = (0x2545_f491_4f6c_dd1d, 0x2545_f491_4f6c_dd1d);
        for &b in word.as_bytes() {
            lower = mix(lower, u64::from(b.to_ascii_lowercase()));
            exact = mix(exact, u64::from(b));
        }
        (lower, exact, true)
    } else {
        (
            hash_chars(word.chars(), true),
            hash_chars(word.chars(), false),
            false,
        )
    }
}

/// Flags that need only the word's characters: [`F_PLAIN`], [`F_INIT_CAP`], [`F_ALL_CAPS`].
#[inline]
fn char_flags(word: &str) -> u32 {
    let mut flags = 0;
    let first = word.chars().next().unwrap_or(' ');
    let (letters, upper) = letter_counts(word);
    if first.is_lowercase() || !first.is_alphanumeric() || letters == 0 {
        flags |= F_PLAIN;
    }
    if first.is_uppercase() {
        flags |= F_INIT_CAP;
    }
    if letters > 1 && upper == letters {
        flags |= F_ALL_CAPS;
    }
    flags
}

/// The shapes and word-list flags of `word` (lower-cased hash `lower`).
pub fn word_info(word: &str, lower: u64) -> WordInfo {
    let mut info = WordInfo {
        cls: CLUSTERS.get(&lower).copied().unwrap_or_default(),
        ..WordInfo::default()
    };
    // Shape: X x d and the rest as is; the short shape collapses repeats.
    let (mut shape, mut short) = (0u64, 0u64);
    let (mut last, mut run) = ('\0', 0);
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c == '’' {
            '\''
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 0;
            short = mix(short, s as u64);
        }
        if run < 4 {
            shape = mix(shape, s as u64);
        }
        last = s;
    }
    info.shape = shape;
    info.short = short;
    if word.chars().next().is_some_and(char::is_uppercase) {
        if lexicon::is_first_name(word) {
            info.lex |= F_FIRST_NAME;
        }
        if lexicon::is_title(word) {
            info.lex |= F_TITLE;
        }
        if lexicon::is_org_last(word) {
            info.lex |= F_ORG_LAST;
        }
        if lexicon::is_demonym(word) {
            info.lex |= F_DEMONYM;
        }
    }
    info
}

/// [`word_info`] of every token (training looks at them all).
pub fn word_infos(text: &str, tokens: &[Token], infos: &[TokInfo]) -> Vec<WordInfo> {
    tokens
        .iter()
        .zip(infos)
        .map(|(t, info)| word_info(&text[t.span.start..t.span.end], info.lower))
        .collect()
}

/// Per-token information for a whole text; `infos[i]` belongs to `tokens[i]`. Also gives the
/// number of distinct lower-cased words (the range of [`TokInfo::ty`]).
pub fn token_infos(text: &str, tokens: &[Token]) -> (Vec<TokInfo>, usize) {
    thread_local! {
        /// Lower-cased word to its id, kept between documents for its capacity.
        static TYPES: std::cell::RefCell<HashMap<u64, u32, IdBuild>> =
            std::cell::RefCell::new(HashMap::default());
    }
    TYPES.with(|types| match types.try_borrow_mut() {
        Ok(mut types) => token_infos_with(text, tokens, &mut types),
        Err(_) => token_infos_with(text, tokens, &mut HashMap::default()),
    })
}

fn token_infos_with(
    text: &str,
    tokens: &[Token],
    types: &mut HashMap<u64, u32, IdBuild>,
) -> (Vec<TokInfo>, usize) {
    types.clear();
    let mut infos: Vec<TokInfo> = Vec::with_capacity(tokens.len());
    let caps_lines = caps_lines(text);
    let mut line = 0;
    // Per word id: bit 0 written lower-case, bit 1 capitalised mid-sentence, bit 2 a sport word.
    let mut seen: Vec<u8> = Vec::new();
    let words = &*SPORT_WORDS;
    let mut sport = 0;
    for t in tokens {
        let word = &text[t.span.start..t.span.end];
        let (lower, exact, ascii) = word_hashes(word);
        let next = seen.len() as u32;
        let ty = *types.entry(lower).or_insert(next);
        if ty == next {
            seen.push(if words.contains(&lower) { 4 } else { 0 });
        }
        let mut flags = char_flags(word);
        if ascii {
            flags |= F_ASCII;
        }
        if t.tagger_start {
            flags |= F_SENT_START;
        }
        while line < caps_lines.len() && caps_lines[line].1 <= t.span.start {
            line += 1;
        }
        if caps_lines
            .get(line)
            .is_some_and(|&(s, e)| s <= t.span.start && t.span.end <= e)
        {
            flags |= F_CAPS_LINE;
        }
        let k = &mut seen[ty as usize];
        sport += usize::from(*k >> 2);
        if word.chars().next().is_some_and(char::is_lowercase) {
            *k |= 1;
        } else if flags & (F_INIT_CAP | F_SENT_START | F_CAPS_LINE) == F_INIT_CAP {
            *k |= 2;
        }
        infos.push(TokInfo {
            lower,
            exact,
            ty,
            flags,
            ..TokInfo::default()
        });
    }
    // Document features that need no labels: is the word also written in lower case
    // elsewhere (then a capital here is likely positional), or capitalised mid-sentence
    // elsewhere?
    for info in infos.iter_mut() {
        if info.flags & F_INIT_CAP != 0 {
            let k = seen[info.ty as usize];
            if k & 1 != 0 {
                info.flags |= F_LOWER_ELSEWHERE;
            }
            if k & 2 != 0 {
                info.flags |= F_CAP_ELSEWHERE;
            }
        }
    }
    link_same(&mut infos, seen.len());
    mark_gazetteer(tokens, &mut infos);
    mark_runs(text, tokens, &mut infos);
    mark_run_seen(&mut infos, seen.len());
    mark_sport(text, tokens, &mut infos, sport);
    (infos, seen.len())
}

/// Sets [`F_SPORT`] on every token of a document with at least two sport words (`hits`),
/// and [`F_TABLE`] on tokens of lines that hold a number but no lower-case word.
fn mark_sport(text: &str, tokens: &[Token], infos: &mut [TokInfo], hits: usize) {
    if hits >= 2 {
        for info in infos.iter_mut() {
            info.flags |= F_SPORT;
        }
    }
    // Lines: token ranges between line breaks.
    let mut s = 0;
    while s < tokens.len() {
        let mut e = s + 1;
        while e < tokens.len() && !text[tokens[e - 1].span.end..tokens[e].span.start].contains('\n')
        {
            e += 1;
        }
        let mut digit = false;
        let mut lower = false;
        for t in &tokens[s..e] {
            let first = text[t.span.start..].chars().next().unwrap_or(' ');
            digit |= first.is_ascii_digit();
            lower |= first.is_lowercase();
        }
        if digit && !lower {
            for info in &mut infos[s..e] {
                info.flags |= F_TABLE;
            }
        }
        s = e;
    }
}

fn lower_char(c: char) -> u64 {
    if c == '’' {
        '\'' as u64
    } else if c.is_ascii() {
        c.to_ascii_lowercase() as u64
    } else {
        c.to_lowercase().next().unwrap_or(c) as u64
    }
}

/// Letters in `text`, and how many of them are capitals (ASCII without decoding).
#[inline]
fn letter_counts(text: &str) -> (usize, usize) {
    let (mut letters, mut upper) = (0, 0);
    if text.is_ascii() {
        for b in text.bytes() {
            letters += usize::from(b.is_ascii_alphabetic());
            upper += usize::from(b.is_ascii_uppercase());
        }
    } else {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    (letters, upper)
}

/// Byte ranges of lines written in capitals (CoNLL headlines): case says little there.
fn caps_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let (letters, upper) = letter_counts(line);
        if letters >= 4 && upper * 10 >= letters * 8 {
            out.push((start, start + line.len()));
        }
        start += line.len();
    }
    out
}

/// Runs of capitalised words within a sentence: a name's last word says much of its type
/// ("Douglas & Lomason Co"), and its edges where it ends.
fn mark_runs(text: &str, tokens: &[Token], infos: &mut [TokInfo]) {
    let glue = |j: usize| matches!(&text[tokens[j].span.start..tokens[j].span.end], "&" | "of");
    let cap = |infos: &[TokInfo], j: usize| infos[j].flags & F_INIT_CAP != 0;
    let mut i = 0;
    while i < tokens.len() {
        if !cap(infos, i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && !tokens[j].tagger_start {
            if cap(infos, j) {
                j += 1;
            } else if glue(j)
                && j + 1 < tokens.len()
                && cap(infos, j + 1)
                && !tokens[j + 1].tagger_start
            {
                j += 2;
            } else {
                break;
            }
        }
        let (first, last) = (infos[i].lower, infos[j - 1].lower);
        let len = (j - i).min(5) as u8;
        for (k, info) in infos[i..j].iter_mut().enumerate() {
            info.run_first = first;
            info.run_last = last;
            info.run_len = len;
            info.run_pos = if j - i == 1 {
                1
            } else if k == 0 {
                2
            } else if i + k + 1 == j {
                4
            } else {
                3
            };
        }
        i = j;
    }
}

/// Links the tokens of each word ([`TokInfo::first_same`], [`TokInfo::next_same`]).
fn link_same(infos: &mut [TokInfo], types: usize) {
    let mut first = vec![u32::MAX; types];
    let mut last = vec![u32::MAX; types];
    for i in 0..infos.len() {
        let ty = infos[i].ty as usize;
        infos[i].next_same = u32::MAX;
        let (Some(f), Some(l)) = (first.get_mut(ty), last.get_mut(ty)) else {
            continue;
        };
        if *f == u32::MAX {
            *f = i as u32;
        } else if let Some(prev) = infos.get_mut(*l as usize) {
            prev.next_same = i as u32;
        }
        *l = i as u32;
    }
    for info in infos.iter_mut() {
        info.first_same = first.get(info.ty as usize).copied().unwrap_or(u32::MAX);
    }
}

/// Sets [`F_RUN_LAST_SEEN`] and [`F_RUN_FIRST_SEEN`] on every capitalised token whose word
/// ends or starts a longer capitalised run somewhere in the document.
fn mark_run_seen(infos: &mut [TokInfo], types: usize) {
    let mut seen = vec![0u32; types];
    for info in infos.iter() {
        if let Some(k) = seen.get_mut(info.ty as usize) {
            match info.run_pos {
                2 => *k |= F_RUN_FIRST_SEEN,
                4 => *k |= F_RUN_LAST_SEEN,
                _ => {}
            }
        }
    }
    for info in infos.iter_mut() {
        if info.flags & F_INIT_CAP != 0 {
            info.flags |= seen.get(info.ty as usize).copied().unwrap_or(0);
        }
    }
}

/// Longest gazetteer match starting at each capitalised token, within one sentence.
fn mark_gazetteer(tokens: &[Token], infos: &mut [TokInfo]) {
    let places = &*PLACES;
    let mut i = 0;
    while i < tokens.len() {
        if infos[i].flags & F_INIT_CAP == 0 {
            i += 1;
            continue;
        }
        let mut h = 0;
        let mut best = 0;
        for j in i..tokens.len().min(i + MAX_GAZ) {
            if j > i && tokens[j].tagger_start {
                break;
            }
            h = mix(h, infos[j].lower);
            let kind = places.get(&h).copied().unwrap_or(0);
            if kind & PLACE != 0 {
                best = j + 1 - i;
            }
            if kind & PLACE_PREFIX == 0 {
                break;
            }
        }
        if best > 0 {
            infos[i].gaz = 1;
            for info in &mut infos[i + 1..i + best] {
                info.gaz = 2;
            }
            i += best;
        } else {
            i += 1;
        }
    }
}

const BOS: u64 = 0x0b05;
const EOS: u64 = 0x0e05;

#[inline]
fn f(tpl: u64, v: u64) -> u64 {
    mix(tpl.wrapping_mul(0x9e37_79b9_7f4a_7c15), v)
}

/// Static features of position `i` (within the sentence `[s, e)`), appended to `out`: those
/// of the word alone, then those of its context. `words` must hold the [`WordInfo`] of
/// tokens `i - 2 ..= i + 2` in the sentence and of the capitalised ones up to `i + 3`
/// (others have no word-list flags: a default there is right).
#[allow(clippy::too_many_arguments)]
pub fn static_features(
    word: &str,
    infos: &[TokInfo],
    words: &[WordInfo],
    s: usize,
    e: usize,
    i: usize,
    out: &mut Vec<u64>,
) {
    word_features(word, &infos[i], &words[i], out);
    context_features(infos, words, s, e, i, out);
    mention_features(infos, i, out);
}

/// Mentions of a word whose neighbours [`mention_features`] reads.
const MENTIONS: usize = 4;

/// For a capitalised word, the words around its first [`MENTIONS`] mentions in the document
/// (this one among them, if it is early enough): "Pirelli shares" and "Pirelli's board"
/// there say "Pirelli" here is a company (context aggregation, as in Ratinov and Roth 2009).
/// The same for every capitalised mention of the word, so their weights are summed once per
/// word and document ([`super::statics`]).
pub fn mention_features(infos: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    if infos[i].flags & F_INIT_CAP == 0 {
        return;
    }
    let mut j = infos[i].first_same as usize;
    let mut n = 0;
    while n < MENTIONS {
        let Some(o) = infos.get(j) else {
            break;
        };
        let before = match j.checked_sub(1) {
            Some(k) if o.flags & F_SENT_START == 0 => infos[k].lower,
            _ => BOS,
        };
        let after = match infos.get(j + 1) {
            Some(x) if x.flags & F_SENT_START == 0 => x.lower,
            _ => EOS,
        };
        out.push(f(120, before));
        out.push(f(121, after));
        n += 1;
        j = o.next_same as usize;
    }
}

/// The static features that depend on the word's own text only (its [`TokInfo`] hashes and
/// case, and its [`WordInfo`]): the same for every occurrence of the word, so their weights
/// can be summed once per word.
pub fn word_features(word: &str, me: &TokInfo, wi: &WordInfo, out: &mut Vec<u64>) {
    let caps = me.flags & F_INIT_CAP != 0;
    out.push(f(1, 0));
    out.push(f(2, me.lower));
    out.push(f(3, me.exact));
    out.push(f(4, wi.shape));
    out.push(f(5, wi.short));
    // Prefixes and suffixes of 1 to 4 characters, lower-cased.
    let mut h = 0;
    for (n, c) in word.chars().take(4).enumerate() {
        h = mix(h, lower_char(c));
        // A zero hash is the old "no such affix" marker ("\0" alone): kept for the model.
        if h != 0 {
            out.push(f(6 + n as u64, h));
        }
    }
    let mut h = 0;
    for (n, c) in word.chars().rev().take(4).enumerate() {
        h = mix(h, lower_char(c));
        // A zero hash is the old "no such affix" marker ("\0" alone): kept for the model.
        if h != 0 {
            out.push(f(10 + n as u64, h));
        }
    }
    out.push(f(28, u64::from(wi.lex)));
    for l in 0..3 {
        out.push(f(60 + l as u64, mix(u64::from(wi.cls[l]), caps as u64)));
    }
    out.push(f(67, mix(u64::from(wi.cls[1]), wi.short)));
}

/// The static features that look beyond the word: its neighbours, the sentence, the
/// document.
pub fn context_features(
    infos: &[TokInfo],
    words: &[WordInfo],
    s: usize,
    e: usize,
    i: usize,
    out: &mut Vec<u64>,
) {
    let me = &infos[i];
    let wi = &words[i];
    let inside = |k: isize| -> Option<usize> {
        let j = i as isize + k;
        (j >= s as isize && j < e as isize).then_some(j as usize)
    };
    let lo = |k: isize| inside(k).map_or(if k < 0 { BOS } else { EOS }, |j| infos[j].lower);
    let sh = |k: isize| inside(k).map_or(if k < 0 { BOS } else { EOS }, |j| words[j].short);
    let gz = |k: isize| inside(k).map_or(3, |j| infos[j].gaz as u64);
    let fl = |k: isize| inside(k).map_or(0, |j| infos[j].flags | words[j].lex);
    let caps = me.flags & F_INIT_CAP != 0;
    out.push(f(14, lo(-1)));
    out.push(f(15, lo(1)));
    out.push(f(16, lo(-2)));
    out.push(f(17, lo(2)));
    out.push(f(18, sh(-1)));
    out.push(f(19, sh(1)));
    out.push(f(20, mix(lo(-1), me.lower)));
    out.push(f(21, mix(me.lower, lo(1))));
    out.push(f(22, mix(mix(sh(-1), wi.short), sh(1))));
    let pos_flags = me.flags & (F_SENT_START | F_CAPS_LINE);
    out.push(f(23, mix(pos_flags as u64, wi.short)));
    if me.flags & F_CAPS_LINE != 0 {
        out.push(f(24, me.lower));
        out.push(f(44, mix(lo(-1), lo(1))));
    }
    out.push(f(25, mix(gz(0), caps as u64)));
    out.push(f(26, mix(gz(-1), gz(0))));
    out.push(f(27, mix(gz(0), gz(1))));
    out.push(f(29, (fl(-1) & (F_FIRST_NAME | F_TITLE)) as u64));
    out.push(f(30, (fl(1) & (F_ORG_LAST | F_INIT_CAP)) as u64));
    out.push(f(
        31,
        ((fl(2) | fl(3)) & F_ORG_LAST) as u64 | (caps as u64) << 8,
    ));
    let doc = me.flags & (F_LOWER_ELSEWHERE | F_CAP_ELSEWHERE | F_SENT_START | F_INIT_CAP);
    out.push(f(32, doc as u64));
    out.push(f(33, mix(doc as u64, me.lower)));
    out.push(f(34, mix(lo(-1), wi.short)));
    out.push(f(35, mix(wi.short, lo(1))));
    // Word classes of the neighbours, at each level of detail.
    let cl = |k: isize, l: usize| inside(k).map_or(0xffff, |j| u64::from(words[j].cls[l]));
    out.push(f(63, cl(-1, 1)));
    out.push(f(64, cl(1, 1)));
    out.push(f(65, cl(-1, 2)));
    out.push(f(66, cl(1, 2)));
    // Topic and layout: the same name is a team in a results table, a place elsewhere.
    let topic = u64::from((me.flags & (F_SPORT | F_TABLE)) >> 11);
    out.push(f(70, topic));
    if caps {
        out.push(f(71, mix(topic, me.lower)));
        out.push(f(72, mix(topic, gz(0))));
        out.push(f(73, mix(topic, u64::from(wi.cls[2]))));
    }
    // Classes two words out, and of the word with each neighbour: "v Northampton" and
    // "Northampton 2" generalise over clubs the training data never named. Lower-case words
    // after a name need them too (where the name ends): without them there, dev F1 fell by
    // 0.003.
    out.push(f(105, cl(-2, 1)));
    out.push(f(106, cl(2, 1)));
    out.push(f(107, mix(cl(-1, 1), cl(1, 1))));
    out.push(f(108, mix(u64::from(wi.cls[1]), cl(1, 1))));
    out.push(f(109, mix(cl(-1, 1), u64::from(wi.cls[1]))));
    if caps {
        // Whether the word starts or ends a longer name elsewhere in the document: a person
        // is mostly named in full once ("Stephen Frater", then "Frater"), a company or club
        // alone ("Pirelli", "Pirelli's cables division").
        let seen = me.flags & (F_RUN_LAST_SEEN | F_RUN_FIRST_SEEN);
        out.push(f(104, mix(u64::from(seen), u64::from(me.run_pos))));
        out.push(f(112, mix(u64::from(seen), wi.short)));
    }
    // The capitalised run around the word.
    if me.run_pos != 0 {
        let shape = u64::from(me.run_pos) | u64::from(me.run_len) << 4;
        out.push(f(90, mix(shape, me.run_last)));
        out.push(f(91, shape));
        out.push(f(92, mix(u64::from(me.run_pos), me.run_first)));
        out.push(f(93, me.run_last));
    }
}

/// Features that depend on the two tags to the left (`p1` nearest).
/// `short` is the word's short shape.
pub fn dynamic_features(me: &TokInfo, short: u64, p1: u8, p2: u8, out: &mut Vec<u64>) {
    out.push(f(40, p1 as u64));
    out.push(f(41, (p2 as u64) << 8 | p1 as u64));
    out.push(f(42, mix(p1 as u64, me.lower)));
    out.push(f(43, mix(p1 as u64, short)));
}

/// Document features from the first pass: the types the same word got elsewhere in the
/// text ("extended prediction history"). `counts` holds, per word id ([`TokInfo::ty`]), how
/// many of its tokens got each label (0 outside, 1..=4 the entity types), `own` this token's;
/// `short` is the word's short shape.
pub fn document_features(
    me: &TokInfo,
    short: u64,
    counts: &[[u16; 5]],
    own: usize,
    out: &mut Vec<u64>,
) {
    let caps = (me.flags & F_INIT_CAP != 0) as u64;
    let Some(c) = counts.get(me.ty as usize) else {
        out.push(f(50, 99 | caps << 8));
        return;
    };
    let mut c = *c;
    c[own] = c[own].saturating_sub(1);
    let total: u16 = c.iter().sum();
    if total == 0 {
        out.push(f(50, 99 | caps << 8));
        return;
    }
    let mut best = 0;
    for k in 1..5 {
        if c[k] > c[best] {
            best = k;
        }
    }
    out.push(f(50, best as u64 | caps << 8));
    for (k, n) in c.iter().enumerate().skip(1) {
        if *n > 0 {
            out.push(f(51, k as u64 | caps << 8));
        }
    }
    out.push(f(52, mix(best as u64, short)));
}
