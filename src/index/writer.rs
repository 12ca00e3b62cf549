//! From an annotated article to passage documents, and the commit that makes them searchable.

use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::TantivyDocument;
use tantivy::{IndexWriter, Term};

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use super::derived::{self, Derived};
use super::ledger::{self, ArticleRecord, CommitPayload, FileStamp, Ledger};
use super::names;
use super::store::{LedgerChanges, Recovery, Store};
use super::{schema, Fields, NewsIndex};
use crate::article::Article;
use crate::extract::{Annotated, EntityKind};

/// Memory for tantivy's indexing threads together; tantivy splits it between its threads.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;

/// Adds articles to an index; nothing is visible to searches before `commit`.
///
/// `add_article` takes `&self`, so extraction workers on every core can add their articles at
/// once; tantivy's own indexing threads take the documents from there.
pub struct PassageWriter {
    /// Adding takes the read side for a whole article, committing the write side: a commit
    /// waits for articles in flight, so no commit ever holds half an article.
    writer: RwLock<IndexWriter>,
    fields: Fields,
    /// Passages were added or removed since the last commit.
    changed: AtomicBool,
    /// `CommitPayload::content` of the aliases and groups in the store, when they are known
    /// to be current (see `index::derived`).
    derived_saved: Mutex<Option<u64>>,
    /// The side store: the ledger, aliases and groups (see `index::store`).
    store: Arc<Store>,
    /// Ledger changes since the last commit, written to the store with the next one.
    changes: Mutex<LedgerChanges>,
    /// The last commit's payload; each commit writes the next generation.
    payload: Mutex<CommitPayload>,
}

impl PassageWriter {
    /// A writer for `index` with the ledger of its last commit. Fails with `LockFailure` when
    /// another writer holds the index.
    pub fn new(index: &NewsIndex) -> tantivy::Result<PassageWriter> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        // One merge at a time: concurrent merges of large segments raise peak memory, and
        // indexing is not waiting on them.
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(WRITER_MEMORY / threads)
            .num_merge_threads(1)
            .build();
        let writer = index.index.writer_with_options(options)?;
        writer.set_merge_policy(Box::new(super::merges::BoundedMerges::default()));
        PassageWriter::with(writer, index)
    }

    /// A writer with one indexing thread and tantivy's smallest budget, for tests.
    pub fn small(index: &NewsIndex) -> tantivy::Result<PassageWriter> {
        let writer = index.index.writer_with_num_threads(1, 15_000_000)?;
        PassageWriter::with(writer, index)
    }

    fn with(writer: IndexWriter, index: &NewsIndex) -> tantivy::Result<PassageWriter> {
        // Segment files a failed or killed run wrote but never committed are deleted now,
        // not left to pile up run after failed run.
        writer.garbage_collect_files().wait()?;
        let store = PassageWriter::ledger_store(index)?;
        Ok(PassageWriter {
            writer: RwLock::new(writer),
            fields: index.fields,
            changed: AtomicBool::new(false),
            derived_saved: Mutex::new((!index.derived_stale).then_some(index.payload.content)),
            store: Arc::new(store),
            changes: Mutex::new(LedgerChanges::default()),
            payload: Mutex::new(index.payload.clone()),
        })
    }

    /// The side store, its ledger made that of tantivy's last commit: a kill between the
    /// store's write and tantivy's commit, or after both, is settled here. Without a ledger it
    /// can trust, an index can be searched but not updated: a run could neither tell what
    /// changed nor remove what left.
    fn ledger_store(index: &NewsIndex) -> std::io::Result<Store> {
        if index.dir.as_os_str().is_empty() {
            return Ok(Store::in_memory()?);
        }
        let path = index.dir.join(super::store::STORE_FILE);
        let lost = |why: String| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{}: {why}; the index cannot be updated without its ledger: rebuild it \
                     with newsdex index --rebuild (searching it still works)",
                    path.display()
                ),
            )
        };
        if index.payload.generation > 0 && !path.is_file() {
            return Err(lost("missing".to_string()));
        }
        let store = Store::open(&index.dir).map_err(|e| lost(e.source.to_string()))?;
        match store
            .recover(index.payload.generation)
            .map_err(|e| lost(e.source.to_string()))?
        {
            Ok(Recovery::Clean | Recovery::Completed | Recovery::RolledBack) => Ok(store),
            Err(why) => Err(lost(format!("the ledger does not match the index ({why})"))),
        }
    }

    /// The ledger of the last commit (what this run has not committed yet is not in it).
    pub fn ledger(&self) -> Ledger {
        Ledger::new(Arc::clone(&self.store))
    }

    /// Like [`PassageWriter::add_article`], and remember the article's hash and file, so the
    /// next run can skip it while it is unchanged.
    ///
    /// `replaces` is false when the caller knows the index holds nothing under this id (a new
    /// article): then no delete is queued. Tantivy keeps every delete until the next commit,
    /// so on a large first run the deletes alone held about 100 MB at the end.
    pub fn add_tracked(
        &self,
        article: &Article,
        annotated: &Annotated,
        record: ArticleRecord,
        replaces: bool,
    ) -> tantivy::Result<usize> {
        // The ledger entry is made under the same read lock as the passages, so a commit
        // carries both or neither.
        let writer = self.adding();
        let added = self.add_locked(&writer, article, annotated, replaces)?;
        lock(&self.changes)
            .articles
            .insert(article.id.clone(), Some(record));
        Ok(added)
    }

    /// Record where an unchanged article is now read from, so deleting its old file keeps it.
    pub fn record_unchanged(&self, id: &str, record: ArticleRecord) {
        let _writer = self.writer.read();
        lock(&self.changes)
            .articles
            .insert(id.to_string(), Some(record));
    }

    /// Record that every article of `path` has been added (or found unchanged).
    pub fn record_file(&self, path: Arc<Path>, stamp: FileStamp) {
        let _writer = self.writer.read();
        lock(&self.changes).files.insert(path, Some(stamp));
    }

    /// Remove articles and their passages from the index (at the next commit).
    pub fn remove_articles(&self, ids: &[String]) {
        let writer = self.adding();
        let mut changes = lock(&self.changes);
        if !ids.is_empty() {
            self.changed.store(true, Ordering::Relaxed);
        }
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.article_id, id));
            changes.articles.insert(id.clone(), None);
        }
    }

    /// Forget a file that is gone (its articles are removed separately).
    pub fn forget_file(&self, path: &Path) {
        let _writer = self.writer.read();
        lock(&self.changes).files.insert(Arc::from(path), None);
    }

    /// Replace whatever the index holds for this article id by its passages; returns how many
    /// passages were added. The delete and the adds land in the same commit, so a search never
    /// sees the article twice or not at all. Callers adding from several threads must add all
    /// versions of one id from the same thread, in order, so the last version wins.
    pub fn add_article(&self, article: &Article, annotated: &Annotated) -> tantivy::Result<usize> {
        let writer = self.adding();
        self.add_locked(&writer, article, annotated, true)
    }

    /// The writer, shared with the other adding threads; a commit waits for all of them.
    fn adding(&self) -> std::sync::RwLockReadGuard<'_, IndexWriter> {
        self.writer
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Add an article the index is known not to hold (a first build): nothing to replace, so
    /// no delete is queued.
    pub fn add_new(&self, article: &Article, annotated: &Annotated) -> tantivy::Result<usize> {
        let writer = self.adding();
        self.add_locked(&writer, article, annotated, false)
    }

    fn add_locked(
        &self,
        writer: &IndexWriter,
        article: &Article,
        annotated: &Annotated,
        replaces: bool,
    ) -> tantivy::Result<usize> {
        self.changed.store(true, Ordering::Relaxed);
        let names = passage_names(annotated);
        if replaces {
            writer.delete_term(Term::from_field_text(self.fields.article_id, &article.id));
        }
        for (number, passage) in annotated.passages.iter().enumerate() {
            let text = article
                .body
                .get(passage.span.start..passage.span.end)
                .unwrap_or_default();
            let mut doc = build_document(&self.fields, article, number, text, passage);
            for value in names.get(number).into_iter().flatten() {
                doc.add_text(self.fields.names, value);
            }
            if let (0, Some(signature)) = (number, &annotated.signature) {
                for value in signature.to_values() {
                    doc.add_u64(self.fields.minhash, value);
                }
            }
            writer.add_document(doc)?;
        }
        Ok(annotated.passages.len())
    }

    /// Make everything added so far searchable and durable, with the ledger; then save what
    /// is derived from the passages (aliases, near-duplicate groups) for this commit.
    ///
    /// The order is what makes a kill harmless (see `index::store`): the ledger changes go to
    /// the store as pending with their undo rows, then tantivy commits, then the store settles.
    pub fn commit(&self) -> tantivy::Result<()> {
        let mut writer = self
            .writer
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut payload = lock(&self.payload).clone();
        payload.format = ledger::FORMAT_VERSION;
        payload.generation += 1;
        if self.changed.swap(false, Ordering::Relaxed) {
            payload.content = payload.generation;
        }
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload.to_json());
        let changes = std::mem::take(&mut *lock(&self.changes));
        self.store.write_pending(&changes, payload.generation)?;
        crate::failpoint::hit("before-commit");
        prepared.commit()?;
        crate::failpoint::hit("after-commit");
        self.store.complete(payload.generation)?;
        let content = payload.content;
        *lock(&self.payload) = payload;
        let mut saved = lock(&self.derived_saved);
        if *saved != Some(content) {
            let searcher = derived::latest_searcher(writer.index())?;
            Derived::derive(&searcher)?.save(&self.store, content)?;
            *saved = Some(content);
        }
        Ok(())
    }

    /// Commit, then let background merges finish so the process can exit cleanly.
    pub fn finish(self) -> tantivy::Result<()> {
        self.commit()?;
        self.writer
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .wait_merging_threads()
    }
}

/// Per passage, the `names` column values of the names it stores, each once: its entities
/// with their kind, and speakers the entity pass missed as people (someone who speaks).
fn passage_names(annotated: &Annotated) -> Vec<Vec<String>> {
    let kinds: HashMap<&str, EntityKind> = annotated
        .entities
        .iter()
        .map(|e| (e.canonical.as_str(), e.kind))
        .collect();
    annotated
        .passages
        .iter()
        .map(|passage| {
            let mut values: Vec<String> = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            let entities = passage.entities.iter().map(|n| (n, EntityKind::Misc));
            let speakers = passage.speakers.iter().map(|n| (n, EntityKind::Person));
            for (name, default) in entities.chain(speakers) {
                if seen.contains(&name.as_str()) {
                    continue;
                }
                seen.push(name);
                let kind = kinds.get(name.as_str()).copied().unwrap_or(default);
                values.push(names::column_value(name, kind));
            }
            values
        })
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn build_document(
    fields: &Fields,
    article: &Article,
    number: usize,
    text: &str,
    passage: &crate::extract::Passage,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.article_id, &article.id);
    doc.add_u64(fields.passage, number as u64);
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.text, text);
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
        doc.add_text(fields.source_exact, source);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    doc.add_text(fields.path, article.origin.to_string());
    if let Some(date) = article
        .published
        .and_then(|p| schema::date_from_secs(p.and_utc().timestamp()))
    {
        doc.add_date(fields.date, date);
    }
    for value in &passage.dates {
        doc.add_text(fields.dates, value);
        // A day is also found by its month and year: `mentioned:2025-03` matches 2025-03-11.
        for prefix in date_prefixes(value) {
            doc.add_text(fields.mentioned, prefix);
        }
    }
    for speaker in &passage.speakers {
        doc.add_text(fields.speaker, speaker);
        doc.add_text(fields.speaker_exact, speaker);
    }
    for entity in &passage.entities {
        doc.add_text(fields.entity, entity);
        doc.add_text(fields.entity_exact, entity);
    }
    doc
}

/// `2025-03-11` → `2025`, `2025-03`, `2025-03-11`.
fn date_prefixes(value: &str) -> Vec<&str> {
    let mut prefixes: Vec<&str> = [4, 7]
        .into_iter()
        .filter(|&len| value.len() > len)
        .filter_map(|len| value.get(..len))
        .collect();
    prefixes.push(value);
    prefixes
}

#[cfg(test)]
mod tests {
    use super::date_prefixes;

    #[test]
    fn a_day_is_indexed_with_its_month_and_year() {
        let cases = [
            ("2025-03-11", vec!["2025", "2025-03", "2025-03-11"]),
            ("2025-03", vec!["2025", "2025-03"]),
            ("2025", vec!["2025"]),
        ];
        for (value, expected) in cases {
            assert_eq!(date_prefixes(value), expected, "{value}");
        }
    }
}
