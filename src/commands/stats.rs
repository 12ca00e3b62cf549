//! `newsdex stats`: what the index holds (computed by `search::stats`), printed.

use std::io::Write;

use crate::output::{self, Format};
use crate::search::stats::Stats;

pub fn write<W: Write>(out: &mut W, stats: &Stats, format: Format) -> anyhow::Result<()> {
    if format != Format::Text {
        serde_json::to_writer(&mut *out, stats)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "articles  {}", stats.articles)?;
    writeln!(out, "passages  {}", stats.passages)?;
    match (&stats.first_date, &stats.last_date) {
        (Some(first), Some(last)) => writeln!(out, "dates     {first} to {last}")?,
        _ => writeln!(out, "dates     none")?,
    }
    writeln!(
        out,
        "copies    {} near-duplicate articles in {} groups",
        stats.duplicate_articles, stats.duplicate_groups
    )?;
    for (title, rows) in [
        ("sources", &stats.sources),
        ("speakers", &stats.speakers),
        ("entities", &stats.entities),
    ] {
        writeln!(out, "\ntop {title} (passages):")?;
        output::write_counts(out, rows)?;
    }
    Ok(())
}
