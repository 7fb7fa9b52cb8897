//! Matching two versions of a document by structure, and marking what
//! changed in the new one.
//!
//! Sections are matched by id; blocks and list items by id, then, for
//! those without one, by their place in the sequence of texts (a longest
//! common subsequence of their texts) and, where texts differ, by how
//! alike they are. Texts are compared with references as their targets,
//! so a paragraph whose only change is its number (or a number it
//! refers to) is not a change. What was removed is kept where it stood,
//! marked deleted, with anchors that cannot collide with the new ones.

use std::collections::{BTreeMap, BTreeSet};

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::words::{self, likeness, text_key};
pub use crate::model::Counts;
use crate::model::{Block, Flow, Inline, List, ListItem, Revision, Section};

/// One step of an alignment: a pair, or one side alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    Both(usize, usize),
    Old(usize),
    New(usize),
}

/// Least likeness for two texts without ids to be one text changed
/// rather than one removed and another added.
const ALIKE: f32 = 0.5;

/// Most pairs of texts compared for likeness in one stretch: beyond it
/// (two unrelated documents) the stretch is removed and added whole rather
/// than compared pair by pair.
const MOST_COMPARED: usize = 40_000;

/// Aligns two sequences by their keys; in a stretch where they differ,
/// pairs in order what `likeness` says is the same thing changed (`None`:
/// never the same, e.g. two different ids).
pub fn align(
    old: &[String],
    new: &[String],
    likeness: impl Fn(usize, usize) -> Option<f32>,
) -> Vec<Pair> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        let (o, n) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            out.extend(o.zip(n).map(|(i, j)| Pair::Both(i, j)));
            continue;
        }
        let mut next_new = n.start;
        let mut next_old = o.start;
        let compared = o.len().saturating_mul(n.len());
        for i in o.clone().filter(|_| compared <= MOST_COMPARED) {
            let best = (next_new..n.end)
                .filter_map(|j| likeness(i, j).map(|l| (j, l)))
                .filter(|&(_, l)| l >= ALIKE)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((j, _)) = best {
                out.extend((next_old..i).map(Pair::Old));
                out.extend((next_new..j).map(Pair::New));
                out.push(Pair::Both(i, j));
                next_old = i + 1;
                next_new = j + 1;
            }
        }
        out.extend((next_old..o.end).map(Pair::Old));
        out.extend((next_new..n.end).map(Pair::New));
    }
    out
}

/// The key of flows: their texts, references as targets.
fn flows_key(flows: &[Flow]) -> String {
    let mut key = String::new();
    for f in flows {
        match f {
            Flow::Para(inlines) => key.push_str(&text_key(inlines)),
            Flow::Quote(inner) => key.push_str(&format!("Q[{}]", flows_key(inner))),
            Flow::List(list) => {
                key.push_str(&format!("L{}[", list.style.name()));
                for item in &list.items {
                    key.push_str(&item_key(item));
                }
                key.push(']');
            }
        }
        key.push('\u{4}');
    }
    key
}

fn item_key(item: &ListItem) -> String {
    match &item.id {
        Some(id) => format!("id:{id}"),
        None => format!("I[{}]", flows_key(&item.content)),
    }
}

fn block_key(block: &Block) -> String {
    match &block.id {
        Some(id) => format!("id:{id}"),
        None => format!("{:?}:{}", block.kind, flows_key(&block.content)),
    }
}

/// Two ids that may belong to one thing: equal, or one of them absent.
fn ids_agree<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// The redline of one language: the new document, marked.
pub struct Differ {
    pub counts: Counts,
    /// Old anchors of paragraphs and what they are in the redline, for
    /// references in deleted text.
    anchors: BTreeMap<String, String>,
    /// Anchors the new document uses: a removed item keeps its own only
    /// when it is free.
    new_anchors: BTreeSet<String>,
}

impl Differ {
    /// A differ for the new version's sections.
    pub fn new(new: &[Section]) -> Differ {
        let mut new_anchors = BTreeSet::new();
        for s in new {
            new_anchors.insert(s.anchor.clone());
            for b in &s.blocks {
                new_anchors.extend(b.anchor.clone());
                collect_item_anchors(&b.content, &mut new_anchors);
            }
        }
        Differ {
            counts: Counts::default(),
            anchors: BTreeMap::new(),
            new_anchors,
        }
    }

    /// Sections of the redline: matched by id, removed ones where they
    /// stood.
    pub fn sections(&mut self, old: &[Section], new: &[Section]) -> Vec<Section> {
        let keys = |s: &[Section]| s.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let pairs = align(&keys(old), &keys(new), |_, _| None);
        let mut out = Vec::new();
        for pair in pairs {
            out.push(match pair {
                Pair::Both(i, j) => self.section(&old[i], &new[j]),
                Pair::Old(i) => {
                    self.counts.removed += old[i].blocks.len();
                    let s = &old[i];
                    // A section moved is removed here and added there: the
                    // removed copy takes an anchor no section can have (a
                    // section name starts with a letter).
                    let anchor = if self.new_anchors.contains(&s.anchor) {
                        format!("{}0-removed-{}", crate::input::names::SECTION_ANCHOR, s.id)
                    } else {
                        s.anchor.clone()
                    };
                    Section {
                        anchor,
                        title: Revision::Deleted.mark(s.title.clone()),
                        blocks: s.blocks.iter().map(|b| self.removed_block(b)).collect(),
                        ..s.clone()
                    }
                }
                Pair::New(j) => {
                    self.counts.added += new[j].blocks.len();
                    let s = &new[j];
                    Section {
                        title: Revision::Inserted.mark(s.title.clone()),
                        blocks: s.blocks.iter().map(added_block).collect(),
                        ..s.clone()
                    }
                }
            });
        }
        out
    }

    fn section(&mut self, old: &Section, new: &Section) -> Section {
        let title = match words::diff(&old.title, &new.title) {
            Some(marked) => {
                self.counts.changed += 1;
                marked
            }
            None => new.title.clone(),
        };
        let keys = |b: &[Block]| b.iter().map(block_key).collect::<Vec<_>>();
        let pairs = align(&keys(&old.blocks), &keys(&new.blocks), |i, j| {
            let (a, b) = (&old.blocks[i], &new.blocks[j]);
            (a.kind == b.kind && ids_agree(&a.id, &b.id))
                .then(|| likeness(&Flow::plain(&a.content), &Flow::plain(&b.content)))
        });
        let mut blocks = Vec::new();
        for pair in pairs {
            blocks.push(match pair {
                Pair::Both(i, j) => self.block(&old.blocks[i], &new.blocks[j]),
                Pair::Old(i) => {
                    self.counts.removed += 1;
                    self.removed_block(&old.blocks[i])
                }
                Pair::New(j) => {
                    self.counts.added += 1;
                    added_block(&new.blocks[j])
                }
            });
        }
        Section {
            title,
            blocks,
            ..new.clone()
        }
    }

    fn block(&mut self, old: &Block, new: &Block) -> Block {
        if let (Some(a), Some(b)) = (&old.anchor, &new.anchor) {
            self.anchors.insert(a.clone(), b.clone());
        }
        let (content, changed) = self.flows(&old.content, &new.content);
        if changed {
            self.counts.changed += 1;
        }
        Block {
            content,
            ..new.clone()
        }
    }

    /// A removed block, kept with its old number: a numbered paragraph's
    /// anchor becomes `para-removed-N`, which no new paragraph has.
    fn removed_block(&mut self, old: &Block) -> Block {
        let anchor = match (old.number, &old.anchor) {
            (Some(n), Some(a)) => {
                let renamed = format!("{}removed-{n}", crate::input::names::PARAGRAPH_ANCHOR);
                self.anchors.insert(a.clone(), renamed.clone());
                Some(renamed)
            }
            (_, a) => a.clone().filter(|a| !self.new_anchors.contains(a)),
        };
        Block {
            anchor,
            content: self.removed_flows(&old.content),
            ..old.clone()
        }
    }

    fn removed_flows(&self, flows: &[Flow]) -> Vec<Flow> {
        let mut flows = Revision::Deleted.mark_flows(flows);
        drop_taken_anchors(&mut flows, &self.new_anchors);
        flows
    }

    /// The new flows marked against the old; whether their own texts
    /// changed (items count for themselves).
    pub fn flows(&mut self, old: &[Flow], new: &[Flow]) -> (Vec<Flow>, bool) {
        let keys = |f: &[Flow]| {
            f.iter()
                .map(|f| flows_key(std::slice::from_ref(f)))
                .collect::<Vec<_>>()
        };
        let pairs = align(&keys(old), &keys(new), |i, j| {
            (std::mem::discriminant(&old[i]) == std::mem::discriminant(&new[j])).then(|| {
                likeness(
                    &Flow::plain(std::slice::from_ref(&old[i])),
                    &Flow::plain(std::slice::from_ref(&new[j])),
                )
            })
        });
        let mut out = Vec::new();
        let mut changed = false;
        for pair in pairs {
            match pair {
                Pair::Both(i, j) => match (&old[i], &new[j]) {
                    (Flow::Para(a), Flow::Para(b)) => match words::diff(a, b) {
                        Some(marked) => {
                            changed = true;
                            out.push(Flow::Para(marked));
                        }
                        None => out.push(new[j].clone()),
                    },
                    (Flow::Quote(a), Flow::Quote(b)) => {
                        let (inner, c) = self.flows(a, b);
                        changed |= c;
                        out.push(Flow::Quote(inner));
                    }
                    (Flow::List(a), Flow::List(b)) => out.push(Flow::List(self.list(a, b))),
                    _ => {
                        changed = true;
                        out.extend(self.removed_flows(std::slice::from_ref(&old[i])));
                        out.extend(Revision::Inserted.mark_flows(std::slice::from_ref(&new[j])));
                    }
                },
                Pair::Old(i) => {
                    changed = true;
                    out.extend(self.removed_flows(std::slice::from_ref(&old[i])));
                }
                Pair::New(j) => {
                    changed = true;
                    out.extend(Revision::Inserted.mark_flows(std::slice::from_ref(&new[j])));
                }
            }
        }
        (out, changed)
    }

    fn list(&mut self, old: &List, new: &List) -> List {
        let keys = |l: &List| l.items.iter().map(item_key).collect::<Vec<_>>();
        let pairs = align(&keys(old), &keys(new), |i, j| {
            let (a, b) = (&old.items[i], &new.items[j]);
            ids_agree(&a.id, &b.id)
                .then(|| likeness(&Flow::plain(&a.content), &Flow::plain(&b.content)))
        });
        let mut items = Vec::new();
        for pair in pairs {
            items.push(match pair {
                Pair::Both(i, j) => {
                    let (content, changed) =
                        self.flows(&old.items[i].content, &new.items[j].content);
                    if changed {
                        self.counts.changed += 1;
                    }
                    ListItem {
                        content,
                        ..new.items[j].clone()
                    }
                }
                Pair::Old(i) => {
                    self.counts.removed += 1;
                    let item = &old.items[i];
                    ListItem {
                        anchor: item
                            .anchor
                            .clone()
                            .filter(|a| !self.new_anchors.contains(a)),
                        content: self.removed_flows(&item.content),
                        ..item.clone()
                    }
                }
                Pair::New(j) => {
                    self.counts.added += 1;
                    let item = &new.items[j];
                    ListItem {
                        content: Revision::Inserted.mark_flows(&item.content),
                        ..item.clone()
                    }
                }
            });
        }
        List {
            items,
            ..new.clone()
        }
    }

    /// Points the references in deleted text, read in the old document,
    /// at what their targets are in the redline.
    pub fn retarget(&self, sections: &mut [Section]) {
        for s in sections {
            retarget_inlines(&mut s.title, &self.anchors, false);
            for b in &mut s.blocks {
                retarget_flows(&mut b.content, &self.anchors);
            }
        }
    }

    pub fn retarget_flows(&self, flows: &mut [Flow]) {
        retarget_flows(flows, &self.anchors);
    }

    pub fn retarget_inlines(&self, inlines: &mut [Inline]) {
        retarget_inlines(inlines, &self.anchors, false);
    }
}

fn added_block(new: &Block) -> Block {
    Block {
        content: Revision::Inserted.mark_flows(&new.content),
        ..new.clone()
    }
}

fn collect_item_anchors(flows: &[Flow], out: &mut BTreeSet<String>) {
    for f in flows {
        match f {
            Flow::Para(_) => {}
            Flow::Quote(inner) => collect_item_anchors(inner, out),
            Flow::List(list) => {
                for item in &list.items {
                    out.extend(item.anchor.clone());
                    collect_item_anchors(&item.content, out);
                }
            }
        }
    }
}

fn drop_taken_anchors(flows: &mut [Flow], taken: &BTreeSet<String>) {
    for f in flows {
        match f {
            Flow::Para(_) => {}
            Flow::Quote(inner) => drop_taken_anchors(inner, taken),
            Flow::List(list) => {
                for item in &mut list.items {
                    if item.anchor.as_ref().is_some_and(|a| taken.contains(a)) {
                        item.anchor = None;
                    }
                    drop_taken_anchors(&mut item.content, taken);
                }
            }
        }
    }
}

fn retarget_flows(flows: &mut [Flow], anchors: &BTreeMap<String, String>) {
    for f in flows {
        match f {
            Flow::Para(inlines) => retarget_inlines(inlines, anchors, false),
            Flow::Quote(inner) => retarget_flows(inner, anchors),
            Flow::List(list) => {
                for item in &mut list.items {
                    retarget_flows(&mut item.content, anchors);
                }
            }
        }
    }
}

/// Retargets the references inside deleted marks (`deleted`: already
/// inside one).
fn retarget_inlines(inlines: &mut [Inline], anchors: &BTreeMap<String, String>, deleted: bool) {
    for i in inlines {
        match i {
            Inline::Ref(r) if deleted => {
                if let Some(a) = anchors.get(&r.anchor) {
                    r.anchor = a.clone();
                }
            }
            Inline::Link { url, content } => {
                if deleted && let Some(a) = url.strip_prefix('#').and_then(|u| anchors.get(u)) {
                    *url = format!("#{a}");
                }
                retarget_inlines(content, anchors, deleted);
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Superscript(c) => {
                retarget_inlines(c, anchors, deleted)
            }
            Inline::Revised { revision, content } => {
                let d = deleted || *revision == Revision::Deleted;
                retarget_inlines(content, anchors, d);
            }
            Inline::Ref(_) | Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{BlockKind, Id};
    use crate::model::{Ref, paragraph_anchor};

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    fn para(n: u32, id: Option<&str>, inlines: Vec<Inline>) -> Block {
        Block {
            id: id.map(|i| Id::new(i).unwrap()),
            kind: BlockKind::Paragraph,
            number: Some(n),
            anchor: Some(paragraph_anchor(n)),
            content: vec![Flow::Para(inlines)],
        }
    }

    fn reference(target: &str, n: u32) -> Inline {
        Inline::Ref(Ref {
            target: target.into(),
            anchor: paragraph_anchor(n),
            text: format!("paragraph {n}"),
            bare: false,
            content: None,
            span: crate::diagnostics::Span::new(0, 0..0),
        })
    }

    fn section(blocks: Vec<Block>) -> Section {
        Section {
            id: "s".into(),
            numeral: "I".into(),
            anchor: "section-s".into(),
            title: vec![text("S")],
            blocks,
        }
    }

    fn marked(blocks: &[Block]) -> Vec<bool> {
        blocks
            .iter()
            .map(|b| match &b.content[..] {
                [Flow::Para(i)] => crate::model::has_marks(i),
                _ => true,
            })
            .collect()
    }

    /// A paragraph inserted first renumbers the others, and a reference to
    /// one of them: only the inserted paragraph is marked.
    #[test]
    fn renumbering_is_not_a_change() {
        let old = section(vec![
            para(1, Some("a"), vec![text("Alpha text here.")]),
            para(2, None, vec![text("See "), reference("a", 1), text(".")]),
        ]);
        let new = section(vec![
            para(1, None, vec![text("A new first paragraph.")]),
            para(2, Some("a"), vec![text("Alpha text here.")]),
            para(3, None, vec![text("See "), reference("a", 2), text(".")]),
        ]);
        let mut differ = Differ::new(std::slice::from_ref(&new));
        let out = differ.sections(&[old], &[new]);
        assert_eq!(marked(&out[0].blocks), [true, false, false]);
        assert_eq!(
            Revision::of_block(&out[0].blocks[0]),
            Some(Revision::Inserted)
        );
        let counts = differ.counts;
        assert_eq!((counts.changed, counts.added, counts.removed), (0, 1, 0));
    }

    /// A paragraph removed is kept where it stood, under an anchor no new
    /// paragraph has, and a reference to it in deleted text follows it;
    /// a reference in deleted text to a kept paragraph follows that one.
    #[test]
    fn a_removed_paragraph_keeps_its_place_and_its_references() {
        let old = section(vec![
            para(1, Some("a"), vec![text("Alpha.")]),
            para(2, Some("b"), vec![text("Beta, unlike "), reference("a", 1)]),
            para(3, Some("c"), vec![text("Gamma, after "), reference("b", 2)]),
        ]);
        let new = section(vec![
            para(1, Some("a"), vec![text("Alpha.")]),
            para(2, Some("c"), vec![text("Gamma alone.")]),
        ]);
        let mut differ = Differ::new(std::slice::from_ref(&new));
        let mut out = differ.sections(&[old], &[new]);
        differ.retarget(&mut out);
        let blocks = &out[0].blocks;
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[1].anchor.as_deref(), Some("para-removed-2"));
        assert_eq!(blocks[1].number, Some(2));
        assert_eq!(Revision::of_block(&blocks[1]), Some(Revision::Deleted));
        let anchors = |b: &Block| {
            let mut found = Vec::new();
            let Flow::Para(i) = &b.content[0] else {
                unreachable!()
            };
            collect_refs(i, &mut found);
            found
        };
        assert_eq!(anchors(&blocks[1]), ["para-1"]);
        assert_eq!(anchors(&blocks[2]), ["para-removed-2"]);
        let counts = differ.counts;
        assert_eq!((counts.changed, counts.added, counts.removed), (1, 0, 1));
    }

    fn collect_refs(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Ref(r) => out.push(r.anchor.clone()),
                Inline::Revised { content, .. } => collect_refs(content, out),
                _ => {}
            }
        }
    }

    /// A section moved is removed where it stood and added where it
    /// stands; no anchor is used twice.
    #[test]
    fn a_moved_section_leaves_no_anchor_twice() {
        let named = |id: &str, text: &str| Section {
            id: id.into(),
            anchor: format!("section-{id}"),
            ..section(vec![para(1, None, vec![Inline::Text(text.into())])])
        };
        let old = vec![named("a", "First."), named("b", "Second.")];
        let new = vec![named("b", "Second."), named("a", "First.")];
        let mut differ = Differ::new(&new);
        let out = differ.sections(&old, &new);
        assert_eq!(out.len(), 3);
        let mut anchors: Vec<&str> = out.iter().map(|s| s.anchor.as_str()).collect();
        anchors.sort();
        anchors.dedup();
        assert_eq!(anchors.len(), 3, "{anchors:?}");
        let counts = differ.counts;
        assert_eq!((counts.changed, counts.added, counts.removed), (0, 1, 1));
    }

    /// Alike texts without ids pair up as one changed; unlike ones are one
    /// removed and one added; different ids never pair.
    #[test]
    fn alignment_pairs_what_is_alike_in_order() {
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let old = keys(&["same", "the big cat sat", "x"]);
        let new = keys(&["same", "the small cat sat", "y"]);
        let texts_old = ["same", "the big cat sat", "x"];
        let texts_new = ["same", "the small cat sat", "y"];
        let pairs = align(&old, &new, |i, j| {
            Some(likeness(texts_old[i], texts_new[j]))
        });
        assert_eq!(
            pairs,
            [
                Pair::Both(0, 0),
                Pair::Both(1, 1),
                Pair::Old(2),
                Pair::New(2)
            ]
        );
        // Two long unrelated stretches are not compared pair by pair.
        let many = |p: &str| (0..300).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
        let pairs = align(&many("a"), &many("b"), |_, _| panic!("compared"));
        assert_eq!(pairs.len(), 600);
        let never = align(&old, &new, |_, _| None);
        assert_eq!(
            never.iter().filter(|p| matches!(p, Pair::Both(..))).count(),
            1
        );
    }
}
