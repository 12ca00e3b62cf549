//! Word lists behind the tagger's features, its span clean-up and the speaker finder: stop
//! words, titles, organisation cues, demonyms and a first-name list (a data file under
//! `src/extract/data/`). The place gazetteers are read by the tagger's features.
//!
//! Lists are matched on the word as written (case-sensitive) unless a function says otherwise.

use std::collections::HashSet;
use std::sync::LazyLock;

fn word_set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// Lines of a data file, skipping blank lines and `#` comments.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static FIRST_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    data_lines(include_str!("../data/first_names.txt"))
        .flat_map(str::split_whitespace)
        .collect()
});

/// Capitalised words that start sentences or name times, never entities by themselves.
#[rustfmt::skip]
static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(&[
        "A", "An", "The", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I",
        "You", "His", "Her", "Its", "Their", "Our", "My", "Your", "Him", "Them", "Us", "Me", "But",
        "And", "Or", "Nor", "So", "Yet", "If", "In", "On", "At", "By", "For", "From", "To", "Of",
        "With", "Without", "As", "After", "Before", "During", "Despite", "Although", "Though",
        "While", "When", "Where", "Why", "How", "What", "Which", "Who", "Whom", "Whose", "There",
        "Here", "Then", "Now", "Today", "Yesterday", "Tomorrow", "Tonight", "Also", "Still", "Even",
        "Just", "Only", "Yes", "No", "Not", "All", "Some", "Many", "Most", "Much", "More", "Few",
        "Both", "Each", "Every", "Any", "None", "One", "Two", "Three", "Four", "Five", "First",
        "Second", "Last", "Next", "Other", "Another", "Such", "According", "Over", "Under", "Since",
        "Until", "Because", "However", "Meanwhile", "Instead", "Indeed", "Thus", "Therefore",
        "Moreover", "Furthermore", "Nevertheless", "Nonetheless", "Perhaps", "Maybe", "Among",
        "Against", "About", "Above", "Across", "Along", "Around", "Behind", "Below", "Beyond",
        "Between", "Into", "Through", "Throughout", "Toward", "Towards", "Upon", "Within", "Like",
        "Unlike", "Whether", "Once", "Already", "Again", "Later", "Earlier", "Soon", "Ever",
        "Never", "Always", "Often", "Sometimes", "Asked", "Speaking", "Mr", "Mrs", "Ms", "Dr", "Do",
        "Does", "Did", "Is", "Are", "Was", "Were", "Be", "Been", "Has", "Have", "Had", "Will",
        "Would", "Can", "Could", "Should", "May", "Might", "Must", "Let", "Please", "Thank",
        "Thanks", "Well", "Oh", "Ok", "OK", "Sept", "Sep", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
        "Aug", "Oct", "Nov", "Dec", "January", "February", "March", "April", "June", "July",
        "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "Easter", "Thanksgiving",
        "Halloween", "Ramadan", "God", "Lord", "Jesus", "Christ", "Internet", "Web", "TV", "AM",
        "PM", "CEO", "CFO", "COO", "GDP", "DNA", "ID", "PC", "MP", "MPs", "PR", "VP", "II", "III",
        "IV", "VI", "USD", "EST", "ET", "PT", "GMT", "UTC", "AIDS", "HIV", "COVID", "LGBT", "LGBTQ",
        "NOTE", "UPDATE", "EDT", "PST", "CST", "A.M.", "P.M.",
    ])
});

/// Titles and honorifics that come before a name: evidence for a person, never part of the span.
#[rustfmt::skip]
static TITLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(&[
        "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Gov.", "Rep.", "Gen.", "Lt.", "Col.", "Sgt.", "Capt.",
        "Adm.", "Cmdr.", "Maj.", "Prof.", "Rev.", "Fr.", "Pres.", "Supt.", "Insp.", "Amb.", "Mr",
        "Mrs", "Ms", "Dr", "President", "Vice", "Prime", "Minister", "Secretary", "Senator", "Sen",
        "Governor", "Representative", "Congressman", "Congresswoman", "Chancellor", "Premier",
        "Pope", "Judge", "Justice", "Ambassador", "Mayor", "Sheikh", "King", "Queen", "Prince",
        "Princess", "Sir", "Dame", "Lady", "Chairman", "Chairwoman", "Director", "Commissioner",
        "Deputy", "Foreign", "Defense", "Defence", "Finance", "Interior", "Speaker", "Leader",
        "Ayatollah", "Imam", "Rabbi", "Bishop", "Cardinal", "Archbishop", "Attorney", "General",
        "Lieutenant", "Colonel", "Sergeant", "Captain", "Admiral", "Commander", "Major", "Officer",
        "Detective", "Agent", "Professor", "Coach", "Chief", "Press", "Emir", "Sultan", "Crown",
        "First", "Former", "Acting", "Lawmaker", "Councilman", "Councilwoman", "Assemblyman",
        "Assemblywoman", "Spokesman", "Spokeswoman", "Envoy", "Special", "Counsel", "Health",
        "State", "Homeland", "Security", "Trade", "Economy", "Education", "Energy", "Labor",
        "Transportation", "Agriculture", "Treasury", "Commerce", "Justice", "Environment",
        "Culture",
    ])
});

/// Last words that make a name an organisation ("Bank of America", "Reuters", "RAND Corporation").
#[rustfmt::skip]
static ORG_LAST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(&[
        "Party", "Ministry", "Council", "Bank", "Inc.", "Inc", "Corp.", "Corp", "Corporation",
        "Company", "Co.", "Ltd.", "Ltd", "LLC", "PLC", "Plc", "AG", "SA", "GmbH", "University",
        "Agency", "Committee", "Department", "Times", "News", "Post", "Journal", "Association",
        "Institute", "Commission", "Court", "Group", "Foundation", "Federation", "Administration",
        "Senate", "Congress", "Parliament", "Assembly", "Army", "Navy", "Force", "Forces", "Police",
        "Service", "Services", "Office", "Club", "League", "Airlines", "Airways", "Motors",
        "Bureau", "Board", "Fund", "Network", "Press", "Church", "FC", "United", "Authority",
        "Organization", "Organisation", "Reserve", "Exchange", "Hospital", "School", "College",
        "Academy", "Magazine", "Tribune", "Herald", "Review", "Telegraph", "Guardian", "Channel",
        "Broadcasting", "Television", "Radio", "Systems", "Technologies", "Holdings", "Partners",
        "Bancorp", "Securities", "Industries", "Pharmaceuticals", "Institution", "Alliance",
        "Coalition", "Caucus", "Cabinet", "Guard", "Corps", "Brigade", "Movement", "Front", "Union",
        "Trust", "Society", "Center", "Centre", "Labs", "Group", "Daily", "Gazette", "Observer",
        "Chronicle", "Monitor", "Examiner", "Inquirer", "Report", "Beacon", "Caller", "Register",
        "Wire", "Media", "Studios", "Records", "Foods", "Oil", "Petroleum", "Steel", "Motor",
        "Electric", "Telecom", "Communications", "Insurance", "Capital", "Investments", "Bros.",
        "Brothers", "Rangers", "Giants", "Yankees", "Patriots", "Commons", "Lords", "Secretariat",
        "Tribunal", "Directorate", "Command", "Prosecutor", "Regime", "Government", "Council",
    ])
});

/// Demonyms and nationality adjectives, with their plurals: the only `misc` entities we keep.
#[rustfmt::skip]
static DEMONYMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(&[
        "American", "Russian", "Ukrainian", "British", "English", "French", "German", "Italian",
        "Spanish", "Portuguese", "Dutch", "Belgian", "Swiss", "Austrian", "Polish", "Czech",
        "Slovak", "Hungarian", "Romanian", "Bulgarian", "Serbian", "Croatian", "Bosnian",
        "Albanian", "Greek", "Turkish", "Cypriot", "Swedish", "Norwegian", "Danish", "Finnish",
        "Icelandic", "Irish", "Scottish", "Welsh", "Estonian", "Latvian", "Lithuanian",
        "Belarusian", "Moldovan", "Georgian", "Armenian", "Azerbaijani", "Kazakh", "Uzbek",
        "Chinese", "Japanese", "Korean", "Taiwanese", "Vietnamese", "Thai", "Filipino",
        "Indonesian", "Malaysian", "Indian", "Pakistani", "Afghan", "Bangladeshi", "Iranian",
        "Iraqi", "Syrian", "Lebanese", "Israeli", "Palestinian", "Jordanian", "Saudi", "Yemeni",
        "Egyptian", "Libyan", "Tunisian", "Algerian", "Moroccan", "Sudanese", "Ethiopian", "Somali",
        "Kenyan", "Nigerian", "Ghanaian", "South African", "Zimbabwean", "Canadian", "Mexican",
        "Cuban", "Venezuelan", "Colombian", "Brazilian", "Argentine", "Argentinian", "Chilean",
        "Peruvian", "Australian", "European", "Asian", "African", "Arab", "Kurdish", "Western",
        "Soviet", "Latino", "Hispanic", "Jewish", "Muslim", "Christian", "Catholic", "Protestant",
        "Sunni", "Shiite", "Shia", "Islamic", "Democratic", "Republican", "Americans", "Russians",
        "Ukrainians", "Germans", "Italians", "Poles", "Greeks", "Turks", "Chinese", "Koreans",
        "Indians", "Pakistanis", "Afghans", "Iranians", "Iraqis", "Syrians", "Israelis",
        "Palestinians", "Saudis", "Egyptians", "Libyans", "Canadians", "Mexicans", "Cubans",
        "Brazilians", "Australians", "Europeans", "Africans", "Arabs", "Kurds", "Britons", "Brits",
        "Soviets", "Latinos", "Hispanics", "Jews", "Muslims", "Christians", "Catholics", "Sunnis",
        "Shiites", "Israelis", "Yemenis", "Japanese",
    ])
});

pub fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(word)
}

pub fn is_stop(word: &str) -> bool {
    STOP.contains(word)
}

pub fn is_title(word: &str) -> bool {
    TITLES.contains(word)
}

pub fn is_org_last(word: &str) -> bool {
    ORG_LAST.contains(word)
}

pub fn is_demonym(word: &str) -> bool {
    DEMONYMS.contains(word)
}

/// Name suffixes that never serve as a surname ("Martin Luther King Jr.").
pub fn is_name_suffix(word: &str) -> bool {
    matches!(
        word,
        "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV" | "Esq."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        assert!(is_first_name("Dmitri"));
        assert!(is_first_name("Volodymyr"));
        assert!(
            !is_first_name("Hope"),
            "common words are kept out of the first-name list"
        );
    }
}
