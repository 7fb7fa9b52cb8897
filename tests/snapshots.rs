//! Golden files of the default document: the Markdown and HTML of each
//! language, reviewed by eye once, then guarding against drift. After an
//! intended change, review the diff with `cargo insta review` (or rerun
//! with `INSTA_UPDATE=always` and read `git diff`).

mod common;

use common::*;

fn build(lang: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "inputs/pc0608",
            "--lang",
            lang,
            "--format",
            "md,html",
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

#[test]
fn english_markdown() {
    insta::assert_snapshot!("PC0608Ea.md", read(&build("en"), "PC0608Ea.md"));
}

#[test]
fn english_html() {
    insta::assert_snapshot!("PC0608Ea.html", read(&build("en"), "PC0608Ea.html"));
}

#[test]
fn french_markdown() {
    insta::assert_snapshot!("PC0608Fa.md", read(&build("fr"), "PC0608Fa.md"));
}

#[test]
fn french_html() {
    insta::assert_snapshot!("PC0608Fa.html", read(&build("fr"), "PC0608Fa.html"));
}
