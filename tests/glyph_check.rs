//! `check` for a PDF reports each character the PDF's fonts cannot show,
//! once per text, at its place in the file, whatever surrounds it.

mod common;

use common::{copy_dir, fixture, ptcdoc, stderr};

#[test]
fn characters_without_a_glyph_are_reported_once_per_text_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Two snowmen (the second not reported again) and a CJK character
    // among ASCII, accents and escapes; in French, one after an escape.
    let text = text
        .replace(
            "en = \"Testing.\"",
            "en = \"Testing \u{2603} été \\u00e9 \u{2603}, \u{4e2d}.\"",
        )
        .replace("fr = \"Essai.\"", "fr = \"Essai \\u00e9t\u{e9} \u{2603}.\"");
    std::fs::write(&path, text).unwrap();

    let out = ptcdoc(dir.path(), &["check", "doc", "--format", "pdf"]);
    let report = stderr(&out);
    assert!(!out.status.success(), "{report}");
    let missing: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("has no glyph"))
        .collect();
    assert_eq!(missing.len(), 3, "{report}");
    assert!(missing[0].contains("U+2603"), "{report}");
    assert!(missing[1].contains("U+4E2D"), "{report}");
    assert!(missing[2].contains("U+2603"), "{report}");
    let places: Vec<&str> = report
        .lines()
        .filter(|l| l.trim_start().starts_with("┌─"))
        .collect();
    let line = |key: &str| {
        std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .position(|l| l.starts_with(key))
            .unwrap()
            + 1
    };
    let (en, fr) = (line("en = \"Testing"), line("fr = \"Essai"));
    assert_eq!(
        places,
        [
            format!("   ┌─ doc/document.toml:{en}:15"),
            format!("   ┌─ doc/document.toml:{en}:31"),
            format!("   ┌─ doc/document.toml:{fr}:22"),
        ],
        "{report}"
    );

    // Without a PDF, nothing is looked up.
    let out = ptcdoc(dir.path(), &["check", "doc", "--format", "md,html"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
