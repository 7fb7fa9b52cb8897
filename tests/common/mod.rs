//! Shared helpers of the end-to-end tests: run the binary, load a
//! document through the library's pipeline, copy fixtures.
#![allow(dead_code)]

pub mod exchange;
pub mod watcher;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn default_doc() -> PathBuf {
    root().join("inputs/pc0608")
}

pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

/// Runs `ptcdoc ARGS` in `cwd`.
pub fn ptcdoc(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the ptcdoc binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Copies a folder tree (fixtures are small).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
pub fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// Builds the default document in `lang` and `formats` into a fresh
/// folder.
pub fn build_default(lang: &str, formats: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "inputs/pc0608",
            "--lang",
            lang,
            "--format",
            formats,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

/// The folders under tests/fixtures/invalid/, sorted.
pub fn invalid_fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

/// Loads and checks `dir` through the pipeline in `languages` (all it
/// declares if `None`), for a PDF; fails the test on any error.
pub fn load_project(dir: &Path, languages: Option<&[&str]>) -> ptcdoc::Project {
    let options = ptcdoc::Options {
        templates: None,
        languages: languages.map(|l| l.iter().map(|s| s.to_string()).collect()),
        pdf: true,
    };
    let project = ptcdoc::Project::load(dir, &options).unwrap();
    assert!(!project.checked.diags.has_errors(), "{}", project.report());
    project
}

/// Whether `program` is installed; outside CI a missing one skips the
/// test that asks (with a message), in CI it fails it (see `.ci/run`).
pub fn have(program: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is needed in CI (see .ci/run)"
        );
        eprintln!("skipped: {program} is not installed");
    }
    found
}

/// Replaces the first `from` in the file at `path` with `to`; `from` must
/// be there (a test whose edit finds nothing to change proves nothing).
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// One part of a DOCX package (`word/document.xml`), as text.
pub fn docx_part(docx: &Path, part: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}
