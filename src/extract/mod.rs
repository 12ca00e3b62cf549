//! Extraction: from an article's body to passages, entities, quotes and dates.
//!
//! All spans here are *byte* offsets into `Article::body` (always on char boundaries); the
//! `extract` command converts them to the character offsets its contract asks for.

mod anchored;
pub mod cue_model;
pub mod dates;
pub mod entity;
pub mod names;
pub mod passage;
pub mod speaker;
mod tails;
mod words;

use serde::Serialize;

/// A half-open byte range `[start, end)` into an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

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

/// Run every extractor over an article and assign what they found to its passages.
pub fn annotate(article: &crate::article::Article) -> Annotated {
    let body = article.body.as_str();
    let entities = entity::extract(body);
    let quotes = speaker::extract(body, &entities);
    let dates = dates::extract(body, article.published.map(|p| p.date()));
    let passages = passage::split(body)
        .into_iter()
        .map(|span| Passage {
            span,
            // A quote that runs over several paragraphs belongs to each of them.
            speakers: unique(
                quotes
                    .iter()
                    .filter(|q| q.span.overlaps(span))
                    .filter_map(|q| q.speaker.as_deref()),
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
        })
        .collect();
    Annotated {
        passages,
        entities,
        quotes,
        dates,
        signature: crate::dedup::Signature::of(body),
    }
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
