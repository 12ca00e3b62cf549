//! Names across the corpus: one facet value per person, whatever form each article used.
//!
//! Within an article, extraction already merges "Mr. Putin" into "Vladimir V. Putin". Across
//! articles the forms differ ("Putin", "Vladimir Putin", "Vladimir V. Putin"), and only the whole
//! corpus tells whether a bare "Putin" is unambiguous. The indexer therefore records every name it
//! stores with its kind and passage count (`names.json` in the index directory, merged run after
//! run), and derives `aliases.json`: each name that has a better-known form of the same person.
//! Search reads the aliases to count facets per person and to let `--speaker "Vladimir Putin"`
//! also find passages stored as "Putin". Names that could be several people stay as written.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::extract::EntityKind;

const REGISTRY_FILE: &str = "names.json";
const ALIASES_FILE: &str = "aliases.json";

/// Every name the index holds, with how it is mostly classified and how often it occurs.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameRegistry {
    names: BTreeMap<String, NameStats>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct NameStats {
    /// Passages naming it as a person, and in all.
    person: u64,
    total: u64,
}

impl NameRegistry {
    /// Count one passage that names `name` as `kind`.
    pub fn add(&mut self, name: &str, kind: EntityKind) {
        let stats = match self.names.get_mut(name) {
            Some(stats) => stats,
            None => self.names.entry(name.to_string()).or_default(),
        };
        stats.total += 1;
        if kind == EntityKind::Person {
            stats.person += 1;
        }
    }

    fn merge(&mut self, other: NameRegistry) {
        for (name, stats) in other.names {
            let entry = self.names.entry(name).or_default();
            entry.person += stats.person;
            entry.total += stats.total;
        }
    }

    /// Add this run's names to those saved in `dir`, save both files, and return the aliases.
    pub fn save_merged(self, dir: &Path) -> io::Result<Aliases> {
        let mut all = read_json::<NameRegistry>(&dir.join(REGISTRY_FILE))?.unwrap_or_default();
        all.merge(self);
        let aliases = Aliases::derive(&all);
        write_json_atomic(&dir.join(REGISTRY_FILE), &all)?;
        write_json_atomic(&dir.join(ALIASES_FILE), &aliases)?;
        Ok(aliases)
    }
}

/// Name → the corpus-wide form of the same person.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aliases {
    to_canonical: HashMap<String, String>,
    #[serde(skip)]
    members: HashMap<String, Vec<String>>,
}

impl Aliases {
    /// The aliases saved in an index directory; none when the index predates them.
    pub fn load(dir: &Path) -> io::Result<Aliases> {
        let mut aliases = read_json::<Aliases>(&dir.join(ALIASES_FILE))?.unwrap_or_default();
        aliases.index_members();
        Ok(aliases)
    }

    fn index_members(&mut self) {
        self.members.clear();
        for (alias, canonical) in &self.to_canonical {
            self.members
                .entry(canonical.clone())
                .or_default()
                .push(alias.clone());
        }
        for list in self.members.values_mut() {
            list.sort();
        }
    }

    /// The corpus-wide name for `name` (itself when it has no better-known form).
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.to_canonical.get(name).map_or(name, String::as_str)
    }

    /// Every stored form of the person `name` refers to, `name`'s canonical form first.
    pub fn forms(&self, name: &str) -> Vec<String> {
        let canonical = self.canonical(name).to_string();
        let mut forms = vec![canonical.clone()];
        if let Some(members) = self.members.get(&canonical) {
            forms.extend(members.iter().cloned());
        }
        if !forms.iter().any(|f| f == name) {
            forms.push(name.to_string());
        }
        forms
    }

    pub fn is_empty(&self) -> bool {
        self.to_canonical.is_empty()
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
        let mut aliases = Aliases {
            to_canonical,
            members: HashMap::new(),
        };
        aliases.index_members();
        aliases
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

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> io::Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Write to a temporary file, flush it to disk, then rename: a crash leaves the old file or the
/// new one, never half of one.
pub(crate) fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    {
        let file = std::fs::File::create(&tmp)?;
        let mut writer = io::BufWriter::new(&file);
        serde_json::to_writer(&mut writer, value).map_err(io::Error::other)?;
        io::Write::flush(&mut writer)?;
        drop(writer);
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(names: &[(&str, EntityKind, u64)]) -> NameRegistry {
        let mut registry = NameRegistry::default();
        for &(name, kind, count) in names {
            for _ in 0..count {
                registry.add(name, kind);
            }
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
    fn registries_merge_and_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        registry(&[("Putin", EntityKind::Person, 2)])
            .save_merged(dir.path())
            .unwrap();
        let aliases = registry(&[("Vladimir Putin", EntityKind::Person, 3)])
            .save_merged(dir.path())
            .unwrap();
        assert_eq!(aliases.canonical("Putin"), "Vladimir Putin");
        let loaded = Aliases::load(dir.path()).unwrap();
        assert_eq!(loaded.canonical("Putin"), "Vladimir Putin");
        assert_eq!(loaded.forms("Vladimir Putin"), ["Vladimir Putin", "Putin"]);
    }
}
