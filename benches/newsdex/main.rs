//! `cargo bench --bench newsdex -- [extract] [--corpus PATH] [--articles N] [--json FILE]`
//!
//! Measures newsdex on a real corpus (default: the AllSides set in `../shared/data/news`), in one
//! run, against baselines measured in the same run, so the ratios hold on a noisy shared machine:
//!
//! - `extract`: extraction alone on one thread, in tokens per second, against a pass that only
//!   counts the tokens (the floor any extractor pays to read the text).

mod corpus;
mod extract;

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    Extract,
}

#[derive(Debug, Parser)]
#[command(about = "newsdex benchmarks")]
struct Args {
    /// What to measure (default: everything).
    parts: Vec<Part>,
    /// Corpus file or folder, read as `newsdex index` reads it.
    #[arg(
        long,
        default_value = "../shared/data/news/allsides-2012-2020.jsonl.gz"
    )]
    corpus: PathBuf,
    /// Use only the first N articles.
    #[arg(long)]
    articles: Option<usize>,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let parts = if args.parts.is_empty() {
        vec![Part::Extract]
    } else {
        args.parts.clone()
    };
    let articles = corpus::load(&args.corpus, args.articles)?;
    eprintln!(
        "corpus: {} ({} articles, {:.1} MB of body text)",
        args.corpus.display(),
        articles.len(),
        corpus::body_bytes(&articles) as f64 / 1e6
    );
    let mut report = serde_json::Map::new();
    report.insert("machine".into(), serde_json::json!(machine()));
    report.insert(
        "corpus".into(),
        serde_json::json!(args.corpus.display().to_string()),
    );
    report.insert("articles".into(), serde_json::json!(articles.len()));
    for part in parts {
        match part {
            Part::Extract => {
                report.insert("extract".into(), extract::run(&articles));
            }
        }
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Cores and model name, so a table says what it ran on.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cores} cores, {model}")
}
