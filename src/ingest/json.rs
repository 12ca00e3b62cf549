//! JSON articles: one object, an array of them, or one a line (JSON Lines).
//!
//! Takes a parsed JSON value and gives a `Draft`, reading the field names news dumps actually
//! use (`headline`, `pubDate`, `byline`, `_id`, nested `{"name": ..}` publishers, MongoDB's
//! `{"$date": ..}` and `{"$oid": ..}`). The body is kept exactly as stored.

use serde_json::{Map, Value};

use super::{Draft, RawDate};

const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &["body", "text", "content", "article"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publish_date",
    "pubDate",
    "datePublished",
    "date_published",
];
const SOURCE: &[&str] = &["source", "outlet", "publisher", "site"];
const URL: &[&str] = &["url", "link"];
const AUTHOR: &[&str] = &["author", "authors", "byline"];
const ID: &[&str] = &["id", "_id", "guid"];

/// Take the first of `names` present with a non-null value: exact spelling first, then any case
/// (dumps disagree on `pubDate` versus `pubdate`).
fn take(map: &mut Map<String, Value>, names: &[&str]) -> Option<Value> {
    for name in names {
        if let Some(v) = map.remove(*name).filter(|v| !v.is_null()) {
            return Some(v);
        }
    }
    let key = map.iter().find_map(|(k, v)| {
        let matches = names.iter().any(|n| n.eq_ignore_ascii_case(k));
        (matches && !v.is_null()).then(|| k.clone())
    })?;
    map.remove(&key)
}

/// A name-like value: a string, a number, or an object carrying one under `name`/`$oid`.
fn plain(v: Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(mut m) => return take(&mut m, &["name", "$oid"]).and_then(plain),
        _ => return None,
    };
    Some(s).filter(|s| !s.is_empty())
}

/// Authors as one string: an array of names (or of `{"name": ..}`) is joined with ", ".
fn authors(v: Value) -> Option<String> {
    match v {
        Value::Array(items) => {
            let names: Vec<String> = items.into_iter().filter_map(plain).collect();
            Some(names.join(", ")).filter(|s| !s.is_empty())
        }
        other => plain(other),
    }
}

fn date(v: Value) -> RawDate {
    match v {
        Value::String(s) => RawDate::Text(s),
        Value::Number(n) => match n.as_f64() {
            Some(x) => RawDate::Epoch(x),
            None => RawDate::Unsupported(n.to_string()),
        },
        Value::Object(mut m) if m.contains_key("$date") => match m.remove("$date") {
            Some(Value::Object(mut inner)) => match inner.remove("$numberLong") {
                Some(Value::String(s)) => RawDate::Text(s),
                _ => RawDate::Unsupported(Value::Object(inner).to_string()),
            },
            Some(inner) => date(inner),
            None => RawDate::Missing,
        },
        other => RawDate::Unsupported(other.to_string()),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One article object as a draft; `Err` says why the value is not an article.
pub(super) fn draft(value: Value) -> Result<Draft, String> {
    let mut map = match value {
        Value::Object(map) => map,
        other => return Err(format!("{}, not an object", kind_of(&other))),
    };
    let body = match take(&mut map, BODY) {
        Some(Value::String(s)) => s,
        // Some scrapers store paragraphs as a list; a blank line between them keeps them apart
        // for the passage splitter.
        Some(Value::Array(parts)) if parts.iter().all(Value::is_string) => parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Some(other) => return Err(format!("the body is {}", kind_of(&other))),
        None => return Err(format!("no body field (one of {})", BODY.join(", "))),
    };
    Ok(Draft {
        id: take(&mut map, ID).and_then(plain),
        title: take(&mut map, TITLE).and_then(plain).unwrap_or_default(),
        date: take(&mut map, DATE).map_or(RawDate::Missing, date),
        source: take(&mut map, SOURCE).and_then(plain),
        url: take(&mut map, URL).and_then(plain),
        author: take(&mut map, AUTHOR).and_then(authors),
        body,
    })
}

/// serde_json's message without its "at line 1 column 5" tail, which would name the wrong line
/// inside a JSON Lines file; the column is kept.
pub(super) fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&tail) {
        Some(msg) if e.line() > 0 => format!("{msg} (column {})", e.column()),
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const BODY_TEXT: &str = "Texas Commerce Bancshares Inc's Texas\nCommerce Bank-Houston said it \
filed an application with the\nComptroller of the Currency in an effort to create the largest\n\
banking network in Harris County.\n    The bank said the network would link 31 banks having\n\
13.5 billion dlrs in assets and 7.5 billion dlrs in deposits.\n       \n Reuter\n\u{3}";

    #[test]
    fn every_field_name_variant() {
        let cases: Vec<(Value, &str)> = vec![
            (json!({"title": "T", "body": BODY_TEXT}), "title/body"),
            (json!({"headline": "T", "text": BODY_TEXT}), "headline/text"),
            (json!({"Title": "T", "content": BODY_TEXT}), "Title/content"),
            (json!({"title": "T", "article": BODY_TEXT}), "article"),
        ];
        for (value, label) in cases {
            let d = draft(value).unwrap();
            assert_eq!(
                (d.title.as_str(), d.body.as_str()),
                ("T", BODY_TEXT),
                "{label}"
            );
        }
        for key in DATE {
            let d = draft(json!({"body": "b", *key: "1987-02-26"})).unwrap();
            assert_eq!(d.date, RawDate::Text("1987-02-26".into()), "{key}");
        }
        for key in SOURCE {
            let d = draft(json!({"body": "b", *key: "Reuters"})).unwrap();
            assert_eq!(d.source.as_deref(), Some("Reuters"), "{key}");
            let d = draft(json!({"body": "b", *key: {"name": "Reuters", "url": "x"}})).unwrap();
            assert_eq!(d.source.as_deref(), Some("Reuters"), "{key} nested");
        }
        for key in URL {
            let d = draft(json!({"body": "b", *key: " http://www.nytimes.com/a.html "})).unwrap();
            assert_eq!(
                d.url.as_deref(),
                Some("http://www.nytimes.com/a.html"),
                "{key}"
            );
        }
        for key in AUTHOR {
            let d = draft(json!({"body": "b", *key: "Andrew Higgins"})).unwrap();
            assert_eq!(d.author.as_deref(), Some("Andrew Higgins"), "{key}");
            let d = draft(
                json!({"body": "b", *key: ["Andrew Higgins", {"name": "Anton Troianovski"}]}),
            )
            .unwrap();
            assert_eq!(
                d.author.as_deref(),
                Some("Andrew Higgins, Anton Troianovski"),
                "{key} list"
            );
        }
        for key in ID {
            let d = draft(json!({"body": "b", *key: "reuters21578-3"})).unwrap();
            assert_eq!(d.id.as_deref(), Some("reuters21578-3"), "{key}");
            let d = draft(json!({"body": "b", *key: 21578})).unwrap();
            assert_eq!(d.id.as_deref(), Some("21578"), "{key} number");
        }
        let d = draft(
            json!({"body": "b", "_id": {"$oid": "5f1a"}, "date": {"$date": 1741788120000i64}}),
        )
        .unwrap();
        assert_eq!(d.id.as_deref(), Some("5f1a"));
        assert_eq!(d.date, RawDate::Epoch(1741788120000.0));
    }

    #[test]
    fn first_non_null_variant_wins() {
        let d =
            draft(json!({"body": null, "text": "second", "title": null, "headline": "H"})).unwrap();
        assert_eq!((d.title.as_str(), d.body.as_str()), ("H", "second"));
        let d = draft(json!({"body": "first", "text": "second"})).unwrap();
        assert_eq!(d.body, "first");
        let d = draft(json!({"body": ["One paragraph.", "Another."]})).unwrap();
        assert_eq!(d.body, "One paragraph.\n\nAnother.");
        let d = draft(json!({"body": "b", "title": "T", "id": "  ", "url": ""})).unwrap();
        assert_eq!((d.id, d.url), (None, None));
    }

    #[test]
    fn values_that_are_not_articles() {
        let cases = [
            (json!(42), "a number, not an object"),
            (json!([1]), "an array, not an object"),
            (
                json!({"title": "T"}),
                "no body field (one of body, text, content, article)",
            ),
            (json!({"body": 3}), "the body is a number"),
        ];
        for (value, want) in cases {
            assert_eq!(draft(value).err().as_deref(), Some(want));
        }
    }

    #[test]
    fn json_message_drops_the_position() {
        let e = serde_json::from_str::<Value>("{\"a\": }").unwrap_err();
        assert_eq!(json_message(&e), "expected value (column 7)");
    }
}
