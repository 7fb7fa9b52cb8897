//! The body: section headings, heading blocks and paragraphs (numbered,
//! unnumbered, quotations) into the vertical list, with the outline
//! entries they make. An error is told once, with the heading or block it
//! happened in.

use crate::locale::fill;
use crate::model::{Block, BlockKind, Document, Flow, Inline, Section};

use super::super::error::Error;
use super::super::fonts::Fonts;
use super::super::furniture::Furniture;
use super::super::hyphenate::Hyphenator;
use super::super::paragraph::{Align, InlineStyle};
use super::Page;
use super::Role;
use super::flows::Nesting;
use super::links::Links;
use super::vlist::{Column, Composer, VItem};

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

/// Documents with at least this many blocks are set on two threads.
const PARALLEL_BLOCKS: usize = 8;

/// What setting the first page costs, in characters of body text: the
/// default document's cover takes about as long as 1,500 of them.
const COVER_WEIGHT: usize = 2000;

/// What setting a block costs beyond its characters (its number, the
/// space before it, its last line), in characters.
const BLOCK_WEIGHT: usize = 60;

/// How a part of the body gets set: on the composer of the cover, or
/// with fonts and caches of its own (the result does not depend on which).
enum Setting<'b, 'a> {
    Shared(&'b mut Composer<'a>),
    Own(Box<Hyphenator>),
}

/// What one part of the work sets: the cover (the first part, with the
/// furniture when it made it), and the vertical list and outline entries
/// of some sections.
type Part = (
    Option<Page>,
    Option<Furniture>,
    Vec<VItem>,
    Vec<PendingOutline>,
);

/// Where a layout's page furniture comes from.
pub enum FurnitureFrom<'a> {
    /// Made already.
    Given(&'a Furniture),
    /// Made by the part of the layout that sets the cover, while the
    /// second part of the body is set beside it: rendering the cover
    /// template takes about as long as a tenth of the default document's
    /// body.
    Made(&'a (dyn Fn() -> Result<Furniture, Error> + Sync)),
}

/// A place between two blocks of the body: before block `block` of
/// section `section` (block 0: before the section's heading too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Position {
    pub section: usize,
    pub block: usize,
}

impl Position {
    /// The end of `sections`.
    fn end(sections: &[Section]) -> Position {
        Position {
            section: sections.len(),
            block: 0,
        }
    }

    /// How many blocks come before this place.
    pub(super) fn blocks_before(self, sections: &[Section]) -> usize {
        let whole: usize = sections[..self.section]
            .iter()
            .map(|s| s.blocks.len())
            .sum();
        whole + self.block
    }
}

/// The first page and the body of `doc`, as one vertical list, with its
/// outline entries. A document of some length is set in two parts, on two
/// threads: the cover and the first blocks on `b`, the other blocks with
/// fonts and caches of their own (the result does not depend on how the
/// work was split: see the test `every_split_sets_the_same_lines`).
/// The second part starts at `split` (`None`: one part; [`split`] says
/// where it best starts).
/// The furniture comes back when `furniture` made it.
pub(super) fn cover_and_body(
    b: &mut Composer,
    doc: &Document,
    furniture: &FurnitureFrom,
    links: &Links,
    split: Option<Position>,
) -> Result<Part, Error> {
    let style = b.style;
    let sections = &doc.sections;
    let start = Position {
        section: 0,
        block: 0,
    };
    let end = Position::end(sections);
    let first_part = |b: &mut Composer, to: Position| -> Result<Part, Error> {
        let made = match furniture {
            FurnitureFrom::Given(_) => None,
            FurnitureFrom::Made(make) => Some(make()?),
        };
        let cover = match (furniture, &made) {
            (_, Some(made)) => &made.cover,
            (FurnitureFrom::Given(given), None) => &given.cover,
            (FurnitureFrom::Made(_), None) => unreachable!("made just above"),
        };
        let page = super::cover::cover(b, doc, cover)?;
        super::redline::summary(b, doc)?;
        let (items, outline) = body(b, sections, start, to)?;
        Ok((Some(page), made, items, outline))
    };
    let Some(split) = split else {
        return first_part(b, end);
    };
    let second_hyphenator = b.setter.hyphenator.clone();
    let parts = vec![
        Setting::Shared(b),
        Setting::Own(Box::new(second_hyphenator)),
    ];
    let (mut page, mut made) = (None, None);
    let mut items = Vec::new();
    let mut outline = Vec::new();
    for part in crate::parallel::map(parts, |setting| match setting {
        Setting::Shared(b) => first_part(b, split),
        Setting::Own(hyphenator) => {
            let mut fonts = Fonts::load()?;
            let mut hyphenator = *hyphenator;
            let mut b = Composer::new(style, &mut fonts, &mut hyphenator, links);
            let (items, outline) = body(&mut b, sections, split, end)?;
            Ok((None, None, items, outline))
        }
    }) {
        let (part_page, part_made, part_items, part_outline) = part?;
        page = page.or(part_page);
        made = made.or(part_made);
        items.extend(part_items);
        outline.extend(part_outline);
    }
    Ok((page, made, items, outline))
}

/// Where the second part starts: `None` (one part) when the document is
/// short or no core is spare (one core, or the others busy with other
/// outputs: the second part's fonts would shape its words again for
/// nothing), else the place between blocks that brings the cover and the
/// blocks before it closest to half the work, counted in characters.
pub(super) fn split(sections: &[Section]) -> Option<Position> {
    let total_blocks: usize = sections.iter().map(|s| s.blocks.len()).sum();
    if crate::parallel::spare() == 0 || total_blocks < PARALLEL_BLOCKS {
        return None;
    }
    let weights: Vec<usize> = (sections.iter())
        .flat_map(|s| s.blocks.iter())
        .map(|b| BLOCK_WEIGHT + Flow::plain(&b.content).len())
        .collect();
    // The cut, counted in blocks, as a place.
    let mut before = crate::parallel::halfway(COVER_WEIGHT, &weights);
    for (section, s) in sections.iter().enumerate() {
        if before < s.blocks.len() {
            return usable(
                sections,
                Position {
                    section,
                    block: before,
                },
            );
        }
        before -= s.blocks.len();
    }
    None
}

/// `at`, moved where the second part may start: past the end of its
/// section's blocks to the next section's start, and past sections with
/// no blocks (the heading of an empty section holds on to the lines
/// before it, see `body`, which must be in its part). `None` when no
/// block is left for the second part.
fn usable(sections: &[Section], mut at: Position) -> Option<Position> {
    while at.section < sections.len() && at.block >= sections[at.section].blocks.len() {
        at = Position {
            section: at.section + 1,
            block: 0,
        };
    }
    (at < Position::end(sections) && at.blocks_before(sections) > 0).then_some(at)
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
pub(super) type PendingOutline = (u32, String, String);

/// A section's heading, its numeral hanging in the margin, kept with what
/// follows; returns its outline entry.
fn section_heading(b: &mut Composer, section: &Section) -> Result<PendingOutline, Error> {
    let style = b.style;
    let left = style.page.margin_left.0;
    let text_width = style.text_width();
    let indent = style.body.indent.0;
    let heading = b.metrics(
        style.heading.face,
        style.heading.size,
        style.heading.leading,
    );
    let from = b.items.len();
    b.paragraph = None;
    b.block = None;
    b.space(style.heading.space_before.0);
    let numeral = match &style.heading.numeral_format {
        Some(f) => fill(f, &[("", &section.numeral)]),
        None => section.numeral.clone(),
    };
    let numeral_line = b.hanging(&numeral, style.heading.face, heading.size)?;
    let whole = crate::model::Revision::of_inlines(&section.title);
    let numeral_line = numeral_line.map(|l| super::vlist::revised(l, whole));
    if let Some(l) = numeral_line {
        b.pending.hang(left, l, Role::Heading);
    }
    b.pending.anchor(section.anchor.clone());
    let mut pieces = Vec::new();
    b.pieces(
        &section.title,
        InlineStyle::plain(style.heading.face),
        false,
        &mut pieces,
    );
    let column = Column {
        x: left + indent,
        measure: text_width - indent,
    };
    b.text(&pieces, heading, column, Align::Left, Role::Heading, true)?;
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
fn paragraph_block(b: &mut Composer, block: &Block) -> Result<(), Error> {
    let style = b.style;
    let left = style.page.margin_left.0;
    let text_width = style.text_width();
    let indent = style.body.indent.0;
    let para = b.metrics(style.body.face, style.body.size, style.body.leading);
    if let Some(anchor) = &block.anchor {
        b.pending.anchor(anchor.clone());
    }
    if let Some(n) = block.number {
        let number = fill(&style.body.number_format, &[("", &n.to_string())]);
        let line = b.hanging(&number, style.body.face, para.size)?;
        let line = line.map(|l| super::vlist::revised(l, crate::model::Revision::of_block(block)));
        if let Some(l) = line {
            b.pending.hang(left, l, Role::Number);
        }
    }
    let quotes = usize::from(block.kind == BlockKind::Quote);
    let (column, face) = if block.kind == BlockKind::Quote {
        let (l, r) = (style.quote.indent_left.0, style.quote.indent_right.0);
        let column = Column {
            x: left + indent + l,
            measure: text_width - indent - l - r,
        };
        (column, style.quote.face)
    } else {
        let column = Column {
            x: left + indent,
            measure: text_width - indent,
        };
        (column, style.body.face)
    };
    let nesting = Nesting { lists: 0, quotes };
    b.flows(&block.content, column, face, nesting)?;
    b.flush(para, column.x, Role::Text);
    Ok(())
}

/// The vertical list of the blocks from `start` to `end`, and their
/// outline entries; a section's heading goes with its first block. An
/// error is told with the heading or block it happened in.
fn body(
    b: &mut Composer,
    sections: &[Section],
    start: Position,
    end: Position,
) -> Result<(Vec<VItem>, Vec<PendingOutline>), Error> {
    let mut outline_anchors: Vec<PendingOutline> = Vec::new();
    let mut block_index = start.blocks_before(sections);
    // What a redline shows removed is not in the document's outline.
    let removed = |r| r == Some(crate::model::Revision::Deleted);
    for (s, section) in sections.iter().enumerate().skip(start.section) {
        let first = if s == start.section { start.block } else { 0 };
        let last = if s == end.section {
            end.block
        } else {
            section.blocks.len()
        };
        if s > end.section || (s == end.section && last == 0) {
            break;
        }
        let before = b.items.len();
        if first == 0 {
            let entry = section_heading(b, section).map_err(|e| {
                e.at(format!(
                    "the heading of section `{}` ({}. {})",
                    section.id,
                    section.numeral,
                    Inline::plain(&section.title)
                ))
            })?;
            if !removed(crate::model::Revision::of_inlines(&section.title)) {
                outline_anchors.push(entry);
            }
        }
        if section.blocks.is_empty() {
            // A heading with nothing under it (the next heading, or the
            // end, follows) goes with the lines before it rather than
            // alone at the top of a page.
            if let Some(VItem::Line(l)) = b.items[..before]
                .iter_mut()
                .rev()
                .find(|i| matches!(i, VItem::Line(_)))
            {
                l.break_after = false;
            }
        }

        let mut after_heading = first == 0 || section.blocks[first - 1].kind == BlockKind::Heading;
        for block in &section.blocks[first..last] {
            let from = b.items.len();
            b.paragraph = block.number;
            b.block = Some(block_index);
            block_index += 1;
            let heading = body_block(b, block, block_index, after_heading)
                .map_err(|e| e.at(block_context(section, block)))?;
            if let Some(heading) = heading
                && !removed(crate::model::Revision::of_block(block))
            {
                outline_anchors.push(heading);
            }
            after_heading = block.kind == BlockKind::Heading;
            b.seal(from);
        }
    }

    Ok((std::mem::take(&mut b.items), outline_anchors))
}

/// One block of the body, after a heading or not; a heading block
/// returns its outline entry. `count` is the number of blocks set so far,
/// this one included (an unanchored heading's anchor).
fn body_block(
    b: &mut Composer,
    block: &Block,
    count: usize,
    after_heading: bool,
) -> Result<Option<PendingOutline>, Error> {
    let style = b.style;
    match block.kind {
        BlockKind::Heading => {
            if !after_heading {
                b.space(style.subheading.space_before.0);
            }
            let left = style.page.margin_left.0;
            let indent = style.body.indent.0;
            let sub = b.metrics(
                style.subheading.face,
                style.subheading.size,
                style.subheading.leading,
            );
            let anchor = block
                .anchor
                .clone()
                .unwrap_or_else(|| format!("heading-{count}"));
            b.pending.anchor(anchor.clone());
            let mut pieces = Vec::new();
            for flow in &block.content {
                if let Flow::Para(inlines) = flow {
                    b.pieces(
                        inlines,
                        InlineStyle::plain(style.subheading.face),
                        false,
                        &mut pieces,
                    );
                }
            }
            let entry = (1, Inline::plain(&flat_inlines(&block.content)), anchor);
            let column = Column {
                x: left + indent,
                measure: style.text_width() - indent,
            };
            b.text(&pieces, sub, column, Align::Left, Role::Heading, true)?;
            b.space(style.subheading.space_after.0);
            Ok(Some(entry))
        }
        BlockKind::Paragraph | BlockKind::Unnumbered | BlockKind::Quote => {
            if !after_heading {
                b.space(style.body.paragraph_space.0);
            }
            paragraph_block(b, block)?;
            Ok(None)
        }
    }
}
