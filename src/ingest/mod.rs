//! Ingest: from corpus paths to `Article`s.
//!
//! `discover` walks the given files and folders (sorted, so index order and tests are
//! reproducible) and classifies each file by extension; `read_file` streams the articles of one
//! file. Nothing here aborts on bad input: every problem comes out as a `Problem` naming the
//! file (and line), and the caller decides whether it is fatal (`--strict`) or a warning.

mod json;
mod lines;
mod published;
mod text;
mod walk;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use serde_json::Value;

pub use self::published::parse_published;
pub use self::walk::discover;
use crate::article::{Article, Origin};

/// The article formats newsdex reads, each possibly gzipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt` / `.md`: optional `Key: value` header, blank line, body.
    Text,
    /// `.json`: one article object or an array of them.
    Json,
    /// `.jsonl` / `.ndjson`: one article a line.
    JsonLines,
}

/// A file that will be read as articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub format: Format,
    pub gzip: bool,
    /// Size on disk (compressed size for `.gz`), for progress and MB/s.
    pub bytes: u64,
}

/// The result of walking the corpus paths.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<SourceFile>,
    /// Files that are not in an article format (counted, not read).
    pub skipped: Vec<PathBuf>,
    /// Paths that could not be walked (missing, unreadable directory, symlink loop).
    pub problems: Vec<Problem>,
}

/// Something wrong with one file or one article in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {kind}", self.location())]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line, where the format has lines that matter (JSON Lines, a JSON parse error).
    pub line: Option<usize>,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, kind: ProblemKind) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            kind,
        }
    }

    /// `path:line` or `path`.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{}", self.path.display(), line),
            None => self.path.display().to_string(),
        }
    }
}

/// Why a file or an article was (partly) rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("not valid UTF-8")]
    InvalidUtf8,
    #[error("not valid JSON: {0}")]
    BadJson(String),
    #[error("not an article: {0}")]
    NotAnArticle(String),
    #[error("empty body")]
    EmptyBody,
    /// The article is still read, without a publication date.
    #[error("unrecognised date {0:?}; indexed without a date")]
    BadDate(String),
}

impl ProblemKind {
    /// A short, stable label to count problems by in the index summary.
    pub fn reason(&self) -> &'static str {
        match self {
            ProblemKind::Unreadable(_) => "unreadable",
            ProblemKind::InvalidUtf8 => "invalid UTF-8",
            ProblemKind::BadJson(_) => "bad JSON",
            ProblemKind::NotAnArticle(_) => "not an article",
            ProblemKind::EmptyBody => "empty body",
            ProblemKind::BadDate(_) => "bad date",
        }
    }
}

impl Problem {
    /// Whether the article (or file) was left out; `false` for warnings about an article that is
    /// still indexed (a date that could not be understood).
    pub fn skips_article(&self) -> bool {
        !matches!(self.kind, ProblemKind::BadDate(_))
    }
}

/// Stream the articles of one file. Opening errors come out as the first item, so the caller
/// has one place to handle every problem. A `BadDate` problem is followed by its article.
pub fn read_file(file: &SourceFile) -> FileArticles {
    FileArticles {
        path: file.path.clone(),
        bytes_read: Arc::new(AtomicU64::new(0)),
        state: State::Unopened(file.format, file.gzip),
        pending: VecDeque::new(),
    }
}

/// Iterator over one file's articles.
pub struct FileArticles {
    path: PathBuf,
    /// Shared with the counting reader under the gzip decoder and the buffers.
    bytes_read: Arc<AtomicU64>,
    state: State,
    /// Items decided but not yet handed out (a `BadDate` and its article).
    pending: VecDeque<Result<Article, Problem>>,
}

enum State {
    /// Opened on the first `next`, so that creating the iterator is free and cannot fail.
    Unopened(Format, bool),
    Lines(JsonLines),
    Array(std::vec::IntoIter<Value>, usize),
    Done,
}

struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    line: usize,
    max_line: usize,
}

impl FileArticles {
    /// Bytes of the file consumed so far (compressed bytes for `.gz`), for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    fn problem(&self, line: Option<usize>, kind: ProblemKind) -> Problem {
        Problem::new(&self.path, line, kind)
    }

    fn open(&mut self, format: Format, gzip: bool) -> io::Result<Box<dyn BufRead + Send>> {
        let file = File::open(&self.path)?;
        let counted = Counting {
            inner: file,
            count: Arc::clone(&self.bytes_read),
        };
        Ok(if gzip {
            Box::new(BufReader::new(MultiGzDecoder::new(counted)))
        } else if format == Format::JsonLines {
            Box::new(BufReader::with_capacity(1 << 16, counted))
        } else {
            Box::new(BufReader::new(counted))
        })
    }

    /// Open the file and decide the state; whole-file formats are read and parsed here.
    fn start(&mut self, format: Format, gzip: bool) -> State {
        let mut reader = match self.open(format, gzip) {
            Ok(r) => r,
            Err(e) => {
                let problem = self.problem(None, ProblemKind::Unreadable(io_message(&e)));
                self.pending.push_back(Err(problem));
                return State::Done;
            }
        };
        if format == Format::JsonLines {
            return State::Lines(JsonLines {
                reader,
                buf: Vec::new(),
                line: 0,
                max_line: lines::MAX_LINE,
            });
        }
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes) {
            let problem = self.problem(None, ProblemKind::Unreadable(io_message(&e)));
            self.pending.push_back(Err(problem));
            return State::Done;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            self.pending
                .push_back(Err(self.problem(None, ProblemKind::InvalidUtf8)));
            return State::Done;
        };
        if format == Format::Text {
            let id = self.path.display().to_string();
            self.finish(text::parse(&text), None, id);
            return State::Done;
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => State::Array(items.into_iter(), 0),
            Ok(value) => {
                self.push_value(value, None, self.path.display().to_string());
                State::Done
            }
            Err(e) => {
                let kind = ProblemKind::BadJson(json::json_message(&e));
                let line = Some(e.line()).filter(|l| *l > 0);
                self.pending.push_back(Err(self.problem(line, kind)));
                State::Done
            }
        }
    }

    fn push_value(&mut self, value: Value, line: Option<usize>, fallback_id: String) {
        match json::draft(value) {
            Ok(draft) => self.finish(draft, line, fallback_id),
            Err(why) => {
                let problem = self.problem(line, ProblemKind::NotAnArticle(why));
                self.pending.push_back(Err(problem));
            }
        }
    }

    /// Check a draft and queue what it gives: a problem, or an article (after its date warning).
    fn finish(&mut self, draft: Draft, line: Option<usize>, fallback_id: String) {
        if draft.body.trim().is_empty() {
            self.pending
                .push_back(Err(self.problem(line, ProblemKind::EmptyBody)));
            return;
        }
        let published = match draft.date {
            RawDate::Missing => None,
            RawDate::Text(s) if s.trim().is_empty() => None,
            RawDate::Text(s) => {
                let parsed = parse_published(&s);
                if parsed.is_none() {
                    self.pending
                        .push_back(Err(self.problem(line, ProblemKind::BadDate(s))));
                }
                parsed
            }
            RawDate::Epoch(n) => {
                let parsed = published::from_epoch(n);
                if parsed.is_none() {
                    let kind = ProblemKind::BadDate(n.to_string());
                    self.pending.push_back(Err(self.problem(line, kind)));
                }
                parsed
            }
            RawDate::Unsupported(s) => {
                self.pending
                    .push_back(Err(self.problem(line, ProblemKind::BadDate(s))));
                None
            }
        };
        let url = draft
            .url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let id = draft
            .id
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .or_else(|| url.clone())
            .unwrap_or(fallback_id);
        self.pending.push_back(Ok(Article {
            id,
            title: draft.title,
            published,
            source: draft.source,
            url,
            author: draft.author,
            body: draft.body,
            origin: Origin {
                path: self.path.clone(),
                line,
            },
        }));
    }

    /// Read JSON Lines until something is queued or the file ends.
    fn next_line(&mut self, lines: &mut JsonLines) -> bool {
        loop {
            let read = lines::read_line(&mut lines.reader, &mut lines.buf, lines.max_line);
            lines.line += 1;
            let line = Some(lines.line);
            match read {
                Ok(lines::Line::Eof) => return false,
                Err(e) => {
                    // A corrupt gzip stream or a failing disk: nothing after this can be trusted.
                    let problem = self.problem(line, ProblemKind::Unreadable(io_message(&e)));
                    self.pending.push_back(Err(problem));
                    return false;
                }
                Ok(lines::Line::TooLong) => {
                    let why = format!("line longer than {} MiB", lines.max_line >> 20);
                    self.pending
                        .push_back(Err(self.problem(line, ProblemKind::Unreadable(why))));
                    return true;
                }
                Ok(lines::Line::Read) => {}
            }
            let mut bytes = lines.buf.as_slice();
            if lines.line == 1 {
                bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Ok(text) = std::str::from_utf8(bytes) else {
                self.pending
                    .push_back(Err(self.problem(line, ProblemKind::InvalidUtf8)));
                return true;
            };
            match serde_json::from_str::<Value>(text) {
                Ok(value) => {
                    let id = format!("{}:{}", self.path.display(), lines.line);
                    self.push_value(value, line, id);
                }
                Err(e) => {
                    let kind = ProblemKind::BadJson(json::json_message(&e));
                    self.pending.push_back(Err(self.problem(line, kind)));
                }
            }
            return true;
        }
    }
}

impl Iterator for FileArticles {
    type Item = Result<Article, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            let state = std::mem::replace(&mut self.state, State::Done);
            self.state = match state {
                State::Done => return None,
                State::Unopened(format, gzip) => self.start(format, gzip),
                State::Lines(mut lines) => {
                    if self.next_line(&mut lines) {
                        State::Lines(lines)
                    } else {
                        State::Done
                    }
                }
                State::Array(mut items, index) => match items.next() {
                    Some(value) => {
                        let id = format!("{}#{}", self.path.display(), index + 1);
                        self.push_value(value, None, id);
                        State::Array(items, index + 1)
                    }
                    None => State::Done,
                },
            };
        }
    }
}

/// Counts the bytes taken from the file, under any decompression, for `bytes_read`.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What a reader found for one article, before the id, date and body are checked.
#[derive(Debug, Default, PartialEq)]
struct Draft {
    id: Option<String>,
    title: String,
    date: RawDate,
    source: Option<String>,
    url: Option<String>,
    author: Option<String>,
    body: String,
}

/// A publication date as found, parsed in `finish` so every format reports problems alike.
#[derive(Debug, Default, PartialEq)]
enum RawDate {
    #[default]
    Missing,
    Text(String),
    /// A JSON number: epoch seconds, or milliseconds.
    Epoch(f64),
    /// A value that cannot be a date (`true`, a list), as JSON.
    Unsupported(String),
}

/// An I/O error as a lowercase message without the "(os error 2)" tail.
fn io_message(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound {
        return "no such file or directory".to_string();
    }
    let full = e.to_string();
    let trimmed = match full.rfind(" (os error ") {
        Some(at) if full.ends_with(')') => full.get(..at).unwrap_or(&full),
        _ => &full,
    };
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => trimmed.to_string(),
    }
}
