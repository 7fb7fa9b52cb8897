//! What a reference by id leads to, and references to several parts at
//! once: `[](#a,#b)` reads "paragraphs 4 and 6", `[](#a,#b,#c)` with
//! consecutive numbers "paragraphs 4 to 6", items of one paragraph
//! "items (i) and (iv) of paragraph 8", in the locale's words.
//!
//! Such a reference becomes several references in the model, one per
//! number shown, each leading to its own target: the first holds the
//! noun ("paragraphs 4"), the last what follows the numbers ("(iv) of
//! paragraph 8"), and the joining words are text between them. Every
//! renderer links each number without knowing a group was written.

use std::collections::BTreeMap;

use super::{Inline, Ref};
use crate::diagnostics::Diagnostic;
use crate::locale::{Locale, fill};

/// What a reference by id can lead to.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub anchor: String,
    /// "paragraph 9"; `None` when the target has no number to show.
    pub text: Option<String>,
    /// "9", "(iv)", "III".
    pub bare: Option<String>,
    pub kind: TargetKind,
}

/// The part a target is, as a reference to several parts groups them.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TargetKind {
    /// Section `n` (from 1).
    Section(usize),
    Paragraph(u32),
    /// Item `index` (from 1) of the `list`-th list of the document with
    /// numbered items, in `paragraph` if it is in a numbered paragraph.
    Item {
        list: usize,
        index: usize,
        paragraph: Option<u32>,
    },
    /// A block or item with nothing to number it.
    Unnumbered,
}

/// The ids of a reference to several parts (`#a,#b` is written; the
/// parser keeps `a,#b`), or `None` for a reference to one part.
fn several(target: &str) -> Option<Vec<&str>> {
    let (first, rest) = target.split_once(',')?;
    let mut ids = vec![first.trim()];
    ids.extend(rest.split(',').map(|id| {
        let id = id.trim();
        id.strip_prefix('#').unwrap_or(id)
    }));
    Some(ids)
}

/// Whether a reference is to several parts, for [`expand`] to read.
pub(super) fn is_several(r: &Ref) -> bool {
    r.target.contains(',')
}

/// Replaces each reference to several parts in `inlines` (at any depth)
/// by one reference per number and the words between them.
pub(super) fn expand(
    inlines: &mut Vec<Inline>,
    targets: &BTreeMap<String, Target>,
    locale: &Locale,
    found: &mut Vec<Diagnostic>,
) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in std::mem::take(inlines) {
        match &mut inline {
            Inline::Ref(r) if is_several(r) => {
                match group(r, targets, locale, found) {
                    Some(pieces) => out.extend(pieces),
                    None => out.push(inline),
                }
                continue;
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Superscript(c)
            | Inline::Link { content: c, .. } => expand(c, targets, locale, found),
            Inline::Ref(Ref {
                content: Some(c), ..
            }) => expand(c, targets, locale, found),
            _ => {}
        }
        out.push(inline);
    }
    *inlines = out;
}

/// Where a number comes in its group: (list, place in it); consecutive
/// numbers are consecutive places of one list (paragraphs and sections
/// are one list).
type Order = (usize, usize);

/// One number shown: its text and the target it leads to.
#[derive(Clone)]
struct Number<'t> {
    id: &'t str,
    shown: String,
    target: &'t Target,
}

/// The parts of a group, numbered the same way and written with one
/// pattern: paragraphs, sections, or the items of one paragraph.
#[derive(PartialEq, Clone, Copy)]
enum GroupKey {
    Paragraphs,
    Sections,
    Items(Option<u32>),
}

/// The inlines of a reference to several parts, or `None` (and the
/// problems in `found`) if some part cannot be shown.
fn group(
    r: &Ref,
    targets: &BTreeMap<String, Target>,
    locale: &Locale,
    found: &mut Vec<Diagnostic>,
) -> Option<Vec<Inline>> {
    let ids = several(&r.target)?;
    let problems = found.len();
    if r.content.is_some() {
        found.push(
            Diagnostic::error(
                r.span.clone(),
                "a reference to several parts writes its own words",
            )
            .with_note("write [](#a,#b) for \"paragraphs 4 and 6\", [#](#a,#b) for \"4 and 6\""),
        );
    }
    let mut groups: Vec<(GroupKey, Vec<(Order, Number)>)> = Vec::new();
    for id in ids {
        let Some(target) = lookup(id, r, targets, found) else {
            continue;
        };
        let (key, order) = match target.kind {
            TargetKind::Paragraph(n) => (GroupKey::Paragraphs, (0, n as usize)),
            TargetKind::Section(n) => (GroupKey::Sections, (0, n)),
            TargetKind::Item {
                list,
                index,
                paragraph,
            } if paragraph.is_some() || r.bare => (GroupKey::Items(paragraph), (list, index)),
            _ => {
                found.push(Diagnostic::error(
                    r.span.clone(),
                    format!("`#{id}` has no number to show in a reference to several parts"),
                ));
                continue;
            }
        };
        let number = Number {
            id,
            shown: target.bare.clone().unwrap_or_default(),
            target,
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, numbers)) => numbers.push((order, number)),
            None => groups.push((key, vec![(order, number)])),
        }
    }
    if found.len() > problems {
        return None;
    }
    let words = &locale.references;
    let mut parts: Vec<Vec<Inline>> = Vec::new();
    for (key, mut numbers) in groups {
        numbers.sort_by_key(|(order, _)| *order);
        numbers.dedup_by_key(|(order, _)| *order);
        let pattern = match (key, numbers.len()) {
            _ if r.bare => "{}".to_string(),
            (GroupKey::Paragraphs, 1) => words.paragraph.clone(),
            (GroupKey::Paragraphs, _) => words.paragraphs.clone(),
            (GroupKey::Sections, 1) => words.section.clone(),
            (GroupKey::Sections, _) => words.sections.clone(),
            (GroupKey::Items(p), n) => {
                let pattern = if n == 1 { &words.item } else { &words.items };
                let p = p.map(|p| p.to_string()).unwrap_or_default();
                fill(pattern, &[("paragraph", &p)])
                    .replace("{item}", "{}")
                    .replace("{items}", "{}")
            }
        };
        parts.push(numbers_in(&pattern, &numbers, r, locale));
    }
    Some(joined(parts, locale))
}

/// The target of one id of a group, or an error at the reference.
fn lookup<'t>(
    id: &str,
    r: &Ref,
    targets: &'t BTreeMap<String, Target>,
    found: &mut Vec<Diagnostic>,
) -> Option<&'t Target> {
    let target = targets.get(id);
    if target.is_none() {
        let known: Vec<&str> = targets.keys().map(String::as_str).collect();
        let mut d = Diagnostic::error(
            r.span.clone(),
            format!("unknown reference `#{id}`: no section, paragraph or list item has this id"),
        );
        if id.is_empty() {
            d = d.with_note("write the ids of a reference to several parts as [](#a,#b)");
        } else if let Some(near) = crate::input::closest(id, &known) {
            d = d.with_note(format!("did you mean `#{near}`?"));
        }
        found.push(d);
    }
    target
}

/// The numbers of one group in `pattern` ("paragraphs {}"): runs of
/// three or more consecutive numbers as ranges, the rest listed; the
/// pattern's words before the numbers go with the first, those after
/// with the last.
fn numbers_in(pattern: &str, numbers: &[(Order, Number)], r: &Ref, locale: &Locale) -> Vec<Inline> {
    let (before, after) = pattern.split_once("{}").unwrap_or((pattern, ""));
    let mut elements: Vec<Vec<Inline>> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut end = i;
        let next = |k: usize| (numbers[k].0.0, numbers[k].0.1 + 1);
        while end + 1 < numbers.len() && numbers[end + 1].0 == next(end) {
            end += 1;
        }
        if end - i >= 2 {
            elements.push(vec![
                piece(&numbers[i].1, r),
                Inline::Text(locale.references.to.clone()),
                piece(&numbers[end].1, r),
            ]);
            i = end + 1;
        } else {
            elements.push(vec![piece(&numbers[i].1, r)]);
            i += 1;
        }
    }
    let mut inlines = joined(elements, locale);
    if let Some(Inline::Ref(first)) = inlines.first_mut() {
        first.text.insert_str(0, before);
    }
    if let Some(Inline::Ref(last)) = inlines.last_mut() {
        last.text.push_str(after);
    }
    inlines
}

/// A reference showing one number.
fn piece(n: &Number, r: &Ref) -> Inline {
    Inline::Ref(Ref {
        target: n.id.to_string(),
        anchor: n.target.anchor.clone(),
        text: n.shown.clone(),
        bare: r.bare,
        content: None,
        span: r.span.clone(),
    })
}

/// Parts joined as the language lists them: "a and b", "a, b and c".
fn joined(parts: Vec<Vec<Inline>>, locale: &Locale) -> Vec<Inline> {
    let count = parts.len();
    let mut out = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            let word = if i + 1 == count {
                &locale.references.and
            } else {
                &locale.references.comma
            };
            out.push(Inline::Text(word.clone()));
        }
        out.extend(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::locale::BUILTIN;

    fn locale(code: &str) -> Locale {
        Locale::parse(BUILTIN.iter().find(|(c, _)| *c == code).unwrap().1).unwrap()
    }

    fn targets() -> BTreeMap<String, Target> {
        let mut t = BTreeMap::new();
        for n in 1..=9u32 {
            t.insert(
                format!("p{n}"),
                Target {
                    anchor: format!("para-{n}"),
                    text: Some(format!("paragraph {n}")),
                    bare: Some(n.to_string()),
                    kind: TargetKind::Paragraph(n),
                },
            );
        }
        for (index, id) in ["i1", "i2", "i3", "i4"].iter().enumerate() {
            t.insert(
                id.to_string(),
                Target {
                    anchor: format!("item-{id}"),
                    text: None,
                    bare: Some(format!(
                        "({})",
                        crate::locale::roman(index + 1).to_lowercase()
                    )),
                    kind: TargetKind::Item {
                        list: 1,
                        index: index + 1,
                        paragraph: Some(8),
                    },
                },
            );
        }
        t
    }

    /// What the reference reads, and the anchor of each linked part.
    fn read(target: &str, bare: bool, code: &str) -> (String, Vec<String>, Vec<String>) {
        let r = Ref {
            target: target.to_string(),
            anchor: String::new(),
            text: String::new(),
            bare,
            content: None,
            span: Span::new(0, 0..0),
        };
        let mut inlines = vec![Inline::Ref(r)];
        let mut found = Vec::new();
        expand(&mut inlines, &targets(), &locale(code), &mut found);
        let anchors = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Ref(r) => Some(r.anchor.clone()),
                _ => None,
            })
            .collect();
        let text = Inline::plain(&inlines).replace('\u{a0}', " ");
        (
            text,
            anchors,
            found.into_iter().map(|d| d.message).collect(),
        )
    }

    #[test]
    fn plural_forms_lists_and_ranges() {
        let cases = [
            ("p4,#p6", "en", "paragraphs 4 and 6"),
            ("p4,#p6", "fr", "paragraphes 4 et 6"),
            ("p4,#p6,#p9", "en", "paragraphs 4, 6 and 9"),
            ("p4,#p5,#p6", "en", "paragraphs 4 to 6"),
            ("p6,#p4,#p5", "fr", "paragraphes 4 à 6"),
            ("p4,#p5", "en", "paragraphs 4 and 5"),
            (
                "p1,#p2,#p3,#p5,#p7,#p8,#p9",
                "en",
                "paragraphs 1 to 3, 5 and 7 to 9",
            ),
            ("i1,#i4", "en", "items (i) and (iv) of paragraph 8"),
            ("i1,#i4", "fr", "points (i) et (iv) du paragraphe 8"),
            ("i1,#i2,#i3", "en", "items (i) to (iii) of paragraph 8"),
            ("p4,#i2", "en", "paragraph 4 and item (ii) of paragraph 8"),
        ];
        for (target, code, expected) in cases {
            let (text, _, errors) = read(target, false, code);
            assert!(errors.is_empty(), "{target}: {errors:?}");
            assert_eq!(text, expected, "{target} in {code}");
        }
        assert_eq!(read("p4,#p6", true, "en").0, "4 and 6");
    }

    #[test]
    fn each_number_links_to_its_target() {
        let (_, anchors, _) = read("p4,#p6,#p9", false, "en");
        assert_eq!(anchors, ["para-4", "para-6", "para-9"]);
        let (_, anchors, _) = read("p4,#p5,#p6", false, "en");
        assert_eq!(anchors, ["para-4", "para-6"]);
        let (_, anchors, _) = read("i1,#i4", false, "en");
        assert_eq!(anchors, ["item-i1", "item-i4"]);
    }

    #[test]
    fn an_unknown_id_is_named() {
        let (_, _, errors) = read("p4,#nowhere", false, "en");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("unknown reference `#nowhere`"),
            "{errors:?}"
        );
    }
}
