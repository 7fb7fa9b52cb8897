//! The command line's edges: a missing template folder, `check` asked for
//! the formats a user builds, `new` given a bad symbol, a meeting in any
//! TOML form, sessions at the end of the numbers.

mod common;

use common::*;

#[test]
fn a_template_folder_that_does_not_exist_is_a_usage_error() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    for command in ["build", "check"] {
        let run = ptcdoc(w, &[command, "doc", "--templates", "nowhere"]);
        assert_eq!(run.status.code(), Some(2), "{command}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("--templates nowhere: no such folder"),
            "{}",
            stderr(&run)
        );
    }
    assert!(!w.join("output").exists());
}

#[test]
fn check_answers_for_the_formats_asked_for() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    // A snowman, which the PDF fonts cannot show.
    edit(
        &w.join("doc/document.toml"),
        "en = \"Testing.\"",
        "en = \"Testing \u{2603}.\"",
    );
    let run = ptcdoc(w, &["check", "doc", "--format", "html,md"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let run = ptcdoc(w, &["check", "doc"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("no glyph for U+2603"),
        "{}",
        stderr(&run)
    );
    let run = ptcdoc(w, &["check", "doc", "--format", "doc"]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn new_refuses_a_symbol_outside_the_charset() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("old"));
    for symbol in ["PC\"0700", "./../x", "pc0700"] {
        let run = ptcdoc(w, &["new", "next", "--from", "old", "--symbol", symbol]);
        assert_eq!(run.status.code(), Some(2), "{symbol}: {}", stderr(&run));
        assert!(stderr(&run).contains("is not allowed"), "{}", stderr(&run));
        assert!(!w.join("next").exists());
    }
}

#[test]
fn new_comments_out_a_meeting_written_as_a_table_or_dotted_keys() {
    let forms = [
        "[meeting]\nfrom = 2020-11-30\nto = 2020-12-02\n",
        "meeting.from = 2020-11-30\nmeeting.to = 2020-12-02\n",
    ];
    for form in forms {
        let work = tempfile::tempdir().unwrap();
        let w = work.path();
        copy_dir(&fixture("valid/minimal"), &w.join("old"));
        let path = w.join("old/document.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace("meeting = { from = 2020-11-30, to = 2020-12-02 }\n", "");
        // A `[meeting]` table goes after the top-level keys; dotted keys
        // may stay among them.
        let text = if form.starts_with('[') {
            text.replacen("[title]", &format!("{form}\n[title]"), 1)
        } else {
            text.replacen("issued = ", &format!("{form}issued = "), 1)
        };
        std::fs::write(&path, text).unwrap();
        let run = ptcdoc(w, &["check", "old", "--format", "md"]);
        assert!(run.status.success(), "{form}: {}", stderr(&run));

        let run = ptcdoc(w, &["new", "next", "--from", "old", "--symbol", "PC1000"]);
        assert!(run.status.success(), "{form}: {}", stderr(&run));
        let new = std::fs::read_to_string(w.join("next/document.toml")).unwrap();
        for line in new.lines().filter(|l| l.contains("2020-1")) {
            assert!(line.starts_with("# "), "{line:?} left in:\n{new}");
        }
        let run = ptcdoc(w, &["check", "next", "--format", "md"]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains("`meeting`"), "{err}");
        assert!(!err.contains("TOML"), "a syntax error: {err}");
    }
}

#[test]
fn new_refuses_sessions_past_the_last_number() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("old"));
    edit(
        &w.join("old/document.toml"),
        "sessions = [229, 230]",
        "sessions = [4294967294, 4294967295]",
    );
    let run = ptcdoc(w, &["new", "next", "--from", "old"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("session 4294967294 has no next session"),
        "{}",
        stderr(&run)
    );
    assert!(!w.join("next").exists());
    // Nothing of ours is left in the parent folder either.
    let left: Vec<_> = std::fs::read_dir(w)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["old"]);
}
