//! Passage splitting: an article body into the units the index stores and a search hit shows.
//!
//! Takes the body's paragraphs from the text layer (blank-line paragraphs, one paragraph per
//! line, hard-wrapped wire copy: see [`crate::text::paragraph`]) and gives back byte spans, in
//! order and non-overlapping, each trimmed of surrounding whitespace; together they cover every
//! non-whitespace character. A long paragraph is cut at sentence ends; a short fragment that is
//! no sentence (dateline, byline, "Advertisement") joins its neighbour. It does not look at
//! meaning: headings, bylines and datelines are only recognised by being short.

use crate::text::{Doc, Span};

/// A paragraph longer than this is cut at sentence ends, so that one passage stays a unit a
/// search hit can show whole.
const LONG_PARAGRAPH: usize = 1_500;
/// Target size of the pieces a long paragraph is cut into.
const PIECE_TARGET: usize = 1_000;
/// Below this a passage that is not a full sentence (dateline, byline, "Advertisement") is
/// glued to its neighbour instead of standing alone.
const TINY: usize = 80;

/// Split `body` into passages, in order.
pub fn split(body: &str) -> Vec<Span> {
    split_doc(&Doc::new(body))
}

/// The passages of an analysed body: its paragraphs ([`crate::text::paragraph`]), a long one
/// cut at its sentence ends, fragments glued to their neighbours.
pub fn split_doc(doc: &Doc) -> Vec<Span> {
    let paragraphs = doc.paragraphs();
    let mut pieces = Vec::with_capacity(paragraphs.len());
    for &p in paragraphs {
        if p.len() > LONG_PARAGRAPH {
            pieces.extend(split_long(doc, p));
        } else {
            pieces.push(p);
        }
    }
    merge_tiny(doc.text(), pieces)
}

/// Cut a long paragraph at sentence ends into pieces of about `PIECE_TARGET` bytes. Only a
/// sentence end at a stop counts: in hard-wrapped text a line break ends no sentence.
fn split_long(doc: &Doc, p: Span) -> Vec<Span> {
    let tokens = doc.tokens();
    let stops = doc.stop_starts();
    // The stop starts after the paragraph's first token, before its end.
    let start_of = |i: usize| tokens.get(i).map_or(usize::MAX, |t| t.span.start);
    let first = stops.partition_point(|&i| start_of(i) <= p.start);
    let inside = stops
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&i| start_of(i) < p.end);
    let mut out = Vec::new();
    let mut piece_start = p.start;
    // The end of the last sentence in the current piece, and where the next one starts.
    let (mut last_end, mut next_start) = (p.start, p.start);
    for &i in inside {
        let before = i.checked_sub(1).and_then(|k| tokens.get(k));
        let (Some(before), Some(start)) = (before, tokens.get(i)) else {
            continue;
        };
        let sentence_end = before.span.end;
        if sentence_end.saturating_sub(piece_start) > PIECE_TARGET && last_end > piece_start {
            out.push(Span::new(piece_start, last_end));
            piece_start = next_start;
        }
        (last_end, next_start) = (sentence_end, start.span.start);
    }
    // Avoid a tiny trailing piece when the remainder would be short: keep it with its piece.
    out.push(Span::new(piece_start, p.end));
    out
}

/// Whether a short passage reads as a full sentence and so may stand alone.
fn is_full_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| "”\"’')".contains(c));
    t.ends_with(['.', '!', '?']) && text.split_whitespace().count() >= 3
}

fn merge_tiny(body: &str, pieces: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(pieces.len());
    let mut pending: Option<usize> = None;
    for p in pieces {
        let tiny = p.len() < TINY && !is_full_sentence(&body[p.start..p.end]);
        if tiny {
            pending.get_or_insert(p.start);
            continue;
        }
        let start = pending.take().unwrap_or(p.start);
        out.push(Span::new(start, p.end));
    }
    if let Some(start) = pending {
        match out.last_mut() {
            Some(last) => last.end = body.trim_end().len().max(last.end),
            None => out.push(Span::new(start, body.trim_end().len())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// /work/shared/data/seed-article.txt, the article the project started from.
    const SEED: &str = r#"A recent proposal for an interim ceasefire in Ukraine was rejected by Russia's Putin. His friendship with Trump, nevertheless, is important to him.
A temporary truce in the conflict between Russia and Ukraine was vehemently opposed by Russian President Vladimir V. Putin as late as January.
After a month of Trump's foreign policy shift and Russian advances in a pivotal fight, the Kremlin seems eager to consider the 30-day ceasefire offer from the US and Ukraine, which was made public on Tuesday.
The Kremlin is "carefully studying" the outcome of Tuesday's negotiations between the United States and Ukraine, according to Dmitri S. Peskov, Mr. Putin's spokesman. The two sides have called for a monthlong ceasefire.
He anticipated that Russia would be apprised of "the details of the negotiations that took place and the understandings that were reached" in the next days by the US, he said. He suggested that Mr. Putin and Mr. Trump could speak over the phone again, indicating that the Russian government viewed the request for a ceasefire as a smaller component of a larger diplomatic frenzy.
Over the past month, Mr. Putin has witnessed a dizzying shift in his geopolitical fortunes as Mr. Trump has shifted American foreign policy toward Russia, alienated American allies, and scolded Ukraine's president, Volodymyr Zelensky, in the Oval Office.
Mr. Putin's situation has been further complicated by the proposal of a combined ceasefire by the US and Ukraine. He wants a decisive win in Ukraine and wants to be close to Mr. Trump, but this will make it harder for him to achieve both goals.
Despite Trump's claims that he wants the war to end quickly, Putin has shown that he will not back down until he gets huge concessions from both the West and Kyiv, such as a promise that NATO will reduce its presence in Central and Eastern Europe and that Ukraine will not join.
During his inaugural remarks to Mr. Trump on January 20, Mr. Putin made it plain that any negotiations about Ukraine should aim "not be a short cease-fire, not some kind of respite." His statement indicated that Russia aimed for "a long-term peace based on respect for the legitimate interests of all people, all nations who live in this region." I
According to experts, Mr. Putin's stance against a temporary ceasefire was based on the calculation that Moscow would lose its influence if the war were to end without obtaining any concessions, especially as Russian forces were making gains on the battlefield.
Analysts speculate that Mr. Putin may have recalculated his calculations to remain on good terms with Mr. Trump in light of their phone conversation on February 12 and the White House's subsequent alignment with Russia at the UN and elsewhere.
The Kremlin will have its hands full with that.
A Moscow-based political analyst named Ilya Grashchenkov has speculated that the Kremlin may be inclined to accept a "tactically unfavorable but strategically favorable" truce if only to "show that it's a peacemaker."
The Trump administration has maintained its interaction with the Kremlin, even though Russians were not present during Tuesday's discussions in Jeddah, Saudi Arabia. On Tuesday, C.I.A. director John Ratcliffe met with Sergei Naryshkin, according to Russian news sources published on Wednesday.
An anonymous source and an individual acquainted with the subject both stated that Mr. Steve Witkoff, who was Mr. Trump's envoy and who met with Mr. Putin for several hours last month, intends to visit Russia soon. Mr. Trump expressed his desire for a permanent ceasefire being established in the coming days and told reporters on Tuesday afternoon that he anticipated he would speak with Mr. Putin this week.
Russia expert Samuel Charap of the RAND Corporation remarked, "It certainly is not impossible that the Russians would accept this" about the 30-day offer. They no longer seek an unconditional, short-term truce; rather, they have a vested interest in how they are perceived by Washington.
A 90-minute interview that Russian Foreign Minister Sergey V. Lavrov gave to three American video bloggers—including Andrew Napolitano, a former Fox News personality—was broadcast on Wednesday by Russia's foreign ministry, adding to Moscow's charm offensive targeting Trump's camp.
Speaking English, Mr. Lavrov lauded the Trump administration for turning around the Democrats' "departure from Christian values" and stated that Russia was prepared to engage in "normal relations" with the US.
The recent advances by Russia in driving Ukrainian forces from Kursk, the Russian border region where Ukraine unexpectedly seized hundreds of square miles of land in August, may have an impact on Mr. Putin's calculations as well.
Despite Mr. Zelensky's claims that he intended to utilize the area in future negotiations as leverage, the Kremlin clarified that it would not engage in talks if Ukraine maintained control of the territory.
Sergei Markov, a Moscow-based pro-Kremlin political analyst, claims that since the Kursk region is mostly under Russian control again, Mr. Putin is less likely to be embarrassed into agreeing to a ceasefire that would give Ukraine control of a large portion of Russian territory.
0 Comments"#;

    fn texts(body: &str) -> Vec<&str> {
        split(body).iter().map(|s| &body[s.start..s.end]).collect()
    }

    /// reuters21578-2: hard-wrapped lines, paragraphs start indented, "Reuter" sign-off.
    const REUTERS: &str = "Standard Oil Co and BP North America\nInc said they plan to form a venture to manage the money market\nborrowing and investment activities of both companies.\n    BP North America is a subsidiary of British Petroleum Co\nPlc <BP>, which also owns a 55 pct interest in Standard Oil.\n    The venture will be called BP/Standard Financial Trading\nand will be operated by Standard Oil under the oversight of a\njoint management committee.\n\n Reuter\n\x03";

    /// allsides-04SgC9HECiWHpgIw (start): photo credit, "Advertisement" fillers, blank lines.
    const ALLSIDES: &str = r#"(Leah Millis/Reuters)

President Trump offered Democrats an immigration deal over the weekend to end the government shutdown.

It was a reasonable proposal to exchange a temporary amnesty for beneficiaries of DACA (the so-called Dreamers) and TPS (illegal immigrants who supposedly couldn’t go home because of war or natural disasters) for $5.7 billion for border barriers, $800 million for humanitarian programs at the border, some changes in asylum rules, and more border agents and immigration judges.

Advertisement

Advertisement

Nancy Pelosi rejected it out of hand, even before hearing his formal televised offer. The progressive case against the deal is that it trades something temporary, the amnesty, which would theoretically last only three years, for something permanent: the fencing at the border. But this is an argument for making a counteroffer, not for refusing to negotiate.

We look at the equities of the Trump offer differently. What our colleague Mark Krikorian says about guest workers, “there’s nothing more permanent than a temporary guest worker,” applies equally to temporary amnesties. Consider TPS, which denotes Temporary Protected Status. Immigrants have been here under this notionally temporary status for decades.

As for the fence, yes, it is built to be permanent."#;

    /// allsides-3tLXax4gtfGmtvPG: one paragraph of 1,799 bytes.
    const LONG: &str = r#"This was "bitter clingers" redux, offered in defense of sprawling government. Almost entirely absent from the speech was significant mention of the jobs crisis, voters' top concern. He also mostly ignored Obamacare and the stimulus, his two signature first term agenda items. Where was his plan for another term? More teachers, increased energy independence and green jobs? That's it? I eagerly anticipate the inevitable RNC video comparing this speech with Obama's refrains from 2008. It'll underscore the more-of-the-sameness that filled this building tonight, and dropped with a thud. The most memorable line for me was "I'm no longer just a candidate. I'm the President." You could have fooled many of us, Mr. President, given your constant campaigning and fundraising. Honestly, I don't even have the vigor to rebut some of Obama's more egregious distortions because I've done it before -- (ahem) literally. Press row is morose. Reporters are trying to reassure each other that the speech "wasn't that bad." MSNBC is subdued. On CNN, James Carville allows that this wasn't Obama's best speech. On Fox, Charles Krauthammer calls the speech the "emptiest" in recent memory. A woman in the concourse half-shouts, "fired up!" No one replies. This election will be hard-fought and close, no doubt. Obama could very well win. But tonight was a major swing and a miss for a guy known for his homerun speeches. Does anyone who watched that speech have a clear idea of what's next, or what his plan is to achieve this mysterious "forward" vision? Meanwhile, 23 million Americans are out of work or underemployed. The debt is at $16 Trillion and counting. Poverty and food stamp usage are at all-time highs. Middle class incomes are down. Obama wants four more years, but why? This now looms even larger."#;

    #[test]
    fn seed_article_one_passage_per_line() {
        let t = texts(SEED);
        assert_eq!(t.len(), 21);
        assert!(t[0].starts_with("A recent proposal for an interim ceasefire"));
        assert!(t[0].ends_with("is important to him."));
        assert_eq!(t[11], "The Kremlin will have its hands full with that.");
        // "0 Comments" is a trailing fragment: it joins the last paragraph.
        assert!(t[20].starts_with("Sergei Markov, a Moscow-based"));
        assert!(t[20].ends_with("Russian territory.\n0 Comments"));
    }

    #[test]
    fn reuters_wrapped_lines_join_until_an_indented_line() {
        let t = texts(REUTERS);
        assert_eq!(
            t,
            [
                "Standard Oil Co and BP North America\nInc said they plan to form a venture to \
                 manage the money market\nborrowing and investment activities of both companies.",
                "BP North America is a subsidiary of British Petroleum Co\nPlc <BP>, which also \
                 owns a 55 pct interest in Standard Oil.",
                "The venture will be called BP/Standard Financial Trading\nand will be operated \
                 by Standard Oil under the oversight of a\njoint management committee.\n\n \
                 Reuter\n\x03",
            ]
        );
    }

    #[test]
    fn allsides_blank_lines_and_fragments_merge_forward() {
        let t = texts(ALLSIDES);
        assert_eq!(t.len(), 5);
        assert_eq!(
            t[0],
            "(Leah Millis/Reuters)\n\nPresident Trump offered Democrats an immigration deal \
             over the weekend to end the government shutdown."
        );
        assert!(t[1].starts_with("It was a reasonable proposal"));
        assert!(t[2].starts_with("Advertisement\n\nAdvertisement\n\nNancy Pelosi rejected it"));
        assert!(t[3].starts_with("We look at the equities"));
        assert!(t[4].starts_with("As for the fence, yes,"));
    }

    #[test]
    fn dateline_and_byline_join_the_next_paragraph() {
        let body = "WASHINGTON (Reuters) -\n\nBy Jane Doe\n\nPresident Donald Trump on \
                    Tuesday said he would veto the bill.\n\nThe White House declined to comment.";
        assert_eq!(
            texts(body),
            [
                "WASHINGTON (Reuters) -\n\nBy Jane Doe\n\nPresident Donald Trump on Tuesday \
                 said he would veto the bill.",
                "The White House declined to comment.",
            ]
        );
    }

    #[test]
    fn long_paragraph_is_cut_at_sentence_ends() {
        let spans = split(LONG);
        let t: Vec<&str> = spans.iter().map(|s| &LONG[s.start..s.end]).collect();
        assert_eq!(t.len(), 2);
        assert!(t[0].starts_with("This was \"bitter clingers\" redux"));
        assert!(t[0].len() <= 1_000 + 200, "{}", t[0].len());
        assert!(t[1].ends_with("This now looms even larger."));
        // No cut right after "Mr." even though "President" follows in capitals.
        assert!(t.iter().all(|p| !p.ends_with("Mr.")));
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans[1].end, LONG.len());
        assert!(LONG[spans[0].end..spans[1].start].trim().is_empty());
    }

    #[test]
    fn crlf_lines_and_edge_inputs() {
        let body = "Russia rejected a proposal for an interim ceasefire in Ukraine on Tuesday.\r\n\
                    Mr. Peskov said the Kremlin was carefully studying the outcome of talks.\r\n";
        assert_eq!(
            texts(body),
            [
                "Russia rejected a proposal for an interim ceasefire in Ukraine on Tuesday.",
                "Mr. Peskov said the Kremlin was carefully studying the outcome of talks.",
            ]
        );
        assert!(split("").is_empty());
        assert!(split(" \r\n\n\t ").is_empty());
        assert_eq!(texts("  Advertisement \n"), ["Advertisement"]);
        assert_eq!(
            texts("«Привет» — сказал он.\n\n日本語の記事"),
            ["«Привет» — сказал он.\n\n日本語の記事"]
        );
    }

    #[test]
    fn passages_cover_all_text_in_order() {
        let odd = [
            "\n\n.",
            "?”\n  ”",
            "Mr.\r\n\r\nU.S.! A",
            "\u{3000}é\n\t\n  ü.",
        ];
        for body in [SEED, REUTERS, ALLSIDES, LONG].into_iter().chain(odd) {
            let spans = split(body);
            let mut prev = 0;
            for s in &spans {
                assert!(body[prev..s.start].trim().is_empty());
                assert_eq!(body[s.start..s.end].trim(), &body[s.start..s.end]);
                prev = s.end;
            }
            assert!(body[prev..].trim().is_empty());
        }
    }
}
