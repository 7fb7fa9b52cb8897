//! The markers that may start a list item, and the style of each list.
//!
//! `{#id}` gives the item an id; `{.alpha}` on the first item of a list
//! sets that list's style alone, in place of the block's `lists` for its
//! depth; `{.alpha #id}` and `{#id .alpha}` do both. [`markers`] is the
//! one reading of them, used by the parser (which strips them), by parity
//! (which compares ids and styles between languages) and by the
//! duplicate-id check.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostics::Diagnostic;
use crate::input::{ListStyle, Located, Text};

/// One marker, `{.alpha #phase-iv}`, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The whole marker, braces included, in bytes of the text.
    pub range: Range<usize>,
    /// The id as written; [`crate::input::Id::new`] says if it is valid.
    pub id: Option<String>,
    /// The style name as written, and where (`.alpha`).
    pub style: Option<(String, Range<usize>)>,
    /// Where the list starts whose first item this marker begins; `None`
    /// for a later item, where a style has no list to set.
    pub list_start: Option<usize>,
    /// Parts that are neither an id nor a style, or a second id or style.
    pub stray: Vec<(String, Range<usize>)>,
}

/// The markers that start list items, in order. A marker is the first
/// thing in its item, `{` then `#` or `.`, up to the first `}`.
pub fn markers(text: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    // Every marker starts so: a text without either has none, and needs
    // no parsing for them.
    if !text.contains("{#") && !text.contains("{.") {
        return out;
    }
    // The list whose first item is being read, if it is the first.
    let mut list_just_opened = None;
    let mut item_start: Option<Option<usize>> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        let opened = list_just_opened.take();
        match event {
            Event::Start(Tag::List(_)) => list_just_opened = Some(range.start),
            Event::Start(Tag::Item) => item_start = Some(opened),
            Event::Start(Tag::Paragraph) => {}
            Event::Text(_) if item_start.is_some() => {
                let list_start = item_start.take().flatten();
                // The marker is read from the source, not from the event:
                // pulldown-cmark splits a text run where emphasis might open
                // (`{#a_b_}` arrives as "{#a", "_b", "_}"), and such a marker
                // must still be found, to be refused as an id.
                let line = text[range.start..].lines().next().unwrap_or("");
                // `\{#a}` is the text "{#a}", as written.
                let escaped = text[..range.start].ends_with('\\');
                if let Some(m) = marker(line, range.start, list_start).filter(|_| !escaped) {
                    out.push(m);
                }
            }
            _ => item_start = None,
        }
    }
    out
}

/// Reads the marker `line` (at `at` in the text) begins with, if any.
fn marker(line: &str, at: usize, list_start: Option<usize>) -> Option<Marker> {
    if !(line.starts_with("{#") || line.starts_with("{.")) {
        return None;
    }
    let close = line.find('}')?;
    let mut m = Marker {
        range: at..at + close + 1,
        id: None,
        style: None,
        list_start,
        stray: Vec::new(),
    };
    let inner = &line[1..close];
    let mut pos = 0;
    for part in inner.split(' ') {
        let start = at + 1 + pos;
        pos += part.len() + 1;
        let range = start..start + part.len();
        match (part.strip_prefix('#'), part.strip_prefix('.')) {
            _ if part.is_empty() => {}
            (Some(id), _) if m.id.is_none() => m.id = Some(id.to_string()),
            (_, Some(style)) if m.style.is_none() => m.style = Some((style.to_string(), range)),
            _ => m.stray.push((part.to_string(), range)),
        }
    }
    Some(m)
}

/// The item ids of a text with the range of their markers.
pub fn item_ids(text: &str) -> Vec<(String, Range<usize>)> {
    markers(text)
        .into_iter()
        .filter_map(|m| Some((m.id?, m.range)))
        .collect()
}

/// Where each marker is, braces included: what a text holds besides its
/// words at the start of an item, the same in every language.
pub fn marker_ranges(text: &str) -> Vec<Range<usize>> {
    markers(text).into_iter().map(|m| m.range).collect()
}

/// The style written for each list, by where the list starts.
pub fn overrides(markers: &[Marker]) -> BTreeMap<usize, (String, Range<usize>)> {
    markers
        .iter()
        .filter_map(|m| Some((m.list_start?, m.style.clone()?)))
        .collect()
}

/// Problems of a marker that do not depend on its list: a style on an
/// item other than the first, parts that are neither id nor style.
pub fn marker_problems(m: &Marker, text: &Text) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let (Some((name, range)), None) = (&m.style, m.list_start) {
        found.push(
            Diagnostic::error(
                text.span_of(range.clone()),
                format!("the list style `.{name}` is on an item other than the first of its list"),
            )
            .with_note("a style marker sets its list's style: put it on the list's first item"),
        );
    }
    for (part, range) in &m.stray {
        found.push(
            Diagnostic::error(
                text.span_of(range.clone()),
                format!("`{part}` in an item marker is neither an id nor a list style"),
            )
            .with_note("write `{#id}`, `{.style}` or both, as in `{.alpha #my-id}`, once each"),
        );
    }
    found
}

/// The style of a list opening at `list` in `text`: the style its first
/// item names, else the block's style for its depth (`default`), else
/// the plain style of the Markdown list. A style needing the other kind
/// of Markdown list than the one written is an error.
pub fn choose(
    default: Option<&Located<ListStyle>>,
    written: Option<&(String, Range<usize>)>,
    ordered: bool,
    list: Range<usize>,
    text: &Text,
    found: &mut Vec<Diagnostic>,
) -> ListStyle {
    let mismatch = |style: ListStyle, at: Range<usize>| {
        let (wanted, kind) = if style.is_ordered() {
            ("a numbered list (1. 2. 3.)", "a bullet list (-)")
        } else {
            ("a bullet list (-)", "a numbered list (1. 2. 3.)")
        };
        Diagnostic::error(
            text.span_of(at),
            format!(
                "list style `{}` needs {wanted} in the Markdown, but this is {kind}",
                style.name()
            ),
        )
    };
    if let Some((name, range)) = written {
        match ListStyle::parse(name) {
            Some(style) => {
                if style.is_ordered() != ordered {
                    found.push(mismatch(style, range.clone()));
                }
                return style;
            }
            None => found.push(Diagnostic::error(
                text.span_of(range.clone()),
                format!(
                    "unknown list style `{name}` (expected one of: {})",
                    ListStyle::NAMES.join(", ")
                ),
            )),
        }
    }
    match default {
        Some(s) if s.value.is_ordered() == ordered => s.value,
        Some(s) => {
            let d = mismatch(s.value, list.start..list.start + 1)
                .with_related(s.span.clone(), "style given here");
            found.push(d);
            s.value
        }
        None if ordered => ListStyle::Decimal,
        None => ListStyle::Bullet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_styles_are_read_in_either_order() {
        let text = "- {.alpha #a} one\n- {#b} two\n\n1. {#c .roman} three\n2. {.dash} four\n";
        let found = markers(text);
        let read: Vec<_> = found
            .iter()
            .map(|m| {
                (
                    m.id.as_deref(),
                    m.style
                        .as_ref()
                        .map(|(s, r)| (s.as_str(), &text[r.clone()])),
                    m.list_start.is_some(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (Some("a"), Some(("alpha", ".alpha")), true),
                (Some("b"), None, false),
                (Some("c"), Some(("roman", ".roman")), true),
                (None, Some(("dash", ".dash")), false),
            ]
        );
        assert_eq!(&text[found[0].range.clone()], "{.alpha #a}");
        assert_eq!(
            item_ids(text)
                .iter()
                .map(|(i, _)| i.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    /// A style belongs to the list its item is the first of, not to a
    /// list around it or inside it.
    #[test]
    fn a_style_sets_the_list_of_its_first_item() {
        let text = "- outer\n  - {.dash} inner\n  - more\n- {.alpha} late\n";
        let found = markers(text);
        let by_list = overrides(&found);
        assert_eq!(by_list.len(), 1);
        let (&start, (name, _)) = by_list.iter().next().unwrap();
        assert_eq!(name, "dash");
        assert!(text[start..].starts_with("- {.dash}"), "{start}");
        assert_eq!(found[1].list_start, None);
    }

    #[test]
    fn a_backslash_makes_a_marker_text() {
        assert_eq!(markers("- \\{.NET} is a framework\n- \\{#a} too\n"), []);
    }

    #[test]
    fn other_parts_are_stray() {
        let found = markers("- {#a #b .x y} one\n- {not a marker}\n");
        assert_eq!(found.len(), 1);
        let stray: Vec<&str> = found[0].stray.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(stray, ["#b", "y"]);
        assert_eq!(found[0].id.as_deref(), Some("a"));
    }
}
