//! What the index holds, by file and by article: the memory that makes re-indexing incremental.
//!
//! For every corpus file indexed completely the ledger keeps its size, modification time and
//! content hash; for every article, its id, a hash of its content and the file it came from.
//! `newsdex index` compares the corpus with it to skip unchanged files without opening them,
//! re-extract only changed articles, and remove the articles of deleted files.
//!
//! The ledger must never disagree with the committed passages, or a crash would leave articles
//! nobody can delete. It lives in the side store (`index::store`), one row a file and one an
//! article, written with undo rows before tantivy's commit and settled after it: whichever
//! side of the commit a kill lands on, the next writer finds the ledger of the last commit.
//! A run reads the rows it needs (one lookup per file and per article read) and writes the
//! rows it changed.

use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::store::Store;
use crate::article::Article;

/// Version of the on-disk index format (schema, payload, ledger). A newsdex that changes any
/// of them bumps this, and an index of another version is refused with a rebuild hint instead
/// of failing obscurely halfway through a search.
pub const FORMAT_VERSION: u32 = 4;

/// A 128-bit content hash: collisions are not a practical concern for change detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u128);

impl ContentHash {
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

/// The ledger of the last commit, read from the store as a run asks.
#[derive(Debug, Clone)]
pub struct Ledger {
    store: Arc<Store>,
}

impl Ledger {
    pub fn new(store: Arc<Store>) -> Ledger {
        Ledger { store }
    }

    /// The stamp of `path` when it was read whole.
    pub fn file(&self, path: &Path) -> io::Result<Option<FileStamp>> {
        Ok(self.store.file(path)?)
    }

    pub fn article(&self, id: &str) -> io::Result<Option<ArticleRecord>> {
        Ok(self.store.article(id)?)
    }

    /// How many articles `path` holds.
    pub fn count_of(&self, path: &Path) -> io::Result<usize> {
        Ok(self.store.count_of(path)?)
    }

    /// Every file some article was read from or that was read whole.
    pub fn files(&self) -> io::Result<Vec<Arc<Path>>> {
        Ok(self.store.files()?)
    }

    pub fn article_count(&self) -> io::Result<usize> {
        Ok(self.store.article_count()?)
    }

    /// Articles a run must remove: those it did not see, from files it read to the end (the
    /// article left the file) or from files that are gone. `gone` decides the latter, so that
    /// a file merely unreadable today is not taken for deleted. Reads the articles of those
    /// files only.
    pub fn removed_articles(
        &self,
        seen: &dyn Fn(&str) -> bool,
        read_completely: &HashSet<Arc<Path>>,
        gone: &dyn Fn(&Path) -> bool,
    ) -> io::Result<Vec<String>> {
        let mut files: BTreeSet<Arc<Path>> = read_completely.iter().cloned().collect();
        for path in self.files()? {
            if !files.contains(&path) && gone(&path) {
                files.insert(path);
            }
        }
        let mut removed = Vec::new();
        for path in files {
            removed.extend(
                self.store
                    .articles_of(&path)?
                    .into_iter()
                    .filter(|id| !seen(id)),
            );
        }
        removed.sort();
        Ok(removed)
    }
}

/// What newsdex stores with each commit.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitPayload {
    /// [`FORMAT_VERSION`] of the newsdex that committed.
    pub format: u32,
    /// Number of this commit among newsdex's commits to this index; the side store records
    /// which generation its ledger follows.
    pub generation: u64,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Origin;
    use std::path::PathBuf;

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

    use crate::index::store::{LedgerChanges, Recovery};

    fn record(hash: u128, file: &Arc<Path>) -> Option<ArticleRecord> {
        Some(ArticleRecord {
            hash: ContentHash(hash),
            file: Arc::clone(file),
        })
    }

    #[test]
    fn a_commit_that_landed_is_kept_and_one_that_did_not_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let one: Arc<Path> = Arc::from(Path::new("/corpus/one.jsonl"));
        let partial: Arc<Path> = Arc::from(Path::new("/corpus/partial.jsonl"));
        let stamp = FileStamp {
            size: 1234,
            modified: 1_700_000_000_123_456_789,
            hash: ContentHash(u128::MAX - 7),
        };
        let store = Arc::new(Store::open(dir.path()).unwrap());
        let mut first = LedgerChanges::default();
        first.files.insert(Arc::clone(&one), Some(stamp));
        first.articles.insert("a1".into(), record(1, &one));
        first.articles.insert("a2".into(), record(2, &one));
        first.articles.insert("b1".into(), record(3, &partial));
        store.write_pending(&first, 1).unwrap();
        // Tantivy's commit 1 landed, then a kill: the next writer completes it.
        drop(store);
        let store = Arc::new(Store::open(dir.path()).unwrap());
        assert_eq!(store.recover(1).unwrap(), Ok(Recovery::Completed));
        let ledger = Ledger::new(Arc::clone(&store));
        assert_eq!(ledger.file(&one).unwrap(), Some(stamp));
        assert_eq!(ledger.file(&partial).unwrap(), None, "not read to the end");
        assert_eq!(ledger.count_of(&one).unwrap(), 2);
        assert_eq!(ledger.article("a2").unwrap(), record(2, &one));
        assert_eq!(
            ledger.files().unwrap(),
            [Arc::clone(&one), Arc::clone(&partial)]
        );

        // Commit 2 changes, forgets and adds, but tantivy never commits it: undone.
        let mut second = LedgerChanges::default();
        second.files.insert(Arc::clone(&one), None);
        second.articles.insert("a1".into(), None);
        second.articles.insert("a2".into(), record(20, &partial));
        second.articles.insert("c1".into(), record(4, &one));
        store.write_pending(&second, 2).unwrap();
        assert_eq!(ledger.article("c1").unwrap(), record(4, &one));
        assert_eq!(store.recover(1).unwrap(), Ok(Recovery::RolledBack));
        assert_eq!(ledger.article("a1").unwrap(), record(1, &one));
        assert_eq!(ledger.article("a2").unwrap(), record(2, &one));
        assert_eq!(ledger.article("c1").unwrap(), None);
        assert_eq!(ledger.file(&one).unwrap(), Some(stamp));
        assert_eq!(ledger.article_count().unwrap(), 3);
        assert_eq!(store.recover(1).unwrap(), Ok(Recovery::Clean));

        // An index at a commit the store never saw: refused, not guessed.
        assert!(store.recover(5).unwrap().is_err());
    }

    #[test]
    fn only_articles_that_left_a_file_read_to_the_end_or_a_gone_file_are_removed() {
        let path = |p: &str| -> Arc<Path> { Arc::from(Path::new(p)) };
        let store = Arc::new(Store::in_memory().unwrap());
        let placed = [
            ("reread-kept", "/c/reread.jsonl"),
            ("reread-dropped", "/c/reread.jsonl"),
            ("untouched", "/c/untouched.jsonl"),
            ("gone", "/c/deleted.jsonl"),
            ("unreadable", "/c/locked/a.jsonl"),
        ];
        let mut changes = LedgerChanges::default();
        for (id, file) in placed {
            changes
                .articles
                .insert(id.to_string(), record(1, &path(file)));
        }
        store.write_pending(&changes, 1).unwrap();
        store.complete(1).unwrap();
        let ledger = Ledger::new(store);
        let read_completely: HashSet<Arc<Path>> = [path("/c/reread.jsonl")].into();
        let removed = ledger
            .removed_articles(&|id| id == "reread-kept", &read_completely, &|file| {
                file == Path::new("/c/deleted.jsonl")
            })
            .unwrap();
        assert_eq!(removed, ["gone", "reread-dropped"]);
    }

    #[test]
    fn a_corrupt_store_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("state.sqlite"), vec![b'x'; 4096]).unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("state.sqlite"), "{err}");
    }
}
