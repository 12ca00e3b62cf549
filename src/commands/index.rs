//! `newsdex index`: find the corpus, run the indexing pipeline (`index::pipeline`) with a
//! progress bar and capped warnings, and print the summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::bail;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::pipeline::{self, Observer};
pub use crate::index::pipeline::{IndexConfig, IndexReport};
use crate::ingest::{self, warnings::WarningCap, Problem};

/// Warnings on standard error (at most so many of a kind) and a progress bar on a terminal.
struct Terminal {
    progress: ProgressBar,
    cap: std::cell::RefCell<WarningCap>,
    quiet: bool,
}

impl Observer for Terminal {
    fn problem(&self, problem: &Problem) {
        if self.cap.borrow_mut().show(problem) && !self.quiet {
            self.progress
                .suspend(|| eprintln!("newsdex: warning: {problem}"));
        }
    }

    fn position(&self, bytes: u64) {
        self.progress.set_position(bytes);
    }

    fn stage(&self, what: &str) {
        self.progress.set_message(what.to_string());
    }
}

pub fn run<W: Write>(config: &IndexConfig, out: &mut W) -> anyhow::Result<IndexReport> {
    let started = Instant::now();
    let discovery = ingest::discover(&config.paths);
    let bytes = discovery.files.iter().map(|f| f.bytes).sum();
    let terminal = Terminal {
        progress: progress_bar(bytes, config.quiet),
        cap: Default::default(),
        quiet: config.quiet,
    };
    let mut found = IndexReport::default();
    for problem in &discovery.problems {
        if config.strict {
            bail!("{problem}");
        }
        terminal.problem(problem);
        found.count(problem);
    }
    if discovery.files.is_empty() {
        return Err(pipeline::IndexError::NoArticleFiles(
            config
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
        .into());
    }
    let mut report = pipeline::run(config, &discovery, &terminal)?;
    for (tally, counted) in [
        (&mut report.skipped, found.skipped),
        (&mut report.warnings, found.warnings),
    ] {
        for (reason, n) in counted {
            *tally.entry(reason).or_default() += n;
        }
    }
    terminal.progress.finish_and_clear();
    if !config.quiet {
        for line in terminal.cap.borrow().not_shown() {
            eprintln!("newsdex: warning: {line}; the summary counts them all");
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    write_summary(out, &report, &config.dir)?;
    Ok(report)
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn write_summary<W: Write>(
    out: &mut W,
    report: &IndexReport,
    dir: &std::path::Path,
) -> std::io::Result<()> {
    let text_mb = report.text_bytes as f64 / 1_000_000.0;
    let rate = if report.seconds > 0.0 {
        text_mb / report.seconds
    } else {
        0.0
    };
    if report.interrupted {
        writeln!(
            out,
            "interrupted: what was indexed is committed; run the same command again to finish"
        )?;
    }
    writeln!(
        out,
        "indexed {} articles ({} passages) from {} of {} files into {}",
        grouped(report.articles),
        grouped(report.passages),
        grouped(report.files_read),
        grouped(report.files),
        dir.display()
    )?;
    writeln!(
        out,
        "{} new, {} changed, {} unchanged, {} deleted; {} near-duplicate articles in {} groups",
        grouped(report.new),
        grouped(report.changed),
        grouped(report.unchanged),
        grouped(report.deleted),
        grouped(report.duplicate_articles),
        grouped(report.duplicate_groups)
    )?;
    let tally = |counts: &BTreeMap<&'static str, usize>| {
        let total: usize = counts.values().sum();
        let reasons: Vec<String> = counts
            .iter()
            .map(|(reason, n)| format!("{reason}: {n}"))
            .collect();
        if reasons.is_empty() {
            total.to_string()
        } else {
            format!("{total} ({})", reasons.join(", "))
        }
    };
    writeln!(
        out,
        "skipped {}; warnings {}; {} other files ignored",
        tally(&report.skipped),
        tally(&report.warnings),
        report.other_files
    )?;
    writeln!(
        out,
        "{:.1} MB of files, {:.1} MB of text in {:.2} s ({:.1} MB/s of text)",
        report.bytes as f64 / 1_000_000.0,
        text_mb,
        report.seconds,
        rate
    )
}

/// `37554` → `37,554`: counts in a summary are read by people.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (241, "241"),
            (5198, "5,198"),
            (37554, "37,554"),
            (1234567, "1,234,567"),
        ];
        for (n, expected) in cases {
            assert_eq!(grouped(n), expected);
        }
    }
}
