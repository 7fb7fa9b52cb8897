//! Fuzzes the TOML reader of a document: the input is document.toml, and
//! after a NUL byte, packages/p.toml (list "p" in `sections` to read it).
//! Both are written as raw bytes (not UTF-8 is an input too) into a folder
//! made once per process, then the whole `check` runs: loading, structure,
//! parity, lint, glyphs, translations, and the build of every language.
//! A document without errors is also rendered as Markdown and HTML.
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/document.rs) and the
//! replay of its seeds and regressions in `cargo test`
//! (tests/fuzz_regressions.rs), so both run the same code.

use std::path::PathBuf;
use std::sync::OnceLock;

use ptcdoc::render::{Format, Templates};
use ptcdoc::{Locales, Options};

struct Fixture {
    _dir: tempfile::TempDir,
    doc: PathBuf,
    locales: Locales,
    templates: Templates,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let doc = dir.path().join("doc");
        std::fs::create_dir_all(doc.join("packages")).expect("a document folder");
        Fixture {
            doc,
            _dir: dir,
            locales: Locales::load(&[]).expect("built-in locales"),
            templates: Templates::load(&[]).expect("built-in templates"),
        }
    })
}

/// One input: document.toml, then after a NUL byte packages/p.toml.
pub fn run(data: &[u8]) {
    let f = fixture();
    let (document, package) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    std::fs::write(f.doc.join("document.toml"), document).expect("write document.toml");
    let package_path = f.doc.join("packages/p.toml");
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
    let checked = ptcdoc::check(&f.doc, &f.locales, &options);
    let _ = checked.report();
    if !checked.diags.has_errors() {
        let formats = [Format::Markdown, Format::Html];
        let _ = ptcdoc::render_all(
            &f.doc,
            &checked.documents,
            &formats,
            &f.templates,
            &f.locales,
        );
    }
}
