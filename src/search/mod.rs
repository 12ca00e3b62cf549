//! Search: a request in, ranked passages and facet counts out, as plain serialisable data.
//!
//! Rendering is `output`'s job; this module never prints.

pub mod facet;
pub mod query;
pub mod report;
pub mod stats;
pub mod timeline;

/// Why a search failed: the user's query (with the column where it went wrong), or the index.
/// A server answers the first with 400 and the second with 500.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("reading the index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl SearchError {
    /// Whether the user can fix it by asking otherwise.
    pub fn is_users(&self) -> bool {
        matches!(self, SearchError::Query(_))
    }
}

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher};

pub use facet::{DateInterval, FacetCount, FacetKind};
pub use query::{Filters, Period, QueryError};

use crate::choice::{choices, Choice};
use crate::index::{schema, NewsIndex};
use crate::limits::{self, LimitError, Origin};

/// The most hits one page may ask for: collecting more would only exhaust memory.
pub const MAX_LIMIT: usize = limits::HITS.max;
/// Characters of context shown around the best match in a snippet.
const SNIPPET_CHARS: usize = 280;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}
choices!(Sort {
    Relevance = "relevance",
    Newest = "newest",
    Oldest = "oldest",
});

/// A search as asked for, on the command line or over HTTP, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    pub query: String,
    pub speakers: Vec<String>,
    pub entities: Vec<String>,
    pub sources: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub facets: Vec<FacetKind>,
    pub facet_limit: usize,
    pub date_interval: DateInterval,
    /// Show every copy of a story as its own hit.
    pub all_copies: bool,
}

impl Default for SearchParams {
    fn default() -> SearchParams {
        SearchParams {
            query: String::new(),
            speakers: Vec::new(),
            entities: Vec::new(),
            sources: Vec::new(),
            since: None,
            until: None,
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            facets: Vec::new(),
            facet_limit: 10,
            date_interval: DateInterval::Month,
            all_copies: false,
        }
    }
}

/// A parameter the user has to fix, named as it was written where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error(transparent)]
    Bound(#[from] LimitError),
    #[error("{origin}{name}: {source}")]
    Date {
        origin: Origin,
        name: &'static str,
        source: QueryError,
    },
    #[error("{origin}since {since} is after {origin}until {until}")]
    EmptyPeriod {
        origin: Origin,
        since: chrono::NaiveDate,
        until: chrono::NaiveDate,
    },
}

impl SearchParams {
    /// Check every parameter (counts against `limits`, dates) before any search runs.
    pub fn validate(&self, origin: Origin) -> Result<SearchRequest, ParamError> {
        limits::HITS.check(self.limit, origin)?;
        limits::OFFSET.check_from(0, self.offset, origin)?;
        limits::FACET_ROWS.check(self.facet_limit, origin)?;
        let period = |name: &'static str, text: &Option<String>| {
            text.as_deref()
                .map(Period::parse)
                .transpose()
                .map_err(|source| ParamError::Date {
                    origin,
                    name,
                    source,
                })
        };
        let since = period("since", &self.since)?;
        let until = period("until", &self.until)?;
        if let (Some(since), Some(until)) = (since, until) {
            if since.first > until.last {
                return Err(ParamError::EmptyPeriod {
                    origin,
                    since: since.first,
                    until: until.last,
                });
            }
        }
        let mut facets = self.facets.clone();
        facets.dedup();
        Ok(SearchRequest {
            query: self.query.clone(),
            filters: Filters {
                speakers: self.speakers.clone(),
                entities: self.entities.clone(),
                sources: self.sources.clone(),
                since: since.map(|p| p.first),
                until: until.map(|p| p.last),
            },
            limit: self.limit,
            offset: self.offset,
            sort: self.sort,
            facets,
            facet_limit: self.facet_limit,
            date_interval: self.date_interval,
            all_copies: self.all_copies,
        })
    }
}

/// A validated search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub facets: Vec<FacetKind>,
    pub facet_limit: usize,
    pub date_interval: DateInterval,
    pub all_copies: bool,
}

impl SearchRequest {
    /// A search for `query` with no filters and the defaults of [`SearchParams`].
    pub fn new(query: &str) -> SearchRequest {
        let SearchParams {
            limit,
            offset,
            sort,
            facets,
            facet_limit,
            date_interval,
            all_copies,
            ..
        } = SearchParams::default();
        SearchRequest {
            query: query.to_string(),
            filters: Filters::default(),
            limit,
            offset,
            sort,
            facets,
            facet_limit,
            date_interval,
            all_copies,
        }
    }
}

/// The answer to one search: the documented, stable JSON schema (see README).
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Matching passages in all, not only those on this page.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
    pub hits: Vec<Hit>,
    /// Per requested facet, its rows.
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
}

/// One matching passage with its article's metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based position in the whole result list (offset included).
    pub rank: usize,
    /// BM25 score; `null` when sorted by date.
    pub score: Option<f32>,
    pub article_id: String,
    /// 0-based passage number within the article.
    pub passage: u64,
    pub title: String,
    /// Publication day, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// File (and line) the article was read from.
    pub path: String,
    /// The whole passage.
    pub text: String,
    pub snippet: Snippet,
    pub speakers: Vec<String>,
    pub entities: Vec<String>,
    /// Dates mentioned in the passage.
    pub dates: Vec<String>,
    /// The same passage in copies of this story from other articles (see `dedup`); empty with
    /// `--all-copies`, where each copy is a hit of its own.
    pub copies: Vec<Copy>,
    /// The article's group of near-duplicates, when it has copies anywhere in the index.
    pub group: Option<Group>,
}

/// A group of near-duplicate articles: its id (its first member's) and all its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: String,
    pub members: Vec<String>,
}

/// A copy of a hit's passage in another article.
#[derive(Debug, Clone, Serialize)]
pub struct Copy {
    pub article_id: String,
    pub passage: u64,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

impl Copy {
    fn of(hit: &Hit) -> Copy {
        Copy {
            article_id: hit.article_id.clone(),
            passage: hit.passage,
            title: hit.title.clone(),
            date: hit.date.clone(),
            source: hit.source.clone(),
            url: hit.url.clone(),
        }
    }
}

/// The best fragment of the passage with the matched terms located in it.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    pub text: String,
    /// `[start, end)` character offsets of highlighted terms in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// Most candidates fetched to fill a page with one hit per group of copies.
const MAX_CANDIDATES: usize = 20_000;

/// Run one search on an open index.
///
/// Unless `all_copies` is asked for, copies of one story (see `dedup`) show as one hit, the
/// best-ranked, carrying the others in `copies`; ranks count the hits so shown, `total` still
/// counts every matching passage.
pub fn run(
    index: &NewsIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let query = query::build_query(index, &request.query, &request.filters)?;
    let limit = request.limit.clamp(1, MAX_LIMIT);
    let collapse = !request.all_copies && !index.duplicates.is_empty();
    let wanted = request.offset.saturating_add(limit);
    // Collapsing needs the hits before the page; without it tantivy skips them itself.
    let (mut fetch, skip) = if collapse {
        (wanted.min(MAX_CANDIDATES), 0)
    } else {
        (limit, request.offset)
    };
    let mut snippets = SnippetGenerator::create(searcher, &*query, index.fields.text)?;
    snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut first: Option<(usize, facet::Counts)> = None;
    let mut without_facets: Option<SearchRequest> = None;
    let (hits, total, counts) = loop {
        // A second round only needs more hits: the counts of the first still hold.
        let asked = without_facets.as_ref().unwrap_or(request);
        let (addresses, total, counts) = top_docs(index, searcher, &*query, asked, fetch, skip)?;
        let (total, counts) = first.take().unwrap_or((total, counts));
        let exhausted = addresses.len() < fetch;
        let mut hits = Vec::with_capacity(addresses.len());
        for (position, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut hit = build_hit(index, &doc, skip + position + 1, score, &snippets);
            hit.group = index
                .duplicates
                .group(&hit.article_id)
                .map(|members| Group {
                    id: members.first().cloned().unwrap_or_default(),
                    members,
                });
            hits.push(hit);
        }
        if !collapse {
            break (hits, total, counts);
        }
        let kept = collapse_copies(hits);
        if kept.len() >= wanted || exhausted || fetch >= MAX_CANDIDATES {
            let page: Vec<Hit> = kept
                .into_iter()
                .enumerate()
                .skip(request.offset)
                .take(limit)
                .map(|(position, hit)| Hit {
                    rank: position + 1,
                    ..hit
                })
                .collect();
            break (page, total, counts);
        }
        fetch = fetch.saturating_mul(2).min(MAX_CANDIDATES);
        first = Some((total, counts));
        without_facets.get_or_insert_with(|| SearchRequest {
            facets: Vec::new(),
            ..request.clone()
        });
    };
    let facets = counts
        .into_iter()
        .map(|(kind, counts)| {
            let rows = facet::rank(kind, counts, request.facet_limit, &index.aliases);
            (kind.name(), rows)
        })
        .collect();
    Ok(SearchResults {
        query: request.query.clone(),
        total,
        offset: request.offset,
        limit,
        sort: request.sort,
        hits,
        facets,
    })
}

type Found = (Vec<(Option<f32>, DocAddress)>, usize, facet::Counts);

/// The `limit` best matches after `offset`, in the request's order, with the total count and
/// the facet counts of all matches.
fn top_docs(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    request: &SearchRequest,
    limit: usize,
    offset: usize,
) -> Result<Found, SearchError> {
    let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
    let facets = facet::FacetCollector {
        kinds: request.facets.clone(),
        interval: request.date_interval,
        limit: request.facet_limit,
        aliases: &index.aliases,
        terms: &index.terms,
    };
    Ok(match request.sort {
        Sort::Relevance => {
            let (docs, total, counts) =
                searcher.search(query, &(top.order_by_score(), Count, facets))?;
            (
                docs.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                total,
                counts,
            )
        }
        Sort::Newest | Sort::Oldest => {
            let order = if request.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (docs, total, counts) = searcher.search(
                query,
                &(
                    top.order_by_fast_field::<DateTime>(schema::DATE, order),
                    Count,
                    facets,
                ),
            )?;
            (
                docs.into_iter().map(|(_, a)| (None, a)).collect(),
                total,
                counts,
            )
        }
    })
}

/// Hits in rank order, each copy of an earlier hit's passage (another article of its group,
/// saying much the same) folded into that hit's `copies`.
fn collapse_copies(hits: Vec<Hit>) -> Vec<Hit> {
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let original = hit.group.as_ref().and_then(|group| {
            kept.iter_mut().find(|k| {
                k.article_id != hit.article_id
                    && k.group.as_ref().is_some_and(|g| g.id == group.id)
                    && crate::dedup::same_passage(&k.text, &hit.text)
            })
        });
        match original {
            Some(original) => original.copies.push(Copy::of(&hit)),
            None => kept.push(hit),
        }
    }
    kept
}

fn build_hit(
    index: &NewsIndex,
    doc: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
    snippets: &SnippetGenerator,
) -> Hit {
    let fields = &index.fields;
    let text = first_str(doc, fields.text).unwrap_or_default();
    let snippet = snippets.snippet(&text);
    let fragment = snippet.fragment();
    let highlights = snippet
        .highlighted()
        .iter()
        .filter_map(|range| {
            let start = fragment.get(..range.start)?.chars().count();
            let len = fragment.get(range.clone())?.chars().count();
            Some([start, start + len])
        })
        .collect();
    Hit {
        rank,
        score,
        article_id: first_str(doc, fields.article_id).unwrap_or_default(),
        passage: doc
            .get_first(fields.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        title: first_str(doc, fields.title).unwrap_or_default(),
        date: doc
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(schema::day_of),
        source: first_str(doc, fields.source),
        url: first_str(doc, fields.url),
        path: first_str(doc, fields.path).unwrap_or_default(),
        snippet: if fragment.is_empty() {
            // Matched on the title or a filter only: show the passage's opening instead.
            Snippet {
                text: opening(&text, SNIPPET_CHARS),
                highlights: Vec::new(),
            }
        } else {
            Snippet {
                text: fragment.to_string(),
                highlights,
            }
        },
        text,
        speakers: corpus_names(index, all_str(doc, fields.speaker)),
        entities: corpus_names(index, all_str(doc, fields.entity)),
        dates: all_str(doc, fields.dates),
        copies: Vec::new(),
        group: None,
    }
}

/// One article as the index holds it: metadata and every passage with what was extracted.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub article_id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub passages: Vec<PassageView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    pub passage: u64,
    pub text: String,
    pub speakers: Vec<String>,
    pub entities: Vec<String>,
    pub dates: Vec<String>,
}

/// The article with this id, its passages in order; `None` when the index has no such id.
pub fn article(
    index: &NewsIndex,
    searcher: &Searcher,
    id: &str,
) -> tantivy::Result<Option<ArticleView>> {
    let fields = &index.fields;
    let query = tantivy::query::TermQuery::new(
        tantivy::Term::from_field_text(fields.article_id, id),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let mut docs = Vec::with_capacity(addresses.len());
    for address in addresses {
        docs.push(searcher.doc::<TantivyDocument>(address)?);
    }
    let number = |doc: &TantivyDocument| {
        doc.get_first(fields.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    };
    docs.sort_by_key(number);
    let Some(first) = docs.first() else {
        return Ok(None);
    };
    Ok(Some(ArticleView {
        article_id: id.to_string(),
        title: first_str(first, fields.title).unwrap_or_default(),
        date: first
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(schema::day_of),
        source: first_str(first, fields.source),
        url: first_str(first, fields.url),
        path: first_str(first, fields.path).unwrap_or_default(),
        passages: docs
            .iter()
            .map(|doc| PassageView {
                passage: number(doc),
                text: first_str(doc, fields.text).unwrap_or_default(),
                speakers: corpus_names(index, all_str(doc, fields.speaker)),
                entities: corpus_names(index, all_str(doc, fields.entity)),
                dates: all_str(doc, fields.dates),
            })
            .collect(),
    }))
}

/// Names as the corpus knows them (see `index::names`), each once, in order.
fn corpus_names(index: &NewsIndex, names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let canonical = index.aliases.canonical(&name);
        if !out.iter().any(|seen| *seen == *canonical) {
            out.push(canonical.to_string());
        }
    }
    out
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn all_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let end = head.rfind(char::is_whitespace).unwrap_or(cut);
            format!("{}…", head[..end].trim_end())
        }
    }
}

#[cfg(test)]
mod tests;
