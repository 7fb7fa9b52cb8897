//! Per-language formatting: the fixed words of the document family, dates,
//! ordinals, list labels and reference wording, read from one locale file
//! per language (`templates/locale/xx.toml`), and the typography rules
//! applied to every text on output.
//!
//! Adding a language is adding a locale file: nothing here names one.
//! [`Locales`] is the set a run knows, built-in and from template folders.

mod redline;
mod set;
pub mod ties;
pub mod typography;

pub use redline::RedlineWords;
pub use set::{Locales, preload, valid_code};

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::input::{Date, ListStyle, Meeting};

pub use crate::input::Spacing;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    pub code: String,
    pub name: String,
    /// The letter of the language in document symbols (E in PC0608Ea).
    pub letter: String,
    pub html_lang: String,
    pub pdf_lang: String,
    pub hyphenation: String,
    /// Words the patterns split badly, with their allowed points as
    /// hyphens ("sub-re-gion-al"); a word without hyphens is never split.
    #[serde(default)]
    pub hyphenation_exceptions: Vec<String>,
    pub quotes: [String; 2],
    pub inner_quotes: [String; 2],
    pub apostrophe: String,
    pub spacing: Spacing,
    pub months: [String; 12],
    pub dates: Dates,
    pub ordinal: Ordinal,
    pub list_labels: ListLabels,
    pub references: References,
    /// Older locale files without `[ties]` tie nothing in texts.
    #[serde(default)]
    pub ties: Ties,
    pub words: Words,
    /// The words of `ptcdoc diff`'s redlines.
    #[serde(default)]
    pub redline: RedlineWords,
    pub committees: BTreeMap<String, String>,
    pub places: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub day_one: String,
    pub date: String,
    pub range_same_month: String,
    pub range_same_year: String,
    pub range: String,
    pub dateline: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ordinal {
    pub default: String,
    pub last_digit: BTreeMap<String, String>,
    pub last_two_digits: BTreeMap<String, String>,
    pub exact: BTreeMap<String, String>,
    /// Whether the suffix is set as a superscript (French 227ᵉ), in what
    /// the tool writes and in ordinals written in texts.
    #[serde(default)]
    pub superscript: bool,
    /// Suffixes recognised as ordinals after digits in texts ("1re",
    /// "2es"), besides those the tool writes itself.
    #[serde(default)]
    pub after_digits: Vec<String>,
    /// Suffixes recognised as ordinals after a roman numeral ("XXe").
    #[serde(default)]
    pub after_roman: Vec<String>,
}

/// The spaces of a text that become no-break spaces (see [`ties`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ties {
    /// Words tied to the number, numeral or label after them: "Part 2",
    /// "Annex I", "item (iv)".
    #[serde(default)]
    pub before_number: Vec<String>,
    /// Units and symbols tied to the number before them: "41 %", "10 km".
    #[serde(default)]
    pub units: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListLabels {
    pub decimal: String,
    pub roman: String,
    pub alpha: String,
    pub bullet: String,
    pub dash: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct References {
    pub paragraph: String,
    pub paragraphs: String,
    pub section: String,
    pub item: String,
    /// The plural forms of a reference to several parts, `[](#a,#b)`:
    /// "Sections {}", "items {items} of paragraph {paragraph}".
    pub sections: String,
    pub items: String,
    /// The words joining the numbers of such a reference: the last two
    /// (" and "), the others (", "), and the ends of a range (" to ").
    pub and: String,
    pub comma: String,
    pub to: String,
}

/// The fixed wording of the document family, by role.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub organization: String,
    pub organization_caps: String,
    pub established: String,
    pub sessions: String,
    pub session: String,
    pub agenda_item: String,
    pub item_category: String,
    pub summary: String,
    pub purpose: String,
    pub action_required: String,
    pub economy: String,
    pub copyright: String,
    pub page: String,
    pub contents: String,
}

/// Replaces `{name}` by its value and `{}` by the first value.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let value = if name.is_empty() {
            values.first().map(|(_, v)| *v)
        } else {
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

impl Locale {
    pub fn parse(text: &str) -> Result<Locale, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn month(&self, month: u8) -> &str {
        &self.months[usize::from(month.clamp(1, 12)) - 1]
    }

    fn day(&self, day: u8) -> String {
        if day == 1 {
            self.dates.day_one.clone()
        } else {
            day.to_string()
        }
    }

    /// "24 March 2020", "24 mars 2020".
    pub fn date(&self, d: Date) -> String {
        fill(
            &self.dates.date,
            &[
                ("day", &self.day(d.day)),
                ("month", self.month(d.month)),
                ("year", &d.year.to_string()),
            ],
        )
    }

    /// "18 – 20 May 2020", "30 May – 2 June 2020", or two full dates.
    pub fn date_range(&self, m: Meeting) -> String {
        let (from, to) = (m.from, m.to);
        if from == to {
            return self.date(from);
        }
        let year = to.year.to_string();
        if from.year != to.year {
            return fill(
                &self.dates.range,
                &[("from", &self.date(from)), ("to", &self.date(to))],
            );
        }
        let (from_day, to_day) = (self.day(from.day), self.day(to.day));
        if from.month == to.month {
            fill(
                &self.dates.range_same_month,
                &[
                    ("from_day", &from_day),
                    ("to_day", &to_day),
                    ("month", self.month(to.month)),
                    ("year", &year),
                ],
            )
        } else {
            fill(
                &self.dates.range_same_year,
                &[
                    ("from_day", &from_day),
                    ("from_month", self.month(from.month)),
                    ("to_day", &to_day),
                    ("to_month", self.month(to.month)),
                    ("year", &year),
                ],
            )
        }
    }

    /// "227th", "1er", "2e".
    pub fn ordinal(&self, n: u32) -> String {
        let o = &self.ordinal;
        let s = n.to_string();
        let two = (n % 100).to_string();
        let one = (n % 10).to_string();
        let suffix = o
            .exact
            .get(&s)
            .or_else(|| o.last_two_digits.get(&two))
            .or_else(|| o.last_digit.get(&one))
            .unwrap_or(&o.default);
        format!("{n}{suffix}")
    }

    /// The suffixes that make an ordinal of digits in a text: those the
    /// locale lists and those it writes itself.
    pub fn digit_suffixes(&self) -> Vec<String> {
        let o = &self.ordinal;
        let mut all: Vec<String> = o.after_digits.clone();
        all.push(o.default.clone());
        all.extend(o.last_digit.values().cloned());
        all.extend(o.last_two_digits.values().cloned());
        all.extend(o.exact.values().cloned());
        all.sort();
        all.dedup();
        all
    }

    /// "227th/228th Sessions", "227e/228e sessions".
    pub fn sessions(&self, sessions: &[u32]) -> String {
        let numbers: Vec<String> = sessions.iter().map(|&n| self.ordinal(n)).collect();
        let pattern = if sessions.len() == 1 {
            &self.words.session
        } else {
            &self.words.sessions
        };
        fill(pattern, &[("sessions", &numbers.join("/"))])
    }

    /// The label of item `n` (from 1) of a list, e.g. "(iv)", "iv)", "4.".
    pub fn list_label(&self, style: ListStyle, n: usize) -> String {
        let l = &self.list_labels;
        match style {
            ListStyle::Bullet => l.bullet.clone(),
            ListStyle::Dash => l.dash.clone(),
            ListStyle::Decimal => fill(&l.decimal, &[("", &n.to_string())]),
            ListStyle::Roman => fill(&l.roman, &[("", &roman(n).to_lowercase())]),
            ListStyle::Alpha => fill(&l.alpha, &[("", &alpha(n))]),
        }
    }
}

/// Upper-case roman numeral: 4 → "IV". Zero gives an empty string.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Lower-case letters as spreadsheets count: a..z, aa, ab...
pub fn alpha(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The locale files the binary carries, by language code.
pub const BUILTIN: [(&str, &str); 2] = [
    ("en", include_str!("../../templates/locale/en.toml")),
    ("fr", include_str!("../../templates/locale/fr.toml")),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(code: &str) -> Locale {
        let text = BUILTIN.iter().find(|(c, _)| *c == code).unwrap().1;
        Locale::parse(text).unwrap()
    }

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn english_ordinals() {
        let en = locale("en");
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 112, 227, 228]
            .iter()
            .map(|&n| en.ordinal(n))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "112th",
                "227th", "228th"
            ]
        );
    }

    #[test]
    fn french_ordinals() {
        let fr = locale("fr");
        assert_eq!(fr.ordinal(1), "1er");
        assert_eq!(fr.ordinal(21), "21e");
        assert_eq!(fr.sessions(&[227, 228]), "227e/228e sessions");
    }

    /// Dates are tied as the locale writes them: a date is never parted,
    /// a range only after its dash when it spans months or years.
    #[test]
    fn date_ranges() {
        let en = locale("en");
        let fr = locale("fr");
        let may = Meeting {
            from: date(2020, 5, 18),
            to: date(2020, 5, 20),
        };
        assert_eq!(en.date_range(may), "18\u{a0}–\u{a0}20\u{a0}May\u{a0}2020");
        assert_eq!(fr.date_range(may), "18\u{a0}–\u{a0}20\u{a0}mai\u{a0}2020");
        let across = Meeting {
            from: date(2020, 5, 30),
            to: date(2020, 6, 1),
        };
        assert_eq!(
            en.date_range(across),
            "30\u{a0}May\u{a0}– 1\u{a0}June\u{a0}2020"
        );
        assert_eq!(
            fr.date_range(across),
            "30\u{a0}mai\u{a0}– 1er\u{a0}juin\u{a0}2020"
        );
        let years = Meeting {
            from: date(2020, 12, 30),
            to: date(2021, 1, 2),
        };
        assert_eq!(
            en.date_range(years),
            "30\u{a0}December\u{a0}2020\u{a0}– 2\u{a0}January\u{a0}2021"
        );
        assert_eq!(en.date(date(2020, 3, 24)), "24\u{a0}March\u{a0}2020");
    }

    /// A generated reference never parts its word from its number.
    #[test]
    fn references_are_tied() {
        for (code, refs) in [
            (
                "en",
                ["paragraph\u{a0}6", "item\u{a0}(iv) of paragraph\u{a0}8"],
            ),
            (
                "fr",
                ["paragraphe\u{a0}6", "point\u{a0}iv) du paragraphe\u{a0}8"],
            ),
        ] {
            let l = locale(code);
            let label = l.list_label(ListStyle::Roman, 4);
            assert_eq!(fill(&l.references.paragraph, &[("", "6")]), refs[0]);
            assert_eq!(
                fill(&l.references.item, &[("item", &label), ("paragraph", "8")]),
                refs[1]
            );
            assert!(fill(&l.references.section, &[("", "III")]).contains("\u{a0}III"));
        }
    }

    #[test]
    fn labels_follow_the_language() {
        let en = locale("en");
        let fr = locale("fr");
        assert_eq!(en.list_label(ListStyle::Roman, 4), "(iv)");
        assert_eq!(fr.list_label(ListStyle::Roman, 4), "iv)");
        assert_eq!(en.list_label(ListStyle::Alpha, 28), "(ab)");
        assert_eq!(fr.list_label(ListStyle::Alpha, 1), "a)");
        assert_eq!(en.list_label(ListStyle::Decimal, 3), "3.");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(19), "XIX");
        assert_eq!(roman(1994), "MCMXCIV");
    }

    #[test]
    fn fill_leaves_unknown_names() {
        assert_eq!(fill("{a} {b}", &[("a", "x")]), "x {b}");
        assert_eq!(fill("paragraph {}", &[("", "9")]), "paragraph 9");
    }
}
