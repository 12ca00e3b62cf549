//! Training the tagger: averaged perceptron, greedy decoding with the model's own history,
//! two passes with jackknifed first-pass labels for the second pass's document features.
//!
//! Deterministic: documents are shuffled by a seeded SplitMix64, weights are integers during
//! training, and ties break by tag order, so the same input and seed give the same bytes.

use super::features::{self, TokInfo, WordInfo};
use super::{bucket, decode, label_counts, sentences, skips, Model, Statics, Weights, NT};
use crate::text::token::{self, Token};

/// One training document: text and entity byte spans with type index (0 PER, 1 ORG, 2 LOC,
/// 3 MISC).
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub spans: Vec<(usize, usize, u8)>,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the weight rows per pass.
    pub bits: u32,
    /// Folds for the first-pass labels the second pass trains on.
    pub folds: usize,
    /// Rows whose largest quantised weight is below this are dropped: rare features that
    /// barely move a score, and cost a cache miss each at tagging time.
    pub prune: i16,
    /// Perceptrons per pass, each on its own shuffle, whose averaged weights are summed:
    /// a cheap ensemble that evens out the luck of one document order.
    pub ensemble: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            epochs: 12,
            seed: 1,
            bits: 20,
            folds: 4,
            prune: 0,
            ensemble: 3,
        }
    }
}

/// Reads CoNLL-style JSON lines: `{"body", "entities": [{"type", "span": [start, end]}]}`
/// with *character* offsets. Entities of unknown type are skipped.
pub fn read_jsonl(text: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let body = doc["body"]
            .as_str()
            .ok_or_else(|| format!("line {}: no \"body\" string", n + 1))?;
        // Character offset -> byte offset.
        let mut byte_at: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        byte_at.push(body.len());
        let mut spans = Vec::new();
        for ent in doc["entities"].as_array().into_iter().flatten() {
            let label = match ent["type"].as_str() {
                Some("PER") => 0,
                Some("ORG") => 1,
                Some("LOC") => 2,
                Some("MISC") => 3,
                _ => continue,
            };
            let at = |k: usize| {
                ent["span"][k]
                    .as_u64()
                    .and_then(|c| byte_at.get(c as usize).copied())
            };
            if let (Some(s), Some(e)) = (at(0), at(1)) {
                if s < e {
                    spans.push((s, e, label));
                }
            }
        }
        spans.sort_unstable();
        out.push(Example {
            text: body.to_string(),
            spans,
        });
    }
    Ok(out)
}

/// A document ready for training.
struct Doc<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    infos: Vec<TokInfo>,
    /// Number of word ids in `infos`.
    types: usize,
    words: Vec<WordInfo>,
    sents: Vec<(usize, usize)>,
    gold: Vec<u8>,
}

/// Gold BIO tags for the tokens; also counts entities whose edges fall inside a token.
fn gold_tags(tokens: &[Token], spans: &[(usize, usize, u8)], misaligned: &mut usize) -> Vec<u8> {
    let mut tags = vec![0u8; tokens.len()];
    for &(s, e, label) in spans {
        let first = tokens.iter().position(|t| t.span.start == s);
        let last = tokens.iter().position(|t| t.span.end == e);
        let (Some(a), Some(b)) = (first, last) else {
            *misaligned += 1;
            continue;
        };
        if b < a {
            *misaligned += 1;
            continue;
        }
        tags[a] = 1 + 2 * label;
        for t in &mut tags[a + 1..=b] {
            *t = 2 + 2 * label;
        }
    }
    tags
}

/// SplitMix64: a tiny seeded generator, so shuffles are reproducible without a crate.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Averaged perceptron weights with lazy averaging (`total` and `stamp` per weight).
struct Perceptron {
    bits: u32,
    w: Vec<i32>,
    total: Vec<i64>,
    stamp: Vec<u32>,
    clock: u32,
}

impl Perceptron {
    fn new(bits: u32) -> Perceptron {
        let n = (1usize << bits) * NT;
        Perceptron {
            bits,
            w: vec![0; n],
            total: vec![0; n],
            stamp: vec![0; n],
            clock: 0,
        }
    }

    fn scores(&self, feats: &[u64]) -> [i64; NT] {
        let mut s = [0i64; NT];
        for &h in feats {
            let b = bucket(h, self.bits) * NT;
            for (t, x) in s.iter_mut().enumerate() {
                *x += i64::from(self.w[b + t]);
            }
        }
        s
    }

    fn bump(&mut self, idx: usize, delta: i32) {
        let w = &mut self.w[idx];
        self.total[idx] += i64::from(*w) * i64::from(self.clock - self.stamp[idx]);
        self.stamp[idx] = self.clock;
        *w += delta;
    }

    fn update(&mut self, feats: &[u64], gold: u8, pred: u8) {
        for &h in feats {
            let b = bucket(h, self.bits) * NT;
            self.bump(b + gold as usize, 1);
            self.bump(b + pred as usize, -1);
        }
    }

    /// The summed weights over all steps (the average times the step count).
    fn finish(mut self) -> Vec<i64> {
        let clock = self.clock.max(1);
        for i in 0..self.w.len() {
            self.total[i] += i64::from(self.w[i]) * i64::from(clock - self.stamp[i]);
        }
        self.total
    }
}

/// Quantises summed weights to i16, scaling the largest to 32767.
fn quantise(bits: u32, total: &[i64], prune: i16) -> Weights {
    {
        let max = total
            .iter()
            .map(|t| t.unsigned_abs())
            .max()
            .unwrap_or(1)
            .max(1);
        let w: Vec<i16> = total
            .iter()
            .map(|&t| {
                // Integer rounding keeps the result identical on every platform.
                let num = i128::from(t) * 32767;
                let den = i128::from(max);
                let q = (num + num.signum() * den / 2) / den;
                q as i16
            })
            .collect();
        let mut w = w;
        for row in w.chunks_exact_mut(NT) {
            if row.iter().all(|x| x.unsigned_abs() < prune.unsigned_abs()) {
                row.fill(0);
            }
        }
        Weights::from_flat(bits, &w)
    }
}

/// Trains one pass on `docs` (the indices in `which`); `first` gives the first-pass tags
/// for the second pass's document features.
fn train_pass(
    docs: &[Doc],
    which: &[usize],
    first: Option<&[Vec<u8>]>,
    cfg: &Config,
    name: &str,
    log: &mut dyn FnMut(&str),
) -> Weights {
    let counts: Vec<Option<super::LabelCounts>> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| first.map(|f| label_counts(&doc.infos, &f[d], doc.types)))
        .collect();
    let mut feats: Vec<u64> = Vec::with_capacity(64);
    let mut sum: Vec<i64> = Vec::new();
    for member in 0..cfg.ensemble.max(1) {
        let mut p = Perceptron::new(cfg.bits);
        let mut rng =
            Rng(cfg.seed ^ 0x6e65_7264_6578 ^ (member as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut order: Vec<usize> = which.to_vec();
        for epoch in 1..=cfg.epochs {
            let started = std::time::Instant::now();
            rng.shuffle(&mut order);
            let (mut right, mut seen) = (0usize, 0usize);
            for &d in &order {
                let doc = &docs[d];
                for &(s, e) in &doc.sents {
                    let (mut p1, mut p2) = (NT as u8, NT as u8);
                    for i in s..e {
                        if skips(&doc.infos[i], p1) {
                            p2 = p1;
                            p1 = 0;
                            continue;
                        }
                        feats.clear();
                        let span = doc.tokens[i].span;
                        let word = doc.text.get(span.start..span.end).unwrap_or("");
                        features::static_features(
                            word, &doc.infos, &doc.words, s, e, i, &mut feats,
                        );
                        let short = doc.words[i].short;
                        if let (Some(c), Some(f)) = (&counts[d], first) {
                            let own = super::label_of(f[d][i]);
                            features::document_features(&doc.infos[i], short, c, own, &mut feats);
                        }
                        features::dynamic_features(&doc.infos[i], short, p1, p2, &mut feats);
                        p.clock += 1;
                        let pred = super::best_tag(&p.scores(&feats), p1);
                        let gold = doc.gold[i];
                        if pred != gold {
                            p.update(&feats, gold, pred);
                        } else {
                            right += 1;
                        }
                        seen += 1;
                        p2 = p1;
                        p1 = pred;
                    }
                }
            }
            log(&format!(
                "{name}.{member} epoch {epoch}: token accuracy {:.4} ({:.1} s)",
                right as f64 / seen.max(1) as f64,
                started.elapsed().as_secs_f64()
            ));
        }
        let total = p.finish();
        if sum.is_empty() {
            sum = total;
        } else {
            for (a, b) in sum.iter_mut().zip(total) {
                *a += b;
            }
        }
    }
    quantise(cfg.bits, &sum, cfg.prune)
}

/// Trains both passes on `examples`.
pub fn train(examples: &[Example], cfg: &Config, log: &mut dyn FnMut(&str)) -> Model {
    let mut misaligned = 0;
    let docs: Vec<Doc> = examples
        .iter()
        .map(|ex| {
            let tokens = token::tokenize(&ex.text);
            let gold = gold_tags(&tokens, &ex.spans, &mut misaligned);
            let (infos, types) = features::token_infos(&ex.text, &tokens);
            Doc {
                text: &ex.text,
                words: features::word_infos(&ex.text, &tokens, &infos),
                infos,
                types,
                sents: sentences(&tokens),
                tokens,
                gold,
            }
        })
        .collect();
    let tokens: usize = docs.iter().map(|d| d.gold.len()).sum();
    let entities: usize = examples.iter().map(|e| e.spans.len()).sum();
    log(&format!(
        "{} documents, {tokens} tokens, {entities} entities ({misaligned} not on token edges)",
        docs.len()
    ));
    let all: Vec<usize> = (0..docs.len()).collect();
    // First-pass labels for the training documents come from models that did not see
    // them, so the second pass learns how far to trust first-pass labels on new text.
    let mut first_tags: Vec<Vec<u8>> = vec![Vec::new(); docs.len()];
    let folds = cfg.folds.max(2);
    for k in 0..folds {
        let train_ids: Vec<usize> = all.iter().copied().filter(|d| d % folds != k).collect();
        let name = format!("fold {}/{folds}", k + 1);
        let w = train_pass(&docs, &train_ids, None, cfg, &name, log);
        for d in all.iter().copied().filter(|d| d % folds == k) {
            let doc = &docs[d];
            let mut stat = Statics::new(&w, doc.text, &doc.tokens, None);
            first_tags[d] = decode(&w, 0, &mut stat, &doc.infos, &doc.sents, None);
        }
    }
    let first = train_pass(&docs, &all, None, cfg, "pass 1", log);
    let second = train_pass(&docs, &all, Some(&first_tags), cfg, "pass 2", log);
    Model::new(first, second)
}

/// Exact-span precision, recall and F1 of `model` on `examples`, per type and micro over
/// PER/ORG/LOC (the CoNLL scorer's rules: MISC is not scored, and a prediction overlapping a
/// gold MISC span is ignored). One line per type, then the micro line.
pub fn evaluate(model: &Model, examples: &[Example]) -> Vec<String> {
    // [tp, fp, gold] per type PER, ORG, LOC.
    let mut c = [[0usize; 3]; 3];
    for ex in examples {
        let pred = super::tag_with(model, &crate::text::Doc::new(&ex.text));
        for &(_, _, label) in &ex.spans {
            if label < 3 {
                c[label as usize][2] += 1;
            }
        }
        for (span, kind) in pred {
            let Some(k) = super::KINDS[..3].iter().position(|x| *x == kind) else {
                continue;
            };
            let exact = ex
                .spans
                .iter()
                .any(|&(s, e, l)| s == span.start && e == span.end && l as usize == k);
            let on_misc = ex
                .spans
                .iter()
                .any(|&(s, e, l)| l == 3 && s < span.end && span.start < e);
            if exact {
                c[k][0] += 1;
            } else if !on_misc {
                c[k][1] += 1;
            }
        }
    }
    let line = |name: &str, tp: usize, fp: usize, gold: usize| {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / gold.max(1) as f64;
        let f = 2.0 * p * r / (p + r).max(1e-9);
        format!("{name}: P {p:.4} R {r:.4} F1 {f:.4} (gold {gold})")
    };
    let mut out: Vec<String> = ["PER", "ORG", "LOC"]
        .iter()
        .zip(c)
        .map(|(n, [tp, fp, g])| line(n, tp, fp, g))
        .collect();
    let sum = |k: usize| c.iter().map(|x| x[k]).sum::<usize>();
    out.push(line("micro", sum(0), sum(1), sum(2)));
    out
}
