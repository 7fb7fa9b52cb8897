//! The last typographic pass over the model, once references have their
//! text: ties (no-break spaces) and superscript ordinals, found by
//! [`crate::locale::ties`] in each paragraph as a reader sees it (across
//! emphasis, links and references) and applied only to the text authors
//! wrote. Code, a link shown as its own address and a reference's
//! generated words are read for context but never changed (a generated
//! reference is tied by its locale pattern).

use super::{Document, Flow, Inline};
use crate::locale::ties::{self, Edit, OBJECT};
use crate::locale::{Locale, Spacing};

pub struct Typesetter<'l> {
    locale: &'l Locale,
    spacing: Spacing,
}

/// A paragraph's text flattened: its characters, and for each the text
/// leaf (by order) and index in it that holds it, if it may change.
#[derive(Default)]
struct Flat {
    chars: Vec<char>,
    owner: Vec<Option<(usize, usize)>>,
    leaves: usize,
}

/// Whether an inline is shown as it is and never changed: code, and a
/// link that shows its own address.
fn fixed(inline: &Inline) -> bool {
    match inline {
        Inline::Code(_) => true,
        Inline::Link { url, content } => {
            let shown = Inline::plain(content);
            shown == *url || url.strip_prefix("mailto:") == Some(&shown)
        }
        _ => false,
    }
}

impl Flat {
    fn of(inlines: &[Inline]) -> Flat {
        // Sized once: a paragraph pushed character by character grew its
        // two vectors six or seven times each.
        let most = Flat::most_chars(inlines);
        let mut flat = Flat {
            chars: Vec::with_capacity(most),
            owner: Vec::with_capacity(most),
            leaves: 0,
        };
        flat.read(inlines);
        flat
    }

    /// At least as many characters as [`Flat::read`] pushes for `inlines`
    /// (their text's bytes).
    fn most_chars(inlines: &[Inline]) -> usize {
        (inlines.iter())
            .map(|inline| match inline {
                _ if fixed(inline) => 1,
                Inline::Text(t) => t.len(),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Superscript(c)
                | Inline::Revised { content: c, .. }
                | Inline::Link { content: c, .. } => Flat::most_chars(c),
                Inline::Ref(r) => match &r.content {
                    Some(c) => Flat::most_chars(c),
                    None => r.text.len(),
                },
                Inline::Break => 1,
                Inline::Code(_) => 0,
            })
            .sum()
    }

    fn read(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            if fixed(inline) {
                self.push_fixed(&[OBJECT]);
                continue;
            }
            match inline {
                Inline::Text(t) => {
                    let leaf = self.leaves;
                    self.leaves += 1;
                    for (k, c) in t.chars().enumerate() {
                        self.chars.push(c);
                        self.owner.push(Some((leaf, k)));
                    }
                }
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Superscript(c)
                | Inline::Revised { content: c, .. }
                | Inline::Link { content: c, .. } => self.read(c),
                Inline::Ref(r) => match &r.content {
                    Some(c) => self.read(c),
                    None => self.push_fixed(&r.text.chars().collect::<Vec<_>>()),
                },
                Inline::Break => self.push_fixed(&['\n']),
                Inline::Code(_) => {}
            }
        }
    }

    fn push_fixed(&mut self, chars: &[char]) {
        self.chars.extend_from_slice(chars);
        self.owner.extend(chars.iter().map(|_| None));
    }
}

/// Calls `f` on each text leaf of `inlines` that [`Flat`] numbers, in the
/// same order, with its number; `f` returns what replaces the leaf.
fn map_leaves(
    inlines: Vec<Inline>,
    next: &mut usize,
    f: &mut impl FnMut(usize, String) -> Vec<Inline>,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if fixed(&inline) {
            out.push(inline);
            continue;
        }
        match inline {
            Inline::Text(t) => {
                let leaf = *next;
                *next += 1;
                out.extend(f(leaf, t));
            }
            Inline::Emph(c) => out.push(Inline::Emph(map_leaves(c, next, f))),
            Inline::Strong(c) => out.push(Inline::Strong(map_leaves(c, next, f))),
            Inline::Superscript(c) => out.push(Inline::Superscript(map_leaves(c, next, f))),
            Inline::Link { url, content } => out.push(Inline::Link {
                url,
                content: map_leaves(content, next, f),
            }),
            Inline::Revised { revision, content } => out.push(Inline::Revised {
                revision,
                content: map_leaves(content, next, f),
            }),
            Inline::Ref(mut r) => {
                r.content = r.content.map(|c| map_leaves(c, next, f));
                out.push(Inline::Ref(r));
            }
            other => out.push(other),
        }
    }
    out
}

impl<'l> Typesetter<'l> {
    pub fn new(locale: &'l Locale, spacing: Spacing) -> Self {
        Typesetter { locale, spacing }
    }

    /// A text the tool writes (sessions, dates), with its ties and
    /// superscripts.
    pub fn text(&self, text: &str) -> Vec<Inline> {
        if text.is_empty() {
            return Vec::new();
        }
        let mut inlines = vec![Inline::Text(text.to_string())];
        self.inlines(&mut inlines);
        inlines
    }

    /// Every text of the document: title, summary, section titles, blocks.
    pub fn document(&self, doc: &mut Document) {
        self.inlines(&mut doc.title);
        self.flows(&mut doc.purpose);
        self.flows(&mut doc.action);
        for section in &mut doc.sections {
            self.inlines(&mut section.title);
            for block in &mut section.blocks {
                self.flows(&mut block.content);
            }
        }
    }

    pub fn flows(&self, flows: &mut [Flow]) {
        for flow in flows {
            match flow {
                Flow::Para(inlines) => self.inlines(inlines),
                Flow::Quote(inner) => self.flows(inner),
                Flow::List(list) => {
                    for item in &mut list.items {
                        self.flows(&mut item.content);
                    }
                }
            }
        }
    }

    /// One paragraph: ties first, then ordinals in the tied text.
    pub fn inlines(&self, inlines: &mut Vec<Inline>) {
        let mut flat = Flat::of(inlines);
        let edits = ties::ties(&flat.chars, self.locale, self.spacing);
        if !edits.is_empty() {
            apply_edits(inlines, &flat, &edits);
            flat = Flat::of(inlines);
        }
        if !self.locale.ordinal.superscript {
            // No ordinal is raised (`ties::ordinals` finds none).
            return;
        }
        let ordinals = ties::ordinals(&flat.chars, self.locale);
        if !ordinals.is_empty() {
            raise(inlines, &flat, &ordinals);
        }
    }
}

/// Applies edits to the leaves that hold the characters they are at;
/// an edit at a fixed character is dropped.
fn apply_edits(inlines: &mut Vec<Inline>, flat: &Flat, edits: &[Edit]) {
    let mut by_leaf: Vec<Vec<(usize, Edit)>> = vec![Vec::new(); flat.leaves];
    for &edit in edits {
        if let Some(Some((leaf, k))) = flat.owner.get(edit.at()) {
            by_leaf[*leaf].push((*k, edit));
        }
    }
    let mut next = 0;
    let taken = std::mem::take(inlines);
    *inlines = map_leaves(taken, &mut next, &mut |leaf, text| {
        let edits = &by_leaf[leaf];
        if edits.is_empty() {
            return vec![Inline::Text(text)];
        }
        let mut out = String::with_capacity(text.len() + 4 * edits.len());
        let mut pending = edits.iter().peekable();
        for (k, c) in text.chars().enumerate() {
            let mut replaced = None;
            while let Some((_, edit)) = pending.next_if(|(at, _)| *at == k) {
                match *edit {
                    Edit::Insert(_, ch) => out.push(ch),
                    Edit::Replace(_, ch) => replaced = Some(ch),
                }
            }
            out.push(replaced.unwrap_or(c));
        }
        vec![Inline::Text(out)]
    });
}

/// Sets the ordinal suffixes found as superscripts, splitting the leaves
/// that hold them; a suffix whose number is in another leaf ("**32**e")
/// is left as it is.
fn raise(inlines: &mut Vec<Inline>, flat: &Flat, ordinals: &[std::ops::Range<usize>]) {
    let mut by_leaf: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); flat.leaves];
    for range in ordinals {
        let number = range.start.checked_sub(1).and_then(|p| flat.owner[p]);
        let first = flat.owner[range.start];
        let last = flat.owner[range.end - 1];
        if let (Some((a, _)), Some((b, start)), Some((c, end))) = (number, first, last)
            && a == b
            && b == c
        {
            by_leaf[b].push(start..end + 1);
        }
    }
    let mut next = 0;
    let taken = std::mem::take(inlines);
    *inlines = map_leaves(taken, &mut next, &mut |leaf, text| {
        let ranges = &by_leaf[leaf];
        if ranges.is_empty() {
            return vec![Inline::Text(text)];
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut from = 0;
        for r in ranges {
            if r.start > from {
                out.push(Inline::Text(chars[from..r.start].iter().collect()));
            }
            let suffix = chars[r.clone()].iter().collect();
            out.push(Inline::Superscript(vec![Inline::Text(suffix)]));
            from = r.end;
        }
        if from < chars.len() {
            out.push(Inline::Text(chars[from..].iter().collect()));
        }
        out
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::BUILTIN;

    fn locale(code: &str) -> Locale {
        Locale::parse(BUILTIN.iter().find(|(c, _)| *c == code).unwrap().1).unwrap()
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.to_string())
    }

    fn sup(t: &str) -> Inline {
        Inline::Superscript(vec![text(t)])
    }

    #[test]
    fn generated_sessions_and_dates_take_superscripts_in_french() {
        let fr = locale("fr");
        let t = Typesetter::new(&fr, Spacing::French);
        assert_eq!(
            t.text(&fr.sessions(&[227, 228])),
            [
                text("227"),
                sup("e"),
                text("/228"),
                sup("e"),
                text(" sessions")
            ]
        );
        assert_eq!(
            t.text("Bruxelles, le 1er\u{a0}juillet\u{a0}2020."),
            [
                text("Bruxelles, le 1"),
                sup("er"),
                text("\u{a0}juillet\u{a0}2020.")
            ]
        );
        let en = locale("en");
        let t = Typesetter::new(&en, Spacing::None);
        assert_eq!(
            t.text(&en.sessions(&[227, 228])),
            [text("227th/228th Sessions")]
        );
    }

    /// A tie across inlines ("paragraph " then a bare reference) lands in
    /// the text the author wrote; code and addresses shown as links stay
    /// as they are.
    #[test]
    fn ties_cross_inlines_but_not_into_code_or_addresses() {
        let en = locale("en");
        let t = Typesetter::new(&en, Spacing::None);
        let mut r = crate::model::Ref {
            target: "x".into(),
            anchor: "para-6".into(),
            text: "6".into(),
            bare: true,
            content: None,
            span: crate::diagnostics::Span::new(0, 0..0),
        };
        let mut inlines = vec![text("see paragraph "), Inline::Ref(r.clone())];
        t.inlines(&mut inlines);
        assert_eq!(inlines[0], text("see paragraph\u{a0}"));
        r.text = "paragraph\u{a0}6".into();
        let mut inlines = vec![
            Inline::Strong(vec![text("Part")]),
            text(" 2 and "),
            Inline::Code("Part 2".into()),
            text(" "),
            Inline::Link {
                url: "https://x.org/a 2".into(),
                content: vec![text("https://x.org/a 2")],
            },
        ];
        t.inlines(&mut inlines);
        assert_eq!(inlines[1], text("\u{a0}2 and "));
        assert_eq!(inlines[2], Inline::Code("Part 2".into()));
        assert_eq!(
            inlines[4],
            Inline::Link {
                url: "https://x.org/a 2".into(),
                content: vec![text("https://x.org/a 2")],
            }
        );
    }

    /// A flattened paragraph fits the room made for it: every kind of
    /// inline, accents (fewer characters than bytes) and a generated
    /// reference's words.
    #[test]
    fn a_flat_paragraph_is_sized_once() {
        let r = crate::model::Ref {
            target: "x".into(),
            anchor: "para-6".into(),
            text: "paragraphe 6".into(),
            bare: true,
            content: None,
            span: crate::diagnostics::Span::new(0, 0..0),
        };
        let inlines = vec![
            text("Délégués "),
            Inline::Emph(vec![text("é"), Inline::Strong(vec![text("x")])]),
            Inline::Ref(r.clone()),
            Inline::Ref(crate::model::Ref {
                content: Some(vec![text("ce paragraphe")]),
                ..r
            }),
            Inline::Break,
            Inline::Code("f(x)".into()),
            Inline::Link {
                url: "https://wcoomd.org".into(),
                content: vec![text("https://wcoomd.org")],
            },
            Inline::Superscript(vec![text("e")]),
        ];
        let flat = Flat::of(&inlines);
        assert_eq!(flat.chars.len(), flat.owner.len());
        assert!(flat.chars.len() <= Flat::most_chars(&inlines));
        assert_eq!(flat.chars.capacity(), Flat::most_chars(&inlines));
    }

    #[test]
    fn authors_french_ordinals_are_raised_in_emphasis_too() {
        let fr = locale("fr");
        let t = Typesetter::new(&fr, Spacing::French);
        let mut inlines = vec![text("la "), Inline::Emph(vec![text("32e session")])];
        t.inlines(&mut inlines);
        assert_eq!(
            inlines,
            [
                text("la "),
                Inline::Emph(vec![text("32"), sup("e"), text(" session")])
            ]
        );
        // The number in one inline, the suffix in another: left alone.
        let mut inlines = vec![Inline::Strong(vec![text("32")]), text("e session")];
        let before = inlines.clone();
        t.inlines(&mut inlines);
        assert_eq!(inlines, before);
    }
}
