//! The real binary on real files: indexing, searching, extraction, errors and exit codes.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{hit_texts, TestEnv};
use serde_json::Value;

const SEED: &str = "corpus/seed/kremlin-ceasefire.txt";
const CLEAN: &str = "tests/fixtures/clean";
const BROKEN: &str = "tests/fixtures/broken";

fn facet(results: &Value, name: &str) -> Vec<(String, u64)> {
    results["facets"][name]
        .as_array()
        .unwrap_or_else(|| panic!("facet {name} missing in {results}"))
        .iter()
        .map(|row| {
            (
                row["value"].as_str().unwrap().to_string(),
                row["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn stats(env: &TestEnv) -> Value {
    serde_json::from_str(&env.run_ok(&["stats", "--format", "json"], 0)).unwrap()
}

#[test]
fn seed_speaker_filter_finds_the_kremlin_studying_the_outcome() {
    let env = TestEnv::with(&[SEED]);
    env.index();
    let results = env.search_json(&["ceasefire", "--speaker", "Dmitri S. Peskov"]);
    let texts = hit_texts(&results);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("The Kremlin is \"carefully studying\" the outcome")),
        "{texts:#?}"
    );
    for hit in results["hits"].as_array().unwrap() {
        let speakers: Vec<&str> = hit["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(speakers.contains(&"Dmitri S. Peskov"), "{hit}");
    }
}

#[test]
fn seed_entity_filter_finds_passages_that_only_say_mr_putin() {
    let env = TestEnv::with(&[SEED]);
    env.index();
    let results = env.search_json(&["", "--entity", "Vladimir V. Putin", "--limit", "100"]);
    let texts = hit_texts(&results);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Over the past month, Mr. Putin has witnessed")),
        "{texts:#?}"
    );
    assert!(texts
        .iter()
        .any(|t| t.contains("Mr. Putin") && !t.contains("Vladimir")));
}

#[test]
fn facet_counts_equal_the_counts_of_all_hits() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    let results = env.search_json(&[
        "", "--facet", "source", "--facet", "speaker", "--limit", "1",
    ]);
    assert_eq!(results["total"], 8);
    assert_eq!(results["hits"].as_array().unwrap().len(), 1);
    assert_eq!(
        facet(&results, "source"),
        [("Wire Desk".to_string(), 7), ("Market News".to_string(), 1)]
    );

    // The same counts, by hand, from every hit listed one a line.
    let lines = env.run_ok(&["search", "", "--limit", "100", "--format", "jsonl"], 0);
    let mut by_hand: BTreeMap<String, u64> = BTreeMap::new();
    for line in lines.lines() {
        let hit: Value = serde_json::from_str(line).unwrap();
        for speaker in hit["speakers"].as_array().unwrap() {
            *by_hand
                .entry(speaker.as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let mut counted = facet(&results, "speaker");
    counted.sort();
    assert_eq!(counted, by_hand.into_iter().collect::<Vec<_>>());
}

#[test]
fn json_output_has_the_documented_schema() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    let results = env.search_json(&["ceasefire", "--facet", "date"]);
    let keys: Vec<&str> = results
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["facets", "hits", "limit", "offset", "query", "sort", "total"]
    );
    assert_eq!(results["query"], "ceasefire");
    assert_eq!(results["sort"], "relevance");
    let hit = &results["hits"][0];
    let mut hit_keys: Vec<&str> = hit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    hit_keys.sort();
    assert_eq!(
        hit_keys,
        [
            "article_id",
            "copies",
            "date",
            "dates",
            "entities",
            "group",
            "passage",
            "path",
            "rank",
            "score",
            "snippet",
            "source",
            "speakers",
            "text",
            "title",
            "url"
        ]
    );
    assert_eq!(hit["rank"], 1);
    assert!(hit["snippet"]["highlights"].as_array().is_some());
    assert_eq!(
        facet(&results, "date"),
        [("2025-03".to_string(), results["total"].as_u64().unwrap())]
    );
}

#[test]
fn broken_files_are_reported_and_everything_else_is_indexed() {
    let env = TestEnv::with(&[BROKEN, "tests/fixtures/clean/wire.jsonl"]);
    let output = env.run(&["index", "corpus"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for expected in [
        "broken/corrupt.json:1: not valid JSON",
        "broken/binary.txt: not valid UTF-8",
        "broken/empty.txt: empty body",
        "broken/mixed.jsonl:2: not valid UTF-8",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(stdout.contains("indexed 4 articles"), "{stdout}");
    assert!(stdout.contains("skipped 4"), "{stdout}");
    let stats = stats(&env);
    assert_eq!(stats["articles"], 4);
    let found = env.search_json(&["ceasefire"]);
    let mut ids: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["good-1", "good-2", "wire-1"]);
}

#[test]
fn strict_stops_at_the_first_bad_file() {
    let env = TestEnv::with(&[BROKEN]);
    let output = env.run(&["index", "corpus", "--strict"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("newsdex: error: corpus/broken/binary.txt: not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn indexing_twice_changes_nothing() {
    let env = TestEnv::with(&[CLEAN, SEED]);
    env.index();
    let first = stats(&env);
    env.index();
    let second = stats(&env);
    assert_eq!(first["passages"], second["passages"]);
    assert_eq!(first["articles"], 4 + 1);
    assert_eq!(first["articles"], second["articles"]);
}

#[test]
fn exit_codes_follow_grep() {
    let env = TestEnv::with(&[CLEAN]);
    let missing = env.run(&["search", "ceasefire"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "newsdex: error: no index at newsdex-index: run newsdex index CORPUS first\n"
    );
    env.index();
    env.run_ok(&["search", "ceasefire"], 0);
    env.run_ok(&["search", "zeppelin"], 1);
    let bad = env.run(&["search", "\"ceasefire talks"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "newsdex: error: bad query at column 1: the quote is never closed\n"
    );
    let bad_limit = env.run(&["search", "nato", "--limit", "100000000"]);
    assert_eq!(bad_limit.status.code(), Some(2));
}

#[test]
fn text_output_marks_matches_when_piped() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    let out = env.run_ok(&["search", "Yermak", "--source", "wire desk"], 0);
    assert!(
        out.starts_with("1 matching passage; showing 1-1\n"),
        "{out}"
    );
    assert!(out.contains("Andriy **Yermak**, the head"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour codes in a pipe");
}

#[test]
fn batch_queries_write_one_json_line_each() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    std::fs::write(
        env.path().join("queries.txt"),
        "ceasefire\n\nzeppelin\n\"unclosed\n",
    )
    .unwrap();
    let output = env.run(&["search", "--batch", "queries.txt"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad query in the batch is an error"
    );
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "ceasefire");
    assert!(lines[0]["total"].as_u64().unwrap() > 0);
    assert_eq!(lines[1]["query"], "zeppelin");
    assert_eq!(lines[1]["total"], 0);
    assert_eq!(lines[2]["query"], "\"unclosed");
    assert_eq!(
        lines[2]["error"],
        "bad query at column 1: the quote is never closed"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::with(&["corpus"]);
    env.index();
    let mut child = env
        .command(&["search", "", "--limit", "10000", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn the_bundled_corpus_indexes_cleanly() {
    let env = TestEnv::with(&["corpus"]);
    let output = env.run(&["index", "corpus"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "no warnings on the bundled corpus"
    );
    let stats = stats(&env);
    assert_eq!(stats["articles"], 241);
    assert!(stats["passages"].as_u64().unwrap() > 241 * 3);
    assert_eq!(stats["first_date"], "1987-02-26");
    assert_eq!(stats["last_date"], "2025-03-12");
}

#[test]
fn extract_follows_the_contract() {
    let env = TestEnv::with(&["tests/fixtures/clean/array.json"]);
    let out = env.run_ok(&["extract", "corpus"], 0);
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record["id"], "json-1");
    assert_eq!(record["date"], "2025-03-12");
    let body: Vec<char> =
        "Dmitri S. Peskov, the Kremlin spokesman, said Moscow was studying the proposal.\n\nHe said Russia would wait for details from Washington."
            .chars()
            .collect();
    let slice = |row: &Value| -> String {
        let (start, end) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        body[start..end].iter().collect()
    };
    let passages: Vec<String> = record["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(slice)
        .collect();
    assert_eq!(
        passages,
        [
            "Dmitri S. Peskov, the Kremlin spokesman, said Moscow was studying the proposal.",
            "He said Russia would wait for details from Washington."
        ]
    );
    for key in ["entities", "quotes", "dates"] {
        for row in record[key].as_array().unwrap() {
            assert_eq!(
                slice(row),
                row["text"].as_str().unwrap(),
                "{key} offsets are characters"
            );
        }
    }
    let speakers: Vec<&Value> = record["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["speakers"])
        .collect();
    assert_eq!(
        speakers,
        [
            &serde_json::json!(["Dmitri S. Peskov"]),
            &serde_json::json!(["Dmitri S. Peskov"])
        ]
    );
}

#[test]
fn extract_explain_names_the_sieve_of_each_quote() {
    let env = TestEnv::with(&["tests/fixtures/clean/array.json"]);
    let quotes = |out: &str| -> Vec<Value> {
        let record: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        record["quotes"].as_array().unwrap().clone()
    };
    let explained = quotes(&env.run_ok(&["extract", "--explain", "corpus"], 0));
    let rows: Vec<(&str, &str, &str)> = explained
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap(),
                q["speaker"].as_str().unwrap(),
                q["sieve"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Moscow was studying the proposal",
                "Dmitri S. Peskov",
                "reported-clause"
            ),
            (
                "Russia would wait for details from Washington",
                "Dmitri S. Peskov",
                "reported-clause"
            ),
        ]
    );
    // Without the flag the rows are the contract's, with no sieve.
    let plain = quotes(&env.run_ok(&["extract", "corpus"], 0));
    assert_eq!(plain.len(), explained.len());
    assert!(plain.iter().all(|q| q.get("sieve").is_none()));
}

#[test]
fn one_person_is_one_facet_row_across_articles() {
    // One article names "Vladimir Putin", the other only "Putin": across the corpus they are one
    // person, counted once, found by either name.
    let env = TestEnv::with(&["tests/fixtures/names"]);
    env.index();
    let results = env.search_json(&["", "--facet", "speaker"]);
    assert_eq!(
        facet(&results, "speaker"),
        [("Vladimir Putin".to_string(), 3)]
    );
    for name in ["Vladimir Putin", "Putin"] {
        let found = env.search_json(&["", "--speaker", name]);
        assert_eq!(found["total"], 3, "--speaker {name}");
        for hit in found["hits"].as_array().unwrap() {
            assert_eq!(
                hit["speakers"],
                serde_json::json!(["Vladimir Putin"]),
                "{hit}"
            );
        }
    }
}

/// Issue 17, finding 1: ~9,000 `(` overflowed the stack (status 134), and in a batch one such
/// line aborted the batch and lost the answers before it.
#[test]
fn deep_nesting_is_a_query_error_on_the_command_line_and_in_a_batch() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    let deep = format!("{}ceasefire{}", "(".repeat(9_000), ")".repeat(9_000));
    let output = env.run(&["search", &deep]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "newsdex: error: bad query at column 33: parentheses nested deeper than 32 levels\n"
    );
    let nots = format!("{}ceasefire", "NOT ".repeat(5_000));
    std::fs::write(
        env.path().join("queries.txt"),
        format!("ceasefire\n{deep}\n{nots}\ntalks\n"),
    )
    .unwrap();
    let output = env.run(&["search", "--batch", "queries.txt"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a failed query fails the batch"
    );
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["total"].as_u64().unwrap() > 0, "{}", lines[0]);
    assert_eq!(
        lines[1]["error"],
        "bad query at column 33: parentheses nested deeper than 32 levels"
    );
    assert_eq!(lines[1]["query"], deep);
    assert_eq!(
        lines[2]["error"],
        "bad query at column 129: NOT nested deeper than 32 levels"
    );
    assert!(lines[3]["total"].as_u64().unwrap() > 0, "{}", lines[3]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("queries.txt:2: bad query at column 33"),
        "{stderr}"
    );
}

/// Issue 17, finding 2: `--facet-limit 1000000000` and friends asked for gigabytes up front and
/// aborted (134), 2^59 panicked (101). Every count is checked before the index is opened, with
/// the same words as the server, and exits 2 as any usage error does.
#[test]
fn huge_counts_are_usage_errors_not_crashes() {
    let env = TestEnv::with(&[CLEAN]);
    env.index();
    std::fs::write(env.path().join("queries.txt"), "ceasefire\ntalks\n").unwrap();
    let big = "1000000000";
    let two_59 = "576460752303423488";
    let cases: [(&[&str], &str); 9] = [
        (
            &[
                "search",
                "talks",
                "--facet",
                "speaker",
                "--facet-limit",
                big,
            ],
            "--facet-limit must be between 1 and 10000, not 1000000000",
        ),
        (
            &[
                "search",
                "talks",
                "--facet",
                "speaker",
                "--facet-limit",
                two_59,
            ],
            "--facet-limit must be between 1 and 10000, not 576460752303423488",
        ),
        (
            &[
                "search",
                "--batch",
                "queries.txt",
                "--facet",
                "entity",
                "--facet-limit",
                big,
            ],
            "--facet-limit must be between 1 and 10000, not 1000000000",
        ),
        (
            &["search", "talks", "-n", big],
            "--limit must be between 1 and 10000, not 1000000000",
        ),
        (
            &["search", "talks", "--offset", two_59],
            "--offset must be between 0 and 100000, not 576460752303423488",
        ),
        (
            &["speakers", "talks", "-n", big],
            "--limit must be between 1 and 1000, not 1000000000",
        ),
        (
            &["entities", "talks", "--with", big],
            "--with must be between 0 and 1000, not 1000000000",
        ),
        (
            &["stats", "--top", big],
            "--top must be between 1 and 1000, not 1000000000",
        ),
        (
            &["stats", "--top", "0"],
            "--top must be between 1 and 1000, not 0",
        ),
    ];
    for (args, message) in cases {
        let output = env.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!("newsdex: error: {message}\n"),
            "{args:?}"
        );
        assert!(output.stdout.is_empty(), "{args:?}: nothing was searched");
    }
    // Past a machine word, clap refuses the number itself, with the same status.
    let output = env.run(&["stats", "--top", "99999999999999999999999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--top"));
    // The maximums themselves are fine.
    env.run_ok(
        &[
            "search",
            "talks",
            "--facet",
            "speaker",
            "--facet-limit",
            "10000",
            "-n",
            "10000",
        ],
        0,
    );
    env.run_ok(&["stats", "--top", "1000"], 0);
    env.run_ok(&["entities", "talks", "-n", "1000", "--with", "1000"], 0);
}

/// Issue 17, finding 8: a title, source, id, URL, passage or name holding escape sequences was
/// printed raw, so a corpus could retitle the terminal or plant hyperlinks, even with
/// `--color never`. Text and CSV are cleaned; JSON keeps the exact text (escaped by serde).
#[test]
fn escape_sequences_from_the_corpus_never_reach_the_terminal() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path().join("corpus")).unwrap();
    let article = serde_json::json!({
        "id": "evil-\u{1b}]0;pwned\u{7}one",
        "title": "Oil \u{1b}]0;pwned\u{7}prices \u{1b}]8;;https://evil.example/\u{1b}\\rise\u{1b}]8;;\u{1b}\\",
        "source": "Wire\u{1b}[2J Desk",
        "url": "https://example.org/\u{1b}]8;;x\u{7}oil",
        "published": "2025-03-13",
        "body": "Oil prices rose on Monday, traders said. \"Supply is \u{1b}]0;x\u{7}tight,\" said Maria \u{1b}[31mLopez\u{1b}[0m, an analyst at Example Bank.",
    });
    std::fs::write(env.path().join("corpus/evil.jsonl"), format!("{article}\n")).unwrap();
    env.index();
    let hostile = |text: &str| text.contains("]0;") || text.contains("]8;") || text.contains("[2J");
    for color in ["never", "always"] {
        let out = env.run_ok(
            &[
                "search", "oil", "--color", color, "--facet", "source", "--facet", "entity",
            ],
            0,
        );
        assert!(out.contains("Oil prices rise"), "{out}");
        assert!(out.contains("Wire Desk"), "{out}");
        assert!(out.contains("evil-one"), "{out}");
        assert!(!hostile(&out), "{out:?}");
        assert!(!out.contains('\u{7}'), "{out:?}");
        if color == "never" {
            assert!(!out.contains('\u{1b}'), "{out:?}");
        }
    }
    for args in [
        &["stats"][..],
        &["entities", "oil", "--format", "csv"],
        &["entities", "oil"],
        &["timeline", "oil"],
    ] {
        let out = env.run_ok(args, 0);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
    }
    let json = env.search_json(&["oil"]);
    assert_eq!(json["hits"][0]["title"], article["title"]);
    assert_eq!(json["hits"][0]["source"], article["source"]);
    assert_eq!(json["hits"][0]["article_id"], article["id"]);
}

#[test]
fn repeated_warnings_are_capped_per_reason_and_counted_in_full() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path().join("corpus")).unwrap();
    let mut lines = vec![
        r#"{"id": "kept", "title": "Talks", "body": "Kremlin spokesman Dmitry Peskov said on Tuesday that the talks would go on."}"#.to_string(),
    ];
    lines.extend(std::iter::repeat_n("{}".to_string(), 50_000));
    lines.extend(std::iter::repeat_n(
        r#"{"id": "e", "body": ""}"#.to_string(),
        3,
    ));
    std::fs::write(
        env.path().join("corpus/dump.jsonl"),
        lines.join("\n") + "\n",
    )
    .unwrap();
    for command in [&["index", "corpus"][..], &["extract", "corpus"][..]] {
        let output = env.run(command);
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let warnings: Vec<&str> = stderr.lines().collect();
        // 20 of the first reason, all 3 of the second, one line for the rest.
        assert_eq!(warnings.len(), 24, "{command:?}: {stderr}");
        assert_eq!(
            warnings
                .iter()
                .filter(|l| l.contains("not an article"))
                .count(),
            21,
            "{stderr}"
        );
        assert_eq!(
            warnings
                .iter()
                .filter(|l| l.contains(": empty body"))
                .count(),
            3
        );
        assert!(
            stderr.contains("newsdex: warning: 49980 more 'not an article' problems not shown (the first 20 were)"),
            "{stderr}"
        );
        if command[0] == "index" {
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                stdout.contains("skipped 50003 (empty body: 3, not an article: 50000)"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn dates_no_index_can_hold_are_warnings_in_extract_and_index_alike() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path().join("corpus")).unwrap();
    let body = "Kremlin spokesman Dmitry Peskov said on Tuesday that the talks would go on.";
    let lines: Vec<String> = [
        ("far", serde_json::json!(12345678901234u64)),
        ("zero", serde_json::json!("0000-01-01")),
        ("end", serde_json::json!("9999-12-31T23:59:59-14:00")),
        ("fine", serde_json::json!("2025-03-12")),
    ]
    .iter()
    .map(|(id, date)| {
        serde_json::json!({"id": id, "title": id, "body": body, "date": date}).to_string()
    })
    .collect();
    std::fs::write(
        env.path().join("corpus/dates.jsonl"),
        lines.join("\n") + "\n",
    )
    .unwrap();
    let expected: Vec<String> = [
        (1, "12345678901234"),
        (2, "0000-01-01"),
        (3, "9999-12-31T23:59:59-14:00"),
    ]
    .iter()
    .map(|(line, date)| {
        format!(
            "newsdex: warning: corpus/dates.jsonl:{line}: date \"{date}\" is outside the dates \
                 newsdex can store (1684-10-19 to 2255-03-14); indexed without a date"
        )
    })
    .collect();
    for command in [&["extract", "corpus"][..], &["index", "corpus"][..]] {
        let output = env.run(command);
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().collect::<Vec<_>>(), expected, "{command:?}");
        if command[0] == "extract" {
            let dates: Vec<Value> = String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap()["date"].clone())
                .collect();
            assert_eq!(
                dates,
                [
                    Value::Null,
                    Value::Null,
                    Value::Null,
                    Value::from("2025-03-12")
                ]
            );
        }
    }
    // Indexed, all four; only the storable date is searchable as one.
    let dated = env.search_json(&["talks", "--since", "2025-01-01"]);
    assert_eq!(dated["total"], 1, "{dated}");
    assert_eq!(env.search_json(&["talks"])["total"], 4);
}
