//! Readable results: one block per hit, then the facet tables.
//!
//! Every field from the corpus goes through `terminal::clean` (snippets piece by piece, in
//! `highlighted`): this output is for a terminal, which would obey escape sequences in a title.

use std::io::{self, Write};

use owo_colors::{OwoColorize, Style};

use super::terminal::clean;
use crate::search::{FacetCount, Hit, SearchResults};

/// Marks around highlighted terms when colour is off, so matches stay visible in a pipe.
const MARK_OPEN: &str = "**";
const MARK_CLOSE: &str = "**";

pub fn write<W: Write>(out: &mut W, results: &SearchResults, color: bool) -> io::Result<()> {
    let styles = Styles::new(color);
    let shown = results.hits.len();
    let first = results.offset + 1;
    if shown == 0 {
        if results.total == 0 {
            writeln!(out, "no passages match {:?}", results.query)?;
        } else {
            let total = results.total;
            writeln!(
                out,
                "{total} matching passages, none past --offset {}",
                results.offset
            )?;
        }
    } else {
        let heading = format!(
            "{} matching {}; showing {}-{}",
            results.total,
            if results.total == 1 {
                "passage"
            } else {
                "passages"
            },
            first,
            results.offset + shown
        );
        writeln!(out, "{}\n", heading.style(styles.heading))?;
    }
    for hit in &results.hits {
        write_hit(out, hit, &styles)?;
    }
    for (facet, rows) in &results.facets {
        writeln!(out, "{}", format!("{facet}:").style(styles.heading))?;
        if rows.is_empty() {
            writeln!(out, "  (none)")?;
        }
        write_counts(out, rows)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A table of counts, right-aligned, one row a value.
pub fn write_counts<W: Write>(out: &mut W, rows: &[FacetCount]) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    for row in rows {
        writeln!(out, "  {:>width$}  {}", row.count, clean(&row.value))?;
    }
    Ok(())
}

fn write_hit<W: Write>(out: &mut W, hit: &Hit, styles: &Styles) -> io::Result<()> {
    let score = hit
        .score
        .map(|s| format!("  score {s:.2}"))
        .unwrap_or_default();
    let meta = [hit.date.as_deref(), hit.source.as_deref()]
        .into_iter()
        .flatten()
        .map(clean)
        .collect::<Vec<_>>()
        .join(" · ");
    writeln!(
        out,
        "{}{}  {}",
        format!("{}.", hit.rank).style(styles.rank),
        score.style(styles.dim),
        meta
    )?;
    writeln!(out, "   {}", clean(&hit.title).style(styles.title))?;
    writeln!(
        out,
        "   {}",
        highlighted(&hit.snippet.text, &hit.snippet.highlights, styles)
    )?;
    if !hit.speakers.is_empty() {
        writeln!(
            out,
            "   {} {}",
            "speakers:".style(styles.dim),
            clean(&hit.speakers.join("; "))
        )?;
    }
    if !hit.entities.is_empty() {
        writeln!(
            out,
            "   {} {}",
            "entities:".style(styles.dim),
            clean(&hit.entities.join("; "))
        )?;
    }
    let location = hit.url.as_deref().unwrap_or(&hit.path);
    writeln!(
        out,
        "   {}",
        format!(
            "{} #{}  {}",
            clean(&hit.article_id),
            hit.passage,
            clean(location)
        )
        .style(styles.dim)
    )?;
    if !hit.copies.is_empty() {
        let n = hit.copies.len();
        let outlets: Vec<String> = hit
            .copies
            .iter()
            .map(|c| {
                let source = c.source.as_deref().unwrap_or(&c.article_id);
                match &c.date {
                    Some(date) => format!("{source} {date}"),
                    None => source.to_string(),
                }
            })
            .collect();
        let copies = if n == 1 { "copy" } else { "copies" };
        writeln!(
            out,
            "   {}",
            format!("and {n} other {copies}: {}", clean(&outlets.join("; "))).style(styles.dim)
        )?;
    }
    writeln!(out)
}

/// The snippet with its highlighted character ranges marked, on one line and cleaned for the
/// terminal. The text is cleaned a piece at a time, between and within the highlights, since
/// cleaning it whole first would shift the highlights' character offsets.
fn highlighted(text: &str, ranges: &[[usize; 2]], styles: &Styles) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut plain = String::new();
    let mut chars = text.chars().enumerate().peekable();
    let mut ranges = ranges.iter().peekable();
    while let Some((index, c)) = chars.next() {
        match ranges.peek() {
            Some(&&[start, end]) if index == start => {
                let mut term = String::from(c);
                while let Some((_, c)) = chars.next_if(|(i, _)| *i < end) {
                    term.push(c);
                }
                ranges.next();
                out.push_str(&clean(&plain));
                plain.clear();
                let term = clean(&term);
                if styles.color {
                    out.push_str(&term.style(styles.highlight).to_string());
                } else {
                    out.push_str(MARK_OPEN);
                    out.push_str(&term);
                    out.push_str(MARK_CLOSE);
                }
            }
            _ => plain.push(c),
        }
    }
    out.push_str(&clean(&plain));
    out
}

struct Styles {
    color: bool,
    heading: Style,
    rank: Style,
    title: Style,
    dim: Style,
    highlight: Style,
}

impl Styles {
    fn new(color: bool) -> Styles {
        if !color {
            let plain = Style::new();
            return Styles {
                color,
                heading: plain,
                rank: plain,
                title: plain,
                dim: plain,
                highlight: plain,
            };
        }
        Styles {
            color,
            heading: Style::new().bold(),
            rank: Style::new().bold().green(),
            title: Style::new().bold(),
            dim: Style::new().dimmed(),
            highlight: Style::new().bold().red(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_marked_without_colour() {
        let styles = Styles::new(false);
        let text = "Kremlin is “carefully studying” the ceasefire";
        assert_eq!(
            highlighted(text, &[[0, 7], [36, 45]], &styles),
            "**Kremlin** is “carefully studying” the **ceasefire**"
        );
        assert_eq!(
            highlighted("two\nlines", &[[4, 9]], &styles),
            "two **lines**"
        );
        // Escape sequences go, before, after and inside highlights, offsets unchanged.
        assert_eq!(
            highlighted(
                "said \u{1b}[31mLopez\u{1b}[0m \u{1b}]0;x\u{7}tight",
                &[[10, 15], [26, 31]],
                &styles
            ),
            "said **Lopez** **tight**"
        );
    }
}
