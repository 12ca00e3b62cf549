//! The speaker extractor's word lists and word tests: cue words and their kinds
//! (`data/cues.tsv`), unnamed-source nouns, role words, function words.

use super::*;

/// The cue words, their kinds and bars: `data/cues.tsv`.
pub(super) static CUES: LazyLock<Vec<CueEntry>> =
    LazyLock::new(|| parse_cues(include_str!("../data/cues.tsv")).expect("data/cues.tsv parses"));

/// One row of `data/cues.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CueEntry {
    form: &'static str,
    kind: CueKind,
    /// Admitted at the lower bar, and only in lower case.
    lower_bar: bool,
}

/// Parse the cue table: comments and blank lines skipped, every other line four columns.
pub(super) fn parse_cues(text: &'static str) -> Result<Vec<CueEntry>, String> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |why: &str| format!("line {}: {why}: {line:?}", number + 1);
        let columns: Vec<&'static str> = line.split('\t').collect();
        let [form, kind, bar, class] = columns[..] else {
            return Err(at("expected form, kind, bar and class"));
        };
        let kind = match kind {
            "strong" => CueKind::Strong,
            "weak" => CueKind::Weak,
            "broad" => CueKind::Broad,
            _ => return Err(at("kind is strong, weak or broad")),
        };
        let lower_bar = match bar {
            "normal" => false,
            "lower" => true,
            _ => return Err(at("bar is normal or lower")),
        };
        if !matches!(class, "verb" | "noun") {
            return Err(at("class is verb or noun"));
        }
        entries.push(CueEntry {
            form,
            kind,
            lower_bar,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod cue_table {
    use super::*;

    #[test]
    fn the_cue_table_lists_each_form_once_with_one_kind() {
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut twice = Vec::new();
        for (n, cue) in CUES.iter().enumerate() {
            if let Some(earlier) = first.insert(cue.form.to_ascii_lowercase(), n) {
                twice.push(format!("{:?} (rows {earlier} and {n})", cue.form));
            }
        }
        assert!(twice.is_empty(), "listed twice: {}", twice.join(", "));
        assert_eq!(CUES.len(), 418);
        assert!(CUES
            .iter()
            .all(|cue| !cue.form.is_empty() && cue.form == cue.form.trim()));
        // Words the old lists held in two kinds now have the one that applied.
        for (form, kind) in [("stated", CueKind::Strong), ("believes", CueKind::Strong)] {
            assert_eq!(cue_kind(form), Some(kind), "{form}");
        }
    }

    #[test]
    fn the_word_lists_hold_each_word_once() {
        for (file, text, words) in [
            (
                "unnamed_nouns.txt",
                include_str!("../data/unnamed_nouns.txt"),
                0,
            ),
            ("role_words.txt", include_str!("../data/role_words.txt"), 0),
            (
                "source_nouns.txt",
                include_str!("../data/source_nouns.txt"),
                117,
            ),
            (
                "function_words.txt",
                include_str!("../data/function_words.txt"),
                76,
            ),
        ] {
            let list = word_list(text);
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<&str> = list.iter().copied().filter(|w| !seen.insert(*w)).collect();
            assert!(twice.is_empty(), "{file} lists twice: {twice:?}");
            assert!(
                list.iter()
                    .all(|w| !w.is_empty() && !w.contains(char::is_whitespace)),
                "{file}: a line holds a space"
            );
            if words > 0 {
                assert_eq!(list.len(), words, "{file}");
            }
        }
        assert!(is_source_noun("campaign") && !is_source_noun("Campaign"));
        assert!(is_function_word("which") && !is_function_word("senator"));
    }

    #[test]
    fn a_malformed_cue_row_is_an_error_naming_its_line() {
        let err = parse_cues("# header\nsaid\tstrong\tnormal\tverb\ntold\tloud\tnormal\tverb\n")
            .unwrap_err();
        assert!(
            err.starts_with("line 3: kind is strong, weak or broad"),
            "{err}"
        );
        assert!(parse_cues("said\tstrong\n").is_err());
    }
}

/// Cue forms admitted at the lower bar (see `data/cues.tsv`).
pub(super) static LOWER_BAR: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| {
        CUES.iter()
            .filter(|cue| cue.lower_bar)
            .map(|cue| cue.form)
            .collect()
    });

/// How strongly a cue word attributes speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    According,
    Strong,
    Weak,
    Broad,
}

/// Every cue word with its kind.
pub(super) static CUE_KINDS: LazyLock<WordTable<CueKind>> =
    LazyLock::new(|| WordTable::new(CUES.iter().map(|cue| (cue.form, cue.kind))));

/// Any cue word, as a regex: what `cue_matches` finds, kept to test it against.
#[cfg(test)]
pub(super) static CUE: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = CUES.iter().map(|cue| cue.form).collect();
    // Longest first, so "says" is not cut to "say".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    // Headlines capitalise verbs ("Trump Says He’s Unlikely …"): any letter case.
    let pattern = format!(r"(?-u:\b)(?i-u:according to|{})(?-u:\b)", words.join("|"));
    Regex::new(&pattern).expect("static regex")
});

/// The cue words of `text` in any ASCII letter case, as byte ranges with their kinds: whole
/// ASCII words looked up in a table, and "according to". A word per lookup instead of a
/// regex alternation of all cue words run over every sentence, the costliest step here.
pub(super) fn cue_matches(text: &str) -> impl Iterator<Item = (usize, usize, CueKind)> + '_ {
    let bytes = text.as_bytes();
    let kinds = &*CUE_KINDS;
    let mut words = ascii_words(text);
    std::iter::from_fn(move || loop {
        let (start, end) = words.next()?;
        let word = &bytes[start..end];
        if word.eq_ignore_ascii_case(b"according") {
            let to = bytes.get(end..end + 3).unwrap_or(b"");
            let whole = !bytes
                .get(end + 3)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            if to.len() == 3 && to[0] == b' ' && to[1..].eq_ignore_ascii_case(b"to") && whole {
                words.next();
                return Some((start, end + 3, CueKind::According));
            }
            continue;
        }
        if let Some(kind) = kinds.get(word) {
            return Some((start, end, kind));
        }
    })
}

pub(super) fn cue_kind(word: &str) -> Option<CueKind> {
    if word.eq_ignore_ascii_case("according to") {
        return Some(CueKind::According);
    }
    CUE_KINDS.get(word.as_bytes())
}

/// Nouns that end an unnamed source phrase ("officials", "a senior aide"): `data/unnamed_nouns.txt`.
pub(super) static UNNAMED_NOUNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/unnamed_nouns.txt")));

/// Lower-case sources that are not names: they make a quote's speaker `None`.
pub(super) static UNNAMED: LazyLock<Regex> = LazyLock::new(|| {
    // An ASCII word boundary keeps this on the lazy DFA (see `CUE`).
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)(?:the|a|an|one|another|two|three|several|some|many|other|most|senior|top|local|western|u\.s\.)\s+)?(?:[\p{{Ll}}-]+\s+){{0,3}}(?:{})\s*$",
        UNNAMED_NOUNS.join("|")
    ))
    .expect("static regex")
});

/// Whether `text` ends in one of `UNNAMED_NOUNS`: a cheap test before `UNNAMED`, which runs
/// at every cue.
pub(super) fn ends_in_unnamed_noun(text: &str) -> bool {
    let text = text.trim_end();
    UNNAMED_NOUNS.iter().any(|noun| {
        text.len() >= noun.len()
            && text
                .get(text.len() - noun.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(noun))
    })
}

/// Role nouns linking "the spokesman said" to the person an apposition or title gave that
/// role: `data/role_words.txt`.
pub(super) static ROLE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/role_words.txt")));

/// A word list of `data/`: a word a line, `#` comments and blank lines skipped, in order.
pub(super) fn word_list(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

pub(super) static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({})\b", ROLE_WORDS.join("|"))).expect("static regex")
});

/// `ROLE`'s words in ASCII letter case, boundaries left out. `ROLE`'s Unicode word boundaries
/// keep the lazy DFA off any text holding a curly quote; this test runs on the DFA alone.
pub(super) static ROLE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u:{})", ROLE_WORDS.join("|"))).expect("static regex")
});

/// Role words as whole words, for `last_role_word`.
pub(super) static ROLE_TABLE: LazyLock<WordTable<()>> =
    LazyLock::new(|| WordTable::new(ROLE_WORDS.iter().map(|w| (*w, ()))));

/// `ROLE.find_iter(text).last()` read by hand: the last ASCII word that is a role word, in
/// any ASCII case. `None` when the hand reading may differ from the regex (a non-ASCII letter
/// or word character next to an ASCII word, or a letter that folds to ASCII), to run it.
pub(super) fn last_role_word(text: &str) -> Option<Option<&str>> {
    if text.contains(['\u{17f}', '\u{212a}']) {
        return None;
    }
    let mut last = None;
    for (start, end) in ascii_words(text) {
        let plain = |c: Option<char>| c.is_none_or(|c| c.is_ascii() || is_plain_punctuation(c));
        if !plain(text[..start].chars().next_back()) || !plain(text[end..].chars().next()) {
            return None;
        }
        if ROLE_TABLE.get(&text.as_bytes()[start..end]).is_some() {
            last = Some(&text[start..end]);
        }
    }
    Some(last)
}

/// Whether `ROLE` may match `text`: a role word needs its letters, in ASCII or as the two
/// non-ASCII letters that fold to ASCII ones (long s, Kelvin sign).
pub(super) fn may_hold_role(text: &str) -> bool {
    text.contains(['\u{17f}', '\u{212a}']) || ROLE_HINT.is_match(text)
}

/// Words allowed between a subject and its verb ("Mr. Trump has also said", "Clinton on
/// Tuesday said").
pub(super) static SUBJECT_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s*\([^()]{1,30}\))?(?:['’]s)?\s*(?:(?:has|had|have|is|are|was|were|also|then|later|previously|recently|again|once|further|repeatedly|publicly|reportedly|privately|flatly|bluntly|simply|\p{Ll}+ly|would|will|could|may|might|did|does|had|never|not|often|just|still|now|even|already|(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:night|morning|afternoon|evening))?|(?:last|this)\s+(?:week|month)|today|yesterday|tonight)\s+){0,3}$",
    )
    .expect("static regex")
});

/// A subject's own people after it: "RT and its defenders say", "Trump and his aides have
/// said". The name speaks for them.
pub(super) static ENTOURAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+and\s+(?:its|his|her|their)\s+\p{Ll}+(?:\s+(?:have|has|had|also|\p{Ll}+ly))*\s*$",
    )
    .expect("static regex")
});

/// An apposition between a subject and its verb: ", the Kremlin's spokesman,".
pub(super) static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:\s*\([^()]{1,30}\))?\s*,(?:[^,"“”.;]{1,90}|\s*[RDI]-\p{Lu}[\p{L}.]{1,6}),\s*(?:(?:\p{Ll}+ly|also|has|had|then)\s+){0,2}$"#,
    )
        .expect("static regex")
});

pub(super) static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<p>[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\s*$").expect("static regex")
});

/// Words of its own, outside the quotes of its cue, for which a reported clause is the row
/// rather than the long quote it holds. 4, 8 and 15 gave the same PolNeAR attribution
/// accuracy; 4 the best quote detection.
pub(super) const AROUND_WORDS: usize = 4;

/// Cue words that are nouns after a possessive ("Trump's claims that …").
pub(super) fn is_noun_cue(word: &str) -> bool {
    matches!(
        word,
        "claims"
            | "remarks"
            | "reports"
            | "claim"
            | "assertion"
            | "suggestion"
            | "accusation"
            | "allegation"
            | "insistence"
            | "promises"
    )
}

/// Nouns that head a source phrase ("the Clinton campaign", "a CNN poll"): `data/source_nouns.txt`.
static SOURCE_NOUNS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    word_list(include_str!("../data/source_nouns.txt"))
        .into_iter()
        .collect()
});

pub(super) fn is_source_noun(word: &str) -> bool {
    SOURCE_NOUNS.contains(word)
}

/// Lower-case words that cannot sit inside a source phrase: `data/function_words.txt`.
static FUNCTION_WORDS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    word_list(include_str!("../data/function_words.txt"))
        .into_iter()
        .collect()
});

pub(super) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(word)
}

/// "a Sanders ally", "one GOP official": one unnamed person, whoever the group.
pub(super) fn anonymous(phrase: &str) -> bool {
    let mut words = phrase.split_whitespace();
    let first = words.next().unwrap_or("");
    let last = words.last().unwrap_or("");
    matches!(
        first,
        "a" | "A" | "an" | "An" | "one" | "One" | "another" | "Another"
    ) && matches!(
        last,
        "ally"
            | "aide"
            | "official"
            | "source"
            | "member"
            | "adviser"
            | "advisor"
            | "person"
            | "supporter"
            | "donor"
            | "strategist"
            | "operative"
            | "staffer"
            | "insider"
            | "lawmaker"
            | "voter"
            | "activist"
            | "critic"
            | "friend"
            | "associate"
            | "employee"
            | "officer"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "delegate"
            | "senator"
            | "leader"
    )
}

/// A phrase without its leading article ("a new CNN/ORC poll" → "new CNN/ORC poll").
pub(super) fn strip_article(text: &str) -> &str {
    let text = text.trim();
    for article in [
        "the ", "The ", "a ", "A ", "an ", "An ", "one ", "One ", "many ", "Many ",
    ] {
        if let Some(rest) = text.strip_prefix(article) {
            return rest.trim_start();
        }
    }
    text
}
