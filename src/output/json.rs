//! JSON and JSON Lines: the schema is `SearchResults` as serde writes it (README documents it).

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{FacetCount, SearchResults};

pub fn write_object<W: Write>(out: &mut W, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer(&mut *out, results)?;
    writeln!(out)
}

/// One hit a line, so `jq` or a script can stream them; facet rows, when asked for, follow as
/// `{"facet": …, "value": …, "count": …}` lines (a hit never has a `facet` key).
pub fn write_lines<W: Write>(out: &mut W, results: &SearchResults) -> io::Result<()> {
    #[derive(Serialize)]
    struct FacetRow<'a> {
        facet: &'a str,
        value: &'a str,
        count: u64,
    }
    for hit in &results.hits {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    }
    for (facet, rows) in &results.facets {
        for FacetCount { value, count } in rows {
            serde_json::to_writer(
                &mut *out,
                &FacetRow {
                    facet,
                    value,
                    count: *count,
                },
            )?;
            writeln!(out)?;
        }
    }
    Ok(())
}

pub fn write_error<W: Write>(out: &mut W, query: &str, error: &str) -> io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({ "query": query, "error": error }),
    )?;
    writeln!(out)
}
