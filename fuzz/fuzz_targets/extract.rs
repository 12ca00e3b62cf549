//! Passage splitting and the whole extraction pipeline on arbitrary text.
//!
//! `passage::split` promises spans in order, non-overlapping, each trimmed of surrounding
//! whitespace, covering every non-whitespace character. `annotate` promises every span is a byte
//! range on char boundaries inside the body.
#![no_main]

use std::path::PathBuf;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use newsdex::article::{Article, Origin};
use newsdex::extract::{annotate, passage, Span};

fn check(body: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= body.len(),
        "{what} {span:?} outside the body of {} bytes",
        body.len()
    );
    assert!(
        body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };

    let spans = passage::split(body);
    let mut covered_to = 0;
    for &span in &spans {
        check(body, span, "passage");
        assert!(
            span.start >= covered_to,
            "passage {span:?} out of order or overlapping"
        );
        let text = &body[span.start..span.end];
        assert!(
            !text.is_empty() && text.trim() == text,
            "passage {span:?} not trimmed: {text:?}"
        );
        let gap = &body[covered_to..span.start];
        assert!(
            gap.trim().is_empty(),
            "text {gap:?} before {span:?} in no passage"
        );
        covered_to = span.end;
    }
    assert!(
        body[covered_to..].trim().is_empty(),
        "the end of the body is in no passage"
    );

    let article = Article {
        id: "fuzz".to_string(),
        title: String::new(),
        published: NaiveDate::from_ymd_opt(2025, 3, 12).and_then(|d| d.and_hms_opt(0, 0, 0)),
        source: None,
        url: None,
        author: None,
        body: body.to_string(),
        origin: Origin {
            path: PathBuf::from("fuzz-input"),
            line: None,
        },
    };
    let annotated = annotate(&article);
    for entity in &annotated.entities {
        check(body, entity.span, "entity");
    }
    for quote in &annotated.quotes {
        check(body, quote.span, "quote");
        if let Some(span) = quote.speaker_span {
            check(body, span, "speaker");
        }
    }
    for date in &annotated.dates {
        check(body, date.span, "date");
    }
    for passage in &annotated.passages {
        check(body, passage.span, "annotated passage");
    }
});
