//! What a placeholder reads in the source language, shown to translators
//! as its `disp`: a reference's text ("paragraph 4", "paragraphs 2 and
//! 5"), a fact's value ("239th/240th Sessions"). Taken from the built
//! document, so it is what a reader of the source reads.

use std::collections::BTreeMap;

use crate::diagnostics::{Sources, Span};
use crate::model::facts::Facts;
use crate::model::{Document, Flow, Inline};

/// The text of every reference and fact of a built document.
#[derive(Debug, Default)]
pub struct Displays {
    /// By target as written (`a,#b` for several parts) and bareness.
    refs: BTreeMap<(String, bool), String>,
    facts: Facts,
}

impl Displays {
    /// The displays of `doc`, built from inputs read into `sources`, whose
    /// facts in its language are `facts`.
    pub fn new(doc: &Document, sources: &Sources, facts: Facts) -> Displays {
        let mut out = Displays {
            refs: BTreeMap::new(),
            facts,
        };
        let mut add = |items: &[Inline]| inlines(items, sources, &mut out.refs);
        add(&doc.title);
        flows(&doc.purpose, &mut add);
        flows(&doc.action, &mut add);
        for s in &doc.sections {
            add(&s.title);
            s.blocks.iter().for_each(|b| flows(&b.content, &mut add));
        }
        out
    }

    /// What `[](#target)` (`[#](#target)` if `bare`) reads; the target
    /// itself if the document does not say.
    pub fn reference(&self, target: &str, bare: bool) -> String {
        self.refs
            .get(&(target.to_string(), bare))
            .cloned()
            .unwrap_or_else(|| format!("#{target}"))
    }

    /// What `{{name}}` reads; the name in braces if it is no fact.
    pub fn fact(&self, name: &str) -> String {
        self.facts
            .value(name)
            .map_or_else(|| format!("{{{{{name}}}}}"), str::to_string)
    }
}

fn flows(items: &[Flow], add: &mut impl FnMut(&[Inline])) {
    for f in items {
        match f {
            Flow::Para(i) => add(i),
            Flow::Quote(inner) => flows(inner, add),
            Flow::List(list) => list.items.iter().for_each(|item| flows(&item.content, add)),
        }
    }
}

/// The references of `items` by target as written. A reference to
/// several parts is several references in the model, written at one
/// place (one span) with the joining words between them: its text is
/// theirs and the words', its target as written is read at that place.
fn inlines(items: &[Inline], sources: &Sources, out: &mut BTreeMap<(String, bool), String>) {
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Inline::Ref(r) => {
                let end = group_end(items, i, &r.span);
                match written(sources, &r.span) {
                    Some((target, bare)) if target.contains(',') => {
                        out.insert((target, bare), Inline::plain(&items[i..=end]));
                        i = end;
                    }
                    // A piece of a group whose writing cannot be read
                    // ("paragraphs 4") is no reference's whole text.
                    _ if end > i => i = end,
                    _ => {
                        out.insert((r.target.clone(), r.bare), r.text.clone());
                    }
                }
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Superscript(c)
            | Inline::Link { content: c, .. } => inlines(c, sources, out),
            _ => {}
        }
        i += 1;
    }
}

/// The last reference written at `span` in the run of references and
/// words that starts at `start`.
fn group_end(items: &[Inline], start: usize, span: &Span) -> usize {
    let mut end = start;
    for (j, item) in items.iter().enumerate().skip(start + 1) {
        match item {
            Inline::Ref(r) if r.span == *span => end = j,
            Inline::Text(_) => {}
            _ => break,
        }
    }
    end
}

/// The target and bareness of the reference written at `span`:
/// `[#](#a,#b)` gives (`a,#b`, true), as the exchange's codes hold them.
fn written(sources: &Sources, span: &Span) -> Option<(String, bool)> {
    let text = sources.text(span.file).get(span.range.clone())?;
    let (inner, rest) = text.strip_prefix('[')?.split_once("](#")?;
    let target = rest.strip_suffix(')')?;
    Some((target.to_string(), inner == "#"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ref;

    fn reference(target: &str, text: &str, span: &Span) -> Inline {
        Inline::Ref(Ref {
            target: target.into(),
            anchor: String::new(),
            text: text.into(),
            bare: false,
            content: None,
            span: span.clone(),
        })
    }

    /// The model's pieces of `[](#a,#b,#c)` read as one text; a
    /// reference to one part beside it keeps its own.
    #[test]
    fn a_reference_to_several_parts_reads_as_its_pieces_and_words() {
        let mut sources = Sources::default();
        let source = "en = \"see [](#a,#b,#c) and [](#d)\"";
        let file = sources.add(std::path::Path::new("x.toml"), source.into());
        let group = Span::new(file, 10..22);
        let single = Span::new(file, 27..34);
        let items = [
            Inline::Text("see ".into()),
            reference("a", "paragraphs\u{a0}4", &group),
            Inline::Text(" to ".into()),
            reference("c", "6", &group),
            Inline::Text(" and ".into()),
            reference("d", "paragraph\u{a0}9", &single),
        ];
        let mut refs = BTreeMap::new();
        inlines(&items, &sources, &mut refs);
        assert_eq!(refs[&("a,#b,#c".into(), false)], "paragraphs\u{a0}4 to 6");
        assert_eq!(refs[&("d".into(), false)], "paragraph\u{a0}9");
        assert_eq!(refs.len(), 2);
        assert_eq!(written(&sources, &group), Some(("a,#b,#c".into(), false)));
        // Where the writing cannot be read, a piece gives no text of its
        // own: "paragraphs 4" is not what `[](#a)` reads.
        let unreadable = Span::new(file, 0..2);
        let items = [
            reference("a", "paragraphs\u{a0}4", &unreadable),
            Inline::Text(" and ".into()),
            reference("c", "6", &unreadable),
        ];
        let mut refs = BTreeMap::new();
        inlines(&items, &sources, &mut refs);
        assert!(refs.is_empty(), "{refs:?}");
    }
}
