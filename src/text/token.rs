//! The tokenizer: raw text to word and punctuation tokens with byte spans.
//!
//! Tokens follow the CoNLL-2003 conventions the entity tagger was trained on: the text is cut
//! at whitespace (`char::is_whitespace`), punctuation stands alone, a possessive `'s` / `’s`
//! and `n't` are split off, hyphenated words stay whole ("Moscow-based"), numbers keep their
//! separators ("3,000.50", "1/2"), and an abbreviation keeps its dot ("U.S.", "Mr.", "J.";
//! the list is [`super::abbreviation`]). Every non-whitespace character is in exactly one
//! token, every span is on char boundaries, and nothing panics. Each token says whether it
//! starts a line and whether the tagger sees a sentence start there; the sentences proper are
//! [`super::sentence`]'s. No allocation beyond the token vector.

use super::abbreviation;
use super::sentence;
use super::Span;

/// One token: a byte span into the text, and where sentences start ([`super::sentence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// First token of the text or of a line.
    pub line_start: bool,
    /// A sentence start as the entity tagger was trained to see it: a line start, or after a
    /// stop by its looser reading ([`super::sentence`]).
    pub tagger_start: bool,
}

/// Characters that may sit inside a word token (besides letters, marks and digits).
fn inner_ok(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '’' | '&' | '@' | '_' | '\u{ad}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (accents written as separate code points) belong to their letter.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Splits `text` into tokens, marking line starts and the tagger's sentence starts.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut next_starts = true;
    let mut chunk_start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII (nearly all news text) is classified byte by byte; other characters decoded.
        let b = bytes[i];
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ')
        };
        let at = i;
        i += c.len_utf8();
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, at, &mut out, &mut next_starts);
            }
            if c == '\n' {
                next_starts = true;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), &mut out, &mut next_starts);
    }
    sentence::mark_tagger_starts(text, &mut out);
    out
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, next_starts: &mut bool) {
    if start < end {
        let line_start = std::mem::take(next_starts);
        out.push(Token {
            span: Span::new(start, end),
            line_start,
            tagger_start: line_start,
        });
    }
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>, ns: &mut bool) {
    let chunk = &text[start..end];
    let mut pos = 0;
    while pos < chunk.len() {
        let rest = &chunk[pos..];
        let Some(c) = rest.chars().next() else { break };
        if !is_word_char(c) {
            // Runs of the same dash or dot are one token ("--", "...").
            let mut n = c.len_utf8();
            if matches!(c, '-' | '.' | '—' | '–') {
                for d in rest[n..].chars() {
                    if d != c {
                        break;
                    }
                    n += d.len_utf8();
                }
            }
            push(out, start + pos, start + pos + n, ns);
            pos += n;
            continue;
        }
        let wend = word_end(chunk, pos, c);
        let word = &chunk[pos..wend];
        // Possessive and "n't" are their own tokens ("Germany 's", "do n't").
        let (base, clitic) = split_clitic(word);
        // An abbreviation keeps its dot: "U.S.", "Mr.", "J.", "Inc.".
        let mut base_end = pos + base.len();
        if clitic.is_empty()
            && chunk[base_end..].starts_with('.')
            && !chunk[base_end..].starts_with("..")
        {
            let single = base.chars().count() == 1 && base.chars().all(char::is_alphabetic);
            let dotted = base.contains('.') && base.chars().any(char::is_alphabetic);
            if single || dotted || abbreviation::is_abbreviation(base) {
                base_end += 1;
            }
        }
        push(out, start + pos, start + base_end, ns);
        if !clitic.is_empty() {
            push(out, start + pos + base.len(), start + wend, ns);
            pos = wend;
        } else {
            pos = base_end;
        }
    }
}

/// Where the word starting at `pos` with `c` ends: letters, digits and marks, joined by inner
/// punctuation that a word character follows ("Moscow-based", "O'Brien") and by ',', '/'
/// and ':' between digits ("3,000", "1/2", "10:30").
fn word_end(chunk: &str, pos: usize, c: char) -> usize {
    let mut wend = pos + c.len_utf8();
    loop {
        while chunk
            .as_bytes()
            .get(wend)
            .is_some_and(u8::is_ascii_alphanumeric)
        {
            wend += 1;
        }
        let tail = &chunk[wend..];
        let Some(d) = tail.chars().next() else { break };
        if is_word_char(d) {
            wend += d.len_utf8();
            continue;
        }
        let after = tail[d.len_utf8()..].chars().next();
        let prev = chunk[..wend].chars().next_back();
        let joins = match d {
            ',' | '/' | ':' => {
                prev.is_some_and(|p| p.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit())
            }
            _ => inner_ok(d) && after.is_some_and(is_word_char),
        };
        if !joins {
            break;
        }
        wend += d.len_utf8();
    }
    wend
}

fn split_clitic(word: &str) -> (&str, &str) {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            return word.split_at(word.len() - suffix.len());
        }
    }
    for suffix in ["n't", "n’t", "N'T"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return word.split_at(word.len() - suffix.len());
        }
    }
    (word, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_every_visible_character_on_char_boundaries() {
        for text in [
            "«Ελλάδα» και Κύπρος: ο Αλέξης.",
            "東京で Shinzo Abe 氏",
            "e\u{301}t\u{301}é's",
            "'s",
            "..",
            "-",
            "",
            "a\u{a0}b\u{3000}c\u{b}d",
        ] {
            let tokens = tokenize(text);
            let mut at = 0;
            for t in &tokens {
                assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                assert!(t.span.start < t.span.end);
                assert!(
                    text[at..t.span.start].chars().all(char::is_whitespace),
                    "{text:?}"
                );
                at = t.span.end;
            }
            assert!(text[at..].chars().all(char::is_whitespace), "{text:?}");
        }
    }
}
