//! Plain-text and Markdown articles: a `Key: value` header (or Markdown front matter), a blank
//! line, then the body; or, without a header, a title line and the body after it.
//!
//! Takes the decoded file and gives a `Draft`. The body is a slice of the file as written
//! (leading blank lines and trailing whitespace aside), so offsets into it stay honest.

use super::Draft;
use super::RawDate;

/// The header keys that make a first line a header line. Other `Key: value` lines inside a
/// header are tolerated and ignored, but cannot start one: a title such as "Crisis: what next"
/// must not be taken for a header.
const KEYS: [&str; 6] = ["title", "date", "source", "url", "author", "id"];

pub(super) fn parse(text: &str) -> Draft {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut draft = Draft::default();
    let body_start = match front_matter(text, &mut draft).or_else(|| header(text, &mut draft)) {
        Some(start) => start,
        None => match title_line(text) {
            Some((title, end)) => {
                draft.title = title;
                end
            }
            None => text.len(),
        },
    };
    draft.body = body_from(text, body_start).to_string();
    draft
}

/// `(line, offset of the line's end including its newline)` for each line from `start`.
fn lines_from(text: &str, start: usize) -> impl Iterator<Item = (&str, usize)> {
    let rest = text.get(start..).unwrap_or("");
    rest.split_inclusive('\n').scan(start, |end, line| {
        *end += line.len();
        Some((line, *end))
    })
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The body: from `start`, whole blank lines dropped at the front, whitespace at the back.
fn body_from(text: &str, start: usize) -> &str {
    let mut first = text.len();
    let mut at = start;
    for (line, end) in lines_from(text, start) {
        if !is_blank(line) {
            first = at;
            break;
        }
        at = end;
    }
    text.get(first..).unwrap_or("").trim_end()
}

/// `Key: value` with a one-word key; `None` for prose.
fn key_line(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let ok = !key.is_empty()
        && key.len() <= 32
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    ok.then(|| (key.to_lowercase(), value.trim()))
}

fn is_known(key: &str) -> bool {
    KEYS.contains(&key)
}

fn set_field(draft: &mut Draft, key: &str, value: &str) {
    let value = value.to_string();
    let slot = match key {
        "title" => {
            draft.title = value;
            return;
        }
        "date" => {
            draft.date = RawDate::Text(value);
            return;
        }
        "source" => &mut draft.source,
        "url" => &mut draft.url,
        "author" => &mut draft.author,
        "id" => &mut draft.id,
        _ => return,
    };
    *slot = Some(value).filter(|v| !v.is_empty());
}

/// A `Key: value` header whose first line is a known key. Returns where the body starts: after
/// the blank line that closes the header, or at the first line that is not `Key: value`.
fn header(text: &str, draft: &mut Draft) -> Option<usize> {
    let mut lines = lines_from(text, 0).peekable();
    let (first, _) = lines.peek()?;
    if !key_line(first).is_some_and(|(k, _)| is_known(&k)) {
        return None;
    }
    let mut at = 0;
    for (line, end) in lines {
        if is_blank(line) {
            return Some(end);
        }
        match key_line(line) {
            Some((key, value)) => set_field(draft, &key, value),
            None => return Some(at),
        }
        at = end;
    }
    Some(text.len())
}

/// Markdown front matter: `---`, `key: value` lines (values possibly quoted), `---`.
fn front_matter(text: &str, draft: &mut Draft) -> Option<usize> {
    let mut lines = lines_from(text, 0);
    let (first, _) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut fields: Vec<(String, &str)> = Vec::new();
    for (line, end) in lines {
        if line.trim_end() == "---" {
            for (key, value) in fields {
                set_field(draft, &key, value);
            }
            return Some(end);
        }
        if let Some((key, value)) = key_line(line) {
            let unquoted = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            fields.push((key, unquoted));
        }
    }
    // No closing fence: a horizontal rule, not front matter.
    None
}

/// The first non-blank line as a title (a Markdown `# ` marker removed), and where it ends.
fn title_line(text: &str) -> Option<(String, usize)> {
    let (line, end) = lines_from(text, 0).find(|(line, _)| !is_blank(line))?;
    let line = line.trim();
    let title = match line.trim_start_matches('#') {
        rest if rest.len() < line.len() && rest.starts_with(' ') => rest.trim(),
        _ => line,
    };
    Some((title.to_string(), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Opening of /work/shared/data/seed-article.txt.
    const SEED: &str =
        "A temporary truce in the conflict between Russia and Ukraine was vehemently \
opposed by Russian President Vladimir V. Putin as late as January.\nAfter a month of Trump's \
foreign policy shift and Russian advances in a pivotal fight, the Kremlin seems eager to consider \
the 30-day ceasefire offer from the US and Ukraine, which was made public on Tuesday.";

    #[test]
    fn header_fields_and_exact_body() {
        let text = format!(
            "Title: A recent proposal for an interim ceasefire in Ukraine was rejected by Russia's Putin\n\
             date: 2025-03-12\nSOURCE: The New York Times\nURL: https://example.com/putin\n\
             Author: Anton Troianovski\nId: seed-1\n\n{SEED}\n\n"
        );
        let d = parse(&text);
        assert_eq!(
            d.title,
            "A recent proposal for an interim ceasefire in Ukraine was rejected by Russia's Putin"
        );
        assert_eq!(d.date, RawDate::Text("2025-03-12".into()));
        assert_eq!(d.source.as_deref(), Some("The New York Times"));
        assert_eq!(d.url.as_deref(), Some("https://example.com/putin"));
        assert_eq!(d.author.as_deref(), Some("Anton Troianovski"));
        assert_eq!(d.id.as_deref(), Some("seed-1"));
        assert_eq!(d.body, SEED);
    }

    #[test]
    fn body_keeps_indentation_and_inner_blank_lines() {
        // Reuters-21578 indents paragraphs; those spaces are part of the offsets downstream.
        let body =
            "Showers continued throughout the week in\nthe Bahia cocoa zone.\n\n    The dry \
period means the temporao will be late this year.";
        let d = parse(&format!("Title: BAHIA COCOA REVIEW\r\n\r\n\n{body}\n"));
        assert_eq!(d.title, "BAHIA COCOA REVIEW");
        assert_eq!(d.body, body);
    }

    #[test]
    fn no_header_first_line_is_title() {
        let cases = [
            (
                "Bahia cocoa review\nShowers continued.\n",
                "Bahia cocoa review",
                "Showers continued.",
            ),
            (
                "\n\n  Bahia cocoa review  \n\n\nShowers continued.",
                "Bahia cocoa review",
                "Showers continued.",
            ),
            (
                "# Bahia cocoa review\n\nShowers continued.",
                "Bahia cocoa review",
                "Showers continued.",
            ),
            ("#hashtag\nbody", "#hashtag", "body"),
            // A title that looks like `Key: value` but with an unknown key is still a title.
            (
                "Crisis: what next for Kyiv\nbody",
                "Crisis: what next for Kyiv",
                "body",
            ),
            ("Only a title\n", "Only a title", ""),
            ("", "", ""),
            ("\u{feff}Títol català\ncos", "Títol català", "cos"),
        ];
        for (text, title, body) in cases {
            let d = parse(text);
            assert_eq!(
                (d.title.as_str(), d.body.as_str()),
                (title, body),
                "{text:?}"
            );
            assert_eq!(d.date, RawDate::Missing);
        }
    }

    #[test]
    fn header_without_blank_line_and_with_unknown_keys() {
        let d = parse("Title: Kremlin studies truce\nSection: World\nThe Kremlin is \"carefully studying\" it.\n");
        assert_eq!(d.title, "Kremlin studies truce");
        assert_eq!(d.body, "The Kremlin is \"carefully studying\" it.");
        // Header only: no body.
        let d = parse("Title: Kremlin studies truce\nDate: 2025-03-12");
        assert_eq!(d.body, "");
        assert_eq!(d.date, RawDate::Text("2025-03-12".into()));
    }

    #[test]
    fn markdown_front_matter() {
        let d = parse(
            "---\ntitle: \"Putin weighs truce\"\ndate: 2025-03-12\nurl: ''\n---\n\nBody here.\n",
        );
        assert_eq!(d.title, "Putin weighs truce");
        assert_eq!(d.date, RawDate::Text("2025-03-12".into()));
        assert_eq!(d.url, None);
        assert_eq!(d.body, "Body here.");
        // An unclosed fence is a rule, and the fence line becomes the title.
        let d = parse("---\nBody here.");
        assert_eq!((d.title.as_str(), d.body.as_str()), ("---", "Body here."));
    }
}
