//! The link targets of a document, numbered before layout.

use std::collections::HashMap;

use crate::model::{Document, Flow, Inline};

use super::LinkTarget;

/// Every link target of the document, numbered in document order before
/// layout starts, so that parts of the body can be set on separate threads
/// and still agree on the numbers.
#[derive(Debug, Default)]
pub(super) struct Links {
    pub(super) targets: Vec<LinkTarget>,
    pub(super) index: HashMap<LinkTarget, u32>,
}

impl Links {
    pub(super) fn of(doc: &Document) -> Links {
        let mut links = Links::default();
        links.inlines(&doc.title);
        links.flows(&doc.purpose);
        links.flows(&doc.action);
        for s in &doc.sections {
            links.inlines(&s.title);
            for b in &s.blocks {
                links.flows(&b.content);
            }
        }
        links
    }

    fn add(&mut self, target: LinkTarget) {
        if !self.index.contains_key(&target) {
            self.index.insert(target.clone(), self.targets.len() as u32);
            self.targets.push(target);
        }
    }

    fn flows(&mut self, flows: &[Flow]) {
        for f in flows {
            match f {
                Flow::Para(i) => self.inlines(i),
                Flow::Quote(inner) => self.flows(inner),
                Flow::List(list) => list.items.iter().for_each(|item| self.flows(&item.content)),
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Superscript(c)
                | Inline::Revised { content: c, .. } => self.inlines(c),
                Inline::Link { url, content } => {
                    self.add(link_target(url));
                    self.inlines(content);
                }
                Inline::Ref(r) => {
                    self.add(LinkTarget::Internal(r.anchor.clone()));
                    if let Some(c) = &r.content {
                        self.inlines(c);
                    }
                }
                Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
            }
        }
    }
}

pub(super) fn link_target(url: &str) -> LinkTarget {
    match url.strip_prefix('#') {
        Some(anchor) => LinkTarget::Internal(anchor.to_string()),
        None => LinkTarget::Uri(url.to_string()),
    }
}
