//! Dates mentioned in the text, normalised against the publication date.
//!
//! Takes an article body and its publication date and gives back the calendar dates the text
//! mentions, each with a TIMEX-style value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), sorted by start
//! and non-overlapping. Absolute dates ("Jan. 20, 2025", "March 2025", "in 1999") need no
//! publication date; partial and relative ones ("January 20", "in March", "on Tuesday", "last
//! year", "two days ago") are resolved against it and left out without it. Durations, vague
//! times ("recently", "now"), weeks, seasons and times of day are not dates here, and neither
//! are decades ("the 1990s"). The span conventions follow TempEval-3 (TimeBank): a modifier that
//! picks the date is part of it ("last Friday", "early September", "mid-1996"), a preposition is
//! not ("in March" → "March").

use std::sync::LazyLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use super::anchored;
use super::{DateMention, Span};
use crate::text::Doc;

const MONTHS_FULL: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/// Month names, full before abbreviated so the longer form wins ("June" over "Jun"). Month
/// names are only recognised capitalised: "may" and "march" are verbs.
const MONTH: &str = "(?:January|February|March|April|May|June|July|August|September|October|\
                     November|December)(?-u:\\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?-u:\\b)\\.?";

/// "Jan. 20, 2025", "March 2025", "June last year", "March".
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<m>{MONTH})(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<y1>\d{{4}})(?-u:\b))?|,?\s+(?P<y2>\d{{4}})(?-u:\b)|\s+(?P<rel>this|last|next)\s+year(?-u:\b))?"
    ))
    .expect("static regex")
});

/// "20 January 2025", "5 May".
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}}))?(?-u:\b)"
    ))
    .expect("static regex")
});

/// "2025-01-20" and US-order "1/20/2025".
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))(?-u:\b)")
        .expect("static regex")
});

/// "in 2014", "mid-1996", "fiscal 1989": the context is checked in code.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:19|20)\d{2}(?-u:\b)").expect("static regex"));

/// "on Tuesday", "last Friday", "early Tuesday", "this coming Sunday".
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?-u:\b)(?P<mod>(?i:last|next|this coming|previous|early|late|earlier|later))\s+)?(?-u:\b)(?P<wd>{WEEKDAYS})(?-u:\b)"
    ))
    .expect("static regex")
});

/// The date right after a weekday ("Saturday, April 25"), which says which Saturday it is.
static WEEKDAY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^,?\s+(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?-u:\b)(?:,?\s+(?P<y>\d{{4}})(?-u:\b))?"
    ))
    .expect("static regex")
});

/// "today", "late yesterday", "earlier this month", "next year".
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:early|late|earlier|later)\s+)?(?:(?P<day>today|yesterday|tomorrow)|(?P<which>last|this|next)\s+(?P<unit>month|year))(?-u:\b)",
    )
    .expect("static regex")
});

/// "two days ago", "a year earlier", "nearly four years ago".
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)(?-u:\b)",
    )
    .expect("static regex")
});

/// Words one of which, in ASCII lower case, every match of `WEEKDAY`, `RELATIVE` and `AGO` holds
/// (found in the lower-cased text, a literal search that skips ahead).
static ANCHOR_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "ago|earlier|today|yesterday|tomorrow|month|year|{}",
        WEEKDAYS.to_ascii_lowercase()
    ))
    .expect("static regex")
});

/// The marks every match of `NUMERIC` holds.
static NUMERIC_MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new("[-/]").expect("static regex"));

/// Words before a bare month or year that make it a date ("in March", "since 1999").
const DATE_CONTEXT: &[&str] = &[
    "in", "since", "by", "until", "till", "through", "from", "during", "before", "after",
    "between", "early", "late", "mid", "last", "this", "next", "of", "to", "fiscal", "around",
    "as",
];

/// Of `DATE_CONTEXT`, the words that pick a time within the date and so belong to its span.
const SPAN_MODIFIERS: &[&str] = &["early", "late", "mid", "last", "this", "next"];

/// More words that make a following year a date ("the 1988 period", "its 1990 invasion"),
/// unless a counted noun follows (`COUNTED`).
const YEAR_CONTEXT: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "that", "both", "due", "into", "for",
    "toward", "towards", "beyond",
];

/// Nouns that make a preceding 4-digit number a count, not a year ("of 2014 people").
const COUNTED: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "troops",
    "soldiers",
    "votes",
    "voters",
    "students",
    "workers",
    "employees",
    "jobs",
    "cases",
    "deaths",
    "units",
    "shares",
    "times",
    "miles",
    "feet",
    "meters",
    "metres",
    "kilometers",
    "kilometres",
    "pounds",
    "tons",
    "tonnes",
    "dollars",
    "dlrs",
    "euros",
    "yen",
    "points",
    "percent",
    "pct",
    "acres",
    "homes",
    "houses",
    "cars",
    "members",
    "residents",
    "patients",
    "refugees",
    "barrels",
    "bags",
    "lots",
    "contracts",
    "rooms",
    "beds",
    "pages",
    "words",
    "calories",
    "degrees",
    "hours",
    "minutes",
    "seconds",
    "days",
];

/// Find the dates in `body`, resolving partial and relative ones against `published`.
pub fn extract(body: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    extract_doc(&Doc::new(body), published)
}

/// The dates of an analysed body. Dates are patterns over characters (digits, month names,
/// "two days ago"): they read the `Doc`'s text, and no layer of it a pattern does not need.
pub fn extract_doc(doc: &Doc, published: Option<NaiveDate>) -> Vec<DateMention> {
    let body = doc.text();
    let mut found = Vec::new();
    numeric_dates(body, &mut found);
    month_first(body, published, &mut found);
    day_first(body, published, &mut found);
    bare_years(body, &mut found);
    if let Some(p) = published {
        let words: Vec<usize> = ANCHOR_WORDS
            .find_iter(&body.to_ascii_lowercase())
            .map(|m| m.start())
            .collect();
        // Under `(?i)` the long s and the Kelvin sign match 's' and 'k' ("yeſterday"), which
        // a search of the ASCII-lowered text misses: such rare texts are searched whole.
        let folded = (!body.contains(['\u{17f}', '\u{212a}'])).then_some(words.as_slice());
        weekdays(body, p, &words, &mut found);
        relative_words(body, p, folded, &mut found);
        ago(body, p, folded, &mut found);
    }
    // Longest first among those starting together, then greedy left to right.
    found.sort_by_key(|m: &DateMention| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut out: Vec<DateMention> = Vec::with_capacity(found.len());
    for m in found {
        if out.last().is_none_or(|last| m.span.start >= last.span.end) {
            out.push(m);
        }
    }
    out
}

fn mention(start: usize, end: usize, value: String) -> DateMention {
    DateMention {
        span: Span::new(start, end),
        value,
    }
}

fn day_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A year as TIMEX writes it: at least four digits, so year 24 is "0024", never "24".
fn year_value(year: i32) -> String {
    format!("{year:04}")
}

fn month_value(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

fn month_number(name: &str) -> Option<u32> {
    let stem = name.trim_end_matches('.');
    let pos = MONTHS_FULL
        .iter()
        .position(|m| m.starts_with(stem) && stem.len() >= 3)?;
    u32::try_from(pos + 1).ok()
}

fn num<T: std::str::FromStr>(caps: &Captures, name: &str) -> Option<T> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

/// The word just before `at` (letters only, as written) and where it starts.
fn word_before(body: &str, at: usize) -> (&str, usize) {
    let before = &body[..at];
    // "mid-1996", "mid-March": the hyphen glues the modifier on.
    let before = before.strip_suffix('-').unwrap_or(before.trim_end());
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    (&before[start..], start)
}

fn word_after(body: &str, at: usize) -> &str {
    let rest = body[at..].trim_start();
    let end = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// A number glued to a decimal or thousands part ("May 20.0", "March 1,750") is a quantity.
fn continues_as_number(body: &str, at: usize) -> bool {
    let mut chars = body[at..].chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('.' | ',' | '%'), Some('0'..='9')) | (Some('%'), _)
    )
}

/// How far ahead of the publication date a yearless date may be and still be read as
/// upcoming without a future marker: news mostly reports what happened, so "Oct. 23" in a May
/// article is last October, but "March 31" in a March 12 one is this month.
/// (TimeBank and AQUAINT both score best with 60 to 120 days.)
const LOOKAHEAD_DAYS: i64 = 90;

/// The year for a yearless `month`/`day` mentioned at `at`: the next occurrence after a future
/// marker, else the nearest one, except that the future is only taken when near.
fn resolve_day(
    body: &str,
    at: usize,
    month: u32,
    day: u32,
    published: NaiveDate,
) -> Option<NaiveDate> {
    let y = published.year();
    let mut dates = [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day));
    let past = dates.clone().rfind(|d| *d <= published);
    let next = dates.find(|d| *d > published);
    let ahead = next.map(|d| (d - published).num_days());
    let behind = past.map(|d| (published - d).num_days());
    match (past, next) {
        (_, Some(n)) if future_context(body, at) => Some(n),
        (Some(p), Some(n)) => {
            let (a, b) = (ahead.unwrap_or(i64::MAX), behind.unwrap_or(i64::MAX));
            Some(if a < b && a <= LOOKAHEAD_DAYS { n } else { p })
        }
        (p, n) => p.or(n),
    }
}

/// The year for a bare `month` mentioned at `at`, by the same rule as `resolve_day`.
fn resolve_month(body: &str, at: usize, month: u32, published: NaiveDate) -> (i32, u32) {
    let y = published.year();
    let (past, next) = if month <= published.month() {
        (y, y + 1)
    } else {
        (y - 1, y)
    };
    let here = published.month() as i64;
    let ahead = (next as i64 - y as i64) * 12 + month as i64 - here;
    let behind = here - ((past as i64 - y as i64) * 12 + month as i64);
    if month == published.month() {
        return (y, month);
    }
    let year = if future_context(body, at) || (ahead < behind && ahead * 30 <= LOOKAHEAD_DAYS) {
        next
    } else {
        past
    };
    (year, month)
}

fn numeric_dates(body: &str, out: &mut Vec<DateMention>) {
    let marks: Vec<usize> = NUMERIC_MARKS.find_iter(body).map(|m| m.start()).collect();
    for caps in anchored::captures(&NUMERIC, body, Some(&marks), anchored::numeric) {
        let Some(whole) = caps.get(0) else { continue };
        let (y, m, d) = if caps.name("iy").is_some() {
            (num(&caps, "iy"), num(&caps, "im"), num(&caps, "id"))
        } else {
            (num(&caps, "uy"), num(&caps, "um"), num(&caps, "ud"))
        };
        if let Some(date) = y
            .zip(m)
            .zip(d)
            .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
        {
            out.push(mention(whole.start(), whole.end(), day_value(date)));
        }
    }
}

fn month_first(body: &str, published: Option<NaiveDate>, out: &mut Vec<DateMention>) {
    for caps in MONTH_FIRST.captures_iter(body) {
        let (Some(whole), Some(m)) = (caps.get(0), caps.name("m")) else {
            continue;
        };
        let Some(month) = month_number(m.as_str()) else {
            continue;
        };
        let mut start = whole.start();
        let end = whole.end();
        let year: Option<i32> = num(&caps, "y1").or_else(|| num(&caps, "y2"));
        let value = if let Some(d) = caps.name("d") {
            if continues_as_number(body, d.end()) {
                continue;
            }
            let Ok(day) = d.as_str().parse::<u32>() else {
                continue;
            };
            let date = match (year, published) {
                (Some(y), _) => NaiveDate::from_ymd_opt(y, month, day),
                (None, Some(p)) => resolve_day(body, whole.start(), month, day, p),
                (None, None) => None,
            };
            match date {
                Some(date) => day_value(date),
                None => continue,
            }
        } else if let Some(y) = year {
            if continues_as_number(body, end) {
                continue;
            }
            month_value(y, month)
        } else {
            // A month alone: only abbreviation-free names in a date-like context count.
            let Some(p) = published else { continue };
            if m.as_str() != MONTHS_FULL[month as usize - 1] {
                continue;
            }
            let (prev, prev_start) = word_before(body, m.start());
            let prev_lower = prev.to_lowercase();
            let rel = caps.name("rel").map(|r| r.as_str());
            let possessive = ["'s", "’s"].iter().any(|s| body[end..].starts_with(s));
            let context = DATE_CONTEXT.contains(&prev_lower.as_str())
                && !(month == 5 && matches!(prev_lower.as_str(), "to" | "as"));
            if !(context || rel.is_some() || (possessive && month != 5)) {
                continue;
            }
            let y = p.year();
            let (year, month) = match (rel, prev_lower.as_str()) {
                (Some("last"), _) => (y - 1, month),
                // The most recent such month before this one (TimeBank: "last April" in an
                // October article is that year's April).
                (None, "last") if month < p.month() => (y, month),
                (None, "last") => (y - 1, month),
                (Some("next"), _) => (y + 1, month),
                (Some("this"), _) | (None, "this") => (y, month),
                (None, "next") if month > p.month() => (y, month),
                (None, "next") => (y + 1, month),
                _ => resolve_month(body, m.start(), month, p),
            };
            if SPAN_MODIFIERS.contains(&prev_lower.as_str()) {
                start = prev_start;
            }
            month_value(year, month)
        };
        out.push(mention(start, end, value));
    }
}

fn day_first(body: &str, published: Option<NaiveDate>, out: &mut Vec<DateMention>) {
    for caps in DAY_FIRST.captures_iter(body) {
        let (Some(whole), Some(m)) = (caps.get(0), caps.name("m")) else {
            continue;
        };
        let (Some(month), Some(day)) = (month_number(m.as_str()), num::<u32>(&caps, "d")) else {
            continue;
        };
        let date = match (num::<i32>(&caps, "y"), published) {
            (Some(y), _) => NaiveDate::from_ymd_opt(y, month, day),
            (None, Some(p)) => resolve_day(body, whole.start(), month, day, p),
            (None, None) => None,
        };
        if let Some(date) = date {
            out.push(mention(whole.start(), whole.end(), day_value(date)));
        }
    }
}

fn bare_years(body: &str, out: &mut Vec<DateMention>) {
    for m in YEAR.find_iter(body) {
        let (prev, prev_start) = word_before(body, m.start());
        let prev = prev.to_lowercase();
        let before = body[..prev_start].trim_end();
        let possessive = prev == "s" && (before.ends_with('\'') || before.ends_with('’'));
        // "1990 and 1991", "1985 or 1987"
        let listed = matches!(prev.as_str(), "and" | "or")
            && before.len() >= 4
            && before.is_char_boundary(before.len() - 4)
            && YEAR.is_match(&before[before.len() - 4..]);
        let context = DATE_CONTEXT.contains(&prev.as_str())
            || YEAR_CONTEXT.contains(&prev.as_str())
            || possessive
            || listed;
        if !context || body[..m.start()].ends_with('$') {
            continue;
        }
        let rest = &body[m.end()..];
        // Decades ("1990's") and quantities ("2014 people", "1,750", "2014.5").
        if rest.starts_with("'s") && m.as_str().ends_with('0') || continues_as_number(body, m.end())
        {
            continue;
        }
        if COUNTED.contains(&word_after(body, m.end())) {
            continue;
        }
        let start = if SPAN_MODIFIERS.contains(&prev.as_str()) {
            prev_start
        } else {
            m.start()
        };
        out.push(mention(start, m.end(), m.as_str().to_string()));
    }
}

/// Words that, shortly before a bare weekday, put it in the future ("is scheduled to close
/// Monday", "could come as soon as Tuesday"), so it is the next such day, not the last.
const FUTURE: &[&str] = &[
    "will",
    "ll",
    "shall",
    "would",
    "could",
    "might",
    "scheduled",
    "planned",
    "planning",
    "plans",
    "due",
    "soon",
    "expected",
    "tomorrow",
];

/// Whether the clause just before `at` (up to eight words) speaks of the future.
fn future_context(body: &str, at: usize) -> bool {
    let clause_start = body[..at]
        .rfind(['.', '!', '?', '\n', ';', ','])
        .map_or(0, |i| i + 1);
    body[clause_start..at]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(8)
        .any(|w| FUTURE.contains(&w.to_lowercase().as_str()))
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// `words`: where `ANCHOR_WORDS` occur (weekday names are matched in their case, so found).
fn weekdays(body: &str, published: NaiveDate, words: &[usize], out: &mut Vec<DateMention>) {
    let today = published.weekday().num_days_from_monday() as i64;
    for caps in anchored::captures(&WEEKDAY, body, Some(words), anchored::wordy) {
        let (Some(whole), Some(wd)) = (caps.get(0), caps.name("wd")) else {
            continue;
        };
        let Some(day) = weekday_of(wd.as_str()) else {
            continue;
        };
        let target = day.num_days_from_monday() as i64;
        let back = (today - target).rem_euclid(7);
        let forward = (target - today).rem_euclid(7);
        let modifier = caps.name("mod").map(|m| m.as_str().to_lowercase());
        let offset = match modifier.as_deref() {
            Some("next" | "this coming") => {
                if forward == 0 {
                    7
                } else {
                    forward
                }
            }
            Some("last" | "previous") if back == 0 => -7,
            None if future_context(body, whole.start()) => forward,
            _ => -back,
        };
        let stated = WEEKDAY_DATE.captures(&body[whole.end()..]).and_then(|c| {
            let month = month_number(c.name("m")?.as_str())?;
            let day = num::<u32>(&c, "d")?;
            match num::<i32>(&c, "y") {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day),
                None => resolve_day(body, whole.start(), month, day, published),
            }
        });
        let Some(date) = stated.or(published.checked_add_signed(Duration::days(offset))) else {
            continue;
        };
        out.push(mention(whole.start(), whole.end(), day_value(date)));
    }
}

/// `words`: where `ANCHOR_WORDS` occur, `None` to search the whole text.
fn relative_words(
    body: &str,
    published: NaiveDate,
    words: Option<&[usize]>,
    out: &mut Vec<DateMention>,
) {
    for caps in anchored::captures(&RELATIVE, body, words, anchored::wordy) {
        let Some(whole) = caps.get(0) else { continue };
        let value = if let Some(day) = caps.name("day") {
            // "USA Today" and "the Today show" are names, not dates.
            let (prev, _) = word_before(body, day.start());
            if day.as_str() == "Today" && (prev == "USA" || word_after(body, day.end()) == "show") {
                continue;
            }
            let offset = match day.as_str().to_lowercase().as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            match published.checked_add_signed(Duration::days(offset)) {
                Some(d) => day_value(d),
                None => continue,
            }
        } else {
            let which = caps.name("which").map(|w| w.as_str().to_lowercase());
            let step: i32 = match which.as_deref() {
                Some("last") => -1,
                Some("next") => 1,
                _ => 0,
            };
            let unit = caps.name("unit").map(|u| u.as_str().to_lowercase());
            if unit.as_deref() == Some("year") {
                year_value(published.year() + step)
            } else {
                let first = published.with_day(1).unwrap_or(published);
                let shifted = match step {
                    -1 => first.checked_sub_months(Months::new(1)),
                    1 => first.checked_add_months(Months::new(1)),
                    _ => Some(first),
                };
                match shifted {
                    Some(d) => month_value(d.year(), d.month()),
                    None => continue,
                }
            }
        };
        out.push(mention(whole.start(), whole.end(), value));
    }
}

/// `words`: where `ANCHOR_WORDS` occur, `None` to search the whole text.
fn ago(body: &str, published: NaiveDate, words: Option<&[usize]>, out: &mut Vec<DateMention>) {
    const WORDS: [&str; 13] = [
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    for caps in anchored::captures(&AGO, body, words, anchored::wordy) {
        let (Some(whole), Some(n), Some(unit)) = (caps.get(0), caps.name("n"), caps.name("unit"))
        else {
            continue;
        };
        let n_lower = n.as_str().to_lowercase();
        let count = match n_lower.as_str() {
            "an" => 1,
            w => match WORDS.iter().position(|x| *x == w) {
                Some(0) => 1,
                Some(i) => i as u32,
                None => n.as_str().parse().unwrap_or(0),
            },
        };
        if count == 0 {
            continue;
        }
        let value = match unit.as_str().to_lowercase().as_str() {
            "day" => published
                .checked_sub_signed(Duration::days(count.into()))
                .map(day_value),
            "week" => published
                .checked_sub_signed(Duration::days(7 * i64::from(count)))
                .map(day_value),
            "month" => published
                .checked_sub_months(Months::new(count))
                .map(|d| month_value(d.year(), d.month())),
            _ => Some(year_value(published.year() - count as i32)),
        };
        if let Some(value) = value {
            out.push(mention(whole.start(), whole.end(), value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::cases;

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    /// One line of `tests/cases/dates.jsonl`: a text, its publication date and the dates
    /// expected from it, exactly and in order; none at all when `expected` is empty.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DateCase {
        /// A short slug, unique in the file: what a failure names.
        id: String,
        /// The test that held the case before the cases became data.
        group: String,
        /// `YYYY-MM-DD`, or null for an article without one.
        published: Option<String>,
        text: String,
        expected: Vec<ExpectedDate>,
        /// `ok`, which must pass, or `known_gap`, which is run and reported but may fail.
        status: String,
        /// Why the case is there.
        #[serde(default)]
        note: Option<String>,
    }

    /// A mention as the text shows it and its TIMEX value.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ExpectedDate {
        text: String,
        value: String,
    }

    const CASES: &str = "tests/cases/dates.jsonl";

    fn date_cases() -> Vec<DateCase> {
        cases::parse(CASES, include_str!("../../tests/cases/dates.jsonl"))
    }

    /// The publication date of a case: `Ok(None)` for null, `Err` for a string that is no date.
    fn published(case: &DateCase) -> Result<Option<NaiveDate>, String> {
        case.published
            .as_deref()
            .map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").map_err(|e| format!("{p:?}: {e}")))
            .transpose()
    }

    /// Every case of `tests/cases/dates.jsonl` runs through `extract` with its publication
    /// date, and the test fails once, naming each failing case. The groups are the tests the
    /// cases came from: `seed_article_sentences` (the seed article of `corpus/seed`),
    /// `timebank_sentences` (sentences written after TempEval-3's TimeBank, with its
    /// publication dates and values), `absolute_forms_need_no_publication_date`,
    /// `capitalisation_and_context_decide_months` and a fuzzer regression.
    #[test]
    fn date_cases_as_data() {
        let mut run = cases::Run::new(CASES);
        for case in date_cases() {
            let expected: Vec<(&str, &str)> = case
                .expected
                .iter()
                .map(|e| (e.text.as_str(), e.value.as_str()))
                .collect();
            let got = published(&case).map(|p| {
                extract(&case.text, p)
                    .iter()
                    .map(|m| {
                        let text = &case.text[m.span.start..m.span.end];
                        (text.to_string(), m.value.clone())
                    })
                    .collect::<Vec<_>>()
            });
            let passed = got.as_ref().is_ok_and(|got| {
                got.iter()
                    .map(|(t, v)| (t.as_str(), v.as_str()))
                    .eq(expected.iter().copied())
            });
            run.record(&case.id, &case.status, passed, || {
                format!(
                    "({})\n  note:      {}\n  published: {:?}\n  text:      {:?}\n  expected:  {expected:?}\n  got:       {got:?}",
                    case.group,
                    case.note.as_deref().unwrap_or("-"),
                    case.published,
                    case.text
                )
            });
        }
        run.finish();
    }

    /// Ids are unique slugs, statuses known, texts non-empty, publication dates real dates, and
    /// every expected mention is text of the case with a TIMEX value.
    #[test]
    fn date_cases_are_well_formed() {
        let mut problems = cases::Problems::default();
        for case in date_cases() {
            problems.check_case(&case.id, &case.status, &case.group, Some(&case.text));
            if let Err(e) = published(&case) {
                problems.push(format!("{}: published {e}", case.id));
            }
            for e in &case.expected {
                if e.text.is_empty() || !case.text.contains(&e.text) {
                    problems.push(format!("{}: {:?} is not in the text", case.id, e.text));
                }
                let timex = [4, 7, 10].contains(&e.value.len())
                    && e.value.chars().enumerate().all(|(i, c)| match i {
                        4 | 7 => c == '-',
                        _ => c.is_ascii_digit(),
                    });
                if !timex {
                    problems.push(format!("{}: {:?} is no TIMEX date", case.id, e.value));
                }
            }
        }
        // 40 cases when they moved out of this file.
        problems.finish(CASES, 40);
    }

    #[test]
    fn never_panics_and_spans_are_sorted() {
        let bodies = [
            "",
            "   \r\n",
            "«Mardi» — le 20 janvier, in März 2025 — 日本 on Tuesday, Jan. 31, 2025年",
            "February 29 and February 30, 13/45/2025, 2025-02-30, 9999-12-31, in 0000",
            "since 2099 and 1900 years ago and 999 days ago on December 31",
        ];
        for body in bodies {
            for published in [
                None,
                date("2025-03-12"),
                Some(NaiveDate::MAX),
                Some(NaiveDate::MIN),
            ] {
                let found = extract(body, published);
                for w in found.windows(2) {
                    assert!(w[0].span.end <= w[1].span.start);
                }
                for m in &found {
                    assert!(body.get(m.span.start..m.span.end).is_some());
                }
            }
        }
    }
}
