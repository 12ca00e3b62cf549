//! Named entities: people, organisations, places and other names, with canonical names
//! within the article.
//!
//! Takes an article body, gives every entity mention as a byte span (sorted, non-overlapping)
//! with its kind and the canonical name from [`super::names`]. Recognition is learned: the
//! averaged-perceptron tagger in [`tagger`], trained on CoNLL-2003 (titles stay outside
//! person spans: "President Bill Clinton" gives "Bill Clinton"). [`lexicon`] keeps the word
//! lists the tagger's features and the speaker finder use.

pub(crate) mod lexicon;
pub mod tagger;

use super::{names, Entity, EntityKind};
use crate::text::Doc;

/// Every entity mention in `body`, sorted and non-overlapping, with canonical names.
pub fn extract(body: &str) -> Vec<Entity> {
    extract_doc(&Doc::new(body))
}

/// Every entity mention of an analysed body: the tagger reads the `Doc`'s tokens and
/// sentence starts.
pub fn extract_doc(doc: &Doc) -> Vec<Entity> {
    let body = doc.text();
    let mut tagged = tagger::tag(doc);
    surnames_are_people(body, &mut tagged);
    untagged_given_names(body, &mut tagged);
    join_split_names(body, &mut tagged);
    tagged.retain(|(span, kind)| {
        *kind != EntityKind::Person
            || !is_headline_run(body.get(span.start..span.end).unwrap_or(""))
    });
    let mentions: Vec<(&str, EntityKind)> = tagged
        .iter()
        .map(|(s, k)| (body.get(s.start..s.end).unwrap_or(""), *k))
        .collect();
    let canonical = names::canonicalize(&mentions);
    tagged
        .into_iter()
        .zip(canonical)
        .map(|((span, kind), canonical)| Entity {
            span,
            kind,
            canonical,
        })
        .collect()
}

/// "Cuban also said" after "Mark Cuban": a lone word typed a group or a thing that is the
/// surname of a person the article names in full is that person.
fn surnames_are_people(body: &str, tagged: &mut [(crate::extract::Span, EntityKind)]) {
    let text = |s: &crate::extract::Span| body.get(s.start..s.end).unwrap_or("");
    let surnames: Vec<&str> = tagged
        .iter()
        .filter(|(_, kind)| *kind == EntityKind::Person)
        .filter_map(|(span, _)| {
            let name = text(span);
            name.rsplit_once(' ').map(|(_, last)| last)
        })
        .collect();
    if surnames.is_empty() {
        return;
    }
    for (span, kind) in tagged.iter_mut() {
        if matches!(kind, EntityKind::Misc | EntityKind::Organization) {
            let word = text(span);
            if !word.contains(' ') && surnames.contains(&word) {
                *kind = EntityKind::Person;
            }
        }
    }
}

/// "Bernie Sanders Pins The Rise Of ISIS On": in a headline every word is capitalised and the
/// tagger may run a name on through it. A person's name has no capitalised "The", "Of" or "To"
/// inside it.
pub(crate) fn is_headline_run(name: &str) -> bool {
    name.split_whitespace().skip(1).any(|w| {
        matches!(
            w,
            "The"
                | "Of"
                | "On"
                | "To"
                | "In"
                | "And"
                | "For"
                | "With"
                | "A"
                | "An"
                | "Is"
                | "Are"
                | "At"
        )
    })
}

/// "Gov. Earl Ray Tomblin" tagged as two people, "Earl" and "Ray Tomblin": a one-word person
/// right before another, a space apart, is the first part of one name.
fn join_split_names(body: &str, tagged: &mut Vec<(crate::extract::Span, EntityKind)>) {
    // `dedup_by` hands each mention with the one kept before it: joining is absorbing.
    tagged.dedup_by(|(span, kind), (last, last_kind)| {
        let lone = body
            .get(last.start..last.end)
            .is_some_and(|w| !w.contains(' '));
        let joins = *last_kind == EntityKind::Person
            && *kind == EntityKind::Person
            && lone
            && body.get(last.end..span.start) == Some(" ");
        if joins {
            last.end = span.end;
        }
        joins
    });
}

/// "Homeland Security Secretary Jeh Johnson": a capitalised word the tagger left out, right
/// before a lone surname inside a sentence, is the rare given name it did not know. Without
/// it "Johnson" would join another Johnson the article names in full.
fn untagged_given_names(body: &str, tagged: &mut [(crate::extract::Span, EntityKind)]) {
    let mut previous_end = 0;
    for (span, kind) in tagged.iter_mut() {
        let gap_start = previous_end;
        previous_end = span.end;
        if *kind != EntityKind::Person {
            continue;
        }
        let Some(before) = body.get(gap_start..span.start) else {
            continue;
        };
        let Some(lead) = before.strip_suffix(' ') else {
            continue;
        };
        let word_start = lead.rfind(' ').map_or(0, |i| i + 1);
        let word = &lead[word_start..];
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && word.len() >= 2
            && chars.all(char::is_lowercase);
        // Inside a sentence: something other than sentence-ending punctuation comes before.
        let inside = body[..gap_start + word_start]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ',');
        // A lone surname only (a full name needs no help), and a word the article never uses
        // in lower case ("Former Obama aide", "Editor Matthew Boyle" are no names).
        let lone = !body[span.start..span.end].contains(' ');
        // The scan of the whole body last.
        if capitalised
            && inside
            && lone
            && !lexicon::is_stop(word)
            && !lexicon::is_title(word)
            && !lexicon::is_title(word.strip_suffix('s').unwrap_or(word))
            && !word.ends_with("ing")
            && !lexicon::is_demonym(word)
            && !super::used_in_lower_case(body, word)
        {
            span.start = gap_start + word_start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::cases;

    /// One line of `tests/cases/entities.jsonl`.
    ///
    /// At the `extract` stage (the default) `text` runs through [`extract`], and `expected`
    /// lists every entity found, exactly and in order; with `kinds` it lists every entity of
    /// those kinds only, and `includes` names more that must be found somewhere. At the
    /// `canonicalize` stage there is no text: the `text` and `kind` of each expected entity are
    /// one article's mentions, in order, given to [`names::canonicalize`], which must give
    /// each its `canonical` name.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct EntityCase {
        /// A short slug, unique in the file: what a failure names.
        id: String,
        /// The test that held the case before the cases became data.
        group: String,
        #[serde(default)]
        stage: Stage,
        text: Option<String>,
        expected: Vec<ExpectedEntity>,
        kinds: Option<Vec<String>>,
        #[serde(default)]
        includes: Vec<ExpectedEntity>,
        /// `ok`, which must pass, or `known_gap`, which is run and reported but may fail.
        status: String,
        /// Why the case is there; "known error" marks where the model is wrong on today's
        /// news and the case pins what it does, so that a better model shows up as a
        /// deliberate change.
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(serde::Deserialize, Default, Clone, Copy, PartialEq, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Stage {
        #[default]
        Extract,
        Canonicalize,
    }

    /// An entity as the text shows it, its kind (`EntityKind::as_str`) and, where the case
    /// checks it, its canonical name.
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct ExpectedEntity {
        text: String,
        kind: String,
        canonical: Option<String>,
    }

    /// (text, kind, canonical) of one entity found.
    type Found = (String, &'static str, String);

    impl ExpectedEntity {
        fn matches(&self, (text, kind, canonical): &Found) -> bool {
            self.text == *text
                && self.kind == *kind
                && self.canonical.as_ref().is_none_or(|c| c == canonical)
        }
    }

    const KINDS: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Location,
        EntityKind::Misc,
    ];

    fn kind_named(name: &str) -> Option<EntityKind> {
        KINDS.into_iter().find(|k| k.as_str() == name)
    }

    const CASES: &str = "tests/cases/entities.jsonl";

    fn entity_cases() -> Vec<EntityCase> {
        cases::parse(CASES, include_str!("../../tests/cases/entities.jsonl"))
    }

    /// Every entity [`extract`] finds in `body`, in order.
    fn found(body: &str) -> Vec<Found> {
        extract(body)
            .into_iter()
            .map(|e| {
                let text = body[e.span.start..e.span.end].to_string();
                (text, e.kind.as_str(), e.canonical)
            })
            .collect()
    }

    /// Expected entities in the shape of [`Found`], `*` for a canonical name not checked.
    fn shown(expected: &[ExpectedEntity]) -> Vec<(&str, &str, &str)> {
        expected
            .iter()
            .map(|e| {
                (
                    e.text.as_str(),
                    e.kind.as_str(),
                    e.canonical.as_deref().unwrap_or("*"),
                )
            })
            .collect()
    }

    /// Whether an `extract` case passes, and what came out.
    fn run_extract(case: &EntityCase) -> (bool, Vec<Found>) {
        let got = found(case.text.as_deref().unwrap_or(""));
        let scoped: Vec<&Found> = got
            .iter()
            .filter(|(_, kind, _)| {
                case.kinds
                    .as_ref()
                    .is_none_or(|k| k.iter().any(|k| k == kind))
            })
            .collect();
        let listed = scoped.len() == case.expected.len()
            && case.expected.iter().zip(&scoped).all(|(e, g)| e.matches(g));
        let included = case
            .includes
            .iter()
            .all(|e| got.iter().any(|g| e.matches(g)));
        (listed && included, got)
    }

    /// Whether a `canonicalize` case passes, and what came out.
    fn run_canonicalize(case: &EntityCase) -> (bool, Vec<Found>) {
        let Some(mentions) = case
            .expected
            .iter()
            .map(|e| Some((e.text.as_str(), kind_named(&e.kind)?)))
            .collect::<Option<Vec<_>>>()
        else {
            return (false, Vec::new());
        };
        let got: Vec<Found> = mentions
            .iter()
            .zip(names::canonicalize(&mentions))
            .map(|((text, kind), canonical)| (text.to_string(), kind.as_str(), canonical))
            .collect();
        let passed = case.expected.iter().zip(&got).all(|(e, g)| e.matches(g));
        (passed, got)
    }

    /// Every case of `tests/cases/entities.jsonl` runs through the extractor, and the test
    /// fails once, naming each failing case, so that a retrained model shows every case it
    /// moves. The groups are the tests the cases came from: `real_sentences` (sentences of the
    /// seed article, sentences written after PolNeAR and CoNLL-2003 ones, and a few made up),
    /// `seed_article_people_are_canonical` and `canonical_forms` (the canonical names of one
    /// article's mentions, from `names.rs`).
    #[test]
    fn entity_cases_as_data() {
        let mut run = cases::Run::new(CASES);
        for case in entity_cases() {
            let (passed, got) = match case.stage {
                Stage::Extract => run_extract(&case),
                Stage::Canonicalize => run_canonicalize(&case),
            };
            run.record(&case.id, &case.status, passed, || {
                format!(
                    "({}, {:?}, kinds: {})\n  note:     {}\n  text:     {:?}\n  expected: {:?}\n  includes: {:?}\n  got:      {got:?}",
                    case.group,
                    case.stage,
                    case.kinds.as_ref().map_or("all".to_string(), |k| k.join(", ")),
                    case.note.as_deref().unwrap_or("-"),
                    case.text.as_deref().unwrap_or("-"),
                    shown(&case.expected),
                    shown(&case.includes)
                )
            });
        }
        run.finish();
    }

    /// Ids are unique slugs and statuses known; an `extract` case has a text, a
    /// `canonicalize` case has none (nor `kinds` or `includes`) and a canonical name for every
    /// mention; every entity has a text and a known kind.
    #[test]
    fn entity_cases_are_well_formed() {
        let mut problems = cases::Problems::default();
        for case in entity_cases() {
            problems.check_case(&case.id, &case.status, &case.group, case.text.as_deref());
            let id = &case.id;
            match case.stage {
                Stage::Extract if case.text.is_none() => {
                    problems.push(format!("{id}: an extract case needs a text"));
                }
                Stage::Canonicalize
                    if case.text.is_some() || case.kinds.is_some() || !case.includes.is_empty() =>
                {
                    problems.push(format!(
                        "{id}: a canonicalize case takes its mentions from expected alone"
                    ));
                }
                Stage::Canonicalize if case.expected.iter().any(|e| e.canonical.is_none()) => {
                    problems.push(format!("{id}: a canonicalize case checks every canonical"));
                }
                _ => {}
            }
            let kinds = case.kinds.iter().flatten();
            for kind in kinds.chain(case.expected.iter().chain(&case.includes).map(|e| &e.kind)) {
                if kind_named(kind).is_none() {
                    problems.push(format!("{id}: unknown kind {kind:?}"));
                }
            }
            for e in case.expected.iter().chain(&case.includes) {
                let in_text = case.text.as_ref().is_none_or(|t| t.contains(&e.text));
                if e.text.is_empty() || !in_text {
                    problems.push(format!("{id}: {:?} is not in the text", e.text));
                }
            }
        }
        // 31 cases when they moved out of entity.rs and names.rs.
        problems.finish(CASES, 31);
    }

    #[test]
    fn headline_runs_are_no_people() {
        // Two related-story headlines of a HuffPost page, then its text.
        let body = "Bernie Sanders Pins The Rise Of ISIS On Climate Change\n\nDonald Trump Ties Hillary Clinton With Michael Bloomberg\n\nSanders said the senator was wrong. Trump agreed.";
        let entities = extract(body);
        let people: Vec<&str> = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.canonical.as_str())
            .collect();
        assert!(
            people.iter().all(|p| !is_headline_run(p)),
            "headline runs typed people: {people:?}"
        );
        assert!(is_headline_run("Bernie Sanders Pins The Rise Of ISIS On"));
        assert!(!is_headline_run("Vincent van Gogh"));
        assert!(!is_headline_run("Martin Luther King Jr."));
    }

    #[test]
    fn an_untagged_given_name_joins_the_surname_after_it() {
        use crate::extract::Span;
        let body = "Homeland Security Secretary Jeh Johnson says hackers are at work. But Johnson said more. It was Mr. Johnson who spoke, said Johnson. Then came Senators Rubio and other senators.";
        let span_of = |text: &str, from: usize| {
            let start = from + body[from..].find(text).expect("in body");
            Span::new(start, start + text.len())
        };
        let mut tagged = vec![
            (
                span_of("Homeland Security Secretary", 0),
                EntityKind::Organization,
            ),
            (span_of("Johnson", 0), EntityKind::Person),
            (span_of("Johnson", 60), EntityKind::Person),
            (span_of("Johnson", 90), EntityKind::Person),
            (span_of("Johnson", 115), EntityKind::Person),
            (span_of("Rubio", 0), EntityKind::Person),
        ];
        untagged_given_names(body, &mut tagged);
        let names: Vec<&str> = tagged.iter().map(|(s, _)| &body[s.start..s.end]).collect();
        // "But" opens a sentence, "Mr." is a title, "said" is lower case, "senators" a word
        // the article uses in lower case: none is a name.
        assert_eq!(
            names,
            [
                "Homeland Security Secretary",
                "Jeh Johnson",
                "Johnson",
                "Johnson",
                "Johnson",
                "Rubio"
            ]
        );
    }

    #[test]
    fn surnames_of_people_named_in_full_are_people() {
        // The tagger types a lone "Cuban" as a nationality (a PolNeAR train article), after
        // "Mark Cuban"; "Washington" stays a place, having no person to belong to.
        let body = "Mark Cuban spoke. Cuban also said Washington had to act.";
        let span = |word: &str| {
            let start = body.rfind(word).unwrap();
            crate::extract::Span::new(start, start + word.len())
        };
        let mut tagged = vec![
            (crate::extract::Span::new(0, 10), EntityKind::Person),
            (span("Cuban"), EntityKind::Misc),
            (span("Washington"), EntityKind::Location),
        ];
        surnames_are_people(body, &mut tagged);
        let kinds: Vec<EntityKind> = tagged.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            [EntityKind::Person, EntityKind::Person, EntityKind::Location]
        );
    }

    #[test]
    fn model_loads() {
        assert!(tagger::model_loaded());
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

    /// Speed of `extract` alone over the first 3,000 AllSides articles; run with
    /// `cargo test --release -- --ignored extract_speed --nocapture`.
    #[test]
    #[ignore = "needs /work/shared/data/news; a benchmark"]
    fn extract_speed() {
        use std::io::{BufRead, BufReader};
        let path = "/work/shared/data/news/allsides-2012-2020.jsonl.gz";
        let Ok(file) = std::fs::File::open(path) else {
            return;
        };
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        let bodies: Vec<String> = reader
            .lines()
            .take(3000)
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
                v["body"].as_str().unwrap_or("").to_string()
            })
            .collect();
        let words: usize = bodies.iter().map(|b| b.split_whitespace().count()).sum();
        let tokens: usize = bodies
            .iter()
            .map(|b| crate::text::token::tokenize(b).len())
            .sum();
        extract("warm up the model");
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let n: usize = bodies.iter().map(|b| extract(b).len()).sum();
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{n} entities; {:.0} words/s, {:.0} tokens/s ({words} words, {tokens} tokens, {secs:.2} s)",
                words as f64 / secs,
                tokens as f64 / secs
            );
        }
    }
}
