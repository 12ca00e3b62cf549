//! Speakers: quotes and reported speech, attributed to canonical names.
//!
//! Takes an article body and its entity mentions (any `&[Entity]`, however found) and gives
//! the quotes in it: text in quotation marks, and reported speech ("X said that …",
//! "…, X said."), each with the canonical name of its speaker when one is named or can be
//! resolved ("he said" → the last person the article made a subject), `None` for unnamed
//! sources ("officials said"). Spans are byte offsets on char boundaries.
//!
//! Attribution runs in stages, in the manner of CoreNLP's quote-attribution sieves, and
//! every [`Quote`] names the [`Sieve`] that decided it (`newsdex extract --explain`):
//!
//! 1. **Detection** (`scan.rs`, `lexicon.rs`): sentences, direct quotes, and the speech cues
//!    of each sentence: listed words (`data/cues.tsv`) and words the learned cue model
//!    accepts, less the vetoes in [`listed_cues`], [`learned_cues`] and
//!    [`drop_broad_before_inversion`].
//! 2. **Subjects** (`subject.rs`, `subject_before.rs`, `clause.rs`): who each cue
//!    attributes to, before it ("Mr. Peskov said") or after it ("said Mr. Peskov",
//!    "according to …").
//! 3. **Quote sieves** ([`QUOTE_SIEVES`], here): each direct quote goes through small named
//!    sieves in order, the first that decides wins.
//! 4. **Passes** (`passes.rs`, `bylines.rs`, [`reported_speech`]): split quotes merged,
//!    dash bylines, reported clauses for the cues no long quote used, transcript labels,
//!    then the veto that drops rows nested in others.
//!
//! `context.rs` holds what every rule asks of the article (`Ctx`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::entity::lexicon as lx;
use super::words::{ascii_words, WordTable};
use super::{cue_model, names, tails, Entity, EntityKind, Quote, Span};

mod bylines;
mod clause;
mod context;
mod lexicon;
mod passes;
mod scan;
#[cfg(test)]
mod scanner_tests;
mod subject;
mod subject_before;
#[cfg(test)]
mod tests;

use bylines::*;
use clause::*;
use context::*;
use lexicon::*;
use passes::*;
use scan::*;

/// A speech cue in the text outside quotation marks.
#[derive(Debug, Clone, Copy)]
struct Cue {
    span: Span,
    strong: bool,
    /// A verb that PolNeAR often annotates as attribution (endorse, criticise, believe,
    /// call for): it needs a subject before it, and its content is the rest of the clause.
    broad: bool,
    according: bool,
}

/// Who a cue attributes speech to.
#[derive(Debug, Clone, Default)]
struct Subject {
    speaker: Option<String>,
    span: Option<Span>,
    /// Where the subject phrase starts and ends (named or not), for clause bounds.
    phrase: Option<Span>,
}

struct Ctx<'a> {
    body: &'a str,
    entities: &'a [Entity],
    quotes: Vec<Span>,
    /// (position, role word, canonical person) from titles and appositions, by position.
    roles: Vec<(usize, String, String)>,
}

/// The rule that decided a quote's row and its speaker: every [`Quote`] names one, and
/// `newsdex extract --explain` prints it beside the quote, so a changed attribution can be
/// traced to the rule that made it. Direct quotes go through [`QUOTE_SIEVES`] in order, the
/// first that decides wins; the later passes (`line-byline`, `reported-*`, `*-label`) add
/// rows or fill in speakers that no sieve found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sieve {
    DashByline,
    DashAfter,
    DashBefore,
    CueInSentence,
    CueNextSentence,
    CuePreviousSentence,
    NameThenVerb,
    ParagraphGoesOn,
    SentenceSubject,
    Unattributed,
    LineByline,
    ReportedClause,
    ReportedFallback,
    ReportedInQuote,
    WholeLineByline,
    TranscriptTurn,
    NamedLabel,
}

crate::choice::choices!(Sieve {
    DashByline = "dash-byline" ("A dash and a name that end the quote's line"),
    DashAfter = "dash-after" ("A dash and a name right after a quote no cue took"),
    DashBefore = "dash-before" ("A person, a dash, then the quote"),
    CueInSentence = "cue-in-sentence" ("The nearest speech cue in the sentences the quote touches"),
    CueNextSentence = "cue-next-sentence" ("A speech cue in the next sentence on the same line"),
    CuePreviousSentence = "cue-previous-sentence" ("A speech cue in the sentence before, on its line or ending in a colon"),
    NameThenVerb = "name-then-verb" ("A person and a verb right after the closing mark"),
    ParagraphGoesOn = "paragraph-goes-on" ("The speaker of the quote before, in the same or the paragraph before"),
    SentenceSubject = "sentence-subject" ("The subject of the sentence that holds the quote"),
    Unattributed = "unattributed" ("A quote of four words or more that no rule gave a speaker"),
    LineByline = "line-byline" ("A line ending in a dash and a name gives its quote that name"),
    ReportedClause = "reported-clause" ("The clause a speech cue reports, and the cue's subject"),
    ReportedFallback = "reported-fallback" ("A reported clause whose cue has its subject from another cue of the sentence"),
    ReportedInQuote = "reported-in-quote" ("A reported clause whose pronoun subject opens another quote: that quote's speaker"),
    WholeLineByline = "whole-line-byline" ("A quoted line closed by a dash and a name: the whole line"),
    TranscriptTurn = "transcript-turn" ("A transcript turn: an upper-case label and a colon"),
    NamedLabel = "named-label" ("A paragraph opening with a named person or organisation and a colon"),
});

impl Sieve {
    /// The name `--explain` prints.
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }
}

/// A speech cue found in a sentence, with the subject it attributes to (`None` when no rule
/// found one: a later cue of the sentence or the fallback may still lend one).
type FoundCue = (Cue, Span, Option<Subject>);

/// The learned cue model's candidate words in `body` with their features, as `extract` sees
/// them: what `newsdex train-cues` labels with the gold cues.
pub fn cue_candidates(body: &str, entities: &[Entity]) -> Vec<(Span, cue_model::Features)> {
    let ctx = Ctx {
        body,
        entities,
        quotes: direct_quotes(body),
        roles: Vec::new(),
    };
    let (mut tokens, mut found, mut all) = (Vec::new(), Vec::new(), Vec::new());
    for sent in sentences(body) {
        ctx.cue_candidates(sent, &mut tokens, &mut found);
        all.append(&mut found);
    }
    all
}

/// The mentions as the rules need them: valid spans of `body`, in order. The recogniser gives
/// them so; a caller's list is copied only when it does not.
fn in_order<'e>(body: &str, entities: &'e [Entity]) -> Cow<'e, [Entity]> {
    let valid = |e: &&Entity| {
        e.span.start <= e.span.end
            && body.is_char_boundary(e.span.start)
            && body.is_char_boundary(e.span.end)
            && e.span.end <= body.len()
    };
    let key = |e: &Entity| (e.span.start, e.span.end);
    if entities.iter().all(|e| valid(&e)) && entities.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return Cow::Borrowed(entities);
    }
    let mut kept: Vec<Entity> = entities.iter().filter(valid).cloned().collect();
    kept.sort_by_key(key);
    Cow::Owned(kept)
}

/// Every quote and reported-speech span in `body`, with speakers resolved against `entities`.
///
/// The stages: cues and their subjects, sentence by sentence ([`find_cues`]); each direct
/// quote through the [`QUOTE_SIEVES`]; split quotes merged and line bylines; reported speech
/// for the cues no long quote used; whole-line bylines and transcript labels; then the veto
/// that drops rows nested in others.
pub fn extract(body: &str, entities: &[Entity]) -> Vec<Quote> {
    let entities = in_order(body, entities);
    let entities: &[Entity] = &entities;
    let sents = sentences(body);
    let quotes = direct_quotes(body);
    let roles = collect_roles(body, entities, &sents);
    let ctx = Ctx {
        body,
        entities,
        quotes: quotes.clone(),
        roles,
    };
    let cues = find_cues(&ctx, &sents);
    let mut rows = Rows::default();
    for &q in &quotes {
        attribute_quote(&ctx, &sents, &cues, q, &mut rows);
    }
    let Rows {
        mut out, mut used, ..
    } = rows;
    merge_split_quotes(body, &mut out, &mut used);
    line_bylines(body, entities, &mut out);
    reported_speech(&ctx, &sents, &cues, &used, &mut out);
    whole_line_bylines(body, entities, &mut out);
    transcript_turns(body, entities, &mut out);
    drop_nested(&mut out);
    out
}

/// The speech cues of every sentence, outside quotation marks, with their subjects.
fn find_cues(ctx: &Ctx, sents: &[Span]) -> Vec<FoundCue> {
    let mut cues: Vec<FoundCue> = Vec::new();
    let learned = cue_model::model();
    let mut found: Vec<(Span, CueKind)> = Vec::new();
    let (mut tokens, mut candidates) = (Vec::new(), Vec::new());
    for &sent in sents {
        found.clear();
        listed_cues(ctx, sent, &mut found);
        if let Some(model) = learned {
            learned_cues(ctx, sent, model, &mut tokens, &mut candidates, &mut found);
        }
        drop_broad_before_inversion(ctx.body, sent, &mut found);
        for &(span, kind) in &found {
            let cue = Cue {
                span,
                strong: matches!(kind, CueKind::Strong | CueKind::According),
                broad: kind == CueKind::Broad,
                according: kind == CueKind::According,
            };
            let subject = ctx.subject(cue, sent, sents);
            cues.push((cue, sent, subject));
        }
    }
    cues
}

/// The listed cue words of `sent` into `found`, but for two vetoes: a capitalised word the
/// list bars in headlines ("Report", "Claims"), and a word in quotation marks or after a
/// hyphen ("so-called", "long-expected").
fn listed_cues(ctx: &Ctx, sent: Span, found: &mut Vec<(Span, CueKind)>) {
    let body = ctx.body;
    let sent_text = slice(body, sent);
    for (start, end, kind) in cue_matches(sent_text) {
        let word = &sent_text[start..end];
        let span = Span::new(sent.start + start, sent.start + end);
        let headline = word.starts_with(char::is_uppercase)
            && LOWER_BAR.contains(word.to_ascii_lowercase().as_str());
        if headline || ctx.in_quote(span.start) || body[..span.start].ends_with('-') {
            continue;
        }
        found.push((span, kind));
    }
}

/// Words no list holds, taken as broad cues where the learned model accepts them, into
/// `found` (kept in order). Vetoed: an auxiliary before a listed speech verb ("have insisted",
/// "has said") is part of that cue, and a word in the clause after one ("said in a statement
/// that …") is in its content: neither is a cue of its own.
fn learned_cues(
    ctx: &Ctx,
    sent: Span,
    model: &cue_model::CueModel,
    tokens: &mut Vec<cue_model::Token>,
    candidates: &mut Vec<(Span, cue_model::Features)>,
    found: &mut Vec<(Span, CueKind)>,
) {
    let body = ctx.body;
    let before = found.len();
    ctx.cue_candidates(sent, tokens, candidates);
    for &(span, ref features) in candidates.iter() {
        let near_verb = found[..before].iter().any(|(verb, kind)| {
            *kind != CueKind::Broad
                && (verb.start > span.end && body[span.end..verb.start].trim().is_empty()
                    || verb.end <= span.start
                        && !body[verb.end..span.start].contains([',', ';', ':', '—']))
        });
        if !near_verb && model.accepts(features) {
            found.push((span, CueKind::Broad));
        }
    }
    if found.len() > before {
        found.sort_by_key(|(span, _)| span.start);
    }
}

/// "Trump would expand the deduction they take, but …, said Batchelder.": a listed verb after
/// a comma, inverted before its speaker at the end of the sentence, takes the whole sentence
/// before it as content; a broad cue in there is part of it and no cue of its own.
fn drop_broad_before_inversion(body: &str, sent: Span, found: &mut Vec<(Span, CueKind)>) {
    let inverted_at = found.iter().rev().find_map(|&(span, kind)| {
        let before_cue = body[sent.start..span.start].trim_end();
        let after_cue = body[span.end..sent.end].trim();
        let inverted = kind == CueKind::Strong
            && before_cue.ends_with(',')
            && word_count(after_cue) <= 4
            && after_cue.starts_with(char::is_uppercase);
        inverted.then_some(span.start)
    });
    if let Some(at) = inverted_at {
        found.retain(|&(span, kind)| kind != CueKind::Broad || span.start > at);
    }
}

/// The rows found so far, and what later quotes read of them.
#[derive(Default)]
struct Rows {
    out: Vec<Quote>,
    /// Cue index → the direct quotes it took.
    used: HashMap<usize, Vec<Span>>,
    /// The end, speaker and speaker mention of the last quote that carries its speaker on to
    /// the next one in its paragraph.
    last_in_paragraph: Option<(usize, Option<String>, Option<Span>)>,
}

/// One direct quote, as the sieves see it.
struct Site<'c, 'a> {
    ctx: &'c Ctx<'a>,
    sents: &'c [Span],
    cues: &'c [FoundCue],
    q: Span,
    /// The first sentence the quote touches.
    first: usize,
    /// The cue a sieve of the `cue-*` kind would give it, and which.
    chosen: Option<(usize, Sieve)>,
    /// Whether a quote no cue took may still be a row, once asked (see [`Site::may_stand`]).
    may_stand: std::cell::OnceCell<bool>,
}

/// What a sieve decided for one quote.
struct Decision {
    speaker: Option<String>,
    speaker_span: Option<Span>,
    sieve: Sieve,
    /// The cue it took, if any.
    cue: Option<usize>,
}

impl Decision {
    fn of_entity(e: &Entity, sieve: Sieve) -> Decision {
        Decision {
            speaker: Some(e.canonical.clone()),
            speaker_span: Some(e.span),
            sieve,
            cue: None,
        }
    }

    /// Whether the next quote of the paragraph may go on with this speaker.
    fn carries_on(&self) -> bool {
        match self.sieve {
            Sieve::DashByline | Sieve::DashAfter => false,
            Sieve::DashBefore
            | Sieve::CueInSentence
            | Sieve::CueNextSentence
            | Sieve::CuePreviousSentence => true,
            _ => self.speaker.is_some(),
        }
    }
}

type QuoteSieve = fn(&Site, &Rows) -> Option<Decision>;

/// The sieves a direct quote goes through, in order; the first that decides wins. A quote
/// none decides is no row (a short quote no cue took: a scare quote or a title).
const QUOTE_SIEVES: &[QuoteSieve] = &[
    dash_after,
    dash_before,
    nearest_cue,
    name_then_verb,
    paragraph_goes_on,
    sentence_subject,
    unattributed,
];

/// Runs the sieves over quote `q` and records the row the first one decides.
fn attribute_quote(ctx: &Ctx, sents: &[Span], cues: &[FoundCue], q: Span, rows: &mut Rows) {
    let Some(site) = Site::new(ctx, sents, cues, q) else {
        return;
    };
    let Some(decision) = QUOTE_SIEVES.iter().find_map(|sieve| sieve(&site, rows)) else {
        return;
    };
    if let Some(i) = decision.cue {
        rows.used.entry(i).or_default().push(q);
    }
    if decision.carries_on() {
        rows.last_in_paragraph = Some((q.end, decision.speaker.clone(), decision.speaker_span));
    }
    rows.out.push(Quote {
        span: q,
        speaker: decision.speaker,
        speaker_span: decision.speaker_span,
        sieve: decision.sieve,
    });
}

impl<'c, 'a> Site<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, sents: &'c [Span], cues: &'c [FoundCue], q: Span) -> Option<Self> {
        let body = ctx.body;
        let mut touching =
            (0..sents.len()).filter(|&i| sents[i].overlaps(q) || sents[i].contains(q));
        let first = touching.next()?;
        let last = touching.next_back().unwrap_or(first);
        let distance = |cue: Span| {
            if cue.start >= q.end {
                cue.start - q.end
            } else {
                q.start.saturating_sub(cue.end)
            }
        };
        let pick = |range: std::ops::RangeInclusive<usize>| {
            cues.iter()
                .enumerate()
                .filter(|(_, (_, s, subj))| {
                    subj.is_some() && range.clone().any(|i| sents.get(i) == Some(s))
                })
                .min_by_key(|(_, (c, _, _))| distance(c.span))
                .map(|(i, _)| i)
        };
        let same_line = |i: usize| {
            sents
                .get(i)
                .is_some_and(|s| !body[s.start.min(q.start)..s.end.max(q.end)].contains('\n'))
        };
        let mut chosen = pick(first..=last).map(|i| (i, Sieve::CueInSentence));
        if chosen.is_none() && last + 1 < sents.len() && same_line(last + 1) {
            chosen = pick(last + 1..=last + 1).map(|i| (i, Sieve::CueNextSentence));
        }
        // "Caddell continued:" closing the paragraph before the quote.
        let colon_before = first > 0 && slice(body, sents[first - 1]).trim_end().ends_with(':');
        if chosen.is_none() && first > 0 && (same_line(first - 1) || colon_before) {
            chosen = pick(first - 1..=first - 1).map(|i| (i, Sieve::CuePreviousSentence));
        }
        Some(Site {
            ctx,
            sents,
            cues,
            q,
            first,
            chosen,
            may_stand: std::cell::OnceCell::new(),
        })
    }

    /// Whether a quote no cue took may still be a row: four words or more, or a quote the
    /// sentence's subject utters. Worked out only for the quotes that get this far.
    fn may_stand(&self) -> bool {
        *self.may_stand.get_or_init(|| {
            word_count(slice(self.ctx.body, self.q)) >= 4
                || self
                    .ctx
                    .quoting_subject(self.q, &self.sents[self.first])
                    .is_some()
        })
    }
}

/// `dash-byline`, `dash-after`: "“…” ― Pamela Padilla": a dash after the quote names its
/// speaker when no cue took the quote. A dash and name that end the line are a byline of the
/// quote, whatever cue the sentence holds. The name may be one the recogniser left untyped
/// ("― Azucena Gonzàlez").
fn dash_after(site: &Site, _: &Rows) -> Option<Decision> {
    static DASH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^[.,!?’']*["”']*\s*(?:[―—–]|-\s)\s*(?P<n>\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3})"#)
            .expect("static regex")
    });
    let (body, q) = (site.ctx.body, site.q);
    let after = body.get(q.end..).unwrap_or("");
    let byline = |m: &Group| {
        after[m.end()..]
            .trim_start_matches(['.', ' ', '\t'])
            .starts_with('\n')
            || after[m.end()..]
                .trim_end_matches(['.', ' ', '\t'])
                .is_empty()
    };
    let m = group(&DASH, after, "n")?;
    let sieve = if byline(&m) {
        Sieve::DashByline
    } else if site.chosen.is_none() {
        Sieve::DashAfter
    } else {
        return None;
    };
    // '"…" - Sanders.': the sentence's full stop is no part of the name, an initial's or
    // "Jr."'s is.
    let name = m.as_str();
    let last = name.split_whitespace().next_back().unwrap_or(name);
    let name = match last.strip_suffix('.') {
        Some(word) if word.chars().count() > 2 && !lx::is_name_suffix(last) => {
            &name[..name.len() - 1]
        }
        _ => name,
    };
    let span = Span::new(q.end + m.start(), q.end + m.start() + name.len());
    Some(Decision {
        speaker: Some(byline_name(site.ctx.entities, span, name)),
        speaker_span: Some(span),
        sieve,
        cue: None,
    })
}

/// `dash-before`: "including the former presidential candidate Mitt Romney -- ''It is
/// disqualifying …'' --": a person, a dash, then the quote: the person's words, whatever cue
/// the sentence holds.
fn dash_before(site: &Site, _: &Rows) -> Option<Decision> {
    let (body, q) = (site.ctx.body, site.q);
    let lead = body[..q.start]
        .trim_end_matches(['"', '“', '\'', '‘'])
        .trim_end();
    let before = lead
        .strip_suffix("--")
        .or_else(|| lead.strip_suffix(['—', '–']))
        .map(str::trim_end)?;
    let e = site
        .ctx
        .entities
        .iter()
        .find(|e| e.span.end == before.len() && e.kind == EntityKind::Person)?;
    Some(Decision::of_entity(e, Sieve::DashBefore))
}

/// `cue-in-sentence`, `cue-next-sentence`, `cue-previous-sentence`: the nearest cue with a
/// subject in the sentences the quote touches, else one in the sentence after or before
/// within the same paragraph; its subject is the speaker (or an unnamed source).
fn nearest_cue(site: &Site, _: &Rows) -> Option<Decision> {
    let (i, sieve) = site.chosen?;
    let subject = site.cues[i].2.clone().unwrap_or_default();
    Some(Decision {
        speaker: subject.speaker,
        speaker_span: subject.span,
        sieve,
        cue: Some(i),
    })
}

/// `name-then-verb`: '“Go back to Univision,” Trump barked and …', '“…,” Blige sings to
/// Clinton': a person right after the closing mark, then a verb, utters the quote, whatever
/// the verb.
fn name_then_verb(site: &Site, _: &Rows) -> Option<Decision> {
    if !site.may_stand() {
        return None;
    }
    let (body, q) = (site.ctx.body, site.q);
    let after = body.get(q.end..)?;
    let lead = after.trim_start_matches([',', '.', '!', '?', '"', '”', '\'', '’']);
    let marks = &after[..after.len() - lead.len()];
    let text = lead.trim_start_matches([' ', '\t']);
    if !marks.contains(['"', '”', '\'', '’']) || text.len() == lead.len() {
        return None;
    }
    let start = q.end + (after.len() - text.len());
    let e = site
        .ctx
        .entities
        .iter()
        .find(|e| e.span.start == start && e.kind == EntityKind::Person)?;
    let rest = body.get(e.span.end..)?;
    let verb = rest.strip_prefix(' ')?.split([' ', ',', '.']).next()?;
    let verb_like = verb.len() > 2
        && verb.bytes().all(|b| b.is_ascii_lowercase())
        && (verb.ends_with("ed") || verb.ends_with('s'));
    verb_like.then(|| Decision::of_entity(e, Sieve::NameThenVerb))
}

/// `paragraph-goes-on`: a quote continuing the previous attributed one in the same
/// paragraph; a paragraph that is only a quote goes on from the quote that closed the
/// paragraph before ('…," Espinoza said Friday.⏎⏎"I am a proven champion …').
fn paragraph_goes_on(site: &Site, rows: &Rows) -> Option<Decision> {
    if !site.may_stand() {
        return None;
    }
    let goes_on = |gap: &str| {
        let mut lines = gap.split('\n');
        let tail = lines.next().unwrap_or("");
        let opening = lines.next_back().unwrap_or("");
        !gap.contains('\n')
            || word_count(tail) <= 12
                && lines.all(|l| l.trim().is_empty())
                && opening
                    .trim_matches(|c: char| c.is_whitespace() || "\"“'‘".contains(c))
                    .is_empty()
    };
    let (end, speaker, span) = rows.last_in_paragraph.as_ref()?;
    site.ctx
        .body
        .get(*end..site.q.start)
        .filter(|gap| goes_on(gap))?;
    Some(Decision {
        speaker: speaker.clone(),
        speaker_span: *span,
        sieve: Sieve::ParagraphGoesOn,
        cue: None,
    })
}

/// `sentence-subject`: the subject of the quote's sentence utters it ("Mr. Christie gloated:
/// ''…''", "Trump called the senator a "nasty guy"").
fn sentence_subject(site: &Site, _: &Rows) -> Option<Decision> {
    let e = site.ctx.quoting_subject(site.q, &site.sents[site.first])?;
    Some(Decision::of_entity(e, Sieve::SentenceSubject))
}

/// `unattributed`: a quote long enough to be one, which no sieve gave a speaker.
fn unattributed(site: &Site, _: &Rows) -> Option<Decision> {
    site.may_stand().then_some(Decision {
        speaker: None,
        speaker_span: None,
        sieve: Sieve::Unattributed,
        cue: None,
    })
}

/// `reported-clause`, `reported-fallback`, `reported-in-quote`: reported speech for the cues
/// that no long quote used; a clause holding only short quoted phrases replaces them ("The
/// Kremlin is "carefully studying" …, according to Peskov").
fn reported_speech(
    ctx: &Ctx,
    sents: &[Span],
    cues: &[FoundCue],
    used: &HashMap<usize, Vec<Span>>,
    out: &mut Vec<Quote>,
) {
    let body = ctx.body;
    let mut reported: Vec<Span> = Vec::new();
    for (i, (cue, sent, subject)) in cues.iter().enumerate() {
        let fallback;
        let (subject, sieve) = match subject {
            Some(s) => (s, Sieve::ReportedClause),
            None => {
                // Nearest first; the first cue of the sentence (last here) holds its subject.
                let earlier: Vec<&Subject> = cues[..i]
                    .iter()
                    .rev()
                    .take_while(|(_, s, _)| s == sent)
                    .filter_map(|(_, _, subj)| subj.as_ref())
                    .collect();
                let Some(s) = ctx.fallback_subject(*cue, *sent, &earlier, sents) else {
                    continue;
                };
                fallback = s;
                (&fallback, Sieve::ReportedFallback)
            }
        };
        let limit = next_attribution(body, cues, i);
        let Some(clause) = ctx.reported_clause(*cue, subject, *sent, limit) else {
            continue;
        };
        let quoted = used.get(&i).cloned().unwrap_or_default();
        if long_quote_is_the_row(body, clause, &quoted) {
            continue;
        }
        let quoted: Vec<Span> = quoted.into_iter().filter(|q| clause.contains(*q)).collect();
        let swallowed = swallowed_quotes(cues, used, i, clause, out);
        let Some(clause) =
            cut_before_inner_quote(body, clause, out, &quoted, &reported, &swallowed)
        else {
            continue;
        };
        out.retain(|o| !quoted.contains(&o.span) && !swallowed.contains(&o.span));
        reported.push(clause);
        // "Trump's claims that he wants …": a pronoun opening another cue's content is that
        // cue's speaker, whatever person the sentence before named.
        let pronoun = subject
            .span
            .is_some_and(|s| PRONOUN.is_match(slice(body, s)) && s.len() <= 4);
        let outer = subject.span.filter(|_| pronoun).and_then(|s| {
            out.iter()
                .rev()
                .find(|o| o.span.start == s.start && o.speaker.is_some())
                .and_then(|o| o.speaker.clone())
        });
        let sieve = if outer.is_some() {
            Sieve::ReportedInQuote
        } else {
            sieve
        };
        out.push(Quote {
            span: clause,
            speaker: outer.or_else(|| subject.speaker.clone()),
            speaker_span: subject.span,
            sieve,
        });
    }
}

/// A long quote of the cue in its clause is the better row; short ones (scare quotes) give
/// way to the clause, and quotes outside it keep their own rows… unless the clause says as
/// much again around it ('said that, “Of course Mr. Trump is going to defend himself” against
/// what the campaign sees as …').
fn long_quote_is_the_row(body: &str, clause: Span, quoted: &[Span]) -> bool {
    let long = |q: &Span| q.overlaps(clause) && word_count(slice(body, *q)) >= 4;
    let around = word_count(slice(body, clause)).saturating_sub(
        quoted
            .iter()
            .filter(|q| clause.contains(**q))
            .map(|q| word_count(slice(body, *q)))
            .sum(),
    );
    let inside = quoted
        .iter()
        .filter(|q| long(q))
        .all(|q| clause.contains(*q));
    quoted.iter().any(long) && !(inside && around >= AROUND_WORDS)
}

/// The quotes in the clause of cue `i` that a broad cue inside the clause took ("said that
/// she … looks forward to “seeing her back …”"): part of this clause's content, not another
/// attribution.
fn swallowed_quotes(
    cues: &[FoundCue],
    used: &HashMap<usize, Vec<Span>>,
    i: usize,
    clause: Span,
    out: &[Quote],
) -> Vec<Span> {
    out.iter()
        .map(|o| o.span)
        .filter(|&span| {
            clause.contains(span)
                && used.iter().any(|(&j, spans)| {
                    j != i
                        && spans.contains(&span)
                        && (cues[j].0.broad
                            || cues[j].2.as_ref().is_none_or(|s| s.speaker.is_none()))
                        && clause.contains(cues[j].0.span)
                })
        })
        .collect()
}

/// A quote of another attribution inside the clause ends it ("She said that X, to which
/// O'Malley interjected: "…""): the clause is what comes before the phrase leading to that
/// quote. `None` when no clause is left: it opens with the quote, which already has its row.
fn cut_before_inner_quote(
    body: &str,
    clause: Span,
    out: &[Quote],
    quoted: &[Span],
    reported: &[Span],
    swallowed: &[Span],
) -> Option<Span> {
    let Some(inner) = out
        .iter()
        .filter(|o| {
            clause.contains(o.span)
                && !quoted.contains(&o.span)
                && !reported.contains(&o.span)
                && !swallowed.contains(&o.span)
        })
        .map(|o| o.span.start)
        .min()
    else {
        return Some(clause);
    };
    let head = slice(body, Span::new(clause.start, inner));
    let cut = head.rfind([',', ';', ':', '—'])?;
    let cut = trim_span(body, Span::new(clause.start, clause.start + cut));
    (word_count(slice(body, cut)) >= 4).then_some(cut)
}
