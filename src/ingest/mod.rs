//! Ingest: from corpus paths to `Article`s.
//!
//! `discover` walks the given files and folders (sorted, so index order and tests are
//! reproducible) and classifies each file by extension; `read_file` streams the articles of one
//! file. Nothing here aborts on bad input: every problem comes out as a `Problem` naming the
//! file (and line), and the caller decides whether it is fatal (`--strict`) or a warning.

mod json;
pub mod lines;
mod published;
mod text;
mod walk;
pub mod warnings;

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

impl Discovery {
    /// Whether every folder was walked in full, so that a file the index holds and the walk
    /// did not find under them is gone. A FIFO named like an article hides nothing.
    pub fn walked_everything(&self) -> bool {
        self.problems
            .iter()
            .all(|p| matches!(p.kind, ProblemKind::NotRegular(_)))
    }
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
    /// A FIFO, socket or device where an article file would be: never opened (it could block
    /// or never end). Nothing is hidden behind it, unlike an unreadable folder.
    #[error("cannot read: not a regular file ({0}); not read")]
    NotRegular(&'static str),
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
    /// The article is still read, without a publication date.
    #[error("date {0:?} is outside the dates newsdex can store ({first} to {last}); indexed without a date",
        first = crate::article::storable_days().0, last = crate::article::storable_days().1)]
    DateOutOfRange(String),
    /// The id came before in this run; this later version replaces the earlier one.
    #[error("id {id:?} also at {first}; keeping this later version")]
    DuplicateId { id: String, first: String },
}

impl ProblemKind {
    /// A short, stable label to count problems by in the index summary.
    pub fn reason(&self) -> &'static str {
        match self {
            ProblemKind::Unreadable(_) | ProblemKind::NotRegular(_) => "unreadable",
            ProblemKind::InvalidUtf8 => "invalid UTF-8",
            ProblemKind::BadJson(_) => "bad JSON",
            ProblemKind::NotAnArticle(_) => "not an article",
            ProblemKind::EmptyBody => "empty body",
            ProblemKind::BadDate(_) | ProblemKind::DateOutOfRange(_) => "bad date",
            ProblemKind::DuplicateId { .. } => "duplicate id",
        }
    }
}

impl Problem {
    /// Whether the article (or file) was left out; `false` for warnings about an article that is
    /// still indexed (a date that could not be understood).
    pub fn skips_article(&self) -> bool {
        !matches!(
            self.kind,
            ProblemKind::BadDate(_)
                | ProblemKind::DateOutOfRange(_)
                | ProblemKind::DuplicateId { .. }
        )
    }

    /// Whether the file may hold an article this run could not see: then none of the articles
    /// indexed from it counts as removed. A well-formed record that is no article (an empty
    /// body, an object without text) is read in full and simply not indexed, as a fresh build
    /// would not index it; a line that is not JSON, bad UTF-8 or a read error may be a damaged
    /// version of an article the index holds.
    pub fn hides_articles(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Unreadable(_) | ProblemKind::InvalidUtf8 | ProblemKind::BadJson(_)
        )
    }
}

/// Stream the articles of one file. Opening errors come out as the first item, so the caller
/// has one place to handle every problem. A `BadDate` problem is followed by its article.
pub fn read_file(file: &SourceFile) -> FileArticles {
    FileArticles {
        path: file.path.clone(),
        bytes: None,
        bytes_read: Arc::new(AtomicU64::new(0)),
        state: State::Unopened(file.format, file.gzip),
        pending: VecDeque::new(),
        max_line: lines::MAX_LINE,
        max_whole_file: MAX_WHOLE_FILE,
    }
}

/// Read articles from bytes already in memory, as `read_file` would read them from a file with
/// that content: the same decoding, parsing and problems, with `path` only naming the source.
/// For fuzzing and for callers that hold the data themselves.
pub fn read_bytes(path: &Path, format: Format, gzip: bool, bytes: Vec<u8>) -> FileArticles {
    FileArticles {
        path: path.to_path_buf(),
        bytes: Some(bytes),
        bytes_read: Arc::new(AtomicU64::new(0)),
        state: State::Unopened(format, gzip),
        pending: VecDeque::new(),
        max_line: lines::MAX_LINE,
        max_whole_file: MAX_WHOLE_FILE,
    }
}

/// Iterator over one file's articles.
pub struct FileArticles {
    path: PathBuf,
    /// The content, when given in memory (`read_bytes`) instead of read from `path`.
    bytes: Option<Vec<u8>>,
    /// Shared with the counting reader under the gzip decoder and the buffers.
    bytes_read: Arc<AtomicU64>,
    state: State,
    /// Items decided but not yet handed out (a `BadDate` and its article).
    pending: VecDeque<Result<Article, Problem>>,
    /// `lines::MAX_LINE`, lowered by tests.
    max_line: usize,
    /// `MAX_WHOLE_FILE`, lowered by tests.
    max_whole_file: usize,
}

/// The largest `.json` / `.txt` file read (after decompression): these formats are parsed
/// whole, so a bigger one (or a gzip bomb) would take that much memory. JSON Lines streams and
/// has no such limit.
const MAX_WHOLE_FILE: usize = 256 << 20;

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
        let source: Box<dyn Read + Send> = match self.bytes.take() {
            Some(bytes) => Box::new(io::Cursor::new(bytes)),
            None => Box::new(File::open(&self.path)?),
        };
        let counted = Counting {
            inner: source,
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
        let reader = match self.open(format, gzip) {
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
                max_line: self.max_line,
            });
        }
        let mut bytes = Vec::new();
        if let Err(e) = reader
            .take(self.max_whole_file as u64 + 1)
            .read_to_end(&mut bytes)
        {
            let problem = self.problem(None, ProblemKind::Unreadable(io_message(&e)));
            self.pending.push_back(Err(problem));
            return State::Done;
        }
        if bytes.len() > self.max_whole_file {
            let why = format!(
                "larger than {} (decompressed); store big dumps as JSON Lines, one article a line",
                size(self.max_whole_file)
            );
            self.pending
                .push_back(Err(self.problem(None, ProblemKind::Unreadable(why))));
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
        let published = match &draft.date {
            RawDate::Missing => None,
            RawDate::Text(s) if s.trim().is_empty() => None,
            RawDate::Text(s) => {
                let parsed = parse_published(s);
                if parsed.is_none() {
                    let kind = ProblemKind::BadDate(s.clone());
                    self.pending.push_back(Err(self.problem(line, kind)));
                }
                parsed
            }
            RawDate::Epoch(n) => {
                let parsed = published::from_epoch(*n);
                if parsed.is_none() {
                    let kind = ProblemKind::BadDate(n.to_string());
                    self.pending.push_back(Err(self.problem(line, kind)));
                }
                parsed
            }
            RawDate::Unsupported(s) => {
                let kind = ProblemKind::BadDate(s.clone());
                self.pending.push_back(Err(self.problem(line, kind)));
                None
            }
        };
        let published = match published {
            Some(time) if !crate::article::storable(time) => {
                let written = match &draft.date {
                    RawDate::Text(s) | RawDate::Unsupported(s) => s.clone(),
                    RawDate::Epoch(n) => n.to_string(),
                    RawDate::Missing => String::new(),
                };
                let kind = ProblemKind::DateOutOfRange(written);
                self.pending.push_back(Err(self.problem(line, kind)));
                None
            }
            other => other,
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
                    let why = format!("line longer than {}", size(lines.max_line));
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

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// An I/O error as a lowercase message without the "(os error 2)" tail.
pub fn io_message(e: &io::Error) -> String {
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use chrono::{NaiveDate, NaiveDateTime};
    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    /// Reuters-21578 #3, as in /work/shared/data/news/reuters-1987.jsonl.
    const REUTERS_3: &str = r#"{"id": "reuters21578-3", "title": "TEXAS COMMERCE BANCSHARES <TCB> FILES PLAN", "date": "1987-02-26T15:03:27.510", "source": "Reuters", "url": null, "body": "Texas Commerce Bancshares Inc's Texas\nCommerce Bank-Houston said it filed an application with the\nComptroller of the Currency in an effort to create the largest\nbanking network in Harris County.\n    The bank said the network would link 31 banks having\n13.5 billion dlrs in assets and 7.5 billion dlrs in deposits.\n       \n Reuter\n\u0003", "meta": {"newid": "3", "dateline": "HOUSTON, Feb 26 -"}}"#;
    const REUTERS_3_BODY: &str = "Texas Commerce Bancshares Inc's Texas\nCommerce Bank-Houston \
said it filed an application with the\nComptroller of the Currency in an effort to create the \
largest\nbanking network in Harris County.\n    The bank said the network would link 31 banks \
having\n13.5 billion dlrs in assets and 7.5 billion dlrs in deposits.\n       \n Reuter\n\u{3}";

    /// The opening of the first AllSides article (New York Times, 2016-09-20).
    const ALLSIDES: &str = "Besides his most recent trip to Quetta, Mr. Rahami visited Karachi, \
Pakistan, in 2005. Both of those cities’ reputations have become entwined with the militant \
groups who have sheltered there.";

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> SourceFile {
        let path = dir.join(name);
        fs_write(&path, bytes);
        let (format, gzip) = walk::classify(&path).unwrap();
        SourceFile {
            path,
            format,
            gzip,
            bytes: bytes.len() as u64,
        }
    }

    fn fs_write(path: &Path, bytes: &[u8]) {
        std::fs::write(path, bytes).unwrap();
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    /// Each item as one line: `article <id>` or the problem as the caller prints it.
    fn summary(items: &[Result<Article, Problem>], dir: &Path) -> Vec<String> {
        let prefix = format!("{}/", dir.display());
        items
            .iter()
            .map(|item| match item {
                Ok(a) => format!("article {}", a.id),
                Err(p) => p.to_string(),
            })
            .map(|s| s.replace(&prefix, ""))
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    #[test]
    fn text_file_with_header() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "Title: Bomb Suspect Changed After Trip Abroad, Friends Say\nDate: September 20, 2016\n\
             Source: New York Times - News\n\n{ALLSIDES}\n"
        );
        let file = write(dir.path(), "rahami.txt", text.as_bytes());
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(summary(&items, dir.path()), ["article rahami.txt"]);
        let a = items[0].as_ref().unwrap();
        assert_eq!(
            a.title,
            "Bomb Suspect Changed After Trip Abroad, Friends Say"
        );
        assert_eq!(a.published, Some(day(2016, 9, 20)));
        assert_eq!(a.source.as_deref(), Some("New York Times - News"));
        assert_eq!(a.body, ALLSIDES);
        assert_eq!(
            a.origin,
            Origin {
                path: file.path.clone(),
                line: None
            }
        );
    }

    #[test]
    fn bad_date_warns_then_yields_the_article() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "a.txt",
            format!("Date: last Tuesday\n\n{ALLSIDES}").as_bytes(),
        );
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "a.txt: unrecognised date \"last Tuesday\"; indexed without a date".to_string(),
                "article a.txt".to_string(),
            ]
        );
        assert!(!items[0].as_ref().unwrap_err().skips_article());
        assert_eq!(items[1].as_ref().unwrap().published, None);
        assert_eq!(items[1].as_ref().unwrap().title, "");
    }

    #[test]
    fn id_derivation() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name).display().to_string();
        let cases = [
            (
                "own-id.json",
                r#"{"id": " nyt-1 ", "url": "http://nyt.com/a", "body": "b"}"#,
                "nyt-1".to_string(),
            ),
            (
                "number-id.json",
                r#"{"id": 1987, "body": "b"}"#,
                "1987".to_string(),
            ),
            (
                "url.json",
                r#"{"url": "  http://nyt.com/a  ", "body": "b"}"#,
                "http://nyt.com/a".to_string(),
            ),
            (
                "blank-url.json",
                r#"{"url": " ", "body": "b"}"#,
                path("blank-url.json"),
            ),
            ("whole.json", r#"{"body": "b"}"#, path("whole.json")),
            ("whole.txt", "Title\nBody", path("whole.txt")),
            ("header-id.txt", "ID: seed-1\n\nBody", "seed-1".to_string()),
            (
                "array.json",
                r#"[{"body": "b"}, {"body": "c", "url": "http://x"}, {"body": "d"}]"#,
                path("array.json#3"),
            ),
            (
                "lines.jsonl",
                "\n{\"body\": \"b\"}\n",
                path("lines.jsonl:2"),
            ),
        ];
        for (name, text, want) in cases {
            let file = write(dir.path(), name, text.as_bytes());
            let last = read_file(&file).last().unwrap().unwrap();
            assert_eq!(last.id, want, "{name}");
        }
    }

    #[test]
    fn json_array_with_non_articles() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "[\n  {REUTERS_3},\n  42,\n  {{\"title\": \"no body\"}},\n  {{\"headline\": \"Empty\", \"text\": \" \\n \"}},\n  {{\"text\": \"{ALLSIDES}\"}}\n]\n"
        );
        let file = write(dir.path(), "dump.json", text.as_bytes());
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "article reuters21578-3".to_string(),
                "dump.json: not an article: a number, not an object".to_string(),
                "dump.json: not an article: no body field (one of body, text, content, article)"
                    .to_string(),
                "dump.json: empty body".to_string(),
                "article dump.json#5".to_string(),
            ]
        );
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.title, "TEXAS COMMERCE BANCSHARES <TCB> FILES PLAN");
        assert_eq!(a.body, REUTERS_3_BODY);
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(a.url, None);
        let want = day(1987, 2, 26).date().and_hms_milli_opt(15, 3, 27, 510);
        assert_eq!(a.published, want);
        assert_eq!(items[4].as_ref().unwrap().body, ALLSIDES);
    }

    #[test]
    fn bad_json_file_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "broken.json",
            b"{\n  \"title\": \"x\",\n  \"body\": oops\n}\n",
        );
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["broken.json:3: not valid JSON: expected value (column 11)"]
        );
        let file = write(dir.path(), "scalar.json", b"\"just a string\"");
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["scalar.json: not an article: a string, not an object"]
        );
    }

    #[test]
    fn json_lines_report_each_bad_line_and_read_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(REUTERS_3.as_bytes());
        bytes.extend_from_slice(b"\n{\"title\": \"cut off\", \"body\": \"Texas Comm\n");
        bytes.extend_from_slice(b"   \n");
        bytes.extend_from_slice(b"{\"body\": \"Caf\xe9 owners said\"}\n");
        bytes.extend_from_slice(b"{\"body\": \"\"}\n");
        bytes.extend_from_slice(b"[1, 2]\r\n");
        bytes.extend_from_slice(format!("{{\"headline\": \"Rahami\", \"pubDate\": 1474329600, \"text\": \"{ALLSIDES}\"}}\r\n").as_bytes());
        bytes.extend_from_slice(b"{\"body\": \"Late.\", \"date\": \"Sept. 31, 2016\"}");
        let file = write(dir.path(), "mixed.jsonl", &bytes);
        let mut articles = read_file(&file);
        let items: Vec<_> = articles.by_ref().collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "article reuters21578-3".to_string(),
                "mixed.jsonl:2: not valid JSON: EOF while parsing a string (column 40)".to_string(),
                "mixed.jsonl:4: not valid UTF-8".to_string(),
                "mixed.jsonl:5: empty body".to_string(),
                "mixed.jsonl:6: not an article: an array, not an object".to_string(),
                "article mixed.jsonl:7".to_string(),
                "mixed.jsonl:8: unrecognised date \"Sept. 31, 2016\"; indexed without a date"
                    .to_string(),
                "article mixed.jsonl:8".to_string(),
            ]
        );
        let a = items[5].as_ref().unwrap();
        assert_eq!((a.title.as_str(), a.body.as_str()), ("Rahami", ALLSIDES));
        assert_eq!(a.published, Some(day(2016, 9, 20)));
        assert_eq!(
            a.origin,
            Origin {
                path: file.path.clone(),
                line: Some(7)
            }
        );
        assert_eq!(articles.bytes_read(), bytes.len() as u64);
    }

    #[test]
    fn over_long_line_is_skipped_to_its_newline() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "{{\"body\": \"{}\"}}\n{{\"body\": \"short\"}}\n",
            "x".repeat(100)
        );
        let file = write(dir.path(), "long.jsonl", text.as_bytes());
        let mut articles = read_file(&file);
        articles.max_line = 40;
        let items: Vec<_> = articles.collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "long.jsonl:1: cannot read: line longer than 40 bytes".to_string(),
                "article long.jsonl:2".to_string()
            ]
        );
        assert_eq!(size(lines::MAX_LINE), "64 MiB");
    }

    #[test]
    fn whole_files_past_the_ceiling_and_gzip_bombs_are_refused_not_loaded() {
        let dir = tempfile::tempdir().unwrap();
        // 4 MB of spaces around one article compress to a few kilobytes.
        let mut bomb = format!("{{\"id\": \"allsides-1\", \"body\": \"{ALLSIDES}\"}}");
        bomb.push_str(&" ".repeat(4 << 20));
        let packed = gzip(bomb.as_bytes());
        assert!(packed.len() < 64 << 10, "{}", packed.len());
        let file = write(dir.path(), "bomb.json.gz", &packed);
        let mut articles = read_file(&file);
        articles.max_whole_file = 1 << 20;
        let items: Vec<_> = articles.collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "bomb.json.gz: cannot read: larger than 1 MiB (decompressed); store big dumps as \
              JSON Lines, one article a line"
                    .to_string()
            ]
        );
        assert_eq!(size(MAX_WHOLE_FILE), "256 MiB");

        // Under the ceiling the same file reads.
        let mut articles = read_file(&file);
        articles.max_whole_file = 8 << 20;
        let items: Vec<_> = articles.collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["article allsides-1".to_string()]
        );
    }

    #[test]
    fn json_nested_a_hundred_thousand_deep_is_bad_json_not_a_stack_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let file = write(dir.path(), "deep.json", deep.as_bytes());
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["deep.json:1: not valid JSON: recursion limit exceeded (column 128)".to_string()]
        );
        let file = write(
            dir.path(),
            "deep.jsonl",
            format!("{deep}\n{{\"body\": \"short\"}}\n").as_bytes(),
        );
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "deep.jsonl:1: not valid JSON: recursion limit exceeded (column 128)".to_string(),
                "article deep.jsonl:2".to_string()
            ]
        );
    }

    #[test]
    fn gzip_json_lines_and_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let plain = format!(
            "{REUTERS_3}\n{{\"id\": \"allsides-004Gt3gcsotuiYmz\", \"body\": \"{ALLSIDES}\"}}\n"
        );
        let packed = gzip(plain.as_bytes());
        let file = write(dir.path(), "news.jsonl.gz", &packed);
        let mut articles = read_file(&file);
        assert_eq!(articles.bytes_read(), 0);
        let items: Vec<_> = articles.by_ref().collect();
        assert_eq!(
            summary(&items, dir.path()),
            [
                "article reuters21578-3",
                "article allsides-004Gt3gcsotuiYmz"
            ]
        );
        assert_eq!(items[1].as_ref().unwrap().body, ALLSIDES);
        assert_eq!(articles.bytes_read(), packed.len() as u64);

        // Concatenated gzip members (as `cat a.gz b.gz` makes) are one stream.
        let mut two = gzip(REUTERS_3.as_bytes());
        two.extend(gzip(b"\n{\"body\": \"second member\"}\n"));
        let file = write(dir.path(), "cat.ndjson.gz", &two);
        assert_eq!(read_file(&file).filter(Result::is_ok).count(), 2);

        let file = write(
            dir.path(),
            "text.txt.gz",
            &gzip(format!("Rahami\n\n{ALLSIDES}").as_bytes()),
        );
        let a = read_file(&file).next().unwrap().unwrap();
        assert_eq!((a.title.as_str(), a.body.as_str()), ("Rahami", ALLSIDES));
    }

    #[test]
    fn bytes_in_memory_read_as_the_same_file_would() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = format!("{REUTERS_3}\nnot json\n");
        lines.push_str(&format!(
            "{{\"id\": \"a\", \"date\": \"soon\", \"body\": \"{ALLSIDES}\"}}\n"
        ));
        let cases = [
            ("a.jsonl", lines.into_bytes()),
            ("b.jsonl.gz", gzip(REUTERS_3.as_bytes())),
            ("c.txt", format!("Rahami\n\n{ALLSIDES}").into_bytes()),
            ("d.json", b"[{\"body\": \"x\"}, 3]".to_vec()),
        ];
        for (name, bytes) in cases {
            let file = write(dir.path(), name, &bytes);
            let from_file: Vec<_> = read_file(&file).collect();
            let in_memory: Vec<_> = read_bytes(&file.path, file.format, file.gzip, bytes).collect();
            assert_eq!(in_memory, from_file, "{name}");
        }
    }

    #[test]
    fn corrupt_gzip_yields_what_was_read_then_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut plain = String::new();
        for i in 1..=2000 {
            plain.push_str(&format!(
                "{{\"id\": \"r{i}\", \"body\": \"{ALLSIDES} {i}\"}}\n"
            ));
        }
        let packed = gzip(plain.as_bytes());

        let truncated = write(
            dir.path(),
            "truncated.jsonl.gz",
            &packed[..packed.len() / 2],
        );
        let items: Vec<_> = read_file(&truncated).collect();
        let (last, read) = items.split_last().unwrap();
        assert!(
            read.len() > 100 && read.iter().all(Result::is_ok),
            "{} read",
            read.len()
        );
        let problem = last.as_ref().unwrap_err();
        assert_eq!(problem.line, Some(read.len() + 1));
        assert!(matches!(&problem.kind, ProblemKind::Unreadable(m) if !m.is_empty()));

        let mut garbled = packed.clone();
        let middle = garbled.len() / 2;
        for b in &mut garbled[middle..middle + 64] {
            *b = !*b;
        }
        let file = write(dir.path(), "garbled.jsonl.gz", &garbled);
        let items: Vec<_> = read_file(&file).collect();
        // Deflate notices nothing mid-stream; the checksum at the end does. The lines before the
        // damage are read intact, then the garbage is reported line by line, then the checksum.
        let intact: Vec<_> = items
            .iter()
            .take(900)
            .filter_map(|i| i.as_ref().ok())
            .collect();
        assert_eq!(intact.len(), 900);
        assert_eq!(intact[899].id, "r900");
        let last = items.last().unwrap().as_ref().unwrap_err();
        assert_eq!(
            last.kind,
            ProblemKind::Unreadable("corrupt gzip stream does not have a matching checksum".into())
        );

        let file = write(dir.path(), "not-gzip.json.gz", b"{\"body\": \"plain\"}");
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["not-gzip.json.gz: cannot read: invalid gzip header"]
        );
    }

    #[test]
    fn unreadable_and_invalid_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = SourceFile {
            path: dir.path().join("gone.jsonl"),
            format: Format::JsonLines,
            gzip: false,
            bytes: 0,
        };
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(
            summary(&items, dir.path()),
            ["gone.jsonl: cannot read: no such file or directory"]
        );

        let file = write(dir.path(), "latin1.txt", b"Caf\xe9 society\n\nBody");
        let items: Vec<_> = read_file(&file).collect();
        assert_eq!(summary(&items, dir.path()), ["latin1.txt: not valid UTF-8"]);

        let cases: [(&str, &[u8]); 3] = [
            ("empty.txt", b""),
            ("title-only.md", b"# BAHIA COCOA REVIEW\n\n  \n"),
            ("empty.jsonl", b"\n\n"),
        ];
        for (name, bytes) in cases {
            let file = write(dir.path(), name, bytes);
            let items: Vec<_> = read_file(&file).collect();
            let want: Vec<String> = if name.ends_with(".jsonl") {
                vec![]
            } else {
                vec![format!("{name}: empty body")]
            };
            assert_eq!(summary(&items, dir.path()), want, "{name}");
        }
    }

    #[test]
    fn empty_dates_are_not_problems_and_numbers_are_epochs() {
        let dir = tempfile::tempdir().unwrap();
        let lines = [
            r#"{"body": "Showers continued.", "date": null}"#,
            r#"{"body": "Showers continued.", "date": "  "}"#,
            r#"{"body": "Showers continued.", "published": 541350061}"#,
            r#"{"body": "Showers continued.", "published": 541350061790}"#,
            r#"{"body": "Showers continued.", "date": true}"#,
        ];
        let file = write(dir.path(), "dates.jsonl", lines.join("\n").as_bytes());
        let dates: Vec<_> = read_file(&file).map(|i| i.map(|a| a.published)).collect();
        let at = |milli| day(1987, 2, 26).date().and_hms_milli_opt(15, 1, 1, milli);
        assert_eq!(
            dates,
            [
                Ok(None),
                Ok(None),
                Ok(at(0)),
                Ok(at(790)),
                Err(Problem::new(
                    &file.path,
                    Some(5),
                    ProblemKind::BadDate("true".into())
                )),
                Ok(None),
            ]
        );
    }

    #[test]
    fn articles_can_be_read_on_another_thread() {
        fn send<T: Send>(_: &T) {}
        let file = SourceFile {
            path: PathBuf::from("a.jsonl"),
            format: Format::JsonLines,
            gzip: false,
            bytes: 0,
        };
        send(&read_file(&file));
    }

    #[test]
    fn io_messages_are_short_and_lowercase() {
        let e = io::Error::from_raw_os_error(13);
        assert_eq!(io_message(&e), "permission denied");
        let e = io::Error::new(io::ErrorKind::NotFound, "whatever");
        assert_eq!(io_message(&e), "no such file or directory");
    }
}
