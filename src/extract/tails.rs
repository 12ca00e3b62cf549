//! The text around a speech cue: what may follow "…, X said" for the clause before it to be
//! the content, and what may lead from "said" to "that". Hand-written matchers for anchored
//! patterns that ran at every cue: as regexes, their bounded repetitions of Unicode classes
//! (`[^,"“”]{1,80}`) made the lazy DFA big and its cache churn, the costliest step of speaker
//! extraction; here they cost a scan of the text.
//!
//! Each function matches exactly what its regex, kept in the tests, matches.

/// Prepositions and time words that may open a phrase after the attribution ("on Friday").
const PHRASE_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "to",
    "last",
    "this",
    "late",
    "early",
    "yesterday",
    "today",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "recently",
    "earlier",
    "later",
    "afterward",
    "afterwards",
    "of",
    "about",
    "while",
    "when",
    "after",
    "before",
];

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Whether `tail` matches
/// `^(?:,\s[^,"“”]{1,80}?)?(?:\s+(?:PHRASE_WORDS)(?-u:\b)[^"“”]{0,70}?)?\s*[.!?]?["”]?\s*$`:
/// an apposition, then a time or place phrase, then the sentence's end.
pub fn after_attribution(tail: &str) -> bool {
    let end = end_start(tail);
    apposition_ends(tail).any(|at| at >= end || phrase_reaches(tail, at, end))
}

/// Whether `tail` matches `^(?:,\s[^,"“”]{1,80}?)?\s+[^"“”.!?]{1,70}?\s*[.!?]?["”]?\s*$`:
/// an apposition, then any short phrase (the object of "told"), then the sentence's end.
pub fn after_told(tail: &str) -> bool {
    let end = end_start(tail);
    apposition_ends(tail).any(|at| {
        let rest = &tail[at..];
        // The `\s+` takes one to all of the spaces at `at`; the phrase starts after them.
        let spaces = rest
            .char_indices()
            .take_while(|(_, c)| c.is_whitespace())
            .map(|(i, c)| at + i + c.len_utf8());
        spaces.into_iter().any(|start| {
            let mut reach = None;
            for (i, c) in tail[start..].char_indices().take(70) {
                if is_quote(c) || matches!(c, '.' | '!' | '?') {
                    break;
                }
                reach = Some(start + i + c.len_utf8());
            }
            reach.is_some_and(|reach| reach >= end)
        })
    })
}

/// Words that may open an adverbial between a speech verb and "that" ("said in a statement
/// that").
const LEAD_WORDS: &[&str] = &["in", "on", "at", "during", "to", "after", "before", "while"];

/// The end of the match of
/// `^\s*,?\s*(?:(?:[^\s,.;"“”]+\s+){0,6}|(?:LEAD_WORDS)\s[^.;"“”]{0,70}?[\s,])that(?-u:\b)`
/// in `rest`, the text after a speech verb: up to six words or an adverbial, then "that".
pub fn lead_to_that(rest: &str) -> Option<usize> {
    let that_at = |at: usize| {
        let after = rest.get(at..)?;
        let whole = !after
            .as_bytes()
            .get(4)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        (after.starts_with("that") && whole).then_some(at + 4)
    };
    let open = rest.trim_start();
    let open = open.strip_prefix(',').unwrap_or(open).trim_start();
    let from = rest.len() - open.len();
    // Words are whole runs between spaces, each followed by a space; the regex prefers the
    // most words, so the last place "that" follows wins.
    let mut word_ends = [from; 7];
    let mut words = 0;
    let mut at = from;
    while words < 6 {
        let word = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | '"' | '“' | '”'))
            .unwrap_or(rest.len() - at);
        let spaced = rest[at + word..].trim_start();
        if word == 0 || !rest[at + word..].starts_with(char::is_whitespace) {
            break;
        }
        at = rest.len() - spaced.len();
        words += 1;
        word_ends[words] = at;
    }
    if let Some(end) = word_ends[..=words].iter().rev().find_map(|&at| that_at(at)) {
        return Some(end);
    }
    // An adverbial: the shortest that reaches a space or comma before "that".
    let open_word = LEAD_WORDS.iter().find_map(|w| {
        let after = open.strip_prefix(w)?;
        let space = after.chars().next().filter(|c| c.is_whitespace())?;
        Some(from + w.len() + space.len_utf8())
    })?;
    let mut at = open_word;
    for c in rest[open_word..].chars().take(71) {
        if (c.is_whitespace() || c == ',') && that_at(at + c.len_utf8()).is_some() {
            return that_at(at + c.len_utf8());
        }
        if matches!(c, '.' | ';' | '"' | '“' | '”') {
            return None;
        }
        at += c.len_utf8();
    }
    None
}

/// Where the sentence's end `\s*[.!?]?["”]?\s*$` can start: every position from the one
/// returned on matches it (dropping a leading character of a match leaves a match).
fn end_start(tail: &str) -> usize {
    let mut rest = tail.trim_end();
    if let Some(r) = rest.strip_suffix(['"', '”']) {
        rest = r;
    }
    if let Some(r) = rest.strip_suffix(['.', '!', '?']) {
        rest = r;
    }
    rest.trim_end().len()
}

/// Where an optional apposition `(?:,\s[^,"“”]{1,80}?)?` at the start of `tail` can end.
fn apposition_ends(tail: &str) -> impl Iterator<Item = usize> + '_ {
    let mut chars = tail.char_indices();
    let opens = chars.next().is_some_and(|(_, c)| c == ',')
        && chars.next().is_some_and(|(_, c)| c.is_whitespace());
    let body = if opens { chars.as_str() } else { "" };
    let from = tail.len() - body.len();
    std::iter::once(0).chain(
        body.char_indices()
            .take(80)
            .take_while(|(_, c)| *c != ',' && !is_quote(*c))
            .map(move |(i, c)| from + i + c.len_utf8()),
    )
}

/// Whether `(?:\s+(?:PHRASE_WORDS)(?-u:\b)[^"“”]{0,70}?)` can run from `at` to a position at
/// or after `end`.
fn phrase_reaches(tail: &str, at: usize, end: usize) -> bool {
    let rest = &tail[at..];
    let word_at = rest.len() - rest.trim_start().len();
    if word_at == 0 {
        return false;
    }
    // The phrase word is a whole ASCII word: all of the ASCII word run that starts here.
    let rest = &rest[word_at..];
    let word_len = rest
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(rest.len());
    if !PHRASE_WORDS.contains(&&rest[..word_len]) {
        return false;
    }
    let from = at + word_at + word_len;
    let mut reach = from;
    for (i, c) in tail[from..].char_indices().take(70) {
        if is_quote(c) {
            break;
        }
        reach = from + i + c.len_utf8();
    }
    reach >= end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn tail_regex() -> Regex {
        Regex::new(&format!(
            r#"^(?:,\s[^,"“”]{{1,80}}?)?(?:\s+(?:{})(?-u:\b)[^"“”]{{0,70}}?)?\s*[.!?]?["”]?\s*$"#,
            PHRASE_WORDS.join("|")
        ))
        .expect("regex")
    }

    fn told_regex() -> Regex {
        Regex::new(r#"^(?:,\s[^,"“”]{1,80}?)?\s+[^"“”.!?]{1,70}?\s*[.!?]?["”]?\s*$"#)
            .expect("regex")
    }

    #[test]
    fn examples() {
        for (tail, after, told) in [
            ("", true, false),
            (".", true, false),
            (" on Friday.", true, true),
            (", the spokesman, in an interview.", false, true),
            (", the spokesman in an interview.", true, true),
            (", the spokesman.", true, true),
            (" The Huffington Post.", false, true),
            (" that he would go.", false, true),
            (" ontology.", false, true),
            (" on “Friday”.", false, false),
        ] {
            assert_eq!(after_attribution(tail), after, "{tail:?}");
            assert_eq!(after_told(tail), told, "{tail:?}");
        }
    }

    /// Pieces that hit every branch of the patterns, and runs long enough for their bounds.
    fn tails() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            ",",
            " ",
            "  ",
            "\u{a0}",
            "\n",
            "\"",
            "“",
            "”",
            ".",
            "!",
            "?",
            "a",
            "é",
            "_",
            "1",
            "on",
            "to",
            "today",
            "Monday",
            "afterwards",
            "ton",
            "xx on",
            "abcdefghij",
            "abcdefghijklmnopqrstuvwxyz",
            ", ",
            " on ",
            " in the ",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
    }

    fn lead_regex() -> Regex {
        Regex::new(&format!(
            r#"^\s*,?\s*(?:(?:[^\s,.;"“”]+\s+){{0,6}}|(?:{})\s[^.;"“”]{{0,70}}?[\s,])that(?-u:\b)"#,
            LEAD_WORDS.join("|")
        ))
        .expect("regex")
    }

    #[test]
    fn leads() {
        for (rest, end) in [
            (" that he would", Some(5)),
            (", that he would", Some(6)),
            (" in a statement that he would", Some(20)),
            (" that that is", Some(10)),
            (" thatch", None),
            (" on Friday, that", Some(16)),
            (" he said. that", None),
        ] {
            assert_eq!(lead_to_that(rest), end, "{rest:?}");
            assert_eq!(lead_regex().find(rest).map(|m| m.end()), end, "{rest:?}");
        }
    }

    fn leads_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            ",",
            " ",
            "  ",
            "\u{a0}",
            "\"",
            "“",
            ".",
            ";",
            "a",
            "é",
            "_",
            "that",
            "thatx",
            "that'",
            " that ",
            "in",
            "in ",
            "on ",
            "during ",
            "while",
            "abcdefghijklmnopqrstuvwxyz",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "x y z ",
        ]);
        prop::collection::vec(pieces, 0..20).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn lead_same_as_regex(rest in leads_text()) {
            prop_assert_eq!(lead_to_that(&rest), lead_regex().find(&rest).map(|m| m.end()), "{:?}", rest);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_as_regexes(tail in tails()) {
            prop_assert_eq!(after_attribution(&tail), tail_regex().is_match(&tail), "{:?}", tail);
            prop_assert_eq!(after_told(&tail), told_regex().is_match(&tail), "{:?}", tail);
        }
    }
}
