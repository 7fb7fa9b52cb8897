//! The PDF renderer: our own typesetting on printpdf.
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
//! - [`write`]: pages into printpdf operations and objects;
//! - [`post`]: a lopdf pass for fonts, links, the outline, language,
//!   metadata, compression and a fixed document ID.
//!
//! The renderer is pure: model in, bytes out, the same bytes every time.

pub mod embed;
pub mod fonts;
pub mod furniture;
pub mod hyphenate;
pub mod layout;
pub mod linebreak;
pub mod paragraph;
pub mod post;
pub mod style;
pub mod write;

use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};

use crate::model::{Document, Inline};
use crate::render::{Organization, Templates};

use fonts::Fonts;
use hyphenate::Hyphenator;
use layout::Layout;
use style::Style;

/// Where the time of a render went, for the benchmark.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Fonts, style and hyphenation dictionary.
    pub setup: Duration,
    /// Shaping, line breaking and pagination.
    pub layout: Duration,
    /// Font subsetting.
    pub embed: Duration,
    /// printpdf operations and objects, and the lopdf pass with
    /// compression and serialization.
    pub write: write::Timings,
}

impl Timings {
    pub fn writing(&self) -> Duration {
        self.embed + self.write.objects + self.write.finish
    }
}

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
        for (i, c) in text.value.char_indices() {
            if c.is_control() || c.is_ascii() || reported.contains(&c) {
                continue;
            }
            if let Err(e) = fonts.glyph(fonts::Face::Serif, c) {
                reported.push(c);
                diags.push(
                    crate::diagnostics::Diagnostic::error(
                        text.span_of(i..i + c.len_utf8()),
                        format!(
                            "the PDF font {} has no glyph for U+{:04X} '{c}'",
                            e.face.name(),
                            u32::from(c)
                        ),
                    )
                    .with_note(
                        "replace the character, or build without the PDF (--format md,html)",
                    ),
                );
            }
        }
    }
}

/// The style in force: the templates' `pdf/style.toml`.
pub fn style(templates: &Templates) -> Result<Style> {
    let name = "pdf/style.toml";
    Style::read(templates.origin(name), templates.raw(name)).map_err(|e| anyhow!(e))
}

/// Lays out a document without writing it.
pub fn layout_document(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> Result<Layout> {
    let style = style(templates)?;
    let furniture = furniture::furniture(templates, doc, letterhead)?;
    let mut fonts = Fonts::load().map_err(|e| anyhow!(e))?;
    let mut hyphenator = hyphenator(doc, &style)?;
    layout::layout(doc, &furniture, &style, &mut fonts, &mut hyphenator)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("laying out {}", doc.symbol))
}

fn hyphenator(doc: &Document, style: &Style) -> Result<Hyphenator> {
    let j = &style.justify;
    Hyphenator::new(
        &doc.hyphenation,
        j.hyphen_left_min,
        j.hyphen_right_min,
        j.hyphen_min_word,
    )
    .map_err(|e| anyhow!(e))
}

/// Renders a document as PDF.
pub fn render(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> Result<Vec<u8>> {
    render_timed(doc, letterhead, templates).map(|(bytes, _)| bytes)
}

/// Renders a document as PDF, timing each step.
pub fn render_timed(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> Result<(Vec<u8>, Timings)> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let style = style(templates)?;
    let furniture = furniture::furniture(templates, doc, letterhead)?;
    let mut fonts = Fonts::load().map_err(|e| anyhow!(e))?;
    let mut hyphenator = hyphenator(doc, &style)?;
    timings.setup = start.elapsed();

    let start = Instant::now();
    let layout = layout::layout(doc, &furniture, &style, &mut fonts, &mut hyphenator)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("laying out {}", doc.symbol))?;
    timings.layout = start.elapsed();

    let start = Instant::now();
    let embedded = embed::embed(&layout, &fonts).map_err(|e| anyhow!(e))?;
    timings.embed = start.elapsed();

    let title = Inline::plain(&doc.title);
    let subject = format!(
        "{} – {}, {}",
        doc.symbol,
        doc.committee,
        crate::model::Inline::plain(&doc.sessions)
    );
    let meta = write::Meta {
        title: &title,
        author: &doc.words.organization,
        subject: &subject,
        lang: &doc.pdf_lang,
    };
    let bytes = write::write(layout, &fonts, &embedded, &meta, &mut timings.write)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("writing {}", doc.symbol))?;
    Ok((bytes, timings))
}
