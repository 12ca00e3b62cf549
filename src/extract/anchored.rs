//! A regex run over a long text only around the places where its matches can be.
//!
//! Some date patterns open with a class (`\d`, a number word) that gives the regex crate no
//! literal to skip ahead to, so each one's lazy DFA read every byte of every article. Every
//! match of them holds a known word ("ago", "Monday") or mark ('-', '/') and no character
//! outside a known set (letters, digits, spaces): a cheap literal search finds those words, and
//! the regex runs only over the run of allowed characters around each one.

use regex::{Captures, Regex};

/// `re.captures_iter(body)`, given `hits`: the sorted starts of occurrences of words that every
/// match of `re` holds, and `inside`: a test that every character of every match passes.
/// `None` for `hits` runs `re` over the whole text.
pub fn captures<'h>(
    re: &Regex,
    body: &'h str,
    hits: Option<&[usize]>,
    inside: fn(char) -> bool,
) -> Vec<Captures<'h>> {
    let Some(hits) = hits else {
        return re.captures_iter(body).collect();
    };
    let mut out = Vec::new();
    let mut pos = 0;
    for &hit in hits {
        if hit < pos || hit >= body.len() || !body.is_char_boundary(hit) {
            continue;
        }
        // No match crosses a character outside the set, so the next one starts after the
        // last such character before the hit (or where the search stands).
        let run_start = body[pos..hit]
            .char_indices()
            .rev()
            .find(|(_, c)| !inside(*c))
            .map_or(pos, |(i, c)| pos + i + c.len_utf8());
        let run_end = body[hit..]
            .char_indices()
            .find(|(_, c)| !inside(*c))
            .map_or(body.len(), |(i, _)| hit + i);
        // One character past the run, so a boundary at a match's end reads as in `body`.
        let hay_end = body[run_end..]
            .chars()
            .next()
            .map_or(run_end, |c| run_end + c.len_utf8());
        match re.captures_at(&body[..hay_end], run_start) {
            Some(caps) => {
                pos = caps.get(0).map_or(run_end, |m| m.end());
                out.push(caps);
            }
            None => pos = run_end,
        }
    }
    out
}

/// Letters, digits and spaces (and, not to judge them, all non-ASCII characters).
pub fn wordy(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c.is_whitespace()
}

/// Digits, '-' and '/' (and all non-ASCII characters).
pub fn numeric(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_digit() || c == '-' || c == '/'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans(caps: &[Captures]) -> Vec<Vec<Option<(usize, usize)>>> {
        caps.iter()
            .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    fn texts() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            " ",
            "  ",
            ",",
            ".",
            "-",
            "/",
            "é",
            "’",
            "\n",
            "a",
            "two",
            "12",
            "2",
            "2014",
            "day",
            "days",
            "ago",
            "Ago",
            "earlier",
            "year",
            "years",
            "last",
            "next",
            "this",
            "month",
            "today",
            "Monday",
            "monday",
            "early",
            "this coming",
            "x",
            "_",
            "01",
            "1/2/2014",
            "2014-01-02",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
    }

    fn hits(text: &str, words: &Regex) -> Vec<usize> {
        words
            .find_iter(&text.to_ascii_lowercase())
            .map(|m| m.start())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn same_as_captures_iter(text in texts()) {
            let words = Regex::new("ago|earlier|today|month|year|monday").expect("regex");
            let marks = Regex::new("[-/]").expect("regex");
            let ago = Regex::new(r"(?i)(?-u:\b)(?P<n>a|two|\d{1,3})\s+(?P<unit>day|month|year)s?\s+(?:ago|earlier)(?-u:\b)").expect("regex");
            let rel = Regex::new(r"(?i)(?-u:\b)(?:(?:early|late)\s+)?(?:(?P<day>today)|(?P<which>last|this|next)\s+(?P<unit>month|year))(?-u:\b)").expect("regex");
            let wd = Regex::new(r"(?:(?-u:\b)(?P<mod>(?i:last|next|this coming|early))\s+)?(?-u:\b)(?P<wd>Monday)(?-u:\b)").expect("regex");
            let num = Regex::new(r"(?-u:\b)(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))(?-u:\b)").expect("regex");
            let w = hits(&text, &words);
            for re in [&ago, &rel, &wd] {
                let all: Vec<Captures> = re.captures_iter(&text).collect();
                prop_assert_eq!(spans(&captures(re, &text, Some(&w), wordy)), spans(&all), "{:?}", text);
            }
            let m = hits(&text, &marks);
            let all: Vec<Captures> = num.captures_iter(&text).collect();
            prop_assert_eq!(spans(&captures(&num, &text, Some(&m), numeric)), spans(&all), "{:?}", text);
        }
    }
}
