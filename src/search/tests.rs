//! Search over a small in-memory index built from real passages with known annotations, so
//! every expectation below can be counted by hand.

use chrono::NaiveDate;

use super::*;
use crate::article::{Article, Origin};
use crate::extract::{Annotated, Passage, Span};
use crate::index::writer::PassageWriter;

struct Fixture {
    id: &'static str,
    title: &'static str,
    date: Option<(i32, u32, u32)>,
    source: &'static str,
    /// Passages with their speakers and entities.
    passages: &'static [(
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    )],
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        id: "seed",
        title: "Kremlin studies U.S.-Ukraine proposal for a 30-day ceasefire",
        date: Some((2025, 3, 12)),
        source: "Seed Report",
        passages: &[
            (
                "The Kremlin is \"carefully studying\" the outcome of Tuesday's negotiations between the United States and Ukraine, according to Dmitri S. Peskov, Mr. Putin's spokesman. The two sides have called for a monthlong ceasefire.",
                &["Dmitri S. Peskov"],
                &["Kremlin", "United States", "Ukraine", "Dmitri S. Peskov", "Vladimir V. Putin"],
            ),
            (
                "Over the past month, Mr. Putin has witnessed a dizzying shift in his geopolitical fortunes as Mr. Trump has shifted American foreign policy toward Russia.",
                &[],
                &["Vladimir V. Putin", "Trump", "Russia"],
            ),
        ],
    },
    Fixture {
        id: "obama-putin",
        title: "Obama presses Putin to strike Ukraine peace deal",
        date: Some((2015, 2, 10)),
        source: "Reuters",
        passages: &[
            (
                "President Barack Obama pressed Vladimir Putin on Tuesday to seize on peace talks this week to end fighting in eastern Ukraine, the White House said, as ceasefires kept collapsing.",
                &["White House"],
                &["Barack Obama", "Vladimir V. Putin", "Ukraine", "White House"],
            ),
            (
                "Kremlin spokesman Dmitry Peskov said Putin would attend the talks in Minsk.",
                &["Dmitri S. Peskov"],
                &["Kremlin", "Dmitri S. Peskov", "Vladimir V. Putin", "Minsk"],
            ),
        ],
    },
    Fixture {
        id: "undated",
        title: "NATO allies weigh new sanctions",
        date: None,
        source: "BBC News",
        passages: &[(
            "NATO allies said they would weigh new sanctions on Russia if the ceasefire failed.",
            &[],
            &["NATO", "Russia"],
        )],
    },
];

fn article_of(fixture: &Fixture) -> (Article, Annotated) {
    let mut body = String::new();
    let mut passages = Vec::new();
    for (text, speakers, entities) in fixture.passages {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(text);
        passages.push(Passage {
            span: Span::new(start, body.len()),
            speakers: speakers.iter().map(|s| s.to_string()).collect(),
            entities: entities.iter().map(|s| s.to_string()).collect(),
            dates: Vec::new(),
        });
    }
    let article = Article {
        id: fixture.id.to_string(),
        title: fixture.title.to_string(),
        published: fixture
            .date
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
        source: Some(fixture.source.to_string()),
        url: None,
        author: None,
        body,
        origin: Origin {
            path: format!("{}.json", fixture.id).into(),
            line: None,
        },
    };
    (
        article,
        Annotated {
            passages,
            ..Annotated::default()
        },
    )
}

fn build_index() -> NewsIndex {
    let index = NewsIndex::in_ram();
    let writer = PassageWriter::small(&index).unwrap();
    for fixture in FIXTURES {
        let (article, annotated) = article_of(fixture);
        writer.add_article(&article, &annotated).unwrap();
    }
    writer.commit().unwrap();
    index
}

fn search(index: &NewsIndex, request: &SearchRequest) -> SearchResults {
    let reader = index.index.reader().unwrap();
    run(index, &reader.searcher(), request).unwrap()
}

/// `article_id#passage` of every hit, in order.
fn keys(results: &SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| format!("{}#{}", h.article_id, h.passage))
        .collect()
}

fn all(query: &str) -> SearchRequest {
    let mut request = SearchRequest::new(query);
    request.limit = 100;
    request
}

#[test]
fn stemming_matches_plural_and_singular() {
    let index = build_index();
    // "ceasefires" is in obama-putin#0 only; "ceasefire" in seed#0 (and the seed title), undated#0.
    let results = search(&index, &all("ceasefires"));
    let mut found = keys(&results);
    found.sort();
    assert_eq!(found, ["obama-putin#0", "seed#0", "seed#1", "undated#0"]);
}

#[test]
fn words_are_anded_and_phrases_are_exact() {
    let index = build_index();
    assert_eq!(
        keys(&search(&index, &all("Kremlin Minsk"))),
        ["obama-putin#1"]
    );
    assert_eq!(
        keys(&search(&index, &all("\"carefully studying\""))),
        ["seed#0"]
    );
    assert_eq!(
        keys(&search(&index, &all("\"studying carefully\""))),
        Vec::<String>::new()
    );
    let mut either = keys(&search(&index, &all("Minsk OR sanctions")));
    either.sort();
    assert_eq!(either, ["obama-putin#1", "undated#0"]);
    // Exclusion covers the title too: every seed passage carries "Kremlin" in its title.
    assert_eq!(
        keys(&search(&index, &all("Putin -Kremlin"))),
        ["obama-putin#0"]
    );
}

#[test]
fn speaker_filter_is_exact_and_ignores_case() {
    let index = build_index();
    let mut request = all("");
    request.filters.speakers = vec!["dmitri s. peskov".into()];
    let mut found = keys(&search(&index, &request));
    found.sort();
    assert_eq!(found, ["obama-putin#1", "seed#0"]);

    request.query = "ceasefire".into();
    assert_eq!(keys(&search(&index, &request)), ["seed#0"]);

    request.filters.speakers = vec!["Peskov".into()];
    assert_eq!(
        search(&index, &request).total,
        0,
        "a filter is a whole name, not a word"
    );
}

#[test]
fn field_queries_search_names_by_word() {
    let index = build_index();
    let mut found = keys(&search(&index, &all("speaker:peskov")));
    found.sort();
    assert_eq!(found, ["obama-putin#1", "seed#0"]);
    assert_eq!(
        keys(&search(&index, &all("entity:\"Barack Obama\""))),
        ["obama-putin#0"]
    );
    assert_eq!(keys(&search(&index, &all("source:bbc"))), ["undated#0"]);
    assert_eq!(
        keys(&search(&index, &all("title:sanctions"))),
        ["undated#0"]
    );
}

#[test]
fn entity_filters_require_every_entity() {
    let index = build_index();
    let mut request = all("");
    request.filters.entities = vec!["Vladimir V. Putin".into(), "Kremlin".into()];
    let mut found = keys(&search(&index, &request));
    found.sort();
    assert_eq!(found, ["obama-putin#1", "seed#0"]);
}

#[test]
fn facets_count_every_match_not_only_the_page() {
    let index = build_index();
    let mut request = SearchRequest::new("");
    request.limit = 1;
    request.facets = vec![
        FacetKind::Speaker,
        FacetKind::Entity,
        FacetKind::Source,
        FacetKind::Date,
    ];
    request.facet_limit = 3;
    let results = search(&index, &request);
    assert_eq!(results.total, 5);
    assert_eq!(results.hits.len(), 1);
    let rows = |name: &str| -> Vec<(String, u64)> {
        results.facets[name]
            .iter()
            .map(|r| (r.value.clone(), r.count))
            .collect()
    };
    assert_eq!(
        rows("speaker"),
        [
            ("Dmitri S. Peskov".to_string(), 2),
            ("White House".to_string(), 1)
        ]
    );
    assert_eq!(
        rows("entity"),
        [
            ("Vladimir V. Putin".to_string(), 4),
            ("Dmitri S. Peskov".to_string(), 2),
            ("Kremlin".to_string(), 2)
        ]
    );
    assert_eq!(
        rows("source"),
        [
            ("Reuters".to_string(), 2),
            ("Seed Report".to_string(), 2),
            ("BBC News".to_string(), 1)
        ]
    );
    // The undated passage has no date bucket.
    assert_eq!(
        rows("date"),
        [("2015-02".to_string(), 2), ("2025-03".to_string(), 2)]
    );

    request.date_interval = DateInterval::Year;
    request.facets = vec![FacetKind::Date];
    let by_year: Vec<_> = search(&index, &request).facets["date"]
        .iter()
        .map(|r| r.value.clone())
        .collect();
    assert_eq!(by_year, ["2015", "2025"]);
}

#[test]
fn facet_names_remembered_across_searches_count_the_same() {
    // One index answers a run of searches (its dictionary look-ups remembered), a fresh
    // index each search cold: the counts must agree every time.
    let warm = build_index();
    for query in ["Putin", "Peskov", "", "Kremlin", "Putin", ""] {
        let mut request = SearchRequest::new(query);
        request.facets = vec![FacetKind::Speaker, FacetKind::Entity, FacetKind::Source];
        request.facet_limit = 2;
        let cold = search(&build_index(), &request);
        let again = search(&warm, &request);
        assert_eq!(again.facets, cold.facets, "query {query:?}");
        assert!(!cold.facets["entity"].is_empty(), "query {query:?}");
    }
}

#[test]
fn date_filters_and_sorting() {
    let index = build_index();
    let mut request = all("Putin");
    request.sort = Sort::Newest;
    assert_eq!(
        keys(&search(&index, &request))[..2],
        ["seed#0".to_string(), "seed#1".to_string()]
    );
    request.sort = Sort::Oldest;
    assert_eq!(
        keys(&search(&index, &request))[0].split('#').next(),
        Some("obama-putin")
    );
    assert!(search(&index, &request)
        .hits
        .iter()
        .all(|h| h.score.is_none()));

    let mut request = all("");
    request.filters.since = NaiveDate::from_ymd_opt(2025, 3, 12);
    request.filters.until = NaiveDate::from_ymd_opt(2025, 3, 12);
    let mut found = keys(&search(&index, &request));
    found.sort();
    assert_eq!(found, ["seed#0", "seed#1"]);

    let mut found = keys(&search(&index, &all("date:2015-02")));
    found.sort();
    assert_eq!(found, ["obama-putin#0", "obama-putin#1"]);
    assert_eq!(search(&index, &all("date:[2016 TO 2024]")).total, 0);
}

#[test]
fn title_matches_rank_first() {
    let index = build_index();
    // Each word is in one passage's text; "sanctions" is also in that article's title.
    let results = search(&index, &all("Minsk OR sanctions"));
    assert_eq!(keys(&results), ["undated#0", "obama-putin#1"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn hits_carry_metadata_and_highlights() {
    let index = build_index();
    let results = search(&index, &all("\"carefully studying\""));
    let hit = &results.hits[0];
    assert_eq!(hit.rank, 1);
    assert_eq!(
        hit.title,
        "Kremlin studies U.S.-Ukraine proposal for a 30-day ceasefire"
    );
    assert_eq!(hit.date.as_deref(), Some("2025-03-12"));
    assert_eq!(hit.source.as_deref(), Some("Seed Report"));
    assert_eq!(hit.path, "seed.json");
    assert_eq!(hit.speakers, ["Dmitri S. Peskov"]);
    let marked: Vec<String> = hit
        .snippet
        .highlights
        .iter()
        .map(|[s, e]| hit.snippet.text.chars().skip(*s).take(e - s).collect())
        .collect();
    assert_eq!(marked, ["carefully", "studying"]);
}

#[test]
fn reindexing_an_article_replaces_its_passages() {
    let index = build_index();
    let writer = PassageWriter::small(&index).unwrap();
    let (article, annotated) = article_of(&FIXTURES[0]);
    writer.add_article(&article, &annotated).unwrap();
    writer.add_article(&article, &annotated).unwrap();
    writer.commit().unwrap();
    assert_eq!(search(&index, &all("")).total, 5);
}

#[test]
fn bad_queries_are_reported_not_panicked() {
    let index = build_index();
    let reader = index.index.reader().unwrap();
    let searcher = reader.searcher();
    let error = |q: &str| run(&index, &searcher, &all(q)).unwrap_err().to_string();
    assert_eq!(
        error("\"carefully studying"),
        "bad query at column 1: the quote is never closed"
    );
    assert_eq!(
        error("author:smith"),
        "unknown field 'author' in query (choose from: title, text, speaker, entity, source, date, mentioned)"
    );
    assert_eq!(
        error("date:2025-13"),
        "bad date '2025-13': use YYYY, YYYY-MM or YYYY-MM-DD"
    );
}

#[test]
fn the_names_users_write_are_the_serde_names() {
    fn check<T: Choice + Serialize>() {
        for value in T::ALL {
            assert_eq!(serde_json::to_value(value).unwrap(), value.name());
        }
    }
    check::<Sort>();
    check::<FacetKind>();
    check::<DateInterval>();
}
