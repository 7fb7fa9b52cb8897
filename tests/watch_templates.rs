//! `ptcdoc watch` picks up edits of the files that are not inputs: a
//! template, the stylesheet, the DOCX styles, the PDF style (whose
//! measures the DOCX shares) and a locale, each edited while it runs, each
//! seen in the outputs it changes. Renderers remember what they made
//! (fonts, compressed parts) between rebuilds: this is what checks that
//! nothing they remember outlives the file it came from.
//!
mod common;

use std::path::Path;

use common::watcher::Watching;
use common::*;

#[test]
fn watch_sees_edits_of_templates_styles_and_locales() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    // A templates folder with a copy of each built-in file edited below.
    let templates = work.path().join("tpl");
    for name in [
        "document.md",
        "style.css",
        "docx/styles.xml",
        "pdf/style.toml",
        "locale/en.toml",
    ] {
        let to = templates.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("templates").join(name), &to).unwrap();
    }
    let mut watch = Watching::start(
        work.path(),
        &[
            "doc",
            "--out",
            "out",
            "--lang",
            "en",
            "--format",
            "md,html,docx",
            "--templates",
            "tpl",
        ],
    );
    let out = work.path().join("out");
    let (md, html, docx) = (
        out.join("PC0999Ea.md"),
        out.join("PC0999Ea.html"),
        out.join("PC0999Ea.docx"),
    );
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let first_html = read(&html);
    assert!(read(&md).contains("October"), "{}", read(&md));
    assert!(docx_part(&docx, "word/document.xml").contains("w:left=\"1417\""));

    // The stylesheet: the HTML changes, nothing else does.
    edit(
        &templates.join("style.css"),
        "body {",
        "body { --watched: 1;",
    );
    let seen = watch.wait_for("changed");
    let seen = seen + &watch.wait_for("built");
    assert!(seen.contains("1 changed: out/PC0999Ea.html"), "{seen}");
    assert!(read(&html).contains("--watched: 1;"));

    // A Markdown template.
    edit(
        &templates.join("document.md"),
        "{% for org in letterhead %}",
        "Watched template.\n\n{% for org in letterhead %}",
    );
    watch.wait_for("1 changed: out/PC0999Ea.md");
    assert!(read(&md).starts_with("Watched template."), "{}", read(&md));

    // The DOCX styles: its styles part carries the edit.
    edit(
        &templates.join("docx/styles.xml"),
        "The DOCX style part of ptcdoc",
        "The watched DOCX style part",
    );
    watch.wait_for("1 changed: out/PC0999Ea.docx");
    assert!(docx_part(&docx, "word/styles.xml").contains("The watched DOCX style part"));

    // The PDF style's left margin, which the DOCX's pages share.
    edit(
        &templates.join("pdf/style.toml"),
        "margin_left = \"25mm\"",
        "margin_left = \"30mm\"",
    );
    watch.wait_for("1 changed: out/PC0999Ea.docx");
    assert!(docx_part(&docx, "word/document.xml").contains("w:left=\"1701\""));

    // A locale: the month's name in every text format.
    edit(
        &templates.join("locale/en.toml"),
        "\"October\"",
        "\"Octŵber\"",
    );
    let seen = watch.wait_for("built");
    assert!(seen.contains("3 changed"), "{seen}");
    assert!(read(&md).contains("Octŵber"), "{}", read(&md));
    assert!(read(&html).contains("Octŵber"));
    assert!(docx_part(&docx, "word/document.xml").contains("Octŵber"));
    // A character new to the page (ŵ) is in its fonts: the embedded
    // subsets followed the text.
    let fonts = |page: &str| {
        let start = page.find("@font-face").unwrap();
        page[start..start + page[start..].find("@page").unwrap()].to_string()
    };
    assert_ne!(fonts(&first_html), fonts(&read(&html)));

    watch.stop();
}
