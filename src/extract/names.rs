//! Canonical names: titles, initials and surnames resolved to the fullest form an article uses.
//!
//! Takes the surface text and kind of every entity mention in one article (however the
//! mentions were found) and gives one canonical name per mention: people become the fullest
//! form of the name the article uses ("Mr. Putin" → "Vladimir V. Putin"), organisations and
//! places lose "the", possessives and acronym dots, and a few aliases are merged
//! ("U.S." → "United States").

use super::entity::lexicon as lx;
use super::EntityKind;

/// Surface forms that name the same place or body as a longer, canonical one.
fn alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "US" | "USA" | "United States of America" => "United States",
        "UK" => "United Kingdom",
        "UN" => "United Nations",
        "EU" => "European Union",
        "USSR" => "Soviet Union",
        _ => return None,
    })
}

/// Strips a possessive, a leading "the", and (for people) leading titles; collapses spaces.
pub fn clean(text: &str, kind: EntityKind) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if let Some(last) = words.last_mut() {
        for suffix in ["'s", "’s"] {
            if let Some(stem) = last.strip_suffix(suffix) {
                if !stem.is_empty() {
                    *last = stem;
                }
            }
        }
        *last = last.trim_end_matches(['\'', '’']);
    }
    if words.len() > 1 && matches!(words[0], "the" | "The") {
        words.remove(0);
    }
    if kind == EntityKind::Person {
        while words.len() > 1 && lx::is_title(words[0]) {
            words.remove(0);
        }
    }
    words.join(" ")
}

/// "C.I.A." → "CIA"; other names unchanged.
fn undot_acronym(name: &str) -> String {
    let pieces: Vec<&str> = name.split('.').filter(|p| !p.is_empty()).collect();
    let dotted = name.contains('.')
        && !name.contains(' ')
        && pieces
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    if dotted {
        pieces.concat()
    } else {
        name.to_string()
    }
}

/// Whether two given names can be the same person's ("Vladimir" ~ "V.").
fn same_given(a: &str, b: &str) -> bool {
    let initial = |s: &str| s.len() <= 2 && s.ends_with('.');
    if a == b {
        return true;
    }
    if initial(a) || initial(b) {
        return a.chars().next() == b.chars().next();
    }
    false
}

/// Person name split into (given name, surname); the surname skips suffixes like "Jr.".
fn parts(name: &str) -> (Option<&str>, Option<&str>) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.iter().rposition(|w| !lx::is_name_suffix(w));
    let surname = last.map(|i| words[i]);
    let given = match last {
        Some(i) if i > 0 => Some(words[0]),
        _ => None,
    };
    (given, surname)
}

/// People sharing a surname and compatible given names; `best` is the fullest form seen.
struct Cluster {
    given: String,
    surname: String,
    /// "Jr.", "III": Donald Trump Jr. is not Donald J. Trump.
    suffix: Option<String>,
    best: String,
}

fn suffix(name: &str) -> Option<String> {
    name.split_whitespace()
        .last()
        .filter(|w| lx::is_name_suffix(w))
        .map(|w| w.trim_end_matches('.').to_string())
}

fn fuller(candidate: &str, current: &str) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    (words(candidate), candidate.len()) > (words(current), current.len())
}

/// One canonical name per mention, in the same order as `mentions` (surface text, kind).
///
/// People: a multi-word name joins the cluster of names with the same surname and a
/// compatible given name, and takes that cluster's fullest form; a bare surname (or a titled
/// one) takes the fullest form when exactly one person in the article has that surname, and
/// stays as written when none or several do.
pub fn canonicalize(mentions: &[(&str, EntityKind)]) -> Vec<String> {
    let cleaned: Vec<String> = mentions.iter().map(|(t, k)| clean(t, *k)).collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    for ((_, kind), name) in mentions.iter().zip(&cleaned) {
        if *kind != EntityKind::Person {
            continue;
        }
        let (Some(given), Some(surname)) = parts(name) else {
            continue;
        };
        let sfx = suffix(name);
        match clusters
            .iter_mut()
            .find(|c| c.surname == surname && same_given(&c.given, given) && c.suffix == sfx)
        {
            Some(c) => {
                if fuller(name, &c.best) {
                    c.best = name.clone();
                }
                if c.given.ends_with('.') && !given.ends_with('.') {
                    c.given = given.to_string();
                }
            }
            None => clusters.push(Cluster {
                given: given.to_string(),
                surname: surname.to_string(),
                suffix: sfx,
                best: name.clone(),
            }),
        }
    }

    mentions
        .iter()
        .zip(cleaned)
        .map(|((_, kind), name)| match kind {
            EntityKind::Person => {
                let (given, surname) = parts(&name);
                let Some(surname) = surname else {
                    return name;
                };
                let mut same: Vec<&Cluster> = clusters
                    .iter()
                    .filter(|c| c.surname == surname)
                    .filter(|c| given.is_none_or(|g| same_given(&c.given, g)))
                    .filter(|c| given.is_none() || c.suffix == suffix(&name))
                    .collect();
                same.dedup_by(|a, b| a.best == b.best);
                match same.as_slice() {
                    [only] => only.best.clone(),
                    _ => name,
                }
            }
            _ => {
                let bare = undot_acronym(&name);
                alias(&bare).map_or(bare, str::to_string)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::{Organization as O, Person as P};

    #[test]
    fn clean_never_empties_a_name() {
        assert_eq!(clean("President", P), "President");
        assert_eq!(clean("’s", P), "’s");
        assert_eq!(clean("The", O), "The");
        assert_eq!(clean("Prime Minister Boris Johnson", P), "Boris Johnson");
    }
}
