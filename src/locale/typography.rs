//! Typography applied to every text on output, whatever the input has:
//! straight quotes and apostrophes become the language's own, and French
//! spacing puts a narrow no-break space (U+202F) before ; ! ? and inside
//! « », and a no-break space (U+00A0) before :.
//!
//! Colons, question marks and the like followed by a letter or digit are
//! left alone, so times (10:30), URLs and e-mail addresses do not change.

use super::{Locale, Spacing};

pub const NBSP: char = '\u{00A0}';
pub const NNBSP: char = '\u{202F}';

/// Applies the rules to the text runs of one paragraph, in order: quote
/// pairing and spacing look across runs (`*emphasis*"` closes a quote).
pub struct Typographer<'l> {
    locale: &'l Locale,
    spacing: Spacing,
    prev: Option<char>,
    /// Whether a double quote is open, so the next one closes it.
    open_double: bool,
    /// An opening « was just written: French spacing puts a narrow space
    /// before the next character that is not a space.
    after_open: bool,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == NBSP || c == NNBSP
}

impl<'l> Typographer<'l> {
    pub fn new(locale: &'l Locale, spacing: Spacing) -> Self {
        Typographer {
            locale,
            spacing,
            prev: None,
            open_double: false,
            after_open: false,
        }
    }

    /// Forgets the previous text: call at the start of each paragraph.
    pub fn reset(&mut self) {
        self.prev = None;
        self.open_double = false;
        self.after_open = false;
    }

    /// Tells the typographer about text it must not change (code, a URL),
    /// so that what follows is judged in context.
    pub fn skip(&mut self, text: &str) {
        if let Some(c) = text.chars().last() {
            self.prev = Some(c);
        }
    }

    /// The space owed after an opening French quote, if the text that
    /// follows is skipped (a URL): it goes before what is skipped.
    pub fn pending_space(&mut self) -> Option<char> {
        std::mem::take(&mut self.after_open).then_some(NNBSP)
    }

    pub fn apply(&mut self, text: &str) -> String {
        let french = self.spacing == Spacing::French;
        // Most runs have nothing to change: copy them as they are.
        let marks: &[char] = if french {
            &['"', '\'', '«', '»', ';', ':', '!', '?']
        } else {
            &['"', '\'']
        };
        if !self.after_open && !text.contains(marks) {
            self.skip(text);
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 8);
        let [open, close] = &self.locale.quotes;
        let [inner_open, _] = &self.locale.inner_quotes;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let prev = self.prev;
            if self.after_open {
                if is_space(c) {
                    continue;
                }
                out.push(NNBSP);
                self.after_open = false;
            }
            let after_space_or_start = prev.is_none_or(|p| is_space(p) || "([{–—/‘“«".contains(p));
            match c {
                '"' => {
                    let opening = !self.open_double
                        && (after_space_or_start || next.is_some_and(|n| !is_space(n)));
                    if opening {
                        out.push_str(open);
                        self.open_double = true;
                        self.after_open = french;
                    } else {
                        if french {
                            trim_trailing_space(&mut out);
                            out.push(NNBSP);
                        }
                        out.push_str(close);
                        self.open_double = false;
                    }
                }
                '\'' => {
                    if after_space_or_start && next.is_some_and(|n| !is_space(n)) {
                        out.push_str(inner_open);
                    } else {
                        out.push_str(&self.locale.apostrophe);
                    }
                }
                '«' if french => {
                    out.push('«');
                    self.after_open = true;
                }
                '»' if french => {
                    trim_trailing_space(&mut out);
                    if prev.is_some() {
                        out.push(NNBSP);
                    }
                    out.push('»');
                }
                ';' | '!' | '?' | ':' if french && ends_clause(next) => {
                    let had_space = trim_trailing_space(&mut out) || prev.is_some_and(is_space);
                    // "word;" or "word ;" both take the space; a lone mark
                    // at the start of a run after a non-space does too.
                    if !out.is_empty() || prev.is_some() || had_space {
                        out.push(if c == ':' { NBSP } else { NNBSP });
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
            self.prev = Some(c);
        }
        out
    }
}

/// Whether a mark ends a clause (and so takes French spacing): followed by
/// a space, the end of the text, or closing punctuation.
fn ends_clause(next: Option<char>) -> bool {
    next.is_none_or(|n| is_space(n) || ")]»”\"'.,;:!?*_".contains(n))
}

/// Drops spaces at the end of `out`; says whether there were any.
fn trim_trailing_space(out: &mut String) -> bool {
    let trimmed = out.trim_end_matches(is_space).len();
    let had = trimmed < out.len();
    out.truncate(trimmed);
    had
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::BUILTIN;

    fn locale(code: &str) -> Locale {
        Locale::parse(BUILTIN.iter().find(|(c, _)| *c == code).unwrap().1).unwrap()
    }

    fn en(text: &str) -> String {
        Typographer::new(&locale("en"), Spacing::None).apply(text)
    }

    fn fr(text: &str) -> String {
        Typographer::new(&locale("fr"), Spacing::French).apply(text)
    }

    fn fr_none(text: &str) -> String {
        Typographer::new(&locale("fr"), Spacing::None).apply(text)
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(en("Members' needs"), "Members’ needs");
        assert_eq!(en("the PTC's work"), "the PTC’s work");
        assert_eq!(en("WCO \"Iris\" application"), "WCO “Iris” application");
        assert_eq!(en("(\"A\" Item)"), "(“A” Item)");
        assert_eq!(en("a 'quoted' word"), "a ‘quoted’ word");
    }

    #[test]
    fn english_punctuation_unchanged() {
        assert_eq!(
            en("invited to: take note; ok? yes!"),
            "invited to: take note; ok? yes!"
        );
    }

    #[test]
    fn french_spaces_before_marks() {
        assert_eq!(fr("invité à:"), "invité à\u{a0}:");
        assert_eq!(
            fr("flux financiers illicites;"),
            "flux financiers illicites\u{202f};"
        );
        assert_eq!(fr("Pourquoi?"), "Pourquoi\u{202f}?");
        assert_eq!(fr("Enfin!"), "Enfin\u{202f}!");
    }

    #[test]
    fn french_replaces_existing_spaces() {
        assert_eq!(fr("invité à :"), "invité à\u{a0}:");
        assert_eq!(fr("illicites ;"), "illicites\u{202f};");
        assert_eq!(fr("illicites\u{202f};"), "illicites\u{202f};");
        assert_eq!(fr("à\u{a0}:"), "à\u{a0}:");
    }

    #[test]
    fn french_quotes() {
        assert_eq!(
            fr("l'application \"Iris\""),
            "l’application «\u{202f}Iris\u{202f}»"
        );
        assert_eq!(fr("« Iris »"), "«\u{202f}Iris\u{202f}»");
        assert_eq!(fr("«Iris»"), "«\u{202f}Iris\u{202f}»");
        assert_eq!(fr("«\u{202f}Iris\u{202f}»"), "«\u{202f}Iris\u{202f}»");
    }

    #[test]
    fn times_urls_and_addresses_do_not_change() {
        for text in [
            "à 10:30",
            "https://www.wcoomd.org/fr?x=1",
            "copyright@wcoomd.org",
            "ratio 3:1",
        ] {
            assert_eq!(fr(text), text);
        }
    }

    #[test]
    fn house_style_none_adds_no_space() {
        assert_eq!(fr_none("invité à:"), "invité à:");
        assert_eq!(fr_none("l'application \"Iris\""), "l’application «Iris»");
    }

    /// Characters of 2, 3 and 4 bytes, and ones whose case mapping changes
    /// length, next to the marks the rules act on: the rules work on
    /// characters, never on byte offsets.
    #[test]
    fn multi_byte_characters_next_to_marks() {
        assert_eq!(fr("Ⱥ\"\u{212A}\"é:"), "Ⱥ«\u{202f}\u{212A}\u{202f}»é\u{a0}:");
        assert_eq!(fr("İ'𝔸' ẞ?"), "İ’𝔸’ ẞ\u{202f}?");
        assert_eq!(en("\u{212A}'s \"Ⱥ\""), "\u{212A}’s “Ⱥ”");
        assert_eq!(fr("«\u{a0}é\u{a0}»;"), "«\u{202f}é\u{202f}»\u{202f};");
    }

    #[test]
    fn quote_pairing_spans_runs() {
        let fr_locale = locale("fr");
        let mut t = Typographer::new(&fr_locale, Spacing::French);
        let a = t.apply("le \"");
        let b = t.apply("Iris");
        let c = t.apply("\" ici");
        assert_eq!(format!("{a}{b}{c}"), "le «\u{202f}Iris\u{202f}» ici");
    }
}
