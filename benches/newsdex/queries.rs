//! Query latency on a warm index, newsdex against SQLite FTS5, per kind of query.
//!
//! The query set is drawn from the corpus with a fixed seed: words and word pairs from random
//! passages, phrases of adjacent words, date ranges, and filters on the most frequent speakers and
//! entities. Each query runs once to warm caches, then once timed.

use std::time::Instant;

use newsdex::article::Article;
use newsdex::extract;
use newsdex::index::NewsIndex;
use newsdex::search::{self, FacetKind, SearchRequest};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::fts5;

const SEED: u64 = 20_250_312;
const PER_KIND: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    And,
    Phrase,
    Or,
    DateRange,
    Speaker,
    Entity,
    Facets,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Word,
        Kind::And,
        Kind::Phrase,
        Kind::Or,
        Kind::DateRange,
        Kind::Speaker,
        Kind::Entity,
        Kind::Facets,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Word => "one word",
            Kind::And => "two words (AND)",
            Kind::Phrase => "phrase",
            Kind::Or => "two words (OR)",
            Kind::DateRange => "word + date range",
            Kind::Speaker => "speaker filter",
            Kind::Entity => "word + entity filter",
            Kind::Facets => "word + 3 facets",
        }
    }
}

#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub kind: Kind,
    pub words: Vec<String>,
    pub speaker: Option<String>,
    pub entity: Option<String>,
    /// Inclusive range of days since 1970-01-01.
    pub days: Option<(i64, i64)>,
    pub facets: bool,
}

impl BenchQuery {
    pub fn request(&self) -> SearchRequest {
        let text = match self.kind {
            Kind::Phrase => format!("\"{}\"", self.words.join(" ")),
            Kind::Or => self.words.join(" OR "),
            _ => self.words.join(" "),
        };
        let mut request = SearchRequest::new(&text);
        request.filters.speakers = self.speaker.iter().cloned().collect();
        request.filters.entities = self.entity.iter().cloned().collect();
        if let Some((first, last)) = self.days {
            let day =
                |d: i64| chrono::DateTime::from_timestamp(d * 86_400, 0).map(|t| t.date_naive());
            request.filters.since = day(first);
            request.filters.until = day(last);
        }
        if self.facets {
            request.facets = vec![FacetKind::Speaker, FacetKind::Entity, FacetKind::Source];
        }
        request
    }
}

/// Words worth searching for: letters only, four or more, not the commonest function words.
fn words_of(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "that", "this", "with", "from", "have", "they", "were", "their", "said", "been", "which",
        "would", "will", "there", "what", "about", "when", "also", "more", "than", "them", "into",
    ];
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

pub fn generate(articles: &[Article], speakers: &[String], entities: &[String]) -> Vec<BenchQuery> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let passage_words = |rng: &mut StdRng| -> Vec<String> {
        loop {
            let article = &articles[rng.random_range(0..articles.len())];
            let spans = extract::passage::split(&article.body);
            if spans.is_empty() {
                continue;
            }
            let span = spans[rng.random_range(0..spans.len())];
            let words = words_of(&article.body[span.start..span.end]);
            if words.len() >= 2 {
                return words;
            }
        }
    };
    let mut queries = Vec::new();
    for kind in Kind::ALL {
        for _ in 0..PER_KIND {
            let words = passage_words(&mut rng);
            let one = || words[0].clone();
            let mut q = BenchQuery {
                kind,
                words: vec![],
                speaker: None,
                entity: None,
                days: None,
                facets: false,
            };
            match kind {
                Kind::Word | Kind::Facets => {
                    q.words = vec![words[rng.random_range(0..words.len())].clone()];
                    q.facets = kind == Kind::Facets;
                }
                Kind::And | Kind::Phrase => {
                    let at = rng.random_range(0..words.len() - 1);
                    q.words = vec![words[at].clone(), words[at + 1].clone()];
                }
                Kind::Or => {
                    let other = passage_words(&mut rng);
                    q.words = vec![one(), other[0].clone()];
                }
                Kind::DateRange => {
                    // One year somewhere in 2012–2020, the AllSides span.
                    let start = 15_340 + rng.random_range(0..8 * 365);
                    q.words = vec![one()];
                    q.days = Some((start, start + 365));
                }
                Kind::Speaker => {
                    q.speaker = speakers
                        .get(rng.random_range(0..speakers.len().max(1)))
                        .cloned()
                }
                Kind::Entity => {
                    q.words = vec![one()];
                    q.entity = entities
                        .get(rng.random_range(0..entities.len().max(1)))
                        .cloned();
                }
            }
            queries.push(q);
        }
    }
    queries
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn run(index: &NewsIndex, db: &Connection, queries: &[BenchQuery]) -> anyhow::Result<Value> {
    let reader = index.index.reader()?;
    let searcher = reader.searcher();
    let requests: Vec<SearchRequest> = queries.iter().map(BenchQuery::request).collect();
    // Warm both engines: page cache, term dictionaries, prepared statements.
    for (q, request) in queries.iter().zip(&requests) {
        search::run(index, &searcher, request)?;
        fts5::run(db, q)?;
    }
    let mut rows = Vec::new();
    println!("\nqueries ({PER_KIND} per kind, warm, in-process, milliseconds)");
    println!(
        "  {:<22} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "", "newsdex", "p99", "FTS5", "p99", "faster"
    );
    for kind in Kind::ALL {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut hits = 0usize;
        for (q, request) in queries
            .iter()
            .zip(&requests)
            .filter(|(q, _)| q.kind == kind)
        {
            let started = Instant::now();
            let results = search::run(index, &searcher, request)?;
            ours.push(started.elapsed().as_secs_f64() * 1e3);
            hits += results.total;
            let started = Instant::now();
            fts5::run(db, q)?;
            theirs.push(started.elapsed().as_secs_f64() * 1e3);
        }
        ours.sort_by(f64::total_cmp);
        theirs.sort_by(f64::total_cmp);
        let (p50, p99) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
        let (f50, f99) = (percentile(&theirs, 0.5), percentile(&theirs, 0.99));
        println!(
            "  {:<22} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>8.1}x",
            kind.name(),
            p50,
            p99,
            f50,
            f99,
            f50 / p50.max(1e-9)
        );
        rows.push(json!({
            "kind": kind.name(),
            "newsdex_p50_ms": p50, "newsdex_p99_ms": p99,
            "fts5_p50_ms": f50, "fts5_p99_ms": f99,
            "mean_matches": hits as f64 / ours.len().max(1) as f64,
        }));
    }
    Ok(json!(rows))
}
