//! Query parsing and search on an in-memory index of the bundled seed articles.
//!
//! The first line is the query text; the lines after it, when present, are a speaker filter,
//! an entity filter, a source filter, since/until periods (YYYY, YYYY-MM or YYYY-MM-DD), and
//! the numbers `limit offset facet_limit` (any size: they are checked as the server checks them).
//! `build_query` must give a query or a `QueryError`, and `search::run` the same, never panic
//! (nor overflow its stack on deep nesting, nor abort on a huge count).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex::extract::annotate;
use newsdex::index::writer::PassageWriter;
use newsdex::index::NewsIndex;
use newsdex::ingest::{discover, read_file};
use newsdex::limits::Origin;
use newsdex::search::query::build_query;
use newsdex::search::{
    self, DateInterval, FacetKind, Filters, Period, QueryError, SearchParams, Sort,
};
use tantivy::{IndexReader, Searcher};

struct Fixture {
    index: NewsIndex,
    _reader: IndexReader,
    searcher: Searcher,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let index = NewsIndex::in_ram();
        let writer = PassageWriter::small(&index).expect("an in-memory writer");
        let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"));
        let found = discover(&[corpus.join("seed"), corpus.join("txt"), corpus.join("bbc")]);
        for file in &found.files {
            for article in read_file(file).flatten() {
                writer
                    .add_article(&article, &annotate(&article))
                    .expect("adding to an in-memory index");
            }
        }
        writer.commit().expect("committing an in-memory index");
        let reader = index.index.reader().expect("a reader");
        let searcher = reader.searcher();
        assert!(searcher.num_docs() > 0, "the fixture index is empty");
        Fixture {
            index,
            _reader: reader,
            searcher,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let fixture = fixture();
    let mut lines = input.split('\n');
    let text = lines.next().unwrap_or("");
    let mut next = || lines.next().filter(|l| !l.is_empty()).map(str::to_string);
    let speaker = next();
    let entity = next();
    let source = next();
    let since = next();
    let until = next();
    // Numbers past a machine word saturate, as the server's parser reads them.
    let numbers: Vec<usize> = next()
        .unwrap_or_default()
        .split_whitespace()
        .map(|n| {
            n.parse::<u128>()
                .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX))
        })
        .collect();
    let filters = Filters {
        speakers: speaker.iter().cloned().collect(),
        entities: entity.iter().cloned().collect(),
        sources: source.iter().cloned().collect(),
        since: since
            .as_deref()
            .and_then(|p| Period::parse(p).ok())
            .map(|p| p.first),
        until: until
            .as_deref()
            .and_then(|p| Period::parse(p).ok())
            .map(|p| p.last),
    };
    if build_query(&fixture.index, text, &filters).is_err() {
        return;
    }
    let sort = match data.len() % 3 {
        0 => Sort::Relevance,
        1 => Sort::Newest,
        _ => Sort::Oldest,
    };
    let params = SearchParams {
        query: text.to_string(),
        speakers: filters.speakers.clone(),
        entities: filters.entities.clone(),
        sources: filters.sources.clone(),
        since: None,
        until: None,
        limit: numbers.first().copied().unwrap_or(5),
        offset: numbers.get(1).copied().unwrap_or(data.len() % 7),
        sort,
        facets: vec![
            FacetKind::Speaker,
            FacetKind::Entity,
            FacetKind::Source,
            FacetKind::Date,
        ],
        facet_limit: numbers.get(2).copied().unwrap_or(5),
        date_interval: if data.len() % 2 == 0 {
            DateInterval::Month
        } else {
            DateInterval::Year
        },
        all_copies: data.len() % 5 == 0,
    };
    // Out-of-bounds counts are refused here, before any search: that is the property.
    let Ok(mut request) = params.validate(Origin::Api) else {
        return;
    };
    request.filters = filters;
    if let Err(e) = search::run(&fixture.index, &fixture.searcher, &request) {
        assert!(
            e.downcast_ref::<QueryError>().is_some(),
            "search failed: {e:#}"
        );
    }
});
