//! An address written bare in a text (the other-shape fixture's People
//! Development Diagnostic Tool) is a link in every format: an `<a href>`
//! in HTML, a link back from the Markdown as pulldown-cmark reads it, a
//! /URI link annotation in the PDF and a hyperlink in the DOCX.

mod common;

use std::path::Path;

use common::*;

const BARE: [(&str, &str); 2] = [
    (
        "E",
        "https://www.wcoomd.org/en/topics/capacity-building/instruments-and-tools/people-development-diagnostic-tool.aspx",
    ),
    (
        "F",
        "https://www.wcoomd.org/fr/topics/capacity-building/instruments-and-tools/people-development-diagnostic-tool.aspx",
    ),
];

fn build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            fixture("valid/other-shape").to_str().unwrap(),
            "--format",
            "md,html,pdf,docx",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

/// The destinations of the links pulldown-cmark reads in `md`.
fn markdown_links(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Every /URI string anywhere in the PDF's objects.
fn pdf_uris(pdf: &Path) -> Vec<String> {
    fn walk(object: &lopdf::Object, out: &mut Vec<String>) {
        match object {
            lopdf::Object::Dictionary(d) => {
                for (key, value) in d.iter() {
                    match value {
                        lopdf::Object::String(bytes, _) if key == b"URI" => {
                            out.push(String::from_utf8_lossy(bytes).into_owned());
                        }
                        other => walk(other, out),
                    }
                }
            }
            lopdf::Object::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    doc.objects.values().for_each(|o| walk(o, &mut out));
    out
}

/// The DOCX's relationship targets (hyperlinks among them).
fn docx_rels(docx: &Path) -> String {
    docx_part(docx, "word/_rels/document.xml.rels")
}

#[test]
fn a_bare_address_is_a_link_in_every_format() {
    let out = build();
    for (lang, url) in BARE {
        let file = |ext: &str| out.path().join(format!("PC0712{lang}a.{ext}"));
        let html = std::fs::read_to_string(file("html")).unwrap();
        assert!(
            html.contains(&format!("<a href=\"{url}\"")),
            "{lang}: no <a href>"
        );
        let md = std::fs::read_to_string(file("md")).unwrap();
        assert!(markdown_links(&md).iter().any(|u| u == url), "{lang}: {md}");
        assert!(
            pdf_uris(&file("pdf")).iter().any(|u| u == url),
            "{lang}: no /URI"
        );
        let rels = docx_rels(&file("docx"));
        assert!(
            rels.contains(&format!("Target=\"{url}\"")),
            "{lang}: no hyperlink in {rels}"
        );
    }
}
