//! Speakers named outside sentences: a dash and a name closing a line (bylines),
//! and transcript turns ("TRUMP: …").

use super::*;

/// "“… what he calls “hell” than live in a world …” ― Adriana Rodarte": a line that ends in a
/// dash and a name is that person's, so a quote on it that found no speaker (its marks broken
/// by nested or misturned quotes) takes the name.
pub(super) fn line_bylines(body: &str, entities: &[Entity], out: &mut [Quote]) {
    static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[―—]\s*(?P<n>\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3})[.\s]*$")
            .expect("static regex")
    });
    for q in out.iter_mut().filter(|q| q.speaker.is_none()) {
        let line_start = body[..q.span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[q.span.end..]
            .find('\n')
            .map_or(body.len(), |i| q.span.end + i);
        let tail = &body[q.span.end..line_end];
        let Some(m) = group(&BYLINE, tail, "n") else {
            continue;
        };
        // The line must be the quote's own: it starts with the quote (after its mark).
        let lead = body[line_start..q.span.start].trim_start();
        if lead.chars().count() > 2 {
            continue;
        }
        let span = Span::new(q.span.end + m.start(), q.span.end + m.end());
        let speaker = byline_name(entities, span, m.as_str());
        q.speaker = Some(speaker);
        q.sieve = Sieve::LineByline;
        q.speaker_span = Some(span);
    }
}

/// '”Mr. Trump’s performance … He said it over and over, … to be a bully.” ― Veronica Cruz': a
/// line that opens with a quote mark and ends in a dash byline is one quote of that person,
/// whatever rows its broken marks and inner cues made of it. Those rows become one.
pub(super) fn whole_line_bylines(body: &str, entities: &[Entity], out: &mut Vec<Quote>) {
    static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"["”“]?\s*[―—]\s*(?P<n>\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3})[.\s]*$"#,
        )
        .expect("static regex")
    });
    let mut lines: Vec<(usize, usize)> = out
        .iter()
        .map(|q| {
            let start = body[..q.span.start].rfind('\n').map_or(0, |i| i + 1);
            let end = body[q.span.end..]
                .find('\n')
                .map_or(body.len(), |i| q.span.end + i);
            (start, end)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    for (start, end) in lines {
        let line = &body[start..end];
        let opened = line.trim_start();
        if !opened.starts_with(['"', '“', '”']) {
            continue;
        }
        let Some(m) = BYLINE.find(line) else {
            continue;
        };
        let Some(name) = group(&BYLINE, line, "n") else {
            continue;
        };
        let first = opened.chars().next().map_or(0, char::len_utf8);
        let (from, to) = (
            start + (line.len() - opened.len()) + first,
            start + m.start(),
        );
        // '“― Name': the byline is all the line holds, there is no quote to join.
        if from >= to {
            continue;
        }
        let content = trim_span(body, Span::new(from, to));
        let content = {
            let text = slice(body, content);
            let kept = text.trim_end_matches(['"', '”', '“', ' ', ',']);
            Span::new(content.start, content.start + kept.len())
        };
        let inside = |q: &Quote| {
            content.start <= q.span.start && q.span.start < content.end && q.span.end <= end
        };
        if word_count(slice(body, content)) < 4 || !out.iter().any(inside) {
            continue;
        }
        let span = Span::new(start + name.start(), start + name.end());
        let speaker = byline_name(entities, span, name.as_str().trim_end_matches('.'));
        out.retain(|q| !inside(q));
        out.push(Quote {
            span: content,
            speaker: Some(speaker),
            speaker_span: Some(span),
            sieve: Sieve::WholeLineByline,
        });
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
}

/// The speaker a dash byline names: the person the recogniser found there, else the words as
/// written ("― Azucena Gonzàlez" may be left untyped).
pub(super) fn byline_name(entities: &[Entity], span: Span, text: &str) -> String {
    entities
        .iter()
        .find(|e| e.span.start == span.start && e.kind == EntityKind::Person)
        .map_or_else(
            || names::clean(text, EntityKind::Person),
            |e| e.canonical.clone(),
        )
}

/// A speaker label in capitals opening a paragraph ("PENCE: Well, …").
pub(super) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*["“]?(?P<name>\p{Lu}[\p{Lu}.'’-]+(?: \p{Lu}[\p{Lu}.'’-]+){0,2}):[ \t]+(?P<rest>\S[^\n]*)"#)
        .expect("static regex")
});

/// A capitalised name opening a paragraph, then a colon ("Hannity: The New York Times …").
pub(super) static NAMED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*["“]?(?P<name>\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3}):[ \t]+(?P<rest>\S[^\n]*)"#)
        .expect("static regex")
});

/// The matches of a transcript label pattern, `(?m)^[ \t]*(?P<name>…):[ \t]+(?P<rest>\S[^\n]*)`
/// with no colon in the name, as (name, rest). A match is a whole line from its start, so
/// only lines opening with a capital and holding a colon are searched (the pattern ran over
/// every byte of every article), and the groups are read off the match: the name runs from
/// the first non-blank to the first colon, the rest from the next non-blank to the end.
pub(super) fn label_lines<'h>(re: &Regex, body: &'h str) -> Vec<(Group<'h>, Group<'h>)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let text = line.strip_suffix('\n').unwrap_or(line);
        // A transcript quoted whole opens each turn with a quote mark ("PENCE: Well, …).
        let lead = text.trim_start_matches([' ', '\t']);
        let lead = lead.strip_prefix(['"', '“']).unwrap_or(lead);
        let capital = lead
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii() || c.is_ascii_uppercase());
        // The name holds only letters, '.', apostrophes, '-' and spaces: the first other
        // character must be the colon.
        let colon_next = lead
            .chars()
            .find(|c| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-' | ' ')))
            == Some(':');
        if !capital || !colon_next {
            continue;
        }
        let Some(m) = re.find_at(&body[..start + text.len()], start) else {
            continue;
        };
        let matched = m.as_str();
        let Some(colon) = matched.find(':') else {
            continue;
        };
        let name_start = matched.len() - matched.trim_start_matches([' ', '\t', '"', '“']).len();
        let after = &matched[colon + 1..];
        let rest_start = colon + 1 + after.len() - after.trim_start_matches([' ', '\t']).len();
        let group = |from: usize, to: usize| Group {
            start: m.start() + from,
            end: m.start() + to,
            text: &matched[from..to],
        };
        out.push((group(name_start, colon), group(rest_start, matched.len())));
    }
    out
}

/// Interview transcripts: a paragraph opening with a speaker label in capitals
/// ("PENCE: Well, the question …") is that speaker's quote, unless a quote already covers it.
pub(super) fn transcript_turns(body: &str, entities: &[Entity], out: &mut Vec<Quote>) {
    for (name, rest) in label_lines(&LABEL, body) {
        let label = name.as_str();
        if word_count(rest.as_str()) < 4
            || label.chars().filter(|ch| ch.is_alphabetic()).count() < 3
        {
            continue;
        }
        let span = trim_span(body, Span::new(rest.start(), rest.end()));
        // A label ends the turn before it, quote marks or not: a transcript quoted whole
        // leaves its marks open across turns ("WALLACE: …⏎⏎"PENCE: …).
        let line_start = body[..name.start()].rfind('\n').map_or(0, |i| i + 1);
        let mut cut = false;
        for q in out.iter_mut() {
            if q.span.start < line_start && q.span.overlaps(span) {
                q.span = trim_span(body, Span::new(q.span.start, line_start));
                cut = true;
            }
        }
        if cut {
            out.retain(|q| word_count(slice(body, q.span)) > 0);
        }
        // A quote that opens on the label is this turn, and takes its speaker if it has none.
        let opened = out.iter().position(|q| {
            q.span.overlaps(span) && (line_start..=name.start()).contains(&q.span.start)
        });
        if opened.is_none() && out.iter().any(|q| q.span.overlaps(span)) {
            continue;
        }
        // "PENCE" → "Mike Pence" when the article names him; else the label as written.
        let speaker = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .find(|e| {
                e.canonical
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.to_uppercase() == label)
            })
            .map_or_else(|| label.to_string(), |e| e.canonical.clone());
        if let Some(i) = opened {
            // The words are the turn's, not its label's.
            out[i].span.start = out[i].span.start.max(span.start);
            if out[i].speaker.is_none() {
                out[i].speaker = Some(speaker);
                out[i].sieve = Sieve::TranscriptTurn;
                out[i].speaker_span = Some(Span::new(name.start(), name.end()));
            }
            continue;
        }
        out.push(Quote {
            span,
            speaker: Some(speaker),
            speaker_span: Some(Span::new(name.start(), name.end())),
            sieve: Sieve::TranscriptTurn,
        });
    }
    // "Hannity: The New York Times is claiming …", "NY Daily News: Paris Terror Attacks …":
    // a paragraph opening with a person or organisation the article names, then a colon.
    for (name, rest) in label_lines(&NAMED_LABEL, body) {
        let label = Span::new(name.start(), name.end());
        let Some(entity) = entities.iter().find(|e| {
            label.contains(e.span)
                && matches!(e.kind, EntityKind::Person | EntityKind::Organization)
        }) else {
            continue;
        };
        let span = trim_span(body, Span::new(rest.start(), rest.end()));
        if word_count(slice(body, span)) < 3 {
            continue;
        }
        // A quote the label opens takes its speaker if it has none.
        if let Some(q) = out
            .iter_mut()
            .find(|q| q.span.overlaps(span) && q.span.start <= span.start + 3)
        {
            if q.speaker.is_none() {
                q.speaker = Some(entity.canonical.clone());
                q.sieve = Sieve::NamedLabel;
                q.speaker_span = Some(entity.span);
            }
            continue;
        }
        // Rows inside the line are speech the labelled one reports ("Pat Caddell: Democrat
        // Voters Worried About …"); the line's own row keeps the outer attribution.
        if out
            .iter()
            .any(|q| q.span.overlaps(span) && !span.contains(q.span))
        {
            continue;
        }
        out.push(Quote {
            span,
            speaker: Some(entity.canonical.clone()),
            speaker_span: Some(entity.span),
            sieve: Sieve::NamedLabel,
        });
    }
}
