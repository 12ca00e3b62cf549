//! The indexing pipeline: the corpus files found, read, extracted and added to the index,
//! with incremental runs, periodic commits and removals.
//!
//! The calling thread reads the corpus and deals articles to one extraction worker per core
//! through bounded channels: memory stays flat however large the corpus, and reading, extraction
//! and tantivy's own indexing threads all run at once. What a person sees of a run (warnings,
//! progress, the summary) is the caller's: it gets every problem and position through an
//! [`Observer`], and the counts in the [`IndexReport`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use super::ledger::{ArticleRecord, ContentHash, FileStamp, Ledger};
use super::lock::{IndexLock, LockError};
use super::writer::PassageWriter;
use super::{NewsIndex, OpenError};
use crate::article::Article;
use crate::extract;
use crate::ingest::{self, Discovery, Problem};

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
    /// Remove the index first and index everything again.
    pub rebuild: bool,
    /// Keep the articles of files that are gone from the corpus.
    pub keep_deleted: bool,
    /// Set (by Ctrl-C) to stop reading, commit what is indexed and return.
    pub stop: Arc<AtomicBool>,
}

/// What one run did; printed as the summary.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct IndexReport {
    /// Article files in the corpus.
    pub files: usize,
    /// Files opened and read this run; the others were unchanged.
    pub files_read: usize,
    /// Articles read from the files read (changed or not).
    pub articles_read: usize,
    /// Articles extracted and indexed this run.
    pub articles: usize,
    pub passages: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Articles removed because their file is gone or they left their file.
    pub deleted: usize,
    /// Files not in an article format.
    pub other_files: usize,
    /// Articles and files left out, by reason.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Problems with articles that were still indexed, by reason.
    pub warnings: BTreeMap<&'static str, usize>,
    /// Size of the article files (compressed size for `.gz`).
    pub bytes: u64,
    /// Article text indexed, in bytes: the measure of work, whatever the compression.
    pub text_bytes: u64,
    pub seconds: f64,
    /// Stopped by Ctrl-C: what was indexed is committed, the rest is for the next run.
    pub interrupted: bool,
    /// Near-duplicate articles in the whole index, and the groups they form.
    pub duplicate_articles: usize,
    pub duplicate_groups: usize,
}

impl IndexReport {
    pub fn count(&mut self, problem: &Problem) {
        let tally = if problem.skips_article() {
            &mut self.skipped
        } else {
            &mut self.warnings
        };
        *tally.entry(problem.kind.reason()).or_default() += 1;
    }
}

/// What goes to an extraction worker.
// Nearly every job is an article: boxing it to shrink the rare marker would only add an
// allocation per article.
#[allow(clippy::large_enum_variant)]
enum Job {
    Article {
        article: Article,
        record: ArticleRecord,
        /// False for an id neither the index nor this run has seen: nothing to delete.
        replaces: bool,
    },
    /// Every article of a file has been dealt; the last worker to pass this records the file.
    FileDone(Arc<FileDone>),
}

struct FileDone {
    remaining: AtomicUsize,
    path: Arc<Path>,
    stamp: FileStamp,
}

/// What a run tells whoever shows it to a person.
pub trait Observer {
    /// A problem with a file or an article (counted in the report too).
    fn problem(&self, problem: &Problem);
    /// Bytes of the corpus files read so far.
    fn position(&self, bytes: u64);
    /// What the run is doing, when it is not reading ("committing"); empty when reading again.
    fn stage(&self, what: &str);
}

/// Why a run stopped. Nothing is committed on any of these paths but what was committed before.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// `--strict`, and the first problem.
    #[error("{0}")]
    Strict(Problem),
    #[error("no article files (.txt, .md, .json, .jsonl, .ndjson, optionally .gz) under {0}")]
    NoArticleFiles(String),
    #[error("cannot create index directory {}", dir.display())]
    CreateDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot remove the index at {}", dir.display())]
    Remove {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot write to index at {}: {why}", dir.display())]
    Writer { dir: PathBuf, why: String },
    #[error("cannot read the ledger of the index at {}: {error}", dir.display())]
    Ledger { dir: PathBuf, error: std::io::Error },
    #[error("cannot commit index at {}: {WRITE_FAILED}", dir.display())]
    Commit {
        dir: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("{origin}: cannot index article {id}: {WRITE_FAILED}")]
    AddArticle {
        origin: String,
        id: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("an extraction worker failed")]
    WorkerFailed,
}

/// Index the files `discovery` found (its problems were reported by the caller) as `config`
/// says; the counts of what was done, without the time it took.
pub fn run(
    config: &IndexConfig,
    discovery: &Discovery,
    observer: &dyn Observer,
) -> Result<IndexReport, IndexError> {
    let dir = || config.dir.clone();
    std::fs::create_dir_all(&config.dir)
        .map_err(|source| IndexError::CreateDir { dir: dir(), source })?;
    let _lock = IndexLock::acquire(&config.dir)?;
    if config.rebuild {
        super::remove_index_files(&config.dir)
            .map_err(|source| IndexError::Remove { dir: dir(), source })?;
    }
    let index = NewsIndex::open_or_create(&config.dir)?;
    let writer = PassageWriter::new(&index).map_err(|e| IndexError::Writer {
        dir: dir(),
        // tantivy wraps a lost ledger's own message; say it plainly.
        why: match e {
            tantivy::TantivyError::IoError(io) => io.to_string(),
            other => other.to_string(),
        },
    })?;
    let previous = writer.ledger();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    map_large_allocations();
    let mut reading = Reading {
        config,
        observer,
        previous: &previous,
        writer: &writer,
        workers,
        report: IndexReport {
            files: discovery.files.len(),
            other_files: discovery.skipped.len(),
            bytes: discovery.files.iter().map(|f| f.bytes).sum(),
            ..IndexReport::default()
        },
        seen: HashMap::new(),
        discovered: HashSet::new(),
        read_completely: HashSet::new(),
        done: 0,
        last_commit: Instant::now(),
        last_trim: Instant::now(),
    };
    // Set by a worker that dropped an article because the run was asked to stop: no file is
    // recorded as read from then on, so the next run reads those files again.
    let abandoned = AtomicBool::new(false);
    let totals = std::thread::scope(|scope| -> Result<WorkerTotals, IndexError> {
        // Extraction runs on every core. Articles are dealt to workers by id, so all versions of
        // one id go through one worker in corpus order and the last version wins.
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (sender, receiver) = mpsc::sync_channel::<Job>(READ_AHEAD);
            senders.push(sender);
            let writer = &writer;
            let stop = &*config.stop;
            let abandoned = &abandoned;
            handles.push(scope.spawn(move || extract_and_add(receiver, writer, stop, abandoned)));
        }
        reading.read_files(&discovery.files, &senders)?;
        drop(senders);
        let mut totals = WorkerTotals::default();
        for handle in handles {
            let worker = handle.join().map_err(|_| IndexError::WorkerFailed)??;
            totals.articles += worker.articles;
            totals.passages += worker.passages;
            totals.text_bytes += worker.text_bytes;
        }
        Ok(totals)
    })?;
    let Reading {
        mut report,
        seen,
        discovered,
        read_completely,
        ..
    } = reading;
    // Asked to stop after the last file was read: workers dropped what they still held.
    if abandoned.load(Ordering::SeqCst) || config.stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    report.articles = totals.articles;
    report.passages = totals.passages;
    report.text_bytes = totals.text_bytes;
    // An interrupted run has not seen the whole corpus, so it cannot tell what is gone.
    if !report.interrupted && !config.keep_deleted {
        let gone = gone_files(&config.paths, &discovered, discovery.walked_everything());
        let removed = previous
            .removed_articles(&|id| seen.contains_key(id), &read_completely, &|path| {
                gone(path)
            })
            .map_err(|error| IndexError::Ledger { dir: dir(), error })?;
        writer.remove_articles(&removed);
        report.deleted = removed.len();
        for path in previous
            .files()
            .map_err(|error| IndexError::Ledger { dir: dir(), error })?
        {
            if gone(&path) {
                writer.forget_file(&path);
            }
        }
    }
    observer.stage("committing");
    writer
        .finish()
        .map_err(|source| IndexError::Commit { dir: dir(), source })?;
    // Each commit saved the near-duplicate groups of the whole index (any change can regroup
    // any article); opening reads them back.
    let duplicates = NewsIndex::open(&config.dir)?.duplicates;
    report.duplicate_groups = duplicates.group_count();
    report.duplicate_articles = duplicates.articles();
    Ok(report)
}

/// The reading side of a run, on the calling thread: which files and articles are new or
/// changed, dealt to the workers, with periodic commits.
struct Reading<'r> {
    config: &'r IndexConfig,
    observer: &'r dyn Observer,
    previous: &'r Ledger,
    writer: &'r PassageWriter,
    workers: usize,
    report: IndexReport,
    /// Ids read this run, with where, to name both places when an id comes twice.
    seen: HashMap<String, (Arc<Path>, Option<usize>)>,
    discovered: HashSet<Arc<Path>>,
    read_completely: HashSet<Arc<Path>>,
    /// Bytes of the files done, for the progress.
    done: u64,
    last_commit: Instant,
    last_trim: Instant,
}

/// Whether reading goes on.
#[derive(PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

impl Reading<'_> {
    fn ledger_err(&self, error: std::io::Error) -> IndexError {
        IndexError::Ledger {
            dir: self.config.dir.clone(),
            error,
        }
    }

    /// Reads every file the ledger does not hold as it is, until done or asked to stop.
    fn read_files(
        &mut self,
        files: &[ingest::SourceFile],
        senders: &[mpsc::SyncSender<Job>],
    ) -> Result<(), IndexError> {
        for file in files {
            let key = ledger_key(&file.path);
            self.discovered.insert(Arc::clone(&key));
            if self.config.stop.load(Ordering::Relaxed) {
                self.report.interrupted = true;
                break;
            }
            let Some(stamp) = self.changed_stamp(file, &key)? else {
                continue;
            };
            if self.read_file(file, key, stamp, senders)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }

    /// The new stamp of a file to read; `None` for one the ledger holds as it is (counted as
    /// unchanged) or one that cannot be read (a problem).
    fn changed_stamp(
        &mut self,
        file: &ingest::SourceFile,
        key: &Arc<Path>,
    ) -> Result<Option<FileStamp>, IndexError> {
        let indexed = self.previous.file(key).map_err(|e| self.ledger_err(e))?;
        match file_stamp(&file.path, indexed.as_ref()) {
            Ok(Freshness::Changed(stamp)) => Ok(Some(stamp)),
            Ok(fresh) => {
                self.report.unchanged += self
                    .previous
                    .count_of(key)
                    .map_err(|e| self.ledger_err(e))?;
                // Same bytes, new modification time: nothing to read.
                if let Freshness::Touched(stamp) = fresh {
                    self.writer.record_file(Arc::clone(key), stamp);
                }
                self.done += file.bytes;
                Ok(None)
            }
            Err(e) => {
                let kind = ingest::ProblemKind::Unreadable(ingest::io_message(&e));
                let problem = Problem::new(&file.path, None, kind);
                if self.config.strict {
                    return Err(IndexError::Strict(problem));
                }
                self.observer.problem(&problem);
                self.report.count(&problem);
                Ok(None)
            }
        }
    }

    /// Reads one file and deals its new and changed articles to the workers; a file read in
    /// full is recorded once every worker has passed its marker.
    fn read_file(
        &mut self,
        file: &ingest::SourceFile,
        key: Arc<Path>,
        stamp: FileStamp,
        senders: &[mpsc::SyncSender<Job>],
    ) -> Result<Flow, IndexError> {
        self.report.files_read += 1;
        let display_path: Arc<Path> = Arc::from(file.path.as_path());
        let mut complete = true;
        let mut items = ingest::read_file(file);
        while let Some(item) = items.next() {
            match item {
                Ok(article) => {
                    let Some((worker, job)) =
                        self.job_for(article, &key, &display_path, &file.path)?
                    else {
                        continue;
                    };
                    // A worker only hangs up on an error, which its join reports.
                    if senders[worker].send(job).is_err() {
                        return Ok(Flow::Stop);
                    }
                }
                // Nothing is committed on this path: the index stays as it was.
                Err(problem) if self.config.strict => return Err(IndexError::Strict(problem)),
                Err(problem) => {
                    complete &= !problem.hides_articles();
                    self.observer.problem(&problem);
                    self.report.count(&problem);
                }
            }
            if self.between_articles(items.bytes_read())? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        self.done += file.bytes;
        // A file that may hide an article (a line that is not JSON, a read error) is read
        // again next run (and its problem reported again), and none of its articles counts
        // as removed from it. An empty body is no such problem: the file was read in full.
        if complete {
            self.read_completely.insert(Arc::clone(&key));
            let marker = Arc::new(FileDone {
                remaining: AtomicUsize::new(self.workers),
                path: key,
                stamp,
            });
            for sender in senders {
                if sender.send(Job::FileDone(Arc::clone(&marker))).is_err() {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Go)
    }

    /// The worker and job for an article read from `key`: `None` when the ledger holds it as
    /// it is (counted unchanged). A second article of an id this run has read is a problem named
    /// with both places, and still indexed: the last version wins.
    fn job_for(
        &mut self,
        article: Article,
        key: &Arc<Path>,
        display_path: &Arc<Path>,
        path: &Path,
    ) -> Result<Option<(usize, Job)>, IndexError> {
        self.report.articles_read += 1;
        let hash = ContentHash::of_article(&article);
        let record = ArticleRecord {
            hash,
            file: Arc::clone(key),
        };
        let here = (Arc::clone(display_path), article.origin.line);
        // Whether the index may already hold passages under this id, which the new ones
        // must replace.
        let mut replaces = true;
        if let Some(first) = self.seen.insert(article.id.clone(), here) {
            let problem = Problem::new(
                path,
                article.origin.line,
                ingest::ProblemKind::DuplicateId {
                    id: article.id.clone(),
                    first: location(&first.0, first.1),
                },
            );
            self.observer.problem(&problem);
            self.report.count(&problem);
        } else {
            match self
                .previous
                .article(&article.id)
                .map_err(|e| self.ledger_err(e))?
            {
                Some(old) if old.hash == hash => {
                    self.report.unchanged += 1;
                    if old.file != *key {
                        self.writer.record_unchanged(&article.id, record);
                    }
                    return Ok(None);
                }
                Some(_) => self.report.changed += 1,
                None => {
                    self.report.new += 1;
                    replaces = false;
                }
            }
        }
        let worker = shard_of(&article.id, self.workers);
        Ok(Some((
            worker,
            Job::Article {
                article,
                record,
                replaces,
            },
        )))
    }

    /// Progress, memory trimming and periodic commits between two articles of a file at
    /// `bytes_read`; `Stop` when the run was asked to stop.
    fn between_articles(&mut self, bytes_read: u64) -> Result<Flow, IndexError> {
        self.observer.position(self.done + bytes_read);
        if self.last_trim.elapsed() >= TRIM_EVERY {
            release_free_memory();
            self.last_trim = Instant::now();
        }
        if self.last_commit.elapsed() >= self.config.commit_every {
            self.observer.stage("committing");
            self.writer.commit().map_err(|source| IndexError::Commit {
                dir: self.config.dir.clone(),
                source,
            })?;
            self.observer.stage("");
            self.last_commit = Instant::now();
        }
        if self.config.stop.load(Ordering::Relaxed) {
            self.report.interrupted = true;
            return Ok(Flow::Stop);
        }
        Ok(Flow::Go)
    }
}

/// The path a file is known by in the ledger: canonical, so that indexing from another
/// working directory or through a symlink finds the same file.
fn ledger_key(path: &Path) -> Arc<Path> {
    Arc::from(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn location(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

/// Whether a file must be read again.
enum Freshness {
    /// Same size and modification time as when it was indexed: not even opened.
    Unchanged,
    /// Different time, same bytes.
    Touched(FileStamp),
    /// New or different: read it.
    Changed(FileStamp),
}

fn file_stamp(path: &Path, indexed: Option<&FileStamp>) -> std::io::Result<Freshness> {
    let quick = FileStamp::quick(&std::fs::metadata(path)?);
    if indexed.is_some_and(|old| old.same_quick(quick)) {
        return Ok(Freshness::Unchanged);
    }
    let stamp = FileStamp {
        size: quick.0,
        modified: quick.1,
        hash: ContentHash::of_file(path)?,
    };
    Ok(match indexed {
        Some(old) if old.hash == stamp.hash => Freshness::Touched(stamp),
        _ => Freshness::Changed(stamp),
    })
}

/// Decides whether a file of the ledger that this run did not find is gone: it no longer
/// exists, or it lies under a folder this run walked without trouble. A file in a folder that
/// could not be read is not gone, and neither is one outside this run's corpus paths (indexing
/// one folder after another into one index keeps both).
fn gone_files<'a>(
    roots: &[PathBuf],
    discovered: &'a HashSet<Arc<Path>>,
    walk_was_clean: bool,
) -> impl Fn(&Path) -> bool + 'a {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();
    move |path: &Path| {
        if discovered.contains(path) {
            return false;
        }
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(_) => false,
            Ok(_) => walk_was_clean && roots.iter().any(|root| path.starts_with(root)),
        }
    }
}

#[derive(Debug, Default)]
struct WorkerTotals {
    articles: usize,
    passages: usize,
    text_bytes: u64,
}

/// One extraction worker: annotate each article it is dealt and add its passages. Once `stop`
/// is set it drops what is left (mid-article in a long body) and sets `abandoned`.
fn extract_and_add(
    jobs: mpsc::Receiver<Job>,
    writer: &PassageWriter,
    stop: &AtomicBool,
    abandoned: &AtomicBool,
) -> Result<WorkerTotals, IndexError> {
    let mut totals = WorkerTotals::default();
    let stopped = || stop.load(Ordering::Relaxed);
    for job in jobs {
        match job {
            Job::Article {
                article,
                record,
                replaces,
            } => {
                let Some(annotated) = extract::annotate_unless(&article, &stopped) else {
                    abandoned.store(true, Ordering::SeqCst);
                    continue;
                };
                totals.passages += writer
                    .add_tracked(&article, &annotated, record, replaces)
                    .map_err(|source| IndexError::AddArticle {
                        origin: article.origin.to_string(),
                        id: article.id.clone(),
                        source,
                    })?;
                totals.articles += 1;
                totals.text_bytes += article.body.len() as u64;
            }
            Job::FileDone(file) => {
                if file.remaining.fetch_sub(1, Ordering::AcqRel) == 1
                    && !abandoned.load(Ordering::SeqCst)
                {
                    writer.record_file(Arc::clone(&file.path), file.stamp);
                }
            }
        }
    }
    Ok(totals)
}

/// What a failed write most likely means, and that nothing committed is lost.
const WRITE_FAILED: &str =
    "writing the index failed (disk full or not writable?); the last commit is intact: \
     free space and run the same command again";

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

/// Serve every allocation of 256 KiB or more with a mapping of its own, returned to the system
/// when freed. glibc otherwise raises that threshold each time such a block is freed, up to
/// 32 MiB, and then serves tantivy's large indexing buffers from the heap, where they
/// fragment it: peak memory grew by 12% for the AllSides corpus indexed twice over, against
/// 7% with the threshold fixed (and the peak itself fell from 406 to 359 MiB).
///
/// Fixing that threshold also fixes the trim threshold at its 128 KiB default, so every free
/// that left 128 KiB at the top of a thread's heap gave it back to the kernel, only for the
/// next article to fault it in again: half the indexer's system time on 10,000 AllSides
/// articles. Keeping up to 16 MiB per heap halved it, with the same peak; `malloc_trim` after
/// each flush still returns the rest.
fn map_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator settings; it has no preconditions, and a
    // refusal (return 0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    }
}

/// The worker an article id goes to.
fn shard_of(id: &str, workers: usize) -> usize {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    (hasher.finish() % workers.max(1) as u64) as usize
}
