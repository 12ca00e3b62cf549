//! `cargo bench --bench newsdex -- [extract] [index] [query] [memory] [serve] [--corpus PATH]
//! [--articles N] [--json FILE] [--work DIR [--reuse]]`
//!
//! Measures newsdex on a real corpus (default: the AllSides set in `../shared/data/news`), in one
//! run, against baselines measured in the same run, so the ratios hold on a noisy shared machine:
//!
//! - `extract`: extraction alone on one thread, in tokens per second, against a pass that only
//!   counts the tokens (the floor any extractor pays to read the text).
//! - `index`: `newsdex index` against tantivy alone (extraction off) and SQLite FTS5: MB/s,
//!   passages/s, index size, peak memory, each in a process of its own.
//! - `query`: p50/p99 latency per kind of query, newsdex against FTS5, on the indexes just built.
//! - `memory`: peak memory indexing the corpus, and the corpus twice over (new ids).
//! - `serve`: requests/s and latency of `newsdex serve` under concurrent clients on loopback.

mod child;
mod corpus;
mod extract;
mod fts5;
mod indexing;
mod queries;
mod serve;

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    Extract,
    Index,
    Query,
    Memory,
    Serve,
    /// Internal: a measured job run in a child process.
    #[value(hide = true)]
    Child,
}

#[derive(Debug, Parser)]
#[command(about = "newsdex benchmarks")]
struct Args {
    /// What to measure (default: everything).
    parts: Vec<Part>,
    /// Arguments of a child job.
    #[arg(last = true, hide = true)]
    rest: Vec<String>,
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
    /// Work in this folder instead of a temporary one, and keep what is built there.
    #[arg(long)]
    work: Option<PathBuf>,
    /// With --work: measure queries and serving on the indexes an earlier run left there
    /// instead of building them again (for iterating on query speed).
    #[arg(long, requires = "work")]
    reuse: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    let raw: Vec<String> = std::env::args().collect();
    if raw.get(1).map(String::as_str) == Some("child") {
        return run_child(&raw[2..]);
    }
    let args = Args::parse();
    let mut parts = args.parts.clone();
    if parts.is_empty() {
        parts = vec![
            Part::Extract,
            Part::Index,
            Part::Query,
            Part::Serve,
            Part::Memory,
        ];
    }
    let articles = corpus::load(&args.corpus, args.articles)?;
    let text_bytes = corpus::body_bytes(&articles);
    println!(
        "corpus: {} ({} articles, {:.1} MB of body text); machine: {}",
        args.corpus.display(),
        articles.len(),
        text_bytes as f64 / 1e6,
        machine()
    );
    let temp = tempfile::tempdir()?;
    let work = match &args.work {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.clone()
        }
        None => temp.path().to_path_buf(),
    };
    // Indexers read a file: the corpus as given, or its first N articles written out.
    let corpus_file = match args.articles {
        Some(_) => {
            let path = work.join("corpus.jsonl");
            corpus::write_jsonl(&path, &articles, "")?;
            path
        }
        None => args.corpus.clone(),
    };

    let mut report = serde_json::Map::new();
    report.insert("machine".into(), serde_json::json!(machine()));
    report.insert(
        "corpus".into(),
        serde_json::json!(args.corpus.display().to_string()),
    );
    report.insert("articles".into(), serde_json::json!(articles.len()));
    let mut built = None;
    for part in &parts {
        match part {
            Part::Extract => {
                report.insert("extract".into(), extract::run(&articles));
            }
            Part::Query | Part::Serve if built.is_none() && args.reuse => {
                built = Some(indexing::reuse(&work)?);
            }
            Part::Index | Part::Query | Part::Memory | Part::Serve if built.is_none() => {
                let b = indexing::run(&corpus_file, text_bytes, &work)?;
                report.insert("index".into(), b.report.clone());
                built = Some(b);
            }
            _ => {}
        }
        if let (Part::Query, Some(b)) = (part, &built) {
            let (index, set) = query_set(&articles, &b.newsdex_dir)?;
            let db = fts5::open(&b.fts5_file)?;
            report.insert("queries".into(), queries::run(&index, &db, &set)?);
        }
        if let (Part::Serve, Some(b)) = (part, &built) {
            let (_, set) = query_set(&articles, &b.newsdex_dir)?;
            report.insert("serve".into(), serve::run(&b.newsdex_dir, &set)?);
        }
        if let (Part::Memory, Some(b)) = (part, &built) {
            report.insert(
                "memory".into(),
                memory(&articles, &work, b.newsdex_peak_rss)?,
            );
        }
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// The index just built and the seeded query set drawn from the corpus and its top names.
fn query_set(
    articles: &[newsdex::article::Article],
    dir: &std::path::Path,
) -> anyhow::Result<(newsdex::index::NewsIndex, Vec<queries::BenchQuery>)> {
    let index = newsdex::index::NewsIndex::open(dir)?;
    let top = newsdex::search::stats::collect(&index, 100)?;
    let names = |rows: &[newsdex::search::FacetCount]| {
        rows.iter().map(|r| r.value.clone()).collect::<Vec<_>>()
    };
    let set = queries::generate(articles, &names(&top.speakers), &names(&top.entities));
    Ok((index, set))
}

/// Peak memory indexing the corpus twice over: the same articles again under new ids.
fn memory(
    articles: &[newsdex::article::Article],
    work: &std::path::Path,
    once: u64,
) -> anyhow::Result<serde_json::Value> {
    let doubled = work.join("doubled.jsonl");
    if work.join("doubled-index").exists() {
        std::fs::remove_dir_all(work.join("doubled-index"))?;
    }
    corpus::write_jsonl(&doubled, articles, "")?;
    corpus::append_jsonl(&doubled, articles, "#copy")?;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"));
    command
        .arg("index")
        .arg(&doubled)
        .arg("--index")
        .arg(work.join("doubled-index"))
        .arg("--quiet");
    eprintln!("indexing the corpus twice over…");
    let twice = child::measure(command)?;
    let mib = |b: u64| b as f64 / 1048576.0;
    println!(
        "
memory (peak resident set of `newsdex index`)"
    );
    println!("  corpus once   {:>8.0} MiB", mib(once));
    println!(
        "  corpus twice  {:>8.0} MiB  ({:+.1}%; target ≤ +10%)",
        mib(twice.peak_rss_bytes),
        (twice.peak_rss_bytes as f64 / once as f64 - 1.0) * 100.0
    );
    Ok(serde_json::json!({
        "once_peak_rss_bytes": once,
        "twice_peak_rss_bytes": twice.peak_rss_bytes,
        "growth": twice.peak_rss_bytes as f64 / once as f64 - 1.0,
    }))
}

fn run_child(args: &[String]) -> anyhow::Result<()> {
    let path = |i: usize| -> anyhow::Result<PathBuf> {
        args.get(i)
            .map(PathBuf::from)
            .ok_or_else(|| anyhow::anyhow!("child job: missing argument {i}"))
    };
    match args.first().map(String::as_str) {
        Some("tantivy") => indexing::tantivy_alone(&path(1)?, &path(2)?),
        Some("fts5") => indexing::sqlite_fts5(&path(1)?, &path(2)?),
        other => anyhow::bail!("unknown child job {other:?}"),
    }
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
