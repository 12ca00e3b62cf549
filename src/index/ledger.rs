//! What the index holds, by file and by article: the memory that makes re-indexing incremental.
//!
//! For every corpus file indexed completely the ledger keeps its size, modification time and
//! content hash; for every article, its id, a hash of its content and the file it came from.
//! `newsdex index` compares the corpus with it to skip unchanged files without opening them,
//! re-extract only changed articles, and remove the articles of deleted files.
//!
//! The ledger must never disagree with the committed passages, or a crash would leave articles
//! nobody can delete. So each commit writes the ledger to a new file, `ledger-N.json`, and names
//! it in the commit's payload (tantivy stores the payload in `meta.json` with the commit itself,
//! atomically). A crash before the commit leaves an orphan file that the payload does not name;
//! the ledger that counts is always the one of the last commit.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::article::Article;

/// Version of the on-disk index format (schema, payload, ledger). A newsdex that changes any
/// of them bumps this, and an index of another version is refused with a rebuild hint instead
/// of failing obscurely halfway through a search.
pub const FORMAT_VERSION: u32 = 3;

const LEDGER_PREFIX: &str = "ledger-";

/// A 128-bit content hash: collisions are not a practical concern for change detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u128);

impl ContentHash {
    fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    fn from_hex(hex: &str) -> Option<ContentHash> {
        u128::from_str_radix(hex, 16).ok().map(ContentHash)
    }

    /// Hash of everything `index` stores of an article except where it was read from, so a
    /// moved article is not "changed".
    pub fn of_article(article: &Article) -> ContentHash {
        let mut hasher = Xxh3::new();
        let mut field = |bytes: &[u8]| {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(article.id.as_bytes());
        field(article.title.as_bytes());
        let published = article.published.map(|p| p.to_string()).unwrap_or_default();
        field(published.as_bytes());
        for optional in [&article.source, &article.url, &article.author] {
            field(optional.as_deref().unwrap_or_default().as_bytes());
        }
        field(article.body.as_bytes());
        ContentHash(hasher.digest128())
    }

    /// Hash of a file's bytes as stored (compressed bytes for `.gz`).
    pub fn of_file(path: &Path) -> io::Result<ContentHash> {
        let mut file = std::fs::File::open(path)?;
        let mut hasher = Xxh3::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = io::Read::read(&mut file, &mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(ContentHash(hasher.digest128()))
    }
}

/// How a file looked when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    /// Modification time in nanoseconds since 1970 (0 when the system cannot tell).
    pub modified: u64,
    pub hash: ContentHash,
}

impl FileStamp {
    /// Size and modification time: the cheap check that lets an unchanged file go unopened.
    pub fn quick(metadata: &std::fs::Metadata) -> (u64, u64) {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        (metadata.len(), modified)
    }

    pub fn same_quick(&self, quick: (u64, u64)) -> bool {
        (self.size, self.modified) == quick
    }
}

/// One indexed article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRecord {
    pub hash: ContentHash,
    /// The file it was last read from (canonical path).
    pub file: Arc<Path>,
}

/// Files and articles in the index, as of one commit.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Ledger {
    files: HashMap<Arc<Path>, FileStamp>,
    articles: HashMap<String, ArticleRecord>,
}

impl Ledger {
    pub fn file(&self, path: &Path) -> Option<&FileStamp> {
        self.files.get(path)
    }

    pub fn article(&self, id: &str) -> Option<&ArticleRecord> {
        self.articles.get(id)
    }

    pub fn articles(&self) -> impl Iterator<Item = (&str, &ArticleRecord)> {
        self.articles
            .iter()
            .map(|(id, record)| (id.as_str(), record))
    }

    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(|p| &**p)
    }

    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    pub fn record_article(&mut self, id: &str, record: ArticleRecord) {
        match self.articles.get_mut(id) {
            Some(existing) => *existing = record,
            None => {
                self.articles.insert(id.to_string(), record);
            }
        }
    }

    pub fn record_file(&mut self, path: Arc<Path>, stamp: FileStamp) {
        self.files.insert(path, stamp);
    }

    pub fn forget_article(&mut self, id: &str) {
        self.articles.remove(id);
    }

    pub fn forget_file(&mut self, path: &Path) {
        self.files.remove(path);
    }

    /// The ledger named by the last commit's payload in `dir`; empty for a new index.
    pub fn load(dir: &Path, payload: &CommitPayload) -> io::Result<Ledger> {
        let Some(name) = &payload.ledger else {
            return Ok(Ledger::default());
        };
        let path = dir.join(name);
        // Without its ledger an index can be searched but not updated: a run could neither tell
        // what changed nor remove what left.
        let lost = |kind: io::ErrorKind, why: String| {
            io::Error::new(
                kind,
                format!(
                    "{}: {why}; the index cannot be updated without its ledger: rebuild it \
                     with newsdex index --rebuild (searching it still works)",
                    path.display()
                ),
            )
        };
        let bytes = std::fs::read(&path).map_err(|e| lost(e.kind(), e.to_string()))?;
        let stored: StoredLedger = serde_json::from_slice(&bytes)
            .map_err(|e| lost(io::ErrorKind::InvalidData, e.to_string()))?;
        stored.into_ledger().ok_or_else(|| {
            lost(
                io::ErrorKind::InvalidData,
                "bad hash or file number".to_string(),
            )
        })
    }

    /// Write the ledger for commit `generation` and return its file name for the payload.
    /// Older ledger files are removed by [`remove_stale`] once the commit is durable.
    pub fn save(&self, dir: &Path, generation: u64) -> io::Result<String> {
        let name = format!("{LEDGER_PREFIX}{generation}.json");
        super::sidefile::write_json_atomic(
            &dir.join(&name),
            &StoredLedger::from_ledger(self),
            "before-ledger-rename",
        )?;
        Ok(name)
    }
}

impl Ledger {
    /// Articles a run must remove: those it did not see, from files it read to the end (the
    /// article left the file) or from files that are gone. `gone` decides the latter, so that
    /// a file merely unreadable today is not taken for deleted.
    pub fn removed_articles(
        &self,
        seen: &dyn Fn(&str) -> bool,
        read_completely: &HashSet<Arc<Path>>,
        gone: &dyn Fn(&Path) -> bool,
    ) -> Vec<String> {
        let mut verdicts: HashMap<&Path, bool> = HashMap::new();
        let mut removed: Vec<String> = self
            .articles
            .iter()
            .filter(|(id, _)| !seen(id))
            .filter(|(_, record)| {
                *verdicts
                    .entry(&*record.file)
                    .or_insert_with(|| read_completely.contains(&record.file) || gone(&record.file))
            })
            .map(|(id, _)| id.clone())
            .collect();
        removed.sort();
        removed
    }

    /// How many articles each file holds.
    pub fn counts_by_file(&self) -> HashMap<Arc<Path>, usize> {
        let mut counts = HashMap::new();
        for record in self.articles.values() {
            *counts.entry(Arc::clone(&record.file)).or_default() += 1;
        }
        counts
    }
}

/// Remove ledger files other than `keep`: those of earlier commits, or orphans of a crash.
pub fn remove_stale(dir: &Path, keep: &str) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(LEDGER_PREFIX) && name != keep {
            // Losing the race with nobody: a failure here only leaves a stale file behind.
            let _ = std::fs::remove_file(dir.join(&*name));
        }
    }
    Ok(())
}

/// What newsdex stores with each commit.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitPayload {
    /// [`FORMAT_VERSION`] of the newsdex that committed.
    pub format: u32,
    /// Number of this commit among newsdex's commits to this index.
    pub generation: u64,
    /// File name of the ledger as of this commit.
    pub ledger: Option<String>,
    /// The generation of the last commit that added or removed passages. What is derived from
    /// the passages (name aliases, near-duplicate groups) is saved stamped with it, and a stamp
    /// that differs means "derive again": a kill between the commit and those saves never
    /// leaves them wrong.
    #[serde(default)]
    pub content: u64,
}

impl CommitPayload {
    /// The payload of an index that has no commit yet.
    pub fn current() -> CommitPayload {
        CommitPayload {
            format: FORMAT_VERSION,
            ..CommitPayload::default()
        }
    }

    pub fn parse(payload: &str) -> Option<CommitPayload> {
        serde_json::from_str(payload).ok()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The ledger on disk: files numbered once, articles refer to them by number.
#[derive(Debug, Serialize, Deserialize)]
struct StoredLedger {
    files: Vec<StoredFile>,
    /// `[id, hash, file number]`.
    articles: Vec<(String, String, usize)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredFile {
    /// The path as text; a path that is not valid UTF-8 is written lossily here and kept
    /// exactly in `raw`, so it is found again on the next run.
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    raw: Option<Vec<u8>>,
    /// `None` for a file some of whose articles are indexed but that was not read to the end.
    stamp: Option<StoredStamp>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredStamp {
    size: u64,
    modified: u64,
    hash: String,
}

impl StoredLedger {
    fn from_ledger(ledger: &Ledger) -> StoredLedger {
        let mut numbers: HashMap<Arc<Path>, usize> = HashMap::new();
        let mut files = Vec::new();
        let mut number_of = |path: &Arc<Path>, files: &mut Vec<StoredFile>| -> usize {
            *numbers.entry(Arc::clone(path)).or_insert_with(|| {
                let (text, raw) = path_to_stored(path);
                files.push(StoredFile {
                    path: text,
                    raw,
                    stamp: ledger.files.get(path).map(|s| StoredStamp {
                        size: s.size,
                        modified: s.modified,
                        hash: s.hash.to_hex(),
                    }),
                });
                files.len() - 1
            })
        };
        let mut sorted: Vec<(&String, &ArticleRecord)> = ledger.articles.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut articles = Vec::with_capacity(sorted.len());
        for (id, record) in sorted {
            let number = number_of(&record.file, &mut files);
            articles.push((id.clone(), record.hash.to_hex(), number));
        }
        let mut stamped: Vec<&Arc<Path>> = ledger.files.keys().collect();
        stamped.sort();
        for path in stamped {
            number_of(path, &mut files);
        }
        StoredLedger { files, articles }
    }

    fn into_ledger(self) -> Option<Ledger> {
        let mut ledger = Ledger::default();
        let mut paths = Vec::with_capacity(self.files.len());
        for file in self.files {
            let path: Arc<Path> = Arc::from(path_from_stored(file.path, file.raw)?);
            if let Some(stamp) = file.stamp {
                let stamp = FileStamp {
                    size: stamp.size,
                    modified: stamp.modified,
                    hash: ContentHash::from_hex(&stamp.hash)?,
                };
                ledger.files.insert(Arc::clone(&path), stamp);
            }
            paths.push(path);
        }
        for (id, hash, number) in self.articles {
            let record = ArticleRecord {
                hash: ContentHash::from_hex(&hash)?,
                file: Arc::clone(paths.get(number)?),
            };
            ledger.articles.insert(id, record);
        }
        Some(ledger)
    }
}

/// A path as JSON can hold it: its text, and its bytes when the text is not exact.
fn path_to_stored(path: &Path) -> (String, Option<Vec<u8>>) {
    match path.to_str() {
        Some(text) => (text.to_string(), None),
        None => (path.to_string_lossy().into_owned(), Some(os_bytes(path))),
    }
}

fn path_from_stored(text: String, raw: Option<Vec<u8>>) -> Option<PathBuf> {
    match raw {
        None => Some(PathBuf::from(text)),
        Some(bytes) => path_from_bytes(bytes),
    }
}

#[cfg(unix)]
fn os_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Origin;

    fn article(id: &str, body: &str, path: &str) -> Article {
        Article {
            id: id.to_string(),
            title: "Kremlin says Putin ready for talks".to_string(),
            published: None,
            source: Some("Reuters".to_string()),
            url: None,
            author: None,
            body: body.to_string(),
            origin: Origin {
                path: PathBuf::from(path),
                line: Some(1),
            },
        }
    }

    #[test]
    fn an_article_hash_ignores_where_it_was_read_but_not_what_it_says() {
        let body = "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow was ready.";
        let here = ContentHash::of_article(&article("a1", body, "one.jsonl"));
        let moved = ContentHash::of_article(&article("a1", body, "two.jsonl"));
        let edited = ContentHash::of_article(&article(
            "a1",
            &body.replace("Tuesday", "Monday"),
            "one.jsonl",
        ));
        assert_eq!(here, moved);
        assert_ne!(here, edited);
        let mut retitled = article("a1", body, "one.jsonl");
        retitled.title.push('!');
        assert_ne!(here, ContentHash::of_article(&retitled));
    }

    #[test]
    fn a_ledger_survives_its_file_and_the_payload_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let one: Arc<Path> = Arc::from(Path::new("/corpus/one.jsonl"));
        let partial: Arc<Path> = Arc::from(Path::new("/corpus/partial.jsonl"));
        let mut ledger = Ledger::default();
        let stamp = FileStamp {
            size: 1234,
            modified: 1_700_000_000_123_456_789,
            hash: ContentHash(u128::MAX - 7),
        };
        ledger.record_file(Arc::clone(&one), stamp);
        for (id, file) in [("a1", &one), ("a2", &one), ("b1", &partial)] {
            let record = ArticleRecord {
                hash: ContentHash(id.len() as u128 * 31),
                file: Arc::clone(file),
            };
            ledger.record_article(id, record);
        }
        let name = ledger.save(dir.path(), 3).unwrap();
        assert_eq!(name, "ledger-3.json");
        let payload = CommitPayload {
            format: FORMAT_VERSION,
            generation: 3,
            ledger: Some(name.clone()),
            content: 3,
        };
        let parsed = CommitPayload::parse(&payload.to_json()).unwrap();
        let loaded = Ledger::load(dir.path(), &parsed).unwrap();
        assert_eq!(loaded, ledger);
        assert_eq!(loaded.counts_by_file().get(&one), Some(&2));
        assert!(
            loaded.file(&partial).is_none(),
            "a file not read to the end has no stamp"
        );

        std::fs::write(dir.path().join("ledger-2.json"), "{}").unwrap();
        remove_stale(dir.path(), &name).unwrap();
        assert!(!dir.path().join("ledger-2.json").exists());
        assert!(dir.path().join(&name).exists());
    }

    #[test]
    fn only_articles_that_left_a_file_read_to_the_end_or_a_gone_file_are_removed() {
        let path = |p: &str| -> Arc<Path> { Arc::from(Path::new(p)) };
        let mut ledger = Ledger::default();
        let placed = [
            ("reread-kept", "/c/reread.jsonl"),
            ("reread-dropped", "/c/reread.jsonl"),
            ("untouched", "/c/untouched.jsonl"),
            ("gone", "/c/deleted.jsonl"),
            ("unreadable", "/c/locked/a.jsonl"),
        ];
        for (id, file) in placed {
            let record = ArticleRecord {
                hash: ContentHash(1),
                file: path(file),
            };
            ledger.record_article(id, record);
        }
        let read_completely: HashSet<Arc<Path>> = [path("/c/reread.jsonl")].into();
        let removed =
            ledger.removed_articles(&|id| id == "reread-kept", &read_completely, &|file| {
                file == Path::new("/c/deleted.jsonl")
            });
        assert_eq!(removed, ["gone", "reread-dropped"]);
    }

    #[test]
    fn a_corrupt_ledger_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ledger-1.json"), "{\"files\": [").unwrap();
        let payload = CommitPayload {
            format: FORMAT_VERSION,
            generation: 1,
            ledger: Some("ledger-1.json".to_string()),
            content: 1,
        };
        let err = Ledger::load(dir.path(), &payload).unwrap_err();
        assert!(err.to_string().contains("ledger-1.json"), "{err}");
    }
}
