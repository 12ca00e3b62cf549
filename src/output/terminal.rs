//! Corpus text made safe to print to a terminal.
//!
//! Titles, sources, ids, URLs, passages and names come from whoever wrote the corpus. A title
//! holding `ESC ]0;…BEL` would retitle the reader's terminal window, `ESC ]8;;url ESC \` would
//! turn text into a link to anywhere, and other sequences move the cursor or clear the screen:
//! colour settings do not matter, the terminal obeys the bytes. Every text and CSV printer passes
//! such fields through [`clean`]; JSON needs nothing, since serde escapes every control character.

use std::borrow::Cow;

/// `text` on one line, with no control character left: escape sequences (CSI, OSC, DCS and the
/// like, in their 7-bit `ESC` form or as C1 characters) are removed whole, tabs and line breaks
/// become spaces, and every other C0 or C1 control character and DEL is dropped.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let introducer = match c {
            '\u{1b}' => match chars.peek() {
                Some(&next @ ('[' | ']' | 'P' | 'X' | '^' | '_')) => {
                    chars.next();
                    Some(next)
                }
                // A two-character sequence (`ESC c` resets the terminal): drop both.
                Some(next) if ('\u{20}'..='\u{7e}').contains(next) => {
                    chars.next();
                    None
                }
                _ => None,
            },
            '\u{9b}' => Some('['),
            '\u{9d}' => Some(']'),
            '\u{90}' => Some('P'),
            '\u{98}' => Some('X'),
            '\u{9e}' => Some('^'),
            '\u{9f}' => Some('_'),
            '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}' => {
                out.push(' ');
                continue;
            }
            c if c.is_control() => continue,
            c => {
                out.push(c);
                continue;
            }
        };
        match introducer {
            // CSI: parameter and intermediate bytes, then one final byte. A control character
            // ends it early and is dealt with as any other.
            Some('[') => {
                while let Some(&c) = chars.peek() {
                    if c.is_control() {
                        break;
                    }
                    chars.next();
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
            // OSC, DCS, SOS, PM, APC: a string up to BEL or the string terminator (`ESC \` or
            // C1 ST). Any other control ends it too, so a broken sequence cannot swallow the rest.
            Some(_) => {
                while let Some(&c) = chars.peek() {
                    if c == '\u{7}' || c == '\u{9c}' {
                        chars.next();
                        break;
                    }
                    if c.is_control() {
                        break;
                    }
                    chars.next();
                }
            }
            None => {}
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn escape_sequences_and_controls_are_removed_from_corpus_text() {
        let cases = [
            ("Kremlin studies a ceasefire", "Kremlin studies a ceasefire"),
            // Window title (OSC 0, ended by BEL or by ST).
            ("\u{1b}]0;pwned\u{7}Oil prices", "Oil prices"),
            ("\u{1b}]2;pwned\u{1b}\\Oil prices", "Oil prices"),
            // A hyperlink (OSC 8) around visible text: the text stays, the link goes.
            (
                "\u{1b}]8;;https://evil.example/\u{1b}\\Reuters\u{1b}]8;;\u{1b}\\",
                "Reuters",
            ),
            // Colour, cursor movement, screen clearing, a reset.
            ("\u{1b}[31;1mred\u{1b}[0m \u{1b}[2J\u{1b}[H", "red "),
            ("a\u{1b}cb", "ab"),
            // The C1 forms of CSI and OSC, and stray controls.
            ("\u{9b}31mred\u{9d}0;t\u{7}!", "red!"),
            (
                "bell\u{7} nul\u{0} del\u{7f} back\u{8}",
                "bell nul del back",
            ),
            // Line breaks and tabs become spaces: one field, one line.
            ("two\r\nlines\tand a tab", "two  lines and a tab"),
            // An unterminated string stops at the next control, not at the end of the text.
            ("\u{1b}]0;never ended\nnext", " next"),
            ("\u{1b}[31\u{1b}[0mok", "ok"),
            ("ends in ESC\u{1b}", "ends in ESC"),
            ("Zürich – «Öl»", "Zürich – «Öl»"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected, "{input:?}");
        }
    }
}
