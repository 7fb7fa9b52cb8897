//! Bilingual parity: the languages of a document must say the same thing in
//! the same shape. A block's lists must have the same items at the same
//! nesting in every language, or paragraph 18's "item (iv)" would be
//! another item in French.
//!
//! The shape is read from the Markdown of each text, so a difference is
//! reported at both texts, in their files.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::list_style::{markers, overrides};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{DocumentInput, Text, TextSet};

/// One list of a text: how deep it is and how many items it has, in the
/// order the lists open.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListShape {
    depth: usize,
    items: usize,
    /// The style its first item names (`{.alpha}`), if any.
    style: Option<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    lists: Vec<ListShape>,
    quotes: usize,
    /// The `{#id}` of list items, in order.
    ids: Vec<String>,
}

fn shape(text: &str) -> Shape {
    let found = markers(text);
    let styles = overrides(&found);
    let mut shape = Shape {
        ids: found.into_iter().filter_map(|m| m.id).collect(),
        ..Shape::default()
    };
    if !may_hold_lists(text) {
        return shape;
    }
    // Index in `shape.lists` of each open list.
    let mut open: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                shape.lists.push(ListShape {
                    depth: open.len(),
                    items: 0,
                    style: styles.get(&range.start).map(|(name, _)| name.clone()),
                });
                open.push(shape.lists.len() - 1);
            }
            Event::End(TagEnd::List(_)) => {
                open.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(&i) = open.last() {
                    shape.lists[i].items += 1;
                }
            }
            Event::Start(Tag::BlockQuote(_)) => shape.quotes += 1,
            _ => {}
        }
    }
    shape
}

/// Whether a line of `text` starts (after its indentation) as a list
/// item or a quotation does: every list and quotation has such a line,
/// so a text without one has neither, and needs no parsing for them.
/// A line may end in `\r` alone, as in CommonMark.
fn may_hold_lists(text: &str) -> bool {
    text.split(['\n', '\r']).any(|line| {
        line.trim_start_matches([' ', '\t'])
            .starts_with(|c: char| matches!(c, '-' | '*' | '+' | '>') || c.is_ascii_digit())
    })
}

/// Says how two shapes differ, in words, or `None` if they do not.
fn difference(a: &Shape, b: &Shape, la: &str, lb: &str) -> Option<String> {
    if a.lists.len() != b.lists.len() {
        return Some(format!(
            "the `{la}` text has {} list(s), the `{lb}` text {}",
            a.lists.len(),
            b.lists.len()
        ));
    }
    for (i, (x, y)) in a.lists.iter().zip(&b.lists).enumerate() {
        if x.depth != y.depth {
            return Some(format!(
                "list {} is nested at depth {} in `{la}` but {} in `{lb}`",
                i + 1,
                x.depth + 1,
                y.depth + 1
            ));
        }
        if x.style != y.style {
            let style = |s: &Option<String>| match s {
                Some(name) => format!("the style `{{.{name}}}`"),
                None => "the block's style".to_string(),
            };
            return Some(format!(
                "list {} has {} in `{la}` but {} in `{lb}`",
                i + 1,
                style(&x.style),
                style(&y.style)
            ));
        }
        if x.items != y.items {
            return Some(format!(
                "list {} has {} item(s) in `{la}` but {} in `{lb}`",
                i + 1,
                x.items,
                y.items
            ));
        }
    }
    if a.ids != b.ids {
        return Some(format!(
            "the list items have the ids [{}] in `{la}` but [{}] in `{lb}`",
            a.ids.join(", "),
            b.ids.join(", ")
        ));
    }
    if a.quotes != b.quotes {
        return Some(format!(
            "the `{la}` text has {} quotation(s), the `{lb}` text {}",
            a.quotes, b.quotes
        ));
    }
    None
}

/// How the structure of `twin` (in `lt`) differs from that of `original`
/// (in `lo`): lists, items, item ids, quotations; `None` if it does not.
pub fn structure_difference(original: &str, twin: &str, lo: &str, lt: &str) -> Option<String> {
    difference(&shape(original), &shape(twin), lo, lt)
}

/// Compares every text of the document with its twin in the first
/// declared language.
pub fn check_parity(input: &DocumentInput, diags: &mut Diagnostics) {
    let langs: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
    let Some((&source, others)) = langs.split_first() else {
        return;
    };
    let mut sets: Vec<&TextSet> = vec![&input.purpose, &input.action];
    for section in &input.sections {
        sets.extend(section.blocks.iter().map(|b| &b.texts));
    }
    for set in sets {
        let Some(original) = set.get(source) else {
            continue;
        };
        let original_shape = shape(&original.value);
        for lang in others {
            if let Some(twin) = set.get(lang) {
                compare(original, &original_shape, twin, diags);
            }
        }
    }
}

fn compare(original: &Text, original_shape: &Shape, twin: &Text, diags: &mut Diagnostics) {
    let twin_shape = shape(&twin.value);
    if let Some(what) = difference(original_shape, &twin_shape, &original.lang, &twin.lang) {
        diags.push(
            Diagnostic::error(
                twin.span_of(0..0),
                format!(
                    "the `{}` and `{}` texts differ in structure: {what}",
                    original.lang, twin.lang
                ),
            )
            .with_related(
                original.span_of(0..0),
                format!("the `{}` text", original.lang),
            )
            .with_note("every language must have the same lists, items and quotations"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A text that [`may_hold_lists`] passes over has no list and no
        /// quotation, whatever its containers, indentation and line ends.
        #[test]
        fn texts_passed_over_hold_no_lists(
            text in "(- |\\* |\\+ |1\\. |2\\) |> | {1,5}|\t|\n|\r|\r\n|a|\\{#a\\} |`|<b>|~~~|#){0,14}",
        ) {
            let lists_or_quotes = Parser::new_ext(&text, Options::empty()).any(|e| {
                matches!(e, Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)))
            });
            if !may_hold_lists(&text) {
                proptest::prop_assert!(!lists_or_quotes, "{:?}", text);
            }
        }
    }

    #[test]
    fn same_shape_whatever_the_words() {
        let en = shape("Topics:\n\n1. one\n2. two\n   - a\n   - b\n");
        let fr = shape("Thèmes :\n\n1. un\n2. deux\n   - a\n   - b\n");
        assert_eq!(difference(&en, &fr, "en", "fr"), None);
    }

    #[test]
    fn a_missing_item_is_named() {
        let en = shape("1. one\n2. two\n3. three\n");
        let fr = shape("1. un\n2. deux\n");
        assert_eq!(
            difference(&en, &fr, "en", "fr").unwrap(),
            "list 1 has 3 item(s) in `en` but 2 in `fr`"
        );
    }

    #[test]
    fn item_ids_are_found_and_compared() {
        let text = "Topics:\n\n1. {#a} one\n2. two {#not-an-id}\n3. {#c} three\n";
        let ids = super::super::list_style::item_ids(text);
        assert_eq!(
            ids.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(&text[ids[0].1.clone()], "{#a}");
        let en = shape("1. {#a} one\n2. {#b} two\n");
        let fr = shape("1. {#a} un\n2. {#c} deux\n");
        assert!(
            difference(&en, &fr, "en", "fr")
                .unwrap()
                .contains("ids [a, b]")
        );
    }

    /// A list's own style (`{.alpha}`) is part of its shape: `(b)` in
    /// English must not be `ii)` in French.
    #[test]
    fn list_styles_are_compared() {
        let en = shape("- {.alpha #a} one\n- two\n");
        let same = shape("- {#a .alpha} un\n- deux\n");
        assert_eq!(difference(&en, &same, "en", "fr"), None);
        let other = shape("- {.roman #a} un\n- deux\n");
        assert_eq!(
            difference(&en, &other, "en", "fr").unwrap(),
            "list 1 has the style `{.alpha}` in `en` but the style `{.roman}` in `fr`"
        );
        let none = shape("- {#a} un\n- deux\n");
        assert!(
            difference(&en, &none, "en", "fr")
                .unwrap()
                .ends_with("but the block's style in `fr`")
        );
    }

    #[test]
    fn nesting_is_compared() {
        let en = shape("- a\n  - b\n");
        let fr = shape("- a\n- b\n");
        assert!(
            difference(&en, &fr, "en", "fr")
                .unwrap()
                .contains("list(s)")
        );
        let en = shape("- a\n\n  > quoted\n");
        let fr = shape("- a\n");
        assert!(
            difference(&en, &fr, "en", "fr")
                .unwrap()
                .contains("quotation")
        );
    }
}
