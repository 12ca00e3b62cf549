//! What the index holds: its articles, passages, dates, top names and copies, computed from
//! one searcher for `newsdex stats` and the server's `/api/stats` alike.

use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Order, Term};

use super::facet::{self, DateInterval, FacetCollector, FacetCount, FacetKind};
use crate::index::{schema, NewsIndex};

#[derive(Debug, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub passages: usize,
    /// First and last publication day, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub sources: Vec<FacetCount>,
    pub speakers: Vec<FacetCount>,
    pub entities: Vec<FacetCount>,
    /// Near-duplicate articles (copies of one story) and the groups they form.
    pub duplicate_articles: usize,
    pub duplicate_groups: usize,
}

pub fn collect(index: &NewsIndex, top: usize) -> tantivy::Result<Stats> {
    let reader = index.index.reader()?;
    collect_from(index, &reader.searcher(), top)
}

/// [`collect`] on a searcher the caller holds (the server shares one).
pub fn collect_from(
    index: &NewsIndex,
    searcher: &tantivy::Searcher,
    top: usize,
) -> tantivy::Result<Stats> {
    let fields = &index.fields;
    // Every article has a passage 0, so counting those counts articles.
    let first_passages = TermQuery::new(
        Term::from_field_u64(fields.passage, 0),
        IndexRecordOption::Basic,
    );
    let articles = searcher.search(&first_passages, &Count)?;
    let passages = searcher.search(&AllQuery, &Count)?;
    let dated = RangeQuery::new(
        Bound::Included(Term::from_field_date(
            fields.date,
            schema::clamped_date(i64::MIN),
        )),
        Bound::Unbounded,
    );
    let day_of = |order: Order| -> tantivy::Result<Option<String>> {
        let top = TopDocs::with_limit(1).order_by_fast_field::<DateTime>(schema::DATE, order);
        let found = searcher.search(&dated, &top)?;
        Ok(found
            .first()
            .and_then(|(date, _)| *date)
            .and_then(schema::day_of))
    };
    let kinds = vec![FacetKind::Source, FacetKind::Speaker, FacetKind::Entity];
    let counts = searcher.search(
        &AllQuery,
        &FacetCollector {
            kinds,
            interval: DateInterval::Year,
            limit: top,
            aliases: &index.aliases,
            terms: &index.terms,
        },
    )?;
    let mut ranked = counts
        .into_iter()
        .map(|(kind, counts)| facet::rank(kind, counts, top, &index.aliases));
    Ok(Stats {
        articles,
        passages,
        first_date: day_of(Order::Asc)?,
        last_date: day_of(Order::Desc)?,
        sources: ranked.next().unwrap_or_default(),
        speakers: ranked.next().unwrap_or_default(),
        entities: ranked.next().unwrap_or_default(),
        duplicate_articles: index.duplicates.articles(),
        duplicate_groups: index.duplicates.group_count(),
    })
}
