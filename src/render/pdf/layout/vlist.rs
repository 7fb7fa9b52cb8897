//! The vertical list and the composer that builds it.
//!
//! The body is first turned into a list of lines and spaces, each line
//! knowing whether a page may end after it: never after a heading, a line
//! that ends inside a word, or where fewer than `orphans` lines of a
//! paragraph would stay behind or fewer than `widows` would go ahead
//! (counted both for the paragraph's own text and for the whole numbered
//! block with its lists). [`super::pages`] then cuts the list into pages.

use crate::model::Inline;

use super::super::error::Error;
use super::super::fonts::{Face, Fonts};
use super::super::hyphenate::Hyphenator;
use super::super::paragraph::{Align, InlineStyle, Line, Piece, Setter};
use super::super::style::Style;
use super::links::{Links, link_target};
use super::{LinkTarget, Page, PlacedLine, Role};

/// Where a text is set: the left edge and the width of its lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Column {
    pub(super) x: f32,
    pub(super) measure: f32,
}

impl Column {
    /// The column narrowed by `left` and `right` (a quotation's indents).
    pub(super) fn inset(self, left: f32, right: f32) -> Column {
        Column {
            x: self.x + left,
            measure: self.measure - left - right,
        }
    }
}

/// A line that hangs on the baseline of another: a paragraph number, a
/// list label, a heading's numeral, at `x`.
#[derive(Debug, Clone)]
pub(super) struct Hanging {
    pub(super) x: f32,
    pub(super) line: Line,
    pub(super) role: Role,
}

/// What waits for the next line the composer makes: anchors that land on
/// it, and lines that hang on its baseline. The code that knows them (a
/// heading, a numbered paragraph, a list item) adds them;
/// [`Composer::text`] and [`Composer::flush`] take them whole for the first
/// line they make, so none is left for a later block.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    pub(super) anchors: Vec<String>,
    pub(super) hanging: Vec<Hanging>,
}

impl Pending {
    // What is pending moves into the line it lands on and stays there
    // until the pages are written; a line rarely gets more than one of
    // each, and a Vec's first push would reserve room for four (four
    // 120-byte hanging lines for one paragraph number).
    pub(super) fn anchor(&mut self, anchor: String) {
        self.anchors.reserve_exact(1);
        self.anchors.push(anchor);
    }

    pub(super) fn hang(&mut self, x: f32, line: Line, role: Role) {
        self.hanging.reserve_exact(1);
        self.hanging.push(Hanging { x, line, role });
    }

    /// Everything pending, leaving nothing.
    pub(super) fn take(&mut self) -> Pending {
        std::mem::take(self)
    }
}

/// The vertical metrics of a text style.
#[derive(Debug, Clone, Copy)]
pub(super) struct Metrics {
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) ascent: f32,
}

/// A line waiting for a page.
#[derive(Debug, Clone)]
pub(super) struct VLine {
    pub(super) x: f32,
    pub(super) right: f32,
    pub(super) line: Line,
    pub(super) role: Role,
    pub(super) leading: f32,
    /// From the top of the line's box to its baseline.
    pub(super) ascent: f32,
    /// Lines on the same baseline: a paragraph number, a list label.
    pub(super) attached: Vec<Hanging>,
    pub(super) anchors: Vec<String>,
    pub(super) paragraph: Option<u32>,
    pub(super) block: Option<usize>,
    pub(super) unit: usize,
    /// May a page end after this line?
    pub(super) break_after: bool,
    /// Must this line stay on the page of the next one (headings)?
    pub(super) keep: bool,
}

#[derive(Debug, Clone)]
pub(super) enum VItem {
    Line(Box<VLine>),
    Space(f32),
}

impl VLine {
    /// Puts the line, and what hangs beside it, on `page` with its box
    /// top at `y`; returns how far down the next line goes.
    pub(super) fn place(self, y: f32, page: &mut Page) -> f32 {
        let baseline = y + self.ascent;
        for Hanging { x, line, role } in self.attached {
            page.lines.push(PlacedLine {
                x,
                right: x + line.width,
                baseline,
                line,
                role,
                paragraph: self.paragraph,
                block: self.block,
                hangs: true,
            });
        }
        page.lines.push(PlacedLine {
            x: self.x,
            right: self.right,
            baseline,
            line: self.line,
            role: self.role,
            paragraph: self.paragraph,
            block: self.block,
            hangs: false,
        });
        self.leading
    }
}

/// Builds the vertical list: sets texts into lines and appends them, with
/// the spaces between, then marks where pages may end ([`Composer::seal`]).
pub(super) struct Composer<'a> {
    pub(super) style: &'a Style,
    pub(super) setter: Setter<'a>,
    pub(super) links: &'a Links,
    /// The vertical list so far.
    pub(super) items: Vec<VItem>,
    /// What waits for the next line made (see [`Pending`]).
    pub(super) pending: Pending,
    /// The numbered paragraph and the body block the next lines belong to.
    pub(super) paragraph: Option<u32>,
    pub(super) block: Option<usize>,
    /// Counts the texts set: the lines of one text share a unit, for the
    /// widow and orphan rules.
    pub(super) unit: usize,
}

impl<'a> Composer<'a> {
    pub(super) fn new(
        style: &'a Style,
        fonts: &'a mut Fonts,
        hyphenator: &'a mut Hyphenator,
        links: &'a Links,
    ) -> Composer<'a> {
        Composer {
            style,
            setter: Setter {
                fonts,
                hyphenator,
                justify: &style.justify,
                superscript: &style.superscript,
            },
            links,
            items: Vec::new(),
            pending: Pending::default(),
            paragraph: None,
            block: None,
            unit: 0,
        }
    }

    /// Vertical metrics of a face at a size and leading: the baseline sits
    /// where the face's ascender and descender centre in the leading.
    pub(super) fn metrics(&self, face: Face, size: f32, leading: f32) -> Metrics {
        let info = &self.setter.fonts.face(face).info;
        let upm = info.units_per_em as f32;
        let asc = info.ascender as f32 / upm * size;
        let desc = -(info.descender as f32) / upm * size;
        Metrics {
            size,
            leading,
            ascent: (leading - asc - desc) / 2.0 + asc,
        }
    }

    /// Inline content as pieces for the setter, links registered.
    pub(super) fn pieces(
        &mut self,
        inlines: &[Inline],
        span: InlineStyle,
        upper: bool,
        out: &mut Vec<Piece>,
    ) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => {
                    let t = if upper { t.to_uppercase() } else { t.clone() };
                    out.push(Piece::Text(t, span));
                }
                Inline::Emph(c) => {
                    let s = InlineStyle {
                        face: span.face.emphasized(),
                        ..span
                    };
                    self.pieces(c, s, upper, out);
                }
                Inline::Strong(c) => {
                    let s = InlineStyle {
                        face: span.face.bold(),
                        ..span
                    };
                    self.pieces(c, s, upper, out);
                }
                // Never upper-cased: "XXe" stays an ordinal in a title set
                // in capitals.
                Inline::Superscript(c) => {
                    let s = InlineStyle {
                        superscript: true,
                        ..span
                    };
                    self.pieces(c, s, false, out);
                }
                Inline::Link { url, content } => {
                    let s = InlineStyle {
                        link: self.link(&link_target(url)),
                        ..span
                    };
                    self.pieces(content, s, upper, out);
                }
                Inline::Ref(r) => {
                    let s = InlineStyle {
                        link: self.link(&LinkTarget::Internal(r.anchor.clone())),
                        ..span
                    };
                    match &r.content {
                        Some(c) => self.pieces(c, s, upper, out),
                        None => {
                            let t = if upper {
                                r.text.to_uppercase()
                            } else {
                                r.text.clone()
                            };
                            out.push(Piece::Text(t, s));
                        }
                    }
                }
                Inline::Break => out.push(Piece::Break),
                Inline::Revised { revision, content } => {
                    let s = InlineStyle {
                        revision: Some(*revision),
                        ..span
                    };
                    self.pieces(content, s, upper, out);
                }
            }
        }
    }

    pub(super) fn link(&self, target: &LinkTarget) -> Option<u32> {
        self.links.index.get(target).copied()
    }

    /// Sets a text of one face (a letterhead line, a date) into lines.
    pub(super) fn plain_lines(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        measure: f32,
        align: Align,
    ) -> Result<Vec<Line>, Error> {
        self.setter
            .set(&Composer::plain(text, face), size, measure, align)
    }

    /// Sets a paragraph number or a heading's numeral, which hangs: on one
    /// line, however wide, so that none of it is lost.
    pub(super) fn hanging(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
    ) -> Result<Option<Line>, Error> {
        let lines = self.plain_lines(text, face, size, f32::MAX / 4.0, Align::Left)?;
        Ok(lines.into_iter().next())
    }

    pub(super) fn plain(text: &str, face: Face) -> Vec<Piece> {
        vec![Piece::Text(text.to_string(), InlineStyle::plain(face))]
    }

    /// Sets pieces in `column` and appends their lines; the first line
    /// takes what is pending (anchors, a number or a label).
    pub(super) fn text(
        &mut self,
        pieces: &[Piece],
        metrics: Metrics,
        column: Column,
        align: Align,
        role: Role,
        keep: bool,
    ) -> Result<(), Error> {
        let lines = self
            .setter
            .set(pieces, metrics.size, column.measure, align)
            .map_err(|e| match e {
                Error::TooNarrow {
                    measure, ch, width, ..
                } => Error::TooNarrow {
                    measure,
                    ch,
                    width,
                    text: Some(opening(&pieces_text(pieces))),
                },
                e => e,
            })?;
        self.unit += 1;
        if lines.is_empty() {
            self.flush(metrics, column.x, role);
        }
        for line in lines {
            let (x, right) = (column.x + line.offset, column.x + column.measure);
            self.push_line(x, right, line, role, metrics, keep);
        }
        Ok(())
    }

    /// Puts `line` on the vertical list, in the current unit, with what
    /// was waiting for a line (anchors, hanging numbers) attached to it.
    pub(super) fn push_line(
        &mut self,
        x: f32,
        right: f32,
        line: Line,
        role: Role,
        metrics: Metrics,
        keep: bool,
    ) {
        let Pending { anchors, hanging } = self.pending.take();
        self.items.push(VItem::Line(Box::new(VLine {
            x,
            right,
            line,
            role,
            leading: metrics.leading,
            ascent: metrics.ascent,
            attached: hanging,
            anchors,
            paragraph: self.paragraph,
            block: self.block,
            unit: self.unit,
            break_after: true,
            keep,
        })));
    }

    pub(super) fn space(&mut self, height: f32) {
        if height > 0.0 {
            self.items.push(VItem::Space(height));
        }
    }

    /// Marks where pages may end in the lines from `from` on, which make up
    /// one block (or one heading).
    pub(super) fn seal(&mut self, from: usize) {
        let pagination = &self.style.pagination;
        let mut lines: Vec<&mut VLine> = self.items[from..]
            .iter_mut()
            .filter_map(|item| match item {
                VItem::Line(l) => Some(&mut **l),
                VItem::Space(_) => None,
            })
            .collect();
        mark_breaks(&mut lines, pagination.orphans, pagination.widows);
    }
}

/// Marks where a page may end among the lines of one block (or one
/// heading): not after a line that must stay with the next (`keep`: a
/// heading) or that ends inside a word; and not where fewer than `orphans`
/// lines would stay behind or fewer than `widows` go ahead, counted both
/// in the whole block and in the line's own text (its `unit`).
pub(super) fn mark_breaks(lines: &mut [&mut VLine], orphans: usize, widows: usize) {
    let total = lines.len();
    let units: Vec<usize> = lines.iter().map(|l| l.unit).collect();
    for (k, l) in lines.iter_mut().enumerate() {
        let in_block = k + 1;
        let unit = units[k];
        let unit_first = units.iter().position(|&u| u == unit).unwrap_or(k);
        let unit_len = units.iter().filter(|&&u| u == unit).count();
        let in_unit = k - unit_first + 1;
        let block_ok = in_block == total || (in_block >= orphans && total - in_block >= widows);
        let unit_ok = in_unit == unit_len || (in_unit >= orphans && unit_len - in_unit >= widows);
        l.break_after = block_ok && unit_ok && !l.keep && !l.line.splits_word;
    }
}

/// The first words of a text, to point at it in a message.
pub(super) fn opening(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words[..words.len().min(8)].join(" ");
    if words.len() > 8 {
        out.push('…');
    }
    out
}

/// The text of some pieces, for a message.
fn pieces_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t, _) => t.as_str(),
            Piece::Break => " ",
        })
        .collect()
}

/// A number or label marked as the whole text it stands before, in a
/// redline: a removed paragraph's number is struck through.
pub(super) fn revised(
    mut line: crate::render::pdf::paragraph::Line,
    revision: Option<crate::model::Revision>,
) -> crate::render::pdf::paragraph::Line {
    if let Some(r) = revision {
        line.marks_mut().revisions = vec![(0.0, line.width, r)];
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph number waits for its first line and then stays on it
    /// until the pages are written: it takes room for one, not four.
    #[test]
    fn pending_takes_room_for_what_it_holds() {
        let mut pending = Pending::default();
        pending.hang(0.0, Line::empty(10.0), Role::Label);
        pending.anchor("p1".to_string());
        let Pending { anchors, hanging } = pending.take();
        assert_eq!((hanging.capacity(), anchors.capacity()), (1, 1));
    }
}
