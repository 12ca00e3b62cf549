//! Publication dates as news dumps write them, to the wall time the newsroom meant.
//!
//! Takes one date string (ISO 8601, RFC 2822, "March 12, 2025", "12 March 2025", "2025/03/12",
//! epoch seconds) and gives a `NaiveDateTime`, or `None` when it cannot be understood. An offset
//! or zone name is dropped rather than applied: "Tuesday" in the article means Tuesday where it
//! was written, not in UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// Above this an epoch number is taken to be milliseconds: 10^11 seconds is the year 5138, while
/// 10^11 milliseconds is 1973, so no real news date is ambiguous.
const EPOCH_MILLIS_ABOVE: f64 = 1e11;

/// Parse a publication date. Empty and unrecognised strings give `None`; the caller tells the two
/// apart (an empty date is not a problem, an unrecognised one is).
pub fn parse_published(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_digits(s);
    }
    if let Some(t) = parse_numeric(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.naive_local());
    }
    parse_words(s)
}

/// A JSON number as a date: epoch seconds, or milliseconds when it is too large to be seconds.
pub fn from_epoch(n: f64) -> Option<NaiveDateTime> {
    if !n.is_finite() {
        return None;
    }
    let millis = if n.abs() > EPOCH_MILLIS_ABOVE {
        n
    } else {
        n * 1000.0
    };
    // Outside i64 the cast saturates and chrono then rejects the value, so this cannot wrap.
    DateTime::from_timestamp_millis(millis.round() as i64).map(|t| t.naive_utc())
}

fn parse_digits(s: &str) -> Option<NaiveDateTime> {
    // "20250312" is ISO 8601's basic form; as epoch seconds it would be August 1970, which no
    // news dump means.
    if s.len() == 8 {
        let n = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok());
        let date = NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?);
        if let Some(date) = date.filter(|d| (1800..2200).contains(&chrono::Datelike::year(d))) {
            return date.and_hms_opt(0, 0, 0);
        }
    }
    // A year alone ("2004") is not a point in time; reading it as epoch seconds would invent one.
    if s.len() < 9 {
        return None;
    }
    s.parse::<f64>().ok().and_then(from_epoch)
}

/// A tiny cursor over ASCII, so that no slice can fall inside a multi-byte character.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` digits, as a number.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        let mut n: u32 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    n = n.saturating_mul(10).saturating_add(u32::from(b - b'0'));
                    self.pos += 1;
                }
                _ => break,
            }
        }
        (self.pos - start >= min).then_some(n)
    }

    fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, then optionally `T` or a space, `HH:MM[:SS[.frac]]` and an offset.
fn parse_numeric(s: &str) -> Option<NaiveDateTime> {
    let mut c = Cursor {
        bytes: s.as_bytes(),
        pos: 0,
    };
    let year = c.number(4, 4)?;
    let sep = c.peek().filter(|b| *b == b'-' || *b == b'/')?;
    c.pos += 1;
    let month = c.number(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.number(1, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    if c.done() {
        return date.and_hms_opt(0, 0, 0);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let time = parse_clock(&mut c)?;
    // The offset is checked for shape only: it is dropped, see the module doc.
    while c.eat(b' ') {}
    if c.eat(b'Z') || c.eat(b'z') {
    } else if c.eat(b'+') || c.eat(b'-') {
        c.number(2, 2)?;
        if c.eat(b':') {
            c.number(2, 2)?;
        } else {
            c.number(0, 2)?;
        }
    } else if !c.done() {
        let rest = s.get(c.pos..)?;
        if !is_zone_name(rest) {
            return None;
        }
        c.pos = c.bytes.len();
    }
    c.done().then(|| date.and_time(time))
}

/// `H:MM`, `HH:MM:SS`, `HH:MM:SS.fff`.
fn parse_clock(c: &mut Cursor<'_>) -> Option<NaiveTime> {
    let hour = c.number(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.number(2, 2)?;
    let mut second = 0;
    let mut nano = 0;
    if c.eat(b':') {
        second = c.number(2, 2)?;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.pos;
            let frac = c.number(1, 9)?;
            let digits = c.pos - start;
            nano = frac * 10u32.pow(9 - digits as u32);
            // Digits past nanoseconds carry nothing a news date needs.
            c.number(0, usize::MAX);
        }
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
}

fn is_zone_name(s: &str) -> bool {
    (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "March", "Mar", "Mar.", "Sept." → 1-based month.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w.as_str()))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    w.len() >= 3
        && [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
        .iter()
        .any(|d| d.starts_with(w.as_str()))
}

/// "12th" → 12.
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Dates written in words: "[Weekday,] March 12, 2025" or "[Weekday,] 12 March 2025", optionally
/// followed by a clock time, "am"/"pm" and a zone ("2:02 p.m. ET").
fn parse_words(s: &str) -> Option<NaiveDateTime> {
    let mut words = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    if words.peek().is_some_and(|w| is_weekday(w)) {
        words.next();
    }
    let first = words.next()?;
    let second = words.next()?;
    let (month, day) = match (month_number(first), month_number(second)) {
        (Some(m), None) => (m, day_number(second)?),
        (None, Some(m)) => (m, day_number(first)?),
        _ => return None,
    };
    let year = words.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)?;
    let mut time = NaiveTime::MIN;
    let mut rest = words.skip_while(|w| w.eq_ignore_ascii_case("at"));
    if let Some(clock) = rest.next() {
        let mut c = Cursor {
            bytes: clock.as_bytes(),
            pos: 0,
        };
        time = parse_clock(&mut c)?;
        if !c.done() {
            return None;
        }
        let mut next = rest.next();
        let meridiem = next.map(|w| w.replace('.', "").to_ascii_lowercase());
        let hour = chrono::Timelike::hour(&time);
        match meridiem.as_deref() {
            Some("pm") if hour < 12 => time += chrono::TimeDelta::hours(12),
            Some("am") if hour == 12 => time -= chrono::TimeDelta::hours(12),
            _ => {}
        }
        if matches!(meridiem.as_deref(), Some("am" | "pm")) {
            next = rest.next();
        }
        if let Some(zone) = next {
            let offset = zone.trim_start_matches(['+', '-']);
            let is_offset = zone.starts_with(['+', '-'])
                && !offset.is_empty()
                && offset.bytes().all(|b| b.is_ascii_digit() || b == b':');
            if !(is_zone_name(zone) || is_offset) || rest.next().is_some() {
                return None;
            }
        }
    }
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, milli: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_milli_opt(h, mi, s, milli))
            .unwrap()
    }

    #[test]
    fn every_documented_format() {
        let cases = [
            ("2025-03-12", at(2025, 3, 12, 0, 0, 0, 0)),
            ("2025-03-12T14:02", at(2025, 3, 12, 14, 2, 0, 0)),
            ("2025-03-12T14:02:00", at(2025, 3, 12, 14, 2, 0, 0)),
            // Reuters-21578's own spelling.
            ("1987-02-26T15:01:01.790", at(1987, 2, 26, 15, 1, 1, 790)),
            (
                "2025-03-12T14:02:00.1234567891234",
                at(2025, 3, 12, 14, 2, 0, 0) + chrono::TimeDelta::nanoseconds(123_456_789),
            ),
            (
                "2025-03-12T14:02:00.999999999999999999999999999999Z",
                at(2025, 3, 12, 14, 2, 0, 0) + chrono::TimeDelta::nanoseconds(999_999_999),
            ),
            ("2025-03-12T14:02:00Z", at(2025, 3, 12, 14, 2, 0, 0)),
            (
                "2025-03-12T14:02:00.5+05:30",
                at(2025, 3, 12, 14, 2, 0, 500),
            ),
            ("2025-03-12T14:02:00-0500", at(2025, 3, 12, 14, 2, 0, 0)),
            ("2025-03-12T14:02+01", at(2025, 3, 12, 14, 2, 0, 0)),
            ("2025-03-12 14:02:00", at(2025, 3, 12, 14, 2, 0, 0)),
            ("2025-03-12 14:02:00 UTC", at(2025, 3, 12, 14, 2, 0, 0)),
            (
                "Wed, 12 Mar 2025 14:02:00 +0000",
                at(2025, 3, 12, 14, 2, 0, 0),
            ),
            (
                "Wed, 12 Mar 2025 14:02:00 GMT",
                at(2025, 3, 12, 14, 2, 0, 0),
            ),
            (
                "Wed, 12 Mar 2025 09:02:00 -0500",
                at(2025, 3, 12, 9, 2, 0, 0),
            ),
            ("March 12, 2025", at(2025, 3, 12, 0, 0, 0, 0)),
            ("Mar. 12, 2025", at(2025, 3, 12, 0, 0, 0, 0)),
            ("Sept. 4, 2025", at(2025, 9, 4, 0, 0, 0, 0)),
            ("12 March 2025", at(2025, 3, 12, 0, 0, 0, 0)),
            ("Wednesday, March 12, 2025", at(2025, 3, 12, 0, 0, 0, 0)),
            ("March 12, 2025, 2:02 p.m. ET", at(2025, 3, 12, 14, 2, 0, 0)),
            ("March 12, 2025 12:30 AM", at(2025, 3, 12, 0, 30, 0, 0)),
            ("2025/03/12", at(2025, 3, 12, 0, 0, 0, 0)),
            ("2025/03/12 14:02", at(2025, 3, 12, 14, 2, 0, 0)),
            ("1741788120", at(2025, 3, 12, 14, 2, 0, 0)),
            ("1741788120000", at(2025, 3, 12, 14, 2, 0, 0)),
            ("20250312", at(2025, 3, 12, 0, 0, 0, 0)),
            ("  2025-03-12\n", at(2025, 3, 12, 0, 0, 0, 0)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_published(input), Some(want), "{input:?}");
        }
    }

    #[test]
    fn nonsense_is_none_and_never_panics() {
        let cases = [
            "",
            "   ",
            "yesterday",
            "2025",
            "2025-13-01",
            "2025-02-30",
            "2025-03-12T25:00",
            "2025-03-12T14:02:00 in the afternoon",
            "March 32, 2025",
            "Mars 12, 2025",
            "12 Mär 2025",
            "2025-03-1é",
            "März 12, 2025",
            "99999999999999999999999999",
        ];
        for input in cases {
            assert_eq!(parse_published(input), None, "{input:?}");
        }
    }

    #[test]
    fn every_prefix_of_odd_input_is_safe() {
        // Cut at every char boundary: multi-byte characters next to digits, separators and
        // names must never make a slice panic, and no date without its day can parse.
        let inputs = [
            "Mié, 12 März 2025 14:02:00 +05:30",
            "2025-03-12T14:02:0５Z",
            "12th Sept. 2025 ☃",
        ];
        for input in inputs {
            for (at, _) in input.char_indices() {
                let prefix = &input[..at];
                if prefix.len() < 9 {
                    assert_eq!(parse_published(prefix), None, "{prefix:?}");
                }
            }
            assert_eq!(parse_published(input), None, "{input:?}");
        }
    }

    #[test]
    fn epoch_numbers() {
        assert_eq!(from_epoch(1741788120.0), Some(at(2025, 3, 12, 14, 2, 0, 0)));
        assert_eq!(
            from_epoch(1741788120000.0),
            Some(at(2025, 3, 12, 14, 2, 0, 0))
        );
        assert_eq!(from_epoch(0.0), Some(at(1970, 1, 1, 0, 0, 0, 0)));
        assert_eq!(from_epoch(f64::NAN), None);
        assert_eq!(from_epoch(1e300), None);
    }
}
