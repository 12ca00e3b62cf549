//! `newsdex index`: read the corpus, extract, write passages, commit, summarise.
//!
//! The calling thread reads the corpus and deals articles to one extraction worker per core
//! through bounded channels: memory stays flat however large the corpus, and reading, extraction
//! and tantivy's own indexing threads all run at once.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
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

/// Articles read ahead of each extraction worker: enough to keep it busy, few enough that memory
/// stays flat however large the corpus.
const READ_AHEAD: usize = 64;

#[derive(Debug, Clone)]
pub struct IndexConfig {
    pub paths: Vec<PathBuf>,
    pub dir: PathBuf,
    pub strict: bool,
    pub quiet: bool,
    /// Commit at least this often, so an interrupted run keeps what it had indexed.
    pub commit_every: Duration,
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
    /// Size of the files read (compressed size for `.gz`).
    pub bytes: u64,
    /// Article text indexed, in bytes: the measure of work, whatever the compression.
    pub text_bytes: u64,
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
    let writer = PassageWriter::new(&index).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
            "{} is being indexed by another newsdex process; wait for it to finish",
            config.dir.display()
        ),
        other => anyhow::Error::new(other)
            .context(format!("cannot write to index at {}", config.dir.display())),
    })?;

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let totals = std::thread::scope(|scope| -> anyhow::Result<WorkerTotals> {
        // Extraction runs on every core. Articles are dealt to workers by id, so all versions of
        // one id go through one worker in corpus order and the last version wins.
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (sender, receiver) = mpsc::sync_channel::<Article>(READ_AHEAD);
            senders.push(sender);
            let writer = &writer;
            handles.push(scope.spawn(move || extract_and_add(receiver, writer)));
        }
        let mut done: u64 = 0;
        let mut last_commit = Instant::now();
        let mut last_trim = Instant::now();
        'files: for file in &discovery.files {
            let mut items = ingest::read_file(file);
            while let Some(item) = items.next() {
                match item {
                    Ok(article) => {
                        let worker = shard_of(&article.id, workers);
                        // A worker only hangs up on an error, which its join reports below.
                        if senders[worker].send(article).is_err() {
                            break 'files;
                        }
                    }
                    // Nothing is committed on this path: the index stays as it was.
                    Err(problem) if config.strict => bail!("{problem}"),
                    Err(problem) => {
                        warn(&problem);
                        report.count(&problem);
                    }
                }
                progress.set_position(done + items.bytes_read());
                if last_trim.elapsed() >= TRIM_EVERY {
                    release_free_memory();
                    last_trim = Instant::now();
                }
                if last_commit.elapsed() >= config.commit_every {
                    progress.set_message("committing");
                    writer.commit().with_context(|| {
                        format!("cannot commit index at {}", config.dir.display())
                    })?;
                    progress.set_message("");
                    last_commit = Instant::now();
                }
            }
            done += file.bytes;
        }
        drop(senders);
        let mut totals = WorkerTotals::default();
        for handle in handles {
            let worker = handle
                .join()
                .map_err(|_| anyhow::anyhow!("an extraction worker failed"))??;
            totals.articles += worker.articles;
            totals.passages += worker.passages;
            totals.text_bytes += worker.text_bytes;
        }
        Ok(totals)
    })?;
    report.articles = totals.articles;
    report.passages = totals.passages;
    report.text_bytes = totals.text_bytes;
    progress.set_message("committing");
    writer
        .finish()
        .with_context(|| format!("cannot commit index at {}", config.dir.display()))?;
    progress.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    write_summary(out, &report, &config.dir)?;
    Ok(report)
}

#[derive(Debug, Default)]
struct WorkerTotals {
    articles: usize,
    passages: usize,
    text_bytes: u64,
}

/// One extraction worker: annotate each article it is dealt and add its passages.
fn extract_and_add(
    articles: mpsc::Receiver<Article>,
    writer: &PassageWriter,
) -> anyhow::Result<WorkerTotals> {
    let mut totals = WorkerTotals::default();
    for article in articles {
        let annotated = extract::annotate(&article);
        totals.passages += writer
            .add_article(&article, &annotated)
            .with_context(|| format!("{}: cannot index article {}", article.origin, article.id))?;
        totals.articles += 1;
        totals.text_bytes += article.body.len() as u64;
    }
    Ok(totals)
}

/// How often freed memory is handed back to the system while indexing.
const TRIM_EVERY: Duration = Duration::from_secs(2);

/// Hand memory that threads have freed back to the system. glibc keeps what tantivy's indexing
/// threads free after each segment flush in per-thread arenas; without this, peak memory grew
/// with the size of the corpus instead of staying near the writer's budget.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused heap pages to the kernel; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The worker an article id goes to.
fn shard_of(id: &str, workers: usize) -> usize {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    (hasher.finish() % workers.max(1) as u64) as usize
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
    let text_mb = report.text_bytes as f64 / 1_000_000.0;
    let rate = if report.seconds > 0.0 {
        text_mb / report.seconds
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
        "{:.1} MB of files, {:.1} MB of text in {:.2} s ({:.1} MB/s of text)",
        report.bytes as f64 / 1_000_000.0,
        text_mb,
        report.seconds,
        rate
    )
}
