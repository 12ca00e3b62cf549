//! Who-said-what reports: for a search, the people quoted (or the names mentioned) with how often,
//! when first and last, and what else comes up with them.
//!
//! Built from facet counts, not by reading every matching passage: the top names come from one
//! counted search, then each name gets one filtered search for its co-occurring entities and
//! first date and one for its last date. A report over a hundred thousand passages costs a few
//! dozen searches.

use serde::Serialize;
use tantivy::Searcher;

use super::{FacetCount, FacetKind, SearchRequest, Sort};
use crate::choice::Choice;
use crate::index::NewsIndex;

/// One row of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameReport {
    pub name: String,
    /// Matching passages that quote (speakers) or mention (entities) the name.
    pub passages: u64,
    /// First and last publication day among those passages, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Entities most often in those passages, the name itself left out.
    pub with: Vec<FacetCount>,
}

/// The top `limit` names of `kind` (speakers or entities) among the matches of `request`, each
/// with up to `with` co-occurring entities.
pub fn names(
    index: &NewsIndex,
    searcher: &Searcher,
    request: &SearchRequest,
    kind: FacetKind,
    limit: usize,
    with: usize,
) -> Result<Vec<NameReport>, super::SearchError> {
    let mut counted = request.clone();
    counted.limit = 1;
    counted.offset = 0;
    counted.facets = vec![kind];
    counted.facet_limit = limit.max(1);
    let results = super::run(index, searcher, &counted)?;
    let rows = results.facets.get(kind.name()).cloned().unwrap_or_default();

    let mut reports = Vec::with_capacity(rows.len());
    for row in rows {
        let mut narrowed = request.clone();
        match kind {
            FacetKind::Speaker => narrowed.filters.speakers = vec![row.value.clone()],
            _ => narrowed.filters.entities.push(row.value.clone()),
        }
        narrowed.limit = 1;
        narrowed.offset = 0;
        narrowed.facets = vec![FacetKind::Entity];
        // One more than wanted: the name itself is usually among its own passages' entities.
        narrowed.facet_limit = with.saturating_add(1);
        let counted = super::run(index, searcher, &narrowed)?;
        // First and last among dated passages only: undated ones have no place in time.
        narrowed.facets.clear();
        narrowed.filters.since.get_or_insert(chrono::NaiveDate::MIN);
        narrowed.sort = Sort::Oldest;
        let oldest = super::run(index, searcher, &narrowed)?;
        narrowed.sort = Sort::Newest;
        let newest = super::run(index, searcher, &narrowed)?;
        let same_person =
            |value: &str| index.aliases.canonical(value) == index.aliases.canonical(&row.value);
        let mut co = counted.facets.get("entity").cloned().unwrap_or_default();
        co.retain(|c| !same_person(&c.value));
        co.truncate(with);
        reports.push(NameReport {
            first_date: oldest.hits.first().and_then(|h| h.date.clone()),
            last_date: newest.hits.first().and_then(|h| h.date.clone()),
            name: row.value,
            passages: row.count,
            with: co,
        });
    }
    Ok(reports)
}
