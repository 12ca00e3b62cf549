//! The one abbreviation list: words that own their trailing dot ("Mr.", "Inc.", "Calif."), so
//! that the dot is part of the token and ends no sentence.
//!
//! The list is `data/abbreviations.tsv`, compiled in: one form a line as written (case
//! matters: "No." is an abbreviation, "no." is not), a tab, and its kind. Lookups never fail
//! on input; the test below fails on a malformed line, a form listed twice or an unknown kind.

use std::sync::LazyLock;

/// What an abbreviation abbreviates (the second column of the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Before a person's name: "Sen.", "Dr.", "Messrs.".
    Title,
    /// Ends a company's name: "Inc.", "Co.".
    Company,
    /// After a person's name: "Jr.", "Sr.".
    Suffix,
    /// Before a place's name: "St.", "Mt.", "Ft.".
    Place,
    /// After a street's name: "Ave.", "Blvd.".
    Street,
    /// Inside an institution's name: "Dept.", "Univ.".
    Institution,
    Month,
    /// A US state as AP writes it: "Calif.", "Wash.".
    State,
    Other,
}

impl Kind {
    fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "title" => Kind::Title,
            "company" => Kind::Company,
            "suffix" => Kind::Suffix,
            "place" => Kind::Place,
            "street" => Kind::Street,
            "institution" => Kind::Institution,
            "month" => Kind::Month,
            "state" => Kind::State,
            "other" => Kind::Other,
            _ => return None,
        })
    }

    /// A kind that goes with a name before or after it (title, company, suffix, place): the
    /// abbreviations the entity lexicon calls `takes_dot`.
    pub fn goes_with_a_name(self) -> bool {
        matches!(
            self,
            Kind::Title | Kind::Company | Kind::Suffix | Kind::Place
        )
    }
}

const LIST: &str = include_str!("data/abbreviations.tsv");

/// The list's rows: comment lines skipped, every other line `form<TAB>kind`.
fn parse(text: &'static str) -> Result<Vec<(&'static str, Kind)>, String> {
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let at = |why: &str| format!("line {}: {why}: {line:?}", number + 1);
        let Some((form, kind)) = line.split_once('\t') else {
            return Err(at("expected a form, a tab and a kind"));
        };
        if form.is_empty() || !form.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(at("a form is ASCII letters only"));
        }
        let kind = Kind::from_name(kind).ok_or_else(|| at("unknown kind"))?;
        rows.push((form, kind));
    }
    Ok(rows)
}

/// The rows sorted by form, for a binary search (a hundred short keys are found in seven
/// comparisons, without hashing), and per length the first letters that any form of that
/// length has: most words before a dot ("said.", "Trump.") are ruled out by one bit.
struct Table {
    rows: Vec<(&'static str, Kind)>,
    first_letters: [u64; 7],
}

/// The bit of an ASCII letter in `Table::first_letters`.
fn letter_bit(b: u8) -> u64 {
    match b {
        b'A'..=b'Z' => 1 << (b - b'A'),
        b'a'..=b'z' => 1 << (26 + b - b'a'),
        _ => 0,
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    // A malformed list is a build mistake the test below catches.
    let mut rows = parse(LIST).unwrap_or_default();
    rows.sort_unstable_by_key(|&(form, _)| form);
    let mut first_letters = [0u64; 7];
    for (form, _) in &rows {
        if let (Some(slot), Some(&b)) = (first_letters.get_mut(form.len()), form.as_bytes().first())
        {
            *slot |= letter_bit(b);
        }
    }
    Table {
        rows,
        first_letters,
    }
});

/// The kind of `word` (without its dot) when it is a listed abbreviation.
pub fn kind(word: &str) -> Option<Kind> {
    let table = &*TABLE;
    let letters = table.first_letters.get(word.len()).copied().unwrap_or(0);
    let first = word.as_bytes().first().copied().map_or(0, letter_bit);
    if letters & first == 0 {
        return None;
    }
    let at = table
        .rows
        .binary_search_by_key(&word, |&(form, _)| form)
        .ok()?;
    table.rows.get(at).map(|&(_, kind)| kind)
}

/// Whether `word` (without its dot) owns a dot that follows it.
pub fn is_abbreviation(word: &str) -> bool {
    kind(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_list_is_well_formed() {
        let rows = parse(LIST).unwrap_or_else(|e| panic!("data/abbreviations.tsv: {e}"));
        let mut seen = HashSet::new();
        let twice: Vec<&str> = rows
            .iter()
            .filter(|(form, _)| !seen.insert(*form))
            .map(|(form, _)| *form)
            .collect();
        assert!(twice.is_empty(), "listed twice: {twice:?}");
        assert!(
            LIST.lines()
                .all(|l| !l.trim().is_empty() && l == l.trim_end()),
            "no blank lines or trailing spaces"
        );
        assert!(rows.iter().all(|(form, _)| (2..=6).contains(&form.len())));
        assert_eq!(rows.len(), TABLE.rows.len());
        for (form, kind) in &rows {
            assert_eq!(super::kind(form), Some(*kind), "{form}");
        }
        assert_eq!(rows.len(), 100);
    }

    #[test]
    fn malformed_rows_are_refused() {
        for bad in [
            "Mr",
            "Mr\ttitle\textra",
            "M.r\ttitle",
            "\ttitle",
            "Mr\tname",
            "Mr title",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse("# a comment\nMr\ttitle"),
            Ok(vec![("Mr", Kind::Title)])
        );
    }

    #[test]
    fn lookups_are_case_sensitive_and_take_the_bare_word() {
        let cases = [
            ("Mr", Some(Kind::Title)),
            ("Inc", Some(Kind::Company)),
            ("Calif", Some(Kind::State)),
            ("Sept", Some(Kind::Month)),
            ("No", Some(Kind::Other)),
            ("no", None),
            ("mr", None),
            ("Mr.", None),
            ("U.S", None),
            ("May", None),
            ("", None),
            ("Massachusetts", None),
        ];
        for (word, want) in cases {
            assert_eq!(kind(word), want, "{word:?}");
        }
        assert!(Kind::Place.goes_with_a_name() && !Kind::State.goes_with_a_name());
    }
}
