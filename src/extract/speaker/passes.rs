//! Passes over the attributed rows: split quotes merged, nested rows dropped, where
//! a cue's reported clause must stop.

use super::*;

/// Keeps the outermost rows: a span inside another row's span is speech nested in it ("told
/// reporters that he anticipated he would …", "X said Russia wants …") or a scare quote in a
/// reported clause, and the outer row already gives those words their attribution. On the
/// PolNeAR train split two thirds of such inner rows match no gold attribution.
pub(super) fn drop_nested(out: &mut Vec<Quote>) {
    // Longest first among equal starts, so that every row a span lies in comes before it.
    out.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    // The furthest end of the rows kept so far, each of which starts at or before this one.
    let mut reach: Option<usize> = None;
    out.retain(|q| {
        let nested = reach.is_some_and(|r| q.span.end <= r);
        if !nested {
            reach = Some(reach.map_or(q.span.end, |r| r.max(q.span.end)));
        }
        !nested
    });
}

/// '“A,” X said. “B.”' is one quote interrupted by its attribution (PolNeAR marks it so):
/// adjacent direct quotes of the same speaker mention, with only a short attribution and no
/// line break between them, become one span from the first to the last.
pub(super) fn merge_split_quotes(
    body: &str,
    out: &mut Vec<Quote>,
    used: &mut HashMap<usize, Vec<Span>>,
) {
    out.sort_by_key(|q| (q.span.start, q.span.end));
    let mut merged: Vec<Quote> = Vec::with_capacity(out.len());
    for q in out.drain(..) {
        if let Some(prev) = merged.last_mut() {
            let gap = body.get(prev.span.end..q.span.start).unwrap_or("\n");
            let same = prev.speaker_span.is_some() && prev.speaker_span == q.speaker_span;
            let between = prev
                .speaker_span
                .is_some_and(|s| prev.span.end <= s.start && s.end <= q.span.start);
            // '“A,” Cruz said, adding: “B”' and '…, who said …' are two attributions.
            let one_cue = !gap.contains(':') && cue_matches(gap).take(2).count() <= 1;
            if same && between && one_cue && !gap.contains('\n') && word_count(gap) <= 10 {
                let whole = Span::new(prev.span.start, q.span.end);
                for spans in used.values_mut() {
                    for s in spans
                        .iter_mut()
                        .filter(|s| **s == prev.span || **s == q.span)
                    {
                        *s = whole;
                    }
                }
                prev.span = whole;
                continue;
            }
        }
        merged.push(q);
    }
    *out = merged;
}

/// Where the attribution after cue `i` in its sentence begins, when a conjunction or comma
/// separates it from cue `i` ("Zuckoff said X, but officials said Y"), else the body's end. A
/// subject right after the cue is nested speech ("said Russia wants …") and no bound. The
/// cues of one sentence are adjacent in `cues`, so this looks at a few entries only.
pub(super) fn next_attribution(
    body: &str,
    cues: &[(Cue, Span, Option<Subject>)],
    i: usize,
) -> usize {
    static JOINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:[,;]\s*|\s+)(?:and|but|or|while|whereas)?\s*$").expect("static regex")
    });
    let Some((cue, sent, _)) = cues.get(i) else {
        return body.len();
    };
    for (next, next_sent, subject) in cues.iter().skip(i + 1).take(4) {
        if next_sent != sent {
            break;
        }
        let Some(subject) = subject else { continue };
        let begin = subject
            .phrase
            .map_or(next.span.start, |p| p.start.min(next.span.start));
        // "…, the Huffington Post reported": the article opens the subject's phrase.
        let begin = ["the ", "The ", "a ", "A ", "an ", "An "]
            .iter()
            .find(|a| body[..begin].ends_with(**a))
            .map_or(begin, |a| begin - a.len());
        if begin <= cue.span.end {
            // The next cue's subject came before this cue: bound by its verb instead.
            let gap = slice(body, Span::new(cue.span.end, next.span.start));
            if let Some(m) = JOINT.find(gap).filter(|m| {
                let joint = m.as_str();
                word_count(&gap[..m.start()]) >= 2
                    && (joint.contains([',', ';']) || joint.trim().len() >= 2)
            }) {
                return cue.span.end + m.start();
            }
            continue;
        }
        let gap = slice(body, Span::new(cue.span.end, begin));
        if let Some(m) = JOINT.find(gap).filter(|m| {
            word_count(&gap[..m.start()]) >= 2
                && (m.as_str().contains([',', ';']) || m.as_str().trim().len() >= 2)
        }) {
            return cue.span.end + m.start();
        }
    }
    body.len()
}
