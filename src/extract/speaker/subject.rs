//! Who a cue attributes speech to, when the name follows the cue ("said Mr. Peskov",
//! "according to the Kremlin") or the cue is preceded by its subject (`subject_before`).

use super::*;

/// What the rules after a cue read: the text from the cue to the sentence's end, and the
/// window where a subject may stand (up to the first comma, colon, quotation mark, bracket or
/// dash; a spaced hyphen is a dash too: "according to the Tax Policy Center - half a …").
pub(super) struct After<'t> {
    cue: Cue,
    sent: Span,
    sents: &'t [Span],
    /// From the cue's end to the sentence's.
    text: &'t str,
    /// Where the window ends in `text`.
    gap_end: usize,
    window: Span,
    /// The window's text.
    lead: &'t str,
    /// Whether a closing quote precedes the cue: the quote is then the content, so the name
    /// may go on into an adjunct ('"…," said Clinton campaign manager Robby Mook in a
    /// statement').
    after_quote: bool,
}

impl<'t> After<'t> {
    fn new(body: &'t str, cue: Cue, sent: Span, sents: &'t [Span]) -> After<'t> {
        let text = body.get(cue.span.end..sent.end).unwrap_or("");
        let gap_end = text
            .find([',', ';', ':', '"', '“', '”', '(', '—', '–'])
            .unwrap_or(text.len())
            .min(text.find(" - ").unwrap_or(text.len()));
        let window = Span::new(cue.span.end, cue.span.end + gap_end);
        let after_quote = slice(body, Span::new(sent.start, cue.span.start))
            .trim_end()
            .ends_with([',', '"', '”', '\'']);
        After {
            cue,
            sent,
            sents,
            text,
            gap_end,
            window,
            lead: slice(body, window),
            after_quote,
        }
    }

    /// An adjunct follows the name ("… in a statement", "… during the debate").
    fn adjunct_after(&self, body: &str, e: &Entity) -> bool {
        let next = body[e.span.end..self.window.end].split_whitespace().next();
        matches!(
            next,
            Some(
                "in" | "during"
                    | "of"
                    | "at"
                    | "on"
                    | "when"
                    | "while"
                    | "after"
                    | "before"
                    | "via"
            )
        )
    }

    /// "wrote on Twitter", "according to a spokesman for the Kremlin": a name behind a
    /// preposition is no subject.
    fn behind_preposition(&self, body: &str, e: &Entity) -> bool {
        slice(body, Span::new(self.cue.span.end, e.span.start))
            .split_whitespace()
            .any(|w| {
                matches!(
                    w,
                    "on" | "in" | "at" | "to" | "for" | "with" | "by" | "from" | "about" | "of"
                )
            })
    }
}

type AfterRule = for<'a> fn(&Ctx<'a>, &After) -> Option<Subject>;

/// The rules for a subject after its cue, in order; the first that finds one wins.
const SUBJECT_AFTER: &[AfterRule] = &[
    |ctx, at| ctx.entity_after(at),
    |ctx, at| ctx.person_after_role(at),
    |ctx, at| ctx.bare_name_after(at),
    |ctx, at| ctx.pronoun_after(at),
    |ctx, at| ctx.source_after_cue(at),
];

impl<'a> Ctx<'a> {
    /// The subject of a cue: before it ("X said", "X, the spokesman, said", "he said") or,
    /// for "according to" and inverted "said X", after it: the first of [`SUBJECT_AFTER`]
    /// that finds one.
    pub(super) fn subject(&self, cue: Cue, sent: Span, sents: &[Span]) -> Option<Subject> {
        if !cue.according {
            if let Some(s) = self.subject_before(cue, sent, sents) {
                return Some(s);
            }
        }
        // "criticized by X" and "endorsed Mr. Trump" do not name a speaker after the verb,
        // and "told X" names the listener.
        if cue.broad
            || matches!(
                slice(self.body, cue.span),
                "told" | "tells" | "tell" | "telling"
            )
        {
            return None;
        }
        let at = After::new(self.body, cue, sent, sents);
        SUBJECT_AFTER.iter().find_map(|rule| rule(self, &at))
    }

    /// An inverted "said X" must end its clause, or "said Russia would …" names Russia: past
    /// "(D-N.C.)", "of New York" and "for Morning Consult" to the apposition, if any, nothing
    /// but punctuation may follow. ("according to the California secretary of state's
    /// website" is no Californian.)
    fn ends_clause(&self, end: usize, sent: Span) -> bool {
        static AFFIX: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"^(?:\s*\([^()]{1,80}\))?(?:\s+(?:of|for|at|from)\s+(?:the\s+)?(?:\p{Lu}[\p{L}.]*\s*){1,4})?",
            )
            .expect("static regex")
        });
        let body = self.body;
        let after_name = slice(body, Span::new(end, sent.end));
        let end = end + AFFIX.find(after_name).map_or(0, |m| m.end());
        let end = if body[..end].ends_with(char::is_whitespace) {
            end - body[..end].len() + body[..end].trim_end().len()
        } else {
            end
        };
        let rest = slice(body, Span::new(self.apposition_end(end, sent), sent.end));
        rest.trim_start().is_empty()
            || rest
                .trim_start()
                .starts_with([',', '.', '!', '?', ';', ':'])
    }

    /// `entity-after`: "said Mr. Peskov", "said the Kremlin spokesman Dmitri Peskov". A
    /// person in the window wins over an organisation before it; of several people, the one
    /// that ends the clause ("said Clinton's top foreign policy aide Jake Sullivan."); a
    /// preposition means the name is no subject ("wrote on Twitter", "according to a
    /// spokesman for the Kremlin").
    fn entity_after(&self, at: &After) -> Option<Subject> {
        let (body, cue, sent, window) = (self.body, at.cue, at.sent, at.window);
        let in_window = |e: &&Entity| window.contains(e.span) && e.kind != EntityKind::Misc;
        let mut people = self
            .entities
            .iter()
            .filter(in_window)
            .filter(|e| e.kind == EntityKind::Person);
        let first_person = people.clone().next();
        let ends_clause = |e: &Entity| self.ends_clause(e.span.end, sent);
        let e = people
            .clone()
            .find(|e| ends_clause(e) && (!at.after_quote || !at.behind_preposition(body, e)))
            .or_else(|| {
                people
                    .clone()
                    .find(|e| at.after_quote && at.adjunct_after(body, e))
            })
            .or_else(|| people.find(|e| ends_clause(e)))
            .or(first_person)
            .or_else(|| self.entities.iter().find(in_window))?;
        let lead = slice(body, Span::new(cue.span.end, e.span.start));
        // Capitalised titles may run long ("said South Carolina Democratic Party Chairman
        // Jaime Harrison"); lower-case words stay few ("said the Kremlin spokesman …").
        let lower_words = lead
            .split_whitespace()
            .filter(|w| !w.starts_with(char::is_uppercase))
            .count();
        let short = lower_words <= 4 && word_count(lead) <= 10;
        let ok = short
            && !at.behind_preposition(body, e)
            && (ends_clause(e) || at.after_quote && at.adjunct_after(body, e));
        ok.then(|| Subject {
            speaker: Some(e.canonical.clone()),
            span: Some(e.span),
            phrase: Some(Span::new(
                e.span.start,
                self.apposition_end(e.span.end, sent),
            )),
        })
    }

    /// `person-after-role`: '"…," said another leading advocate, Andrew J. Pincus of Mayer
    /// Brown.': the person in apposition to an inverted role phrase.
    fn person_after_role(&self, at: &After) -> Option<Subject> {
        let (cue, window) = (at.cue, at.window);
        let role_lead = !cue.according
            && (1..=8).contains(&word_count(at.lead))
            && at.lead.trim_start().starts_with(char::is_lowercase)
            && at.after_quote;
        if !role_lead || !at.text[at.gap_end..].starts_with(", ") {
            return None;
        }
        let name_start = window.end + 2;
        let e = self
            .entities
            .iter()
            .find(|e| e.span.start == name_start && e.kind == EntityKind::Person)?;
        Some(Subject {
            speaker: Some(e.canonical.clone()),
            span: Some(e.span),
            phrase: Some(Span::new(
                cue.span.end,
                self.apposition_end(e.span.end, at.sent),
            )),
        })
    }

    /// `bare-name-after`: '"…," said Small, who attended the rally.': a capitalised name the
    /// recogniser left untyped, right after an inverted cue that closes a quote; '"…," said
    /// Rep. G.K. Butterfield (D-N.C.), …': past an abbreviated title to the name, initials
    /// and all.
    fn bare_name_after(&self, at: &After) -> Option<Subject> {
        static BARE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\s+(?P<n>\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){0,2})\s*(?:[,.;]|$)")
                .expect("static regex")
        });
        static TITLED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\s+\p{Lu}\p{Ll}{1,4}\.\s+(?P<n>(?:\p{Lu}\.\s?){0,3}\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){0,2})\s*(?:\([^()]{1,20}\))?\s*(?:[,.;]|$)")
                .expect("static regex")
        });
        let (cue, after_text) = (at.cue, at.text);
        if cue.according || !at.after_quote {
            return None;
        }
        let bare = group(&BARE_AFTER, after_text, "n").filter(|m| {
            !after_text[m.end()..].starts_with('.')
                || !lx::is_title(&after_text[m.start()..m.end() + 1])
        });
        let titled = || {
            group(&TITLED_AFTER, after_text, "n").filter(|_| {
                let title = after_text.split_whitespace().next().unwrap_or("");
                lx::is_title(title)
            })
        };
        let m = bare.or_else(titled)?;
        let name = m.as_str();
        let first = name.split_whitespace().next().unwrap_or("");
        if lx::is_stop(first) || lx::is_title(first) || lx::is_demonym(name) {
            return None;
        }
        let span = Span::new(cue.span.end + m.start(), cue.span.end + m.end());
        let last = name.split_whitespace().last().unwrap_or(name);
        let speaker = self
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .find(|e| e.canonical.split_whitespace().last() == Some(last))
            .map_or_else(
                || names::clean(name, EntityKind::Person),
                |e| e.canonical.clone(),
            );
        Some(Subject {
            speaker: Some(speaker),
            span: Some(span),
            phrase: Some(Span::new(
                span.start,
                self.apposition_end(span.end, at.sent),
            )),
        })
    }

    /// `pronoun-after`: '"…," said he.'
    fn pronoun_after(&self, at: &After) -> Option<Subject> {
        static AFTER_PRONOUN: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s+(?P<p>he|she)\b").expect("static regex"));
        let cue = at.cue;
        let m = group(&AFTER_PRONOUN, at.lead, "p")
            .filter(|m| self.ends_clause(cue.span.end + m.end(), at.sent))?;
        let span = Span::new(cue.span.end + m.start(), cue.span.end + m.end());
        Some(Subject {
            speaker: self.resolve_pronoun(span.start, at.sents),
            span: Some(span),
            phrase: Some(span),
        })
    }

    /// `source-after`: "according to X" whatever X is, and '"…," said one GOP source in the
    /// room.': an inverted lower-case source, resolved to the person a definite role names or
    /// the source's own name, else unnamed.
    fn source_after_cue(&self, at: &After) -> Option<Subject> {
        let (body, cue, sent, lead) = (self.body, at.cue, at.sent, at.lead);
        let before = slice(body, Span::new(sent.start, cue.span.start)).trim_end();
        // "…, saying he had not read it" is a participle and its clause, not an inversion.
        let first_lead = lead.split_whitespace().next().unwrap_or("");
        let inverted = !cue.according
            && !slice(body, cue.span).ends_with("ing")
            && !is_function_word(first_lead)
            && (before.ends_with(',') || before.ends_with(",\"") || before.ends_with(",”"))
            && at.window.end + 2 >= sent.end
            && (1..=8).contains(&word_count(lead))
            && lead.trim_start().starts_with(|c: char| c.is_lowercase());
        if !(cue.according || inverted) || word_count(lead) == 0 {
            return None;
        }
        let span = trim_span(body, at.window);
        let role = may_hold_role(lead)
            .then(|| ROLE.find(lead))
            .flatten()
            .map(|m| m.as_str().to_lowercase());
        let speaker = role
            .filter(|_| lead.trim_start().to_lowercase().starts_with("the "))
            .and_then(|r| self.resolve_role(&r, cue.span.start))
            .or_else(|| self.source_after(span, sent));
        Some(Subject {
            span: speaker.as_ref().map(|_| span),
            speaker,
            phrase: Some(span),
        })
    }

    /// The noun phrase ending just before `end` when it ends in a source noun and holds a
    /// proper word ("The Clinton campaign", "a CNN/WMUR poll", "Democratic officials"): its
    /// text without the article, and its span. Generic sources ("officials") give `None`.
    pub(super) fn named_source(&self, sent: Span, end: usize) -> Option<(String, Span)> {
        let text = slice(self.body, Span::new(sent.start, end)).trim_end();
        // The loop below reads the last word and at most six before it.
        let mut words: Vec<(usize, &str)> = text
            .split_whitespace()
            .rev()
            .take(7)
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        words.reverse();
        let (&(last_off, last), rest) = words.split_last()?;
        let noun = last.trim_end_matches("'s").trim_end_matches("’s");
        if !is_source_noun(noun) || self.in_quote(sent.start + last_off) {
            return None;
        }
        let mut start = last_off;
        let mut proper = false;
        for (count, &(off, w)) in (1..).zip(rest.iter().rev()) {
            if count >= 7 || w.ends_with([',', ';', ':', '"', '“', '”', ')', '(']) {
                break;
            }
            if matches!(
                w,
                "the" | "The" | "a" | "A" | "an" | "An" | "one" | "One" | "many" | "Many"
            ) {
                start = off;
                break;
            }
            let upper = w.starts_with(char::is_uppercase);
            let lower_ok = w.starts_with(char::is_lowercase)
                && !is_function_word(w)
                && cue_kind(w).is_none()
                && !w.ends_with("ly");
            let digits = w.starts_with(|c: char| c.is_ascii_digit());
            if !(upper && !lx::is_stop(w) || lower_ok || digits) {
                break;
            }
            // A capital opening the sentence proves nothing unless it starts a known name.
            let pos = sent.start + off;
            if upper
                && (off > 0 || self.entities.iter().any(|e| e.span.start == pos))
                && !lx::is_title(w.trim_end_matches('.'))
            {
                proper = true;
            }
            start = off;
        }
        let indefinite = anonymous(slice(
            self.body,
            Span::new(sent.start + start, sent.start + text.len()),
        ));
        if !proper || indefinite || self.in_quote(sent.start + start) {
            return None;
        }
        let span = Span::new(sent.start + start, sent.start + text.len());
        let name = strip_article(slice(self.body, span));
        Some((names::clean(name, EntityKind::Organization), span))
    }

    /// The source after "according to" or an inverted "said": the phrase itself when it
    /// names a specific group or document ("according to a new CNN/ORC poll").
    pub(super) fn source_after(&self, span: Span, sent: Span) -> Option<String> {
        let text = slice(self.body, span);
        if text.contains(['"', '“', '”']) {
            return None;
        }
        // "an ABC News-Washington Post poll last week", "a survey released on Thursday": the
        // source ends before its time and participle modifiers, if a name is left.
        let cut = text
            .split_whitespace()
            .skip(1)
            .find(|w| {
                matches!(
                    *w,
                    "last"
                        | "this"
                        | "on"
                        | "earlier"
                        | "since"
                        | "during"
                        | "that"
                        | "which"
                        | "who"
                        | "when"
                        | "after"
                        | "before"
                ) || w.starts_with(char::is_lowercase) && w.ends_with("ed")
            })
            .map(|w| w.as_ptr() as usize - text.as_ptr() as usize);
        let head = trim_span(
            self.body,
            Span::new(span.start, cut.map_or(span.end, |c| span.start + c)),
        );
        // "a count by The Associated Press", "a copy of the letter reviewed by The Post": the
        // agent a proper name gives after "by" is the source.
        let agent = text.rfind(" by ").and_then(|at| {
            let rest = &text[at + 4..];
            let named = rest
                .strip_prefix("the ")
                .unwrap_or(rest)
                .starts_with(char::is_uppercase);
            named.then(|| trim_span(self.body, Span::new(span.start + at + 4, span.end)))
        });
        agent
            .into_iter()
            .chain([head, span])
            .find_map(|candidate| self.source_name(candidate, sent))
    }

    /// A source phrase as a name: short, not a clause, holding a proper word or a name the
    /// recogniser found ("a new article in Politico" yes; "Russian news sources" no).
    pub(super) fn source_name(&self, span: Span, sent: Span) -> Option<String> {
        let text = slice(self.body, span);
        let clause = text.split_whitespace().any(|w| {
            is_function_word(w) && !matches!(w, "of" | "for" | "at" | "by" | "in" | "from")
        });
        if word_count(text) > 10 || clause {
            return None;
        }
        // The phrase follows its cue, so even its first word is capitalised for a reason
        // ("according to Nielsen", "according to F.A.A. records"), unless it is a stop word
        // or a nationality ("according to Russian news sources" names no one).
        let proper = text.split_whitespace().any(|w| {
            w.starts_with(char::is_uppercase)
                && !lx::is_stop(w)
                && !lx::is_title(w.trim_end_matches('.'))
                && !lx::is_demonym(w)
        }) || self
            .entities
            .iter()
            .any(|e| span.contains(e.span) && sent.contains(e.span) && e.kind != EntityKind::Misc);
        let generic = matches!(
            text.split_whitespace().next(),
            Some("he" | "she" | "they" | "it" | "him" | "her" | "them")
        );
        // "one GOP source in the room" is one unnamed person, wherever the room.
        let head = text
            .split([' '])
            .take_while(|w| !matches!(*w, "of" | "for" | "at" | "by" | "in" | "from"))
            .map(str::len)
            .enumerate()
            .fold(0, |acc, (i, len)| acc + len + usize::from(i > 0));
        let indefinite = anonymous(text) || anonymous(text.get(..head).unwrap_or(text));
        (proper && !generic && !indefinite)
            .then(|| names::clean(strip_article(text), EntityKind::Organization))
    }

    /// End of an apposition after a name (", Mr. Putin's spokesman"), or `end` if none.
    pub(super) fn apposition_end(&self, end: usize, sent: Span) -> usize {
        let rest = self.body.get(end..sent.end).unwrap_or("");
        static APPOS: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"^,\s[^,"“”;]{1,80}?(?:,|[.!?]["”]?\s*$|$)"#).expect("static regex")
        });
        match APPOS.find(rest) {
            Some(m) if cue_matches(m.as_str()).next().is_none() => {
                end + m.as_str().trim_end_matches(',').len()
            }
            _ => end,
        }
    }
}
