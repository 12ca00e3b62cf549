//! `newsdex speakers` and `newsdex entities`: who is quoted, and what is mentioned, on a topic.

use std::io::Write;

use anyhow::Context;

use super::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::index::NewsIndex;
use crate::limits::{self, Origin};
use crate::output::terminal::clean;
use crate::search::report::{self, NameReport};
use crate::search::FacetKind;

/// `kind` is `Speaker` or `Entity`.
pub fn run<W: Write>(args: &ReportArgs, kind: FacetKind, out: &mut W) -> anyhow::Result<Outcome> {
    limits::REPORT_ROWS.check(args.limit, Origin::Cli)?;
    limits::WITH.check_from(0, args.with, Origin::Cli)?;
    let request = args.topic.request(Default::default())?;
    let index = NewsIndex::open(&args.topic.index.dir)?;
    let reader = index.index.reader().context("cannot read the index")?;
    let rows = report::names(
        &index,
        &reader.searcher(),
        &request,
        kind,
        args.limit,
        args.with,
    )?;
    match args.format {
        ReportFormat::Text => write_text(out, &rows, kind)?,
        ReportFormat::Json => {
            serde_json::to_writer(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(["name", "passages", "first_date", "last_date", "with"])?;
            for row in &rows {
                // CSV goes to a terminal as often as to a file: cleaned like text.
                csv.write_record([
                    &*clean(&row.name),
                    &row.passages.to_string(),
                    row.first_date.as_deref().unwrap_or_default(),
                    row.last_date.as_deref().unwrap_or_default(),
                    &with_list(row),
                ])?;
            }
            csv.flush()?;
        }
    }
    Ok(if rows.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Match
    })
}

/// `Kremlin (3); Ukraine (2)`: one cell, for CSV and text.
fn with_list(row: &NameReport) -> String {
    row.with
        .iter()
        .map(|c| format!("{} ({})", clean(&c.value), c.count))
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_text<W: Write>(out: &mut W, rows: &[NameReport], kind: FacetKind) -> std::io::Result<()> {
    if rows.is_empty() {
        let what = if kind == FacetKind::Speaker {
            "no quoted speakers"
        } else {
            "no entities"
        };
        return writeln!(out, "{what} in the matching passages");
    }
    let name_width = rows
        .iter()
        .map(|r| clean(&r.name).chars().count())
        .max()
        .unwrap_or(0);
    for row in rows {
        let dates = match (&row.first_date, &row.last_date) {
            (Some(first), Some(last)) if first == last => first.clone(),
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "undated".to_string(),
        };
        writeln!(
            out,
            "{:<name_width$}  {:>6} passages  {dates}",
            clean(&row.name),
            row.passages
        )?;
        if !row.with.is_empty() {
            writeln!(out, "{:<name_width$}  with {}", "", with_list(row))?;
        }
    }
    Ok(())
}
