//! What is derived from the passages of a commit rather than stored with them: the corpus-wide
//! name aliases (`aliases.json`) and the groups of near-duplicate articles (`duplicates.json`).
//!
//! Both are computed from fast columns of the live passages (`names`, `minhash`), so they
//! subtract what left the index as exactly as they add what came in, and both are saved
//! stamped with the commit they describe (`CommitPayload::content`). A reader that finds a
//! stamp other than its commit's (a kill came between the commit and the saves, or a file is
//! missing or unreadable) derives them again from the index instead of trusting them, and the
//! next `index` run saves them again: no crash window leaves them wrong.

use std::io;
use std::path::Path;

use tantivy::{Index, ReloadPolicy, Searcher};

use super::names::Aliases;
use crate::dedup::Duplicates;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Derived {
    pub aliases: Aliases,
    pub duplicates: Duplicates,
}

impl Derived {
    /// Compute both from the passages `searcher` sees, stamped with `content`.
    pub fn derive(searcher: &Searcher, content: u64) -> tantivy::Result<Derived> {
        Ok(Derived {
            aliases: Aliases::from_searcher(searcher, content)?,
            duplicates: crate::dedup::regroup(searcher, content)?,
        })
    }

    /// The saved state of commit `content`, or `None` when any part of it is missing, stale
    /// or unreadable (then it is derived again, never trusted).
    pub fn load(dir: &Path, content: u64) -> Option<Derived> {
        let aliases = Aliases::load(dir, content).ok().flatten()?;
        let duplicates = Duplicates::load(dir, content).ok().flatten()?;
        Some(Derived {
            aliases,
            duplicates,
        })
    }

    /// Save both; aliases first, then the groups, each replaced atomically.
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        self.aliases.save(dir)?;
        self.duplicates.save(dir)
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
