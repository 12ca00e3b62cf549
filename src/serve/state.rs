//! The index a server answers from: one shared snapshot, replaced when `newsdex index` commits.
//!
//! A snapshot is the opened index (with its corpus-wide name aliases) and a searcher fixed on
//! one commit, so a request sees one consistent state from start to end, however many commits
//! land meanwhile. A watcher polls the index's last commit once a second and swaps in a new
//! snapshot when it changes; requests in flight keep the one they started with.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use tantivy::{ReloadPolicy, Searcher};

use crate::index::NewsIndex;

/// How often the watcher looks for a new commit.
const POLL: Duration = Duration::from_secs(1);

pub struct Snapshot {
    pub index: NewsIndex,
    pub searcher: Searcher,
    /// tantivy's opstamp of the commit this snapshot shows.
    pub opstamp: u64,
}

impl Snapshot {
    fn open(dir: &Path) -> anyhow::Result<Snapshot> {
        let index = NewsIndex::open(dir)?;
        let opstamp = index
            .index
            .load_metas()
            .with_context(|| format!("cannot read {}", dir.display()))?
            .opstamp;
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .with_context(|| format!("cannot read the index at {}", dir.display()))?;
        let searcher = tantivy::IndexReader::searcher(&reader);
        Ok(Snapshot {
            index,
            searcher,
            opstamp,
        })
    }
}

/// Shared by every request handler.
#[derive(Clone)]
pub struct Shared {
    dir: PathBuf,
    current: Arc<RwLock<Arc<Snapshot>>>,
}

impl Shared {
    pub fn open(dir: &Path) -> anyhow::Result<Shared> {
        Ok(Shared {
            dir: dir.to_path_buf(),
            current: Arc::new(RwLock::new(Arc::new(Snapshot::open(dir)?))),
        })
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        let current = self
            .current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(&current)
    }

    /// Swap in a new snapshot if the index has a newer commit; whether it did.
    pub fn refresh(&self) -> anyhow::Result<bool> {
        let current = self.snapshot();
        let opstamp = current
            .index
            .index
            .load_metas()
            .with_context(|| format!("cannot read {}", self.dir.display()))?
            .opstamp;
        // Same commit: a new snapshot only when this one derived the aliases and groups in
        // memory (the indexer had not saved them yet) and the store now holds them.
        if opstamp == current.opstamp
            && !(current.index.derived_stale && self.derived_saved(&current))
        {
            return Ok(false);
        }
        let fresh = Arc::new(Snapshot::open(&self.dir)?);
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh;
        Ok(true)
    }

    /// Whether the store now holds the aliases and groups of `snapshot`'s commit.
    fn derived_saved(&self, snapshot: &Snapshot) -> bool {
        let content = snapshot.index.payload.content;
        crate::index::store::Store::open_existing(&self.dir)
            .ok()
            .flatten()
            .and_then(|store| store.derived_content().ok().flatten())
            == Some(content)
    }

    /// Poll for new commits for as long as the server runs. A failed look (an index being
    /// rebuilt, say) keeps the old snapshot and is reported once until it recovers.
    pub async fn watch(self) {
        let mut failing = false;
        loop {
            tokio::time::sleep(POLL).await;
            let shared = self.clone();
            let result = tokio::task::spawn_blocking(move || shared.refresh()).await;
            match result {
                Ok(Ok(_)) => failing = false,
                Ok(Err(e)) if !failing => {
                    eprintln!("newsdex: warning: keeping the previous index state: {e:#}");
                    failing = true;
                }
                _ => {}
            }
        }
    }
}
