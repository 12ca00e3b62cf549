//! Publication dates and date mentions. The first line is a publication date as an article
//! header would give it; the rest is a body whose dates are resolved against that day.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use newsdex::extract::dates;
use newsdex::ingest::parse_published;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (header, body) = text.split_once('\n').unwrap_or((text, text));
    let published = parse_published(header).map(|p| p.date());
    let fallback = NaiveDate::from_ymd_opt(2025, 3, 12).expect("a real day");
    for day in [published, Some(fallback), None] {
        let mut last_end = 0;
        for mention in dates::extract(body, day) {
            let span = mention.span;
            assert!(
                span.start >= last_end,
                "{span:?} overlaps or precedes the mention before it"
            );
            last_end = span.end;
            assert!(
                span.start <= span.end && span.end <= body.len(),
                "{span:?} outside the body"
            );
            assert!(
                body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
                "{span:?} not on char boundaries"
            );
            // TIMEX: YYYY, YYYY-MM or YYYY-MM-DD, the year at least four digits (an epoch
            // publication date can be past 9999 or before year 0).
            let value = mention.value.as_str();
            let mut parts = value.strip_prefix('-').unwrap_or(value).split('-');
            let year = parts.next().unwrap_or("");
            let rest: Vec<&str> = parts.collect();
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            assert!(
                year.len() >= 4
                    && digits(year)
                    && rest.len() <= 2
                    && rest.iter().all(|p| p.len() == 2 && digits(p)),
                "value {value:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
            );
        }
    }
});
