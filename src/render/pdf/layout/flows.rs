//! Block content into the vertical list: paragraphs, quotations and
//! lists, each nesting level narrower than the last, down to the
//! narrowest line text is set in ([`MIN_MEASURE`]); deeper is an error
//! that names the text, never a silent loss.

use crate::model::Flow;

use super::super::error::Error;
use super::super::fonts::Face;
use super::super::paragraph::{Align, InlineStyle, Line};
use super::super::style::MIN_MEASURE;
use super::Role;
use super::vlist::{Column, Composer, Metrics, VItem, opening};

/// How deep some content sits in lists and quotations.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Nesting {
    pub(super) lists: usize,
    pub(super) quotes: usize,
}

/// The error for content nested so deep that its lines would be narrower
/// than [`MIN_MEASURE`], or run off the page.
fn too_deep(flows: &[Flow], measure: f32, nesting: Nesting) -> Error {
    Error::TooDeep {
        text: opening(&Flow::plain(flows)),
        measure,
        min: MIN_MEASURE,
        lists: nesting.lists,
        quotes: nesting.quotes,
    }
}

impl Composer<'_> {
    /// A number, a label or an anchor still waiting for a line gets an
    /// empty one of its own (an empty text, an empty list item): it would
    /// otherwise hang beside the next block's first line.
    pub(super) fn flush(&mut self, metrics: Metrics, x: f32, role: Role) {
        if self.pending.hanging.is_empty() {
            return;
        }
        let line = Line::empty(metrics.size);
        self.unit += 1;
        self.push_line(x, x, line, role, metrics, false);
    }

    /// The last line made so far stays on the page of the next one.
    fn keep_last_line(&mut self) {
        if let Some(VItem::Line(l)) = self
            .items
            .iter_mut()
            .rev()
            .find(|i| matches!(i, VItem::Line(_)))
        {
            l.keep = true;
        }
    }

    /// The first line made from item `from` on stays with the next one,
    /// if there is a next one.
    fn keep_first_line(&mut self, from: usize) {
        let mut lines = self.items[from..].iter_mut().filter_map(|i| match i {
            VItem::Line(l) => Some(l),
            VItem::Space(_) => None,
        });
        if let (Some(first), Some(_)) = (lines.next(), lines.next()) {
            first.keep = true;
        }
    }

    /// Block content: paragraphs, quotations and lists, in `column`.
    pub(super) fn flows(
        &mut self,
        flows: &[Flow],
        column: Column,
        face: Face,
        nesting: Nesting,
    ) -> Result<(), Error> {
        let style = self.style;
        let body = self.metrics(style.body.face, style.body.size, style.body.leading);
        let Column { x, measure } = column;
        if measure < MIN_MEASURE {
            return Err(too_deep(flows, measure, nesting));
        }
        for (i, flow) in flows.iter().enumerate() {
            if i > 0 {
                let gap = match (&flows[i - 1], flow) {
                    (Flow::List(_), _) | (_, Flow::List(_)) => style.list.item_space.0,
                    (Flow::Quote(_), _) | (_, Flow::Quote(_)) => style.quote.space.0,
                    _ => style.body.paragraph_space.0,
                };
                self.space(gap);
            }
            match flow {
                Flow::Para(inlines) => {
                    let mut pieces = Vec::new();
                    self.pieces(inlines, InlineStyle::plain(face), false, &mut pieces);
                    self.text(&pieces, body, column, Align::Justify, Role::Text, false)?;
                    // A text that introduces a list (a list item's title
                    // line above its nested list) keeps with the list.
                    if matches!(flows.get(i + 1), Some(Flow::List(_))) {
                        self.keep_last_line();
                    }
                }
                Flow::Quote(inner) => {
                    let (l, r) = (style.quote.indent_left.0, style.quote.indent_right.0);
                    let nesting = Nesting {
                        quotes: nesting.quotes + 1,
                        ..nesting
                    };
                    self.flows(inner, column.inset(l, r), style.quote.face, nesting)?;
                }
                Flow::List(list) => {
                    let from = self.items.len();
                    let level = style.list_level(nesting.lists);
                    for (j, item) in list.items.iter().enumerate() {
                        if j > 0 {
                            self.space(style.list.item_space.0);
                        }
                        let label = self.hanging(&item.label, face, body.size)?;
                        let whole = crate::model::Revision::of_flows(&item.content);
                        let label = label.map(|l| super::vlist::revised(l, whole));
                        let label_width = label.as_ref().map_or(0.0, |l| l.width);
                        let indent = level
                            .text
                            .0
                            .max(level.label.0 + label_width + style.list.label_gap.0);
                        if let Some(label) = label {
                            self.pending.hang(x + level.label.0, label, Role::Label);
                        }
                        if let Some(anchor) = &item.anchor {
                            self.pending.anchor(anchor.clone());
                        }
                        let nesting = Nesting {
                            lists: nesting.lists + 1,
                            ..nesting
                        };
                        let item_column = Column {
                            x: x + indent,
                            measure: measure - indent,
                        };
                        self.flows(&item.content, item_column, face, nesting)?;
                        self.flush(body, x + indent, Role::Text);
                    }
                    // After a text that introduces it, a list comes with at
                    // least its first two lines.
                    if i > 0 && matches!(flows[i - 1], Flow::Para(_)) {
                        self.keep_first_line(from);
                    }
                }
            }
        }
        Ok(())
    }
}
