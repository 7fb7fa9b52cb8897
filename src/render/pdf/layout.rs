//! Layout: the document model in, pages of positioned lines and boxes out.
//!
//! Page 1 is the cover and the pages after it carry a running header,
//! both as the `pdf/cover.toml` template describes them (by default like
//! the WCO original: the bilingual letterhead over a rule, the masthead,
//! the centred title and agenda lines, the bordered summary box, an
//! asterisk, the economy and copyright notice at the foot; short symbol
//! and page number above the text). The sections follow from page 2.
//!
//! The body is first turned into a vertical list of lines and spaces, each
//! line knowing whether a page may end after it: never after a heading,
//! a line that ends inside a word, or where fewer than `orphans` lines of a paragraph
//! would stay behind or fewer than `widows` would go ahead (counted both
//! for the paragraph's own text and for the whole numbered block with its
//! lists). Pages are then filled greedily, backing up to the last line a
//! page may end after. Bottoms are ragged, as in the Word originals.
//!
//! Nothing here knows about PDF: the result is plain data that tests read
//! as text, and that `write` turns into PDF operations. Submodules: the
//! first page and the running header (`cover`), block content (`flows`),
//! link numbering (`links`), and the step from the vertical list to pages
//! (`pages`).

use std::collections::HashMap;

use crate::locale::fill;
use crate::model::{Block, Document, Flow, Inline, Kind, Section};

use super::fonts::{Face, Fonts};
use super::furniture::Furniture;
use super::hyphenate::Hyphenator;
use super::paragraph::{Align, Line, Piece, SetError, Setter, Span};
use super::style::Style;

mod cover;
mod flows;
mod links;
mod pages;

use cover::{cover, header};
use flows::{Nesting, opening, pieces_text};
use links::{Links, link_target};
use pages::{paginate, underlines};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An anchor of the document ("para-9").
    Internal(String),
    Uri(String),
}

/// A place in the document: page index (0-based) and the distance of the
/// place's top from the page's top edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dest {
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 0 for sections, 1 for headings inside them.
    pub level: u32,
    pub title: String,
    pub dest: Dest,
}

/// A rectangle, `y` measured down from the page's top edge to its top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// An outlined rectangle (the summary box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub rect: Rect,
    pub thickness: f32,
}

/// What a line is, for tests and for the reader of a layout dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Running text of the body.
    Text,
    /// A paragraph number, hanging in the margin.
    Number,
    /// A list label.
    Label,
    /// A section heading or a heading block.
    Heading,
    /// The running header.
    Header,
    /// First-page furniture: letterhead, masthead, title, summary.
    Cover,
    /// The first-page notice.
    Footnote,
}

/// A line on a page: glyph x positions are relative to `x`; `baseline` is
/// measured down from the top edge.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    pub x: f32,
    /// The right edge of the measure the line was set in: justified lines
    /// end there.
    pub right: f32,
    pub baseline: f32,
    pub line: Line,
    pub role: Role,
    /// The numbered paragraph the line belongs to.
    pub paragraph: Option<u32>,
    /// The body block (in document order) the line belongs to.
    pub block: Option<usize>,
    /// A number or label hanging before the next line on the page, on the
    /// same baseline: text extraction should read them together.
    pub hangs: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub lines: Vec<PlacedLine>,
    /// Filled rectangles: rules and underlines.
    pub rules: Vec<Rect>,
    pub frames: Vec<Frame>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub links: Vec<LinkTarget>,
    pub destinations: HashMap<String, Dest>,
    pub outline: Vec<OutlineEntry>,
}

impl VLine {
    /// Puts the line, and what hangs beside it, on `page` with its box
    /// top at `y`; returns how far down the next line goes.
    fn place(self, y: f32, page: &mut Page) -> f32 {
        let baseline = y + self.ascent;
        for (x, line, role) in self.attached {
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

/// A line waiting for a page.
#[derive(Debug, Clone)]
struct VLine {
    x: f32,
    right: f32,
    line: Line,
    role: Role,
    leading: f32,
    /// From the top of the line's box to its baseline.
    ascent: f32,
    /// Lines on the same baseline: a paragraph number, a list label.
    attached: Vec<(f32, Line, Role)>,
    anchors: Vec<String>,
    paragraph: Option<u32>,
    block: Option<usize>,
    unit: usize,
    /// May a page end after this line?
    break_after: bool,
    /// Must this line stay on the page of the next one (headings)?
    keep: bool,
}

#[derive(Debug, Clone)]
enum VItem {
    Line(Box<VLine>),
    Space(f32),
}

/// The vertical metrics of a text style.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    size: f32,
    leading: f32,
    ascent: f32,
}

struct Builder<'a> {
    style: &'a Style,
    setter: Setter<'a>,
    links: &'a Links,
    items: Vec<VItem>,
    pending_anchors: Vec<String>,
    pending_attached: Vec<(f32, Line, Role)>,
    paragraph: Option<u32>,
    block: Option<usize>,
    unit: usize,
}

/// Where an error happened, for messages that name the block.
fn block_context(section: &Section, block: &Block) -> String {
    let what = match (block.number, &block.id) {
        (Some(n), Some(id)) => format!("paragraph {n} (id `{id}`)"),
        (Some(n), None) => format!("paragraph {n}"),
        (None, Some(id)) => format!("block `{id}`"),
        (None, None) => "an unnumbered block".to_string(),
    };
    format!(
        "{what} of section `{}` ({}. {})",
        section.id,
        section.numeral,
        Inline::plain(&section.title)
    )
}

/// An error with the place it happened: "in paragraph 3 of section …: …".
fn located(e: impl std::fmt::Display, context: &str) -> String {
    format!("in {context}: {e}")
}

/// Documents with at least this many blocks are set on two threads.
const PARALLEL_BLOCKS: usize = 200;

impl<'a> Builder<'a> {
    fn new(
        style: &'a Style,
        fonts: &'a mut Fonts,
        hyphenator: &'a mut Hyphenator,
        links: &'a Links,
    ) -> Builder<'a> {
        Builder {
            style,
            setter: Setter {
                fonts,
                hyphenator,
                justify: &style.justify,
            },
            links,
            items: Vec::new(),
            pending_anchors: Vec::new(),
            pending_attached: Vec::new(),
            paragraph: None,
            block: None,
            unit: 0,
        }
    }

    /// Vertical metrics of a face at a size and leading: the baseline sits
    /// where the face's ascender and descender centre in the leading.
    fn metrics(&self, face: Face, size: f32, leading: f32) -> Metrics {
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
    fn pieces(&mut self, inlines: &[Inline], span: Span, upper: bool, out: &mut Vec<Piece>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => {
                    let t = if upper { t.to_uppercase() } else { t.clone() };
                    out.push(Piece::Text(t, span));
                }
                Inline::Emph(c) => {
                    let s = Span {
                        face: span.face.emphasized(),
                        ..span
                    };
                    self.pieces(c, s, upper, out);
                }
                Inline::Superscript(c) => self.pieces(c, span, upper, out),
                Inline::Strong(c) => {
                    let s = Span {
                        face: span.face.bold(),
                        ..span
                    };
                    self.pieces(c, s, upper, out);
                }
                Inline::Link { url, content } => {
                    let s = Span {
                        link: self.link(&link_target(url)),
                        ..span
                    };
                    self.pieces(content, s, upper, out);
                }
                Inline::Ref(r) => {
                    let s = Span {
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
            }
        }
    }

    fn link(&self, target: &LinkTarget) -> Option<u32> {
        self.links.index.get(target).copied()
    }

    /// Sets a text of one face (a letterhead line, a date) into lines.
    fn plain_lines(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        measure: f32,
        align: Align,
    ) -> Result<Vec<Line>, SetError> {
        self.setter
            .set(&Builder::plain(text, face), size, measure, align)
    }

    /// Sets a paragraph number or a heading's numeral, which hangs: on one
    /// line, however wide, so that none of it is lost.
    fn hanging(&mut self, text: &str, face: Face, size: f32) -> Result<Option<Line>, SetError> {
        let lines = self.plain_lines(text, face, size, f32::MAX / 4.0, Align::Left)?;
        Ok(lines.into_iter().next())
    }

    fn plain(text: &str, face: Face) -> Vec<Piece> {
        vec![Piece::Text(text.to_string(), Span::plain(face))]
    }

    /// Sets pieces and appends their lines; the first line carries what
    /// waits to be attached (a number, a label) and pending anchors.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        pieces: &[Piece],
        metrics: Metrics,
        x: f32,
        measure: f32,
        align: Align,
        role: Role,
        keep: bool,
    ) -> Result<(), String> {
        let lines = self
            .setter
            .set(pieces, metrics.size, measure, align)
            .map_err(|e| match e {
                SetError::Glyph(_) => e.to_string(),
                SetError::TooNarrow { .. } => {
                    format!("{e}: “{}”", opening(&pieces_text(pieces)))
                }
            })?;
        self.unit += 1;
        if lines.is_empty() {
            self.flush(metrics, x, role);
        }
        for line in lines {
            let vline = VLine {
                x: x + line.offset,
                right: x + measure,
                line,
                role,
                leading: metrics.leading,
                ascent: metrics.ascent,
                attached: std::mem::take(&mut self.pending_attached),
                anchors: std::mem::take(&mut self.pending_anchors),
                paragraph: self.paragraph,
                block: self.block,
                unit: self.unit,
                break_after: true,
                keep,
            };
            self.items.push(VItem::Line(Box::new(vline)));
        }
        Ok(())
    }

    fn space(&mut self, height: f32) {
        if height > 0.0 {
            self.items.push(VItem::Space(height));
        }
    }

    /// Marks where pages may end in the lines from `from` on, which make up
    /// one block (or one heading).
    fn seal(&mut self, from: usize) {
        let style = self.style;
        let (orphans, widows) = (style.pagination.orphans, style.pagination.widows);
        let idx: Vec<usize> = (from..self.items.len())
            .filter(|&i| matches!(self.items[i], VItem::Line(_)))
            .collect();
        let total = idx.len();
        let units: Vec<usize> = idx
            .iter()
            .map(|&i| match &self.items[i] {
                VItem::Line(l) => l.unit,
                VItem::Space(_) => 0,
            })
            .collect();
        for (k, &i) in idx.iter().enumerate() {
            let in_block = k + 1;
            let unit = units[k];
            let unit_first = units.iter().position(|&u| u == unit).unwrap_or(k);
            let unit_len = units.iter().filter(|&&u| u == unit).count();
            let in_unit = k - unit_first + 1;
            let block_ok = in_block == total || (in_block >= orphans && total - in_block >= widows);
            let unit_ok =
                in_unit == unit_len || (in_unit >= orphans && unit_len - in_unit >= widows);
            if let VItem::Line(l) = &mut self.items[i] {
                l.break_after = block_ok && unit_ok && !l.keep && !l.line.splits_word;
            }
        }
    }
}

/// Lays out a document.
pub fn layout(
    doc: &Document,
    furniture: &Furniture,
    style: &Style,
    fonts: &mut Fonts,
    hyphenator: &mut Hyphenator,
) -> Result<Layout, String> {
    let links = Links::of(doc);
    let mut b = Builder::new(style, fonts, hyphenator, &links);
    let cover = cover(&mut b, doc, &furniture.cover)?;

    // The body, as one vertical list; a long document in two halves, on
    // two threads (each with its own fonts and caches: the result does not
    // depend on how the work was split).
    let page = &style.page;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let blocks: Vec<usize> = doc.sections.iter().map(|s| s.blocks.len()).collect();
    let total: usize = blocks.iter().sum();
    let (items, outline_anchors) = if threads > 1 && total >= PARALLEL_BLOCKS {
        // Split where half the blocks are done.
        let mut split = 0;
        let mut done = 0;
        while split < blocks.len() && done * 2 < total {
            done += blocks[split];
            split += 1;
        }
        let (first, second) = doc.sections.split_at(split);
        let second_hyphenator = b.setter.hyphenator.clone();
        let (a, z) = std::thread::scope(|scope| {
            let other = scope.spawn(move || {
                let mut fonts = Fonts::load()?;
                let mut hyphenator = second_hyphenator;
                let mut b2 = Builder::new(style, &mut fonts, &mut hyphenator, b.links);
                body(&mut b2, second, done)
            });
            let a = body(&mut b, first, 0);
            (a, other.join())
        });
        let (mut items, mut outline) = a?;
        let (items2, outline2) = z.map_err(|_| "a layout thread failed".to_string())??;
        items.extend(items2);
        outline.extend(outline2);
        (items, outline)
    } else {
        body(&mut b, &doc.sections, 0)?
    };

    // Pages.
    let mut pages = vec![cover];
    let mut destinations = HashMap::new();
    let top = page.margin_top.0;
    let available = page.height.0 - page.margin_bottom.0 - top;
    let ranges = paginate(&items, available);
    let mut items = items.into_iter();
    for range in ranges {
        let index = pages.len();
        let mut out = Page::default();
        let mut y = top;
        let mut started = false;
        for item in items.by_ref().take(range.len()) {
            match item {
                VItem::Space(h) => {
                    if started {
                        y += h;
                    }
                }
                VItem::Line(l) => {
                    let mut l = *l;
                    started = true;
                    for a in std::mem::take(&mut l.anchors) {
                        destinations.insert(a, Dest { page: index, y });
                    }
                    y += l.place(y, &mut out);
                }
            }
        }
        pages.push(out);
    }
    for (index, page) in pages.iter_mut().enumerate().skip(1) {
        header(&mut b, furniture.header.as_ref(), index, page)?;
    }
    for page in &mut pages {
        underlines(style, page);
    }
    let outline = outline_anchors
        .into_iter()
        .filter_map(|(level, title, anchor)| {
            destinations
                .get(&anchor)
                .map(|&dest| OutlineEntry { level, title, dest })
        })
        .collect();
    Ok(Layout {
        width: page.width.0,
        height: page.height.0,
        pages,
        links: links.targets,
        destinations,
        outline,
    })
}

fn flat_inlines(flows: &[Flow]) -> Vec<Inline> {
    flows
        .iter()
        .filter_map(|f| match f {
            Flow::Para(i) => Some(i.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// An outline entry waiting for its destination: level, title, anchor.
type PendingOutline = (u32, String, String);

/// A section's heading, its numeral hanging in the margin, kept with what
/// follows; returns its outline entry.
fn section_heading(b: &mut Builder, section: &Section) -> Result<PendingOutline, String> {
    let style = b.style;
    let left = style.page.margin_left.0;
    let text_width = style.text_width();
    let indent = style.body.indent.0;
    let heading = b.metrics(
        style.heading.face,
        style.heading.size,
        style.heading.leading,
    );
    let context = format!(
        "the heading of section `{}` ({}. {})",
        section.id,
        section.numeral,
        Inline::plain(&section.title)
    );
    let from = b.items.len();
    b.paragraph = None;
    b.block = None;
    b.space(style.heading.space_before.0);
    let numeral = match &style.heading.numeral_format {
        Some(f) => fill(f, &[("", &section.numeral)]),
        None => section.numeral.clone(),
    };
    let numeral_line = b
        .hanging(&numeral, style.heading.face, heading.size)
        .map_err(|e| located(e, &context))?;
    if let Some(l) = numeral_line {
        b.pending_attached.push((left, l, Role::Heading));
    }
    b.pending_anchors.push(section.anchor.clone());
    let mut pieces = Vec::new();
    b.pieces(
        &section.title,
        Span::plain(style.heading.face),
        false,
        &mut pieces,
    );
    b.text(
        &pieces,
        heading,
        left + indent,
        text_width - indent,
        Align::Left,
        Role::Heading,
        true,
    )
    .map_err(|e| located(e, &context))?;
    b.space(style.heading.space_after.0);
    b.seal(from);
    Ok((
        0,
        format!("{numeral} {}", Inline::plain(&section.title)),
        section.anchor.clone(),
    ))
}

/// A paragraph, an unnumbered paragraph or a quotation block: its number
/// hanging in the margin, its content at the indent.
fn paragraph_block(b: &mut Builder, block: &Block) -> Result<(), String> {
    let style = b.style;
    let left = style.page.margin_left.0;
    let text_width = style.text_width();
    let indent = style.body.indent.0;
    let para = b.metrics(style.body.face, style.body.size, style.body.leading);
    if let Some(anchor) = &block.anchor {
        b.pending_anchors.push(anchor.clone());
    }
    if let Some(n) = block.number {
        let number = fill(&style.body.number_format, &[("", &n.to_string())]);
        let line = b
            .hanging(&number, style.body.face, para.size)
            .map_err(|e| e.to_string())?;
        if let Some(l) = line {
            b.pending_attached.push((left, l, Role::Number));
        }
    }
    let quotes = usize::from(block.kind == Kind::Quote);
    let (x, measure, face) = if block.kind == Kind::Quote {
        let (l, r) = (style.quote.indent_left.0, style.quote.indent_right.0);
        (
            left + indent + l,
            text_width - indent - l - r,
            style.quote.face,
        )
    } else {
        (left + indent, text_width - indent, style.body.face)
    };
    let nesting = Nesting { lists: 0, quotes };
    b.flows(&block.content, x, measure, face, nesting)?;
    b.flush(para, x, Role::Text);
    Ok(())
}

/// The vertical list of some sections, and their outline entries;
/// `first_block` numbers their first block.
fn body(
    b: &mut Builder,
    sections: &[Section],
    first_block: usize,
) -> Result<(Vec<VItem>, Vec<PendingOutline>), String> {
    let style = b.style;
    let page = &style.page;
    let left = page.margin_left.0;
    let text_width = style.text_width();
    let indent = style.body.indent.0;
    let sub = b.metrics(
        style.subheading.face,
        style.subheading.size,
        style.subheading.leading,
    );
    let mut outline_anchors: Vec<PendingOutline> = Vec::new();
    let mut block_index = first_block;
    for section in sections {
        let entry = section_heading(b, section)?;
        outline_anchors.push(entry);

        let mut after_heading = true;
        for block in &section.blocks {
            let context = block_context(section, block);
            let from = b.items.len();
            b.paragraph = block.number;
            b.block = Some(block_index);
            block_index += 1;
            match block.kind {
                Kind::Heading => {
                    if !after_heading {
                        b.space(style.subheading.space_before.0);
                    }
                    let anchor = block
                        .anchor
                        .clone()
                        .unwrap_or_else(|| format!("heading-{block_index}"));
                    b.pending_anchors.push(anchor.clone());
                    let mut pieces = Vec::new();
                    for flow in &block.content {
                        if let Flow::Para(inlines) = flow {
                            b.pieces(
                                inlines,
                                Span::plain(style.subheading.face),
                                false,
                                &mut pieces,
                            );
                        }
                    }
                    outline_anchors.push((1, Inline::plain(&flat_inlines(&block.content)), anchor));
                    b.text(
                        &pieces,
                        sub,
                        left + indent,
                        text_width - indent,
                        Align::Left,
                        Role::Heading,
                        true,
                    )
                    .map_err(|e| located(e, &context))?;
                    b.space(style.subheading.space_after.0);
                    after_heading = true;
                }
                Kind::Paragraph | Kind::Unnumbered | Kind::Quote => {
                    if !after_heading {
                        b.space(style.body.paragraph_space.0);
                    }
                    paragraph_block(b, block).map_err(|e| located(e, &context))?;
                    after_heading = false;
                }
            }
            b.seal(from);
        }
    }

    Ok((std::mem::take(&mut b.items), outline_anchors))
}
