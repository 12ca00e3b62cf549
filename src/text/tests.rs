//! The text layer as a whole: the cases of `tests/cases/text.jsonl` run through a [`Doc`],
//! and the layers of one `Doc` over one body.

use std::collections::HashSet;

use super::{Doc, Span};

/// One line of `tests/cases/text.jsonl`: a text and, for each layer given, what the `Doc`
/// must make of it exactly and in order (as the texts of the spans).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TextCase {
    /// A short slug, unique in the file: what a failure names.
    id: String,
    text: String,
    #[serde(default)]
    tokens: Option<Vec<String>>,
    #[serde(default)]
    sentences: Option<Vec<String>>,
    /// The sentences as the entity tagger sees them (`Token::tagger_start`).
    #[serde(default)]
    tagger_sentences: Option<Vec<String>>,
    #[serde(default)]
    paragraphs: Option<Vec<String>>,
    #[serde(default)]
    quotes: Option<Vec<String>>,
    /// `ok`, which must pass, or `known_gap`, which is run and reported but may fail.
    status: String,
    /// Why the case is there.
    note: String,
}

const CASE_STATUSES: [&str; 2] = ["ok", "known_gap"];

/// The cases, one JSON object a line; a line that does not parse fails with its number.
fn text_cases() -> Vec<TextCase> {
    include_str!("../../tests/cases/text.jsonl")
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("text.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

fn texts(doc: &Doc, spans: impl IntoIterator<Item = Span>) -> Vec<String> {
    spans
        .into_iter()
        .map(|s| doc.slice(s).to_string())
        .collect()
}

/// The tagger's sentences: from each token it sees as a start to the token before the next.
fn tagger_sentences(doc: &Doc) -> Vec<Span> {
    let tokens = doc.tokens();
    let starts: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].tagger_start)
        .collect();
    let ends = starts.iter().skip(1).copied().chain([tokens.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&a, b)| Span::new(tokens[a].span.start, tokens[b - 1].span.end))
        .collect()
}

/// Each layer the case gives, as (layer, expected, got).
fn layers(case: &TextCase) -> Vec<(&'static str, &Vec<String>, Vec<String>)> {
    let doc = Doc::new(&case.text);
    let mut out = Vec::new();
    if let Some(want) = &case.tokens {
        out.push((
            "tokens",
            want,
            texts(&doc, doc.tokens().iter().map(|t| t.span)),
        ));
    }
    if let Some(want) = &case.sentences {
        out.push((
            "sentences",
            want,
            texts(&doc, doc.sentences().iter().copied()),
        ));
    }
    if let Some(want) = &case.tagger_sentences {
        out.push((
            "tagger_sentences",
            want,
            texts(&doc, tagger_sentences(&doc)),
        ));
    }
    if let Some(want) = &case.paragraphs {
        out.push((
            "paragraphs",
            want,
            texts(&doc, doc.paragraphs().iter().copied()),
        ));
    }
    if let Some(want) = &case.quotes {
        out.push(("quotes", want, texts(&doc, doc.quotes().iter().copied())));
    }
    out
}

/// Every case of `tests/cases/text.jsonl` is run, and the test fails once, naming each
/// failing case and layer, so one wrong case hides no other. A `known_gap` case fails
/// nothing; one that passes is listed so that it can be promoted to `ok`.
#[test]
fn text_cases_as_data() {
    let cases = text_cases();
    let (mut failures, mut gaps_open, mut gaps_passing) = (Vec::new(), Vec::new(), Vec::new());
    for case in &cases {
        let wrong: Vec<String> = layers(case)
            .into_iter()
            .filter(|(_, want, got)| *want != got)
            .map(|(layer, want, got)| {
                format!("  {layer}:\n    expected: {want:?}\n    got:      {got:?}")
            })
            .collect();
        let report = || {
            format!(
                "{}\n  note: {}\n  text: {:?}\n{}",
                case.id,
                case.note,
                case.text,
                wrong.join("\n")
            )
        };
        match (case.status == "known_gap", wrong.is_empty()) {
            (false, true) => {}
            (false, false) => failures.push(report()),
            (true, true) => gaps_passing.push(case.id.as_str()),
            (true, false) => gaps_open.push(report()),
        }
    }
    println!(
        "text cases: {} checked, {} failing, {} known gaps ({} now pass)",
        cases.len(),
        failures.len(),
        gaps_open.len() + gaps_passing.len(),
        gaps_passing.len()
    );
    for gap in &gaps_open {
        println!("known gap, still failing: {gap}");
    }
    assert!(!cases.is_empty(), "text.jsonl holds no cases");
    assert!(
        failures.is_empty(),
        "{} of {} text cases failed:\n\n{}\n\nknown gaps that now pass: {gaps_passing:?}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Ids are unique slugs, every status is one the runner knows, and every case checks a layer.
#[test]
fn text_cases_are_well_formed() {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for case in text_cases() {
        let slug = !case.id.is_empty()
            && case.id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !slug {
            problems.push(format!("{:?}: not a slug", case.id));
        }
        if !seen.insert(case.id.clone()) {
            problems.push(format!("{:?}: listed twice", case.id));
        }
        if !CASE_STATUSES.contains(&case.status.as_str()) {
            problems.push(format!("{:?}: unknown status {:?}", case.id, case.status));
        }
        if layers(&case).is_empty() || case.note.trim().is_empty() {
            problems.push(format!("{:?}: checks no layer or has no note", case.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_doc_gives_each_layer_over_the_same_body() {
    let body = "Mr. Putin's aide said: “We will study it.” Then he left.\n\n\
                The Kremlin declined to comment.";
    let doc = Doc::new(body);
    // Exact spans: each layer is byte offsets into the one body.
    let span = |s: &str| {
        let start = body.find(s).unwrap_or(usize::MAX);
        Span::new(start, start + s.len())
    };
    assert_eq!(
        doc.sentences(),
        [
            Span::new(0, 46),
            span("Then he left."),
            span("The Kremlin declined to comment."),
        ]
    );
    assert_eq!(
        doc.slice(Span::new(0, 46)),
        "Mr. Putin's aide said: “We will study it.”"
    );
    assert_eq!(
        doc.paragraphs(),
        [Span::new(0, 60), span("The Kremlin declined to comment.")]
    );
    assert_eq!(doc.quotes(), [span("We will study it")]);
    let at = span("study").start;
    assert!(doc.in_quote(at) && !doc.in_quote(0));
    let second = doc.paragraphs()[1];
    let words: Vec<&str> = doc
        .tokens_in(second)
        .iter()
        .map(|t| doc.slice(t.span))
        .collect();
    assert_eq!(words, ["The", "Kremlin", "declined", "to", "comment", "."]);
    // "Then" and "The" start sentences after a stop ("The" a line too): token indices.
    let starts: Vec<&str> = doc
        .stop_starts()
        .iter()
        .map(|&i| doc.slice(doc.tokens()[i].span))
        .collect();
    assert_eq!(starts, ["Then", "The"]);
    assert_eq!(doc.alnum_words().count(), 17);
    assert_eq!(doc.ascii_words().count(), 17);
    assert_eq!(doc.slice(Span::new(1, 400)), "");
    assert!(doc.tokens_in(Span::new(400, 500)).is_empty());
}

#[test]
fn spans_compare_as_ranges() {
    let a = Span::new(2, 6);
    assert!(a.contains(Span::new(2, 6)) && a.contains(Span::new(3, 4)));
    assert!(a.overlaps(Span::new(5, 9)) && !a.overlaps(Span::new(6, 9)));
    assert_eq!((a.len(), Span::new(4, 4).is_empty()), (4, true));
}

/// Every layer of any text holds spans in order, on char boundaries, inside the text.
#[test]
fn layers_of_odd_texts_are_well_formed() {
    let odd = [
        "",
        " \n\t ",
        "\n\n.",
        "?”\n  ”",
        "Mr.\r\n\r\nU.S.! A",
        "\u{3000}é\n\t\n  ü.",
        "«Ελλάδα» και Κύπρος: ο Αλέξης. “Ναι”",
        "東京で Shinzo Abe 氏は言った。",
        "e\u{301}t\u{301}é's ''x'' \"",
        "a\u{b}b\u{a0}c\u{85}d",
        "...... !!! ??? “““ ””” ''''",
    ];
    for text in odd {
        let doc = Doc::new(text);
        let layers: [Vec<Span>; 4] = [
            doc.tokens().iter().map(|t| t.span).collect(),
            doc.sentences().to_vec(),
            doc.paragraphs().to_vec(),
            doc.quotes().to_vec(),
        ];
        for spans in layers {
            let mut at = 0;
            for s in spans {
                assert!(
                    at <= s.start && s.start <= s.end && s.end <= text.len(),
                    "{text:?}"
                );
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                at = s.end;
            }
        }
    }
}
