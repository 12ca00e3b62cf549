//! Named entities: people, organisations and places, with canonical names within the article.
//!
//! Takes an article body, gives every entity mention as a byte span (sorted, non-overlapping)
//! with its kind and the canonical name from [`super::names`]. Recognition is rule-based:
//! runs of capitalised words are cut at stop words, titles and unlikely connectors, then typed
//! from cues (titles, first names, organisation words, a gazetteer, acronyms). Unsure
//! candidates are dropped rather than guessed: precision first.

pub(crate) mod lexicon;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use self::lexicon as lx;
use super::{names, Entity, EntityKind, Span};

/// Words, dotted acronyms and the ampersand; dots and hyphens are attached afterwards.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\p{Lu}\.){2,}|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*|&")
        .expect("static regex")
});

/// A speech verb right after a name: evidence that the name is a person.
static SPEECH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:said|says|told|added|argued|insisted|explained|wrote|tweeted)\b")
        .expect("static regex")
});

#[derive(Debug, Clone)]
struct Token<'a> {
    span: Span,
    text: &'a str,
    /// Followed by a possessive `'s` (excluded from the span).
    possessive: bool,
}

impl Token<'_> {
    fn is_cap(&self) -> bool {
        let mut chars = self.text.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() => true,
            // "al-Assad", "bin Salman" style particles count when the name part is capitalised.
            Some(_) => {
                ["al-", "el-", "Al-"].iter().any(|p| {
                    self.text
                        .strip_prefix(p)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_uppercase)
                }) || self.text == "&"
            }
            None => false,
        }
    }

    fn is_initial(&self) -> bool {
        let mut chars = self.text.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    }

    fn is_acronym(&self) -> bool {
        let letters: String = self.text.chars().filter(|c| *c != '.').collect();
        let n = letters.chars().count();
        (2..=6).contains(&n)
            && letters
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && letters.chars().next().is_some_and(char::is_uppercase)
    }
}

fn tokenize(body: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    for m in TOKEN.find_iter(body) {
        let (mut start, mut end) = (m.start(), m.end());
        let mut possessive = false;
        let text = m.as_str();
        for suffix in ["'s", "’s", "'S"] {
            if text.len() > suffix.len() && text.ends_with(suffix) {
                end -= suffix.len();
                possessive = true;
                break;
            }
        }
        let word = &body[start..end];
        let single_cap = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if !possessive && body[end..].starts_with('.') && (lx::takes_dot(word) || single_cap) {
            end += 1;
        }
        // Join hyphenated parts only when both are name-like ("Guinea-Bissau", "al-Assad");
        // "Moscow-based" stays two tokens so "Moscow" is found alone.
        if let Some(prev) = out.last() {
            let joined = prev.span.end + 1 == start
                && body[prev.span.end..start].starts_with('-')
                && !prev.possessive;
            let name_like = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
            if joined
                && name_like(word)
                && (name_like(prev.text) || matches!(prev.text, "al" | "el" | "bin"))
            {
                start = prev.span.start;
                out.pop();
            }
        }
        out.push(Token {
            span: Span::new(start, end),
            text: &body[start..end],
            possessive,
        });
    }
    out
}

/// Whether the tokens are separated by spaces only (no line break, no punctuation).
fn joined_by_space(body: &str, a: &Token, b: &Token) -> bool {
    let gap = body.get(a.span.end..b.span.start).unwrap_or("");
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
}

/// Whether a token starts a sentence (or a line, or a quotation).
fn sentence_initial(body: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let prev = &tokens[i - 1];
    if prev.text.ends_with('.') && (prev.text.len() <= 5 || lx::is_title(prev.text)) {
        // "Mr. Putin", "S. Peskov": the dot belongs to the abbreviation.
        if lx::takes_dot(prev.text.trim_end_matches('.')) || prev.is_initial() {
            return false;
        }
    }
    // "1. Jan Kroslak (Slovakia)": list numbering, not a sentence end.
    let line_start = body[..prev.span.start].rfind('\n').map_or(0, |n| n + 1);
    let numbering = prev.text.chars().all(|c| c.is_ascii_digit())
        && body[line_start..prev.span.start].trim().is_empty();
    if numbering {
        return false;
    }
    let gap = body.get(prev.span.end..tokens[i].span.start).unwrap_or("");
    gap.chars()
        .any(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '—'))
        || prev.text.ends_with('.') && !prev.is_initial()
}

/// Lines written in capitals (CoNLL headlines): capitalisation says nothing there.
fn shouting_lines(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        let upper = line.chars().filter(|c| c.is_uppercase()).count();
        if letters >= 4 && upper * 10 >= letters * 8 {
            out.push(Span::new(start, start + line.len()));
        }
        start += line.len();
    }
    out
}

/// A run of tokens `[a, b)` proposed as one name.
#[derive(Debug, Clone, Copy)]
struct Cand {
    a: usize,
    b: usize,
    /// A title came right before it: evidence for a person.
    titled: bool,
}

fn run_text<'a>(body: &'a str, tokens: &[Token], a: usize, b: usize) -> &'a str {
    body.get(tokens[a].span.start..tokens[b - 1].span.end)
        .unwrap_or("")
}

/// Maximal runs of capitalised tokens with inner connectors.
fn raw_runs(body: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].is_cap() || tokens[i].text == "&" {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && !tokens[j - 1].possessive {
            if !joined_by_space(body, &tokens[j - 1], &tokens[j]) {
                break;
            }
            if tokens[j].is_cap() {
                j += 1;
                continue;
            }
            // A connector needs a capitalised word right after it ("Bank of the West").
            let mut k = j;
            while k < tokens.len()
                && lx::is_name_connector(tokens[k].text)
                && !tokens[k].possessive
                && k - j < 2
                && joined_by_space(body, &tokens[k - 1], &tokens[k])
            {
                k += 1;
            }
            if k > j
                && k < tokens.len()
                && tokens[k].is_cap()
                && joined_by_space(body, &tokens[k - 1], &tokens[k])
            {
                j = k + 1;
                continue;
            }
            break;
        }
        runs.push((i, j));
        i = j;
    }
    runs
}

/// Cuts a run at stop words and at connectors that do not belong inside one name.
fn split_run(tokens: &[Token], a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = a;
    let mut i = a;
    while i < b {
        let t = tokens[i].text;
        if lx::is_stop(t) {
            if start < i {
                out.push((start, i));
            }
            start = i + 1;
        } else if lx::is_name_connector(t) && i > start {
            let head = tokens[i - 1].text;
            let keep = match t {
                "of" => lx::is_of_head(head) || lx::is_title(head),
                "the" => i > a && tokens[i - 1].text == "of",
                // "Department of Health and Human Services", not "Russia and Ukraine".
                "and" | "&" => lx::is_org_last(tokens[b - 1].text),
                _ => true,
            };
            if !keep {
                out.push((start, i));
                // Skip "of the" together.
                let mut n = i + 1;
                while n < b && lx::is_name_connector(tokens[n].text) {
                    n += 1;
                }
                start = n;
                i = n;
                continue;
            }
        }
        i += 1;
    }
    if start < b {
        out.push((start, b));
    }
    // "One of Cuba's": a piece never starts or ends with a connector.
    for piece in out.iter_mut() {
        while piece.0 < piece.1 && lx::is_name_connector(tokens[piece.0].text) {
            piece.0 += 1;
        }
        while piece.1 > piece.0 && lx::is_name_connector(tokens[piece.1 - 1].text) {
            piece.1 -= 1;
        }
    }
    out.retain(|p| p.0 < p.1);
}

/// Splits "Russian Foreign Minister Sergey V. Lavrov" into the prefix ("Russian"), the title
/// and the name; returns (prefix, name) runs and whether a title was found.
fn split_titles(tokens: &[Token], a: usize, b: usize) -> (Option<(usize, usize)>, Cand) {
    let plain = Cand {
        a,
        b,
        titled: false,
    };
    let Some(strong) = (a..b).find(|&i| lx::is_strong_title(tokens[i].text)) else {
        return (None, plain);
    };
    let mut j = strong;
    while j > a && lx::is_title(tokens[j - 1].text) {
        j -= 1;
    }
    let mut k = strong + 1;
    while k < b {
        let t = tokens[k].text;
        if lx::is_title(t) {
            k += 1;
        } else if t == "of" && k + 1 < b && lx::is_title(tokens[k + 1].text) {
            k += 2;
        } else {
            break;
        }
    }
    // "Mr. King": a title word after the honorific is the name itself.
    if k >= b && b - 1 > strong {
        k = b - 1;
    }
    // "Minister of Cuba": the title's complement, not a name.
    if k < b && lx::is_name_connector(tokens[k].text) {
        return (None, plain);
    }
    if k >= b || lx::is_org_last(tokens[b - 1].text) {
        return (None, plain);
    }
    let prefix = (j > a).then_some((a, j));
    (
        prefix,
        Cand {
            a: k,
            b,
            titled: true,
        },
    )
}

fn is_person_shape(tokens: &[Token], c: Cand) -> bool {
    let n = c.b - c.a;
    let words = &tokens[c.a..c.b];
    if words.iter().any(|t| {
        lx::is_org_last(t.text)
            || t.text == "of"
            || t.text == "the"
            || t.is_acronym() && !t.is_initial()
    }) {
        return false;
    }
    if lx::is_first_name(words[0].text) && n <= 4 {
        return true;
    }
    // "J. Smith", "Dmitri S. Peskov": an initial next to capitalised words.
    (2..=4).contains(&n) && words.iter().any(Token::is_initial) && !words[n - 1].is_initial()
}

fn strip_dots(s: &str) -> String {
    s.chars().filter(|c| *c != '.').collect()
}

/// Types a candidate from its own words and title; `None` when unsure.
fn type_of(body: &str, tokens: &[Token], c: Cand) -> Option<EntityKind> {
    let text = run_text(body, tokens, c.a, c.b);
    let n = c.b - c.a;
    if c.titled {
        return Some(EntityKind::Person);
    }
    if lx::is_org_name(text) {
        return Some(EntityKind::Organization);
    }
    if lx::is_place(text) {
        return Some(EntityKind::Location);
    }
    if n == 1 && tokens[c.a].is_acronym() {
        let bare = strip_dots(text);
        if lx::is_place_acronym(&bare) {
            return Some(EntityKind::Location);
        }
        if lx::is_stop(text) || lx::is_stop(&bare) || lx::is_demonym(text) {
            return None;
        }
        // Longer capitals are shouted words in tables ("DIGEST", "ORDERS"), not acronyms.
        let dotted = text.contains('.');
        return (dotted || bare.chars().count() <= 4).then_some(EntityKind::Organization);
    }
    if n >= 2 && lx::is_org_last(tokens[c.b - 1].text)
        || (c.a + 1..c.b).any(|i| tokens[i].text == "of" && lx::is_org_head(tokens[i - 1].text))
    {
        return Some(EntityKind::Organization);
    }
    if lx::is_demonym(text) {
        return Some(EntityKind::Misc);
    }
    if is_person_shape(tokens, c) {
        return Some(EntityKind::Person);
    }
    None
}

/// Last word of a person name that is not a suffix ("King" in "Martin Luther King Jr.").
fn surname<'a>(tokens: &[Token<'a>], c: Cand) -> Option<&'a str> {
    tokens[c.a..c.b]
        .iter()
        .rev()
        .map(|t| t.text)
        .find(|t| !lx::is_name_suffix(t))
}

/// The lower-case word right before the candidate, if any, on the same line.
fn word_before<'a>(body: &'a str, tokens: &[Token<'a>], c: Cand) -> Option<&'a str> {
    let prev = tokens.get(c.a.checked_sub(1)?)?;
    joined_by_space(body, prev, &tokens[c.a]).then_some(prev.text)
}

/// Every entity mention in `body`, sorted and non-overlapping, with canonical names.
pub fn extract(body: &str) -> Vec<Entity> {
    let tokens = tokenize(body);
    let shouting = shouting_lines(body);
    let in_shouting = |s: Span| shouting.iter().any(|l| l.contains(s));

    let mut cands: Vec<(Cand, Option<EntityKind>, bool)> = Vec::new();
    let mut pieces = Vec::new();
    for (a, b) in raw_runs(body, &tokens) {
        if in_shouting(tokens[a].span) {
            // Only gazetteer words are trusted in capitals: "LONDON 1996-08-30".
            let mut i = a;
            while i < b {
                // Longest gazetteer match first: "NEW YORK" before "YORK".
                let found = (i + 1..=b.min(i + 3)).rev().find(|&j| {
                    let words: Vec<String> =
                        tokens[i..j].iter().map(|t| title_case(t.text)).collect();
                    lx::is_place(&words.join(" "))
                });
                match found {
                    Some(j) => {
                        let c = Cand {
                            a: i,
                            b: j,
                            titled: false,
                        };
                        cands.push((c, Some(EntityKind::Location), false));
                        i = j;
                    }
                    None => i += 1,
                }
            }
            continue;
        }
        pieces.clear();
        let whole = run_text(body, &tokens, a, b);
        if lx::is_place(whole) || lx::is_org_name(whole) {
            // "Central and Eastern Europe" is one name despite its "and".
            pieces.push((a, b));
        } else {
            split_run(&tokens, a, b, &mut pieces);
        }
        for &(pa, pb) in &pieces {
            let (prefix, name) = split_titles(&tokens, pa, pb);
            for c in prefix
                .map(|(a, b)| Cand {
                    a,
                    b,
                    titled: false,
                })
                .into_iter()
                .chain(std::iter::once(name))
            {
                let initial = sentence_initial(body, &tokens, c.a);
                let mut kind = type_of(body, &tokens, c);
                let mut c = c;
                if kind.is_none()
                    && initial
                    && c.b - c.a > 1
                    && !lx::is_name_connector(tokens[c.a + 1].text)
                {
                    // "Speaking English": the first word may just be capitalised by position.
                    let rest = Cand { a: c.a + 1, ..c };
                    kind = type_of(body, &tokens, rest);
                    c = rest;
                }
                cands.push((c, kind, initial));
            }
        }
    }

    // Unknown runs of two or three plain capitalised words, not at a sentence start, are
    // mostly people in news text ("Nasser Hussain"); a lone unknown word is one when it
    // speaks ("Suharto said").
    for (c, kind, initial) in cands.iter_mut() {
        if kind.is_some() {
            continue;
        }
        let words = &tokens[c.a..c.b];
        let plain = words.iter().all(|t| {
            let mut chars = t.text.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().next().is_some_and(char::is_lowercase)
                && chars.all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '’')
                && !lx::is_demonym(t.text)
                && !lx::is_place(t.text)
                && !lx::is_org_name(t.text)
        });
        let after = body.get(words[words.len() - 1].span.end..).unwrap_or("");
        let speaks = SPEECH_AFTER.is_match(after) && !words[words.len() - 1].possessive;
        if plain && !*initial && ((2..=3).contains(&words.len()) || speaks) {
            *kind = Some(EntityKind::Person);
        }
    }

    // Bare surnames of people named elsewhere in the article, earlier or later.
    let surnames: HashSet<&str> = cands
        .iter()
        .filter(|(_, k, _)| *k == Some(EntityKind::Person))
        .filter_map(|(c, _, _)| surname(&tokens, *c))
        .collect();
    for (c, kind, initial) in cands.iter_mut() {
        let text = run_text(body, &tokens, c.a, c.b);
        let single = c.b - c.a == 1;
        if kind.is_none() || *kind == Some(EntityKind::Misc) && single {
            if surname(&tokens, *c).is_some_and(|s| surnames.contains(s))
                && tokens[c.a..c.b].iter().all(|t| !lx::is_org_last(t.text))
            {
                *kind = Some(EntityKind::Person);
            } else if kind.is_none()
                && !*initial
                && !lx::is_demonym(text)
                && word_before(body, &tokens, *c)
                    .is_some_and(|w| matches!(w, "in" | "from" | "near" | "outside" | "across"))
            {
                *kind = Some(EntityKind::Location);
            }
        }
    }

    // One name, one kind within an article: an untyped mention takes the kind the same
    // text got elsewhere (a sentence-initial "Ruch" after "Ruch Chorzow beat …" cues).
    let mut known: HashMap<&str, EntityKind> = HashMap::new();
    for (c, kind, _) in &cands {
        if let Some(k) = kind {
            known.entry(run_text(body, &tokens, c.a, c.b)).or_insert(*k);
        }
    }
    for (c, kind, _) in cands.iter_mut() {
        if kind.is_none() {
            *kind = known.get(run_text(body, &tokens, c.a, c.b)).copied();
        }
    }

    let typed: Vec<(Span, EntityKind)> = cands
        .iter()
        .filter_map(|(c, kind, _)| {
            let span = Span::new(tokens[c.a].span.start, tokens[c.b - 1].span.end);
            kind.map(|k| (span, k))
        })
        .collect();
    let mentions: Vec<(&str, EntityKind)> = typed
        .iter()
        .map(|(s, k)| (body.get(s.start..s.end).unwrap_or(""), *k))
        .collect();
    let canonical = names::canonicalize(&mentions);
    let mut out: Vec<Entity> = typed
        .into_iter()
        .zip(canonical)
        .map(|((span, kind), canonical)| Entity {
            span,
            kind,
            canonical,
        })
        .collect();
    out.sort_by_key(|e| (e.span.start, e.span.end));
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    out
}

/// "LONDON" → "London", for gazetteer look-ups in capitalised headlines.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, kind, canonical) for every entity, in order.
    fn triples(body: &str) -> Vec<(String, &'static str, String)> {
        extract(body)
            .into_iter()
            .map(|e| {
                (
                    body[e.span.start..e.span.end].to_string(),
                    e.kind.as_str(),
                    e.canonical,
                )
            })
            .collect()
    }

    fn t(text: &str, kind: &'static str, canonical: &str) -> (String, &'static str, String) {
        (text.to_string(), kind, canonical.to_string())
    }

    #[test]
    fn real_sentences() {
        let cases: Vec<(&str, Vec<(String, &'static str, String)>)> = vec![
            (
                "A recent proposal for an interim ceasefire in Ukraine was rejected by Russia's Putin. His friendship with Trump, nevertheless, is important to him.",
                vec![t("Ukraine", "location", "Ukraine"), t("Russia", "location", "Russia")],
            ),
            (
                "The Kremlin is \"carefully studying\" the outcome of Tuesday's negotiations between the United States and Ukraine, according to Dmitri S. Peskov, Mr. Putin's spokesman.",
                vec![
                    t("Kremlin", "organization", "Kremlin"),
                    t("United States", "location", "United States"),
                    t("Ukraine", "location", "Ukraine"),
                    t("Dmitri S. Peskov", "person", "Dmitri S. Peskov"),
                    t("Putin", "person", "Putin"),
                ],
            ),
            (
                "On Tuesday, C.I.A. director John Ratcliffe met with Sergei Naryshkin, according to Russian news sources published on Wednesday.",
                vec![
                    t("C.I.A.", "organization", "CIA"),
                    t("John Ratcliffe", "person", "John Ratcliffe"),
                    t("Sergei Naryshkin", "person", "Sergei Naryshkin"),
                    t("Russian", "misc", "Russian"),
                ],
            ),
            (
                "Russia expert Samuel Charap of the RAND Corporation remarked, \"It certainly is not impossible that the Russians would accept this\" about the 30-day offer.",
                vec![
                    t("Russia", "location", "Russia"),
                    t("Samuel Charap", "person", "Samuel Charap"),
                    t("RAND Corporation", "organization", "RAND Corporation"),
                    t("Russians", "misc", "Russians"),
                ],
            ),
            (
                "A 90-minute interview that Russian Foreign Minister Sergey V. Lavrov gave to three American video bloggers—including Andrew Napolitano, a former Fox News personality—was broadcast on Wednesday by Russia's foreign ministry.",
                vec![
                    t("Russian", "misc", "Russian"),
                    t("Sergey V. Lavrov", "person", "Sergey V. Lavrov"),
                    t("American", "misc", "American"),
                    t("Andrew Napolitano", "person", "Andrew Napolitano"),
                    t("Fox News", "organization", "Fox News"),
                    t("Russia", "location", "Russia"),
                ],
            ),
            (
                "Sergei Markov, a Moscow-based pro-Kremlin political analyst, claims that since the Kursk region is mostly under Russian control again, Mr. Putin is less likely to be embarrassed.",
                vec![
                    t("Sergei Markov", "person", "Sergei Markov"),
                    t("Moscow", "location", "Moscow"),
                    t("Kremlin", "organization", "Kremlin"),
                    t("Kursk", "location", "Kursk"),
                    t("Russian", "misc", "Russian"),
                    t("Putin", "person", "Putin"),
                ],
            ),
            (
                "The Trump administration has maintained its interaction with the Kremlin, even though Russians were not present during Tuesday's discussions in Jeddah, Saudi Arabia.",
                vec![
                    t("Kremlin", "organization", "Kremlin"),
                    t("Russians", "misc", "Russians"),
                    t("Jeddah", "location", "Jeddah"),
                    t("Saudi Arabia", "location", "Saudi Arabia"),
                ],
            ),
            (
                "The Federal Bureau of Investigation and Bank of America said the U.S. economy grew.",
                vec![
                    t("Federal Bureau of Investigation", "organization", "Federal Bureau of Investigation"),
                    t("Bank of America", "organization", "Bank of America"),
                    t("U.S.", "location", "United States"),
                ],
            ),
            (
                "LONDON 1996-08-30\nWest Indian all-rounder Phil Simmons took four for 38 on Friday as Leicestershire beat Somerset.",
                vec![
                    t("LONDON", "location", "LONDON"),
                    // "West" is dropped as a possible sentence-initial word; misc is unscored.
                    t("Indian", "misc", "Indian"),
                    t("Phil Simmons", "person", "Phil Simmons"),
                ],
            ),
            // CoNLL results table: list numbers do not start sentences; unknown two-word
            // names mid-line are people.
            (
                "1. Astrid Kumbernuss (Germany) 19.89 metres\n2. Sandrine Testud (France) 19.15",
                vec![
                    t("Astrid Kumbernuss", "person", "Astrid Kumbernuss"),
                    t("Germany", "location", "Germany"),
                    t("Sandrine Testud", "person", "Sandrine Testud"),
                    t("France", "location", "France"),
                ],
            ),
            // CoNLL: a stop word before "of" leaves no piece starting with "of".
            (
                "One of Cuba's most acclaimed authors, a Foreign Minister of Cuba said.",
                vec![t("Cuba", "location", "Cuba")],
            ),
            // A sentence-initial mention takes the kind its text got elsewhere.
            (
                "Tancredo spoke first. Later, Tancredo told Breitbart News that it went well.",
                vec![
                    t("Tancredo", "person", "Tancredo"),
                    t("Tancredo", "person", "Tancredo"),
                    t("Breitbart News", "organization", "Breitbart News"),
                ],
            ),
            (
                "Secretary of State John Kerry met NATO officials in Brussels.",
                vec![
                    t("John Kerry", "person", "John Kerry"),
                    t("NATO", "organization", "NATO"),
                    t("Brussels", "location", "Brussels"),
                ],
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(triples(body), expected, "body: {body}");
        }
    }

    #[test]
    fn seed_article_people_are_canonical() {
        let body = "A temporary truce in the conflict between Russia and Ukraine was vehemently opposed by Russian President Vladimir V. Putin as late as January.\n\
            After a month of Trump's foreign policy shift, the Kremlin seems eager to consider the offer.\n\
            Over the past month, Mr. Putin has witnessed a dizzying shift as Mr. Trump has scolded Ukraine's president, Volodymyr Zelensky, in the Oval Office.\n\
            Despite Trump's claims that he wants the war to end quickly, Putin has shown that he will not back down.";
        let got = triples(body);
        let people: Vec<_> = got
            .iter()
            .filter(|(_, k, _)| *k == "person")
            .cloned()
            .collect();
        assert_eq!(
            people,
            vec![
                t("Vladimir V. Putin", "person", "Vladimir V. Putin"),
                t("Trump", "person", "Trump"),
                t("Putin", "person", "Vladimir V. Putin"),
                t("Trump", "person", "Trump"),
                t("Volodymyr Zelensky", "person", "Volodymyr Zelensky"),
                t("Trump", "person", "Trump"),
                t("Putin", "person", "Vladimir V. Putin"),
            ]
        );
        assert!(got.contains(&t("Kremlin", "organization", "Kremlin")));
        assert!(got.contains(&t("Russia", "location", "Russia")));
        assert!(got.contains(&t("Russian", "misc", "Russian")));
    }

    #[test]
    fn spans_are_sorted_disjoint_and_on_char_boundaries() {
        let bodies = [
            "Der Präsident Emmanuel Macron traf Olaf Scholz in Köln — „Wir sind bereit“, sagte er.",
            "Ελλάδα και Κύπρος: ο Αλέξης Τσίπρας είπε «όχι».",
            "「東京」で Shinzo Abe 氏が語った。 Zürich's café “Café Odéon” said Æsir O’Brien’s",
            "U.S.",
            "Mr.",
            "’s",
            "A. B. C. D.",
            "",
        ];
        for body in bodies {
            let ents = extract(body);
            for w in ents.windows(2) {
                assert!(w[0].span.end <= w[1].span.start, "{body}");
            }
            for e in &ents {
                assert!(body.is_char_boundary(e.span.start) && body.is_char_boundary(e.span.end));
                assert!(!e.span.is_empty());
            }
        }
    }

    /// Micro P/R/F1 on CoNLL-2003 dev with the scorer's rules (exact span and type over
    /// PER/ORG/LOC; misc and predictions overlapping gold MISC ignored). Prints per-type errors.
    #[test]
    #[ignore = "needs /work/shared/data/entities"]
    fn conll2003_dev_score() {
        let path = "/work/shared/data/entities/conll2003-dev.jsonl";
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let (mut tp, mut fp, mut gold_n) = (0usize, 0usize, 0usize);
        let mut errors: Vec<String> = Vec::new();
        for line in text.lines() {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            let body = doc["body"].as_str().unwrap();
            let char_of: Vec<usize> = {
                let mut v = vec![0; body.len() + 1];
                for (ci, (bi, _)) in body.char_indices().enumerate() {
                    v[bi] = ci;
                }
                v[body.len()] = body.chars().count();
                v
            };
            let mut gold = Vec::new();
            let mut misc = Vec::new();
            for g in doc["entities"].as_array().unwrap() {
                let (s, e) = (
                    g["span"][0].as_u64().unwrap() as usize,
                    g["span"][1].as_u64().unwrap() as usize,
                );
                let ty = g["type"].as_str().unwrap();
                if ty == "MISC" {
                    misc.push((s, e));
                } else {
                    gold.push((s, e, ty.to_string()));
                }
            }
            gold_n += gold.len();
            let mut predicted: Vec<(usize, usize, &str)> = Vec::new();
            for ent in extract(body) {
                let ty = match ent.kind {
                    EntityKind::Person => "PER",
                    EntityKind::Organization => "ORG",
                    EntityKind::Location => "LOC",
                    EntityKind::Misc => continue,
                };
                let (s, e) = (char_of[ent.span.start], char_of[ent.span.end]);
                predicted.push((s, e, ty));
                if gold.iter().any(|g| g.0 == s && g.1 == e && g.2 == ty) {
                    tp += 1;
                } else if misc.iter().any(|m| m.0 < e && s < m.1) {
                    continue;
                } else {
                    fp += 1;
                    let want = gold
                        .iter()
                        .find(|g| g.0 < e && s < g.1)
                        .map(|g| g.2.clone());
                    errors.push(format!(
                        "FP {ty} {:?} gold={want:?}",
                        &body[ent.span.start..ent.span.end]
                    ));
                }
            }
            for g in &gold {
                let hit = predicted
                    .iter()
                    .any(|p| p.0 == g.0 && p.1 == g.1 && p.2 == g.2);
                if !hit {
                    let text: String = body.chars().skip(g.0).take(g.1 - g.0).collect();
                    let near = predicted
                        .iter()
                        .find(|p| p.0 < g.1 && g.0 < p.1)
                        .map(|p| p.2);
                    errors.push(format!("FN {} {text:?} predicted={near:?}", g.2));
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / gold_n.max(1) as f64;
        let f = 2.0 * p * r / (p + r).max(1e-9);
        for e in &errors {
            println!("{e}");
        }
        println!("CoNLL dev: P={p:.3} R={r:.3} F1={f:.3} (tp={tp} fp={fp} gold={gold_n})");
        assert!(f > 0.3, "entity F1 fell to {f:.3}");
    }
}
