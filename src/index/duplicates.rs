//! The groups of near-duplicate articles in an index, found from the MinHash signatures its
//! passages carry (see `crate::dedup` for the signatures and the grouping itself).

use std::collections::HashMap;
use std::sync::Arc;

use super::memo::Memo;
use super::store::Store;
use crate::dedup::{find_groups, Signature, HASHES};

/// The groups of near-duplicate articles in an index: derived in memory (while indexing, or
/// when the store has none for the last commit) or read from the side store, one hit's group
/// at a time (see `index::store`).
#[derive(Debug, Clone)]
pub struct Duplicates {
    backing: Backing,
    /// How many groups, and articles in them.
    counts: (usize, usize),
}

#[derive(Debug, Clone)]
enum Backing {
    Memory {
        groups: Vec<Vec<String>>,
        group_of: HashMap<String, usize>,
    },
    Stored {
        store: Arc<Store>,
        /// Article id → its group, as the store answered.
        groups: Arc<Memo<Option<Vec<String>>>>,
    },
}

impl Default for Duplicates {
    fn default() -> Duplicates {
        Duplicates::new(Vec::new())
    }
}

impl Duplicates {
    /// Groups found in memory; each group's members sorted.
    pub fn new(groups: Vec<Vec<String>>) -> Duplicates {
        let group_of = groups
            .iter()
            .enumerate()
            .flat_map(|(g, ids)| ids.iter().map(move |id| (id.clone(), g)))
            .collect();
        let counts = (groups.len(), groups.iter().map(Vec::len).sum());
        Duplicates {
            backing: Backing::Memory { groups, group_of },
            counts,
        }
    }

    /// The groups saved in a store (for the commit the caller checked they belong to);
    /// answers are kept when the store's reads are a pinned `snapshot`.
    pub fn stored(store: Arc<Store>, snapshot: bool) -> crate::index::store::Result<Duplicates> {
        let counts = store.group_counts()?;
        Ok(Duplicates {
            backing: Backing::Stored {
                store,
                groups: Arc::new(Memo::new(snapshot)),
            },
            counts,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.counts.0 == 0
    }

    /// The sorted members of `article_id`'s group, when it has copies. A store that cannot be
    /// read here (it was read when the index opened) shows the article without its copies.
    pub fn group(&self, article_id: &str) -> Option<Vec<String>> {
        match &self.backing {
            Backing::Memory { groups, group_of } => group_of
                .get(article_id)
                .and_then(|&g| groups.get(g))
                .cloned(),
            Backing::Stored { store, groups } => groups
                .get_or_load(article_id, || store.group(article_id))
                .ok()
                .flatten(),
        }
    }

    /// The groups, when found in memory (what the indexer saves).
    pub fn in_memory(&self) -> Option<&[Vec<String>]> {
        match &self.backing {
            Backing::Memory { groups, .. } => Some(groups),
            Backing::Stored { .. } => None,
        }
    }

    /// How many groups there are.
    pub fn group_count(&self) -> usize {
        self.counts.0
    }

    /// Articles that have at least one copy.
    pub fn articles(&self) -> usize {
        self.counts.1
    }
}

/// Group the articles `searcher` sees by their signatures, read with the ids from fast fields:
/// the document store (most of the index on disk) is never touched.
pub fn regroup(searcher: &tantivy::Searcher) -> tantivy::Result<Duplicates> {
    use super::schema;

    let mut articles = Vec::new();
    let mut values = Vec::with_capacity(HASHES + 1);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let passage = fast.u64(schema::PASSAGE)?;
        let minhash = fast.u64(schema::MINHASH)?;
        let Some(ids) = fast.str(schema::ARTICLE_ID)? else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            values.clear();
            values.extend(minhash.values_for_doc(doc));
            let Some(signature) = Signature::from_values(&values) else {
                continue;
            };
            let mut id = String::new();
            if let Some(ord) = ids.term_ords(doc).next() {
                ids.ord_to_str(ord, &mut id)?;
            }
            articles.push((id, signature));
        }
    }
    Ok(Duplicates::new(find_groups(&articles)))
}
