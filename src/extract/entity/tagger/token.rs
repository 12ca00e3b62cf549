//! Tokenizer for the tagger: raw news text to word tokens with byte spans and sentence ends.
//!
//! Tokens follow the CoNLL-2003 conventions the model was trained on: punctuation stands
//! alone, a possessive `'s` / `’s` and `n't` are split off, hyphenated words stay whole
//! ("Moscow-based"), and abbreviations keep their dot ("U.S.", "Mr.", "J."). A sentence ends
//! at a line break, or after `.`, `?` or `!` (and any closing quotes) before a capital, a
//! digit or an opening quote. No allocation beyond the token vector.

use crate::extract::entity::lexicon;
use crate::extract::Span;

/// One token: a byte span into the text, and whether a sentence starts with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// First token of a sentence (or of a line).
    pub sent_start: bool,
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

/// Words whose trailing dot belongs to them: titles, company forms, month abbreviations.
fn owns_dot(word: &str) -> bool {
    lexicon::takes_dot(word)
        || matches!(
            word,
            "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "No"
                | "vs"
                | "Messrs"
                | "Ave"
                | "Blvd"
                | "Dept"
                | "Univ"
                | "Calif"
                | "Mass"
                | "Conn"
                | "Penn"
                | "Wash"
                | "Fla"
                | "Ill"
                | "Mich"
                | "Minn"
                | "Ariz"
                | "Colo"
                | "Tenn"
                | "Va"
                | "Ky"
                | "Ga"
                | "Ala"
                | "Okla"
                | "Ore"
                | "Nev"
                | "Wis"
                | "Md"
                | "Del"
                | "La"
                | "Pa"
                | "Vt"
                | "Neb"
                | "Kan"
                | "Ind"
                | "Ark"
                | "Miss"
                | "Mo"
                | "Wyo"
                | "Mont"
                | "Ida"
                | "Gens"
                | "Lt"
                | "approx"
                | "etc"
        )
}

/// Splits `text` into tokens. Never panics; every span lies on char boundaries.
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
    mark_sentence_ends(text, &mut out);
    out
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, next_starts: &mut bool) {
    if start < end {
        out.push(Token {
            span: Span::new(start, end),
            sent_start: std::mem::take(next_starts),
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
        // A word: letters/digits with inner punctuation that is followed by a word char.
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
                // "3,000" and "1/2": only between digits.
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
            if single || dotted || owns_dot(base) {
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

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Marks sentence starts after final punctuation, where the next token looks like a start.
fn mark_sentence_ends(text: &str, toks: &mut [Token]) {
    let mut i = 0;
    while i < toks.len() {
        let t = &text[toks[i].span.start..toks[i].span.end];
        let final_punct = matches!(t, "." | "?" | "!" | "..." | "…")
            // "U.S." or "Inc." at a sentence end carries the full stop too.
            || (t.len() > 2 && t.ends_with('.') && t[..t.len() - 1].contains('.'));
        if final_punct {
            let mut j = i + 1;
            while j < toks.len() && is_closer(&text[toks[j].span.start..toks[j].span.end]) {
                j += 1;
            }
            if let Some(next) = toks.get(j) {
                let first = text[next.span.start..].chars().next();
                if first.is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '(')
                }) {
                    toks[j].sent_start = true;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| {
                let w = &text[t.span.start..t.span.end];
                if t.sent_start {
                    format!("|{w}")
                } else {
                    w.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn news_sentences() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            (
                "Germany's representative to the European Union's veterinary committee.",
                vec!["|Germany", "'s", "representative", "to", "the", "European", "Union", "'s", "veterinary", "committee", "."],
            ),
            (
                "“We don’t,” said Mr. Putin’s spokesman, Dmitri S. Peskov, in the U.S. on Friday.",
                vec!["|“", "We", "do", "n’t", ",", "”", "said", "Mr.", "Putin", "’s", "spokesman", ",", "Dmitri", "S.", "Peskov", ",", "in", "the", "U.S.", "on", "Friday", "."],
            ),
            (
                "A Moscow-based analyst—Sergei Markov—paid $3,000.50 (about 1/2). He left.\nLONDON 1996-08-30",
                vec!["|A", "Moscow-based", "analyst", "—", "Sergei", "Markov", "—", "paid", "$", "3,000.50", "(", "about", "1/2", ")", ".", "|He", "left", ".", "|LONDON", "1996-08-30"],
            ),
            (
                "It is in the U.S. Officials at Apple Inc. said so... \"Yes.\" Then -- no.",
                vec!["|It", "is", "in", "the", "U.S.", "|Officials", "at", "Apple", "Inc.", "said", "so", "...", "\"", "|Yes", ".", "\"", "|Then", "--", "no", "."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn spans_stay_on_char_boundaries() {
        for text in [
            "«Ελλάδα» και Κύπρος: ο Αλέξης.",
            "東京で Shinzo Abe 氏",
            "e\u{301}t\u{301}é's",
            "'s",
            "..",
            "-",
            "",
        ] {
            for t in tokenize(text) {
                assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                assert!(t.span.start < t.span.end);
            }
        }
    }
}
