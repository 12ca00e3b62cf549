//! From what the user typed to a tantivy query.
//!
//! The query language is tantivy's (words, "phrases", AND/OR/NOT, +/-, `field:`), with words
//! ANDed by default, plus dates the way people write them: `date:2025-03`,
//! `date:[2025-01 TO 2025-03]`, `date:>=2024`. Those are rewritten into tantivy's RFC 3339
//! ranges before parsing, and common mistakes are caught first so the message can say where.

use std::ops::Bound;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, TantivyError, Term};

use crate::index::{schema, NewsIndex};

/// Fields a query may name, as the user types them.
pub const QUERY_FIELDS: &[&str] = &[
    "title",
    "text",
    "speaker",
    "entity",
    "source",
    "date",
    "mentioned",
];

/// Title words weigh this much more than passage words.
const TITLE_BOOST: f32 = 2.0;

/// A query or filter the user has to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("bad query at column {column}: {message}")]
    Syntax { column: usize, message: String },
    #[error("unknown field '{0}' in query (choose from: {fields})", fields = QUERY_FIELDS.join(", "))]
    UnknownField(String),
    #[error("bad date '{0}': use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    #[error("query is {0} bytes long; the most is {max} (search for its key words)", max = MAX_QUERY_BYTES)]
    TooLong(usize),
    #[error("bad query: {0}")]
    Other(String),
}

/// The longest query taken: far beyond any typed query, yet a pasted document or a runaway
/// script gets an answer in milliseconds instead of a query of a hundred thousand clauses.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;

/// A period of whole days, `[first, last]` inclusive, as written YYYY, YYYY-MM or YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, QueryError> {
        let bad = || QueryError::BadDate(text.to_string());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |s: &str, digits: usize| -> Result<u32, QueryError> {
            if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)? as i32;
        match parts.len() {
            1 => Ok(Period {
                first: NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?,
                last: NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?,
            }),
            2 => {
                let month = number(parts[1], 2)?;
                let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                let last = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
                Ok(Period { first, last })
            }
            3 => {
                let day = NaiveDate::from_ymd_opt(year, number(parts[1], 2)?, number(parts[2], 2)?)
                    .ok_or_else(bad)?;
                Ok(Period {
                    first: day,
                    last: day,
                })
            }
            _ => Err(bad()),
        }
    }
}

/// The first instant of a day, as tantivy stores dates.
pub fn day_start(day: NaiveDate) -> DateTime {
    schema::clamped_date(
        day.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp()),
    )
}

fn rfc3339(day: NaiveDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        day.year(),
        day.month(),
        day.day()
    )
}

/// Filters that apply on top of the query text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Any of these speakers (exact canonical name, case-insensitive).
    pub speakers: Vec<String>,
    /// All of these entities.
    pub entities: Vec<String>,
    /// Any of these sources.
    pub sources: Vec<String>,
    pub since: Option<NaiveDate>,
    /// Inclusive last day.
    pub until: Option<NaiveDate>,
}

/// Parse the query text and apply the filters.
pub fn build_query(
    index: &NewsIndex,
    text: &str,
    filters: &Filters,
) -> Result<Box<dyn Query>, QueryError> {
    let fields = &index.fields;
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong(text.len()));
    }
    let main: Box<dyn Query> = if text.trim().is_empty() {
        Box::new(AllQuery)
    } else {
        check_syntax(text)?;
        let rewritten = rewrite_dates(text)?;
        let mut parser = QueryParser::for_index(&index.index, vec![fields.title, fields.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, TITLE_BOOST);
        let parsed = parser.parse_query(&rewritten).map_err(explain)?;
        // tantivy's parser leaves `field:*` (an exists query) naming its field as a string, to
        // be looked up only when the search runs; look now, so a bad field is the user's error
        // here and not a failed search later.
        let schema = index.index.schema();
        parsed
            .weight(EnableScoring::disabled_from_schema(&schema))
            .map_err(|e| match e {
                TantivyError::FieldNotFound(field) => QueryError::UnknownField(field),
                other => QueryError::Other(other.to_string()),
            })?;
        parsed
    };

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
    let mut filter = |query: Box<dyn Query>| {
        // Filters select, they do not rank: a speaker match must not outweigh the words.
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0))));
    };
    // A person is found under every form the corpus names them by ("Putin", "Vladimir Putin").
    let forms = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .flat_map(|name| index.aliases.forms(name))
            .collect()
    };
    if !filters.speakers.is_empty() {
        filter(any_exact(
            index,
            fields.speaker_exact,
            &forms(&filters.speakers),
        ));
    }
    for entity in &filters.entities {
        filter(any_exact(
            index,
            fields.entity_exact,
            &forms(std::slice::from_ref(entity)),
        ));
    }
    if !filters.sources.is_empty() {
        filter(any_exact(index, fields.source_exact, &filters.sources));
    }
    if filters.since.is_some() || filters.until.is_some() {
        let lower = match filters.since {
            Some(day) => Bound::Included(Term::from_field_date(fields.date, day_start(day))),
            None => Bound::Unbounded,
        };
        let upper = match filters.until.and_then(|day| day.succ_opt()) {
            Some(next) => Bound::Excluded(Term::from_field_date(fields.date, day_start(next))),
            None => Bound::Unbounded,
        };
        filter(Box::new(RangeQuery::new(lower, upper)));
    }
    if clauses.len() == 1 {
        return Ok(clauses.remove(0).1);
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Matches documents whose exact field holds any of `values`.
fn any_exact(index: &NewsIndex, field: Field, values: &[String]) -> Box<dyn Query> {
    let terms: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|value| {
            let term = Term::from_field_text(field, &exact_term(index, field, value));
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, query)
        })
        .collect();
    Box::new(BooleanQuery::new(terms))
}

/// What the field's tokenizer makes of a whole value, so a filter matches what was indexed.
fn exact_term(index: &NewsIndex, field: Field, value: &str) -> String {
    let Ok(mut analyzer) = index.index.tokenizer_for_field(field) else {
        return value.to_lowercase();
    };
    let mut stream = analyzer.token_stream(value.trim());
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

/// The deepest a query may nest: parentheses, and `NOT`s applied one to another, each count one
/// level. tantivy's query parser (and the query it builds) recurses once per level, so without a
/// bound a few thousand `(` overflow the stack and abort the process; no query a person writes
/// comes near 32.
pub const MAX_DEPTH: usize = 32;

/// Catch unbalanced quotes, parentheses and brackets, and nesting past [`MAX_DEPTH`], before
/// tantivy's parser, whose message does not say where (and which recurses on nesting). One pass,
/// no recursion: the text is the user's.
fn check_syntax(text: &str) -> Result<(), QueryError> {
    let mut open_quote: Option<usize> = None;
    // Open brackets, each with its column and the depth outside it.
    let mut stack: Vec<(char, usize, usize)> = Vec::new();
    // Levels open here: enclosing groups, each with the NOTs applied to it.
    let mut depth = 0usize;
    // `NOT`s in a row not yet applied to a word or group.
    let mut nots = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        let column = index + 1;
        index += 1;
        if open_quote.is_some() {
            if c == '"' {
                open_quote = None;
            }
            continue;
        }
        match c {
            '"' => {
                open_quote = Some(column);
                nots = 0;
            }
            '(' => {
                let level = depth + nots + 1;
                if level > MAX_DEPTH {
                    return Err(QueryError::Syntax {
                        column,
                        message: format!("parentheses nested deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push((c, column, depth));
                depth = level;
                nots = 0;
            }
            '[' | '{' => {
                stack.push((c, column, depth));
                nots = 0;
            }
            ')' | ']' | '}' => match stack.pop() {
                Some((open, _, outside))
                    if matches!(
                        (open, c),
                        ('(', ')') | ('[', ']') | ('[', '}') | ('{', '}') | ('{', ']')
                    ) =>
                {
                    depth = outside;
                    nots = 0;
                }
                _ => {
                    return Err(QueryError::Syntax {
                        column,
                        message: format!("'{c}' closes nothing"),
                    })
                }
            },
            // tantivy reads the character after a backslash as part of a word, never as syntax.
            '\\' => {
                index += 1;
                nots = 0;
            }
            'N' if starts_not(&chars, column - 1) => {
                nots += 1;
                if depth + nots > MAX_DEPTH {
                    return Err(QueryError::Syntax {
                        column,
                        message: format!("NOT nested deeper than {MAX_DEPTH} levels"),
                    });
                }
                index += 2;
            }
            c if c.is_whitespace() => {}
            _ => nots = 0,
        }
    }
    if let Some(column) = open_quote {
        return Err(QueryError::Syntax {
            column,
            message: "the quote is never closed".into(),
        });
    }
    if let Some((open, column, _)) = stack.pop() {
        return Err(QueryError::Syntax {
            column,
            message: format!("'{open}' is never closed"),
        });
    }
    Ok(())
}

/// Whether the operator `NOT` starts at `at`: a whole word, followed by a space, as tantivy's
/// grammar has it (`NOT a`; `NOTa` is a word).
fn starts_not(chars: &[char], at: usize) -> bool {
    let word_start = at == 0
        || chars
            .get(at - 1)
            .is_some_and(|&c| c.is_whitespace() || matches!(c, '(' | '+' | '-'));
    word_start
        && chars.get(at..at + 3) == Some(&['N', 'O', 'T'][..])
        && chars.get(at + 3).is_some_and(|c| c.is_whitespace())
}

static DATE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bdate:\s*([\[{])\s*(\*|[0-9-]+)\s+TO\s+(\*|[0-9-]+)\s*([\]}])"#)
        .expect("valid date range regex")
});
static DATE_COMPARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bdate:\s*(>=|<=|>|<)?\s*([0-9][0-9-]*)(T\S*)?"#).expect("valid date regex")
});

/// `date:[2025-01 TO 2025-03]` → `date:[2025-01-01T00:00:00Z TO 2025-04-01T00:00:00Z}` and so on:
/// the bounds are whole periods, both ends inclusive unless written with `{ }`.
fn rewrite_dates(text: &str) -> Result<String, QueryError> {
    let mut error = None;
    let mut fail = |e: QueryError| {
        error.get_or_insert(e);
        String::new()
    };
    let ranged = DATE_RANGE.replace_all(text, |c: &Captures| {
        let lower = match &c[2] {
            "*" => Ok("*".to_string()),
            day => Period::parse(day).map(|p| {
                let first = if &c[1] == "{" {
                    p.last.succ_opt().unwrap_or(p.last)
                } else {
                    p.first
                };
                rfc3339(first)
            }),
        };
        let upper = match &c[3] {
            "*" => Ok("*".to_string()),
            day => Period::parse(day).map(|p| {
                let end = if &c[4] == "}" {
                    p.first
                } else {
                    p.last.succ_opt().unwrap_or(p.last)
                };
                rfc3339(end)
            }),
        };
        match (lower, upper) {
            (Ok(lower), Ok(upper)) => format!("date:[{lower} TO {upper}}}"),
            (Err(e), _) | (_, Err(e)) => fail(e),
        }
    });
    let ranged = ranged.into_owned();
    let compared = DATE_COMPARE.replace_all(&ranged, |c: &Captures| {
        if c.get(3).is_some() {
            // Already a full RFC 3339 time: tantivy's own syntax, left as it is.
            return c[0].to_string();
        }
        let period = match Period::parse(&c[2]) {
            Ok(period) => period,
            Err(e) => return fail(e),
        };
        let after_last = rfc3339(period.last.succ_opt().unwrap_or(period.last));
        match c.get(1).map(|m| m.as_str()) {
            None => format!("date:[{} TO {after_last}}}", rfc3339(period.first)),
            Some(">=") => format!("date:>={}", rfc3339(period.first)),
            Some(">") => format!("date:>={after_last}"),
            Some("<") => format!("date:<{}", rfc3339(period.first)),
            _ => format!("date:<{after_last}"),
        }
    });
    let compared = compared.into_owned();
    match error {
        Some(e) => Err(e),
        None => Ok(compared),
    }
}

/// Turn tantivy's parser errors into messages a person acts on.
fn explain(error: QueryParserError) -> QueryError {
    match error {
        QueryParserError::FieldDoesNotExist(field) => QueryError::UnknownField(field),
        QueryParserError::AllButQueryForbidden => {
            QueryError::Other("a query cannot only exclude words: add a word to look for".into())
        }
        QueryParserError::SyntaxError(message) => QueryError::Syntax { column: 1, message },
        other => QueryError::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_whole_years_months_and_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Period::parse("2024").unwrap(),
            Period {
                first: day(2024, 1, 1),
                last: day(2024, 12, 31)
            }
        );
        assert_eq!(
            Period::parse("2024-02").unwrap(),
            Period {
                first: day(2024, 2, 1),
                last: day(2024, 2, 29)
            }
        );
        assert_eq!(
            Period::parse("2024-12").unwrap(),
            Period {
                first: day(2024, 12, 1),
                last: day(2024, 12, 31)
            }
        );
        assert_eq!(
            Period::parse("2025-03-12").unwrap(),
            Period {
                first: day(2025, 3, 12),
                last: day(2025, 3, 12)
            }
        );
        for bad in [
            "",
            "24",
            "2025-3",
            "2025-13",
            "2025-02-30",
            "March",
            "2025-03-12-01",
            "２０２５",
        ] {
            assert_eq!(
                Period::parse(bad),
                Err(QueryError::BadDate(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_in_queries_become_rfc3339_ranges() {
        let cases = [
            (
                "date:2025-03",
                "date:[2025-03-01T00:00:00Z TO 2025-04-01T00:00:00Z}",
            ),
            (
                "ceasefire date:[2025-01 TO 2025-03]",
                "ceasefire date:[2025-01-01T00:00:00Z TO 2025-04-01T00:00:00Z}",
            ),
            ("date:[2024 TO *]", "date:[2024-01-01T00:00:00Z TO *}"),
            ("date:>=2024", "date:>=2024-01-01T00:00:00Z"),
            ("date:<2024-06", "date:<2024-06-01T00:00:00Z"),
            ("date:<=2024-06", "date:<2024-07-01T00:00:00Z"),
            ("nato", "nato"),
            ("date:>=2024-01-01T00:00:00Z", "date:>=2024-01-01T00:00:00Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(rewrite_dates(input).unwrap(), expected, "{input}");
        }
        assert_eq!(
            rewrite_dates("date:2025-3"),
            Err(QueryError::BadDate("2025-3".into()))
        );
    }

    #[test]
    fn unbalanced_queries_say_where() {
        let cases = [
            ("\"carefully studying", 1, "the quote is never closed"),
            ("nato (putin OR trump", 6, "'(' is never closed"),
            ("nato) putin", 5, "')' closes nothing"),
        ];
        for (query, column, message) in cases {
            assert_eq!(
                check_syntax(query),
                Err(QueryError::Syntax {
                    column,
                    message: message.into()
                }),
                "{query}"
            );
        }
        assert_eq!(check_syntax("\"a (b\" AND date:[2024 TO 2025}"), Ok(()));
    }

    /// Issue 17: a few thousand `(` overflowed the stack inside tantivy's parser and aborted the
    /// process (the server with it). Nesting past `MAX_DEPTH` is refused first, at the column of
    /// the first parenthesis (or NOT) past the limit, in characters of the user's text.
    #[test]
    fn nesting_past_the_limit_says_where() {
        let deep = |n: usize| format!("{}oil{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(check_syntax(&deep(MAX_DEPTH)), Ok(()));
        let too_deep = |column: usize| QueryError::Syntax {
            column,
            message: "parentheses nested deeper than 32 levels".into(),
        };
        assert_eq!(check_syntax(&deep(MAX_DEPTH + 1)), Err(too_deep(33)));
        assert_eq!(check_syntax(&deep(9_000)), Err(too_deep(33)));
        // Columns count characters, not bytes; quoted and escaped parentheses are words.
        let text = format!("«Ölpreis» \\( \"((\" {}", "(".repeat(40));
        assert_eq!(check_syntax(&text), Err(too_deep(19 + 32)));
        // Groups side by side do not nest; ranges do not count.
        assert_eq!(check_syntax(&"(a) [1 TO 2] ".repeat(200)), Ok(()));
        // Each NOT is a level of tantivy's parser too, alone or mixed with groups.
        let nots = format!("{}oil", "NOT ".repeat(40));
        let not_deep = |column: usize| QueryError::Syntax {
            column,
            message: "NOT nested deeper than 32 levels".into(),
        };
        assert_eq!(check_syntax(&nots), Err(not_deep(32 * 4 + 1)));
        assert_eq!(check_syntax(&"NOT (".repeat(17)), Err(not_deep(16 * 5 + 1)));
        assert_eq!(check_syntax(&format!("{}oil", "NOT ".repeat(32))), Ok(()));
        assert_eq!(check_syntax("NOTE NOTHING a NOT b NOT c"), Ok(()));
        assert_eq!(check_syntax(&"a AND NOT b ".repeat(100)), Ok(()));
    }

    /// The deepest query allowed still parses, builds and runs on a test thread's stack (2 MiB,
    /// like the server's workers), and anything deeper is a `QueryError`, never a crash.
    #[test]
    fn the_deepest_query_allowed_runs_and_deeper_ones_are_refused() {
        let index = NewsIndex::in_ram();
        let build = |q: &str| build_query(&index, q, &Filters::default()).map(|_| ());
        let half = MAX_DEPTH / 2;
        let mixed = format!("{}oil{}", "NOT (a OR ".repeat(half), ")".repeat(half));
        assert!(
            !matches!(build(&mixed), Err(QueryError::Syntax { .. })),
            "{mixed}"
        );
        let deep = format!("{}oil{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(build(&deep), Ok(()));
        let deeper = format!("oil AND {}gas{}", "(".repeat(3_000), ")".repeat(3_000));
        assert_eq!(
            build(&deeper),
            Err(QueryError::Syntax {
                column: 9 + MAX_DEPTH,
                message: "parentheses nested deeper than 32 levels".into()
            })
        );
        assert!(matches!(
            build(&"NOT ".repeat(16_000)),
            Err(QueryError::Syntax { column: 129, .. })
        ));
        // Long flat chains do not recurse: they are left to tantivy.
        assert_eq!(
            build(&format!("{}oil", "oil AND gas OR ".repeat(2_000))),
            Ok(())
        );
    }

    /// Found by the `query` fuzzer (minimised from `(a s:*) NOr\\\L\AND\\\\\bdat`): tantivy
    /// parses `s:*` without checking the field, so the query was built and the search then
    /// failed with tantivy's "The field does not exist: 's'" instead of a `QueryError`.
    #[test]
    fn unknown_field_in_an_exists_query_is_a_query_error() {
        let index = NewsIndex::in_ram();
        let error = |q: &str| build_query(&index, q, &Filters::default()).err();
        assert_eq!(error("s:*"), Some(QueryError::UnknownField("s".into())));
        assert_eq!(
            error("(a s:*) NOr"),
            Some(QueryError::UnknownField("s".into()))
        );
        assert_eq!(error("ceasefire"), None);
    }
}
