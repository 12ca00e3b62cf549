//! Names across the corpus: one facet value per person, whatever form each article used.
//!
//! Within an article, extraction already merges "Mr. Putin" into "Vladimir V. Putin". Across
//! articles the forms differ ("Putin", "Vladimir Putin", "Vladimir V. Putin"), and only the whole
//! corpus tells whether a bare "Putin" is unambiguous. Every passage therefore stores each of its
//! names once with its kind (the `names` fast column), and the registry of the whole corpus is
//! counted from the live passages of a commit: an article that leaves takes its counts with it,
//! and the registry can never disagree with the passages. From it the indexer derives the
//! aliases: each name that has a better-known form of the same person, written to the side
//! store (`index::store`) stamped with the commit it was derived from. Search looks up the
//! names it counts facets on or filters by, so `--speaker "Vladimir Putin"` also finds passages
//! stored as "Putin"; aliases stamped with another commit (a kill came between the commit and
//! their save) are derived again in memory.
//! Names that could be several people stay as written.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::Searcher;

use super::memo::Memo;
use super::schema;
use super::store::Store;
use crate::extract::EntityKind;

/// Separates the kind from the name in a `names` column value.
const KIND_SEPARATOR: char = '\u{1f}';

/// The `names` column value of `name` stored as `kind`.
pub fn column_value(name: &str, kind: EntityKind) -> String {
    let tag = if kind == EntityKind::Person { 'p' } else { 'o' };
    format!("{tag}{KIND_SEPARATOR}{name}")
}

/// Every name the index holds, with how it is mostly classified and how often it occurs.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NameRegistry {
    names: BTreeMap<String, NameStats>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct NameStats {
    /// Passages naming it as a person, and in all.
    person: u64,
    total: u64,
}

impl NameRegistry {
    /// Count `passages` passages that name `name` as `kind`.
    pub fn add(&mut self, name: &str, kind: EntityKind, passages: u64) {
        let stats = match self.names.get_mut(name) {
            Some(stats) => stats,
            None => self.names.entry(name.to_string()).or_default(),
        };
        stats.total += passages;
        if kind == EntityKind::Person {
            stats.person += passages;
        }
    }

    /// Count the names of every live passage `searcher` sees, from the `names` column: per
    /// segment one counter per distinct value, then one dictionary lookup per value.
    pub fn from_searcher(searcher: &Searcher) -> tantivy::Result<NameRegistry> {
        let mut registry = NameRegistry::default();
        let mut value = String::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str(schema::NAMES)? else {
                continue;
            };
            let mut counts = vec![0u64; column.num_terms()];
            for doc in segment.doc_ids_alive() {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
            for (ord, &count) in counts.iter().enumerate() {
                if count == 0 || !column.ord_to_str(ord as u64, &mut value)? {
                    continue;
                }
                let Some((tag, name)) = value.split_once(KIND_SEPARATOR) else {
                    continue;
                };
                let kind = if tag == "p" {
                    EntityKind::Person
                } else {
                    EntityKind::Misc
                };
                registry.add(name, kind, count);
            }
        }
        Ok(registry)
    }

    /// How many names it holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Name → the corpus-wide form of the same person.
///
/// Either derived in memory (while indexing, or when the store has none for the last commit)
/// or read from the side store one name at a time (see `index::store`): a search asks only for
/// the names it shows or filters on.
#[derive(Debug, Clone)]
pub struct Aliases {
    backing: Backing,
}

#[derive(Debug, Clone)]
enum Backing {
    Memory {
        to_canonical: HashMap<String, String>,
        /// Canonical → its other forms, sorted.
        members: HashMap<String, Vec<String>>,
    },
    Stored {
        store: Arc<Store>,
        /// Name → its canonical form, as the store answered.
        canonical: Arc<Memo<Option<String>>>,
        /// Canonical form → its other forms, as the store answered.
        members: Arc<Memo<Vec<String>>>,
        /// Whether the store holds any alias, once asked.
        any: Arc<std::sync::OnceLock<bool>>,
    },
}

impl Default for Aliases {
    fn default() -> Aliases {
        Aliases::from_map(HashMap::new())
    }
}

impl Aliases {
    /// The aliases of the passages `searcher` sees.
    pub fn from_searcher(searcher: &Searcher) -> tantivy::Result<Aliases> {
        Ok(Aliases::derive(&NameRegistry::from_searcher(searcher)?))
    }

    /// The aliases saved in a store (for the commit the caller checked they belong to);
    /// answers are kept when the store's reads are a pinned `snapshot`.
    pub fn stored(store: Arc<Store>, snapshot: bool) -> Aliases {
        Aliases {
            backing: Backing::Stored {
                store,
                canonical: Arc::new(Memo::new(snapshot)),
                members: Arc::new(Memo::new(snapshot)),
                any: Arc::default(),
            },
        }
    }

    fn from_map(to_canonical: HashMap<String, String>) -> Aliases {
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for (alias, canonical) in &to_canonical {
            members
                .entry(canonical.clone())
                .or_default()
                .push(alias.clone());
        }
        for list in members.values_mut() {
            list.sort();
        }
        Aliases {
            backing: Backing::Memory {
                to_canonical,
                members,
            },
        }
    }

    /// Name → canonical, when derived in memory (what the indexer saves).
    pub fn map(&self) -> Option<&HashMap<String, String>> {
        match &self.backing {
            Backing::Memory { to_canonical, .. } => Some(to_canonical),
            Backing::Stored { .. } => None,
        }
    }

    /// The corpus-wide name for `name` (itself when it has no better-known form). A store
    /// that cannot be read here (it was read when the index opened) leaves names as written.
    pub fn canonical<'a>(&self, name: &'a str) -> Cow<'a, str> {
        match &self.backing {
            Backing::Memory { to_canonical, .. } => match to_canonical.get(name) {
                Some(canonical) => Cow::Owned(canonical.clone()),
                None => Cow::Borrowed(name),
            },
            Backing::Stored {
                store, canonical, ..
            } => match canonical.get_or_load(name, || store.canonical(name)) {
                Ok(Some(canonical)) => Cow::Owned(canonical),
                Ok(None) | Err(_) => Cow::Borrowed(name),
            },
        }
    }

    /// Every stored form of the person `name` refers to, `name`'s canonical form first.
    pub fn forms(&self, name: &str) -> Vec<String> {
        let canonical = self.canonical(name).into_owned();
        let mut forms = vec![canonical.clone()];
        match &self.backing {
            Backing::Memory { members, .. } => {
                if let Some(members) = members.get(&canonical) {
                    forms.extend(members.iter().cloned());
                }
            }
            Backing::Stored { store, members, .. } => forms.extend(
                members
                    .get_or_load(&canonical, || store.members(&canonical))
                    .unwrap_or_default(),
            ),
        }
        if !forms.iter().any(|f| f == name) {
            forms.push(name.to_string());
        }
        forms
    }

    pub fn is_empty(&self) -> bool {
        match &self.backing {
            Backing::Memory { to_canonical, .. } => to_canonical.is_empty(),
            Backing::Stored { store, any, .. } => {
                !*any.get_or_init(|| store.has_aliases().unwrap_or(false))
            }
        }
    }

    /// Group person names by surname; within a surname, full names that can be the same person
    /// (same first name up to transliteration, middle names and initials free) form one person,
    /// named by its most frequent full form. A bare surname joins its person only when the
    /// surname has exactly one.
    fn derive(registry: &NameRegistry) -> Aliases {
        let mut by_surname: HashMap<String, Vec<(&str, PersonName, u64)>> = HashMap::new();
        for (name, stats) in &registry.names {
            // Mostly tagged as a person: "Washington" the city does not join George Washington.
            if stats.person * 2 <= stats.total {
                continue;
            }
            if let Some(parsed) = PersonName::parse(name) {
                by_surname.entry(parsed.surname.clone()).or_default().push((
                    name,
                    parsed,
                    stats.total,
                ));
            }
        }
        let mut to_canonical = HashMap::new();
        for (_, names) in by_surname {
            let (full, bare): (Vec<_>, Vec<_>) =
                names.into_iter().partition(|(_, p, _)| p.first.is_some());
            // Cluster compatible full names; each cluster is one person.
            let mut people: Vec<Vec<(&str, PersonName, u64)>> = Vec::new();
            for entry in full {
                match people
                    .iter_mut()
                    .find(|person| person.iter().all(|(_, p, _)| p.compatible(&entry.1)))
                {
                    Some(person) => person.push(entry),
                    None => people.push(vec![entry]),
                }
            }
            let mut representative_of = Vec::with_capacity(people.len());
            for person in &people {
                let best = person
                    .iter()
                    .max_by(|a, b| {
                        a.2.cmp(&b.2)
                            .then_with(|| a.0.len().cmp(&b.0.len()))
                            .then_with(|| b.0.cmp(a.0))
                    })
                    .map(|(name, _, _)| *name);
                if let Some(best) = best {
                    for (name, _, _) in person {
                        if *name != best {
                            to_canonical.insert(name.to_string(), best.to_string());
                        }
                    }
                }
                representative_of.push(best);
            }
            if let [Some(only)] = representative_of.as_slice() {
                for (name, _, _) in bare {
                    to_canonical.insert(name.to_string(), only.to_string());
                }
            }
        }
        Aliases::from_map(to_canonical)
    }
}

/// A person's name reduced to what identifies them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonName {
    /// Folded first name, `None` for a bare surname.
    first: Option<String>,
    /// Folded middle names (initials left out).
    middle: Vec<String>,
    /// Folded surname, with a generational suffix ("bush jr") so father and son stay apart.
    surname: String,
}

impl PersonName {
    fn parse(name: &str) -> Option<PersonName> {
        let mut words: Vec<String> = name
            .split_whitespace()
            .filter(|w| !is_initial(w))
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect();
        let suffix = match words.last().map(String::as_str) {
            Some("jr" | "sr" | "ii" | "iii" | "iv") => words.pop(),
            _ => None,
        };
        let mut surname = words.pop()?;
        if let Some(suffix) = suffix {
            surname = format!("{surname} {suffix}");
        }
        if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
            return None;
        }
        let first = if words.is_empty() {
            None
        } else {
            Some(words.remove(0))
        };
        Some(PersonName {
            first,
            middle: words,
            surname,
        })
    }

    /// Same surname and first name (Dmitri ~ Dmitry); middle names may be missing on one side.
    fn compatible(&self, other: &PersonName) -> bool {
        let same_first = match (&self.first, &other.first) {
            (Some(a), Some(b)) => transliterated(a) == transliterated(b),
            _ => false,
        };
        let middles_agree = self
            .middle
            .iter()
            .all(|m| other.middle.is_empty() || other.middle.contains(m))
            || other
                .middle
                .iter()
                .all(|m| self.middle.is_empty() || self.middle.contains(m));
        same_first && self.surname == other.surname && middles_agree
    }
}

/// "V." or "S" alone: a middle initial, which never tells two people apart here.
fn is_initial(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    letters.len() == 1 && letters[0].is_uppercase()
}

/// Lowercased, accents and punctuation dropped: "Zelénskyy" and "Zelenskyy" are one surname.
fn fold(word: &str) -> String {
    deunicode::deunicode(word)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Russian first names come in several spellings: Dmitri/Dmitry, Sergei/Sergey, Yuri/Yury.
fn transliterated(first: &str) -> String {
    if let Some(stem) = first
        .strip_suffix("ey")
        .or_else(|| first.strip_suffix("ei"))
    {
        return format!("{stem}ei");
    }
    match first.strip_suffix('y') {
        Some(stem) if stem.len() >= 3 => format!("{stem}i"),
        _ => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(names: &[(&str, EntityKind, u64)]) -> NameRegistry {
        let mut registry = NameRegistry::default();
        for &(name, kind, count) in names {
            registry.add(name, kind, count);
        }
        registry
    }

    #[test]
    fn one_person_under_three_forms_becomes_the_most_frequent_full_form() {
        use EntityKind::*;
        let aliases = Aliases::derive(&registry(&[
            ("Putin", Person, 86),
            ("Vladimir Putin", Person, 102),
            ("Vladimir V. Putin", Person, 12),
            ("Dmitry Peskov", Person, 8),
            ("Dmitri S. Peskov", Person, 1),
            ("Peskov", Person, 3),
            ("Hillary Clinton", Person, 40),
            ("Bill Clinton", Person, 20),
            ("Clinton", Person, 30),
            ("Washington", Location, 50),
            ("George Washington", Person, 2),
            ("George W. Bush", Person, 5),
            ("George Bush", Person, 2),
            ("George P. Bush", Person, 1),
        ]));
        let cases = [
            ("Putin", "Vladimir Putin"),
            ("Vladimir V. Putin", "Vladimir Putin"),
            ("Vladimir Putin", "Vladimir Putin"),
            ("Dmitri S. Peskov", "Dmitry Peskov"),
            ("Peskov", "Dmitry Peskov"),
            // Two Clintons: the bare surname could be either.
            ("Clinton", "Clinton"),
            ("Bill Clinton", "Bill Clinton"),
            // Mostly a place.
            ("Washington", "Washington"),
            // W. and P. are initials, so all three Bushes look alike: one person.
            ("George Bush", "George W. Bush"),
        ];
        for (name, expected) in cases {
            assert_eq!(aliases.canonical(name), expected, "{name}");
        }
        assert_eq!(
            aliases.forms("Putin"),
            ["Vladimir Putin", "Putin", "Vladimir V. Putin"]
        );
        assert_eq!(aliases.forms("Nobody Known"), ["Nobody Known"]);
    }

    #[test]
    fn different_first_names_or_generations_stay_apart() {
        let a = PersonName::parse("Andrei Yermak").unwrap();
        let b = PersonName::parse("Andrey Yermak").unwrap();
        let c = PersonName::parse("Andriy Yermak").unwrap();
        assert!(a.compatible(&b));
        assert!(!a.compatible(&c));
        let senior = PersonName::parse("George Bush").unwrap();
        let junior = PersonName::parse("George Bush Jr.").unwrap();
        assert_ne!(senior.surname, junior.surname);
        assert_eq!(PersonName::parse("Zelénskyy").unwrap().surname, "zelenskyy");
    }

    #[test]
    fn aliases_read_from_the_store_answer_as_derived_ones() {
        let derived = Aliases::derive(&registry(&[
            ("Putin", EntityKind::Person, 2),
            ("Vladimir Putin", EntityKind::Person, 3),
            ("Vladimir V. Putin", EntityKind::Person, 1),
        ]));
        let store = Arc::new(Store::in_memory().unwrap());
        let rows = crate::index::store::DerivedRows {
            content: 7,
            aliases: derived.map().unwrap(),
            groups: &[],
        };
        store.save_derived(&rows).unwrap();
        assert_eq!(store.derived_content().unwrap(), Some(7));
        let stored = Aliases::stored(Arc::clone(&store), false);
        for name in [
            "Putin",
            "Vladimir V. Putin",
            "Vladimir Putin",
            "Nobody Known",
        ] {
            assert_eq!(stored.canonical(name), derived.canonical(name), "{name}");
            assert_eq!(stored.forms(name), derived.forms(name), "{name}");
        }
        assert!(!stored.is_empty());
        // A second save writes what changed: one form left the corpus.
        let fewer = Aliases::derive(&registry(&[
            ("Putin", EntityKind::Person, 2),
            ("Vladimir Putin", EntityKind::Person, 3),
        ]));
        let rows = crate::index::store::DerivedRows {
            content: 8,
            aliases: fewer.map().unwrap(),
            groups: &[],
        };
        store.save_derived(&rows).unwrap();
        assert_eq!(stored.forms("Putin"), ["Vladimir Putin", "Putin"]);
        assert_eq!(
            store.all_aliases().unwrap().into_iter().collect::<Vec<_>>(),
            [("Putin".to_string(), "Vladimir Putin".to_string())]
        );
    }
}
