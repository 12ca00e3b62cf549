//! The sentence splitter: which tokens start a sentence, and sentences as spans.
//!
//! A sentence starts at the first token of the text and of every line (sentences never cross
//! a line break), and after a stop: a `.`, `!` or `?` ending a token, then any closing marks
//! glued to it (`”` `"` `’` `'` `)`), then whitespace, then a capital, a digit or an opening
//! mark (`"` `“` `‘` `'`). A dot ends no sentence after an abbreviation of the one list
//! ([`super::abbreviation`]: "Mr.", "Calif.", "No."), an initial ("J.") or a dotted word of
//! at most 8 bytes that opens with a capital ("U.S.", "Ph.D."). Each sentence runs from its first
//! token's start to its last token's end. This is [`stop_starts`] and [`spans`], what
//! `Doc::sentences` gives (worked out when first asked for).
//!
//! The entity tagger was trained on a looser reading, kept exactly as [`Token::tagger_start`]:
//! a line start, or the token after a `.`, `?`, `!`, `...` or `…` token or a dotted
//! abbreviation ("U.S."), skipping closing-mark tokens (`"` `”` `’` `'` `)` `]` `»`) whether
//! glued or not, that opens with a capital, a digit or `"` `“` `‘` `(`, space or no space. It
//! puts `Why? "Because."` as `Why? "` | `Because."` and cuts "the U.S. Senate"; retiring it
//! means retraining the tagger (`newsdex train-ner`) on the stricter reading.

use super::abbreviation;
use super::token::Token;
use super::Span;

/// The tokens that start a sentence after a stop (not only after a line break), by index, in
/// order. A token after a stop at a line's end is one of them too.
pub fn stop_starts(text: &str, tokens: &[Token]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let end = t.span.end;
        let last = end.checked_sub(1).and_then(|k| bytes.get(k)).copied();
        if !matches!(last, Some(b'.' | b'!' | b'?')) {
            continue;
        }
        let Some(next) = start_after_stop(text, end) else {
            continue;
        };
        if last == Some(b'.') && dot_is_abbreviation(&text[..end - 1]) {
            continue;
        }
        // The start is the first token at or after `next`: past the closing marks.
        if let Some(k) = tokens[i + 1..].iter().position(|t| t.span.start >= next) {
            out.push(i + 1 + k);
        }
    }
    out
}

/// The length of the closing mark (`”` `"` `’` `'` `)`) at `at`, 0 for none.
fn closer_at(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..).unwrap_or_default() {
        [b'"' | b'\'' | b')', ..] => 1,
        // '”' is E2 80 9D, '’' E2 80 99.
        [0xE2, 0x80, 0x9D | 0x99, ..] => 3,
        _ => 0,
    }
}

/// Where the sentence after a stop ending at `end` starts: past the closing marks glued to
/// it and the whitespace after them, when what follows looks like a start.
fn start_after_stop(text: &str, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = end;
    while let n @ 1.. = closer_at(bytes, at) {
        at += n;
    }
    let rest = text.get(at..)?;
    let next = rest.trim_start();
    if next.len() == rest.len() || next.is_empty() {
        return None;
    }
    let first = next.chars().next()?;
    (first.is_uppercase() || first.is_ascii_digit() || "\"“‘'".contains(first))
        .then_some(text.len() - next.len())
}

/// Whether the word just before a dot (`before` ends there) keeps the dot.
fn dot_is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(\"“‘".contains(c))
        .next()
        .unwrap_or("");
    if abbreviation::is_abbreviation(word) {
        return true;
    }
    // Initials and dotted abbreviations: "S", "U.S", "D.C".
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_uppercase(),
        (Some(c), Some(_)) => c.is_uppercase() && word.contains('.') && word.len() <= 8,
        _ => false,
    }
}

fn is_tagger_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Whether a token ends a sentence for the tagger when a start follows it.
fn is_tagger_stop(t: &str) -> bool {
    matches!(t, "." | "?" | "!" | "..." | "…")
        // "U.S." or "Inc." at a sentence end carries the full stop too.
        || (t.len() > 2 && t.ends_with('.') && t[..t.len() - 1].contains('.'))
}

/// Marks `tagger_start` after the tagger's stops; the tokenizer marked the line starts.
pub(super) fn mark_tagger_starts(text: &str, toks: &mut [Token]) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < toks.len() {
        // Every stop of the tagger's ends in '.', '!', '?' or '…' (whose last byte is A6).
        let end = toks[i].span.end;
        let last = end.checked_sub(1).and_then(|k| bytes.get(k)).copied();
        if matches!(last, Some(b'.' | b'!' | b'?' | 0xA6)) {
            i = mark_tagger_stop(text, toks, i);
        } else {
            i += 1;
        }
    }
}

/// When token `i` is a stop for the tagger, marks `tagger_start` on the token after it and
/// its closing marks if that looks like a start; gives the index to go on from.
fn mark_tagger_stop(text: &str, toks: &mut [Token], i: usize) -> usize {
    let word = |t: &Token| &text[t.span.start..t.span.end];
    if !is_tagger_stop(word(&toks[i])) {
        return i + 1;
    }
    let mut j = i + 1;
    while j < toks.len() && is_tagger_closer(word(&toks[j])) {
        j += 1;
    }
    if let Some(next) = toks.get_mut(j) {
        let first = text[next.span.start..].chars().next();
        if first.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '(')
        }) {
            next.tagger_start = true;
        }
    }
    j
}

/// The sentences of tokenized text, in order, given its [`stop_starts`]: from each start (a
/// line's first token or one after a stop) to the token before the next one.
pub fn spans(tokens: &[Token], stop_starts: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut stops = stop_starts.iter().copied().peekable();
    let mut first: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let after_stop = stops.next_if_eq(&i).is_some();
        if t.line_start || after_stop || first.is_none() {
            if let (Some(f), Some(last)) = (first, i.checked_sub(1)) {
                out.push(Span::new(tokens[f].span.start, tokens[last].span.end));
            }
            first = Some(i);
        }
    }
    if let (Some(f), Some(last)) = (first, tokens.last()) {
        out.push(Span::new(tokens[f].span.start, last.span.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    #[test]
    fn sentence_spans_are_exact() {
        let text = "He left. “Why?” she asked.\nDone";
        let tokens = tokenize(text);
        let spans = spans(&tokens, &stop_starts(text, &tokens));
        assert_eq!(
            spans,
            [Span::new(0, 8), Span::new(9, 30), Span::new(31, 35)]
        );
    }

    #[test]
    fn stop_starts_tell_a_stop_from_a_line_break() {
        let text = "One.\nTwo\nthree. Four";
        let tokens = tokenize(text);
        let stops = stop_starts(text, &tokens);
        let starts: Vec<(&str, bool, bool)> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    &text[t.span.start..t.span.end],
                    t.line_start,
                    stops.contains(&i),
                )
            })
            .collect();
        assert_eq!(
            starts,
            [
                ("One", true, false),
                (".", false, false),
                ("Two", true, true),
                ("three", true, false),
                (".", false, false),
                ("Four", false, true),
            ]
        );
    }
}
