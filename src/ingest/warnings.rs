//! How many warnings of one kind are worth printing: a corpus with a million empty records
//! must not print a million lines (35 million `{}` lines in a 105 KB gzip printed 3.9 GB).

use std::collections::BTreeMap;

use super::Problem;

/// Warnings printed of each reason before the rest are only counted.
pub const SHOWN_PER_REASON: usize = 20;

/// Counts problems by reason and says which are still to be printed.
#[derive(Debug, Default)]
pub struct WarningCap {
    seen: BTreeMap<&'static str, usize>,
}

impl WarningCap {
    /// Count `problem`; whether it is among the first [`SHOWN_PER_REASON`] of its reason.
    pub fn show(&mut self, problem: &Problem) -> bool {
        let seen = self.seen.entry(problem.kind.reason()).or_default();
        *seen += 1;
        *seen <= SHOWN_PER_REASON
    }

    /// One line per reason that had problems not printed, for the end of the run.
    pub fn not_shown(&self) -> Vec<String> {
        self.seen
            .iter()
            .filter(|(_, &n)| n > SHOWN_PER_REASON)
            .map(|(reason, n)| {
                format!(
                    "{} more '{reason}' problems not shown (the first {SHOWN_PER_REASON} were)",
                    n - SHOWN_PER_REASON
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ProblemKind;

    #[test]
    fn each_reason_shows_its_first_twenty_and_counts_the_rest() {
        let mut cap = WarningCap::default();
        let empty = Problem::new(
            std::path::Path::new("a.jsonl"),
            Some(1),
            ProblemKind::EmptyBody,
        );
        let bad = Problem::new(
            std::path::Path::new("a.jsonl"),
            Some(2),
            ProblemKind::InvalidUtf8,
        );
        let shown_empty = (0..25).filter(|_| cap.show(&empty)).count();
        let shown_bad = (0..3).filter(|_| cap.show(&bad)).count();
        assert_eq!((shown_empty, shown_bad), (20, 3));
        assert_eq!(
            cap.not_shown(),
            ["5 more 'empty body' problems not shown (the first 20 were)"]
        );
    }
}
