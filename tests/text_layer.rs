//! Issue 10, item 7: a word hyphenated at a line end comes out of the
//! PDF's text layer whole with an extractor other than poppler. Poppler
//! reads the ActualText spans over split words (tests/pdf.rs); MuPDF 1.21
//! ignores them, but joins a line that ends in a hyphen when asked to
//! dehyphenate (`mutool convert -F text -O dehyphenate`, the text its
//! search uses). The hyphens the layout adds are soft hyphens (U+00AD) in
//! the text layer, as the PDF Reference asks for such artifacts, so that
//! every extractor can tell them from the text's own hyphens.
//!
//! mutool (Debian's `mupdf-tools`) is not a crate: where it is missing
//! the tests say so and pass, except on CI (the variable `CI` set), where
//! `.ci/run` installs it and a missing one is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{load_project, root};
use ptcdoc::render::pdf::layout::Role;
use ptcdoc::render::pdf::paragraph::ADDED_HYPHEN;

/// The documents and languages checked: the default one and the fixture
/// of another shape.
const CASES: [(&str, &str); 4] = [
    ("inputs/pc0608", "en"),
    ("inputs/pc0608", "fr"),
    ("tests/fixtures/valid/other-shape", "en"),
    ("tests/fixtures/valid/other-shape", "fr"),
];

/// mutool, or `None` (with a note) where it is missing outside CI.
fn mutool() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("mutool"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "mutool is missing on CI (.ci/run installs mupdf-tools)"
        );
        eprintln!("skipped: mutool (Debian package `mupdf-tools`) is not installed here");
    }
    found
}

/// The words the layout of `dir` in `lang` hyphenates at a line end: the
/// part before the added hyphen and the part on the next line.
fn split_words(dir: &str, lang: &str) -> Vec<(String, String)> {
    let project = load_project(&root().join(dir), Some(&[lang]));
    let ctx = project.context(&project.checked.documents[0]);
    let layout =
        ptcdoc::render::pdf::layout_document(ctx.document, ctx.letterhead, ctx.templates).unwrap();
    let mut words = Vec::new();
    for page in &layout.pages {
        let lines: Vec<_> = page
            .lines
            .iter()
            .filter(|l| l.role != Role::Header && !l.hangs)
            .collect();
        for pair in lines.windows(2) {
            if pair[0].line.hyphenated && pair[0].block == pair[1].block {
                let text = pair[0].line.text();
                let head = text
                    .strip_suffix(ADDED_HYPHEN)
                    .expect("a soft hyphen ends it");
                let head = head.rsplit(' ').next().unwrap().to_string();
                let next = pair[1].line.text();
                let tail = next.split(' ').next().unwrap().to_string();
                words.push((head, tail));
            }
        }
    }
    words
}

/// Builds the PDF of `dir` in `lang` into `out` and returns its path.
fn build(dir: &str, lang: &str, out: &Path) -> PathBuf {
    let run = Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
        .args(["build", dir, "--format", "pdf", "--lang", lang, "--out"])
        .arg(out)
        .current_dir(root())
        .output()
        .expect("the ptcdoc binary runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF")
}

/// The text MuPDF extracts from `pdf`, dehyphenated or as drawn.
fn mupdf_text(mutool: &Path, pdf: &Path, dehyphenate: bool) -> String {
    let txt = pdf.with_extension("txt");
    let mut command = Command::new(mutool);
    command.args(["convert", "-F", "text"]);
    if dehyphenate {
        command.args(["-O", "dehyphenate"]);
    }
    let run = command.arg("-o").arg(&txt).arg(pdf).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(txt).unwrap()
}

#[test]
fn mupdf_gives_hyphenated_words_whole() {
    let Some(mutool) = mutool() else { return };
    let mut checked = 0;
    for (dir, lang) in CASES {
        let out = tempfile::tempdir().unwrap();
        let pdf = build(dir, lang, out.path());
        let text = mupdf_text(&mutool, &pdf, true);
        let words: Vec<&str> = text.split_whitespace().collect();
        for (head, tail) in split_words(dir, lang) {
            let word = format!("{head}{tail}");
            assert!(
                words.contains(&word.as_str()),
                "{dir} {lang}: `{word}` does not come back whole"
            );
            checked += 1;
        }
    }
    assert!(checked > 3, "too few hyphenated words to check: {checked}");
}

#[test]
fn added_hyphens_are_soft_hyphens_in_the_text_layer() {
    let Some(mutool) = mutool() else { return };
    for (dir, lang) in CASES {
        let out = tempfile::tempdir().unwrap();
        let pdf = build(dir, lang, out.path());
        let text = mupdf_text(&mutool, &pdf, false);
        let split = split_words(dir, lang);
        // Each line the layout hyphenates ends in a soft hyphen, and no
        // other line does: the text's own hyphens stay U+002D.
        let soft: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_suffix(ADDED_HYPHEN))
            .collect();
        assert_eq!(soft.len(), split.len(), "{dir} {lang}: {soft:?}");
        for ((head, _), line) in split.iter().zip(&soft) {
            assert!(line.ends_with(head.as_str()), "{dir} {lang}: {line:?}");
        }
        assert!(
            !text
                .lines()
                .any(|l| l.ends_with('-') && split.iter().any(|(h, _)| l.ends_with(h))),
            "{dir} {lang}: a hyphen the layout added reads as U+002D"
        );
    }
}
