//! `newsdex search`: one query, or a batch of them, against an index on disk.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

use anyhow::Context;

use super::Outcome;
use crate::cli::SearchArgs;
use crate::index::NewsIndex;
use crate::ingest::lines::{self, Line};
use crate::limits::Origin;
use crate::output;
use crate::search::query::{QueryError, MAX_QUERY_BYTES};
use crate::search::{self, SearchParams, SearchRequest};

/// Validate the arguments once, before any work.
impl TryFrom<&SearchArgs> for SearchRequest {
    type Error = anyhow::Error;

    fn try_from(args: &SearchArgs) -> anyhow::Result<SearchRequest> {
        let params = SearchParams {
            limit: args.limit,
            offset: args.offset,
            sort: args.sort,
            facets: args.facet.clone(),
            facet_limit: args.facet_limit,
            date_interval: args.date_interval,
            all_copies: args.all_copies,
            ..args
                .filters
                .params(args.query.as_deref().unwrap_or_default())
        };
        Ok(params.validate(Origin::Cli)?)
    }
}

/// A batch (`--batch`) always writes JSON lines, one per query, whatever `--format` says: it is
/// for scripts.
pub fn run<W: Write>(args: &SearchArgs, out: &mut W) -> anyhow::Result<Outcome> {
    let request = SearchRequest::try_from(args)?;
    let index = NewsIndex::open(&args.index.dir)?;
    let reader = index.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();

    let Some(batch) = &args.batch else {
        let results = search::run(&index, &searcher, &request)?;
        output::write_results(out, &results, args.format, args.color.enabled())?;
        return Ok(if results.total == 0 {
            Outcome::NoMatch
        } else {
            Outcome::Match
        });
    };

    let input: Box<dyn BufRead> = if batch.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        let file = File::open(batch)
            .with_context(|| format!("cannot open batch file {}", batch.display()))?;
        Box::new(BufReader::new(file))
    };
    let mut input = input;
    let mut any_match = false;
    let mut any_error = false;
    let mut buf = Vec::new();
    for number in 1.. {
        // A line past the query limit is not kept whole: it is dropped as it streams by.
        let read = lines::read_line(&mut input, &mut buf, MAX_QUERY_BYTES)
            .with_context(|| format!("{}:{number}: cannot read query", batch.display()))?;
        let outcome: Result<_, search::SearchError> = match read {
            Line::Eof => break,
            Line::TooLong => Err(QueryError::TooLong(MAX_QUERY_BYTES + 1).into()),
            Line::Read => match std::str::from_utf8(&buf) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => {
                    let mut one = request.clone();
                    one.query = text.trim().to_string();
                    search::run(&index, &searcher, &one)
                }
                Err(_) => Err(QueryError::Other("not valid UTF-8".to_string()).into()),
            },
        };
        let text = String::from_utf8_lossy(&buf);
        let text = text.trim();
        match outcome {
            Ok(results) => {
                any_match |= results.total > 0;
                output::write_batch_line(out, &results)?;
            }
            Err(error) => {
                any_error = true;
                eprintln!("newsdex: error: {}:{number}: {error:#}", batch.display());
                output::write_batch_error(out, text, &format!("{error:#}"))?;
            }
        }
    }
    Ok(match (any_error, any_match) {
        (true, _) => Outcome::Error,
        (false, true) => Outcome::Match,
        (false, false) => Outcome::NoMatch,
    })
}
