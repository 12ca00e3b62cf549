//! The side store: what newsdex keeps beside tantivy's segments, in one SQLite database
//! (`state.sqlite` in the index directory).
//!
//! It holds the ledger (files and articles indexed, see `index::ledger`) and what is derived
//! from the passages of a commit (name aliases, near-duplicate groups, see `index::derived`).
//! Each is a table with a primary key, so an indexing run writes only the rows it changed, and a
//! search reads only the rows it asks for (a name's canonical form, a hit's group); nothing is
//! held or rewritten whole.
//!
//! Tantivy's commit is the point of truth; the store follows it:
//! - A commit first writes the run's ledger changes in one store transaction, together with an
//!   undo row (the previous value) for every key it touches and `pending = G`, the generation
//!   the tantivy commit is about to get. Then tantivy commits with generation G in its payload,
//!   then a second transaction drops the undo rows and records `ledger = G`.
//! - Whoever opens the writer next looks at both: pending G and tantivy at G means the commit
//!   landed (the undo rows are dropped); tantivy still at G − 1 means it did not (the undo rows
//!   are put back). A kill at any instruction leaves one of these states.
//! - Aliases and groups are written after the commit, stamped with it (`derived`); a stamp that
//!   is not the commit's means "derive again", never "trust".
//!
//! SQLite runs in WAL mode with full synchronisation: a committed transaction is on disk before
//! tantivy's commit names its generation, and readers (a server holding a snapshot) neither
//! block the writer nor see its half-done work.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::ledger::{ArticleRecord, ContentHash, FileStamp};

/// The database's file name in the index directory.
pub const STORE_FILE: &str = "state.sqlite";

/// The files SQLite may keep beside it.
pub const STORE_FILES: &[&str] = &[
    STORE_FILE,
    "state.sqlite-wal",
    "state.sqlite-shm",
    "state.sqlite-journal",
];

/// Layout of the tables; a store of another layout is refused (the index format names it).
const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    -- A file some of whose articles are indexed; the stamp is NULL until it was read whole.
    CREATE TABLE IF NOT EXISTS files(
        path BLOB PRIMARY KEY, size INTEGER, modified INTEGER, hash BLOB);
    CREATE TABLE IF NOT EXISTS articles(
        id TEXT PRIMARY KEY, hash BLOB NOT NULL, file BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS articles_by_file ON articles(file);
    -- The value each key had before the pending commit (present = 0: there was none).
    CREATE TABLE IF NOT EXISTS undo_files(
        path BLOB PRIMARY KEY, present INTEGER NOT NULL, size INTEGER, modified INTEGER,
        hash BLOB);
    CREATE TABLE IF NOT EXISTS undo_articles(
        id TEXT PRIMARY KEY, present INTEGER NOT NULL, hash BLOB, file BLOB);
    CREATE TABLE IF NOT EXISTS aliases(name TEXT PRIMARY KEY, canonical TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS aliases_by_canonical ON aliases(canonical);
    -- A group is named by its first member id.
    CREATE TABLE IF NOT EXISTS duplicates(article TEXT PRIMARY KEY, grp TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS duplicates_by_group ON duplicates(grp);
";

/// Keys of the `meta` table.
const LEDGER_GENERATION: &str = "ledger";
const PENDING: &str = "pending";
const DERIVED: &str = "derived";
const GROUPS: &str = "groups";
const GROUPED: &str = "grouped";

/// A store operation failed; names the database.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct StoreError {
    pub path: PathBuf,
    #[source]
    pub source: rusqlite::Error,
}

impl From<StoreError> for std::io::Error {
    fn from(e: StoreError) -> std::io::Error {
        std::io::Error::other(e.to_string())
    }
}

impl From<StoreError> for tantivy::TantivyError {
    fn from(e: StoreError) -> tantivy::TantivyError {
        tantivy::TantivyError::from(std::io::Error::from(e))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How the pending commit of the ledger ended, as found when the writer opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing was pending.
    Clean,
    /// Tantivy's commit landed; the undo rows were dropped.
    Completed,
    /// Tantivy's commit did not land; the ledger was put back as it was.
    RolledBack,
}

/// The ledger changes of one commit.
#[derive(Debug, Default)]
pub struct LedgerChanges {
    /// `None`: the article is forgotten.
    pub articles: HashMap<String, Option<ArticleRecord>>,
    /// `Some(stamp)`: read whole with this stamp; `None`: forgotten.
    pub files: HashMap<Arc<Path>, Option<FileStamp>>,
}

impl LedgerChanges {
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty() && self.files.is_empty()
    }
}

/// Aliases and groups as derived from one commit.
pub struct DerivedRows<'a> {
    pub content: u64,
    pub aliases: &'a HashMap<String, String>,
    pub groups: &'a [Vec<String>],
}

/// The opened database. Lookups take a lock on its one connection: they are point queries of
/// microseconds, and a server's requests share them without holding it across a search.
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating when missing) the store of the index in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        let path = dir.join(STORE_FILE);
        let conn = Connection::open(&path).map_err(|source| StoreError {
            path: path.clone(),
            source,
        })?;
        Store::set_up(path, conn)
    }

    /// Open the store of `dir` only if it exists, never creating it (a search of an index
    /// whose store is missing derives what it needs from the passages).
    pub fn open_existing(dir: &Path) -> Result<Option<Store>> {
        let path = dir.join(STORE_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|source| StoreError {
            path: path.clone(),
            source,
        })?;
        Store::set_up(path, conn).map(Some)
    }

    /// A store in memory, for an index in memory.
    pub fn in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError {
            path: path.clone(),
            source,
        })?;
        Store::set_up(path, conn)
    }

    fn set_up(path: PathBuf, conn: Connection) -> Result<Store> {
        let err = |source| StoreError {
            path: path.clone(),
            source,
        };
        // A writer and a server's reader wait for each other's short transactions rather
        // than fail.
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Store {
            path,
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError {
            path: self.path.clone(),
            source,
        }
    }

    /// The first column of every row `sql` gives for `params`.
    fn column<T: rusqlite::types::FromSql, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
    ) -> Result<Vec<T>> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(sql).map_err(self.err())?;
        let values = statement
            .query_map(params, |row| row.get::<_, T>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<T>>>())
            .map_err(self.err())?;
        Ok(values)
    }

    fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<u64>> {
        conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |row| row.get::<_, i64>(0))
            .optional()
            .map(|v| v.map(|v| v as u64))
    }

    fn set_meta(conn: &Connection, key: &str, value: u64) -> rusqlite::Result<()> {
        conn.prepare_cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")?
            .execute(params![key, value as i64])
            .map(|_| ())
    }

    // --- The ledger ---------------------------------------------------------------------

    /// The generation of the last commit the ledger follows (0 for a new store).
    pub fn ledger_generation(&self) -> Result<u64> {
        Store::meta(&self.conn(), LEDGER_GENERATION)
            .map(|v| v.unwrap_or(0))
            .map_err(self.err())
    }

    /// Finish or undo a commit a kill interrupted, given the generation tantivy's last commit
    /// carries. Fails (the ledger cannot be trusted) when the two disagree otherwise.
    pub fn recover(&self, committed: u64) -> Result<std::result::Result<Recovery, String>> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.err())?;
        let ledger = Store::meta(&tx, LEDGER_GENERATION)
            .map_err(self.err())?
            .unwrap_or(0);
        let pending = Store::meta(&tx, PENDING).map_err(self.err())?;
        let outcome = match pending {
            None if ledger == committed => Recovery::Clean,
            Some(p) if p == committed => {
                Store::clear_undo(&tx, committed).map_err(self.err())?;
                Recovery::Completed
            }
            Some(p) if p == committed + 1 && ledger == committed => {
                Store::roll_back(&tx).map_err(self.err())?;
                Recovery::RolledBack
            }
            _ => {
                return Ok(Err(format!(
                    "it follows commit {ledger}{} but the index is at commit {committed}",
                    pending.map_or(String::new(), |p| format!(" (pending {p})"))
                )))
            }
        };
        tx.commit().map_err(self.err())?;
        Ok(Ok(outcome))
    }

    fn clear_undo(conn: &Connection, generation: u64) -> rusqlite::Result<()> {
        conn.execute("DELETE FROM undo_files", [])?;
        conn.execute("DELETE FROM undo_articles", [])?;
        conn.execute("DELETE FROM meta WHERE key = ?1", [PENDING])?;
        Store::set_meta(conn, LEDGER_GENERATION, generation)
    }

    fn roll_back(conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(
            "DELETE FROM articles WHERE id IN (SELECT id FROM undo_articles);
             INSERT INTO articles(id, hash, file)
                 SELECT id, hash, file FROM undo_articles WHERE present = 1;
             DELETE FROM files WHERE path IN (SELECT path FROM undo_files);
             INSERT INTO files(path, size, modified, hash)
                 SELECT path, size, modified, hash FROM undo_files WHERE present = 1;
             DELETE FROM undo_files;
             DELETE FROM undo_articles;",
        )?;
        conn.execute("DELETE FROM meta WHERE key = ?1", [PENDING])
            .map(|_| ())
    }

    /// Write one commit's ledger changes, with their undo rows, as pending `generation`.
    /// Durable when this returns.
    pub fn write_pending(&self, changes: &LedgerChanges, generation: u64) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.err())?;
        Store::apply(&tx, changes).map_err(self.err())?;
        Store::set_meta(&tx, PENDING, generation).map_err(self.err())?;
        crate::failpoint::hit("before-ledger-commit");
        tx.commit().map_err(self.err())
    }

    fn apply(tx: &Connection, changes: &LedgerChanges) -> rusqlite::Result<()> {
        let mut save_article = tx.prepare_cached(
            "INSERT OR IGNORE INTO undo_articles(id, present, hash, file)
             SELECT ?1, 0, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = ?1)
             UNION ALL SELECT id, 1, hash, file FROM articles WHERE id = ?1",
        )?;
        let mut save_file = tx.prepare_cached(
            "INSERT OR IGNORE INTO undo_files(path, present, size, modified, hash)
             SELECT ?1, 0, NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM files WHERE path = ?1)
             UNION ALL SELECT path, 1, size, modified, hash FROM files WHERE path = ?1",
        )?;
        let mut put_article = tx.prepare_cached(
            "INSERT OR REPLACE INTO articles(id, hash, file) VALUES (?1, ?2, ?3)",
        )?;
        let mut drop_article = tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?;
        let mut known_file = tx.prepare_cached("SELECT 1 FROM files WHERE path = ?1")?;
        let mut add_file = tx.prepare_cached("INSERT INTO files(path) VALUES (?1)")?;
        let mut put_file = tx.prepare_cached(
            "INSERT OR REPLACE INTO files(path, size, modified, hash) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut drop_file = tx.prepare_cached("DELETE FROM files WHERE path = ?1")?;

        // Articles in id order, files in path order: the same changes always write the same
        // pages in the same order.
        let mut articles: Vec<_> = changes.articles.iter().collect();
        articles.sort_by(|a, b| a.0.cmp(b.0));
        let mut files: Vec<_> = changes.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        for (path, _) in &files {
            save_file.execute([path_bytes(path)])?;
        }
        for (id, record) in articles {
            save_article.execute([id])?;
            match record {
                Some(record) => {
                    let file = path_bytes(&record.file);
                    put_article.execute(params![id, hash_bytes(record.hash), file])?;
                    if !known_file.exists([&file])? {
                        save_file.execute([&file])?;
                        add_file.execute([&file])?;
                    }
                }
                None => {
                    drop_article.execute([id])?;
                }
            }
        }
        for (path, stamp) in files {
            let path = path_bytes(path);
            match stamp {
                Some(stamp) => {
                    put_file.execute(params![
                        path,
                        stamp.size as i64,
                        stamp.modified as i64,
                        hash_bytes(stamp.hash)
                    ])?;
                }
                None => {
                    drop_file.execute([&path])?;
                }
            }
        }
        Ok(())
    }

    /// After tantivy's commit of `generation` landed: drop the undo rows.
    pub fn complete(&self, generation: u64) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.err())?;
        Store::clear_undo(&tx, generation).map_err(self.err())?;
        tx.commit().map_err(self.err())
    }

    /// The stamp of a file read whole.
    pub fn file(&self, path: &Path) -> Result<Option<FileStamp>> {
        let conn = self.conn();
        let row = conn
            .prepare_cached("SELECT size, modified, hash FROM files WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row([path_bytes(path)], |row| {
                    Ok((
                        row.get::<_, Option<i64>>(0)?,
                        row.get::<_, Option<i64>>(1)?,
                        row.get::<_, Option<Vec<u8>>>(2)?,
                    ))
                })
                .optional()
            })
            .map_err(self.err())?;
        Ok(match row {
            Some((Some(size), Some(modified), Some(hash))) => {
                hash_from(&hash).map(|hash| FileStamp {
                    size: size as u64,
                    modified: modified as u64,
                    hash,
                })
            }
            _ => None,
        })
    }

    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        let conn = self.conn();
        let row = conn
            .prepare_cached("SELECT hash, file FROM articles WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |row| {
                    Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Vec<u8>>(1)?))
                })
                .optional()
            })
            .map_err(self.err())?;
        Ok(row.and_then(|(hash, file)| {
            Some(ArticleRecord {
                hash: hash_from(&hash)?,
                file: Arc::from(path_from_bytes(file)?),
            })
        }))
    }

    /// Ids of the articles read from `path`.
    pub fn articles_of(&self, path: &Path) -> Result<Vec<String>> {
        self.column(
            "SELECT id FROM articles WHERE file = ?1 ORDER BY id",
            [path_bytes(path)],
        )
    }

    /// How many articles were read from `path`.
    pub fn count_of(&self, path: &Path) -> Result<usize> {
        let conn = self.conn();
        conn.prepare_cached("SELECT COUNT(*) FROM articles WHERE file = ?1")
            .and_then(|mut s| s.query_row([path_bytes(path)], |row| row.get::<_, i64>(0)))
            .map(|n| n as usize)
            .map_err(self.err())
    }

    /// Every file the ledger knows, read whole or not.
    pub fn files(&self) -> Result<Vec<Arc<Path>>> {
        let rows: Vec<Vec<u8>> = self.column("SELECT path FROM files ORDER BY path", [])?;
        Ok(rows
            .into_iter()
            .filter_map(path_from_bytes)
            .map(Arc::from)
            .collect())
    }

    pub fn article_count(&self) -> Result<usize> {
        let conn = self.conn();
        conn.query_row("SELECT COUNT(*) FROM articles", [], |row| {
            row.get::<_, i64>(0)
        })
        .map(|n| n as usize)
        .map_err(self.err())
    }

    // --- What is derived from a commit --------------------------------------------------

    /// The commit (`CommitPayload::content`) the stored aliases and groups were derived from.
    pub fn derived_content(&self) -> Result<Option<u64>> {
        Store::meta(&self.conn(), DERIVED).map_err(self.err())
    }

    /// Replace the stored aliases and groups by `rows`, writing only the rows that differ.
    pub fn save_derived(&self, rows: &DerivedRows<'_>) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.err())?;
        Store::write_derived(&tx, rows).map_err(self.err())?;
        crate::failpoint::hit("before-derived-commit");
        tx.commit().map_err(self.err())
    }

    fn write_derived(tx: &Connection, rows: &DerivedRows<'_>) -> rusqlite::Result<()> {
        let aliases: HashMap<&str, &str> = rows
            .aliases
            .iter()
            .map(|(name, canonical)| (name.as_str(), canonical.as_str()))
            .collect();
        Store::sync_pairs(tx, "aliases", "name", "canonical", &aliases)?;
        // Each member's group is named by its first member.
        let wanted: HashMap<&str, &str> = rows
            .groups
            .iter()
            .filter_map(|members| {
                let first = members.first()?;
                Some(members.iter().map(move |m| (m.as_str(), first.as_str())))
            })
            .flatten()
            .collect();
        Store::sync_pairs(tx, "duplicates", "article", "grp", &wanted)?;
        Store::set_meta(tx, GROUPS, rows.groups.len() as u64)?;
        Store::set_meta(tx, GROUPED, wanted.len() as u64)?;
        Store::set_meta(tx, DERIVED, rows.content)
    }

    /// Make the key → value table `table` hold exactly `wanted`, touching only the rows that
    /// differ. (`table` and its columns are this module's constants, never input.)
    fn sync_pairs(
        tx: &Connection,
        table: &str,
        key: &str,
        value: &str,
        wanted: &HashMap<&str, &str>,
    ) -> rusqlite::Result<()> {
        let stored: HashMap<String, String> = tx
            .prepare(&format!("SELECT {key}, {value} FROM {table}"))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut drop = tx.prepare_cached(&format!("DELETE FROM {table} WHERE {key} = ?1"))?;
        let mut put = tx.prepare_cached(&format!(
            "INSERT OR REPLACE INTO {table}({key}, {value}) VALUES (?1, ?2)"
        ))?;
        for (k, v) in &stored {
            match wanted.get(k.as_str()) {
                None => {
                    drop.execute([k])?;
                }
                Some(want) if *want != v => {
                    put.execute([k.as_str(), want])?;
                }
                Some(_) => {}
            }
        }
        for (k, v) in wanted {
            if !stored.contains_key(*k) {
                put.execute([k, v])?;
            }
        }
        Ok(())
    }

    /// The canonical form stored for `name`, if it has one.
    pub fn canonical(&self, name: &str) -> Result<Option<String>> {
        let conn = self.conn();
        conn.prepare_cached("SELECT canonical FROM aliases WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |row| row.get(0)).optional())
            .map_err(self.err())
    }

    /// The names whose canonical form is `canonical`, sorted.
    pub fn members(&self, canonical: &str) -> Result<Vec<String>> {
        self.column(
            "SELECT name FROM aliases WHERE canonical = ?1 ORDER BY name",
            [canonical],
        )
    }

    pub fn has_aliases(&self) -> Result<bool> {
        let conn = self.conn();
        conn.query_row("SELECT EXISTS(SELECT 1 FROM aliases)", [], |row| row.get(0))
            .map_err(self.err())
    }

    /// The members of `article`'s group, sorted, when it has copies.
    pub fn group(&self, article: &str) -> Result<Option<Vec<String>>> {
        let members: Vec<String> = self.column(
            "SELECT article FROM duplicates
             WHERE grp = (SELECT grp FROM duplicates WHERE article = ?1) ORDER BY article",
            [article],
        )?;
        Ok((!members.is_empty()).then_some(members))
    }

    /// How many groups, and how many articles in them.
    pub fn group_counts(&self) -> Result<(usize, usize)> {
        let conn = self.conn();
        let groups = Store::meta(&conn, GROUPS).map_err(self.err())?;
        let grouped = Store::meta(&conn, GROUPED).map_err(self.err())?;
        Ok((groups.unwrap_or(0) as usize, grouped.unwrap_or(0) as usize))
    }

    /// Every alias, for tests and checks that compare whole states.
    pub fn all_aliases(&self) -> Result<BTreeMap<String, String>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare("SELECT name, canonical FROM aliases")
            .map_err(self.err())?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<BTreeMap<String, String>>>())
            .map_err(self.err())?;
        Ok(rows)
    }

    /// Every group, each sorted, in order of first member.
    pub fn all_groups(&self) -> Result<Vec<Vec<String>>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare("SELECT grp, article FROM duplicates ORDER BY grp, article")
            .map_err(self.err())?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<(String, String)>>>())
            .map_err(self.err())?;
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut last: Option<String> = None;
        for (group, article) in rows {
            if last.as_ref() != Some(&group) {
                groups.push(Vec::new());
                last = Some(group);
            }
            if let Some(members) = groups.last_mut() {
                members.push(article);
            }
        }
        Ok(groups)
    }

    /// Pin what this connection reads to the store as it is now, until [`Store::unpin`] or
    /// the next pin: a server's snapshot keeps reading the aliases and groups of its commit
    /// while the indexer writes the next one.
    pub fn pin(&self) -> Result<()> {
        let conn = self.conn();
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT").map_err(self.err())?;
        }
        conn.execute_batch("BEGIN DEFERRED; SELECT COUNT(*) FROM meta;")
            .map_err(self.err())
    }
}

/// A path's bytes, exactly (a name that is not UTF-8 is kept as it is).
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
}

fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

fn hash_bytes(hash: ContentHash) -> [u8; 16] {
    hash.0.to_be_bytes()
}

fn hash_from(bytes: &[u8]) -> Option<ContentHash> {
    let array: [u8; 16] = bytes.try_into().ok()?;
    Some(ContentHash(u128::from_be_bytes(array)))
}
