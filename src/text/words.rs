//! Finer cuts of the same text than the tokens, for the readers that were built or trained
//! on them. Each is exact and documented here beside the others, so a change to one is a
//! change made on purpose:
//!
//! - [`ascii_words`]: maximal runs of ASCII word bytes (`[0-9A-Za-z_]`), which is exactly
//!   what an ASCII-bounded regex word `(?-u:\b)word(?-u:\b)` can match: word tables looked
//!   up in place of big regex alternations (the speech cues, the date anchors) read these.
//! - [`alnum_words`]: maximal runs of alphanumeric characters (`char::is_alphanumeric`), the
//!   words of the near-duplicate signature.
//! - [`pieces`]: letter runs with inner apostrophes ("O'Brien", "Putin’s") and single marks,
//!   the tokens the learned cue model was trained on.
//!
//! All give byte spans on char boundaries and never panic.

use super::Span;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The byte ranges of the ASCII word runs of `text`, in order.
pub fn ascii_words(text: &str) -> AsciiWords<'_> {
    AsciiWords {
        bytes: text.as_bytes(),
        at: 0,
    }
}

pub struct AsciiWords<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for AsciiWords<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.bytes;
        let mut i = self.at;
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            self.at = i;
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        self.at = i;
        Some((start, i))
    }
}

/// The alphanumeric runs of `text`, in order. ASCII bytes are classified without decoding,
/// other characters decoded where they start.
pub fn alnum_words(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while at < bytes.len() {
            let b = bytes[at];
            let (word_char, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                match text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                    None => (false, 1),
                }
            };
            match (word_char, start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => return Some(Span::new(from, at)),
                _ => {}
            }
            at += len;
        }
        start.map(|from| Span::new(from, bytes.len()))
    })
}

/// One piece: a letter run or a single mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub span: Span,
    /// Opens with an upper-case letter.
    pub upper: bool,
    /// A word opening with an ASCII lower-case letter and made of ASCII only.
    pub ascii_lower_word: bool,
    /// Made of ASCII only.
    pub ascii: bool,
}

/// The pieces of `text`, whose first byte is at `offset` in the body, handed to `emit` in
/// order. A piece is a run of letters and digits with inner apostrophes, or one character
/// that is neither a letter, a digit nor whitespace. The ASCII path (most of the text) reads
/// bytes, joins only `'` and treats only ASCII whitespace as space (a vertical tab is a
/// piece); a run that meets another character is read again by chars, joining `'` and `’`.
pub fn pieces(text: &str, offset: usize, mut emit: impl FnMut(Piece)) {
    pieces_folded(text, offset, 0, |h, _| h, |piece, _| emit(piece));
}

/// [`pieces`], also folding the lower-cased bytes of each ASCII piece with `fold`, from
/// `init`, in the same pass (`None` for a piece with other characters): a reader that hashes
/// every piece (the cue model) reads the text once, not twice.
pub fn pieces_folded(
    text: &str,
    offset: usize,
    init: u64,
    fold: impl Fn(u64, u8) -> u64,
    mut emit: impl FnMut(Piece, Option<u64>),
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if b.is_ascii_alphanumeric() {
            if let Some((end, h)) = ascii_run(bytes, i, init, &fold) {
                let piece = Piece {
                    span: Span::new(offset + start, offset + end),
                    upper: b.is_ascii_uppercase(),
                    ascii_lower_word: b.is_ascii_lowercase(),
                    ascii: true,
                };
                emit(piece, Some(h));
                i = end;
                continue;
            }
        } else if b < 0x80 {
            let piece = Piece {
                span: Span::new(offset + start, offset + start + 1),
                upper: false,
                ascii_lower_word: false,
                ascii: true,
            };
            emit(piece, Some(fold(init, b)));
            i += 1;
            continue;
        }
        let rest = &text[start..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            i = start + c.len_utf8();
            continue;
        }
        let end = if c.is_alphanumeric() {
            run_end(rest)
        } else {
            c.len_utf8()
        };
        let ascii = rest[..end].is_ascii();
        let piece = Piece {
            span: Span::new(offset + start, offset + start + end),
            upper: c.is_uppercase(),
            // An ASCII word that a curly quote or a dash ends ("said—").
            ascii_lower_word: c.is_ascii_lowercase() && ascii,
            ascii,
        };
        emit(piece, None);
        i = start + end;
    }
}

/// The end of the ASCII run of letters, digits and inner `'` starting at `i`, with its
/// lower-cased bytes folded, or `None` when it runs into a non-ASCII character (to be read
/// by chars).
fn ascii_run(
    bytes: &[u8],
    mut i: usize,
    init: u64,
    fold: impl Fn(u64, u8) -> u64,
) -> Option<(usize, u64)> {
    let mut h = init;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphanumeric()
            || (c == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
        {
            h = fold(h, c.to_ascii_lowercase());
            i += 1;
        } else if c >= 0x80 {
            return None;
        } else {
            break;
        }
    }
    Some((i, h))
}

/// The length of the run of alphanumeric characters with inner `'` or `’` opening `rest`.
fn run_end(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let Some((_, c)) = chars.next() else { return 0 };
    let mut end = c.len_utf8();
    while let Some(&(k, d)) = chars.peek() {
        let inner_apostrophe = matches!(d, '\'' | '’')
            && rest[k + d.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if !(d.is_alphanumeric() || inner_apostrophe) {
            break;
        }
        end = k + d.len_utf8();
        chars.next();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, spans: impl Iterator<Item = (usize, usize)>) -> Vec<&str> {
        spans.map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn ascii_words_are_regex_words() {
        let text = "He said—“no_way” 42 times, café.";
        assert_eq!(
            cut(text, ascii_words(text)),
            ["He", "said", "no_way", "42", "times", "caf"]
        );
    }

    #[test]
    fn alnum_words_are_letter_and_digit_runs() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Don't stop—3,000 cafés",
                &["Don", "t", "stop", "3", "000", "cafés"],
            ),
            // A combining accent is no letter: it cuts the word.
            ("e\u{301}t\u{301}é no_way", &["e", "t", "é", "no", "way"]),
            ("", &[]),
            ("«Привет» 日本", &["Привет", "日本"]),
        ];
        for (text, want) in cases {
            let got = cut(text, alnum_words(text).map(|s| (s.start, s.end)));
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn pieces_keep_inner_apostrophes_and_cut_marks() {
        let cases: &[(&str, &[&str])] = &[
            (
                "He’s “not” sure, O'Brien said. Zelénskyy's — café",
                &[
                    "He’s",
                    "“",
                    "not",
                    "”",
                    "sure",
                    ",",
                    "O'Brien",
                    "said",
                    ".",
                    "Zelénskyy's",
                    "—",
                    "café",
                ],
            ),
            // ASCII runs join only "'"; a run with other letters joins "’" too.
            (
                "rock'n'roll Putin’s O'élan x'",
                &["rock'n'roll", "Putin’s", "O", "'", "élan", "x", "'"],
            ),
            (
                "U.S. 3,000 e-mail",
                &["U", ".", "S", ".", "3", ",", "000", "e", "-", "mail"],
            ),
            // A vertical tab is a piece on the ASCII path; a no-break space is space.
            ("a\u{b}b\u{a0}c", &["a", "\u{b}", "b", "c"]),
        ];
        for (text, want) in cases {
            let mut got = Vec::new();
            pieces(text, 0, |p| got.push(&text[p.span.start..p.span.end]));
            assert_eq!(got, *want, "{text:?}");
        }
        let mut flags = Vec::new();
        pieces("said Said—café said—x", 10, |p| {
            flags.push((p.span.start, p.upper, p.ascii_lower_word))
        });
        let (t, f) = (true, false);
        assert_eq!(
            flags,
            [
                (10, f, t),
                (15, t, f),
                (19, f, f),
                (22, f, f),
                (28, f, t),
                (32, f, f),
                (35, f, t)
            ]
        );
    }
}
