//! `newsdex train-cues`: trains the learned cue-word model on PolNeAR-style attribution gold
//! and writes the model file that `src/extract/data/cue.model` ships.
//!
//! The shipped model was made with:
//!
//! ```text
//! newsdex train-cues --gold ../shared/data/speakers/polnear-train.gold.jsonl \
//!     --corpus ../shared/data/speakers/polnear-articles.jsonl \
//!     --out src/extract/data/cue.model
//! ```
//!
//! Same input and settings give a byte-identical model.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use serde_json::Value;

use super::train_ner::{report_written, write_model};
use crate::extract::cue_model::{self, Features};
use crate::extract::{entity, speaker, Span};

/// What `train-cues` needs, validated.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Gold attributions: JSON lines with "id", "annotators" and "annotations".
    pub gold: PathBuf,
    /// The articles: JSON lines with "id" and "body".
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub model: cue_model::TrainConfig,
}

/// One training article: its body and the byte spans of its gold cue words.
struct Document {
    body: String,
    cues: Vec<Span>,
}

/// Reads the gold and the articles, trains, writes the model and reports to `log`.
pub fn run<W: Write>(config: &TrainConfig, log: &mut W) -> anyhow::Result<()> {
    anyhow::ensure!(config.model.epochs >= 1, "--epochs must be at least 1");
    anyhow::ensure!(
        config.model.threshold > 0.0 && config.model.threshold < 1.0,
        "--threshold must be between 0 and 1"
    );
    let started = Instant::now();
    let docs = read_documents(&config.gold, &config.corpus)?;
    anyhow::ensure!(
        !docs.is_empty(),
        "{}: no documents with gold cues",
        config.gold.display()
    );
    let mut rows: Vec<(Features, bool)> = Vec::new();
    for doc in &docs {
        let entities = entity::extract(&doc.body);
        for (span, features) in speaker::cue_candidates(&doc.body, &entities) {
            let cue = doc.cues.iter().any(|c| c.overlaps(span));
            rows.push((features, cue));
        }
    }
    let positives = rows.iter().filter(|(_, cue)| *cue).count();
    writeln!(
        log,
        "{} documents, {} candidate words, {} of them gold cues",
        docs.len(),
        rows.len(),
        positives
    )?;
    let model = cue_model::train(&rows, &config.model);
    let accepted = rows.iter().filter(|(f, _)| model.accepts(f)).count();
    let right = rows
        .iter()
        .filter(|(f, cue)| *cue && model.accepts(f))
        .count();
    writeln!(
        log,
        "on the training words: {accepted} accepted, {right} of them gold cues"
    )?;
    let bytes = model.to_bytes();
    write_model(&config.out, &bytes)?;
    report_written(&config.out, bytes.len(), started, log)
}

/// The gold documents in file order, with their bodies from `corpus`. Each takes its first
/// listed annotator's attributions (as the scorer does), and of those the ones with content.
fn read_documents(gold: &Path, corpus: &Path) -> anyhow::Result<Vec<Document>> {
    let gold_text = std::fs::read_to_string(gold)
        .with_context(|| format!("{}: cannot read", gold.display()))?;
    let mut wanted: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    for (n, line) in gold_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", gold.display(), n + 1))?;
        let id = doc["id"]
            .as_str()
            .with_context(|| format!("{}:{}: no \"id\" string", gold.display(), n + 1))?;
        wanted.push((id.to_string(), gold_cues(&doc)));
    }
    let ids: HashSet<&str> = wanted.iter().map(|(id, _)| id.as_str()).collect();
    let corpus_text = std::fs::read_to_string(corpus)
        .with_context(|| format!("{}: cannot read", corpus.display()))?;
    let mut bodies: HashMap<String, String> = HashMap::new();
    for (n, line) in corpus_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", corpus.display(), n + 1))?;
        if let (Some(id), Some(body)) = (doc["id"].as_str(), doc["body"].as_str()) {
            if ids.contains(id) {
                bodies.insert(id.to_string(), body.to_string());
            }
        }
    }
    let mut docs = Vec::new();
    for (id, cues) in wanted {
        let body = bodies
            .remove(&id)
            .with_context(|| format!("{}: no article {id:?} for the gold", corpus.display()))?;
        // Character offsets -> byte offsets.
        let mut byte_at: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        byte_at.push(body.len());
        let cues = cues
            .into_iter()
            .filter_map(|(s, e)| Some(Span::new(*byte_at.get(s)?, *byte_at.get(e)?)))
            .filter(|s| !s.is_empty())
            .collect();
        docs.push(Document { body, cues });
    }
    Ok(docs)
}

/// The character spans of the cue words of the first listed annotator's attributions that
/// have content.
fn gold_cues(doc: &Value) -> Vec<(usize, usize)> {
    let annotations = &doc["annotations"];
    let annotator = doc["annotators"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|a| annotations.get(*a).is_some())
        .or_else(|| annotations.as_object()?.keys().next().map(String::as_str));
    let Some(annotator) = annotator else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for attribution in annotations[annotator]["attributions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let has_content = attribution["content"]["spans"]
            .as_array()
            .is_some_and(|s| !s.is_empty());
        if !has_content {
            continue;
        }
        for span in attribution["cue"]["spans"].as_array().into_iter().flatten() {
            if let (Some(s), Some(e)) = (span[0].as_u64(), span[1].as_u64()) {
                if s < e {
                    out.push((s as usize, e as usize));
                }
            }
        }
    }
    out
}
