//! Names of segment dictionaries, remembered across searches.
//!
//! Facet counts are collected by term ordinal and turned into names only for the few
//! candidates of each query ([`crate::search::facet`]). Those candidates are mostly the same
//! people, places and outlets from one query to the next, and each look-up in a segment's
//! dictionary decodes a block of it: remembering them makes a warm server's facets cheaper.
//! Segments never change once written, so what is remembered stays true; a segment merged
//! away only leaves entries nobody asks for, which the size cap clears.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::index::SegmentId;

/// Entries kept before everything is forgotten and the cache starts afresh.
const MAX_ENTRIES: usize = 200_000;

/// A segment and the name column (by its field name) whose dictionary is remembered.
type Key = (SegmentId, &'static str);

#[derive(Debug, Default)]
pub struct TermCache {
    inner: Mutex<HashMap<Key, SegmentTerms>>,
}

/// What is known of one segment's dictionary.
#[derive(Debug, Default)]
pub struct SegmentTerms {
    names: HashMap<u64, String>,
    ords: HashMap<String, Option<u64>>,
}

impl SegmentTerms {
    pub fn name(&self, ord: u64) -> Option<&str> {
        self.names.get(&ord).map(String::as_str)
    }

    pub fn remember_name(&mut self, ord: u64, name: &str) {
        self.names.insert(ord, name.to_string());
        self.ords.insert(name.to_string(), Some(ord));
    }

    /// `Some(None)` when the name is known to be absent from the segment.
    pub fn ord(&self, name: &str) -> Option<Option<u64>> {
        self.ords.get(name).copied()
    }

    pub fn remember_ord(&mut self, name: &str, ord: Option<u64>) {
        self.ords.insert(name.to_string(), ord);
    }

    fn len(&self) -> usize {
        self.names.len() + self.ords.len()
    }
}

impl TermCache {
    /// Runs `f` with the remembered terms of each of `keys` (in order). The entries are taken
    /// out under the lock and put back after, so concurrent searches never wait on each
    /// other's look-ups; one that races loses at worst what the other remembered.
    pub fn with<R>(&self, keys: &[Key], f: impl FnOnce(&mut [SegmentTerms]) -> R) -> R {
        // A panic while the lock was held leaves at worst a partly filled entry: still true.
        let lock = || {
            self.inner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let mut terms: Vec<SegmentTerms> = {
            let mut map = lock();
            keys.iter()
                .map(|key| map.remove(key).unwrap_or_default())
                .collect()
        };
        let result = f(&mut terms);
        let mut map = lock();
        if map.values().map(SegmentTerms::len).sum::<usize>() > MAX_ENTRIES {
            map.clear();
        }
        map.extend(keys.iter().copied().zip(terms));
        result
    }
}
