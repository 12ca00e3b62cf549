//! The text layer: one analysis of an article body that every extractor reads.
//!
//! A [`Doc`] wraps a body and gives, each worked out once on first use: its tokens with
//! sentence starts ([`token`], [`sentence`], one abbreviation list in [`abbreviation`]), its
//! sentences and paragraphs ([`paragraph`]) as [`Span`]s, what is inside quotation marks
//! ([`quote`]), and the finer word cuts some readers were built on ([`words`]). Spans are
//! byte offsets into the body, always on char boundaries. Nothing here knows about
//! extraction, the index or any other module of the crate: it is the first stage, and depends
//! on the standard library only. Nothing here panics on input.

pub mod abbreviation;
pub mod paragraph;
pub mod quote;
pub mod sentence;
pub mod token;
pub mod words;

use std::sync::OnceLock;

pub use self::token::Token;

/// A half-open byte range `[start, end)` into a text.
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

/// One body, analysed once: build it per article (or per piece of an overlong one) and hand
/// it to every extractor. Each layer is computed the first time it is asked for.
#[derive(Debug)]
pub struct Doc<'a> {
    text: &'a str,
    tokens: OnceLock<Vec<Token>>,
    stop_starts: OnceLock<Vec<usize>>,
    sentences: OnceLock<Vec<Span>>,
    paragraphs: OnceLock<Vec<Span>>,
    quotes: OnceLock<Vec<Span>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        Doc {
            text,
            tokens: OnceLock::new(),
            stop_starts: OnceLock::new(),
            sentences: OnceLock::new(),
            paragraphs: OnceLock::new(),
            quotes: OnceLock::new(),
        }
    }

    /// The body.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text of `span`, or "" when it is not a span of the body.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Every token, in order ([`token`]).
    pub fn tokens(&self) -> &[Token] {
        self.tokens.get_or_init(|| token::tokenize(self.text))
    }

    /// The tokens that start inside `span`.
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let tokens = self.tokens();
        let first = tokens.partition_point(|t| t.span.start < span.start);
        let end = tokens.partition_point(|t| t.span.start < span.end);
        tokens.get(first..end).unwrap_or(&[])
    }

    /// The tokens that start a sentence after a stop, not only after a line break, by index
    /// into [`Doc::tokens`] ([`sentence::stop_starts`]).
    pub fn stop_starts(&self) -> &[usize] {
        self.stop_starts
            .get_or_init(|| sentence::stop_starts(self.text, self.tokens()))
    }

    /// The sentences, in order; none crosses a line break ([`sentence`]).
    pub fn sentences(&self) -> &[Span] {
        self.sentences
            .get_or_init(|| sentence::spans(self.tokens(), self.stop_starts()))
    }

    /// The paragraphs, in order ([`paragraph`]).
    pub fn paragraphs(&self) -> &[Span] {
        self.paragraphs
            .get_or_init(|| paragraph::paragraphs(self.text))
    }

    /// The contents of quotation marks, in order ([`quote`]).
    pub fn quotes(&self) -> &[Span] {
        self.quotes.get_or_init(|| quote::quotes(self.text))
    }

    /// Whether `at` is inside quotation marks.
    pub fn in_quote(&self, at: usize) -> bool {
        let quotes = self.quotes();
        let i = quotes.partition_point(|q| q.end <= at);
        quotes.get(i).is_some_and(|q| q.start <= at)
    }

    /// The alphanumeric words, in order ([`words::alnum_words`]).
    pub fn alnum_words(&self) -> impl Iterator<Item = Span> + 'a {
        words::alnum_words(self.text)
    }

    /// The ASCII word runs, in order ([`words::ascii_words`]).
    pub fn ascii_words(&self) -> impl Iterator<Item = Span> + 'a {
        words::ascii_words(self.text).map(|(start, end)| Span::new(start, end))
    }
}

#[cfg(test)]
mod tests;
