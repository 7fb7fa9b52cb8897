//! `ptcdoc diff`: the redline of a new version against an old one.
//!
//! The new version is a copy of the default document, made at test time
//! so that it follows the default document, with one word changed
//! (paragraph 7, "ongoing" → "complete"), a paragraph inserted early (the
//! new paragraph 2, which renumbers every paragraph after it) and a
//! paragraph removed (old paragraph 10, with an id):
//! exactly those three are marked, in the HTML, in the PDF's text colours
//! and in the DOCX's tracked changes; LibreOffice accepting every change
//! gives the new version's text and rejecting every change the old's, and
//! so does Pandoc after `tools/redline-norm.lua`. Identical inputs mark
//! nothing; a package removed or added, and the next meeting's document
//! made by `ptcdoc new`, are compared as well.
//!
//! A test that needs an external program skips with a message when the
//! program is missing, unless `CI` is set: there it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, default_doc, docx_part, edit, have, ptcdoc, root, stderr};

const INSERTED_EN: &str = "The Secretariat will report orally on any development that occurs after this document is issued.";
const REMOVED_EN: &str = "Regarding HS, Valuation and Origin compliance, the Secretariat provided";

/// A copy of the default document in `dir` without its translation lock
/// (the edits below would leave its translations stale).
fn default_copy(dir: &Path) -> PathBuf {
    copy_dir(&default_doc(), dir);
    std::fs::remove_file(dir.join("translations.lock")).unwrap();
    dir.to_path_buf()
}

/// The default document with a reference in its first paragraph to
/// "phase-iv" (paragraph 4, paragraph 5 once a paragraph is inserted
/// before it): the old version of the three changes.
fn with_reference(dir: &Path) -> PathBuf {
    let doc = default_copy(dir);
    let toml = doc.join("document.toml");
    edit(
        &toml,
        "PTC agenda items of this meeting.\n\"\"\"",
        "PTC agenda items of this meeting. Phase IV is described in [](#phase-iv).\n\"\"\"",
    );
    edit(
        &toml,
        "la présente réunion du CTP.\n\"\"\"\n\n[[section.introduction",
        "la présente réunion du CTP. La Phase IV est décrite au [](#phase-iv).\n\"\"\"\n\n\
         [[section.introduction",
    );
    doc
}

/// The old version with the three changes, in both languages.
fn three_changes(dir: &Path) -> PathBuf {
    let new = with_reference(dir);
    let second = "[[section.introduction.blocks]]\nen = \"\"\"\nConsidering that";
    let inserted = format!(
        "[[section.introduction.blocks]]\nen = \"\"\"\n{INSERTED_EN}\n\"\"\"\nfr = \"\"\"\n\
         Le Secrétariat rendra compte oralement de toute évolution survenue après la \
         publication du présent document.\n\"\"\"\n\n{second}"
    );
    edit(&new.join("document.toml"), second, &inserted);
    let revenue = new.join("packages/revenue.toml");
    edit(
        &revenue,
        "Certification is ongoing.",
        "Certification is complete.",
    );
    edit(
        &revenue,
        "l'origine est en cours.",
        "l'origine est achevée.",
    );
    let text = std::fs::read_to_string(&revenue).unwrap();
    let start = text
        .find("[[blocks]]\nid = \"hs-valuation-origin\"")
        .unwrap();
    let end = start + 1 + text[start + 1..].find("[[blocks]]").unwrap();
    std::fs::write(&revenue, format!("{}{}", &text[..start], &text[end..])).unwrap();
    new
}

/// Runs `ptcdoc diff OLD NEW --out OUT ARGS`; gives its standard output.
fn diff(old: &Path, new: &Path, out: &Path, args: &[&str]) -> String {
    let mut all = vec![
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let run = ptcdoc(&root(), &all);
    assert!(run.status.success(), "{}", stderr(&run));
    String::from_utf8(run.stdout).unwrap()
}

/// Builds one document's DOCX into `out`; gives its path.
fn build_docx(doc: &Path, out: &Path, lang: &str) -> PathBuf {
    let run = ptcdoc(
        &root(),
        &[
            "build",
            doc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "docx",
            "--lang",
            lang,
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap()
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The texts between each `open` and the next `close`, tags inside
/// removed, spaces normalised.
fn between(text: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let end = after.find(close).unwrap();
        out.push(words(&strip_tags(&after[..end])));
        rest = &after[end + close.len()..];
    }
    out
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&#39;", "'")
}

/// The HTML's document (after the redline's summary and legend).
fn html_article(path: &Path) -> String {
    let html = std::fs::read_to_string(path).unwrap();
    let at = html.find("<article").unwrap();
    html[at..].to_string()
}

/// The texts of a DOCX's change elements of one kind (`w:ins`, `w:del`),
/// one per element with text, in order.
fn tracked(xml: &str, tag: &str) -> Vec<String> {
    let text_tag = if tag == "w:ins" { "w:t" } else { "w:delText" };
    let mut out = Vec::new();
    let mut rest = xml;
    let open = format!("<{tag} ");
    while let Some(at) = rest.find(&open) {
        let after = &rest[at..];
        let head_end = after.find('>').unwrap();
        if after[..head_end].ends_with('/') {
            rest = &after[head_end..];
            continue;
        }
        let end = after.find(&format!("</{tag}>")).unwrap();
        let texts = between(
            &after[..end],
            &format!("<{text_tag} xml:space=\"preserve\">"),
            &format!("</{text_tag}>"),
        );
        let text = texts.concat();
        if !text.is_empty() {
            out.push(text);
        }
        rest = &after[end..];
    }
    out
}

/// The PDF's text by colour, as MuPDF extracts it: (blue, red), spaces and
/// hyphens removed (lines break and hyphenate where they may), without
/// the samples of the English summary's legend ("inserted text", "deleted
/// text") at the start of the body.
fn pdf_marked_text(pdf: &Path) -> (String, String) {
    let (blue, red) = pdf_coloured_text(pdf);
    assert_eq!(blue.matches("insertedtext").count(), 1, "{blue}");
    assert_eq!(red.matches("deletedtext").count(), 1, "{red}");
    (
        blue.replace("insertedtext", ""),
        red.replace("deletedtext", ""),
    )
}

/// The PDF's text by colour: (blue, red).
fn pdf_coloured_text(pdf: &Path) -> (String, String) {
    let out = Command::new("mutool")
        .args([
            "draw",
            "-q",
            "-F",
            "stext",
            "-o",
            "-",
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let xml = String::from_utf8(out.stdout).unwrap();
    let (mut blue, mut red) = (String::new(), String::new());
    for ch in xml.split("<char ").skip(1) {
        let attr = |name: &str| {
            let at = ch.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            ch[at..at + ch[at..].find('"').unwrap()].to_string()
        };
        let colour = attr("color");
        let c = strip_tags(&attr("c"))
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        let channel = |i: usize| u8::from_str_radix(&colour[1 + 2 * i..3 + 2 * i], 16).unwrap();
        match (channel(0), channel(2)) {
            (0, 0) => {}
            (r, b) if b > r => blue.push_str(&c),
            _ => red.push_str(&c),
        }
    }
    (squeeze(&blue), squeeze(&red))
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}')
        .collect()
}

/// LibreOffice's text of a DOCX, after `mode` (accept, reject, nothing),
/// fields refreshed (references renumbered by the changes show their
/// numbers then).
fn lo_text(docx: &Path, mode: Option<&str>, out: &Path) -> String {
    let script = root().join("tools/lo_text.py");
    let txt = out.join(format!(
        "{}-{}.txt",
        docx.file_stem().unwrap().to_str().unwrap(),
        mode.unwrap_or("plain")
    ));
    let mut args = vec![script.to_str().unwrap().to_string()];
    if let Some(m) = mode {
        args.push(format!("--{m}"));
    }
    args.extend([
        "--refresh".into(),
        docx.to_str().unwrap().into(),
        txt.to_str().unwrap().into(),
    ]);
    let run = Command::new("/usr/bin/python3")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(txt).unwrap()
}

/// Pandoc's reading of a DOCX (`--track-changes=mode`), through the
/// filter that drops the empty items it keeps for whole paragraphs.
fn pandoc(docx: &Path, mode: &str) -> String {
    let filter = root().join("tools/redline-norm.lua");
    let out = Command::new("pandoc")
        .args([
            &format!("--track-changes={mode}"),
            "-t",
            "native",
            "--lua-filter",
            filter.to_str().unwrap(),
            docx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Accepting every change gives `new`'s text, rejecting every change
/// `old`'s, for LibreOffice and (after the filter) for Pandoc.
fn check_accept_reject(redline: &Path, old: &Path, new: &Path, work: &Path) {
    check_accept_reject_but(redline, old, new, work, None);
}

/// As [`check_accept_reject`]; `renumbered` is a reference (as Pandoc's
/// native output writes it, new then old) renumbered and so, on purpose,
/// not marked. Pandoc reads a field's cached result, the new number, where
/// LibreOffice (the judge of field results) updates the field: after
/// rejecting every change Pandoc reads it once, with the new number.
fn check_accept_reject_but(
    redline: &Path,
    old: &Path,
    new: &Path,
    work: &Path,
    renumbered: Option<(&str, &str)>,
) {
    if have("soffice") && have("/usr/bin/python3") {
        let expected_new = lo_text(new, None, work);
        let expected_old = lo_text(old, None, work);
        assert_eq!(lo_text(redline, Some("accept"), work), expected_new);
        assert_eq!(lo_text(redline, Some("reject"), work), expected_old);
    }
    if have("pandoc") {
        assert_eq!(pandoc(redline, "accept"), pandoc(new, "accept"));
        let mut rejected = pandoc(redline, "reject");
        if let Some((new_ref, old_ref)) = renumbered {
            assert_eq!(rejected.matches(new_ref).count(), 1, "{new_ref}");
            rejected = rejected.replace(new_ref, old_ref);
        }
        assert_eq!(rejected, pandoc(old, "accept"));
    }
}

#[test]
fn exactly_the_three_changes_are_marked_in_every_format() {
    let out = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let old = with_reference(&work.path().join("old"));
    let new = three_changes(&work.path().join("new"));
    let stdout = diff(&old, &new, out.path(), &[]);
    assert!(
        stdout.contains("en: 1 changed, 1 added, 1 removed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fr: 1 changed, 1 added, 1 removed"),
        "{stdout}"
    );

    let html = html_article(&out.path().join("PC0608Ea-redline.html"));
    assert_eq!(between(&html, "<ins>", "</ins>"), [INSERTED_EN, "complete"]);
    let deleted = between(&html, "<del>", "</del>");
    assert_eq!(deleted.len(), 2, "{deleted:?}");
    assert_eq!(deleted[0], "ongoing");
    assert!(deleted[1].starts_with(REMOVED_EN), "{deleted:?}");
    // The inserted paragraph is the new 2; the removed one keeps its old 10.
    assert!(html.contains("<div class=\"para inserted\" id=\"para-2\">"));
    assert!(html.contains("<div class=\"para deleted\" id=\"para-removed-10\">"));
    // The reference follows its paragraph from 4 to 5, unmarked.
    assert!(words(&strip_tags(&html)).contains("Phase IV is described in paragraph 5."));
    assert!(html.contains("described in <a class=\"ref\" href=\"#para-5\">"));
    // The summary and legend are in the document's language.
    let fr_page = std::fs::read_to_string(out.path().join("PC0608Fa-redline.html")).unwrap();
    assert!(fr_page.contains("Modifications\u{a0}: 1 modifié(s), 1 ajouté(s), 1 supprimé(s)"));
    assert!(fr_page.contains("Légende\u{a0}: <ins>texte inséré</ins>"));
    let en_page = std::fs::read_to_string(out.path().join("PC0608Ea-redline.html")).unwrap();
    assert!(en_page.contains("Changes: 1 changed, 1 added, 1 removed"));
    let fr = html_article(&out.path().join("PC0608Fa-redline.html"));
    assert_eq!(between(&fr, "<ins>", "</ins>").len(), 2);
    assert_eq!(between(&fr, "<del>", "</del>")[0], "en cours");

    let docx = out.path().join("PC0608Ea-redline.docx");
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(tracked(&xml, "w:ins"), [INSERTED_EN, "complete"]);
    let del = tracked(&xml, "w:del");
    assert_eq!(del.len(), 2, "{del:?}");
    assert_eq!(del[0], "ongoing");
    assert!(del[1].starts_with(REMOVED_EN));
    assert_eq!(xml.matches("<w:rPr><w:ins ").count(), 1);
    assert_eq!(xml.matches("<w:rPr><w:del ").count(), 1);
    assert!(xml.contains("w:author=\"World Customs Organization\""));
    assert!(xml.contains("w:date=\"2020-03-24T00:00:00Z\""));
    assert!(!xml.contains("w:date=\"\""));

    if have("pdftotext") {
        let pdf = out.path().join("PC0608Ea-redline.pdf");
        let run = Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = words(&String::from_utf8(run.stdout).unwrap());
        assert!(
            text.contains("Changes: 1 changed, 1 added, 1 removed"),
            "{text}"
        );
    }
    if have("mutool") {
        let (blue, red) = pdf_marked_text(&out.path().join("PC0608Ea-redline.pdf"));
        assert_eq!(blue, squeeze(&format!("2.{INSERTED_EN}complete")));
        assert_eq!(red, squeeze(&format!("ongoing10.{}", deleted[1])));
    }

    for lang in ["en", "fr"] {
        let old_docx = build_docx(&old, &work.path().join(format!("old-{lang}")), lang);
        let new_docx = build_docx(&new, &work.path().join(format!("new-{lang}")), lang);
        let symbol = if lang == "en" { "PC0608Ea" } else { "PC0608Fa" };
        let redline = out.path().join(format!("{symbol}-redline.docx"));
        let word = if lang == "en" {
            "paragraph"
        } else {
            "paragraphe"
        };
        let new_ref = format!("Str \"{word}\\160\\&5.\"");
        let old_ref = format!("Str \"{word}\\160\\&4.\"");
        check_accept_reject_but(
            &redline,
            &old_docx,
            &new_docx,
            work.path(),
            Some((&new_ref, &old_ref)),
        );
        // Rejecting every change gives the old numbers back: the
        // reference's field reads 4 again once updated.
        if lang == "en" && have("soffice") && have("/usr/bin/python3") {
            let rejected = lo_text(&redline, Some("reject"), work.path());
            let rejected = words(&rejected);
            assert!(rejected.contains("described in paragraph 4."), "{rejected}");
        }
    }
}

#[test]
fn identical_inputs_mark_nothing() {
    let out = tempfile::tempdir().unwrap();
    let doc = default_doc();
    let stdout = diff(&doc, &doc, out.path(), &["--lang", "en"]);
    assert!(
        stdout.contains("en: 0 changed, 0 added, 0 removed"),
        "{stdout}"
    );
    let html = html_article(&out.path().join("PC0608Ea-redline.html"));
    assert!(!html.contains("<ins>") && !html.contains("<del>"));
    assert!(!html.contains("inserted") && !html.contains("deleted"));
    let xml = docx_part(
        &out.path().join("PC0608Ea-redline.docx"),
        "word/document.xml",
    );
    assert!(!xml.contains("<w:ins ") && !xml.contains("<w:del "));
    if have("mutool") {
        let (blue, red) = pdf_marked_text(&out.path().join("PC0608Ea-redline.pdf"));
        assert_eq!((blue.as_str(), red.as_str()), ("", ""));
    }
}

/// The default document without its Revenue Package (9 blocks): removed
/// one way, added the other, with everything after it renumbered and not
/// marked.
#[test]
fn a_package_removed_or_added_is_marked_whole() {
    let work = tempfile::tempdir().unwrap();
    let without = default_copy(&work.path().join("without"));
    std::fs::remove_file(without.join("packages/revenue.toml")).unwrap();
    edit(
        &without.join("document.toml"),
        r#"sections = ["introduction", "revenue", "cep", "action-required"]"#,
        r#"sections = ["introduction", "cep", "action-required"]"#,
    );

    let removed = work.path().join("removed");
    let stdout = diff(&default_doc(), &without, &removed, &["--lang", "en"]);
    assert!(
        stdout.contains("en: 0 changed, 0 added, 9 removed"),
        "{stdout}"
    );
    let html = html_article(&removed.join("PC0608Ea-redline.html"));
    assert_eq!(between(&html, "<ins>", "</ins>"), Vec::<String>::new());
    let deleted = between(&html, "<del>", "</del>");
    assert_eq!(deleted[0], "Revenue Package");
    // The Compliance and Enforcement Package's first paragraph, now 3, is
    // not marked.
    assert!(html.contains("<div class=\"para\" id=\"para-3\">"));
    if have("mutool") {
        // The PDF's outline is the new document's: the removed section is
        // not in it.
        let pdf = removed.join("PC0608Ea-redline.pdf");
        let out = Command::new("mutool")
            .args(["show", pdf.to_str().unwrap(), "outline"])
            .output()
            .unwrap();
        let outline = String::from_utf8(out.stdout).unwrap();
        assert!(!outline.contains("II. \""), "{outline}");
        assert!(outline.contains("\"II. Compliance"), "{outline}");
        let (blue, red) = pdf_marked_text(&pdf);
        assert_eq!(blue, "");
        assert!(
            red.starts_with("II.RevenuePackage3.TheRevenuePackage"),
            "{red}"
        );
    }

    let added = work.path().join("added");
    let stdout = diff(&without, &default_doc(), &added, &["--lang", "en"]);
    assert!(
        stdout.contains("en: 0 changed, 9 added, 0 removed"),
        "{stdout}"
    );
    let html = html_article(&added.join("PC0608Ea-redline.html"));
    assert_eq!(between(&html, "<ins>", "</ins>")[0], "Revenue Package");
    assert_eq!(between(&html, "<del>", "</del>"), Vec::<String>::new());

    let old_docx = build_docx(&default_doc(), &work.path().join("old"), "en");
    let new_docx = build_docx(&without, &work.path().join("new"), "en");
    check_accept_reject(
        &removed.join("PC0608Ea-redline.docx"),
        &old_docx,
        &new_docx,
        work.path(),
    );
    check_accept_reject(
        &added.join("PC0608Ea-redline.docx"),
        &new_docx,
        &old_docx,
        work.path(),
    );
}

/// The next meeting's document, as `ptcdoc new` starts it and its
/// dates are filled in: the body is the same, the cover facts changed.
#[test]
fn the_next_meetings_document_differs_in_its_cover_only() {
    let work = tempfile::tempdir().unwrap();
    let next = work.path().join("next");
    let run = ptcdoc(
        &root(),
        &[
            "new",
            next.to_str().unwrap(),
            "--from",
            default_doc().to_str().unwrap(),
            "--symbol",
            "PC0700",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let toml = std::fs::read_to_string(next.join("document.toml")).unwrap();
    let toml: String = toml
        .lines()
        .map(|l| {
            if l.starts_with("# meeting = ") {
                "meeting = { from = 2020-11-16, to = 2020-11-18 }".to_string()
            } else if l.starts_with("# issued = ") {
                "issued = 2020-09-30".to_string()
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(next.join("document.toml"), toml).unwrap();

    let out = work.path().join("out");
    let stdout = diff(
        &default_doc(),
        &next,
        &out,
        &["--lang", "en", "--author", "PTC Secretariat"],
    );
    assert!(
        stdout.contains("en: 0 changed, 0 added, 0 removed"),
        "{stdout}"
    );
    // The facts as the document sets them, with its no-break spaces.
    let stdout = stdout.replace(['\u{a0}', '\u{202f}'], " ");
    for fact in [
        "symbol: PC0608Ea → PC0700Ea",
        "sessions: 227th/228th Sessions → 229th/230th Sessions",
        "meeting dates: 18 – 20 May 2020 → 16 – 18 November 2020",
    ] {
        assert!(stdout.contains(fact), "{fact}: {stdout}");
    }
    let html = std::fs::read_to_string(out.join("PC0700Ea-redline.html")).unwrap();
    assert!(html.contains("0 changed, 0 added, 0 removed"));
    assert!(html.contains("<p class=\"symbol\"><del>PC0608Ea</del><ins>PC0700Ea</ins></p>"));
    let body = &html[html.find("<section class=\"part\"").unwrap()..];
    assert!(!body.contains("<ins>") && !body.contains("<del>"));
    let docx = out.join("PC0700Ea-redline.docx");
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains("w:author=\"PTC Secretariat\""));
    assert!(xml.contains("w:date=\"2020-09-30T00:00:00Z\""));
    let deleted = tracked(&xml, "w:del");
    assert!(deleted.contains(&"PC0608Ea".to_string()), "{deleted:?}");
    if have("mutool") {
        let (blue, red) = pdf_marked_text(&out.join("PC0700Ea-redline.pdf"));
        assert!(
            blue.starts_with("229th230th") && blue.contains("PC0700Ea"),
            "{blue}"
        );
        assert!(
            red.starts_with("227th228th") && red.contains("PC0608Ea"),
            "{red}"
        );
    }

    let old_docx = build_docx(&default_doc(), &work.path().join("old"), "en");
    let new_docx = build_docx(&next, &work.path().join("new"), "en");
    check_accept_reject(&docx, &old_docx, &new_docx, work.path());
}

#[test]
fn markdown_has_no_redline() {
    let out = tempfile::tempdir().unwrap();
    let doc = default_doc();
    let run = ptcdoc(
        &root(),
        &[
            "diff",
            doc.to_str().unwrap(),
            doc.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("has no redline"), "{}", stderr(&run));
}

/// List items matched by id and by their place: one inserted (which
/// relabels those after it, and the reference to one of them, unmarked),
/// one removed, one with a word changed.
#[test]
fn list_items_added_removed_and_changed() {
    let work = tempfile::tempdir().unwrap();
    let new = default_copy(&work.path().join("new"));
    let revenue = new.join("packages/revenue.toml");
    for (first, added) in [
        ("Illicit Financial Flows:\n", "2. Trade statistics;\n"),
        (
            "Flux financiers illicites;\n",
            "2. Statistiques commerciales;\n",
        ),
    ] {
        let first = format!("1. {{#illicit-financial-flows}} {first}");
        edit(&revenue, &first, &format!("{first}{added}"));
    }
    let cep = new.join("packages/cep.toml");
    edit(&cep, "   - AIRCOP.\n", "");
    edit(&cep, "   - AIRCOP.\n", "");
    edit(&cep, "of alcohol products).", "of tobacco products).");
    edit(&cep, "de produits alcoolisés).", "de produits du tabac).");

    let out = work.path().join("out");
    let stdout = diff(&default_doc(), &new, &out, &["--format", "html,docx"]);
    assert!(
        stdout.contains("en: 1 changed, 1 added, 1 removed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fr: 1 changed, 1 added, 1 removed"),
        "{stdout}"
    );
    let html = html_article(&out.join("PC0608Ea-redline.html"));
    assert_eq!(
        between(&html, "<ins>", "</ins>"),
        ["Trade statistics;", "tobacco"]
    );
    assert_eq!(between(&html, "<del>", "</del>"), ["alcohol", "AIRCOP."]);
    assert!(html.contains("<li class=\"inserted\"><span class=\"label\">(ii)</span>"));
    assert!(html.contains("<li class=\"deleted\"><span class=\"label\">•</span>"));
    assert!(html.contains("href=\"#item-e-commerce-fraud\">(v)</a>"));

    let old_docx = build_docx(&default_doc(), &work.path().join("old"), "en");
    let new_docx = build_docx(&new, &work.path().join("new-docx"), "en");
    let redline = out.join("PC0608Ea-redline.docx");
    let xml = docx_part(&redline, "word/document.xml");
    assert_eq!(xml.matches("<w:rPr><w:ins ").count(), 1);
    assert_eq!(xml.matches("<w:rPr><w:del ").count(), 1);
    check_accept_reject_but(
        &redline,
        &old_docx,
        &new_docx,
        work.path(),
        Some(("Str \"(v)\"", "Str \"(iv)\"")),
    );
}

/// A version with errors fails the run with its diagnostics (file, line,
/// column) and nothing is written.
#[test]
fn a_version_with_errors_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let bad = root().join("tests/fixtures/invalid/duplicate-id");
    for (old, new) in [(bad.clone(), default_doc()), (default_doc(), bad.clone())] {
        let run = ptcdoc(
            &root(),
            &[
                "diff",
                old.to_str().unwrap(),
                new.to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
                "--format",
                "html",
            ],
        );
        assert_eq!(run.status.code(), Some(1));
        let err = stderr(&run);
        assert!(err.contains("duplicate-id/"), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }
}
