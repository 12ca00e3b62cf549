//! `newsdex train-ner`: trains the entity tagger on CoNLL-style JSON lines and writes the
//! model file that `src/extract/data/ner.model` ships.
//!
//! The shipped model was made with:
//!
//! ```text
//! newsdex train-ner --train ../shared/data/entities/conll2003-train.jsonl \
//!     --out src/extract/data/ner.model --epochs 12 --seed 1
//! ```
//!
//! Same input, epochs and seed give a byte-identical model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use crate::extract::entity::tagger::{self, train};

/// What `train-ner` needs, validated.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub train: PathBuf,
    pub out: PathBuf,
    pub epochs: usize,
    pub seed: u64,
    /// Documents to score the new model on, if any.
    pub eval: Option<PathBuf>,
}

/// Reads the training file, trains, writes the model and reports progress to `log`.
pub fn run<W: Write>(config: &TrainConfig, log: &mut W) -> anyhow::Result<()> {
    anyhow::ensure!(config.epochs >= 1, "--epochs must be at least 1");
    let text = std::fs::read_to_string(&config.train)
        .with_context(|| format!("{}: cannot read", config.train.display()))?;
    let examples =
        train::read_jsonl(&text).map_err(|e| anyhow::anyhow!("{}: {e}", config.train.display()))?;
    anyhow::ensure!(
        !examples.is_empty(),
        "{}: no training documents",
        config.train.display()
    );
    let started = Instant::now();
    let cfg = train::Config {
        epochs: config.epochs,
        seed: config.seed,
        ..train::Config::default()
    };
    let mut lines: Vec<String> = Vec::new();
    let model = train::train(&examples, &cfg, &mut |line: &str| {
        // Progress goes out as it happens; a failed write only loses the progress line.
        let _ = writeln!(log, "{line}");
        let _ = log.flush();
        lines.push(line.to_string());
    });
    let bytes = model.to_bytes();
    write_model(&config.out, &bytes)?;
    debug_assert!(tagger::Model::from_bytes(&bytes).as_ref() == Some(&model));
    if let Some(path) = &config.eval {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let docs =
            train::read_jsonl(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        for line in train::evaluate(&model, &docs) {
            writeln!(log, "{}: {line}", path.display())?;
        }
    }
    report_written(&config.out, bytes.len(), started, log)
}

/// Writes a trained model's bytes to `path`.
pub(crate) fn write_model(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// The last line of a training run: where the model went, its size, the time taken.
pub(crate) fn report_written<W: Write>(
    path: &Path,
    size: usize,
    started: Instant,
    log: &mut W,
) -> anyhow::Result<()> {
    writeln!(
        log,
        "wrote {} ({size} bytes) in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
