//! Golden files of the default document: the Markdown and HTML of each
//! language, reviewed by eye once, then guarding against drift. After an
//! intended change, review the diff with `cargo insta review` (or rerun
//! with `INSTA_UPDATE=always` and read `git diff`).

mod common;

use common::*;

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

/// The HTML with each embedded font's data left out: tens of kilobytes
/// of base64 that no one can review by eye, and that change with every
/// character a text gains. The fonts are checked by the unit tests of
/// `render::html` and, drawn, by tests/browser.rs.
fn without_font_data(html: String) -> String {
    const START: &str = "base64,";
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(START) {
        let data = &rest[at + START.len()..];
        let len = data.find(')').unwrap_or(data.len());
        out.push_str(&rest[..at + START.len()]);
        out.push_str("(font data)");
        rest = &data[len..];
    }
    out.push_str(rest);
    out
}

#[test]
fn english_markdown() {
    insta::assert_snapshot!(
        "PC0608Ea.md",
        read(&build_default("en", "md,html"), "PC0608Ea.md")
    );
}

#[test]
fn english_html() {
    insta::assert_snapshot!(
        "PC0608Ea.html",
        without_font_data(read(&build_default("en", "md,html"), "PC0608Ea.html"))
    );
}

#[test]
fn french_markdown() {
    insta::assert_snapshot!(
        "PC0608Fa.md",
        read(&build_default("fr", "md,html"), "PC0608Fa.md")
    );
}

#[test]
fn french_html() {
    insta::assert_snapshot!(
        "PC0608Fa.html",
        without_font_data(read(&build_default("fr", "md,html"), "PC0608Fa.html"))
    );
}

/// The full report of `check` on each invalid fixture, as printed (no
/// colour): what a user reads, reviewed once, guarded against drift. This
/// is the one place that checks the invalid fixtures; each fails `check`
/// with exit code 1.
#[test]
fn error_reports_of_the_invalid_fixtures() {
    let mut seen = 0;
    for dir in invalid_fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let relative = format!("tests/fixtures/invalid/{name}");
        let run = ptcdoc(&root(), &["check", &relative]);
        assert_eq!(run.status.code(), Some(1), "{name}: {}", stderr(&run));
        insta::assert_snapshot!(format!("check-{name}"), stderr(&run));
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} invalid fixtures");
}
