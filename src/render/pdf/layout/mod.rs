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
//! line knowing whether a page may end after it; pages are then filled
//! greedily, backing up to the last line a page may end after. Bottoms are
//! ragged, as in the Word originals.
//!
//! Nothing here knows about PDF: the result is plain data that tests read
//! as text, and that `write` turns into PDF operations. Here: the output
//! types and [`layout`], which runs the rooms below in order:
//!
//! - [`links`]: link targets, numbered before layout starts;
//! - [`cover`]: the first page;
//! - [`vlist`]: the vertical list and the [`vlist::Composer`] that builds it;
//! - [`body`]: sections, headings and blocks into the vertical list;
//! - [`flows`]: block content (paragraphs, quotations, lists);
//! - [`pages`]: pagination, from the vertical list to pages;
//! - [`header`]: the running header of pages 2 onwards.

use std::collections::HashMap;

use crate::model::Document;

use super::error::Error;
use super::fonts::Fonts;
use super::hyphenate::Hyphenator;
use super::paragraph::Line;
use super::style::{Style, Superscript};

mod body;
mod cover;
mod flows;
mod header;
mod links;
mod pages;
mod redline;
mod vlist;

pub use body::FurnitureFrom;
use links::Links;
use vlist::Composer;

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
    /// A redline's rules: under inserted text, through deleted text
    /// (coloured as their text), and bars beside changed lines (`None`).
    pub revision_rules: Vec<(Rect, Option<crate::model::Revision>)>,
    pub frames: Vec<Frame>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    /// The size and rise of superscript glyphs ([`Placed`] keeps a flag).
    ///
    /// [`Placed`]: super::paragraph::Placed
    pub superscript: Superscript,
    pub pages: Vec<Page>,
    pub links: Vec<LinkTarget>,
    pub destinations: HashMap<String, Dest>,
    pub outline: Vec<OutlineEntry>,
}

/// An error with the place it happened: "in paragraph 3 of section …: …".
fn located(e: Error, place: &str) -> Error {
    e.at(place)
}

/// Lays out a document, its page furniture given or made beside the
/// second part of the body (see [`FurnitureFrom`]).
pub fn layout(
    doc: &Document,
    furniture: &FurnitureFrom,
    style: &Style,
    fonts: &mut Fonts,
    hyphenator: &mut Hyphenator,
) -> Result<Layout, Error> {
    let split = body::split(&doc.sections);
    layout_split(doc, furniture, style, fonts, hyphenator, split)
}

/// [`layout`], the body set in two parts from `split` on (`None`: in
/// one).
fn layout_split(
    doc: &Document,
    furniture: &FurnitureFrom,
    style: &Style,
    fonts: &mut Fonts,
    hyphenator: &mut Hyphenator,
    split: Option<body::Position>,
) -> Result<Layout, Error> {
    let links = Links::of(doc);
    let mut b = Composer::new(style, fonts, hyphenator, &links);
    let (cover, made, items, outline_anchors) =
        body::cover_and_body(&mut b, doc, furniture, &links, split)?;
    let cover = cover.unwrap_or_default();
    let furniture = match (furniture, &made) {
        (_, Some(made)) => made,
        (FurnitureFrom::Given(given), None) => *given,
        (FurnitureFrom::Made(_), None) => unreachable!("the cover's part makes it"),
    };

    let page = &style.page;
    let placed = pages::place(items, style, 1);
    let mut pages = vec![cover];
    pages.extend(placed.pages);
    let destinations = placed.destinations;
    for (index, page) in pages.iter_mut().enumerate().skip(1) {
        header::header(&mut b, furniture.header.as_ref(), index, page)?;
    }
    for page in &mut pages {
        pages::underlines(style, page);
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
        superscript: style.superscript.clone(),
        pages,
        links: links.targets,
        destinations,
        outline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;
    use crate::render::pdf::Setup;

    /// The body set in two parts, from any place between two blocks on,
    /// the furniture made beside the second, gives the layout it gives in
    /// one part with the furniture made before: the pages, lines, glyphs
    /// and their places, the links, destinations and outline.
    #[test]
    fn every_split_sets_the_same_lines() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [
            "inputs/pc0608",
            "tests/fixtures/valid/other-shape",
            "tests/fixtures/valid/minimal",
        ] {
            let project = Project::load(&root.join(dir), &crate::Options::default()).unwrap();
            for doc in &project.checked.documents {
                let context = project.context(doc);
                let mut setup = Setup::new(doc, context.letterhead, context.templates).unwrap();
                let given = setup.furniture.clone();
                let make = || {
                    crate::render::pdf::furniture::furniture(
                        context.templates,
                        doc,
                        context.letterhead,
                    )
                    .map_err(Error::from)
                };
                // Each split with the furniture made beside the second part,
                // against one part with the furniture made before.
                let mut lay_out = |split, from: &FurnitureFrom| {
                    let s = &mut setup;
                    layout_split(doc, from, &s.style, &mut s.fonts, &mut s.hyphenator, split)
                        .unwrap()
                };
                let whole = lay_out(None, &FurnitureFrom::Given(&given));
                assert!(lay_out(None, &FurnitureFrom::Made(&make)) == whole);
                let mut places = 0;
                for (section, s) in doc.sections.iter().enumerate() {
                    for block in 0..s.blocks.len() {
                        let at = body::Position { section, block };
                        // The second part starts with a block, never with
                        // an empty section (see `body::usable`).
                        if at.blocks_before(&doc.sections) == 0 {
                            continue;
                        }
                        places += 1;
                        let parted = lay_out(Some(at), &FurnitureFrom::Made(&make));
                        assert!(parted == whole, "{dir} ({}): split at {at:?}", doc.lang);
                    }
                }
                assert!(places >= 2, "{dir}: {places} places");
            }
        }
    }
}
