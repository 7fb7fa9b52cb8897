//! The input format of issue 14, end to end, on
//! tests/fixtures/valid/input-gaps: a style for one list (`{.alpha}`,
//! `{.roman}`, `{.bullet}`, with an id in either order), references to
//! several parts (`[](#a,#b)`), and the document's facts in texts
//! (`{{sessions}}` and the others), in each language and format: golden
//! Markdown and HTML, the PDF's text and links, the DOCX's fields and
//! numbering, and `ptcdoc new` moving the facts on.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

const FIXTURE: &str = "tests/fixtures/valid/input-gaps";

fn build(doc: &Path, formats: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            doc.to_str().unwrap(),
            "--format",
            formats,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

/// The HTML without its embedded fonts (see tests/golden_outputs.rs).
fn without_font_data(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("base64,") {
        let data = &rest[at + 7..];
        out.push_str(&rest[..at + 7]);
        out.push_str("(font data)");
        rest = &data[data.find(')').unwrap_or(data.len())..];
    }
    out.push_str(rest);
    out
}

/// Reviewed by eye: per-list styles, plural references with ranges and
/// grouped items, facts as the cover writes them, braces kept as typed.
#[test]
fn golden_markdown_and_html() {
    let out = build(&root().join(FIXTURE), "md,html");
    for name in ["PC0701Ea", "PC0701Fa"] {
        insta::assert_snapshot!(format!("{name}.md"), read(&out, &format!("{name}.md")));
        let html = without_font_data(&read(&out, &format!("{name}.html")));
        insta::assert_snapshot!(format!("{name}.html"), html);
    }
}

/// The words every format must show, with no-break spaces as spaces.
const ENGLISH: [&str; 8] = [
    "since the 239th/240th Sessions.",
    "The 241st/242nd Sessions of the Permanent Technical Committee meet on 1 – 3 June 2021",
    "issued on 3 May 2021",
    "This document, PC0701Ea,",
    "paragraphs 1 and 2, items (i) and (iv) matter most",
    "see items (i) and (iv) of paragraph 3, items (i) to (iii) of paragraph 3 and Sections I and II.",
    "see paragraphs 1 to 3 and 5 and paragraphs 1, 3 and 5.",
    "as typed: {{ 6 * 7 }}.",
];
const FRENCH: [&str; 6] = [
    "depuis les 239e/240e sessions.",
    "Les 241e/242e sessions du Comité technique permanent se réunissent du 1er – 3 juin 2021",
    "publié le 3 mai 2021",
    "aux paragraphes 1 et 2, les points i) et iv) comptent le plus",
    "voir les points i) et iv) du paragraphe 3, les points i) à iii) du paragraphe 3 et les sections I et II.",
    "voir les paragraphes 1 à 3 et 5 et les paragraphes 1, 3 et 5.",
];

fn normalised(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}', '\n'], " ")
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    // A superscript ordinal comes out with a space after it ("239e /240e").
    normalised(&String::from_utf8(out.stdout).unwrap()).replace("e /", "e/")
}

#[test]
fn the_pdf_shows_the_styles_references_and_facts() {
    let out = build(&root().join(FIXTURE), "pdf");
    let en = pdftotext(&out.path().join("PC0701Ea.pdf"));
    let fr = pdftotext(&out.path().join("PC0701Fa.pdf"));
    for phrase in ENGLISH {
        assert!(en.contains(phrase), "{phrase}\n{en}");
    }
    for phrase in FRENCH {
        assert!(fr.contains(phrase), "{phrase}\n{fr}");
    }
    // One list, three styles: letters, roman numerals, bullets.
    for labels in [
        "(a) planning; (b) drafting; (c) review;",
        "(i) one; (ii) two;",
        "• a note; • another note.",
    ] {
        assert!(en.contains(labels), "{labels}\n{en}");
    }
    for labels in [
        "a) la planification ; b) la rédaction",
        "i) un ; ii) deux ;",
        "• une note ;",
    ] {
        assert!(fr.contains(labels), "{labels}\n{fr}");
    }
}

/// Each number of a reference to several parts is a link of its own to
/// its own target: the PDF's links lead to as many places as the HTML's
/// references have anchors.
#[test]
fn each_number_links_to_its_target_in_html_and_pdf() {
    let out = build(&root().join(FIXTURE), "html,pdf");
    let html = read(&out, "PC0701Ea.html");
    let anchors: BTreeSet<&str> = html
        .split("<a class=\"ref\" href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let expected: BTreeSet<&str> = [
        "para-1",
        "para-2",
        "para-3",
        "para-4",
        "para-5",
        "item-phase-i",
        "item-phase-iii",
        "item-phase-iv",
        "section-intro",
        "section-programme",
    ]
    .into();
    assert_eq!(anchors, expected);
    assert!(html.contains(
        "<a class=\"ref\" href=\"#para-1\">paragraphs\u{a0}1</a> and <a class=\"ref\" href=\"#para-2\">2</a>"
    ));
    let pdf = lopdf::Document::load(out.path().join("PC0701Ea.pdf")).unwrap();
    let mut places = BTreeSet::new();
    for (_, page) in pdf.get_pages() {
        for annot in pdf.get_page_annotations(page).unwrap() {
            if annot.get(b"Subtype").unwrap().as_name().unwrap() != b"Link" {
                continue;
            }
            let dest = annot.get(b"Dest").unwrap().as_array().unwrap();
            let page = dest[0].as_reference().unwrap();
            let top = dest[3].as_float().unwrap();
            places.insert(format!("{page:?} {top:.1}"));
        }
    }
    assert_eq!(places.len(), expected.len(), "{places:?}");
}

/// The DOCX: one REF field per number, to its own bookmark, and each
/// list numbered in its own style.
#[test]
fn the_docx_has_a_field_per_number_and_each_list_its_style() {
    let out = build(&root().join(FIXTURE), "docx");
    let part = |name: &str| docx_part(&out.path().join("PC0701Ea.docx"), name);
    let document = part("word/document.xml");
    let fields: BTreeSet<&str> = document
        .split(" REF ")
        .skip(1)
        .map(|s| &s[..s.find(' ').unwrap()])
        .collect();
    for bookmark in [
        "para_1",
        "para_2",
        "para_5",
        "item_phase_i",
        "item_phase_iii",
        "item_phase_iv",
        "section_programme",
    ] {
        assert!(fields.contains(bookmark), "{bookmark}: {fields:?}");
    }
    // The words as Word shows them: field codes left out, runs joined.
    let mut shown = String::new();
    let mut rest = document.as_str();
    while let Some(at) = rest.find("<w:instrText") {
        shown.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find("</w:instrText>").unwrap()..];
    }
    shown.push_str(rest);
    let mut words = String::new();
    let mut in_tag = false;
    for c in shown.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => words.push(c),
            _ => {}
        }
    }
    let words = normalised(&words);
    for phrase in ENGLISH {
        assert!(words.contains(phrase), "{phrase}\n{words}");
    }
    let numbering = part("word/numbering.xml");
    for format in ["lowerLetter", "lowerRoman", "bullet"] {
        assert!(
            numbering.contains(&format!("<w:numFmt w:val=\"{format}\"/>")),
            "{format}"
        );
    }
}

/// `ptcdoc new` needs no change for the facts: the next document's texts
/// name the next sessions, and the previous ones are this document's.
#[test]
fn new_moves_the_facts_of_texts_on() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&root().join(FIXTURE), &w.join("old"));
    let run = ptcdoc(w, &["new", "next", "--from", "old", "--symbol", "PC0702"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let path = w.join("next/document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "# meeting = { from = 2021-06-01, to = 2021-06-03 }",
            "meeting = { from = 2021-11-29, to = 2021-12-01 }",
        )
        .replace("# issued = 2021-05-03", "issued = 2021-10-04");
    std::fs::write(&path, text).unwrap();
    let out = build(&w.join("next"), "md");
    let en = normalised(&read(&out, "PC0702Ea.md"));
    for phrase in [
        "This document, PC0702Ea, reports what happened since the 241st/242nd Sessions.",
        "The 243rd/244th Sessions of the Permanent Technical Committee meet on 29 November – 1 December 2021",
        "issued on 4 October 2021",
    ] {
        assert!(en.contains(phrase), "{phrase}\n{en}");
    }
    let fr = normalised(&read(&out, "PC0702Fa.md"));
    assert!(
        fr.contains("depuis les 241<sup>e</sup>/242<sup>e</sup> sessions."),
        "{fr}"
    );
}
