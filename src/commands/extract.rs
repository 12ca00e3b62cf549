//! `newsdex extract`: what `index` would store for each article, as JSON lines
//! (the contract in `../shared/eval/CONTRACT.md`), so extraction can be checked and scored.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::article::Article;
use crate::extract::{self, Annotated, Span};
use crate::ingest;

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<String>,
    source: Option<&'a str>,
    passages: Vec<PassageRow<'a>>,
    entities: Vec<EntityRow<'a>>,
    quotes: Vec<QuoteRow<'a>>,
    dates: Vec<DateRow<'a>>,
}

#[derive(Serialize)]
struct PassageRow<'a> {
    start: usize,
    end: usize,
    speakers: &'a [String],
    entities: &'a [String],
    dates: &'a [String],
}

#[derive(Serialize)]
struct EntityRow<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    canonical: &'a str,
}

#[derive(Serialize)]
struct QuoteRow<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_end: Option<usize>,
    /// The rule that decided the row, with `--explain` only: the contract's rows stay as
    /// they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    sieve: Option<&'static str>,
}

#[derive(Serialize)]
struct DateRow<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    value: &'a str,
}

/// Byte offsets to character offsets, for one body, in O(1) per lookup.
struct CharOffsets {
    /// `chars[b]` = number of characters before byte `b`.
    chars: Vec<usize>,
}

impl CharOffsets {
    fn new(body: &str) -> CharOffsets {
        let mut chars = Vec::with_capacity(body.len() + 1);
        let mut count = 0;
        for (index, _) in body.char_indices() {
            // Spans never start inside a character; its continuation bytes just need a value.
            chars.resize(index, count);
            chars.push(count);
            count += 1;
        }
        chars.resize(body.len() + 1, count);
        CharOffsets { chars }
    }

    fn at(&self, byte: usize) -> usize {
        self.chars
            .get(byte)
            .copied()
            .unwrap_or_else(|| self.chars.last().copied().unwrap_or(0))
    }
}

fn text_of(body: &str, span: Span) -> &str {
    body.get(span.start..span.end).unwrap_or("")
}

fn record<'a>(article: &'a Article, annotated: &'a Annotated, explain: bool) -> Record<'a> {
    let body = article.body.as_str();
    let offsets = CharOffsets::new(body);
    Record {
        id: &article.id,
        title: &article.title,
        date: article.published.map(|p| p.format("%Y-%m-%d").to_string()),
        source: article.source.as_deref(),
        passages: annotated
            .passages
            .iter()
            .map(|p| PassageRow {
                start: offsets.at(p.span.start),
                end: offsets.at(p.span.end),
                speakers: &p.speakers,
                entities: &p.entities,
                dates: &p.dates,
            })
            .collect(),
        entities: annotated
            .entities
            .iter()
            .map(|e| EntityRow {
                start: offsets.at(e.span.start),
                end: offsets.at(e.span.end),
                text: text_of(body, e.span),
                kind: e.kind.as_str(),
                canonical: &e.canonical,
            })
            .collect(),
        quotes: annotated
            .quotes
            .iter()
            .map(|q| QuoteRow {
                start: offsets.at(q.span.start),
                end: offsets.at(q.span.end),
                text: text_of(body, q.span),
                speaker: q.speaker.as_deref(),
                speaker_start: q.speaker_span.map(|s| offsets.at(s.start)),
                speaker_end: q.speaker_span.map(|s| offsets.at(s.end)),
                sieve: explain.then(|| q.sieve.name()),
            })
            .collect(),
        dates: annotated
            .dates
            .iter()
            .map(|d| DateRow {
                start: offsets.at(d.span.start),
                end: offsets.at(d.span.end),
                text: text_of(body, d.span),
                value: &d.value,
            })
            .collect(),
    }
}

/// Returns how many articles were written; problems are warnings on standard error. With
/// `explain`, each quote also names the sieve that decided it.
pub fn run<W: Write>(paths: &[PathBuf], explain: bool, out: &mut W) -> anyhow::Result<usize> {
    let discovery = ingest::discover(paths);
    let mut cap = ingest::warnings::WarningCap::default();
    let mut warn = |problem: &ingest::Problem| {
        if cap.show(problem) {
            eprintln!("newsdex: warning: {problem}");
        }
    };
    for problem in &discovery.problems {
        warn(problem);
    }
    let mut written = 0;
    for file in &discovery.files {
        for item in ingest::read_file(file) {
            match item {
                Ok(article) => {
                    let annotated = extract::annotate(&article);
                    serde_json::to_writer(&mut *out, &record(&article, &annotated, explain))?;
                    writeln!(out)?;
                    written += 1;
                }
                Err(problem) => warn(&problem),
            }
        }
    }
    for line in cap.not_shown() {
        eprintln!("newsdex: warning: {line}");
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::{record, CharOffsets};
    use crate::article::{Article, Origin};
    use crate::extract::{self, Span};
    use proptest::prelude::*;

    /// Bodies built from pieces of real news text, the punctuation extraction keys on, and
    /// arbitrary Unicode, so that the properties meet both realistic and hostile input.
    fn body() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow ".to_string()),
            Just("was studying the proposal for a 30-day ceasefire. ".to_string()),
            Just(
                "\u{201c}We are carefully studying it,\u{201d} he told reporters in Moscow. "
                    .to_string()
            ),
            Just("\"It is a trap,\" said Sen. Lindsey Graham (R-S.C.), ".to_string()),
            Just("according to the U.S. State Department, on Jan. 20, 2025 ".to_string()),
            Just("President Volodymyr Zelenskyy\u{2019}s office in Kyiv ".to_string()),
            Just("last month, next year, this week, March 12 ".to_string()),
            Just("\n\n".to_string()),
            Just("\n".to_string()),
            Just("  ".to_string()),
            Just("\u{201c}".to_string()),
            Just("\"".to_string()),
            Just("Mr. ".to_string()),
            Just("é".to_string()),
            "\\PC{0,12}",
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    fn article(body: String) -> Article {
        Article {
            id: "prop".to_string(),
            title: String::new(),
            published: chrono::NaiveDate::from_ymd_opt(2025, 3, 12)
                .and_then(|d| d.and_hms_opt(0, 0, 0)),
            source: None,
            url: None,
            author: None,
            body,
            origin: Origin {
                path: "prop.jsonl".into(),
                line: Some(1),
            },
        }
    }

    fn valid(body: &str, span: Span) -> bool {
        span.start <= span.end
            && span.end <= body.len()
            && body.is_char_boundary(span.start)
            && body.is_char_boundary(span.end)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_span_is_a_char_range_of_the_body_and_passages_tile_it(body in body()) {
            let article = article(body);
            let body = article.body.as_str();
            let annotated = extract::annotate(&article);
            let spans = annotated.passages.iter().map(|p| p.span)
                .chain(annotated.entities.iter().map(|e| e.span))
                .chain(annotated.quotes.iter().map(|q| q.span))
                .chain(annotated.quotes.iter().filter_map(|q| q.speaker_span))
                .chain(annotated.dates.iter().map(|d| d.span));
            for span in spans {
                prop_assert!(valid(body, span), "{span:?} in {body:?}");
            }
            // Passages: in order, apart, trimmed, and together every non-space character.
            let mut covered = 0;
            let mut last_end = 0;
            for passage in &annotated.passages {
                let text = &body[passage.span.start..passage.span.end];
                prop_assert!(passage.span.start >= last_end);
                prop_assert!(!text.is_empty() && text.trim() == text, "{text:?}");
                covered += text.chars().filter(|c| !c.is_whitespace()).count();
                last_end = passage.span.end;
            }
            prop_assert_eq!(covered, body.chars().filter(|c| !c.is_whitespace()).count());

            // What `extract` prints: character offsets whose text is the body's.
            let chars: Vec<char> = body.chars().collect();
            let printed = serde_json::to_value(record(&article, &annotated, false)).unwrap();
            for list in ["entities", "quotes", "dates", "passages"] {
                for row in printed[list].as_array().unwrap() {
                    let start = row["start"].as_u64().unwrap() as usize;
                    let end = row["end"].as_u64().unwrap() as usize;
                    prop_assert!(start <= end && end <= chars.len());
                    if let Some(text) = row["text"].as_str() {
                        let expected: String = chars[start..end].iter().collect();
                        prop_assert_eq!(text, expected.as_str());
                    }
                }
            }
        }
    }

    #[test]
    fn byte_offsets_become_character_offsets() {
        let body = "Zelenskyy’s “plan” é";
        let offsets = CharOffsets::new(body);
        assert_eq!(offsets.at(0), 0);
        assert_eq!(offsets.at(body.find('’').unwrap()), 9);
        assert_eq!(offsets.at(body.find('“').unwrap()), 12);
        assert_eq!(offsets.at(body.find("plan").unwrap()), 13);
        assert_eq!(offsets.at(body.len()), body.chars().count());
    }
}
