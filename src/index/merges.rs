//! Which segments tantivy merges: its log-sized layers (`LogMergePolicy`), but never more than
//! [`MAX_MERGED_DOCS`] passages in one merge.
//!
//! A merge reads every input segment through memory maps, and the pages it touches count in the
//! process's resident memory until the inputs are dropped. Unbounded, the layers of a large
//! first run merge a gigabyte of segments at once: on four copies of AllSides (3.3M passages)
//! the file-backed pages alone reached 977 MB, against 375 MB for everything else. Bounded, a
//! large index ends with more segments (one per half million passages or so), which searches
//! on every core anyway.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most passages one merge takes in (about 240 MB of segment files at AllSides' size).
pub const MAX_MERGED_DOCS: u32 = 500_000;

#[derive(Debug)]
pub struct BoundedMerges {
    layers: LogMergePolicy,
    max_docs: u32,
}

impl Default for BoundedMerges {
    fn default() -> BoundedMerges {
        BoundedMerges::new(MAX_MERGED_DOCS)
    }
}

impl BoundedMerges {
    pub fn new(max_docs: u32) -> BoundedMerges {
        let mut layers = LogMergePolicy::default();
        // A segment past half the bound has nothing of its size left to merge with.
        layers.set_max_docs_before_merge((max_docs / 2) as usize);
        BoundedMerges { layers, max_docs }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> = segments
            .iter()
            .map(|segment| (segment.id(), segment.max_doc()))
            .collect();
        let mut bounded = Vec::new();
        for MergeCandidate(ids) in self.layers.compute_merge_candidates(segments) {
            // Within a layer, largest first, cut into runs that fit the bound.
            let mut ids: Vec<(u32, SegmentId)> = ids
                .into_iter()
                .map(|id| (docs.get(&id).copied().unwrap_or(0), id))
                .collect();
            ids.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let mut run: Vec<SegmentId> = Vec::new();
            let mut total: u64 = 0;
            for (count, id) in ids {
                if !run.is_empty() && total + u64::from(count) > u64::from(self.max_docs) {
                    if run.len() > 1 {
                        bounded.push(MergeCandidate(std::mem::take(&mut run)));
                    }
                    run.clear();
                    total = 0;
                }
                run.push(id);
                total += u64::from(count);
            }
            if run.len() > 1 {
                bounded.push(MergeCandidate(run));
            }
        }
        bounded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_merge_takes_more_than_the_bound_and_big_segments_stay() {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
        // Ten segments of one layer: 600,000 passages in all.
        let mut segments: Vec<SegmentMeta> = (0..10).map(|_| meta(60_000)).collect();
        // Past half the bound: never merged again.
        segments.push(meta(300_000));
        let sizes: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.max_doc())).collect();
        let candidates = BoundedMerges::new(500_000).compute_merge_candidates(&segments);
        let totals: Vec<(usize, u32)> = candidates
            .iter()
            .map(|c| (c.0.len(), c.0.iter().map(|id| sizes[id]).sum()))
            .collect();
        assert_eq!(totals, [(8, 480_000), (2, 120_000)]);
        // The default policy would have merged all ten at once.
        let unbounded = LogMergePolicy::default().compute_merge_candidates(&segments);
        assert_eq!(unbounded.iter().map(|c| c.0.len()).max(), Some(10));
    }
}
