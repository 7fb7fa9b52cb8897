//! Paragraph numbers written by hand ("paragraph 9", "paragraphs 4 and
//! 6") in the language's own words and in any case, where a reference
//! would follow renumbering.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::input::Text;
use crate::locale::Locale;

/// A text lower-cased, with the way back to the original: lower-casing
/// changes byte lengths (the Kelvin sign K is 3 bytes, its `k` 1; `Ⱥ` is 2,
/// its `ⱥ` 3), so an offset in the lower-cased text is not one in the
/// original.
struct Folded {
    lower: String,
    /// For each byte of `lower` (and its end), the original offset of the
    /// character it comes from, and whether it starts that character's
    /// lower-case form.
    origin: Vec<(usize, bool)>,
}

impl Folded {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            // One byte for one byte: no way back to keep.
            return Folded {
                lower: text.to_ascii_lowercase(),
                origin: Vec::new(),
            };
        }
        Folded::mapped(text)
    }

    /// [`Folded::new`] with the way back kept for every byte.
    fn mapped(text: &str) -> Self {
        let mut lower = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            if c.is_ascii() {
                origin.push((i, true));
                lower.push(c.to_ascii_lowercase());
                continue;
            }
            let mut first = true;
            for l in c.to_lowercase() {
                for _ in 0..l.len_utf8() {
                    origin.push((i, first));
                    first = false;
                }
                lower.push(l);
            }
        }
        origin.push((text.len(), true));
        Folded { lower, origin }
    }

    /// The original range of `range` of the lower-cased text, if both ends
    /// fall where an original character starts (an ASCII text keeps no
    /// way back: its ranges are the same).
    fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        if self.origin.is_empty() {
            return Some(range);
        }
        let (start, at_start) = self.origin[range.start];
        let (end, at_end) = self.origin[range.end];
        (at_start && at_end).then_some(start..end)
    }
}

/// "paragraph 9" written by hand, in the language's own wording, in any
/// case.
pub(super) fn literal_references(text: &Text, locale: &Locale) -> Vec<Diagnostic> {
    let mut found_by_hand = Vec::new();
    let value = &text.value;
    let mut folded = None;
    for pattern in [&locale.references.paragraphs, &locale.references.paragraph] {
        let Some(prefix) = pattern.strip_suffix("{}") else {
            continue;
        };
        // The pattern ties its word to the number ("paragraph\u{a0}{}"):
        // by hand, any space may part them.
        let word = prefix.trim_end_matches(char::is_whitespace);
        let spaced = word.len() < prefix.len();
        let prefix = word.to_lowercase();
        if prefix.is_empty() {
            continue;
        }
        for written in written_in_any_case(value, &prefix, &mut folded) {
            let start = written.start;
            let gap: usize = value[written.end..]
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            if spaced != (gap > 0) {
                continue;
            }
            let after = written.end + gap;
            let digits = value[after..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            let word_start = !value[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if digits > 0 && word_start {
                let end = more_numbers(value, after + digits, locale);
                let written = &value[start..end];
                let (message, note) = if end > after + digits {
                    (
                        format!("`{written}` are paragraph numbers written by hand"),
                        "give the paragraphs ids and write [](#a,#b): the numbers then follow renumbering",
                    )
                } else {
                    (
                        format!("`{written}` is a paragraph number written by hand"),
                        "give the paragraph an id and write [](#id): the number then follows renumbering",
                    )
                };
                found_by_hand
                    .push(Diagnostic::warning(text.span_of(start..end), message).with_note(note));
            }
        }
    }
    found_by_hand
}

/// Where a list of numbers written by hand ends, from `end`, the end of
/// its first number: "4 and 6", "4, 6 and 9", "4 to 6" in the locale's
/// joining words, spaces as typed.
fn more_numbers(value: &str, mut end: usize, locale: &Locale) -> usize {
    let r = &locale.references;
    let joiners: Vec<&str> = [&r.comma, &r.and, &r.to]
        .iter()
        .map(|j| j.trim())
        .filter(|j| !j.is_empty())
        .collect();
    'numbers: loop {
        let rest = &value[end..];
        let spaced = rest.trim_start();
        for joiner in &joiners {
            // "," is written against the number before it.
            let Some(after) = spaced.strip_prefix(joiner) else {
                continue;
            };
            let gap_ok = *joiner == "," || spaced.len() < rest.len();
            let next = after.trim_start();
            let digits = next.chars().take_while(char::is_ascii_digit).count();
            let word_end = !next[digits..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if gap_ok && digits > 0 && next.len() < after.len() && word_end {
                end = value.len() - next.len() + digits;
                continue 'numbers;
            }
        }
        return end;
    }
}

/// Where `word` (lower-cased, not empty) is written in `value`, in any
/// case, as ranges of `value`, in order and not overlapping: what is
/// found in `value` lower-cased ([`Folded`], made in `folded` when first
/// needed) that starts and ends where characters of `value` do.
fn written_in_any_case(value: &str, word: &str, folded: &mut Option<Folded>) -> Vec<Range<usize>> {
    // Of the characters beyond ASCII, only İ and the Kelvin sign have
    // ASCII in their lower case (`only_two_characters_fold_into_ascii`),
    // as `i` and `k`: an ASCII word without them is found only where it
    // is written in ASCII, so it is found in `value` itself.
    if word.bytes().all(|b| b.is_ascii() && b != b'i' && b != b'k') {
        return ascii_in_any_case(value, word);
    }
    let folded = folded.get_or_insert_with(|| Folded::new(value));
    folded
        .lower
        .match_indices(word)
        .filter_map(|(found, _)| folded.original(found..found + word.len()))
        .collect()
}

/// The ranges where ASCII `word` is written in `value` in any case, in
/// order and not overlapping (as [`str::match_indices`] finds them).
fn ascii_in_any_case(value: &str, word: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let (text, word) = (value.as_bytes(), word.as_bytes());
    let Some(&first) = word.first() else {
        return found;
    };
    let mut at = 0;
    while let Some(start) = next_in_any_case(text, first, at) {
        let end = start + word.len();
        if text
            .get(start..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        {
            found.push(start..end);
            at = end;
        } else {
            at = start + 1;
        }
    }
    found
}

/// Where, from `from`, the next byte that may be ASCII `first` in either
/// case is: every such byte is found (the two cases of a letter differ
/// only by the bit 0x20), and a few others that only look so. Read 32
/// bytes at a time, which the compiler does in a few vector operations.
fn next_in_any_case(text: &[u8], first: u8, from: usize) -> Option<usize> {
    let key = first | 0x20;
    let rest = text.get(from..)?;
    let mut chunks = rest.chunks_exact(32);
    let mut offset = 0;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |hit, &b| hit | (b | 0x20 == key)) {
            break;
        }
        offset += 32;
    }
    rest[offset..]
        .iter()
        .position(|&b| b | 0x20 == key)
        .map(|i| from + offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn text(lang: &str, value: &str) -> Text {
        Text::detached(lang, value, Span::new(0, 0..0))
    }

    fn messages(found: &[Diagnostic]) -> Vec<String> {
        found.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn only_two_characters_fold_into_ascii() {
        let folding: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(folding, ['\u{130}', '\u{212A}']);
    }

    proptest::proptest! {
        /// A word is found in the text itself where it is found in the
        /// text lower-cased, and an ASCII text folds as the mapping
        /// character by character does.
        #[test]
        fn shortcuts_find_what_folding_finds(
            value in "(paragraph|PARAGRAPHE|Paragraphs|aph|a|ph|s| |9|\u{212A}|\u{130}|Ⱥ|ẞ|é|P){0,16}",
            word in "(paragraph|paragraphe|paragraphs|aph|ph|a|k|i|ik)",
        ) {
            let folded = Folded::mapped(&value);
            let by_folding: Vec<Range<usize>> = folded
                .lower
                .match_indices(&word)
                .filter_map(|(found, _)| folded.original(found..found + word.len()))
                .collect();
            proptest::prop_assert_eq!(written_in_any_case(&value, &word, &mut None), by_folding);
            if value.is_ascii() {
                let fast = Folded::new(&value);
                proptest::prop_assert_eq!(&fast.lower, &folded.lower);
                for start in 0..=fast.lower.len() {
                    for end in start..=fast.lower.len() {
                        proptest::prop_assert_eq!(fast.original(start..end), folded.original(start..end));
                    }
                }
            }
        }
    }

    #[test]
    fn paragraph_numbers_written_by_hand() {
        let en = Locale::parse(crate::locale::BUILTIN[0].1).unwrap();
        let found = literal_references(
            &text("en", "As said in paragraph 9 and Paragraphs 3, see [](#x)."),
            &en,
        );
        assert_eq!(
            messages(&found),
            [
                "`Paragraphs 3` is a paragraph number written by hand",
                "`paragraph 9` is a paragraph number written by hand"
            ]
        );
    }

    /// "paragraphs 4 and 6" is found whole, in each language's words, so
    /// the note can point to a reference to several parts.
    #[test]
    fn lists_of_paragraph_numbers_written_by_hand() {
        for (code, value, expected) in [
            ("en", "See paragraphs 4 and 6.", vec!["paragraphs 4 and 6"]),
            (
                "en",
                "See paragraphs 4, 6 and 9, then",
                vec!["paragraphs 4, 6 and 9"],
            ),
            (
                "en",
                "In paragraphs 4 to 6 in 2020",
                vec!["paragraphs 4 to 6"],
            ),
            ("en", "paragraphs 4 and 6th", vec!["paragraphs 4"]),
            (
                "fr",
                "Voir les paragraphes 4 et 6.",
                vec!["paragraphes 4 et 6"],
            ),
            ("fr", "aux paragraphes 4 à 6 ;", vec!["paragraphes 4 à 6"]),
        ] {
            let locale = Locale::parse(
                crate::locale::BUILTIN
                    .iter()
                    .find(|(c, _)| *c == code)
                    .unwrap()
                    .1,
            )
            .unwrap();
            let found = literal_references(&text(code, value), &locale);
            let written: Vec<String> = found
                .iter()
                .map(|d| d.message.split('`').nth(1).unwrap().to_string())
                .collect();
            assert_eq!(written, expected, "{value}");
        }
        let en = Locale::parse(crate::locale::BUILTIN[0].1).unwrap();
        let found = literal_references(&text("en", "paragraphs 4 and 6"), &en);
        assert!(
            found[0]
                .message
                .ends_with("are paragraph numbers written by hand")
        );
        assert!(found[0].notes.iter().any(|n| n.contains("[](#a,#b)")));
    }

    /// Case mapping changes byte lengths (K, the Kelvin sign, is 3 bytes
    /// and lower-cases to 1; Ⱥ is 2 and lower-cases to 3): offsets found in
    /// the lower-cased text must not be used on the original.
    #[test]
    fn paragraph_numbers_among_case_changing_characters() {
        let en = Locale::parse(crate::locale::BUILTIN[0].1).unwrap();
        for (value, found) in [
            ("\u{212A}paragraph 9ȺȺ", vec![]),
            ("\u{212A} paragraph 9ȺȺ", vec!["paragraph 9"]),
            (
                "ȺȺ PARAGRAPH 12 and İ paragraph 3",
                vec!["PARAGRAPH 12", "paragraph 3"],
            ),
            ("İİİ Paragraph 7 \u{212A}\u{212A}", vec!["Paragraph 7"]),
            ("ẞ paragraphs 4", vec!["paragraphs 4"]),
        ] {
            let diags = literal_references(&text("en", value), &en);
            let mut got: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
            got.sort();
            let mut want: Vec<String> = found
                .iter()
                .map(|f| format!("`{f}` is a paragraph number written by hand"))
                .collect();
            want.sort();
            assert_eq!(got, want, "{value}");
        }
    }
}
