//! The DOCX renderer: a WordprocessingML package that Word treats as its
//! own. Paragraph numbers, list labels and section numerals are Word
//! numbering (nothing typed as text); references are `REF` fields to
//! bookmarks, their cached results the text ptcdoc computed; page 1 is
//! the WCO cover, later pages carry the running header with a `PAGE`
//! field; the language is declared in the styles, which come from the
//! overridable `docx/styles.xml` template.
//!
//! Written with quick-xml (escaping done by the writer) and packed in a
//! zip (`package`) with fixed timestamps and a fixed entry order, so the same
//! inputs give the same bytes. The measures (page, margins, indents) come
//! from the PDF's style, so both formats share one geometry.
//!
//! Parts: `body` (sections, blocks, flows, runs), `cover` (page 1),
//! `fields` (bookmarks and references), `numbering`, `parts` (styles,
//! headers and footers, properties, relationships), `package` (the zip).

mod body;
mod cover;
mod fields;
mod numbering;
mod package;
mod parts;
mod revisions;
mod xml;

use std::sync::Arc;

use crate::model::Document;
use crate::render::pdf::style::Style;

use super::{RenderContext, Renderer};
use body::{Body, Measures};
use fields::Targets;
use numbering::{Numbering, twips};
use xml::Xml;

/// The style template's name among the templates.
pub const STYLES_TEMPLATE: &str = "docx/styles.xml";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub struct Docx;

impl Renderer for Docx {
    fn render(&self, ctx: &RenderContext) -> anyhow::Result<Vec<u8>> {
        let style = style(ctx.templates)?;
        let doc = ctx.document;
        let targets = Targets::of(doc);
        let (document, numbering, links) = document_part(ctx, &style, &targets);
        let styles = parts::styles(
            ctx.templates.raw(STYLES_TEMPLATE),
            ctx.templates.origin(STYLES_TEMPLATE),
            &doc.pdf_lang,
        )?;
        let entries: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", parts::content_types()),
            ("_rels/.rels", parts::package_relationships()),
            ("docProps/core.xml", parts::core_properties(doc)),
            ("docProps/app.xml", parts::app_properties()),
            ("word/document.xml", document),
            (
                "word/_rels/document.xml.rels",
                parts::document_relationships(&links),
            ),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
            ("word/settings.xml", parts::settings(doc)),
            (
                "word/header1.xml",
                parts::running_header(doc, &style, &targets),
            ),
            (
                "word/footer1.xml",
                parts::notice_footer(doc, &style, &targets),
            ),
            ("word/footer2.xml", parts::empty_footer(&style, &targets)),
        ];
        Ok(package::zip(&entries)?)
    }
}

/// The PDF's style, whose measures the DOCX shares (`pdf::style` reads
/// a style file's text once per process).
fn style(templates: &crate::render::Templates) -> anyhow::Result<Arc<Style>> {
    Ok(Arc::new(crate::render::pdf::style(templates)?))
}

/// A section's properties: page, margins, and its header (none on the
/// first section means no header at all) and footer.
fn section(x: &mut Xml, style: &Style, top: f32, header: Option<&str>, footer: &str) {
    let p = &style.page;
    x.open("w:sectPr", &[]);
    if let Some(header) = header {
        x.empty(
            "w:headerReference",
            &[("w:type", "default"), ("r:id", header)],
        );
    }
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", footer)],
    );
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &twips(p.width.0).to_string()),
            ("w:h", &twips(p.height.0).to_string()),
        ],
    );
    // The header's top: its baseline less the ascent of its face.
    let header_top = style.header.baseline.0 - 0.891 * style.header.size;
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &twips(top).to_string()),
            ("w:right", &twips(p.margin_right.0).to_string()),
            ("w:bottom", &twips(p.margin_bottom.0).to_string()),
            ("w:left", &twips(p.margin_left.0).to_string()),
            ("w:header", &twips(header_top.max(0.0)).to_string()),
            ("w:footer", &twips(p.margin_bottom.0).to_string()),
            ("w:gutter", "0"),
        ],
    );
    x.close("w:sectPr");
}

/// The main part: the cover's section, then the body's. Gives the part,
/// the numbering part and the external links.
fn document_part(
    ctx: &RenderContext,
    style: &Style,
    targets: &Targets,
) -> (Vec<u8>, Vec<u8>, Vec<String>) {
    let doc: &Document = ctx.document;
    let numbering = Numbering::new(
        &style.body.number_format,
        style.heading.numeral_format.as_deref().unwrap_or("{}"),
        twips(style.body.indent.0),
    );
    let mut b = Body::new(targets, numbering, Measures::of(style));
    if let Some(redline) = &doc.redline {
        b.revisions = revisions::Revisions::new(&redline.author, doc.issued);
    }
    b.x.open("w:document", &[("xmlns:w", W), ("xmlns:r", R)]);
    b.x.open("w:body", &[]);
    cover::cover(&mut b, style, doc, ctx.letterhead, |x| {
        section(
            x,
            style,
            style.page.margin_top_first.0,
            // Not even an empty header: its paragraph would push the
            // letterhead below the cover's top margin.
            None,
            parts::NOTICE_FOOTER.0,
        )
    });
    for (i, s) in doc.sections.iter().enumerate() {
        b.section(s, i == 0);
    }
    section(
        &mut b.x,
        style,
        style.page.margin_top.0,
        Some(parts::RUNNING_HEADER.0),
        parts::EMPTY_FOOTER.0,
    );
    b.x.close("w:body");
    b.x.close("w:document");
    let numbering = b.numbering.part();
    (b.x.finish(), numbering, b.links)
}
