//! Paragraph structure: lines, and the paragraphs a reader would see in them.
//!
//! Three layouts are told apart: blank lines between paragraphs (most web news), one
//! paragraph per line (pasted text, a body without blank lines that is not hard-wrapped), and
//! hard-wrapped wire copy (Reuters: ~65-column lines, paragraphs starting with an indented
//! line). Paragraph spans are in order, apart, and trimmed of whitespace; together they cover
//! every non-whitespace character. Meaning is not looked at: a heading or a byline is a
//! paragraph like any other.

use super::Span;

/// A line of the text: its span trimmed of whitespace, and how it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub span: Span,
    /// Starts with two spaces or a tab.
    pub indented: bool,
    /// Holds nothing but whitespace.
    pub blank: bool,
}

/// The lines of `text`, split at '\n' (a '\r' before it is trimmed as whitespace).
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        let end = start + raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let s = start + lead;
        out.push(Line {
            span: Span::new(s, s + trimmed.len()),
            indented: raw.starts_with("  ") || raw.starts_with('\t'),
            blank: trimmed.is_empty(),
        });
        start = end + 1;
    }
    out
}

/// The paragraphs of `text`, in order.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let lines = lines(text);
    // Blocks are runs of non-blank lines.
    let mut blocks: Vec<&[Line]> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank {
            i += 1;
            continue;
        }
        let j = lines[i..]
            .iter()
            .position(|l| l.blank)
            .map_or(lines.len(), |k| i + k);
        blocks.push(&lines[i..j]);
        i = j;
    }
    let wrapped = is_hard_wrapped(text, &lines);
    let single_block = blocks.len() == 1;
    let mut out = Vec::new();
    for block in blocks {
        // Without blank lines, a line break is the only paragraph marker left, unless the lines
        // are hard-wrapped, where only an indented line starts a paragraph.
        let per_line = single_block && !wrapped;
        let mut cur: Option<Span> = None;
        for line in block {
            let starts_new = per_line || (wrapped && line.indented);
            match cur {
                Some(c) if !starts_new => cur = Some(Span::new(c.start, line.span.end)),
                Some(c) => {
                    out.push(c);
                    cur = Some(line.span);
                }
                None => cur = Some(line.span),
            }
        }
        out.extend(cur);
    }
    out
}

/// Hard-wrapped text has most lines short and of similar length, or paragraphs that start
/// with an indented line after unindented ones.
fn is_hard_wrapped(text: &str, lines: &[Line]) -> bool {
    let full: Vec<usize> = lines
        .iter()
        .filter(|l| !l.blank)
        .map(|l| text[l.span.start..l.span.end].chars().count())
        .collect();
    if full.len() < 3 {
        return false;
    }
    let short = full.iter().filter(|&&n| (30..=90).contains(&n)).count();
    let long = full.iter().filter(|&&n| n > 100).count();
    let indented_after_plain = lines
        .windows(2)
        .any(|w| !w[0].blank && !w[0].indented && w[1].indented && !w[1].blank);
    long * 10 <= full.len() && (short * 10 >= full.len() * 7 || indented_after_plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_indentation_and_blankness() {
        let text = "a\n  b\n \n";
        let got: Vec<(&str, bool, bool)> = lines(text)
            .iter()
            .map(|l| (&text[l.span.start..l.span.end], l.indented, l.blank))
            .collect();
        assert_eq!(
            got,
            [
                ("a", false, false),
                ("b", true, false),
                ("", false, true),
                ("", false, true)
            ]
        );
    }
}
