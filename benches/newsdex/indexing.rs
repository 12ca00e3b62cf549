//! Indexing the same corpus three ways, each in a fresh process:
//!
//! - `newsdex index`: the real binary, the whole pipeline (read, split, extract, index, commit);
//! - tantivy alone: the same reading, passages and schema, with extraction turned off (the
//!   baseline newsdex is held to), through the same writer with the same threads and memory;
//! - SQLite FTS5 (porter stemming, like ours): the same passages, with their speakers and entities
//!   as columns so the query benchmark can filter and count on them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use newsdex::extract::{self, Annotated, Passage};
use newsdex::index::writer::PassageWriter;
use newsdex::index::NewsIndex;
use serde_json::{json, Value};

use crate::child::{self, Measured};
use crate::corpus;
use crate::fts5;

pub struct Built {
    pub newsdex_dir: PathBuf,
    pub fts5_file: PathBuf,
    pub report: Value,
    pub newsdex_peak_rss: u64,
}

/// Run the three indexers over `corpus_path` into `work`.
pub fn run(corpus_path: &Path, text_bytes: usize, work: &Path) -> anyhow::Result<Built> {
    let newsdex_dir = work.join("newsdex");
    let baseline_dir = work.join("tantivy");
    let fts5_file = work.join("fts5.sqlite");
    // A kept work folder (--work) may hold an earlier run's indexes: build from nothing.
    for dir in [&newsdex_dir, &baseline_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
    }
    if fts5_file.exists() {
        std::fs::remove_file(&fts5_file)?;
    }

    let mut newsdex = Command::new(env!("CARGO_BIN_EXE_newsdex"));
    newsdex
        .arg("index")
        .arg(corpus_path)
        .arg("--index")
        .arg(&newsdex_dir)
        .arg("--quiet");
    eprintln!("indexing with newsdex…");
    let full = child::measure(newsdex)?;

    let mut baseline = child::this_binary("tantivy")?;
    baseline.arg(corpus_path).arg(&baseline_dir);
    eprintln!("indexing with tantivy alone…");
    let bare = child::measure(baseline)?;

    let mut sqlite = child::this_binary("fts5")?;
    sqlite.arg(&newsdex_dir).arg(&fts5_file);
    eprintln!("indexing with SQLite FTS5…");
    let fts = child::measure(sqlite)?;
    // The FTS5 child first reads the passages back from the newsdex index; it times its inserts.
    let fts_seconds: f64 = fts
        .stdout
        .trim()
        .parse()
        .context("FTS5 child prints its seconds")?;

    let passages = corpus::passages_in(&newsdex_dir)?;
    let mb = text_bytes as f64 / 1e6;
    // The FTS5 child's CPU time also covers reading the passages back, which its seconds
    // leave out: it gets none.
    let row = |name: &str, seconds: f64, measured: &Measured, cpu: bool, size: u64| {
        json!({
            "name": name,
            "seconds": seconds,
            "mb_per_second": mb / seconds,
            "passages_per_second": passages as f64 / seconds,
            "index_bytes": size,
            "peak_rss_bytes": measured.peak_rss_bytes,
            "cpu_seconds": cpu.then_some(measured.cpu_seconds),
        })
    };
    let rows = vec![
        row(
            "newsdex (full pipeline)",
            full.seconds,
            &full,
            true,
            child::dir_size(&newsdex_dir),
        ),
        row(
            "tantivy alone (baseline)",
            bare.seconds,
            &bare,
            true,
            child::dir_size(&baseline_dir),
        ),
        row(
            "SQLite FTS5",
            fts_seconds,
            &fts,
            false,
            std::fs::metadata(&fts5_file)?.len(),
        ),
    ];

    println!("\nindexing {mb:.1} MB of text, {passages} passages");
    println!(
        "  {:<26} {:>8} {:>8} {:>8} {:>12} {:>10} {:>10} {:>8}",
        "", "seconds", "CPU s", "MB/s", "passages/s", "index MB", "peak RSS", "speed"
    );
    for r in &rows {
        println!(
            "  {:<26} {:>8.1} {:>8} {:>8.2} {:>12.0} {:>10.1} {:>9.0}M {:>7.2}x",
            r["name"].as_str().unwrap_or(""),
            r["seconds"].as_f64().unwrap_or(0.0),
            r["cpu_seconds"]
                .as_f64()
                .map_or_else(|| "-".to_string(), |s| format!("{s:.1}")),
            r["mb_per_second"].as_f64().unwrap_or(0.0),
            r["passages_per_second"].as_f64().unwrap_or(0.0),
            r["index_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            r["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1048576.0,
            bare.seconds / r["seconds"].as_f64().unwrap_or(f64::INFINITY),
        );
    }
    let size_ratio =
        child::dir_size(&newsdex_dir) as f64 / child::dir_size(&baseline_dir).max(1) as f64;
    println!(
        "  newsdex: {:.2}x the baseline's speed (target ≥ 0.5), index {:.2}x its size (target ≤ 1.5)",
        bare.seconds / full.seconds,
        size_ratio
    );
    Ok(Built {
        newsdex_dir,
        fts5_file,
        newsdex_peak_rss: full.peak_rss_bytes,
        report: json!({
            "text_mb": mb,
            "passages": passages,
            "rows": rows,
            "speed_vs_baseline": bare.seconds / full.seconds,
            "size_vs_baseline": size_ratio,
        }),
    })
}

/// The indexes an earlier run with `--work` left in `work`, without measuring anything.
pub fn reuse(work: &Path) -> anyhow::Result<Built> {
    let newsdex_dir = work.join("newsdex");
    let fts5_file = work.join("fts5.sqlite");
    anyhow::ensure!(
        newsdex_dir.join("meta.json").exists() && fts5_file.exists(),
        "--reuse: {} holds no indexes from an earlier run",
        work.display()
    );
    Ok(Built {
        newsdex_dir,
        fts5_file,
        report: json!({ "reused": work.display().to_string() }),
        newsdex_peak_rss: 0,
    })
}

/// Child job: the baseline. Reads and splits exactly as `newsdex index` does, then adds the
/// passages with no extracted field, through the same writer.
pub fn tantivy_alone(corpus_path: &Path, dir: &Path) -> anyhow::Result<()> {
    let index = NewsIndex::open_or_create(dir)?;
    let writer = PassageWriter::new(&index)?;
    for file in newsdex::ingest::discover(&[corpus_path.to_path_buf()]).files {
        for article in newsdex::ingest::read_file(&file).flatten() {
            let passages = extract::passage::split(&article.body)
                .into_iter()
                .map(|span| Passage {
                    span,
                    speakers: vec![],
                    entities: vec![],
                    dates: vec![],
                })
                .collect();
            writer.add_new(
                &article,
                &Annotated {
                    passages,
                    ..Annotated::default()
                },
            )?;
        }
    }
    writer.finish()?;
    Ok(())
}

/// Child job: load the passages from the newsdex index into FTS5; prints the seconds the inserts
/// and the commit took.
pub fn sqlite_fts5(newsdex_dir: &Path, file: &Path) -> anyhow::Result<()> {
    let passages = corpus::read_passages(newsdex_dir)?;
    let started = Instant::now();
    fts5::build(file, &passages)?;
    println!("{}", started.elapsed().as_secs_f64());
    Ok(())
}
