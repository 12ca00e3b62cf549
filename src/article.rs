//! Plain data shared by every stage: what ingest produces and extraction reads.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDateTime;

/// Where an article was read from: enough to name it in a warning and to find it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    /// 1-based line for articles read from JSON Lines; `None` for whole-file formats.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// One news article as read from the corpus, before any extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identity: the input's id, else derived from the URL, else from path (and line).
    /// Re-indexing an article with the same id replaces its passages.
    pub id: String,
    pub title: String,
    /// Publication time as written in the article (its own time zone, offset dropped), so that
    /// "Tuesday" resolves against the day the newsroom meant. Midnight when only a day is known.
    pub published: Option<NaiveDateTime>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// The text; all extraction offsets point into this string.
    pub body: String,
    pub origin: Origin,
}

/// The seconds since 1970 an index can hold as a date: tantivy stores nanoseconds in an i64
/// (about 1678 to 2262). Dates outside are not news (typos such as year 0205 or 20255); readers
/// drop them with a warning, so `extract` and `index` agree on them.
pub const STORABLE_SECS: std::ops::RangeInclusive<i64> = -9_000_000_000..=9_000_000_000;

/// Whether a publication time can be stored (see [`STORABLE_SECS`]).
pub fn storable(time: NaiveDateTime) -> bool {
    STORABLE_SECS.contains(&time.and_utc().timestamp())
}

/// The first and last storable days, for messages.
pub fn storable_days() -> (String, String) {
    let day = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    (day(*STORABLE_SECS.start()), day(*STORABLE_SECS.end()))
}
