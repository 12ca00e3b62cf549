//! Timelines: matches per day, week, month or year, with the empty periods between the first and
//! the last filled in — a timeline with its gaps cut out would mislead.

use serde::Serialize;
use tantivy::Searcher;

use super::facet::bucket_label;
use super::{DateInterval, FacetKind, SearchRequest};
use crate::index::NewsIndex;

/// Matches per period.
#[derive(Debug, Serialize)]
pub struct Timeline {
    pub query: String,
    pub interval: DateInterval,
    /// Matching passages in all, dated or not.
    pub total: usize,
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Serialize)]
pub struct Bucket {
    /// The period's label: `2025`, `2025-03`, or its first day `2025-03-10`.
    pub start: String,
    pub count: u64,
}

/// More periods than this would draw as noise; ask for a coarser interval.
const MAX_BUCKETS: usize = 20_000;

/// The timeline of a search: its date facet at `request.date_interval`, gaps filled.
pub fn run(
    index: &NewsIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Timeline, super::SearchError> {
    let mut request = request.clone();
    request.facets = vec![FacetKind::Date];
    request.limit = 1;
    request.offset = 0;
    let interval = request.date_interval;
    let results = super::run(index, searcher, &request)?;
    let rows = results.facets.get("date").cloned().unwrap_or_default();
    let buckets = fill_gaps(&rows, interval).ok_or_else(|| {
        super::QueryError::Other(format!(
            "more than {MAX_BUCKETS} periods; use a coarser interval"
        ))
    })?;
    Ok(Timeline {
        query: results.query,
        interval,
        total: results.total,
        buckets,
    })
}

/// Every period from the first counted to the last, zero where nothing matched; `None` when
/// that is more than [`MAX_BUCKETS`].
fn fill_gaps(rows: &[super::FacetCount], interval: DateInterval) -> Option<Vec<Bucket>> {
    let counts: std::collections::HashMap<&str, u64> =
        rows.iter().map(|r| (r.value.as_str(), r.count)).collect();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Some(Vec::new());
    };
    let (Some(first), Some(last)) = (
        key_of(&first.value, interval),
        key_of(&last.value, interval),
    ) else {
        return Some(Vec::new());
    };
    let mut buckets = Vec::new();
    let mut key = first;
    while key <= last {
        if buckets.len() >= MAX_BUCKETS {
            return None;
        }
        let start = bucket_label(key, interval);
        let count = counts.get(start.as_str()).copied().unwrap_or(0);
        buckets.push(Bucket { start, count });
        key = next_key(key, interval);
    }
    Some(buckets)
}

/// The bucket key of a label (the inverse of `bucket_label`).
fn key_of(label: &str, interval: DateInterval) -> Option<i64> {
    use chrono::Datelike;
    match interval {
        DateInterval::Year => Some(label.get(..4)?.parse::<i64>().ok()? * 100),
        DateInterval::Month => Some(
            label.get(..4)?.parse::<i64>().ok()? * 100 + label.get(5..7)?.parse::<i64>().ok()?,
        ),
        DateInterval::Day | DateInterval::Week => {
            let day = chrono::NaiveDate::parse_from_str(label, "%Y-%m-%d").ok()?;
            Some(i64::from(day.num_days_from_ce()))
        }
    }
}

fn next_key(key: i64, interval: DateInterval) -> i64 {
    match interval {
        DateInterval::Year => key + 100,
        DateInterval::Month if key % 100 == 12 => (key / 100 + 1) * 100 + 1,
        DateInterval::Month => key + 1,
        DateInterval::Week => key + 7,
        DateInterval::Day => key + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(values: &[(&str, u64)]) -> Vec<super::super::FacetCount> {
        values
            .iter()
            .map(|(value, count)| super::super::FacetCount {
                value: value.to_string(),
                count: *count,
            })
            .collect()
    }

    fn flat(buckets: &[Bucket]) -> Vec<(String, u64)> {
        buckets.iter().map(|b| (b.start.clone(), b.count)).collect()
    }

    #[test]
    fn timelines_fill_the_periods_between_matches_with_zero() {
        let months = fill_gaps(
            &rows(&[("2024-11", 2), ("2025-02", 5)]),
            DateInterval::Month,
        )
        .unwrap();
        let expected = [
            ("2024-11", 2),
            ("2024-12", 0),
            ("2025-01", 0),
            ("2025-02", 5),
        ];
        assert_eq!(flat(&months), expected.map(|(s, n)| (s.to_string(), n)));
        let weeks = fill_gaps(
            &rows(&[("2025-02-24", 1), ("2025-03-10", 3)]),
            DateInterval::Week,
        )
        .unwrap();
        let expected = [("2025-02-24", 1), ("2025-03-03", 0), ("2025-03-10", 3)];
        assert_eq!(flat(&weeks), expected.map(|(s, n)| (s.to_string(), n)));
        let days = fill_gaps(
            &rows(&[("2024-02-28", 1), ("2024-03-01", 1)]),
            DateInterval::Day,
        )
        .unwrap();
        assert_eq!(days.len(), 3, "2024 is a leap year");
        assert!(fill_gaps(
            &rows(&[("1900-01-01", 1), ("2025-01-01", 1)]),
            DateInterval::Day
        )
        .is_none());
    }
}
