//! The translation lock: accepting translations, finding them stale when
//! the source text changes, accepting one again by its id.

mod common;

use common::*;

fn status(doc: &std::path::Path) -> (Option<i32>, String) {
    let run = ptcdoc(doc, &["translations", "status", "."]);
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stdout).into_owned(),
    )
}

#[test]
fn an_english_edit_after_acceptance_makes_the_french_stale_until_accepted() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);

    // Nothing accepted yet.
    let (code, out) = status(doc);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("fr: 0 up to date, 0 stale, 0 missing, 8 not accepted"),
        "{out}"
    );

    let run = ptcdoc(doc, &["translations", "accept", "."]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(doc.join("translations.lock").is_file());
    let (code, out) = status(doc);
    assert_eq!(code, Some(0));
    assert!(out.contains("fr: 8 up to date, 0 stale"), "{out}");

    // The English text of block `topics` changes; its French does not.
    let package = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(
        &package,
        text.replace("Two topics:", "Two topics, in order:"),
    )
    .unwrap();

    let check = ptcdoc(doc, &["check", "."]);
    assert!(
        check.status.success(),
        "staleness is a warning, not an error"
    );
    let err = stderr(&check);
    assert!(
        err.contains("warning: stale translation `revenue/topics`"),
        "{err}"
    );
    assert!(
        err.contains("revenue.toml:19:1"),
        "points at the French text: {err}"
    );

    let (code, out) = status(doc);
    assert_eq!(code, Some(1), "status fails while a translation is stale");
    assert!(out.contains("stale         revenue/topics"), "{out}");

    let run = ptcdoc(
        doc,
        &["translations", "accept", ".", "--id", "revenue/topics"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).contains("accepted 1 translation(s)"));
    let (code, out) = status(doc);
    assert_eq!(code, Some(0), "{out}");
    let check = ptcdoc(doc, &["check", "."]);
    assert!(!stderr(&check).contains("stale"), "{}", stderr(&check));
}

#[test]
fn a_missing_translation_is_listed_and_accept_refuses_unknown_ids() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("invalid/missing-translation"), doc);
    // The inputs have an error (a block without French), so status and
    // accept refuse to work on them.
    let (code, _) = status(doc);
    assert_eq!(code, Some(1));

    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);
    let run = ptcdoc(
        doc,
        &["translations", "accept", ".", "--id", "revenue/nope"],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("no text `revenue/nope`"),
        "{}",
        stderr(&run)
    );
    assert!(!doc.join("translations.lock").exists());
}

#[test]
fn the_default_document_has_every_translation_accepted() {
    let (code, out) = status(&default_doc());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 stale, 0 missing, 0 not accepted"), "{out}");
}
