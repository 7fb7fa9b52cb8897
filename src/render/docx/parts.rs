//! The package's small parts: content types, relationships, core and
//! application properties, settings, the headers and footers, and the
//! style part (the `docx/styles.xml` template with the document's
//! language set on every `w:lang`).

use quick_xml::events::{BytesStart, Event};

use crate::model::Document;
use crate::render::pdf::style::Style;

use super::body::{Body, Props, Run};
use super::cover::{face, text_width};
use super::numbering::twips;
use super::xml::Xml;
use super::{R, W};

/// The parts the document relates to, with their relationship ids.
pub const STYLES: (&str, &str) = ("rIdStyles", "styles.xml");
pub const NUMBERING: (&str, &str) = ("rIdNumbering", "numbering.xml");
pub const SETTINGS: (&str, &str) = ("rIdSettings", "settings.xml");
pub const RUNNING_HEADER: (&str, &str) = ("rIdHeaderRunning", "header1.xml");
pub const NOTICE_FOOTER: (&str, &str) = ("rIdFooterNotice", "footer1.xml");
pub const EMPTY_FOOTER: (&str, &str) = ("rIdFooterEmpty", "footer2.xml");

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn content_types() -> Vec<u8> {
    let mut x = Xml::new();
    let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let parts = [
        ("/word/document.xml", format!("{ct}.document.main+xml")),
        ("/word/styles.xml", format!("{ct}.styles+xml")),
        ("/word/numbering.xml", format!("{ct}.numbering+xml")),
        ("/word/settings.xml", format!("{ct}.settings+xml")),
        ("/word/header1.xml", format!("{ct}.header+xml")),
        ("/word/footer1.xml", format!("{ct}.footer+xml")),
        ("/word/footer2.xml", format!("{ct}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    for (name, kind) in parts {
        x.empty("Override", &[("PartName", name), ("ContentType", &kind)]);
    }
    x.close("Types");
    x.finish()
}

fn relationships(rels: &[(&str, String, &str, bool)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    for (id, kind, target, external) in rels {
        let mut attrs = vec![("Id", *id), ("Type", kind.as_str()), ("Target", *target)];
        if *external {
            attrs.push(("TargetMode", "External"));
        }
        x.empty("Relationship", &attrs);
    }
    x.close("Relationships");
    x.finish()
}

pub fn package_relationships() -> Vec<u8> {
    relationships(&[
        (
            "rId1",
            format!("{REL}/officeDocument"),
            "word/document.xml",
            false,
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
            false,
        ),
        (
            "rId3",
            format!("{REL}/extended-properties"),
            "docProps/app.xml",
            false,
        ),
    ])
}

/// The document's relationships: its parts, then its links in order.
pub fn document_relationships(links: &[String]) -> Vec<u8> {
    let parts = [
        (STYLES, "styles"),
        (NUMBERING, "numbering"),
        (SETTINGS, "settings"),
        (RUNNING_HEADER, "header"),
        (NOTICE_FOOTER, "footer"),
        (EMPTY_FOOTER, "footer"),
    ];
    let ids: Vec<String> = (1..=links.len()).map(|n| format!("rIdLink{n}")).collect();
    let mut rels: Vec<(&str, String, &str, bool)> = parts
        .iter()
        .map(|((id, target), kind)| (*id, format!("{REL}/{kind}"), *target, false))
        .collect();
    for (id, url) in ids.iter().zip(links) {
        rels.push((id, format!("{REL}/hyperlink"), url, true));
    }
    relationships(&rels)
}

pub fn core_properties(doc: &Document) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &crate::model::Inline::plain(&doc.title));
    x.leaf("dc:creator", &[], &doc.words.organization);
    x.leaf("dc:identifier", &[], &doc.symbol);
    x.leaf("dc:language", &[], &doc.pdf_lang);
    if let Some(d) = &doc.issued {
        let date = format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day);
        for name in ["dcterms:created", "dcterms:modified"] {
            x.leaf(name, &[("xsi:type", "dcterms:W3CDTF")], &date);
        }
    }
    x.close("cp:coreProperties");
    x.finish()
}

pub fn app_properties() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.leaf("Application", &[], "ptcdoc");
    x.close("Properties");
    x.finish()
}

pub fn settings(doc: &Document) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W)]);
    x.val("w:defaultTabStop", "709");
    // The PDF hyphenates; so does Word, in the language of the text.
    x.empty("w:autoHyphenation", &[]);
    x.val("w:characterSpacingControl", "doNotCompress");
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.val("w:themeFontLang", &doc.pdf_lang);
    x.close("w:settings");
    x.finish()
}

/// A header or footer part: `content` writes its paragraphs.
fn furniture(
    root: &str,
    targets: &super::fields::Targets,
    measures: super::body::Measures,
    content: impl FnOnce(&mut Body),
) -> Vec<u8> {
    let numbering = super::numbering::Numbering::new("{}", "{}", 0);
    let mut b = Body::new(targets, numbering, measures);
    b.x.open(root, &[("xmlns:w", W), ("xmlns:r", R)]);
    content(&mut b);
    b.x.close(root);
    b.x.finish()
}

/// The running header of pages 2 onwards: the short symbol flush left,
/// the page number (a `PAGE` field in the PDF's pattern) flush right.
pub fn running_header(doc: &Document, style: &Style, targets: &super::fields::Targets) -> Vec<u8> {
    let measures = super::body::Measures::of(style);
    furniture("w:hdr", targets, measures, |b| {
        let run = face(style.header.face, style.header.size);
        b.open(&Props {
            style: "Header",
            right_tab: Some(text_width(style)),
            ..Props::default()
        });
        b.run(&run, &doc.short_symbol);
        b.run(&run, "\t");
        let (before, after) = style
            .header
            .page_number
            .split_once("{}")
            .unwrap_or((style.header.page_number.as_str(), ""));
        b.run(&run, before);
        b.field(&run, " PAGE ", "2");
        b.run(&run, after);
        b.close();
    })
}

/// A footer with nothing in it (a part needs one paragraph): the body's,
/// so that it does not inherit the cover's notice.
pub fn empty_footer(style: &Style, targets: &super::fields::Targets) -> Vec<u8> {
    furniture("w:ftr", targets, super::body::Measures::of(style), |b| {
        b.open(&Props {
            style: "Footer",
            ..Props::default()
        });
        b.close();
    })
}

/// Page 1's footer: the economy and copyright notice under a short rule.
pub fn notice_footer(doc: &Document, style: &Style, targets: &super::fields::Targets) -> Vec<u8> {
    let c = &style.cover;
    furniture("w:ftr", targets, super::body::Measures::of(style), |b| {
        let rule = Props {
            style: "Footer",
            right: Some(text_width(style) - twips(c.footnote_rule.0)),
            after: Some(twips(c.footnote_rule_gap.0)),
            rule_below: Some((c.footnote_rule_thickness.0 * 8.0).round().max(2.0) as u32),
            ..Props::default()
        };
        b.open(&rule);
        b.close();
        let run: Run = face(c.footnote_face, c.footnote_size);
        let texts = [&doc.economy, &doc.copyright];
        for (i, text) in texts.iter().enumerate() {
            let p = Props {
                style: "Footer",
                jc: Some("both"),
                after: Some(if i + 1 < texts.len() {
                    twips(c.footnote_space.0)
                } else {
                    0
                }),
                ..Props::default()
            };
            b.open(&p);
            b.run(&run, text);
            b.close();
        }
    })
}

/// The style part: the template as written, with the document's
/// language on every `w:lang` (so one template serves every language).
/// An override that is not well-formed XML is an error naming it.
pub fn styles(template: &str, origin: &str, lang: &str) -> anyhow::Result<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_str(template);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(template.len() + 64));
    let bad = |e: &dyn std::fmt::Display, at: u64| {
        anyhow::anyhow!("the DOCX style part {origin} is not well-formed XML (at byte {at}): {e}")
    };
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(&e, reader.buffer_position()))?;
        let event = match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:lang" => {
                depth += 1;
                Event::Start(with_lang(&e, lang))
            }
            Event::Empty(e) if e.name().as_ref() == b"w:lang" => Event::Empty(with_lang(&e, lang)),
            Event::Start(e) => {
                depth += 1;
                Event::Start(e)
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                Event::End(e)
            }
            other => other,
        };
        writer
            .write_event(event)
            .map_err(|e| bad(&e, reader.buffer_position()))?;
    }
    if depth != 0 {
        return Err(bad(&"an element is not closed", reader.buffer_position()));
    }
    Ok(writer.into_inner())
}

fn with_lang(e: &BytesStart, lang: &str) -> BytesStart<'static> {
    let mut out = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for a in e.attributes().flatten() {
        if a.key.as_ref() != b"w:val" {
            out.push_attribute(a);
        }
    }
    out.push_attribute(("w:val", lang));
    out.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_part_takes_the_documents_language() {
        let template = r#"<w:styles xmlns:w="x"><w:lang w:val="en-GB" w:bidi="ar-SA"/><w:lang w:val="en-GB"></w:lang></w:styles>"#;
        let out = String::from_utf8(styles(template, "t", "fr-FR").unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<w:styles xmlns:w="x"><w:lang w:bidi="ar-SA" w:val="fr-FR"/><w:lang w:val="fr-FR"></w:lang></w:styles>"#
        );
    }

    #[test]
    fn a_style_part_that_is_not_xml_is_an_error_naming_it() {
        for bad in ["<w:styles><w:style></w:styles>", "<w:styles>", "<a></b>"] {
            let e = styles(bad, "my/docx/styles.xml", "en-GB").unwrap_err();
            assert!(e.to_string().contains("my/docx/styles.xml"), "{bad}: {e}");
        }
    }
}
