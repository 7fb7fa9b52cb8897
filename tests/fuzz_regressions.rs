//! Replays the fuzz targets' inputs in `cargo test` (issue 8, item 8): every
//! crash a fuzz run found is kept in fuzz/regressions/TARGET/, and the
//! starting inputs in fuzz/seeds/TARGET/. Each target's body lives in
//! fuzz/harness/TARGET.rs, shared with the fuzz target itself, so CI runs
//! exactly the code the fuzzer ran, without libFuzzer or nightly flags.
//!
//! A harness panics on what the fuzzer counts as a crash (including its
//! own assertions, such as the locations of `toml_string`); the test then
//! fails and names every input that did.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness/document.rs"]
mod document;
#[path = "../fuzz/harness/text.rs"]
mod text;
#[path = "../fuzz/harness/toml_string.rs"]
mod toml_string;

/// The files of fuzz/seeds/TARGET and fuzz/regressions/TARGET, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = fuzz.join(kind).join(target);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs `run` on every input of `target`; fails naming each one that
/// panicked. A regression folder that vanished would make the test pass
/// without checking anything, so one is required.
fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    let regressions = files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "regressions"))
        .count();
    assert!(regressions > 0, "no regression inputs for {target}");
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if panic::catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "the {target} harness panicked on {} of {} inputs:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn document_inputs_run_clean() {
    replay("document", document::run);
}

#[test]
fn text_inputs_run_clean() {
    replay("text", text::run);
}

#[test]
fn toml_string_inputs_run_clean() {
    replay("toml_string", toml_string::run);
}
