//! Warnings `check` gives about inputs that are valid but probably wrong:
//! a doubled word (as written, or made by a reference's words), a symbol
//! off the committee's pattern, a meeting that starts before the document
//! is issued, French ordinals in "ème", a paragraph number written by hand
//! where a reference would follow renumbering, a document without
//! sections, a section without blocks, an empty text, and a list item
//! indented as if nested that CommonMark reads as the next item of the
//! list above.
//!
//! Warnings never stop a build; each names its place.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::input::{DocumentInput, Text};
use crate::locale::Locale;
use crate::model::{Document, Flow, Inline};

mod by_hand;

use by_hand::literal_references;

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
    empty_parts(input, diags);
    // A slip repeated through a text is reported a few times and counted:
    // a word pasted 4,000 times is one thing to fix, not 3,999 reports.
    for text in input.texts() {
        if text.value.trim().is_empty() {
            diags.push(
                Diagnostic::warning(
                    text.span.clone(),
                    format!("the `{}` text is empty", text.lang),
                )
                .with_note("it renders as nothing: a numbered paragraph shows its number alone"),
            );
            continue;
        }
        let words = words(&text.value);
        diags.push_capped(doubled_words(text, &words), "doubled words in this text");
        diags.push_capped(
            list_continuations(text),
            "items continuing a list above in this text",
        );
        if let Some(locale) = locales.iter().find(|l| l.code == text.lang) {
            diags.push_capped(
                literal_references(text, locale),
                "paragraph numbers written by hand in this text",
            );
            if text.lang == "fr" {
                diags.push_capped(
                    french_ordinals(text, &words),
                    "French ordinals in `ème` in this text",
                );
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

/// A document without sections, or a section without blocks, builds; it
/// is surely not what the author meant.
fn empty_parts(input: &DocumentInput, diags: &mut Diagnostics) {
    if input.sections.is_empty() {
        diags.push(
            Diagnostic::warning(Span::new(input.file, 0..0), "the document has no sections")
                .with_note("list them in order: sections = [\"introduction\", \"revenue\"]"),
        );
    }
    for section in &input.sections {
        if section.blocks.is_empty() {
            diags.push(
                Diagnostic::warning(
                    section.name.span.clone(),
                    format!("section `{}` has no blocks", section.name.value),
                )
                .with_note("its title would stand alone; add [[blocks]] or leave it out"),
            );
        }
    }
}

/// List items that CommonMark reads as the next item of the list above
/// though they are indented as if nested: under "10. " a "1. " indented by
/// three spaces becomes item 11 of the same list ((xi) in a `roman` list),
/// since nesting needs the indentation of the parent item's text (four
/// spaces there).
fn list_continuations(text: &Text) -> Vec<Diagnostic> {
    if !has_indented_line(&text.value) {
        return Vec::new();
    }
    continuations_parsed(text)
}

/// Whether a line of `value` starts with a space or a quotation mark:
/// the marker of an item that continues a list above is so indented, so
/// a text without such a line needs no parsing for them.
fn has_indented_line(value: &str) -> bool {
    let indented = |line: &str| line.starts_with([' ', '>']);
    value.split('\n').any(indented)
}

/// [`list_continuations`], read from the parsed Markdown.
fn continuations_parsed(text: &Text) -> Vec<Diagnostic> {
    let value = &text.value;
    let mut found = Vec::new();
    // For each open list: the column of its first item's marker, and the
    // column where the text of its latest item starts.
    let mut lists: Vec<(Option<usize>, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(value, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => lists.push((None, 0)),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let Some((first, content)) = lists.last_mut() else {
                    continue;
                };
                let Some((marker, text_at)) = item_columns(value, range.start) else {
                    continue;
                };
                match *first {
                    None => *first = Some(marker),
                    Some(first) if marker > first => found.push(
                        Diagnostic::warning(
                            text.span_of(range.start..range.start + 1),
                            "this item is indented as if nested, but continues the list above",
                        )
                        .with_note(format!(
                            "to nest it, indent it to the text of the item above: {} spaces",
                            *content
                        )),
                    ),
                    Some(_) => {}
                }
                *content = text_at;
            }
            _ => {}
        }
    }
    found
}

/// The columns (in characters from the line's start) of the marker of a
/// list item starting at `at` (its indentation included) and of the text
/// after it, when the marker starts its line (after any indentation and
/// quotation marks).
fn item_columns(value: &str, at: usize) -> Option<(usize, usize)> {
    let at = at + value[at..].len() - value[at..].trim_start_matches(' ').len();
    let line_start = value[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &value[line_start..at];
    if !before.chars().all(|c| c == ' ' || c == '>') {
        return None;
    }
    let marker = before.chars().count();
    let rest = &value[at..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let mark_len = line
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ')' | '-' | '*' | '+')))
        .unwrap_or(line.len());
    let spaces = line[mark_len..].chars().take_while(|&c| c == ' ').count();
    Some((marker, marker + mark_len + spaces.clamp(1, 4)))
}

/// Doubled words that appear only once references have their text:
/// "paragraph [](#x)" reads "paragraph paragraph 12". Run on each built
/// language, since each words its references its own way.
pub fn reference_words(doc: &Document, diags: &mut Diagnostics) {
    let mut paragraphs: Vec<&[Inline]> = Vec::new();
    let blocks = doc.sections.iter().flat_map(|s| s.blocks.iter());
    for flow in doc
        .purpose
        .iter()
        .chain(&doc.action)
        .chain(blocks.flat_map(|b| b.content.iter()))
    {
        collect_paragraphs(flow, &mut paragraphs);
    }
    for inlines in paragraphs {
        let mut read = String::new();
        let mut refs = Vec::new();
        flatten(inlines, &mut read, &mut refs);
        if refs.is_empty() {
            continue;
        }
        let words = words(&read);
        let mut doubled = Vec::new();
        for pair in words.windows(2) {
            let ((a0, a1), (b0, b1)) = (pair[0], pair[1]);
            let (a, b, between) = (&read[a0..a1], &read[b0..b1], &read[a1..b0]);
            // The words come from different places, one a reference.
            let (ref_a, ref_b) = (reference_of(&refs, pair[0]), reference_of(&refs, pair[1]));
            let from_ref = if ref_a == ref_b {
                None
            } else {
                ref_b.or(ref_a)
            };
            if let Some(span) = from_ref
                && !between.is_empty()
                && between.chars().all(char::is_whitespace)
                && a.chars().any(char::is_alphabetic)
                && same_noun(a, b)
            {
                let message = format!(
                    "doubled word `{a} {b}` once the reference has its text ({})",
                    doc.lang
                );
                let note = "a reference writes its own word (\"paragraph 12\"): drop the word \
                            before it, or write [#](#id) for the number alone";
                doubled.push(Diagnostic::warning(span.clone(), message).with_note(note));
            }
        }
        diags.push_capped(doubled, "doubled words in this paragraph");
    }
}

/// The span of the reference whose words include `word`, if any; `refs`
/// are in reading order.
fn reference_of(refs: &[(Range<usize>, Span)], (start, end): (usize, usize)) -> Option<&Span> {
    let i = refs.partition_point(|(r, _)| r.start <= start);
    let (r, span) = refs.get(i.checked_sub(1)?)?;
    (end <= r.end).then_some(span)
}

fn collect_paragraphs<'d>(flow: &'d Flow, out: &mut Vec<&'d [Inline]>) {
    match flow {
        Flow::Para(inlines) => out.push(inlines),
        Flow::Quote(inner) => inner.iter().for_each(|f| collect_paragraphs(f, out)),
        Flow::List(list) => {
            for item in &list.items {
                item.content.iter().for_each(|f| collect_paragraphs(f, out));
            }
        }
    }
}

/// The text of inlines as read, with the range each reference's words
/// take in it and where that reference is written.
fn flatten(inlines: &[Inline], read: &mut String, refs: &mut Vec<(Range<usize>, Span)>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => read.push_str(t),
            Inline::Break => read.push('\n'),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Superscript(c)
            | Inline::Revised { content: c, .. }
            | Inline::Link { content: c, .. } => flatten(c, read, refs),
            Inline::Ref(r) => {
                let start = read.len();
                match &r.content {
                    Some(c) => flatten(c, read, &mut Vec::new()),
                    None => read.push_str(&r.text),
                }
                refs.push((start..read.len(), r.span.clone()));
            }
        }
    }
}

/// Words as byte ranges of the text: runs of letters, digits, `'` and `-`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut start = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is read byte by byte; only other characters are decoded.
        let (word, len) = if bytes[i].is_ascii() {
            let b = bytes[i];
            (b.is_ascii_alphanumeric() || b == b'\'' || b == b'-', 1)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn doubled_words(text: &Text, words: &[(usize, usize)]) -> Vec<Diagnostic> {
    let mut doubled = Vec::new();
    let value = &text.value;
    for pair in words.windows(2) {
        let ((a0, a1), (b0, b1)) = (pair[0], pair[1]);
        let (a, b) = (&value[a0..a1], &value[b0..b1]);
        // Only words separated by spaces: "that, that" is often meant;
        // numbers repeat in dates ("15 June – 15 September").
        // The cheap test first: most neighbours are different words.
        let between = &value[a1..b0];
        if same_word(a, b)
            && !between.is_empty()
            && between.chars().all(char::is_whitespace)
            && a.chars().any(char::is_alphabetic)
        {
            doubled.push(Diagnostic::warning(
                text.span_of(a0..b1),
                format!("doubled word `{a} {b}`"),
            ));
        }
    }
    doubled
}

/// Whether two words are one noun but for case and number: a reference
/// to several parts writes the plural ("paragraph paragraphs 4 and 6").
fn same_noun(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let plural = |one: &str, many: &str| many.strip_suffix('s') == Some(one);
    a == b || plural(&a, &b) || plural(&b, &a)
}

/// Whether two words are the same but for case ("État état").
fn same_word(a: &str, b: &str) -> bool {
    // Most pairs differ at a first letter that is ASCII in both; an ASCII
    // letter starts the lower case of its word as itself lower-cased.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first())
        && x.is_ascii()
        && y.is_ascii()
        && !x.eq_ignore_ascii_case(&y)
    {
        return false;
    }
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    // A capital sigma lower-cases by its place in the word, which only
    // the whole word's lower case knows; any other character by itself,
    // so most pairs differ at their first letter, with no copy made.
    if a.contains('Σ') || b.contains('Σ') {
        return a.to_lowercase() == b.to_lowercase();
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn french_ordinals(text: &Text, words: &[(usize, usize)]) -> Vec<Diagnostic> {
    let mut ordinals = Vec::new();
    let value = &text.value;
    for &(s, e) in words {
        let word = &value[s..e];
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        let rest = &word[digits..];
        if digits > 0 && ["ème", "eme", "ème", "è"].contains(&rest) {
            ordinals.push(
                Diagnostic::warning(
                    text.span_of(s..e),
                    format!("French ordinal written `{word}`"),
                )
                .with_note(format!("write `{}e`", &word[..digits])),
            );
        }
    }
    ordinals
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
        diags.push_capped(
            doubled_words(&t, &words(&t.value)),
            "doubled words in this text",
        );
        assert_eq!(messages(&diags), ["doubled word `provide provide`"]);
    }

    proptest::proptest! {
        /// The shortcuts answer as the full work does: a text without an
        /// indented line has no continuations; ASCII words compare as
        /// lower-cased copies do.
        #[test]
        fn shortcuts_agree_with_the_full_work(
            value in "([0-9]{1,2}[.)] |[-*+] |  | |>|\n|a|K|é|\t|’|'|\u{212A}|Ⅻ|٣){0,24}",
            a in "[aAkK\u{212A}éÉΣσςİi\u{307}]{1,3}",
            b in "[aAkK\u{212A}éÉΣσςİi\u{307}]{1,3}",
        ) {
            let by_chars: Vec<(usize, usize)> = {
                let mut out = Vec::new();
                let mut start = None;
                for (i, c) in value.char_indices() {
                    match (c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'), start) {
                        (true, None) => start = Some(i),
                        (false, Some(s)) => {
                            out.push((s, i));
                            start = None;
                        }
                        _ => {}
                    }
                }
                out.extend(start.map(|s| (s, value.len())));
                out
            };
            proptest::prop_assert_eq!(words(&value), by_chars);
            let t = text("en", &value);
            if !has_indented_line(&value) {
                proptest::prop_assert!(continuations_parsed(&t).is_empty());
            }
            proptest::prop_assert_eq!(list_continuations(&t).len(), continuations_parsed(&t).len());
            proptest::prop_assert_eq!(same_word(&a, &b), a.to_lowercase() == b.to_lowercase());
        }
    }

    /// Words compare as their lower cases do, a final sigma included
    /// ("ΟΔΟΣ" is "οδος" written with ς).
    #[test]
    fn words_compare_as_whole_lower_cases() {
        assert!(same_word("État", "état"));
        assert!(same_word("ΟΔΟΣ", "οδος"));
        assert!(!same_word("ΟΔΟΣ", "οδοσ"));
        assert!(same_word("\u{212A}m", "km"));
        assert!(!same_word("İ", "i"));
        assert!(!same_word("word", "ward"));
    }

    #[test]
    fn sub_lists_read_as_continuations_are_found() {
        let ten: String = (1..=10).map(|i| format!("{i}. item {i}\n")).collect();
        // Three spaces under "10. " continue the list: items 11 and 12.
        let t = text("en", &format!("{ten}   1. sub a\n   2. sub b\n"));
        let found = list_continuations(&t);
        assert_eq!(found.len(), 2, "{:?}", messages_of(&found));
        assert_eq!(
            found[0].notes,
            ["to nest it, indent it to the text of the item above: 4 spaces"]
        );
        // Four spaces nest them; three under "1. " too; bullets alike.
        for fine in [
            format!("{ten}    1. sub a\n    2. sub b\n"),
            "1. one\n   1. sub\n2. two\n".to_string(),
            "- a\n  - b\n- c\n".to_string(),
            "> 1. a\n>    1. sub\n".to_string(),
        ] {
            let found = list_continuations(&text("en", &fine));
            assert!(found.is_empty(), "{fine}: {:?}", messages_of(&found));
        }
        let found = list_continuations(&text("en", "- a\n - b\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].notes,
            ["to nest it, indent it to the text of the item above: 2 spaces"]
        );
    }

    /// Every lint over texts mixing markup with characters whose case
    /// mapping or encoding changes lengths: none panics, and every span
    /// stays inside the text.
    #[test]
    fn lints_survive_tricky_texts() {
        let en = Locale::parse(crate::locale::BUILTIN[0].1).unwrap();
        let pieces = [
            "\u{212A}",
            "Ⱥ",
            "İ",
            "ẞ",
            "é",
            "\u{a0}",
            "\u{202f}",
            "paragraph ",
            "Paragraphe ",
            "9",
            "12ème ",
            "word ",
            "WORD ",
            "\n",
            "1. ",
            "10. ",
            "   ",
            "- ",
            "> ",
            "{#a} ",
            "*",
            "[](#x)",
            "'",
            "\"",
            ":",
            "«",
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..3000 {
            let mut value = String::new();
            for _ in 0..(seed % 12 + 1) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                value.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for lang in ["en", "fr"] {
                let t = text(lang, &value);
                let words = words(&value);
                let found = [
                    doubled_words(&t, &words),
                    french_ordinals(&t, &words),
                    literal_references(&t, &en),
                    list_continuations(&t),
                ];
                for d in found.iter().flatten() {
                    let span = d.span.as_ref().unwrap();
                    assert!(span.range.end >= span.range.start, "{value:?}");
                }
            }
        }
    }

    fn messages_of(found: &[Diagnostic]) -> Vec<&str> {
        found.iter().map(|d| d.message.as_str()).collect()
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
        diags.push_capped(french_ordinals(&t, &words(&t.value)), "ordinals");
        assert_eq!(messages(&diags), ["French ordinal written `132ème`"]);
    }
}
