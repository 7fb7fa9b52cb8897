//! The translation exchange's test bench: a document copied into a
//! temporary folder (`work/doc`) with the exchange files beside it
//! (`work/fr.xlf`), the commands run there, and XLIFF checked against our
//! schema (what it checks, and that it can fail: tests/xliff_schema.rs).

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{copy_dir, ptcdoc, root, stderr};

pub struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    /// A copy of the document folder `doc`.
    pub fn of(doc: &Path) -> Work {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(doc, &dir.path().join("doc"));
        Work { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn doc(&self) -> PathBuf {
        self.path().join("doc")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        ptcdoc(self.path(), args)
    }

    /// Exports (`--only WHICH`) to fr.xlf and returns its text.
    pub fn export(&self, only: &str) -> String {
        let out = self.run(&[
            "translations",
            "export",
            "doc",
            "--lang",
            "fr",
            "--only",
            only,
            "--output",
            "fr.xlf",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        std::fs::read_to_string(self.path().join("fr.xlf")).unwrap()
    }

    /// Writes `xliff` to fr.xlf and imports it.
    pub fn import(&self, xliff: &str, accept: bool) -> Output {
        std::fs::write(self.path().join("fr.xlf"), xliff).unwrap();
        let mut args = vec!["translations", "import", "doc", "fr.xlf"];
        if accept {
            args.push("--accept");
        }
        self.run(&args)
    }

    /// What `translations status` prints for the document.
    pub fn status(&self) -> String {
        let out = self.run(&["translations", "status", "doc"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The text of the document's file `name`.
    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.doc().join(name)).unwrap()
    }
}

/// `xmllint --schema` of `file` with our XLIFF 2.0 core schema: Ok, or
/// Err with what xmllint said.
pub fn validate_xliff(file: &Path) -> Result<(), String> {
    let schema = root().join("tests/schemas/xliff-2.0-core-subset.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(file)
        .output()
        .expect("xmllint is installed (libxml2-utils)");
    if out.status.success() {
        Ok(())
    } else {
        Err(stderr(&out))
    }
}

/// Fails the test with xmllint's message unless `file` is valid.
pub fn assert_valid_xliff(file: &Path) {
    if let Err(message) = validate_xliff(file) {
        panic!("{message}");
    }
}
