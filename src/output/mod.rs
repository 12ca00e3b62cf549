//! Output: search results rendered for people (text) or scripts (JSON, JSON Lines).

pub mod chart;
mod json;
pub mod terminal;
mod text;

use std::io::{self, Write};

pub use text::write_counts;

use crate::choice::choices;
use crate::search::SearchResults;

/// How search results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Jsonl,
}
choices!(Format {
    Text = "text" ("Readable, coloured on a terminal"),
    Json = "json" ("One JSON object: query, total, hits, facets"),
    Jsonl = "jsonl" ("One hit a line (then one facet row a line), each a JSON object"),
});

/// Whether to colour text output (see [`ColorChoice::enabled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}
choices!(ColorChoice {
    Auto = "auto" ("Colour when standard output is a terminal and NO_COLOR is unset"),
    Always = "always",
    Never = "never",
});

impl ColorChoice {
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal()
            }
        }
    }
}

/// Write one search's results.
pub fn write_results<W: Write>(
    out: &mut W,
    results: &SearchResults,
    format: Format,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(out, results, color),
        Format::Json => json::write_object(out, results),
        Format::Jsonl => json::write_lines(out, results),
    }
}

/// Write one search of a batch: always one JSON line carrying its query.
pub fn write_batch_line<W: Write>(out: &mut W, results: &SearchResults) -> io::Result<()> {
    json::write_object(out, results)
}

/// Write a batch query that failed: one JSON line with the query and the error.
pub fn write_batch_error<W: Write>(out: &mut W, query: &str, error: &str) -> io::Result<()> {
    json::write_error(out, query, error)
}
