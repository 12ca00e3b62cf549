//! Facet counts over every matching passage, not only the page shown.
//!
//! Names are counted by term ordinal per segment straight from the fast columns (no stored
//! document is read), then merged by string across segments; dates are bucketed by year or month.

use std::collections::HashMap;

use chrono::{DateTime as ChronoDateTime, Datelike};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::{SegmentId, SegmentReader};
use tantivy::{DateTime, DocId, Score};

use crate::choice::choices;
use crate::index::terms::TermCache;
use crate::index::{schema, Aliases};

/// What can be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    Speaker,
    Entity,
    Source,
    Date,
}
choices!(FacetKind {
    Speaker = "speaker",
    Entity = "entity",
    Source = "source",
    Date = "date",
});

impl FacetKind {
    fn column(self) -> Option<&'static str> {
        match self {
            FacetKind::Speaker => Some(schema::SPEAKER_EXACT),
            FacetKind::Entity => Some(schema::ENTITY_EXACT),
            FacetKind::Source => Some(schema::SOURCE_EXACT),
            FacetKind::Date => None,
        }
    }
}

/// How dates are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateInterval {
    Day,
    Week,
    #[default]
    Month,
    Year,
}
choices!(DateInterval {
    Day = "day",
    Week = "week" ("Weeks from Monday, labelled by their Monday"),
    Month = "month",
    Year = "year",
});

/// One row of a facet: a value and the number of matching passages that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts for several facets in one pass over the matches.
///
/// Names are counted per segment by term ordinal (no string is touched while collecting). When
/// merging, only the most frequent ordinals of each segment, and every corpus-wide form of those
/// names, are turned into strings and counted exactly in every segment: turning every distinct
/// name of a broad query into a string would cost more than the search itself.
pub struct FacetCollector<'a> {
    pub kinds: Vec<FacetKind>,
    pub interval: DateInterval,
    /// Rows wanted per name facet: each segment nominates a few times as many candidates.
    pub limit: usize,
    pub aliases: &'a Aliases,
    /// Names remembered from earlier searches' dictionary look-ups.
    pub terms: &'a TermCache,
}

pub type Counts = Vec<(FacetKind, HashMap<String, u64>)>;

/// What one segment collected for one facet.
pub enum SegmentCounts {
    Names {
        segment: SegmentId,
        column: StrColumn,
        per_ord: Vec<u32>,
    },
    Dates(HashMap<String, u64>),
    Empty,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut counters = Vec::with_capacity(self.kinds.len());
        for &kind in &self.kinds {
            let counter = match kind.column() {
                Some(name) => match reader.fast_fields().str(name)? {
                    Some(column) => {
                        let per_ord = vec![0u32; column.num_terms()];
                        Counter::Names {
                            segment: reader.segment_id(),
                            column,
                            per_ord,
                        }
                    }
                    None => Counter::Empty,
                },
                None => Counter::Dates {
                    column: reader.fast_fields().date(schema::DATE)?,
                    interval: self.interval,
                    buckets: HashMap::new(),
                },
            };
            counters.push(counter);
        }
        Ok(FacetSegmentCollector {
            counters,
            pending: Vec::with_capacity(BATCH),
            doc_ids: Vec::with_capacity(BATCH * 4),
            row_ids: Vec::with_capacity(BATCH * 4),
            ords: Vec::with_capacity(BATCH * 4),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<SegmentCounts>>) -> tantivy::Result<Counts> {
        let mut per_kind: Vec<Vec<SegmentCounts>> = self.kinds.iter().map(|_| Vec::new()).collect();
        for segment in segments {
            for (slot, counts) in per_kind.iter_mut().zip(segment) {
                slot.push(counts);
            }
        }
        let mut merged = Vec::with_capacity(self.kinds.len());
        for (&kind, segments) in self.kinds.iter().zip(per_kind) {
            merged.push((kind, self.merge_one(kind, segments)?));
        }
        Ok(merged)
    }
}

impl FacetCollector<'_> {
    fn merge_one(
        &self,
        kind: FacetKind,
        segments: Vec<SegmentCounts>,
    ) -> tantivy::Result<HashMap<String, u64>> {
        let mut totals: HashMap<String, u64> = HashMap::new();
        let mut names = Vec::new();
        for segment in segments {
            match segment {
                SegmentCounts::Dates(buckets) => {
                    for (bucket, count) in buckets {
                        *totals.entry(bucket).or_default() += count;
                    }
                }
                SegmentCounts::Names {
                    segment,
                    column,
                    per_ord,
                } => names.push((segment, column, per_ord)),
                SegmentCounts::Empty => {}
            }
        }
        let Some(field) = kind.column() else {
            return Ok(totals);
        };
        if names.is_empty() {
            return Ok(totals);
        }
        let keys: Vec<_> = names
            .iter()
            .map(|(segment, ..)| (*segment, field))
            .collect();
        self.terms.with(&keys, |cached| {
            // Candidates: each segment's most frequent names, and every form of those names.
            // A segment's own nominees are counted from what it collected; only the other
            // candidates are looked up in its dictionary.
            let nominate = self.limit.saturating_mul(2).saturating_add(10);
            let mut known: Vec<HashMap<String, u32>> = Vec::with_capacity(names.len());
            for ((_, column, per_ord), terms) in names.iter().zip(cached.iter_mut()) {
                let mut top = top_ords(per_ord, nominate);
                top.sort_unstable();
                let unknown: Vec<u64> = top
                    .iter()
                    .copied()
                    .filter(|&ord| terms.name(ord).is_none())
                    .collect();
                let mut ords = unknown.iter();
                column
                    .dictionary()
                    .sorted_ords_to_term_cb(&unknown, |bytes| {
                        if let Some(&ord) = ords.next() {
                            terms.remember_name(ord, &String::from_utf8_lossy(bytes));
                        }
                    })?;
                let mut nominees = HashMap::with_capacity(top.len());
                for ord in top {
                    if let Some(name) = terms.name(ord) {
                        let count = per_ord.get(ord as usize).copied().unwrap_or(0);
                        nominees.insert(name.to_string(), count);
                    }
                }
                known.push(nominees);
            }
            let mut candidates: Vec<String> = known
                .iter()
                .flat_map(|nominees| nominees.keys())
                .flat_map(|name| self.aliases.forms(name))
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            for name in candidates {
                let mut count = 0u64;
                for (((_, column, per_ord), nominees), terms) in
                    names.iter().zip(&known).zip(cached.iter_mut())
                {
                    count += match nominees.get(&name) {
                        Some(&n) => u64::from(n),
                        None => {
                            let ord = match terms.ord(&name) {
                                Some(ord) => ord,
                                None => {
                                    let ord = column.dictionary().term_ord(name.as_bytes())?;
                                    terms.remember_ord(&name, ord);
                                    ord
                                }
                            };
                            ord.and_then(|ord| per_ord.get(ord as usize))
                                .map_or(0, |&n| u64::from(n))
                        }
                    };
                }
                if count > 0 {
                    totals.insert(name, count);
                }
            }
            Ok(totals)
        })
    }
}

/// The ordinals with the highest counts (at most `n`, none with a zero count), found in one
/// pass with a bounded heap: a broad query can touch most of a segment's names.
fn top_ords(per_ord: &[u32], n: usize) -> Vec<u64> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // Sized by what the segment holds, never by the count asked for alone.
    let room = n.min(per_ord.len()).saturating_add(1);
    let mut heap: BinaryHeap<Reverse<(u32, Reverse<u64>)>> = BinaryHeap::with_capacity(room);
    for (ord, &count) in per_ord.iter().enumerate() {
        if count == 0 {
            continue;
        }
        if heap.len() < n {
            heap.push(Reverse((count, Reverse(ord as u64))));
        } else if heap
            .peek()
            .is_some_and(|Reverse((least, _))| count > *least)
        {
            heap.pop();
            heap.push(Reverse((count, Reverse(ord as u64))));
        }
    }
    heap.into_iter()
        .map(|Reverse((_, Reverse(ord)))| ord)
        .collect()
}

/// Matches buffered before their names are counted: one batched read of a column per block
/// costs far less than one look-up per match and value.
const BATCH: usize = 256;

pub struct FacetSegmentCollector {
    counters: Vec<Counter>,
    /// Matches not yet counted, in increasing order.
    pending: Vec<DocId>,
    /// Scratch buffers of [`FacetSegmentCollector::flush`].
    doc_ids: Vec<DocId>,
    row_ids: Vec<u32>,
    ords: Vec<u64>,
}

impl FacetSegmentCollector {
    /// Counts the buffered matches.
    fn flush(&mut self) {
        for counter in &mut self.counters {
            match counter {
                Counter::Names {
                    column, per_ord, ..
                } => {
                    let ords = column.ords();
                    self.doc_ids.clear();
                    self.row_ids.clear();
                    ords.row_ids_for_docs(&self.pending, &mut self.doc_ids, &mut self.row_ids);
                    self.ords.clear();
                    self.ords.resize(self.row_ids.len(), 0);
                    ords.values.get_vals(&self.row_ids, &mut self.ords);
                    for &ord in &self.ords {
                        if let Some(slot) = per_ord.get_mut(ord as usize) {
                            *slot += 1;
                        }
                    }
                }
                Counter::Dates {
                    column,
                    interval,
                    buckets,
                } => {
                    // A story's passages are neighbours and share its date: bucket each
                    // distinct date once.
                    let mut last: Option<(DateTime, i64)> = None;
                    for &doc in &self.pending {
                        if let Some(date) = column.first(doc) {
                            let key = match last {
                                Some((seen, key)) if seen == date => key,
                                _ => bucket_of(date, *interval),
                            };
                            last = Some((date, key));
                            *buckets.entry(key).or_default() += 1;
                        }
                    }
                }
                Counter::Empty => {}
            }
        }
        self.pending.clear();
    }
}

enum Counter {
    Names {
        segment: SegmentId,
        column: StrColumn,
        per_ord: Vec<u32>,
    },
    Dates {
        column: Column<DateTime>,
        interval: DateInterval,
        buckets: HashMap<i64, u64>,
    },
    Empty,
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Vec<SegmentCounts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.pending.push(doc);
        if self.pending.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> Vec<SegmentCounts> {
        self.flush();
        self.counters
            .into_iter()
            .map(|counter| match counter {
                Counter::Names {
                    segment,
                    column,
                    per_ord,
                } => SegmentCounts::Names {
                    segment,
                    column,
                    per_ord,
                },
                Counter::Dates {
                    interval, buckets, ..
                } => SegmentCounts::Dates(
                    buckets
                        .into_iter()
                        .map(|(key, n)| (bucket_label(key, interval), n))
                        .collect(),
                ),
                Counter::Empty => SegmentCounts::Empty,
            })
            .collect()
    }
}

/// A sortable bucket key: year * 100 + month (month 0 when bucketing by year), or for days and
/// weeks the day number (from 1 CE) of the day or of the week's Monday.
fn bucket_of(date: DateTime, interval: DateInterval) -> i64 {
    let Some(date) = ChronoDateTime::from_timestamp(date.into_timestamp_secs(), 0) else {
        return 0;
    };
    let day = date.date_naive();
    match interval {
        DateInterval::Year => i64::from(date.year()) * 100,
        DateInterval::Month => i64::from(date.year()) * 100 + i64::from(date.month()),
        DateInterval::Day => i64::from(day.num_days_from_ce()),
        DateInterval::Week => {
            i64::from(day.num_days_from_ce()) - i64::from(day.weekday().num_days_from_monday())
        }
    }
}

/// `2025`, `2025-03`, or the day `2025-03-10` (a week is labelled by its Monday).
pub fn bucket_label(key: i64, interval: DateInterval) -> String {
    match interval {
        DateInterval::Year => format!("{:04}", key / 100),
        DateInterval::Month => format!("{:04}-{:02}", key / 100, key % 100),
        DateInterval::Day | DateInterval::Week => i32::try_from(key)
            .ok()
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    }
}

/// Top `limit` names by count (ties by name, so output is reproducible); dates in time order,
/// all of them, since a timeline with holes cut out would mislead. People are counted under their
/// corpus-wide name: "Putin" and "Vladimir Putin" are one row. (A passage naming one person in two
/// forms would count twice, but extraction already gives each person one form per article.)
pub fn rank(
    kind: FacetKind,
    counts: HashMap<String, u64>,
    limit: usize,
    aliases: &Aliases,
) -> Vec<FacetCount> {
    let counts = if matches!(kind, FacetKind::Speaker | FacetKind::Entity) && !aliases.is_empty() {
        let mut merged: HashMap<String, u64> = HashMap::with_capacity(counts.len());
        for (value, count) in counts {
            *merged
                .entry(aliases.canonical(&value).to_string())
                .or_default() += count;
        }
        merged
    } else {
        counts
    };
    let mut rows: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    if kind == FacetKind::Date {
        rows.sort_by(|a, b| a.value.cmp(&b.value));
    } else {
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        rows.truncate(limit);
    }
    rows
}
