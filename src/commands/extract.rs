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

fn record<'a>(article: &'a Article, annotated: &'a Annotated) -> Record<'a> {
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

/// Returns how many articles were written; problems are warnings on standard error.
pub fn run<W: Write>(paths: &[PathBuf], out: &mut W) -> anyhow::Result<usize> {
    let discovery = ingest::discover(paths);
    for problem in &discovery.problems {
        eprintln!("newsdex: warning: {problem}");
    }
    let mut written = 0;
    for file in &discovery.files {
        for item in ingest::read_file(file) {
            match item {
                Ok(article) => {
                    let annotated = extract::annotate(&article);
                    serde_json::to_writer(&mut *out, &record(&article, &annotated))?;
                    writeln!(out)?;
                    written += 1;
                }
                Err(problem) => eprintln!("newsdex: warning: {problem}"),
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::CharOffsets;

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
