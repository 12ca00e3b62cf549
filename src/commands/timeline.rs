//! `newsdex timeline`: matches per period as a terminal chart, an SVG picture, JSON or CSV.

use std::io::Write;

use anyhow::Context;

use super::Outcome;
use crate::cli::{ReportFormat, TimelineArgs};
use crate::index::NewsIndex;
use crate::output::chart;
use crate::search::timeline;

pub fn run<W: Write>(args: &TimelineArgs, out: &mut W) -> anyhow::Result<Outcome> {
    let request = args.topic.request(args.interval)?;
    let index = NewsIndex::open(&args.topic.index.dir)?;
    let reader = index.index.reader().context("cannot read the index")?;
    let found = timeline::run(&index, &reader.searcher(), &request)?;
    if let Some(path) = &args.svg {
        std::fs::write(path, chart::svg(&found))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.png {
        std::fs::write(path, chart::png(&found)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    match args.format {
        ReportFormat::Text => chart::write_text(out, &found)?,
        ReportFormat::Json => {
            serde_json::to_writer(&mut *out, &found)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(["start", "count"])?;
            for bucket in &found.buckets {
                csv.write_record([bucket.start.as_str(), &bucket.count.to_string()])?;
            }
            csv.flush()?;
        }
    }
    Ok(if found.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Match
    })
}
