//! What is derived from the passages of a commit rather than stored with them: the corpus-wide
//! name aliases and the groups of near-duplicate articles.
//!
//! Both are computed from fast columns of the live passages (`names`, `minhash`), so they
//! subtract what left the index as exactly as they add what came in. After each commit that
//! changed passages the indexer derives them and writes the rows that differ to the side store
//! (see `index::store`), stamped with the commit (`CommitPayload::content`). A reader that
//! finds another stamp (a kill came between the commit and the save, or the store is missing)
//! derives them in memory instead of trusting the store, and the next `index` run saves them
//! again: no crash window leaves them wrong.

use std::sync::Arc;

use tantivy::{Index, ReloadPolicy, Searcher};

use super::duplicates::{self, Duplicates};
use super::names::Aliases;
use super::store::{DerivedRows, Store};

#[derive(Debug, Default, Clone)]
pub struct Derived {
    pub aliases: Aliases,
    pub duplicates: Duplicates,
}

impl Derived {
    /// Compute both, in memory, from the passages `searcher` sees.
    pub fn derive(searcher: &Searcher) -> tantivy::Result<Derived> {
        Ok(Derived {
            aliases: Aliases::from_searcher(searcher)?,
            duplicates: duplicates::regroup(searcher)?,
        })
    }

    /// Both as stored for commit `content`, read from the store as asked (and kept once read
    /// when the store is pinned to a `snapshot`); `None` when the store holds them for another
    /// commit (then they are derived again, never trusted).
    pub fn stored(
        store: &Arc<Store>,
        content: u64,
        snapshot: bool,
    ) -> super::store::Result<Option<Derived>> {
        if store.derived_content()? != Some(content) {
            return Ok(None);
        }
        Ok(Some(Derived {
            aliases: Aliases::stored(Arc::clone(store), snapshot),
            duplicates: Duplicates::stored(Arc::clone(store), snapshot)?,
        }))
    }

    /// Write both to the store for commit `content`: the rows that differ, in one transaction.
    /// What was read from the store is there already; only what was derived is written.
    pub fn save(&self, store: &Store, content: u64) -> super::store::Result<()> {
        let (Some(aliases), Some(groups)) = (self.aliases.map(), self.duplicates.in_memory())
        else {
            return Ok(());
        };
        store.save_derived(&DerivedRows {
            content,
            aliases,
            groups,
        })
    }
}

/// A searcher on the index's last commit.
pub fn latest_searcher(index: &Index) -> tantivy::Result<Searcher> {
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
}
