//! Facet counts over every matching passage, not only the page shown.
//!
//! Names are counted by term ordinal per segment straight from the fast columns (no stored
//! document is read), then merged by string across segments; dates are bucketed by year or month.

use std::collections::HashMap;

use chrono::{DateTime as ChronoDateTime, Datelike};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::{DateTime, DocId, Score};

use crate::index::{schema, Aliases};

/// What can be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    Speaker,
    Entity,
    Source,
    Date,
}

impl FacetKind {
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Speaker => "speaker",
            FacetKind::Entity => "entity",
            FacetKind::Source => "source",
            FacetKind::Date => "date",
        }
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DateInterval {
    Year,
    #[default]
    Month,
}

/// One row of a facet: a value and the number of matching passages that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts for several facets in one pass over the matches.
pub struct FacetCollector {
    pub kinds: Vec<FacetKind>,
    pub interval: DateInterval,
}

pub type Counts = Vec<(FacetKind, HashMap<String, u64>)>;

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegmentCollector;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut counters = Vec::with_capacity(self.kinds.len());
        for &kind in &self.kinds {
            let counter = match kind.column() {
                Some(name) => match reader.fast_fields().str(name)? {
                    Some(column) => {
                        let per_ord = vec![0u64; column.num_terms()];
                        Counter::Names { column, per_ord }
                    }
                    None => Counter::Empty,
                },
                None => Counter::Dates {
                    column: reader.fast_fields().date(schema::DATE)?,
                    interval: self.interval,
                    buckets: HashMap::new(),
                },
            };
            counters.push((kind, counter));
        }
        Ok(FacetSegmentCollector { counters })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged: Counts = self.kinds.iter().map(|&k| (k, HashMap::new())).collect();
        for segment in segments {
            for ((_, total), (_, counts)) in merged.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *total.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

pub struct FacetSegmentCollector {
    counters: Vec<(FacetKind, Counter)>,
}

enum Counter {
    Names {
        column: StrColumn,
        per_ord: Vec<u64>,
    },
    Dates {
        column: Column<DateTime>,
        interval: DateInterval,
        buckets: HashMap<i64, u64>,
    },
    Empty,
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, counter) in &mut self.counters {
            match counter {
                Counter::Names { column, per_ord } => {
                    for ord in column.term_ords(doc) {
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
                    if let Some(date) = column.first(doc) {
                        *buckets.entry(bucket_of(date, *interval)).or_default() += 1;
                    }
                }
                Counter::Empty => {}
            }
        }
    }

    fn harvest(self) -> Counts {
        self.counters
            .into_iter()
            .map(|(kind, counter)| {
                let mut counts = HashMap::new();
                match counter {
                    Counter::Names { column, per_ord } => {
                        let mut name = String::new();
                        for (ord, count) in per_ord.into_iter().enumerate() {
                            if count == 0 {
                                continue;
                            }
                            name.clear();
                            if let Ok(true) = column.ord_to_str(ord as u64, &mut name) {
                                counts.insert(name.clone(), count);
                            }
                        }
                    }
                    Counter::Dates {
                        interval, buckets, ..
                    } => {
                        for (key, count) in buckets {
                            counts.insert(bucket_label(key, interval), count);
                        }
                    }
                    Counter::Empty => {}
                }
                (kind, counts)
            })
            .collect()
    }
}

/// A sortable bucket key: year * 100 + month (month 0 when bucketing by year).
fn bucket_of(date: DateTime, interval: DateInterval) -> i64 {
    let Some(date) = ChronoDateTime::from_timestamp(date.into_timestamp_secs(), 0) else {
        return 0;
    };
    match interval {
        DateInterval::Year => i64::from(date.year()) * 100,
        DateInterval::Month => i64::from(date.year()) * 100 + i64::from(date.month()),
    }
}

fn bucket_label(key: i64, interval: DateInterval) -> String {
    match interval {
        DateInterval::Year => format!("{:04}", key / 100),
        DateInterval::Month => format!("{:04}-{:02}", key / 100, key % 100),
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
