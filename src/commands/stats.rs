//! `newsdex stats`: what the index holds.

use std::io::Write;
use std::ops::Bound;

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Order, Term};

use crate::index::{schema, NewsIndex};
use crate::output::{self, Format};
use crate::search::facet::{self, DateInterval, FacetCollector, FacetCount, FacetKind};

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

pub fn collect(index: &NewsIndex, top: usize) -> anyhow::Result<Stats> {
    let reader = index.index.reader().context("cannot read the index")?;
    collect_from(index, &reader.searcher(), top)
}

/// [`collect`] on a searcher the caller holds (the server shares one).
pub fn collect_from(
    index: &NewsIndex,
    searcher: &tantivy::Searcher,
    top: usize,
) -> anyhow::Result<Stats> {
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
    let day_of = |order: Order| -> anyhow::Result<Option<String>> {
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

pub fn write<W: Write>(out: &mut W, stats: &Stats, format: Format) -> anyhow::Result<()> {
    if format != Format::Text {
        serde_json::to_writer(&mut *out, stats)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "articles  {}", stats.articles)?;
    writeln!(out, "passages  {}", stats.passages)?;
    match (&stats.first_date, &stats.last_date) {
        (Some(first), Some(last)) => writeln!(out, "dates     {first} to {last}")?,
        _ => writeln!(out, "dates     none")?,
    }
    writeln!(
        out,
        "copies    {} near-duplicate articles in {} groups",
        stats.duplicate_articles, stats.duplicate_groups
    )?;
    for (title, rows) in [
        ("sources", &stats.sources),
        ("speakers", &stats.speakers),
        ("entities", &stats.entities),
    ] {
        writeln!(out, "\ntop {title} (passages):")?;
        output::write_counts(out, rows)?;
    }
    Ok(())
}
