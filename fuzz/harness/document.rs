//! Fuzzes the TOML reader of a document: the input is document.toml, and
//! after a NUL byte, packages/p.toml (list "p" in `sections` to read it).
//! Both are written as raw bytes (not UTF-8 is an input too) into a folder
//! made once per process, then the whole `check` runs: loading, structure,
//! parity, lint, glyphs, translations, and the build of every language;
//! then the build, rendering every format as `ptcdoc build` does (while
//! the reporting checks run, so documents they reject are rendered too).
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/document.rs) and the
//! replay of its seeds and regressions in `cargo test`
//! (tests/fuzz_regressions.rs), so both run the same code.

use std::path::PathBuf;
use std::sync::OnceLock;

use ptcdoc::Options;
use ptcdoc::render::Format;

/// The document folder the inputs are written into, made once per process.
fn doc_dir() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let doc = dir.path().join("doc");
        std::fs::create_dir_all(doc.join("packages")).expect("a document folder");
        (dir, doc)
    })
    .1
}

/// One input: document.toml, then after a NUL byte packages/p.toml.
pub fn run(data: &[u8]) {
    let doc = doc_dir();
    let (document, package) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    std::fs::write(doc.join("document.toml"), document).expect("write document.toml");
    let package_path = doc.join("packages/p.toml");
    match package {
        Some(bytes) => std::fs::write(&package_path, bytes).expect("write packages/p.toml"),
        None => {
            let _ = std::fs::remove_file(&package_path);
        }
    }
    let options = Options {
        pdf: true,
        ..Options::default()
    };
    // The checks alone, as `ptcdoc check` runs them.
    let checked = ptcdoc::project::check(doc, &options).expect("built-in locales");
    let _ = checked.report();
    // Then a build, as `ptcdoc build` runs it: every format is rendered
    // while the checks that only report run, so a document those reject
    // (lists that differ between languages, a lint error) is rendered too,
    // and must not make a renderer fail or panic either.
    let formats = [Format::Markdown, Format::Html, Format::Pdf, Format::Docx];
    match ptcdoc::build_outputs(doc, &formats, &options) {
        Ok(_) | Err(ptcdoc::Failure::Invalid { .. }) => {}
        Err(ptcdoc::Failure::Other(e)) => {
            // A template or renderer error, not an input one: only a
            // document whose text no PDF font can set may end so.
            let message = format!("{e:#}");
            assert!(message.contains("laying out"), "{message}");
        }
    }
}
