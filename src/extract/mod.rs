//! Extraction: from an article's body to passages, entities, quotes and dates.
//!
//! `annotate` builds the body's [`Doc`] (the text layer: tokens, sentences, paragraphs) once
//! and hands it to every extractor; each extractor also has a form over a bare `&str`, for
//! tests and tools, that builds the `Doc` itself.
//!
//! All spans here are *byte* offsets into `Article::body` (always on char boundaries); the
//! `extract` command converts them to the character offsets its contract asks for.

mod anchored;
#[cfg(test)]
mod cases;
pub mod cue_model;
pub mod dates;
pub mod entity;
pub mod names;
pub mod passage;
pub mod speaker;
mod tails;
mod words;

use serde::Serialize;

pub use speaker::Sieve;

use crate::text::Doc;
pub use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Misc,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Misc => "misc",
        }
    }
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub span: Span,
    pub kind: EntityKind,
    /// The name the index stores: the fullest form the article uses for this entity
    /// ("Mr. Putin" → "Vladimir V. Putin" when the article names him so).
    pub canonical: String,
}

/// A direct quote or a reported-speech span, with who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted or reported content.
    pub span: Span,
    /// Canonical full name of the speaker; `None` for unnamed sources ("officials said").
    pub speaker: Option<String>,
    /// The mention naming the speaker in this sentence (may be a pronoun).
    pub speaker_span: Option<Span>,
    /// The rule that decided this row and its speaker.
    pub sieve: Sieve,
}

/// A date expression in the text, normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Span,
    /// TIMEX-style value: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub value: String,
}

/// One passage with what the index stores for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub span: Span,
    /// Canonical names of the speakers quoted in this passage, in order of first quote.
    pub speakers: Vec<String>,
    /// Canonical names of the entities mentioned, in order of first mention.
    pub entities: Vec<String>,
    /// Values of the dates mentioned, in order of first mention.
    pub dates: Vec<String>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotated {
    pub passages: Vec<Passage>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    /// The body's near-duplicate signature (`None` for a body too short to compare).
    pub signature: Option<crate::dedup::Signature>,
}

/// The most body text the extractors read as one piece. Entities, speakers and dates are
/// resolved across a whole piece (a surname to the full name, "he" to the last person named),
/// and that resolution costs more than linear time in the piece's length: a body longer than
/// this is cut at passage ends into pieces of at most this size, each extracted on its own,
/// so a 50 MB body costs fifty times a 1 MB one instead of two and a half thousand times.
/// News articles are far shorter (the longest of the 37,554 AllSides articles is 77 KB), so
/// they are read whole, exactly as before.
pub const MAX_PIECE_BYTES: usize = 128 * 1024;

/// Run every extractor over an article and assign what they found to its passages.
pub fn annotate(article: &crate::article::Article) -> Annotated {
    annotate_unless(article, &|| false).unwrap_or_default()
}

/// Like [`annotate`], but gives up (`None`) when `stop` says so between two pieces of a long
/// body: an indexer asked to stop does not finish a body of many megabytes first.
pub fn annotate_unless(
    article: &crate::article::Article,
    stop: &dyn Fn() -> bool,
) -> Option<Annotated> {
    let body = article.body.as_str();
    let published = article.published.map(|p| p.date());
    let doc = Doc::new(body);
    let spans = passage::split_doc(&doc);
    let mut entities = Vec::new();
    let mut quotes = Vec::new();
    let mut dates = Vec::new();
    for piece in pieces(body.len(), &spans, MAX_PIECE_BYTES) {
        if stop() {
            return None;
        }
        // A news article is one piece, read through the body's own `Doc`; each piece of an
        // overlong body is analysed on its own, as it is extracted on its own.
        let piece_doc;
        let doc = if piece == Span::new(0, body.len()) {
            &doc
        } else {
            piece_doc = Doc::new(body.get(piece.start..piece.end).unwrap_or_default());
            &piece_doc
        };
        let shift = |span: Span| Span::new(span.start + piece.start, span.end + piece.start);
        let found = entity::extract_doc(doc);
        let said = speaker::extract(doc.text(), &found);
        quotes.extend(said.into_iter().map(|q| Quote {
            span: shift(q.span),
            speaker_span: q.speaker_span.map(shift),
            ..q
        }));
        entities.extend(found.into_iter().map(|e| Entity {
            span: shift(e.span),
            ..e
        }));
        dates.extend(
            dates::extract_doc(doc, published)
                .into_iter()
                .map(|d| DateMention {
                    span: shift(d.span),
                    value: d.value,
                }),
        );
    }
    // A quote that runs over several paragraphs belongs to each of them. Passages are sorted
    // and apart, so one sweep keeps the quotes still open: a long article costs passages plus
    // quotes, not their product.
    let mut by_start: Vec<usize> = (0..quotes.len()).collect();
    by_start.sort_by_key(|&q| quotes[q].span.start);
    let mut next_quote = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut overlapping: Vec<usize> = Vec::new();
    let passages = spans
        .into_iter()
        .map(|span| {
            while let Some(&q) = by_start.get(next_quote) {
                if quotes[q].span.start >= span.end {
                    break;
                }
                open.push(q);
                next_quote += 1;
            }
            open.retain(|&q| quotes[q].span.end > span.start);
            // In the order the quotes were found, as a scan of all of them would give.
            overlapping.clear();
            overlapping.extend(
                open.iter()
                    .copied()
                    .filter(|&q| quotes[q].span.overlaps(span)),
            );
            overlapping.sort_unstable();
            Passage {
                span,
                speakers: unique(
                    overlapping
                        .iter()
                        .filter_map(|&q| quotes[q].speaker.as_deref()),
                ),
                // Both lists are sorted by start: only the stretch starting inside the passage is
                // read, so a long article costs passages plus mentions, not their product.
                entities: unique(
                    starting_within(&entities, span, |e| e.span)
                        .filter(|e| span.contains(e.span))
                        .map(|e| e.canonical.as_str()),
                ),
                dates: unique(
                    starting_within(&dates, span, |d| d.span)
                        .filter(|d| span.contains(d.span))
                        .map(|d| d.value.as_str()),
                ),
            }
        })
        .collect();
    Some(Annotated {
        passages,
        entities,
        quotes,
        dates,
        signature: crate::dedup::Signature::of_doc(&doc),
    })
}

/// The pieces a body of `len` bytes is extracted in: the whole body when it is at most `max`
/// bytes, else runs of whole passages of at most `max` bytes each (a passage longer than that
/// is a piece of its own), together covering the body.
fn pieces(len: usize, passages: &[Span], max: usize) -> Vec<Span> {
    if len <= max || passages.is_empty() {
        return vec![Span::new(0, len)];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for passage in passages {
        if passage.end - start > max && end > start {
            pieces.push(Span::new(start, end));
            start = end;
        }
        end = passage.end;
    }
    pieces.push(Span::new(start, len.max(end)));
    pieces
}

/// Whether `body` uses `word` in lower case as a word of its own: a capitalised word it also
/// writes in lower case ("Polls show …" beside "the polls") is a common word, not a name.
pub(crate) fn used_in_lower_case(body: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    body.match_indices(lower.as_str()).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let after = body[at + lower.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The items of `sorted` (by span start) whose span starts inside `within`.
fn starting_within<T>(
    sorted: &[T],
    within: Span,
    span: impl Fn(&T) -> Span,
) -> impl Iterator<Item = &T> {
    let first = sorted.partition_point(|t| span(t).start < within.start);
    sorted[first..]
        .iter()
        .take_while(move |t| span(t).start < within.end)
}

/// Distinct values in order of first appearance.
fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.iter().any(|seen| seen == value) {
            out.push(value.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_is_cut_into_runs_of_whole_passages() {
        let spans = |list: &[(usize, usize)]| -> Vec<Span> {
            list.iter().map(|&(a, b)| Span::new(a, b)).collect()
        };
        let passages = spans(&[(0, 40), (42, 90), (92, 130), (132, 300), (302, 320)]);
        let cases = [
            // Short enough: one piece, the whole body.
            (320, 1000, vec![(0, 320)]),
            // Runs of at most 100 bytes; a passage longer than that is a piece of its own.
            (320, 100, vec![(0, 90), (90, 130), (130, 300), (300, 320)]),
        ];
        for (len, max, expected) in cases {
            assert_eq!(pieces(len, &passages, max), spans(&expected), "max {max}");
        }
    }

    #[test]
    fn a_body_over_the_piece_size_keeps_every_mention_at_its_place() {
        let paragraph = "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow would \
                         study the proposal carefully.\n\n";
        let repeats = MAX_PIECE_BYTES / paragraph.len() + 50;
        let article = crate::article::Article {
            id: "long".to_string(),
            title: "A long one".to_string(),
            published: None,
            source: None,
            url: None,
            author: None,
            body: paragraph.repeat(repeats),
            origin: crate::article::Origin {
                path: "long.txt".into(),
                line: None,
            },
        };
        let annotated = annotate(&article);
        assert_eq!(annotated.passages.len(), repeats);
        // Every passage, in the first piece and after it, has its speaker and entities.
        for (n, passage) in annotated.passages.iter().enumerate() {
            assert_eq!(passage.speakers, ["Dmitry Peskov"], "passage {n}");
            assert_eq!(
                passage.entities,
                ["Kremlin", "Dmitry Peskov", "Moscow"],
                "passage {n}"
            );
        }
        for entity in &annotated.entities {
            let text = &article.body[entity.span.start..entity.span.end];
            assert!(
                ["Kremlin", "Dmitry Peskov", "Moscow"].contains(&text),
                "{text:?}"
            );
        }
        // Asked to stop, it gives up instead of finishing the body.
        assert_eq!(annotate_unless(&article, &|| true), None);
    }
}
