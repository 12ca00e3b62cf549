//! `newsdex index`: read the corpus, extract, write passages, commit, summarise.
//!
//! Reading runs on its own thread, ahead of extraction, through a bounded channel: memory stays
//! flat however large the corpus, and parsing overlaps with extraction and tantivy's own
//! indexing threads.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::article::Article;
use crate::extract;
use crate::index::writer::PassageWriter;
use crate::index::NewsIndex;
use crate::ingest::{self, Problem};

/// Articles read ahead of extraction.
const READ_AHEAD: usize = 256;

#[derive(Debug, Clone)]
pub struct IndexConfig {
    pub paths: Vec<PathBuf>,
    pub dir: PathBuf,
    pub strict: bool,
    pub quiet: bool,
}

/// What one run did; printed as the summary.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct IndexReport {
    pub files: usize,
    pub articles: usize,
    pub passages: usize,
    /// Files not in an article format.
    pub other_files: usize,
    /// Articles and files left out, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Problems with articles that were still indexed, by reason.
    pub warnings: BTreeMap<&'static str, usize>,
    pub bytes: u64,
    pub seconds: f64,
}

impl IndexReport {
    fn count(&mut self, problem: &Problem) {
        let tally = if problem.skips_article() {
            &mut self.skipped
        } else {
            &mut self.warnings
        };
        *tally.entry(problem.kind.reason()).or_default() += 1;
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

enum Event {
    Article(Box<Article>),
    Problem(Problem),
    /// Bytes of input consumed so far, for progress.
    Progress(u64),
}

pub fn run<W: Write>(config: &IndexConfig, out: &mut W) -> anyhow::Result<IndexReport> {
    let started = Instant::now();
    let discovery = ingest::discover(&config.paths);
    let mut report = IndexReport {
        files: discovery.files.len(),
        other_files: discovery.skipped.len(),
        bytes: discovery.files.iter().map(|f| f.bytes).sum(),
        ..IndexReport::default()
    };
    let progress = progress_bar(report.bytes, config.quiet);
    let warn = |problem: &Problem| {
        if !config.quiet {
            progress.suspend(|| eprintln!("newsdex: warning: {problem}"));
        }
    };
    for problem in &discovery.problems {
        if config.strict {
            bail!("{problem}");
        }
        warn(problem);
        report.count(problem);
    }
    if discovery.files.is_empty() {
        bail!(
            "no article files (.txt, .md, .json, .jsonl, .ndjson, optionally .gz) under {}",
            config
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let index = NewsIndex::open_or_create(&config.dir)?;
    let mut writer = PassageWriter::new(&index).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
            "{} is being indexed by another newsdex process; wait for it to finish",
            config.dir.display()
        ),
        other => anyhow::Error::new(other)
            .context(format!("cannot write to index at {}", config.dir.display())),
    })?;

    let (sender, receiver) = mpsc::sync_channel::<Event>(READ_AHEAD);
    let files = discovery.files;
    let reader = std::thread::spawn(move || {
        let mut done: u64 = 0;
        for file in &files {
            let mut articles = ingest::read_file(file);
            while let Some(item) = articles.next() {
                let event = match item {
                    Ok(article) => Event::Article(Box::new(article)),
                    Err(problem) => Event::Problem(problem),
                };
                if sender.send(event).is_err()
                    || sender
                        .send(Event::Progress(done + articles.bytes_read()))
                        .is_err()
                {
                    return; // the indexer stopped (--strict): stop reading
                }
            }
            done += file.bytes;
            if sender.send(Event::Progress(done)).is_err() {
                return;
            }
        }
    });

    for event in receiver {
        match event {
            Event::Article(article) => {
                let annotated = extract::annotate(&article);
                report.passages += writer.add_article(&article, &annotated).with_context(|| {
                    format!("{}: cannot index article {}", article.origin, article.id)
                })?;
                report.articles += 1;
            }
            Event::Problem(problem) => {
                if config.strict {
                    bail!("{problem}");
                }
                warn(&problem);
                report.count(&problem);
            }
            Event::Progress(bytes) => progress.set_position(bytes),
        }
    }
    if reader.join().is_err() {
        bail!("the corpus reader thread failed");
    }
    progress.set_message("committing");
    writer
        .finish()
        .with_context(|| format!("cannot commit index at {}", config.dir.display()))?;
    progress.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    write_summary(out, &report, &config.dir)?;
    Ok(report)
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn write_summary<W: Write>(
    out: &mut W,
    report: &IndexReport,
    dir: &std::path::Path,
) -> std::io::Result<()> {
    let mb = report.bytes as f64 / 1_000_000.0;
    let rate = if report.seconds > 0.0 {
        mb / report.seconds
    } else {
        0.0
    };
    writeln!(
        out,
        "indexed {} articles ({} passages) from {} files into {}",
        report.articles,
        report.passages,
        report.files,
        dir.display()
    )?;
    let tally = |counts: &BTreeMap<&'static str, usize>| {
        let total: usize = counts.values().sum();
        let reasons: Vec<String> = counts
            .iter()
            .map(|(reason, n)| format!("{reason}: {n}"))
            .collect();
        if reasons.is_empty() {
            total.to_string()
        } else {
            format!("{total} ({})", reasons.join(", "))
        }
    };
    writeln!(
        out,
        "skipped {}; warnings {}; {} other files ignored",
        tally(&report.skipped),
        tally(&report.warnings),
        report.other_files
    )?;
    writeln!(
        out,
        "{:.1} MB in {:.2} s ({:.1} MB/s)",
        mb, report.seconds, rate
    )
}
