//! What the attribution rules read about one article (`Ctx`): entities, quotes, roles,
//! and the small questions every rule asks of them (is this in a quote, is this a group, who
//! does this pronoun or role word name).

use super::*;

impl<'a> Ctx<'a> {
    /// The words of `sent` the learned cue model judges, with their features, into `out`
    /// (cleared): lower-case ASCII words outside quotation marks that no cue list holds.
    /// `tokens` is scratch space.
    pub(super) fn cue_candidates(
        &self,
        sent: Span,
        tokens: &mut Vec<cue_model::Token>,
        out: &mut Vec<(Span, cue_model::Features)>,
    ) {
        let body = self.body;
        out.clear();
        cue_model::tokens(slice(body, sent), sent.start, tokens);
        for (i, token) in tokens.iter().enumerate() {
            if !token.ascii_lower_word
                || body[..token.span.start].ends_with('-')
                || self.in_quote(token.span.start)
            {
                continue;
            }
            // Function words only ever join a cue ("has said", "support for", "said in a
            // statement"): the word that carries it is the candidate, and an auxiliary taken
            // for a cue made "Putin has witnessed a shift" an attribution.
            let word = slice(body, token.span);
            if is_function_word(word)
                || matches!(word, "the" | "a" | "an")
                || cue_kind(word).is_some()
                || word.eq_ignore_ascii_case("according")
            {
                continue;
            }
            let subject = cue_model::subject_kind(tokens, i, self.entities);
            out.push((token.span, cue_model::features(body, tokens, i, subject)));
        }
    }

    pub(super) fn in_quote(&self, pos: usize) -> bool {
        // `direct_quotes` gives disjoint spans in order: the one ending first after `pos`.
        let i = self.quotes.partition_point(|q| q.end <= pos);
        self.quotes.get(i).is_some_and(|q| q.start <= pos)
    }

    pub(super) fn possessive_after(&self, e: &Entity) -> bool {
        let after = self.body.get(e.span.end..).unwrap_or("");
        after.starts_with("'s") || after.starts_with("’s") || after.starts_with('\'')
    }

    /// "facing a challenge in Iowa, a swing state, said", "the shooting in Aurora, Colorado,
    /// in July, said": a place behind a preposition (past a city, if any) is the object of
    /// one, never the subject of the verb after its apposition.
    pub(super) fn after_preposition(&self, e: &Entity, sent: Span) -> bool {
        let lead = self.body[sent.start.min(e.span.start)..e.span.start].trim_end();
        let mut words = lead.split_whitespace().rev().peekable();
        // "Aurora, Colorado": past the city before the state, if any.
        if lead.ends_with(',') {
            words.next();
            for _ in 0..2 {
                if words
                    .peek()
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
                {
                    words.next();
                }
            }
        }
        match words.next() {
            Some("in" | "from" | "at" | "near" | "to" | "across" | "outside" | "throughout") => {
                true
            }
            // "the attorney general of Oklahoma", but "the city of Phoenix" is the city.
            Some("of") => !words.next().is_some_and(|w| {
                matches!(
                    w,
                    "city" | "state" | "town" | "county" | "province" | "government" | "people"
                )
            }),
            _ => false,
        }
    }

    /// "The Obama administration", "Clinton aides were coy": a name that qualifies a group
    /// noun after it, whose subject is the group, not the name.
    pub(super) fn qualifies_group(&self, e: &Entity) -> bool {
        let after = self.body.get(e.span.end..).unwrap_or("");
        let after = after
            .strip_prefix("’s")
            .or_else(|| after.strip_prefix("'s"))
            .unwrap_or(after);
        after.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.trim_end_matches([',', '.']),
                "administration"
                    | "campaign"
                    | "campaigns"
                    | "aide"
                    | "aides"
                    | "ally"
                    | "allies"
                    | "official"
                    | "officials"
                    | "spokesman"
                    | "spokeswoman"
                    | "staff"
                    | "supporters"
                    | "backers"
                    | "fans"
                    | "loyalists"
                    | "surrogates"
                    | "advisers"
                    | "team"
                    | "camp"
                    | "voters"
                    | "delegates"
                    | "defenders"
                    | "critics"
                    | "opponents"
                    | "family"
            )
        })
    }

    /// The organisation "it" at `pos` most likely means: one opening the sentence of `pos`
    /// (after "The", if any) before `pos`, else one opening the sentence before in the same
    /// paragraph.
    pub(super) fn opening_organization(&self, pos: usize, sents: &[Span]) -> Option<&'a Entity> {
        let k = sents.iter().position(|s| s.start <= pos && pos < s.end)?;
        let opens = |sent: Span, limit: usize| {
            self.entities
                .iter()
                .find(|e| e.span.start >= sent.start && e.span.end <= limit)
                .filter(|e| {
                    let lead = slice(self.body, Span::new(sent.start, e.span.start)).trim();
                    e.kind == EntityKind::Organization
                        && matches!(lead, "" | "The" | "the")
                        && !self.possessive_after(e)
                })
        };
        opens(sents[k], pos).or_else(|| {
            let prev = *sents.get(k.checked_sub(1)?)?;
            let same_paragraph =
                !slice(self.body, Span::new(prev.end, sents[k].start)).contains('\n');
            opens(prev, prev.end).filter(|_| same_paragraph)
        })
    }

    /// "The senator forced Stumpf, who …, to admit that …", "All this has led the Latvian
    /// journalist Dainis Ivans to fear …": a verb that makes someone speak puts its object, not
    /// the sentence's subject, before the cue. (Asking or urging someone to speak does not
    /// say they did.)
    pub(super) fn made_to_speak(&self, cue: Cue, before: Span) -> Option<Subject> {
        static MADE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"\b(?:forced|forcing|forces|led|leading|prompted|prompting|prompts|compelled|compelling|got|made)\s+(?P<obj>[^.;:"“”]{1,160}?)\s+to\s*$"#)
                .expect("static regex")
        });
        if cue.according {
            return None;
        }
        let text = slice(self.body, before);
        // The regex is only worth running where the cue is an infinitive.
        if !text.trim_end().ends_with(" to") {
            return None;
        }
        let object = group(&MADE, text, "obj")?;
        let object = Span::new(before.start + object.start, before.start + object.end);
        let person = self
            .entities
            .iter()
            .filter(|e| object.contains(e.span))
            .find(|e| e.kind == EntityKind::Person && !self.possessive_after(e))?;
        // The object's head: the person opens it but for a title or a descriptor
        // ("the Latvian journalist Dainis Ivans"), never after a clause of its own.
        let lead = slice(self.body, Span::new(object.start, person.span.start));
        if lead.contains(',') || word_count(lead) > 4 {
            return None;
        }
        Some(Subject {
            speaker: Some(person.canonical.clone()),
            span: Some(person.span),
            phrase: Some(object),
        })
    }

    /// The group "it" or "they" at `pos` may mean when no organisation opens the sentence: a
    /// named group phrase opening this sentence or (with `sentence_before`) the one before in
    /// the paragraph ("Donald Trump’s campaign is defending his tweets. It’s denouncing what
    /// it calls …").
    pub(super) fn opening_group(
        &self,
        pos: usize,
        sents: &[Span],
        sentence_before: bool,
    ) -> Option<String> {
        let k = sents.iter().position(|s| s.start <= pos && pos < s.end)?;
        let opens = |sent: Span, limit: usize| {
            let text = slice(self.body, Span::new(sent.start, limit));
            let (off, word) = text
                .split_whitespace()
                .take(6)
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .find(|(_, w)| {
                    matches!(
                        w.trim_end_matches([',', '.']),
                        "campaign" | "committee" | "administration" | "government" | "team"
                    )
                })?;
            let end = sent.start + off + word.trim_end_matches([',', '.']).len();
            self.named_source(sent, end).map(|(speaker, _)| speaker)
        };
        opens(sents[k], pos).or_else(|| {
            let prev = *sents.get(k.checked_sub(1)?)?;
            let same_paragraph =
                !slice(self.body, Span::new(prev.end, sents[k].start)).contains('\n');
            opens(prev, prev.end).filter(|_| sentence_before && same_paragraph)
        })
    }

    /// The person a pronoun at `pos` most likely means: the first non-possessive person
    /// named in the nearest earlier sentence that names one outside quotes.
    pub(super) fn resolve_pronoun(&self, pos: usize, sents: &[Span]) -> Option<String> {
        let persons: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person && e.span.end <= pos)
            .filter(|e| !self.in_quote(e.span.start) && !self.possessive_after(e))
            .collect();
        let last = persons.last()?;
        let sent = sents.iter().find(|s| s.contains(last.span))?;
        persons
            .iter()
            .find(|e| sent.contains(e.span))
            .map(|e| e.canonical.clone())
    }

    /// The most recent person before `pos` whose title or apposition named `role`.
    pub(super) fn resolve_role(&self, role: &str, pos: usize) -> Option<String> {
        self.roles
            .iter()
            .rev()
            .find(|(p, r, _)| *p < pos && r == role)
            .map(|(_, _, name)| name.clone())
    }

    pub(super) fn entity_ending_at(&self, end: usize, from: usize) -> Option<&'a Entity> {
        self.entities
            .iter()
            .rev()
            .find(|e| e.span.end <= end && e.span.start >= from)
    }
}

pub(super) fn collect_roles(
    body: &str,
    entities: &[Entity],
    sents: &[Span],
) -> Vec<(usize, String, String)> {
    let mut roles = Vec::new();
    for e in entities.iter().filter(|e| e.kind == EntityKind::Person) {
        let Some(sent) = sents.iter().find(|s| s.contains(e.span)) else {
            continue;
        };
        // Title or role just before ("Kremlin spokesman Dmitri Peskov", "President Putin").
        let before = slice(body, Span::new(sent.start, e.span.start));
        let tail_start = before.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
        let window_before = &before[tail_start..];
        // Apposition after (", Mr. Putin's spokesman,").
        let after = slice(body, Span::new(e.span.end, sent.end));
        let appos = after
            .strip_prefix(',')
            .and_then(|a| a.split([',', ';']).next())
            .unwrap_or("");
        let last_before = window_before
            .rsplit([',', ';', '.', '(', '"', '“'])
            .next()
            .unwrap_or("");
        for text in [last_before, appos] {
            if !may_hold_role(text) {
                continue;
            }
            let last = match last_role_word(text) {
                Some(found) => found,
                None => ROLE.find_iter(text).last().map(|m| m.as_str()),
            };
            if let Some(role) = last {
                roles.push((e.span.start, role.to_lowercase(), e.canonical.clone()));
            }
        }
    }
    roles.sort_by_key(|r| r.0);
    roles
}
