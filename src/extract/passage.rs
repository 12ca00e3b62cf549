//! Passage splitting: an article body into paragraphs a reader would recognise.

use super::Span;

/// Split `body` into passages, in order. HELPER: implement.
pub fn split(body: &str) -> Vec<Span> {
    if body.trim().is_empty() { Vec::new() } else { vec![Span::new(0, body.len())] }
}
