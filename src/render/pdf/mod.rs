//! The PDF renderer: our own typesetting, written with printpdf and lopdf.
//!
//! One step per module, in the order they run:
//!
//! - [`style`]: the page and type measures, read from `pdf/style.toml`;
//! - [`fonts`]: the Liberation faces, their metrics and shaping (kerning);
//! - [`hyphenate`]: hyphenation points from the language's patterns;
//! - [`linebreak`]: Knuth–Plass line breaking over whole paragraphs;
//! - [`paragraph`]: styled text into justified lines of placed glyphs;
//! - [`furniture`]: the cover and the running header as the template
//!   `pdf/cover.toml` describes them;
//! - [`layout`]: the document into pages (cover, body, running header),
//!   with widow, orphan and keep-with-next rules; no PDF in sight;
//! - [`embed`]: font subsets and the codes that map back to text;
//! - [`write`]: pages into printpdf documents (page objects), with
//!   content streams written by [`content`];
//! - [`finish`]: a lopdf pass for fonts, links, the outline, the catalog
//!   and metadata, and compression;
//!
//! with [`objects`] holding the PDF objects `write` and `finish` share,
//! and [`error`] the one error type every step returns.
//! [`render`] runs the steps in order; they are public so that the
//! benchmark can time each one from outside.
//!
//! The renderer is pure: model in, bytes out, the same bytes every time.

pub mod content;
pub mod embed;
pub mod error;
pub mod finish;
pub mod fonts;
pub mod furniture;
pub mod hyphenate;
pub mod layout;
pub mod linebreak;
pub mod objects;
pub mod paragraph;
pub mod style;
pub mod write;

use std::sync::Arc;

use anyhow::Context;

use crate::model::Document;
use crate::render::memo::Memo;
use crate::render::{Organization, Templates};

use fonts::Fonts;
use furniture::Furniture;
use hyphenate::Hyphenator;
use layout::Layout;
use objects::DocumentInfo;

pub use error::Error;
use style::Style;

/// Reports, at its place in the inputs, every character of a text that
/// the PDF's fonts cannot show: found by `check`, before any layout.
pub fn check_glyphs(
    input: &crate::input::DocumentInput,
    diags: &mut crate::diagnostics::Diagnostics,
) {
    let Ok(mut fonts) = Fonts::load() else {
        return;
    };
    for text in input.texts() {
        let mut reported = Vec::new();
        let value = text.value.as_str();
        // The fonts have every printable ASCII character: only the others
        // are looked up, found by their first byte.
        let mut at = 0;
        while let Some(skipped) = value.as_bytes()[at..].iter().position(|b| !b.is_ascii()) {
            let i = at + skipped;
            let Some(c) = value[i..].chars().next() else {
                break;
            };
            at = i + c.len_utf8();
            if c.is_control() || reported.contains(&c) {
                continue;
            }
            if let Err(e) = fonts.glyph(fonts::Face::Serif, c) {
                reported.push(c);
                diags.push(
                    crate::diagnostics::Diagnostic::error(
                        text.span_of(i..i + c.len_utf8()),
                        e.to_string(),
                    )
                    .with_note(
                        "replace the character, or build without the PDF (--format md,html)",
                    ),
                );
            }
        }
    }
}

/// The style in force: the templates' `pdf/style.toml`. A process reads
/// a given style text once (both languages of a build, every rebuild of
/// `watch` until the file changes); [`prepare`] reads it ahead of the
/// renders.
pub fn style(templates: &Templates) -> Result<Style, Error> {
    static READ: Memo<String, Style> = Memo::new(1);
    let name = "pdf/style.toml";
    let text = templates.raw(name);
    let style = READ.get(text.to_string(), || {
        Style::read(templates.origin(name), text).map(Arc::new)
    })?;
    Ok(Style::clone(&style))
}

/// Reads, ahead of the first PDF, what every PDF of the languages whose
/// hyphenation dictionaries are `hyphenation` needs and no document
/// changes: the style (as the renderer and as the cover template read
/// it) and the dictionaries. A build calls it on a thread
/// that would otherwise wait while the document is read and checked;
/// problems are left for the render to report.
pub fn prepare(templates: &Templates, hyphenation: &[&str]) {
    let _ = style(templates);
    let _ = furniture::style_table(templates);
    for code in hyphenation.iter().filter(|&&c| c != "none") {
        let _ = hyphenate::dictionary(code);
    }
}

/// What every render needs before layout: the style in force, the page
/// furniture its template describes, the fonts and the document
/// language's hyphenation.
pub struct Setup {
    pub style: Style,
    pub furniture: Furniture,
    pub fonts: Fonts,
    pub hyphenator: Hyphenator,
}

impl Setup {
    pub fn new(
        doc: &Document,
        letterhead: &[Organization],
        templates: &Templates,
    ) -> Result<Setup, Error> {
        let style = style(templates)?;
        let furniture = furniture::furniture(templates, doc, letterhead)?;
        let fonts = Fonts::load()?;
        let hyphenator = hyphenator(doc, &style)?;
        Ok(Setup {
            style,
            furniture,
            fonts,
            hyphenator,
        })
    }

    /// Shaping, line breaking and pagination.
    pub fn lay_out(&mut self, doc: &Document) -> Result<Layout, Error> {
        layout::layout(
            doc,
            &layout::FurnitureFrom::Given(&self.furniture),
            &self.style,
            &mut self.fonts,
            &mut self.hyphenator,
        )
    }
}

/// The hyphenation of the document's language, with the style's limits
/// and the locale's exceptions.
fn hyphenator(doc: &Document, style: &Style) -> Result<Hyphenator, Error> {
    let j = &style.justify;
    Ok(Hyphenator::new(
        &doc.hyphenation,
        j.hyphen_left_min,
        j.hyphen_right_min,
        j.hyphen_min_word,
    )?
    .with_locale(&doc.hyphenation_exceptions, &doc.months))
}

/// Lays out a document without writing it.
pub fn layout_document(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> anyhow::Result<Layout> {
    let mut setup = Setup::new(doc, letterhead, templates)?;
    let layout = setup
        .lay_out(doc)
        .with_context(|| format!("laying out {}", doc.symbol))?;
    Ok(layout)
}

/// Renders a document as PDF: each step of the module comment in turn.
/// The edge of the renderer: its errors become `anyhow` errors here, with
/// the document they happened in.
pub fn render(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> anyhow::Result<Vec<u8>> {
    let style = style(templates)?;
    let mut fonts = Fonts::load()?;
    let mut hyphenator = hyphenator(doc, &style)?;
    // The cover template is rendered while the second part of the body is
    // set (see `layout::FurnitureFrom`).
    let furniture = || furniture::furniture(templates, doc, letterhead).map_err(Error::from);
    let made = layout::FurnitureFrom::Made(&furniture);
    let layout =
        layout::layout(doc, &made, &style, &mut fonts, &mut hyphenator).map_err(|e| match e {
            // The template's report says where, as it did before layout.
            Error::Furniture(_) => anyhow::Error::from(e),
            e => anyhow::Error::from(e).context(format!("laying out {}", doc.symbol)),
        })?;
    let write = || -> Result<Vec<u8>, Error> {
        let mut embedded = embed::codes(&layout, &fonts);
        // The pages need the faces' codes, not their programs: the
        // programs are made in the same queue as the pages.
        let program = |e: &embed::Embedded| {
            let program = e.face.subset(&e.gids)?;
            let packed = finish::compress::pack(&program);
            Ok::<_, Error>((program, packed))
        };
        let (parts, programs) = write::write(layout, &fonts, &embedded, program)?;
        for (e, program) in embedded.iter_mut().zip(programs) {
            (e.program, e.packed_program) = program?;
        }
        finish::finish(parts, &fonts, &embedded, &DocumentInfo::of(doc))
    };
    write().with_context(|| format!("writing {}", doc.symbol))
}
