//! Scanning the body: sentence spans, direct quotes in quotation marks, words and
//! pronouns at the end of a phrase, spans and slices.

use super::*;

/// Non-ASCII marks common in news that are neither letters nor word characters (so read like
/// ASCII punctuation by `\b`, `\w` and `\p{L}`).
pub(super) fn is_plain_punctuation(c: char) -> bool {
    matches!(
        c,
        '’' | '‘' | '“' | '”' | '—' | '–' | '…' | '\u{a0}' | '«' | '»'
    )
}

/// `PRONOUN`'s group in `text`. The pronoun ends the text but for spaces and so is one of
/// few strings; read by hand when the character before it is ASCII (where Unicode word
/// boundaries agree with ASCII ones), else by the regex, whose `\b` keeps it off the DFA.
pub(super) fn pronoun_at_end(text: &str) -> Option<Group<'_>> {
    let end = text.trim_end().len();
    // In the regex's order of preference: the leftmost start first.
    for (len, words) in [
        (4, &["They", "they"][..]),
        (3, &["She", "she"]),
        (2, &["He", "he", "We", "we"]),
        (1, &["I"]),
    ] {
        let Some(start) = end.checked_sub(len) else {
            continue;
        };
        let Some(word) = text.get(start..end).filter(|w| words.contains(w)) else {
            continue;
        };
        match text[..start].chars().next_back() {
            Some(c) if !c.is_ascii() && !is_plain_punctuation(c) => {
                return group(&PRONOUN, text, "p")
            }
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => continue,
            _ => {
                return Some(Group {
                    start,
                    end,
                    text: word,
                })
            }
        }
    }
    None
}

/// `text` without a contracted auxiliary ending it ("’s", "’re", "’ve", "’d", "’ll", "’m") where
/// a pronoun comes before it: "He’s" → "He". Possessives of names stay ("Trump’s").
pub(super) fn without_contraction(text: &str) -> &str {
    let trimmed = text.trim_end();
    for suffix in ["s", "re", "ve", "d", "ll", "m"] {
        for mark in ['’', '\''] {
            let Some(rest) = trimmed
                .strip_suffix(suffix)
                .and_then(|rest| rest.strip_suffix(mark))
            else {
                continue;
            };
            let word = rest
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            if matches!(
                word,
                "he" | "He" | "she" | "She" | "it" | "It" | "they" | "They" | "we" | "We" | "I"
            ) {
                return rest;
            }
        }
    }
    text
}

/// The match of `\b\p{Ll}[\p{L}-]*\s+$` in `text`: the lower-case word ending it, spaces
/// included. Read by hand when the word and the character before it are ASCII (where the
/// Unicode classes and boundaries agree with ASCII ones), else by the regex, whose `\b`
/// keeps it off the DFA.
pub(super) fn last_word(text: &str) -> Option<Group<'_>> {
    static LAST_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\p{Ll}[\p{L}-]*\s+$").expect("static regex"));
    let by_regex = || {
        LAST_WORD.find(text).map(|m| Group {
            start: m.start(),
            end: m.end(),
            text: m.as_str(),
        })
    };
    let word_end = text.trim_end().len();
    if word_end == text.len() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut word_start = word_end;
    while word_start > 0
        && (bytes[word_start - 1].is_ascii_alphabetic() || bytes[word_start - 1] == b'-')
    {
        word_start -= 1;
    }
    let before = text[..word_start].chars().next_back();
    if before.is_some_and(|c| !c.is_ascii() && !is_plain_punctuation(c)) {
        return by_regex();
    }
    // The leftmost lower-case letter in the word with a non-word character before it.
    let start = (word_start..word_end).find(|&i| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        bytes[i].is_ascii_lowercase()
            && !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    })?;
    Some(Group {
        start,
        end: text.len(),
        text: &text[start..],
    })
}

pub(super) fn slice(body: &str, s: Span) -> &str {
    body.get(s.start..s.end).unwrap_or("")
}

/// A named group of a regex match, with offsets into the whole haystack.
pub(super) struct Group<'h> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: &'h str,
}

impl<'h> Group<'h> {
    pub(super) fn start(&self) -> usize {
        self.start
    }
    pub(super) fn end(&self) -> usize {
        self.end
    }
    pub(super) fn as_str(&self) -> &'h str {
        self.text
    }
}

/// `re`'s group `name` in `hay`. Captures need the regex crate's backtracker, which costs
/// more than the rest of this module; its lazy DFA rejects most haystacks first, and the
/// backtracker then runs over the match alone. Only for patterns whose anchors and word
/// boundaries hold the same in the match as in the haystack (`^…`, `…$`).
pub(super) fn group<'h>(re: &Regex, hay: &'h str, name: &str) -> Option<Group<'h>> {
    let m = re.find(hay)?;
    let caps = re.captures(hay.get(m.start()..m.end())?)?;
    let g = caps.name(name)?;
    Some(Group {
        start: m.start() + g.start(),
        end: m.start() + g.end(),
        text: hay.get(m.start() + g.start()..m.start() + g.end())?,
    })
}

/// Whitespace-separated words holding a letter or digit, in one pass over the chars.
pub(super) fn word_count(text: &str) -> usize {
    let mut count = 0;
    // Whether the current word has been counted: a word counts once, at its first alnum.
    let mut counted = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, alnum, len) = if b.is_ascii() {
            // ASCII White_Space is '\t'..='\r' and ' ', as `char::is_whitespace` has it.
            (
                matches!(b, b'\t'..=b'\r' | b' '),
                b.is_ascii_alphanumeric(),
                1,
            )
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8())
        };
        if space {
            counted = false;
        } else if !counted && alnum {
            count += 1;
            counted = true;
        }
        i += len;
    }
    count
}

/// Shrinks a span past leading and trailing whitespace, punctuation and quote marks.
pub(super) fn trim_span(body: &str, s: Span) -> Span {
    let text = slice(body, s);
    let junk = |c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '—' | '-');
    let lead = text.len() - text.trim_start_matches(junk).len();
    let rest = &text[lead..];
    let kept = rest.trim_end_matches(junk).len();
    Span::new(s.start + lead, s.start + lead + kept)
}

/// The body's sentences: the text layer's (`text::sentence`), one splitter and one
/// abbreviation list for every extractor.
pub(super) fn sentences(body: &str) -> Vec<Span> {
    crate::text::Doc::new(body).sentences().to_vec()
}

/// Contents of quotation marks (“…”, "…", ''…''), marks excluded: the text layer's quotes
/// (`text::quote`), where a quote left open at the end of a paragraph continues when the next
/// paragraph opens with a quote mark, else ends with its paragraph.
pub(super) fn direct_quotes(body: &str) -> Vec<Span> {
    crate::text::quote::quotes(body)
}
