//! The scanners that replaced regexes find what the regexes found.

use super::*;
use proptest::prelude::*;

fn texts() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ",
        ",",
        "-",
        "_",
        "1",
        "é",
        "’",
        "\n",
        "said",
        "SAID",
        "Says",
        "say",
        "sayings",
        "according",
        "According",
        " to",
        " To",
        "to",
        "tox",
        "according  to",
        "told",
        "xsaid",
        "warns",
        "aforesaid",
        "claim",
        "claims",
        "Believes",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn cue_matches_as_regex(text in texts()) {
        let ours: Vec<(usize, usize)> = cue_matches(&text).map(|(s, e, _)| (s, e)).collect();
        let regex: Vec<(usize, usize)> =
            CUE.find_iter(&text).map(|m| (m.start(), m.end())).collect();
        prop_assert_eq!(ours, regex, "{:?}", text);
    }
}

fn label_texts() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ",
        "\t",
        "\n",
        ":",
        ": ",
        ":\t",
        "PENCE",
        "Hannity",
        "Mr.",
        "ÉLAN",
        "é",
        "x",
        "A B",
        "said",
        "’",
        "\u{a0}",
        "NY Daily News",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn label_lines_as_captures(text in label_texts()) {
        for re in [&*LABEL, &*NAMED_LABEL] {
            let ours: Vec<_> = label_lines(re, &text)
                .into_iter()
                .map(|(n, r)| (n.start(), n.end(), n.as_str(), r.start(), r.end(), r.as_str()))
                .collect();
            let regex: Vec<_> = re
                .captures_iter(&text)
                .filter_map(|c| {
                    let (n, r) = (c.name("name")?, c.name("rest")?);
                    Some((n.start(), n.end(), n.as_str(), r.start(), r.end(), r.as_str()))
                })
                .collect();
            prop_assert_eq!(ours, regex, "{:?}", text);
        }
    }
}

fn tail_texts() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ", "  ", "\n", "-", "_", "1", "é", "É", "’", ",", "x", "X", "he", "He", "she", "They",
        "they", "we", "I", "said", "ab-cd", "\u{a0}", "“", "—", "ß",
    ]);
    prop::collection::vec(pieces, 0..10).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn ends_as_regexes(text in tail_texts()) {
        let last = Regex::new(r"\b\p{Ll}[\p{L}-]*\s+$").expect("regex");
        prop_assert_eq!(
            last_word(&text).map(|g| (g.start(), g.end(), g.as_str())),
            last.find(&text).map(|m| (m.start(), m.end(), m.as_str())),
            "{:?}", text
        );
        prop_assert_eq!(
            pronoun_at_end(&text).map(|g| (g.start(), g.end(), g.as_str())),
            group(&PRONOUN, &text, "p").map(|g| (g.start(), g.end(), g.as_str())),
            "{:?}", text
        );
    }
}

/// `may_hold_role` assumes only these two non-ASCII letters fold to ASCII ones.
#[test]
fn only_two_letters_fold_to_ascii() {
    let ascii_letter = Regex::new(r"(?i)^[a-z]$").expect("regex");
    let folding: Vec<char> = (0x80..=0x10ffff)
        .filter_map(char::from_u32)
        .filter(|c| ascii_letter.is_match(c.encode_utf8(&mut [0; 4])))
        .collect();
    assert_eq!(folding, ['\u{17f}', '\u{212a}']);
    assert!(ROLE.is_match("the \u{17f}pokesman"));
    assert!(may_hold_role("the \u{17f}pokesman"));
    assert!(!may_hold_role("the “spokes” person"));
    for text in [
        "Kremlin spokesman",
        "the President’s chief",
        "présidente",
        "a CEO_x ceo",
        "Ambassador-designate",
        "spokeswoman2 spokesperson",
    ] {
        let by_hand =
            last_role_word(text).unwrap_or_else(|| ROLE.find_iter(text).last().map(|m| m.as_str()));
        assert_eq!(
            by_hand,
            ROLE.find_iter(text).last().map(|m| m.as_str()),
            "{text:?}"
        );
    }
}

#[test]
fn cue_kinds() {
    let kinds: Vec<CueKind> = cue_matches("According to him, she Said and asked")
        .map(|(_, _, k)| k)
        .collect();
    assert_eq!(kinds, [CueKind::According, CueKind::Strong, CueKind::Weak]);
}
