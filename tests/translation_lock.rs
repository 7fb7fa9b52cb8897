//! The translation lock under change: line endings converted, the source
//! language swapped, a lock made read-only. None of them may lose an
//! accepted translation without a word.

mod common;

use std::path::Path;

use common::*;

fn status(doc: &Path) -> (Option<i32>, String) {
    let run = ptcdoc(doc, &["translations", "status", "."]);
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stdout).into_owned(),
    )
}

/// Rewrites every `.toml` file under `dir` with CRLF line endings.
fn to_crlf(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            to_crlf(&path);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains('\r'));
            std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        }
    }
}

#[test]
fn converting_the_inputs_to_crlf_leaves_every_translation_accepted() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&default_doc(), doc);
    to_crlf(doc);
    let (code, out) = status(doc);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 stale, 0 missing, 0 not accepted"), "{out}");
}

#[test]
fn accept_refuses_a_lock_kept_for_another_source_language() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);
    let run = ptcdoc(doc, &["translations", "accept", "."]);
    assert!(run.status.success(), "{}", stderr(&run));
    let lock = std::fs::read(doc.join("translations.lock")).unwrap();

    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(r#"languages = ["en", "fr"]"#, r#"languages = ["fr", "en"]"#),
    )
    .unwrap();
    let run = ptcdoc(doc, &["translations", "accept", "."]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("records translations from `en`")
            && err.contains("is now `fr`")
            && err.contains("8 accepted translation(s)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(doc.join("translations.lock")).unwrap(),
        lock,
        "the lock is kept as it was"
    );
    // `check` says so too, at the language list.
    let check = ptcdoc(doc, &["check", ".", "--format", "md"]);
    let err = stderr(&check);
    assert!(
        err.contains("warning: translations.lock records translations from `en`"),
        "{err}"
    );
    assert!(err.contains("document.toml:10:"), "{err}");
}

#[cfg(unix)]
#[test]
fn accept_refuses_to_replace_a_read_only_lock() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);
    let run = ptcdoc(doc, &["translations", "accept", "."]);
    assert!(run.status.success(), "{}", stderr(&run));
    let lock_path = doc.join("translations.lock");
    let lock = std::fs::read(&lock_path).unwrap();
    std::fs::set_permissions(&lock_path, std::fs::Permissions::from_mode(0o444)).unwrap();

    let package = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("Two topics:", "Two new topics:")).unwrap();
    let run = ptcdoc(doc, &["translations", "accept", "."]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("is read-only"), "{}", stderr(&run));
    assert_eq!(std::fs::read(&lock_path).unwrap(), lock);
    let mode = std::fs::metadata(&lock_path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only");
}
