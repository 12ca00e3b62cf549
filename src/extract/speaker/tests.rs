use super::*;
use crate::choice::Choice;
use crate::extract::{cases, entity};

/// (quote text, speaker, sieve) for every quote, entities found by the rule-based recogniser.
fn explained(body: &str) -> Vec<(String, Option<String>, Sieve)> {
    let entities = entity::extract(body);
    extract(body, &entities)
        .into_iter()
        .map(|q| {
            (
                body[q.span.start..q.span.end].to_string(),
                q.speaker,
                q.sieve,
            )
        })
        .collect()
}

/// Paragraphs of /work/shared/data/seed-article.txt (published 2025-03-12).
const SEED: &str = "A temporary truce in the conflict between Russia and Ukraine was vehemently opposed by Russian President Vladimir V. Putin as late as January.\n\
The Kremlin is \"carefully studying\" the outcome of Tuesday's negotiations between the United States and Ukraine, according to Dmitri S. Peskov, Mr. Putin's spokesman. The two sides have called for a monthlong ceasefire.\n\
He anticipated that Russia would be apprised of \"the details of the negotiations that took place and the understandings that were reached\" in the next days by the US, he said. He suggested that Mr. Putin and Mr. Trump could speak over the phone again, indicating that the Russian government viewed the request for a ceasefire as a smaller component of a larger diplomatic frenzy.\n\
Over the past month, Mr. Putin has witnessed a dizzying shift in his geopolitical fortunes as Mr. Trump has shifted American foreign policy toward Russia, alienated American allies, and scolded Ukraine's president, Volodymyr Zelensky, in the Oval Office.\n\
Despite Trump's claims that he wants the war to end quickly, Putin has shown that he will not back down until he gets huge concessions from both the West and Kyiv, such as a promise that NATO will reduce its presence in Central and Eastern Europe and that Ukraine will not join.\n\
A Moscow-based political analyst named Ilya Grashchenkov has speculated that the Kremlin may be inclined to accept a \"tactically unfavorable but strategically favorable\" truce if only to \"show that it's a peacemaker.\"\n\
The Trump administration has maintained its interaction with the Kremlin, even though Russians were not present during Tuesday's discussions in Jeddah, Saudi Arabia. On Tuesday, C.I.A. director John Ratcliffe met with Sergei Naryshkin, according to Russian news sources published on Wednesday.\n\
An anonymous source and an individual acquainted with the subject both stated that Mr. Steve Witkoff, who was Mr. Trump's envoy and who met with Mr. Putin for several hours last month, intends to visit Russia soon. Mr. Trump expressed his desire for a permanent ceasefire being established in the coming days and told reporters on Tuesday afternoon that he anticipated he would speak with Mr. Putin this week.\n\
Russia expert Samuel Charap of the RAND Corporation remarked, \"It certainly is not impossible that the Russians would accept this\" about the 30-day offer. They no longer seek an unconditional, short-term truce; rather, they have a vested interest in how they are perceived by Washington.\n\
Speaking English, Mr. Lavrov lauded the Trump administration for turning around the Democrats' \"departure from Christian values\" and stated that Russia was prepared to engage in \"normal relations\" with the US.\n\
Despite Mr. Zelensky's claims that he intended to utilize the area in future negotiations as leverage, the Kremlin clarified that it would not engage in talks if Ukraine maintained control of the territory.\n";

#[test]
fn seed_article() {
    let entities = entity::extract(SEED);
    let got: Vec<_> = extract(SEED, &entities)
        .into_iter()
        .map(|q| {
            let mention = q.speaker_span.map(|s| &SEED[s.start..s.end]);
            (&SEED[q.span.start..q.span.end], q.speaker, mention)
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            ("The Kremlin is \"carefully studying\" the outcome of Tuesday's negotiations between the United States and Ukraine", s("Dmitri S. Peskov"), Some("Dmitri S. Peskov")),
            // A clause that says as much again around its quote is the row.
            ("He anticipated that Russia would be apprised of \"the details of the negotiations that took place and the understandings that were reached\" in the next days by the US", s("Dmitri S. Peskov"), Some("he")),
            ("Mr. Putin and Mr. Trump could speak over the phone again, indicating that the Russian government viewed the request for a ceasefire as a smaller component of a larger diplomatic frenzy", s("Dmitri S. Peskov"), Some("He")),
            ("he wants the war to end quickly", s("Trump"), Some("Trump")),
            // A stance the learned cue model finds ("Putin has shown that …").
            ("he will not back down until he gets huge concessions from both the West and Kyiv, such as a promise that NATO will reduce its presence in Central and Eastern Europe and that Ukraine will not join", s("Vladimir V. Putin"), Some("Putin")),
            ("the Kremlin may be inclined to accept a \"tactically unfavorable but strategically favorable\" truce if only to \"show that it's a peacemaker.\"", s("Ilya Grashchenkov"), Some("Ilya Grashchenkov")),
            // Unnamed source: "according to Russian news sources".
            ("On Tuesday, C.I.A. director John Ratcliffe met with Sergei Naryshkin", None, None),
            ("Mr. Steve Witkoff, who was Mr. Trump's envoy and who met with Mr. Putin for several hours last month, intends to visit Russia soon", None, None),
            ("his desire for a permanent ceasefire being established in the coming days", s("Trump"), Some("Trump")),
            ("he anticipated he would speak with Mr. Putin this week", s("Trump"), Some("Trump")),
            // "… that he would speak …" nested in it is no row of its own.
            ("It certainly is not impossible that the Russians would accept this", s("Samuel Charap"), Some("Samuel Charap")),
            // No full name for Mr. Lavrov in these paragraphs: the surname stays.
            ("departure from Christian values", s("Lavrov"), Some("Lavrov")),
            ("Russia was prepared to engage in \"normal relations\" with the US", s("Lavrov"), Some("Lavrov")),
            ("he intended to utilize the area in future negotiations as leverage", s("Volodymyr Zelensky"), Some("Zelensky")),
        ]
    );
}

/// One line of `tests/cases/attribution.jsonl`: a body and the (quote, speaker) rows
/// expected from it, exactly and in order; no rows at all when `expected` is empty.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributionCase {
    /// A short slug, unique in the file: what a failure names.
    id: String,
    /// The test that held the case before the cases became data.
    group: String,
    text: String,
    expected: Vec<ExpectedQuote>,
    /// `ok`, which must pass, or `known_gap`, which is run and reported but may fail.
    status: String,
    /// Why the case is there (the comment it had in the old table).
    #[serde(default)]
    note: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedQuote {
    quote: String,
    speaker: Option<String>,
    /// The sieve that must decide the row, where the case is there for one (by its
    /// `--explain` name).
    #[serde(default)]
    sieve: Option<String>,
}

impl ExpectedQuote {
    fn matches(&self, (quote, speaker, sieve): &(String, Option<String>, Sieve)) -> bool {
        self.quote == *quote
            && self.speaker == *speaker
            && self
                .sieve
                .as_deref()
                .is_none_or(|name| name == sieve.name())
    }
}

const CASES: &str = "tests/cases/attribution.jsonl";

/// The cases, one JSON object a line; a line that does not parse fails with its number.
fn attribution_cases() -> Vec<AttributionCase> {
    cases::parse(
        CASES,
        include_str!("../../../tests/cases/attribution.jsonl"),
    )
}

/// Every case of `tests/cases/attribution.jsonl` is run, and the test fails once, naming
/// each failing case, so one wrong case hides no other. The groups are the tests the cases
/// came from: `real_paragraphs` (constructions seen in AllSides and PolNeAR articles, in
/// sentences written for the case: no text of those articles is copied here),
/// `shared_subjects` (reported speech whose cue has no subject of its own: a relative
/// pronoun, a participle after a comma, a coordinated verb), `learned_cues` (cue words no
/// list holds, found by `cue_model`; an ordinary verb is no cue) and `attribution_patterns`
/// (the patterns of the brief, on constructed sentences in news style). A `known_gap` case
/// fails nothing; one that passes is listed so that it can be promoted to `ok`.
#[test]
fn attribution_cases_as_data() {
    let mut run = cases::Run::new(CASES);
    for case in attribution_cases() {
        let expected: Vec<(&str, Option<&str>, Option<&str>)> = case
            .expected
            .iter()
            .map(|e| (e.quote.as_str(), e.speaker.as_deref(), e.sieve.as_deref()))
            .collect();
        let found = explained(&case.text);
        let passed = found.len() == case.expected.len()
            && case.expected.iter().zip(&found).all(|(e, f)| e.matches(f));
        let got: Vec<(String, Option<String>, &str)> = found
            .iter()
            .map(|(q, s, sieve)| (q.clone(), s.clone(), sieve.name()))
            .collect();
        run.record(&case.id, &case.status, passed, || {
            format!(
                "({})\n  note:     {}\n  text:     {:?}\n  expected: {expected:?}\n  got:      {got:?}",
                case.group,
                case.note.as_deref().unwrap_or("-"),
                case.text
            )
        });
    }
    run.finish();
}

/// Ids are unique slugs (a failure names one case), statuses known, texts non-empty, and
/// every sieve a case names is one the extractor has.
#[test]
fn attribution_cases_are_well_formed() {
    let mut problems = cases::Problems::default();
    for case in attribution_cases() {
        problems.check_case(&case.id, &case.status, &case.group, Some(&case.text));
        for sieve in case.expected.iter().filter_map(|e| e.sieve.as_deref()) {
            if Sieve::from_name(sieve).is_err() {
                problems.push(format!("{}: no sieve is named {sieve:?}", case.id));
            }
        }
    }
    // 131 cases when they moved out of this file.
    problems.finish(CASES, 131);
}

/// Sieves no case can show yet: each with why.
const SIEVES_WITHOUT_A_CASE: &[(Sieve, &str)] = &[(
    Sieve::ReportedInQuote,
    "fires 5 times in 3,840 news articles; no sentence written for it kept the inner row",
)];

#[test]
fn every_sieve_has_a_case_that_names_it() {
    let cases = attribution_cases();
    let named: std::collections::HashSet<&str> = cases
        .iter()
        .filter(|c| c.status == "ok")
        .flat_map(|c| c.expected.iter().filter_map(|e| e.sieve.as_deref()))
        .collect();
    let missing: Vec<&str> = Sieve::ALL
        .iter()
        .filter(|s| !SIEVES_WITHOUT_A_CASE.iter().any(|(w, _)| w == *s))
        .map(|s| s.name())
        .filter(|name| !named.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "no `ok` case in tests/cases/attribution.jsonl names these sieves: {missing:?}"
    );
    for (sieve, _) in SIEVES_WITHOUT_A_CASE {
        assert!(
            !named.contains(sieve.name()),
            "{} has a case now: take it off SIEVES_WITHOUT_A_CASE",
            sieve.name()
        );
    }
}

#[test]
fn non_ascii_and_odd_input_never_panics() {
    let bodies = [
        "«Мы готовы», — сказал Дмитрий Песков журналистам.",
        "„Wir schaffen das“, sagte Angela Merkel. Ö said: “ünïcödé”",
        "\"",
        "“",
        "”",
        "''",
        "said",
        "according to",
        "\"\n\"\n\"",
        "He said.",
        "—said X",
        "“Unclosed quote across\n“paragraphs that never close, Peskov said",
        "日本語のテキスト “引用” said 田中.",
    ];
    for body in bodies {
        let entities = entity::extract(body);
        for q in extract(body, &entities) {
            assert!(body.is_char_boundary(q.span.start) && body.is_char_boundary(q.span.end));
            assert!(q.span.start <= q.span.end && q.span.end <= body.len());
        }
    }
    // Random mixes of the pieces the rules look at: quotes, dots, titles, cues, non-ASCII.
    let pieces = [
        "\"",
        "“",
        "”",
        "''",
        "'s",
        "’s",
        ".",
        ",",
        ":",
        "\n",
        " ",
        "Mr.",
        "S.",
        "U.S.",
        "said",
        "according to",
        "he",
        "Putin",
        "Dmitri",
        "the",
        "of",
        "Bank",
        "—",
        "―",
        "é",
        "Ж",
        "東京",
        "(R-Ky.)",
        "WALLACE:",
        "said that",
        "PENCE",
        "Sen.",
        "in",
        "-",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        let mut body = String::new();
        for _ in 0..24 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            body.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            if seed & 1 == 0 {
                body.push(' ');
            }
        }
        let entities = entity::extract(&body);
        for q in extract(&body, &entities) {
            assert!(body.get(q.span.start..q.span.end).is_some(), "{body:?}");
        }
    }
    // Entities with spans from elsewhere are ignored, not sliced.
    let bogus = [Entity {
        span: Span::new(1, 400),
        kind: EntityKind::Person,
        canonical: "X".into(),
    }];
    assert!(extract("“é” he said it was fine, he said.", &bogus).len() <= 2);
}

/// Runs entities and speakers over the first AllSides articles: no panic, spans sane.
#[test]
#[ignore = "needs /work/shared/data/news"]
fn allsides_sample_never_panics() {
    use std::io::{BufRead, BufReader};
    let Ok(file) = std::fs::File::open("/work/shared/data/news/allsides-2012-2020.jsonl.gz") else {
        return;
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let (mut docs, mut quotes) = (0, 0);
    for line in reader.lines().take(3000) {
        let Ok(line) = line else { break };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let body = doc["body"].as_str().unwrap_or("");
        let entities = entity::extract(body);
        for q in extract(body, &entities) {
            assert!(body.get(q.span.start..q.span.end).is_some());
            quotes += 1;
        }
        docs += 1;
    }
    println!("{docs} articles, {quotes} quotes");
    assert!(docs == 0 || quotes > docs);
}
