//! Ingest: from corpus paths to `Article`s.
//!
//! `discover` walks the given files and folders (sorted, so index order and tests are
//! reproducible) and classifies each file by extension; `read_file` streams the articles of one
//! file. Nothing here aborts on bad input: every problem comes out as a `Problem` naming the
//! file (and line), and the caller decides whether it is fatal (`--strict`) or a warning.

use std::path::{Path, PathBuf};

use crate::article::Article;

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
        Problem { path: path.to_path_buf(), line, kind }
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

/// Walk `paths` (files or folders), sorted by name, and classify every file.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let _ = paths;
    Discovery::default() // HELPER: implement
}

/// Stream the articles of one file. Opening errors come out as the first item, so the caller
/// has one place to handle every problem. A `BadDate` problem is followed by its article.
pub fn read_file(file: &SourceFile) -> FileArticles {
    let _ = file;
    FileArticles { bytes_read: 0 } // HELPER: implement
}

/// Iterator over one file's articles.
pub struct FileArticles {
    bytes_read: u64,
}

impl FileArticles {
    /// Bytes of the file consumed so far (compressed bytes for `.gz`), for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

impl Iterator for FileArticles {
    type Item = Result<Article, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
