//! Bounds on every number a user may ask for: rows, hits, co-occurring names.
//!
//! One table for the command line, `--batch` (which takes its numbers from the command line) and
//! the server, so the three refuse the same values with the same words. Each is checked before
//! any work: a count is a promise to collect that many, and tantivy and the facet counters size
//! their buffers from it, so `--facet-limit 1000000000` would otherwise ask for gigabytes at once.
//! The query text has its own bounds, `search::query::{MAX_QUERY_BYTES, MAX_DEPTH}`.

use std::fmt;

/// Where a number came from, which decides how its name is written in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag: `--facet-limit`.
    Cli,
    /// A URL parameter: `facet_limit`.
    Api,
}

impl fmt::Display for Origin {
    /// The prefix of a parameter's name: `--` on the command line, nothing in a URL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Cli => f.write_str("--"),
            Origin::Api => Ok(()),
        }
    }
}

/// A count that must be from 1 to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Its name as a flag, without the dashes.
    pub flag: &'static str,
    /// Its name as a URL parameter.
    pub param: &'static str,
    pub max: usize,
}

/// Hits on one page (`search -n`, `limit`): a page is read, snippeted and printed whole.
pub const HITS: Limit = Limit {
    flag: "limit",
    param: "limit",
    max: 10_000,
};

/// Hits skipped before a page (`--offset`, `offset`); zero is the first page. tantivy keeps the
/// skipped hits too while it collects (twice over, per segment), so deep pages cost memory.
pub const OFFSET: Limit = Limit {
    flag: "offset",
    param: "offset",
    max: 100_000,
};

/// Rows per name facet (`--facet-limit`, `facet_limit`); each segment nominates about twice as
/// many candidates, so this bounds the names turned into strings per search.
pub const FACET_ROWS: Limit = Limit {
    flag: "facet-limit",
    param: "facet_limit",
    max: 10_000,
};

/// Rows in each top list of `stats` (`--top`, `top`).
pub const TOP: Limit = Limit {
    flag: "top",
    param: "top",
    max: 1_000,
};

/// Rows of a `speakers` or `entities` report (`-n`): each row costs three more searches.
pub const REPORT_ROWS: Limit = Limit {
    flag: "limit",
    param: "limit",
    max: 1_000,
};

/// Co-occurring entities per report row (`--with`); zero shows none.
pub const WITH: Limit = Limit {
    flag: "with",
    param: "with",
    max: 1_000,
};

/// A count out of bounds, named and quoted as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}{name} must be between {min} and {max}, not {value}")]
pub struct LimitError {
    pub origin: Origin,
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
    /// The value as given (a number too large for a machine word stays as typed).
    pub value: String,
}

impl Limit {
    /// `value` if it is from 1 to the maximum.
    pub fn check(self, value: usize, origin: Origin) -> Result<usize, LimitError> {
        self.check_from(1, value, origin)
    }

    /// `value` if it is from `min` to the maximum (`--with 0` is allowed: no co-occurrences).
    pub fn check_from(self, min: usize, value: usize, origin: Origin) -> Result<usize, LimitError> {
        if (min..=self.max).contains(&value) {
            return Ok(value);
        }
        Err(self.error(min, value.to_string(), origin))
    }

    /// The error for `value`, which is out of bounds.
    pub fn error(self, min: usize, value: String, origin: Origin) -> LimitError {
        LimitError {
            origin,
            name: match origin {
                Origin::Cli => self.flag,
                Origin::Api => self.param,
            },
            min,
            max: self.max,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_names_the_parameter_as_written() {
        assert_eq!(FACET_ROWS.check(10_000, Origin::Cli), Ok(10_000));
        assert_eq!(
            FACET_ROWS
                .check(1_000_000_000, Origin::Cli)
                .unwrap_err()
                .to_string(),
            "--facet-limit must be between 1 and 10000, not 1000000000"
        );
        assert_eq!(
            FACET_ROWS.check(0, Origin::Api).unwrap_err().to_string(),
            "facet_limit must be between 1 and 10000, not 0"
        );
        assert_eq!(WITH.check_from(0, 0, Origin::Cli), Ok(0));
        assert_eq!(
            TOP.check(usize::MAX, Origin::Api).unwrap_err().to_string(),
            format!("top must be between 1 and 1000, not {}", usize::MAX)
        );
    }
}
