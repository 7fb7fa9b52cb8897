//! Warnings `check` gives about inputs that are valid but probably wrong:
//! a doubled word, a symbol off the committee's pattern, a meeting that
//! starts before the document is issued, French ordinals in "ème", and a
//! paragraph number written by hand where a reference would follow
//! renumbering.
//!
//! Warnings never stop a build; each names its place.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{DocumentInput, Text};
use crate::locale::Locale;

/// What a committee's document symbols look like, from
/// `templates/committees.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    /// `#` stands for a digit, any other character for itself: "PC####".
    pub symbol: String,
}

pub const BUILTIN_COMMITTEES: &str = include_str!("../templates/committees.toml");

pub fn committees() -> BTreeMap<String, Committee> {
    toml::from_str(BUILTIN_COMMITTEES).expect("templates/committees.toml is valid")
}

fn matches_pattern(symbol: &str, pattern: &str) -> bool {
    symbol.chars().count() == pattern.chars().count()
        && symbol.chars().zip(pattern.chars()).all(|(s, p)| match p {
            '#' => s.is_ascii_digit(),
            _ => s == p,
        })
}

/// Runs every lint over the document; `locales` are the declared
/// languages' locales.
pub fn lint(input: &DocumentInput, locales: &[&Locale], diags: &mut Diagnostics) {
    symbol(input, diags);
    dates(input, diags);
    for text in input.texts() {
        let words = words(&text.value);
        doubled_words(text, &words, diags);
        if let Some(locale) = locales.iter().find(|l| l.code == text.lang) {
            literal_references(text, locale, diags);
            if text.lang == "fr" {
                french_ordinals(text, &words, diags);
            }
        }
    }
}

fn symbol(input: &DocumentInput, diags: &mut Diagnostics) {
    let (Some(symbol), Some(committee)) = (&input.symbol, &input.committee) else {
        return;
    };
    let Some(rule) = committees().remove(&committee.value) else {
        return;
    };
    if !matches_pattern(&symbol.value, &rule.symbol) {
        diags.push(
            Diagnostic::warning(
                symbol.span.clone(),
                format!(
                    "symbol `{}` does not follow the {} pattern `{}`",
                    symbol.value, committee.value, rule.symbol
                ),
            )
            .with_note(
                "`#` stands for a digit; the language letter and suffix are added on output",
            ),
        );
    }
}

fn dates(input: &DocumentInput, diags: &mut Diagnostics) {
    let (Some(issued), Some(meeting)) = (&input.issued, &input.meeting) else {
        return;
    };
    if meeting.value.from < issued.value {
        diags.push(
            Diagnostic::warning(
                meeting.span.clone(),
                "the meeting starts before the document's date of issue",
            )
            .with_related(issued.span.clone(), "issued on this date"),
        );
    }
}

/// Words as byte ranges of the text: runs of letters, digits, `'` and `-`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn doubled_words(text: &Text, words: &[(usize, usize)], diags: &mut Diagnostics) {
    let value = &text.value;
    for pair in words.windows(2) {
        let ((a0, a1), (b0, b1)) = (pair[0], pair[1]);
        let (a, b) = (&value[a0..a1], &value[b0..b1]);
        // Only words separated by spaces: "that, that" is often meant;
        // numbers repeat in dates ("15 June – 15 September").
        let between = &value[a1..b0];
        if a.eq_ignore_ascii_case(b)
            && !between.is_empty()
            && between.chars().all(char::is_whitespace)
            && a.chars().any(char::is_alphabetic)
        {
            diags.push(Diagnostic::warning(
                text.span_of(a0..b1),
                format!("doubled word `{a} {b}`"),
            ));
        }
    }
}

fn french_ordinals(text: &Text, words: &[(usize, usize)], diags: &mut Diagnostics) {
    let value = &text.value;
    for &(s, e) in words {
        let word = &value[s..e];
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        let rest = &word[digits..];
        if digits > 0 && ["ème", "eme", "ème", "è"].contains(&rest) {
            diags.push(
                Diagnostic::warning(
                    text.span_of(s..e),
                    format!("French ordinal written `{word}`"),
                )
                .with_note(format!("write `{}e`", &word[..digits])),
            );
        }
    }
}

/// "paragraph 9" written by hand, in the language's own wording.
fn literal_references(text: &Text, locale: &Locale, diags: &mut Diagnostics) {
    let value = &text.value;
    // Lower-casing keeps byte offsets for the Latin text at hand; where it
    // does not, search the text as written.
    let lower = value.to_lowercase();
    let haystack = if lower.len() == value.len() {
        &lower
    } else {
        value
    };
    for pattern in [&locale.references.paragraphs, &locale.references.paragraph] {
        let Some(prefix) = pattern.strip_suffix("{}") else {
            continue;
        };
        let prefix = prefix.to_lowercase();
        let mut from = 0;
        while let Some(found) = haystack[from..].find(&prefix) {
            let start = from + found;
            let after = start + prefix.len();
            let digits = value[after..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            let word_start = start == 0
                || !value[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            if digits > 0 && word_start {
                diags.push(
                    Diagnostic::warning(
                        text.span_of(start..after + digits),
                        format!(
                            "`{}` is a paragraph number written by hand",
                            &value[start..after + digits]
                        ),
                    )
                    .with_note(
                        "give the paragraph an id and write [](#id): the number then follows renumbering",
                    ),
                );
            }
            from = after.max(start + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn text(lang: &str, value: &str) -> Text {
        Text::detached(lang, value, Span::new(0, 0..0))
    }

    fn messages(diags: &Diagnostics) -> Vec<String> {
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn finds_doubled_words_only_across_spaces() {
        let mut diags = Diagnostics::default();
        let t = text(
            "en",
            "invited to provide provide feedback; that, that; 15 June – 15 July",
        );
        doubled_words(&t, &words(&t.value), &mut diags);
        assert_eq!(messages(&diags), ["doubled word `provide provide`"]);
    }

    #[test]
    fn symbol_patterns() {
        assert!(matches_pattern("PC0608", "PC####"));
        assert!(!matches_pattern("PC608", "PC####"));
        assert!(!matches_pattern("PX0608", "PC####"));
        let all = committees();
        assert_eq!(all["ptc"].symbol, "PC####");
    }

    #[test]
    fn french_ordinals_in_eme() {
        let mut diags = Diagnostics::default();
        let t = text("fr", "la 132ème session et la 40e");
        french_ordinals(&t, &words(&t.value), &mut diags);
        assert_eq!(messages(&diags), ["French ordinal written `132ème`"]);
    }

    #[test]
    fn paragraph_numbers_written_by_hand() {
        let en = Locale::parse(crate::locale::BUILTIN[0].1).unwrap();
        let mut diags = Diagnostics::default();
        literal_references(
            &text("en", "As said in paragraph 9 and Paragraphs 3, see [](#x)."),
            &en,
            &mut diags,
        );
        assert_eq!(
            messages(&diags),
            [
                "`Paragraphs 3` is a paragraph number written by hand",
                "`paragraph 9` is a paragraph number written by hand"
            ]
        );
    }
}
