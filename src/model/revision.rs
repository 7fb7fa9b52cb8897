//! Revision marks: what a redline (`ptcdoc diff`) adds to a document so
//! that every renderer draws the same changes. Text is marked inline
//! ([`Inline::Revised`]); a whole paragraph, list item or block that was
//! added or removed is one whose every paragraph is a single mark of one
//! kind, which [`Revision::of_flows`] reads back. A document without marks
//! is any other document: nothing here is seen outside a redline.

use super::{Block, Flow, Inline};

/// How marked text differs from the version compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Revision {
    /// In the new version only.
    Inserted,
    /// In the old version only, kept where it stood.
    Deleted,
}

impl Revision {
    /// The name renderers use for it (HTML classes): "inserted", "deleted".
    pub fn name(self) -> &'static str {
        match self {
            Revision::Inserted => "inserted",
            Revision::Deleted => "deleted",
        }
    }

    /// The revision of a whole paragraph: its inlines are one mark.
    pub fn of_inlines(inlines: &[Inline]) -> Option<Revision> {
        match inlines {
            [Inline::Revised { revision, .. }] => Some(*revision),
            _ => None,
        }
    }

    /// The revision of whole flows: every paragraph in them (in lists and
    /// quotations too) is wholly marked, all with the same kind.
    pub fn of_flows(flows: &[Flow]) -> Option<Revision> {
        let mut found = None;
        let mut all = true;
        visit(flows, &mut |inlines| match Revision::of_inlines(inlines) {
            Some(r) if found.is_none_or(|f| f == r) => found = Some(r),
            _ => all = false,
        });
        found.filter(|_| all)
    }

    /// The revision of a whole block.
    pub fn of_block(block: &Block) -> Option<Revision> {
        Revision::of_flows(&block.content)
    }

    /// Flows with every paragraph wholly marked `self`.
    pub fn mark_flows(self, flows: &[Flow]) -> Vec<Flow> {
        flows.iter().map(|f| self.mark_flow(f)).collect()
    }

    fn mark_flow(self, flow: &Flow) -> Flow {
        match flow {
            Flow::Para(inlines) => Flow::Para(self.mark(inlines.clone())),
            Flow::Quote(inner) => Flow::Quote(self.mark_flows(inner)),
            Flow::List(list) => {
                let mut list = list.clone();
                for item in &mut list.items {
                    item.content = self.mark_flows(&item.content);
                }
                Flow::List(list)
            }
        }
    }

    /// Inlines as one mark (none when empty: an empty mark marks nothing).
    pub fn mark(self, content: Vec<Inline>) -> Vec<Inline> {
        if content.is_empty() {
            return content;
        }
        vec![Inline::Revised {
            revision: self,
            content,
        }]
    }
}

/// Calls `f` on the inlines of every paragraph of `flows`, in order.
fn visit(flows: &[Flow], f: &mut impl FnMut(&[Inline])) {
    for flow in flows {
        match flow {
            Flow::Para(inlines) => f(inlines),
            Flow::Quote(inner) => visit(inner, f),
            Flow::List(list) => list.items.iter().for_each(|i| visit(&i.content, f)),
        }
    }
}

/// Whether inlines carry any revision mark.
pub fn has_marks(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Revised { .. } => true,
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Superscript(c)
        | Inline::Link { content: c, .. } => has_marks(c),
        Inline::Ref(r) => r.content.as_deref().is_some_and(has_marks),
        Inline::Text(_) | Inline::Code(_) | Inline::Break => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    #[test]
    fn whole_flows_are_read_back_from_their_marks() {
        let flows = vec![Flow::Para(vec![text("a")]), Flow::Para(vec![text("b")])];
        assert_eq!(Revision::of_flows(&flows), None);
        let added = Revision::Inserted.mark_flows(&flows);
        assert_eq!(Revision::of_flows(&added), Some(Revision::Inserted));
        let mut mixed = added.clone();
        mixed.extend(Revision::Deleted.mark_flows(&flows));
        assert_eq!(Revision::of_flows(&mixed), None);
        // A paragraph with a change inside is not a whole change.
        let partly = vec![Flow::Para(vec![
            text("a "),
            Inline::Revised {
                revision: Revision::Inserted,
                content: vec![text("b")],
            },
        ])];
        assert_eq!(Revision::of_flows(&partly), None);
        assert!(has_marks(match &partly[0] {
            Flow::Para(i) => i,
            _ => unreachable!(),
        }));
    }
}
