//! Quotation-mark structure: where the marks are, and what is inside them.
//!
//! Marks are `“` (opens), `”` (closes), `"` and a doubled apostrophe `''` (either: some wires
//! type ''It has …'' for a straight double quote). Single quotes and apostrophes are no
//! marks here: "Putin's" and ‘scare quotes’ are left alone. A quote left open at the end of a
//! paragraph continues when the next paragraph opens with a mark, else ends with its
//! paragraph. Content spans are trimmed of whitespace and of `, . ; : — -` at their edges;
//! markup attribute values (`<tweet date="March 10">`) are none. This is the structure the
//! speaker rules read (`extract/speaker.rs` keeps an equal copy until it reads the `Doc`).

use super::Span;

/// What a quotation mark can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Open,
    Close,
    /// `"` or `''`: opens when no quote is open, else closes.
    Either,
}

/// The quotation mark at `i` in `text`, if one is there, with its length in bytes.
fn mark_at(text: &str, i: usize) -> Option<(Mark, usize)> {
    let rest = text.get(i..)?;
    if rest.starts_with("''") {
        return Some((Mark::Either, 2));
    }
    match rest.chars().next()? {
        '“' => Some((Mark::Open, '“'.len_utf8())),
        '”' => Some((Mark::Close, '”'.len_utf8())),
        '"' => Some((Mark::Either, 1)),
        _ => None,
    }
}

/// Every quotation mark of `text`, in order: its span and what it can do.
pub fn marks(text: &str) -> Vec<(Span, Mark)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Every mark starts with '"', '\'' or 0xE2 (the first byte of '“' and '”').
        if matches!(bytes[i], b'"' | b'\'' | 0xE2) {
            if let Some((mark, len)) = mark_at(text, i) {
                out.push((Span::new(i, i + len), mark));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The byte at `i` may start a mark or a line break: everything else is skipped fast.
fn may_matter(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'"' | b'\n' => true,
        b'\'' => bytes.get(i + 1) == Some(&b'\''),
        // '“' and '”' are E2 80 9C and E2 80 9D; '’' and '—' also start with E2.
        0xE2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x9C | 0x9D)),
        _ => false,
    }
}

/// An opening mark typed where a closing one belongs ("If Donald Trump Wins“ that pitches
/// …"): glued to the word before it and followed by a space or a stop, it closes.
fn closes_like(text: &str, at: usize, len: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|p| !p.is_whitespace())
        && text[at + len..]
            .chars()
            .next()
            .is_none_or(|n| n.is_whitespace() || ".,;:!?)".contains(n))
}

/// The contents of the quotation marks of `text`, in order and apart, marks excluded.
pub fn quotes(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // Set at a line break inside an open quote: where the quote ends unless continued.
    let mut pending_end: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if pending_end.is_none() {
            while i < bytes.len() && !may_matter(bytes, i) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let (mark, len) = mark_at(text, i).map_or((None, 0), |(m, n)| (Some(m), n));
        let at = i;
        i += len.max(c.len_utf8());
        if let Some(end) = pending_end {
            if c.is_whitespace() {
                continue;
            }
            pending_end = None;
            if matches!(mark, Some(Mark::Open | Mark::Either)) {
                // The next paragraph reopens the quote: one quote across paragraphs.
                continue;
            }
            if let Some(s) = open.take() {
                out.push(Span::new(s, end));
            }
        }
        match (mark, open) {
            (None, Some(_)) if c == '\n' => pending_end = Some(at),
            (Some(Mark::Open | Mark::Either), None) => open = Some(at + len),
            (Some(Mark::Close | Mark::Either), Some(s)) => {
                out.push(Span::new(s, at));
                open = None;
            }
            (Some(Mark::Open), Some(s)) if closes_like(text, at, len) => {
                out.push(Span::new(s, at));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(Span::new(s, pending_end.unwrap_or(text.len())));
    }
    out.into_iter()
        .filter(|s| !text[..s.start].trim_end_matches(['"', '“']).ends_with('='))
        .map(|s| trim(text, s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Shrinks a span past leading and trailing whitespace and `, . ; : — -`.
fn trim(text: &str, s: Span) -> Span {
    let inner = &text[s.start..s.end];
    let junk = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '—' | '-');
    let lead = inner.len() - inner.trim_start_matches(junk).len();
    let kept = inner[lead..].trim_end_matches(junk).len();
    Span::new(s.start + lead, s.start + lead + kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_what_they_do() {
        let text = "“A” \"b\" ''c'' it's";
        let got: Vec<(&str, Mark)> = marks(text)
            .into_iter()
            .map(|(s, m)| (&text[s.start..s.end], m))
            .collect();
        assert_eq!(
            got,
            [
                ("“", Mark::Open),
                ("”", Mark::Close),
                ("\"", Mark::Either),
                ("\"", Mark::Either),
                ("''", Mark::Either),
                ("''", Mark::Either),
            ]
        );
    }
}
