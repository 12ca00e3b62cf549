//! Test cases kept as data: the runners of `entity`, `dates` and `speaker` read
//! `tests/cases/*.jsonl` through here.
//!
//! A case file holds one JSON object a line, each with a unique slug `id` (what a failure
//! names), a `group` (the test the case came from), a `status` and what the extractor should
//! give. A runner checks every case and fails once at the end, listing each failing `ok` case
//! with what it expected and what it got, so that one wrong case hides no other. A `known_gap`
//! case is run and reported, still failing or newly passing (so that it can be promoted to
//! `ok`), and never fails the run. The well-formedness half rejects duplicate or malformed ids,
//! unknown statuses, empty groups and empty texts; a runner adds the checks of its own
//! fields (the speaker runner: that every sieve a case names exists).

use std::collections::HashSet;

use serde::de::DeserializeOwned;

/// The statuses a case may have: `ok` must pass, `known_gap` is reported but may fail.
pub(crate) const STATUSES: [&str; 2] = ["ok", "known_gap"];

/// The cases of one file, one JSON object a line; a line that does not parse fails with the
/// file name and the line number. Blank lines are skipped.
pub(crate) fn parse<T: DeserializeOwned>(file: &str, jsonl: &str) -> Vec<T> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{file} line {}: {e}", i + 1))
        })
        .collect()
}

/// One run over a case file: record every case, then `finish`.
pub(crate) struct Run {
    file: &'static str,
    checked: usize,
    failures: Vec<String>,
    gaps_open: Vec<String>,
    gaps_passing: Vec<String>,
}

impl Run {
    pub(crate) fn new(file: &'static str) -> Run {
        Run {
            file,
            checked: 0,
            failures: Vec::new(),
            gaps_open: Vec::new(),
            gaps_passing: Vec::new(),
        }
    }

    /// The outcome of one case; `report` (built only when it is needed) says what was
    /// expected and what came out.
    pub(crate) fn record(
        &mut self,
        id: &str,
        status: &str,
        passed: bool,
        report: impl FnOnce() -> String,
    ) {
        self.checked += 1;
        match (status == "known_gap", passed) {
            (false, true) => {}
            (false, false) => self.failures.push(format!("{id}: {}", report())),
            (true, true) => self.gaps_passing.push(id.to_string()),
            (true, false) => self.gaps_open.push(format!("{id}: {}", report())),
        }
    }

    /// Prints the known gaps (still failing, and newly passing), then fails if any `ok` case
    /// failed, naming each.
    pub(crate) fn finish(self) {
        println!(
            "{}: {} checked, {} failing, {} known gaps ({} now pass)",
            self.file,
            self.checked,
            self.failures.len(),
            self.gaps_open.len() + self.gaps_passing.len(),
            self.gaps_passing.len()
        );
        for gap in &self.gaps_open {
            println!("known gap, still failing: {gap}");
        }
        if !self.gaps_passing.is_empty() {
            println!(
                "known gaps that now pass (promote to \"ok\"): {}",
                self.gaps_passing.join(", ")
            );
        }
        assert!(self.checked > 0, "{} holds no cases", self.file);
        assert!(
            self.failures.is_empty(),
            "{} of {} cases of {} failed:\n\n{}\n\nknown gaps that now pass: {:?}",
            self.failures.len(),
            self.checked,
            self.file,
            self.failures.join("\n\n"),
            self.gaps_passing
        );
    }
}

/// What is wrong with the cases of one file, collected so that all are named at once.
#[derive(Default)]
pub(crate) struct Problems {
    cases: usize,
    seen: HashSet<String>,
    list: Vec<String>,
}

impl Problems {
    /// The checks every case file shares: a unique lower-case slug for an id, a known status,
    /// a group, and (where the case has one) a non-empty text.
    pub(crate) fn check_case(&mut self, id: &str, status: &str, group: &str, text: Option<&str>) {
        self.cases += 1;
        let slug = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !slug {
            self.push(format!("id {id:?} is not a lower-case slug"));
        }
        if !self.seen.insert(id.to_string()) {
            self.push(format!("duplicate id {id:?}"));
        }
        if !STATUSES.contains(&status) {
            self.push(format!(
                "{id}: unknown status {status:?} (one of {STATUSES:?})"
            ));
        }
        if group.is_empty() {
            self.push(format!("{id}: no group"));
        }
        if text.is_some_and(|t| t.trim().is_empty()) {
            self.push(format!("{id}: empty text"));
        }
    }

    pub(crate) fn push(&mut self, problem: String) {
        self.list.push(problem);
    }

    /// Fails naming every problem; `min_cases` guards against a file that lost its lines. The
    /// problems come first, so that a duplicated id is named, not counted as a lost line.
    pub(crate) fn finish(self, file: &str, min_cases: usize) {
        assert!(self.list.is_empty(), "{file}:\n{}", self.list.join("\n"));
        assert!(
            self.cases >= min_cases,
            "{file} holds {} cases, fewer than the {min_cases} it had when the cases became data",
            self.cases
        );
    }
}

mod tests {
    use super::*;

    #[test]
    fn problems_name_bad_ids_statuses_and_texts() {
        let mut problems = Problems::default();
        problems.check_case("fine-id-2", "ok", "g", Some("text"));
        problems.check_case("fine-id-2", "ok", "g", Some("text"));
        problems.check_case("Not_A_Slug", "ok", "g", None);
        problems.check_case("gap", "maybe", "g", Some(" "));
        problems.check_case("no-group", "known_gap", "", None);
        assert_eq!(
            problems.list,
            [
                "duplicate id \"fine-id-2\"",
                "id \"Not_A_Slug\" is not a lower-case slug",
                "gap: unknown status \"maybe\" (one of [\"ok\", \"known_gap\"])",
                "gap: empty text",
                "no-group: no group",
            ]
        );
    }

    #[test]
    #[should_panic(expected = "duplicate id \"twice\"")]
    fn a_duplicated_id_is_named_not_counted_as_a_lost_line() {
        let mut problems = Problems::default();
        problems.check_case("twice", "ok", "g", Some("text"));
        problems.check_case("twice", "ok", "g", Some("text"));
        problems.finish("x.jsonl", 2);
    }

    #[test]
    #[should_panic(expected = "1 of 3 cases of x.jsonl failed")]
    fn a_failing_ok_case_fails_the_run_and_a_gap_does_not() {
        let mut run = Run::new("x.jsonl");
        run.record("passes", "ok", true, || unreachable!());
        run.record("open-gap", "known_gap", false, || "still a gap".into());
        run.record("broken", "ok", false, || "expected 1, got 2".into());
        run.finish();
    }
}
