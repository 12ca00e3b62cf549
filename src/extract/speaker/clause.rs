//! Reported speech: the subject a cue falls back on, the sentence's subject as
//! speaker of a quote, and the reported clause a cue introduces.

use super::*;

/// What the clause shapes read: the cue, its subject phrase, the sentence and where the next
/// attribution in it begins.
pub(super) struct ClauseAt {
    cue: Cue,
    phrase: Span,
    sent: Span,
    limit: usize,
}

impl ClauseAt {
    /// Where the attribution starts and ends: the cue and its subject phrase, in whichever
    /// order they come.
    fn head_start(&self) -> usize {
        if self.phrase.start >= self.cue.span.end {
            self.cue.span.start
        } else {
            self.phrase.start.min(self.cue.span.start)
        }
    }

    fn tail_end(&self) -> usize {
        if self.phrase.start >= self.cue.span.end {
            self.phrase.end
        } else {
            self.cue.span.end
        }
    }

    /// The sentence before the attribution; "…, Mr. Obama said", "…, the New York Post
    /// said": the title or article belongs to the subject, not the clause.
    fn head<'b>(&self, body: &'b str) -> &'b str {
        let mut head = slice(body, Span::new(self.sent.start, self.head_start()));
        while let Some((rest, last)) = head.trim_end().rsplit_once(char::is_whitespace) {
            if !lx::is_title(last) && !matches!(last, "the" | "a" | "an") {
                break;
            }
            head = rest;
        }
        head
    }
}

/// A shape of reported clause: `None` when it does not apply, else what it decides (which
/// may be that the cue reports no clause).
type ClauseShape = for<'a> fn(&Ctx<'a>, &ClauseAt) -> Option<Option<Span>>;

/// The shapes a reported clause may take, in order; the first that applies decides.
const CLAUSE_SHAPES: &[ClauseShape] = &[
    |ctx, at| ctx.colon_paragraph(at),
    |ctx, at| ctx.as_reported(at),
    |ctx, at| ctx.clause_before(at),
    |ctx, at| ctx.whole_sentence(at),
    |ctx, at| ctx.question(at),
    |ctx, at| ctx.clause_after(at),
];

impl<'a> Ctx<'a> {
    /// A subject for reported speech whose cue has none of its own: a relative pronoun
    /// ("Bill Clinton, who activated …"), a participle or a coordinated verb sharing the
    /// sentence's subject ("…, Rendell recalled, suggesting …", "… and plans to …"). The
    /// content is still speech though its source phrase is not a name; the speaker is the
    /// antecedent, the earlier cue's subject or the sentence's first name, if any.
    pub(super) fn fallback_subject(
        &self,
        cue: Cue,
        sent: Span,
        earlier: &[&Subject],
        sents: &[Span],
    ) -> Option<Subject> {
        let body = self.body;
        let verb = slice(body, cue.span);
        let before = slice(body, Span::new(sent.start, cue.span.start));
        // "Asked whether he would …, Reid said", "when asked why": the asker is unnamed.
        if matches!(verb, "asked" | "Asked") {
            return asked_passively(before).then_some(Subject::unnamed_at(sent.start));
        }
        if cue.according || !(cue.strong || cue.broad) || is_noun_cue(verb) {
            return None;
        }
        static LINK: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:^|[\s,])(?P<w>who|which|and|but|yet|or)(?:\s+(?:has|have|had|also|would|will|could|may|might|did|does|do|never|not|then|again|already|together|\p{Ll}+ly))*\s+$")
                .expect("static regex")
        });
        let at = Fallback {
            ctx: self,
            cue,
            sent,
            sents,
            earlier,
            before,
            named: self
                .entities
                .iter()
                .filter(|e| sent.contains(e.span) && e.span.end <= cue.span.start)
                .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organization))
                .filter(|e| !self.in_quote(e.span.start))
                .collect(),
        };
        if let Some(w) = group(&LINK, before, "w") {
            return Some(match w.as_str() {
                "who" | "which" => at.relative(w.as_str(), sent.start + w.start()),
                _ => at.shared(),
            });
        }
        if verb.ends_with("ing") && before.trim_end().ends_with(',') {
            return Some(at.participle());
        }
        // "A Quinnipiac University poll released in late August found that …": a complement
        // clause marks speech even when the subject phrase is too long to read.
        let after = slice(body, Span::new(cue.span.end, sent.end));
        after.starts_with(" that ").then(|| at.complement())
    }

    /// The person opening the sentence of a quote that no cue claims, when nothing but
    /// titles or a short opening phrase precede the name and the quote follows it.
    pub(super) fn quoting_subject(&self, q: Span, sent: &Span) -> Option<&'a Entity> {
        let first = self
            .entities
            .iter()
            .find(|e| sent.contains(e.span) && e.span.end <= q.start)?;
        let lead = slice(self.body, Span::new(sent.start, first.span.start));
        let titles_only = lead
            .split_whitespace()
            .all(|w| w.ends_with('.') || w.chars().next().is_some_and(char::is_uppercase));
        let opener = lead.trim_end().ends_with(',') && word_count(lead) <= 5;
        let ok = first.kind == EntityKind::Person
            && (titles_only || opener)
            && !lead.contains(['"', '“', '”'])
            && !self.possessive_after(first)
            && !self.in_quote(first.span.start);
        ok.then_some(first)
    }

    pub(super) fn sentence_subject(&self, cue: Cue, sent: Span) -> Option<Subject> {
        let body = self.body;
        if self.named_after_inverted_cue(cue, sent) {
            return None;
        }
        let first = self.entities.iter().find(|e| {
            sent.contains(e.span) && e.span.end <= cue.span.start && e.kind == EntityKind::Person
        })?;
        let lead = slice(body, Span::new(sent.start, first.span.start));
        // Titles only ("Sen.", "Mr."), or a short opening phrase ("Speaking English, Mr. …").
        let titles_only = lead
            .split_whitespace()
            .all(|w| w.ends_with('.') || w.chars().next().is_some_and(char::is_uppercase));
        let opener = |l: &str| {
            let l = l.trim_end();
            let l = l
                .strip_suffix("Mr.")
                .or_else(|| l.strip_suffix("Ms."))
                .unwrap_or(l);
            l.trim_end().ends_with(',') && word_count(l) <= 6 && !self.in_quote(sent.start)
        };
        let lead_ok = titles_only || opener(lead);
        // '"As we noted, Clinton … hit Trump hard," said Kenneth Baer': a name the quote
        // holds is no subject of the cue after it.
        let speaks = first.kind == EntityKind::Person
            && lead_ok
            && !self.possessive_after(first)
            && !self.in_quote(first.span.start);
        let head = self.role_head(first, cue);
        // "Clinton aides were coy": the aides are the subject, not Clinton, under the name
        // the text gives them.
        if speaks && head.span == first.span && self.qualifies_group(first) {
            return self.group_subject(first, cue, sent);
        }
        speaks.then(|| Subject {
            speaker: Some(head.canonical.clone()),
            span: Some(head.span),
            phrase: Some(Span::new(first.span.start, head.span.end)),
        })
    }

    /// "…, said Ohio State University professor Paul Beck": the speaker comes after an
    /// inverted cue, whoever opened the sentence.
    fn named_after_inverted_cue(&self, cue: Cue, sent: Span) -> bool {
        let body = self.body;
        let lead_to_cue = body[sent.start..cue.span.start].trim_end();
        let after_cue = body.get(cue.span.end..sent.end).unwrap_or("");
        let inverted = lead_to_cue.ends_with([',', '”', '"'])
            && after_cue.starts_with(' ')
            && after_cue.trim_start().starts_with(char::is_uppercase);
        inverted
            && self.entities.iter().any(|e| {
                e.kind == EntityKind::Person
                    && e.span.start > cue.span.end
                    && e.span.end <= sent.end
                    && body[cue.span.end..e.span.start].len() <= 60
                    && !body[cue.span.end..e.span.start]
                        .contains([',', '.', ';', ':', '"', '“', '”'])
                    && {
                        let rest = body[e.span.end..sent.end].trim_start();
                        rest.is_empty() || rest.starts_with(['.', ',', '('])
                    }
            })
    }

    /// "Clinton campaign spokesman Brian Fallon responded …, calling": the person the role
    /// after `first` names, not its employer; else `first`.
    fn role_head(&self, first: &'a Entity, cue: Cue) -> &'a Entity {
        let body = self.body;
        self.entities
            .iter()
            .find(|e| e.span.start >= first.span.end && e.span.end <= cue.span.start)
            .filter(|next| {
                let gap = slice(body, Span::new(first.span.end, next.span.start));
                next.kind == EntityKind::Person
                    && (1..=2).contains(&word_count(gap))
                    && gap
                        .split_whitespace()
                        .all(|w| w.starts_with(char::is_lowercase))
                    && may_hold_role(gap)
                    && ROLE.is_match(gap)
            })
            .unwrap_or(first)
    }

    /// The subject when the sentence's first person qualifies a group ("Clinton aides"):
    /// "Clinton campaign communications director Jennifer Palmieri", the person the group's
    /// role words lead to, or "Another Clinton ally, Agriculture Secretary Tom Vilsack,", in an
    /// apposition of capitalised title words after the group noun; else the group under the
    /// name the text gives it.
    fn group_subject(&self, first: &Entity, cue: Cue, sent: Span) -> Option<Subject> {
        let body = self.body;
        let role_named = self.entities.iter().find(|e| {
            e.kind == EntityKind::Person
                && e.span.start > first.span.end
                && e.span.end <= cue.span.start
                && {
                    let gap = slice(body, Span::new(first.span.end, e.span.start));
                    let lower = |w: &str| w.chars().all(|c| c.is_lowercase());
                    let (noun, rest) = gap.trim_start().split_once(' ').unwrap_or((gap, ""));
                    (2..=5).contains(&word_count(gap))
                        && (gap.split_whitespace().all(lower)
                            || noun.strip_suffix(',').is_some_and(lower)
                                && rest.split_whitespace().all(|w| {
                                    w.starts_with(char::is_uppercase) && !w.ends_with(',')
                                }))
                }
        });
        if let Some(person) = role_named {
            return Some(Subject {
                speaker: Some(person.canonical.clone()),
                span: Some(person.span),
                phrase: Some(Span::new(first.span.start, person.span.end)),
            });
        }
        let after = slice(body, Span::new(first.span.end, cue.span.start));
        let noun = after.split_whitespace().next()?;
        let noun_end = first.span.end + after.find(noun)? + noun.trim_end_matches([',', '.']).len();
        let (speaker, span) = self.named_source(sent, noun_end)?;
        Some(Subject {
            speaker: Some(speaker),
            span: Some(span),
            phrase: Some(span),
        })
    }

    /// Reported speech for a cue: "X said (that) CLAUSE" or "CLAUSE, X said."
    ///
    /// A clause after the cue ends by `limit`, where the next attribution of the sentence
    /// begins ("Linick said that X, but he urged …").
    /// The span of speech cue `cue` reports, its subject found: the first of
    /// [`CLAUSE_SHAPES`] that applies decides it (which may be no clause at all).
    pub(super) fn reported_clause(
        &self,
        cue: Cue,
        subject: &Subject,
        sent: Span,
        limit: usize,
    ) -> Option<Span> {
        let phrase = subject.phrase?;
        if cue.according {
            return self.according_clause(cue, sent);
        }
        let at = ClauseAt {
            cue,
            phrase,
            sent,
            limit,
        };
        CLAUSE_SHAPES
            .iter()
            .find_map(|shape| shape(self, &at))
            .flatten()
    }

    /// `colon-paragraph`: "Limbaugh added:⏎⏎And from a supposed front-runner, …": a cue closing
    /// its line with a colon introduces the next paragraph. (A quoted one is a direct quote
    /// already.)
    fn colon_paragraph(&self, at: &ClauseAt) -> Option<Option<Span>> {
        let (body, cue, phrase, sent) = (self.body, at.cue, at.phrase, at.sent);
        let applies = phrase.start < cue.span.start
            && slice(body, Span::new(cue.span.end, sent.end)).trim() == ":";
        applies.then(|| self.next_paragraph(sent))
    }

    /// The paragraph after `sent`, when it is one of four words or more and not a quote.
    fn next_paragraph(&self, sent: Span) -> Option<Span> {
        let body = self.body;
        let rest = body.get(sent.end..).unwrap_or("");
        let start = sent.end + (rest.len() - rest.trim_start().len());
        if !body[sent.end..start].contains('\n') {
            return None;
        }
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        let paragraph = trim_span(body, Span::new(start, end));
        let text = slice(body, paragraph);
        let quoted = text.starts_with(['"', '“', '\'', '‘']);
        (!quoted && word_count(text) >= 4).then_some(paragraph)
    }

    /// `as-reported`: "As Breitbart News reported, even on Friday morning, the White House
    /// was …": the sentence after the comma that closes the attribution. ("As Clinton talked
    /// about …, Trump …" is a time, not an attribution.)
    fn as_reported(&self, at: &ClauseAt) -> Option<Option<Span>> {
        let (body, cue, phrase, sent) = (self.body, at.cue, at.phrase, at.sent);
        let opening = slice(
            body,
            Span::new(sent.start, phrase.start.min(cue.span.start)),
        );
        let reporting = matches!(
            slice(body, cue.span),
            "reported"
                | "reports"
                | "noted"
                | "notes"
                | "said"
                | "says"
                | "wrote"
                | "writes"
                | "explained"
                | "observed"
                | "argued"
                | "pointed"
        );
        if reporting && matches!(opening.trim(), "As" | "As the" | "As The") {
            let rest = slice(body, Span::new(cue.span.end, sent.end));
            if let Some(comma) = rest.find(',').filter(|&c| word_count(&rest[..c]) <= 4) {
                let clause = trim_span(body, Span::new(cue.span.end + comma + 1, sent.end));
                if word_count(slice(body, clause)) >= 4 {
                    return Some(Some(clause));
                }
            }
        }
        None
    }

    /// `clause-before`: "…, X said": the clause before, when the subject (or an inverted
    /// cue) follows a comma and ends the sentence.
    fn clause_before(&self, at: &ClauseAt) -> Option<Option<Span>> {
        let (body, cue, phrase, sent) = (self.body, at.cue, at.phrase, at.sent);
        let head = at.head(body);
        let tail = slice(body, Span::new(at.tail_end(), sent.end));
        // What may follow "…, X said": an apposition, then a time or place ("on Friday",
        // "in an interview"); after "told", its object ("told The Huffington Post").
        let told = matches!(slice(body, cue.span), "told" | "tells" | "telling");
        // "Kelly Schmdit, told POLITICO she was leaning …": a clause after the object is the
        // content, whatever precedes.
        let told_clause =
            told && phrase.start < cue.span.end && self.told_object(cue.span.end, sent).is_some();
        let tail_ok =
            tails::after_attribution(tail) || told && !told_clause && tails::after_told(tail);
        if head.trim_end().ends_with(',') && tail_ok {
            let clause = trim_span(
                body,
                Span::new(sent.start, sent.start + head.trim_end().len()),
            );
            if word_count(slice(body, clause)) >= 4 {
                return Some(Some(clause));
            }
        }
        None
    }

    /// `whole-sentence`: "The museum, Mr. Obama said, would make visitors face …".
    fn whole_sentence(&self, at: &ClauseAt) -> Option<Option<Span>> {
        let (body, cue, phrase, sent) = (self.body, at.cue, at.phrase, at.sent);
        let tail = slice(body, Span::new(at.tail_end(), sent.end));
        let head = at.head(body);
        let applies = head.trim_end().ends_with(',')
            && phrase.start < cue.span.end
            && tail.starts_with(',')
            && word_count(tail) >= 3;
        applies.then(|| {
            let clause = trim_span(body, sent);
            (!self.in_quote(clause.start)).then_some(clause)
        })
    }

    /// `question`: "an Iowa voter asked if she might consider appointing Obama": the
    /// question.
    fn question(&self, at: &ClauseAt) -> Option<Option<Span>> {
        let verb = slice(self.body, at.cue.span);
        let applies = at.phrase.start < at.cue.span.end
            && matches!(verb, "asked" | "asks" | "asking" | "Asked");
        applies.then(|| self.asked_what(at))
    }

    /// What "asked" asks: the question after it ("asked if …", "asked supporters to …").
    fn asked_what(&self, at: &ClauseAt) -> Option<Span> {
        let (body, cue, phrase, sent, limit) = (self.body, at.cue, at.phrase, at.sent, at.limit);
        static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"^(?:\s+[^\s,.;]+){0,5}?\s+(?:if|whether|why|how|what|who|when|where|which|about)\s",
            )
            .expect("static regex")
        });
        // "asked supporters to run for office", "had been asked to preserve them".
        static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"^\s+(?:[^\s,.;"“”]+\s+){0,4}?to\s+\p{Ll}"#).expect("static regex")
        });
        let mut rest = slice(
            body,
            Span::new(cue.span.end, sent.end.min(limit.max(cue.span.end))),
        );
        // "Asked whether …, Reid said …": the answer follows the first comma.
        let passive = phrase.is_empty();
        if passive {
            rest = rest.split(',').next().unwrap_or(rest);
        }
        let (word_start, min_words) = match QUESTION.find(rest) {
            Some(m) => (
                rest[..m.end()].trim_end().rfind(char::is_whitespace)? + 1,
                2,
            ),
            None => (REQUEST.find(rest).map(|_| 0)?, 3),
        };
        let clause = trim_span(
            body,
            Span::new(cue.span.end + word_start, cue.span.end + rest.len()),
        );
        (word_count(slice(body, clause)) >= min_words).then_some(clause)
    }

    /// `clause-after`: "said (in a statement) (that) CLAUSE", up to a participle's own cue,
    /// ", but", or for a broad cue the next clause.
    fn clause_after(&self, at: &ClauseAt) -> Option<Option<Span>> {
        Some(self.clause_after_cue(at))
    }

    fn clause_after_cue(&self, at: &ClauseAt) -> Option<Span> {
        let (body, cue, phrase, sent, limit) = (self.body, at.cue, at.phrase, at.sent, at.limit);
        let verb = slice(body, cue.span);
        if phrase.start >= cue.span.end || cue.according || !(cue.strong || cue.broad) {
            return None;
        }
        // Clause after: "said (in a statement) (that) CLAUSE".
        let rest = slice(body, Span::new(cue.span.end, sent.end));
        // "seeking to explain the pressures that …": a broad cue's object is no speech verb's
        // adverbial, so "that" must follow it directly.
        let lead =
            tails::lead_to_that(rest).filter(|&end| !cue.broad || word_count(&rest[..end]) <= 1);
        let start = match lead {
            Some(end) => cue.span.end + end,
            // Any speech verb but those whose object comes first ("told reporters") or that
            // are nouns as often as verbs ("the claims").
            None if !matches!(
                verb,
                "told"
                    | "tells"
                    | "telling"
                    | "claims"
                    | "reports"
                    | "remarks"
                    | "According to"
                    | "according to"
            ) =>
            {
                let mut words = rest.split_whitespace();
                let first = words.next().unwrap_or("");
                // "said about 20 people have …", "said at least three …": a quantity opens
                // the content.
                let second = words.next().unwrap_or("");
                let quantity = first == "about" && second.starts_with(|c: char| c.is_ascii_digit())
                    || first == "at" && matches!(second, "least" | "most");
                let preposition = !quantity
                    && matches!(
                        first.to_lowercase().as_str(),
                        "on" | "in"
                            | "at"
                            | "to"
                            | "during"
                            | "after"
                            | "before"
                            | "with"
                            | "about"
                            | "for"
                            | "of"
                            | "so"
                            | "nothing"
                            | "yes"
                            | "no"
                            | "as"
                            | "by"
                    );
                // A broad cue's object may follow a preposition ("referring to the NRA").
                if preposition && !cue.broad
                    || rest.trim_start().starts_with([',', '.', ':', '"', '“'])
                {
                    return None;
                }
                cue.span.end
            }
            None if matches!(verb, "told" | "tells" | "telling") => {
                cue.span.end + self.told_object(cue.span.end, sent)?
            }
            None => return None,
        };
        // "said X, arguing that Y": Y belongs to the participle's own cue.
        static PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[,;]\s+(?:and\s+)?(?:arguing|adding|saying|noting|claiming|warning|explaining|insisting|asserting|declaring|writing|telling)\b")
                .expect("static regex")
        });
        let sent_end = sent.end.min(limit.max(start));
        let mut end = PARTICIPLE
            .find(slice(body, Span::new(start, sent_end)))
            .map_or(sent_end, |m| start + m.start());
        // A broad cue's object is a phrase: it ends where a new clause starts
        // ("he wants the war to end quickly, Putin has shown …").
        static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[,;:]\s+(?:(?:and|but|while|because|although|as|so)\s+)?(?:\p{Lu}\p{Ll}|he\b|she\b|they\b|it\b|we\b|I\b|who\b|which\b)")
                .expect("static regex")
        });
        // After "that" the content is a whole clause, fronted adverbials and all ("shows that
        // in a head-to-head contest, Clinton leads …").
        if cue.broad && lead.is_none() {
            if let Some(m) = CLAUSE_BREAK.find(slice(body, Span::new(start, end))) {
                end = start + m.start();
            }
        }
        // "Clinton says the mails were personal, but for Republicans, it is …": the writer
        // takes over after ", but".
        static BUT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"[,;]\s+but\s").expect("static regex"));
        if let Some(m) = BUT.find(slice(body, Span::new(start, end))) {
            end = start + m.start();
        }
        // "Despite Trump's claims that X, Putin has …": a noun cue's content ends at the comma.
        let possessive = slice(body, Span::new(phrase.end, cue.span.start)).contains(['\'', '’']);
        if possessive {
            if let Some(comma) = slice(body, Span::new(start, end)).find(',') {
                end = start + comma;
            }
        }
        let clause = trim_span(body, Span::new(start, end));
        let text = slice(body, clause);
        let min_words = if cue.broad { 1 } else { 2 };
        (word_count(text) >= min_words && !text.starts_with(['"', '“'])).then_some(clause)
    }
}

/// "Clinton's campaign chairman, John Podesta, said": a name set off by commas after a role
/// phrase is the subject, though a comma separates it from the verb.
pub(super) fn appositive_name(body: &str, e: &Entity, gap: &str, sent: Span) -> bool {
    let before = body.get(sent.start..e.span.start).unwrap_or("").trim_end();
    e.kind == EntityKind::Person
        && gap.trim() == ","
        && before.ends_with(',')
        && before.rsplit(',').nth(1).is_some_and(|role| {
            // '"…," his chief of staff, Joe Kasper, told', '"…!" the presumptive nominee, Donald
            // Trump, tweeted': the quote before is no part of it.
            let role = role.rsplit(['"', '”']).next().unwrap_or(role);
            let role = role.trim().trim_start_matches(['"', '“', '”', '\'']).trim();
            (1..=8).contains(&word_count(role)) && !role.contains(['"', '“', '”'])
        })
}

/// "Asked whether he would …", "when asked why", "was asked": the cue opens the sentence or
/// follows a passive, so the asker is unnamed.
fn asked_passively(before: &str) -> bool {
    let lead = before.trim_end();
    lead.is_empty()
        || [
            "When", "when", "was", "were", "been", "being", "Once", "once",
        ]
        .iter()
        .any(|w| {
            lead.strip_suffix(w)
                .is_some_and(|l| l.is_empty() || l.ends_with(' '))
        })
}

impl Subject {
    /// A source with no name and no phrase of its own, at `at`.
    fn unnamed_at(at: usize) -> Subject {
        Subject {
            speaker: None,
            span: None,
            phrase: Some(Span::new(at, at)),
        }
    }
}

/// What the fallback reads for a cue without a subject of its own: the sentence before it,
/// the earlier cues' subjects, and the people and organisations named before it.
struct Fallback<'c, 'a> {
    ctx: &'c Ctx<'a>,
    cue: Cue,
    sent: Span,
    sents: &'c [Span],
    earlier: &'c [&'c Subject],
    before: &'c str,
    named: Vec<&'a Entity>,
}

impl<'a> Fallback<'_, 'a> {
    /// A subject at the sentence's start with `speaker` named by `e`.
    fn of(&self, e: Option<&Entity>) -> Subject {
        Subject {
            speaker: e.map(|e| e.canonical.clone()),
            span: e.map(|e| e.span),
            phrase: Some(Span::new(self.sent.start, self.sent.start)),
        }
    }

    /// The first name before the cue that is no possessive and no group's qualifier; "Rubio
    /// spokesman Alex Conant disputed …": the person the role word names.
    fn first_name(&self) -> Option<&'a Entity> {
        let body = self.ctx.body;
        let k = self
            .named
            .iter()
            .position(|e| !self.ctx.possessive_after(e))?;
        if self.ctx.qualifies_group(self.named[k]) {
            return None;
        }
        let Some(next) = self.named.get(k + 1) else {
            return Some(self.named[k]);
        };
        let between = slice(body, Span::new(self.named[k].span.end, next.span.start));
        let role = next.kind == EntityKind::Person
            && may_hold_role(between)
            && ROLE.is_match(between)
            && word_count(between) <= 2;
        Some(if role { next } else { self.named[k] })
    }

    /// The subject a coordinated or participial cue shares: the nearest earlier cue's, else
    /// the sentence's first name, else "He proposes …, and plans to …": the pronoun opening
    /// the sentence.
    fn shared(&self) -> Subject {
        if let Some(s) = self.earlier.last() {
            return Subject {
                speaker: s.speaker.clone(),
                span: s.span,
                phrase: Some(Span::new(self.sent.start, self.sent.start)),
            };
        }
        if let Some(e) = self.first_name() {
            return self.of(Some(e));
        }
        let sent = self.sent;
        let pronoun = ["He ", "She "]
            .iter()
            .find(|p| self.before.starts_with(**p))
            .map(|p| Span::new(sent.start, sent.start + p.len() - 1));
        Subject {
            speaker: pronoun.and_then(|p| self.ctx.resolve_pronoun(p.start, self.sents)),
            span: pronoun,
            phrase: Some(Span::new(sent.start, sent.start)),
        }
    }

    /// "Janice Adkison, 52, of Florida, who said": a person past her apposition; "the
    /// union, which endorsed": the organisation just before. `at` is where `word` stands.
    fn relative(&self, word: &str, at: usize) -> Subject {
        let body = self.ctx.body;
        let e = self.named.iter().rev().find(|e| {
            let gap = slice(body, Span::new(e.span.end, at));
            if word == "who" {
                e.kind == EntityKind::Person
                    && word_count(gap) <= 5
                    && !gap.contains(['"', '“', '”', ';'])
            } else {
                e.kind == EntityKind::Organization && gap.trim() == ","
            }
        });
        self.of(e.copied())
    }

    /// "A New York judge has rejected … Trump's divorce from wife Ivana, saying …": the
    /// participle goes on from the sentence's subject, an unnamed one here, so a name in its
    /// object is no speaker; else the shared subject.
    fn participle(&self) -> Subject {
        let body = self.ctx.body;
        let unnamed_subject = self.earlier.is_empty()
            && ["A ", "An ", "The "]
                .iter()
                .any(|a| self.before.starts_with(a))
            && self.first_name().is_some_and(|e| {
                let lead = slice(body, Span::new(self.sent.start, e.span.start));
                lead.split_whitespace()
                    .any(|w| matches!(w, "has" | "have" | "had" | "is" | "are" | "was" | "were"))
            });
        if unnamed_subject {
            return Subject::unnamed_at(self.sent.start);
        }
        self.shared()
    }

    /// The speaker of a complement clause: a group the opening noun phrase names (its head,
    /// before its modifiers: "released in …"), else a name opening the sentence, if any.
    fn complement(&self) -> Subject {
        let (body, sent, before) = (self.ctx.body, self.sent, self.before);
        let head_end = before
            .split_whitespace()
            .skip(1)
            .find(|w| {
                w.starts_with(char::is_lowercase)
                    && (is_function_word(w) || w.ends_with("ed") || w.ends_with("ing"))
                    || w.contains([',', '(', '—', '"', '“'])
            })
            .map(|w| w.as_ptr() as usize - before.as_ptr() as usize)
            .map_or(self.cue.span.start, |off| sent.start + off);
        if let Some((speaker, span)) = self.ctx.named_source(sent, head_end) {
            return Subject {
                speaker: Some(speaker),
                span: Some(span),
                phrase: Some(Span::new(sent.start, sent.start)),
            };
        }
        let e = self.first_name().filter(|e| {
            word_count(slice(body, Span::new(sent.start, e.span.start))) <= 2
                && !slice(body, Span::new(e.span.end, self.cue.span.start)).contains(',')
        });
        self.of(e)
    }
}
