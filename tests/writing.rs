//! Where and how `ptcdoc build` writes: only inside `--out`, never through
//! a planted link, all or nothing, one run at a time, and never two
//! outputs to one name.

mod common;

use std::path::Path;

use common::*;

/// A copy of the minimal document in `dir`, with its sessions set.
fn doc_with_sessions(dir: &Path, sessions: &str) {
    copy_dir(&fixture("valid/minimal"), dir);
    let path = dir.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("sessions = [229, 230]", &format!("sessions = {sessions}")),
    )
    .unwrap();
}

fn build(cwd: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    ptcdoc(cwd, &all)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_link_planted_among_temporary_names_is_never_followed() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    std::fs::create_dir(w.join("out")).unwrap();
    std::fs::write(w.join("victim"), b"precious").unwrap();
    // Links at the names the tool uses for its temporary files: the old
    // predictable name, and our prefix.
    for name in [".PC0999Ea.md.1.tmp", ".ptcdoc-tmp-planted.tmp"] {
        std::os::unix::fs::symlink(w.join("victim"), w.join("out").join(name)).unwrap();
    }
    let run = build(w, &["doc", "--out", "out", "--format", "md,html"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(std::fs::read(w.join("victim")).unwrap(), b"precious");
    // Our own leftover name is cleaned (the link, not what it points to);
    // a name that is not ours is left alone.
    assert_eq!(
        names(&w.join("out")),
        [
            ".PC0999Ea.md.1.tmp",
            "PC0999Ea.html",
            "PC0999Ea.md",
            "PC0999Fa.html",
            "PC0999Fa.md"
        ]
    );
}

#[test]
fn stale_temporary_files_of_a_killed_run_are_removed() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    std::fs::create_dir(w.join("out")).unwrap();
    std::fs::write(w.join("out/.ptcdoc-tmp-Xy12.tmp"), vec![0u8; 4096]).unwrap();
    std::fs::write(w.join("out/notes.txt"), b"the user's").unwrap();
    let run = build(
        w,
        &["doc", "--out", "out", "--format", "md", "--lang", "en"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(names(&w.join("out")), ["PC0999Ea.md", "notes.txt"]);
}

#[test]
fn a_folder_at_an_output_name_fails_before_any_file_is_replaced() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    doc_with_sessions(&w.join("doc"), "[227, 228]");
    let run = build(w, &["doc", "--out", "out", "--format", "md,html"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let before = snapshot_dir(&w.join("out"));

    // The next meeting, but one output's place is taken by a folder,
    // sorted last so that every other output would come before it.
    std::fs::remove_dir_all(w.join("doc")).unwrap();
    doc_with_sessions(&w.join("doc"), "[229, 230]");
    std::fs::remove_file(w.join("out/PC0999Fa.md")).unwrap();
    std::fs::create_dir(w.join("out/PC0999Fa.md")).unwrap();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| p != Path::new("PC0999Fa.md"))
        .collect();

    let run = build(w, &["doc", "--out", "out", "--format", "md,html"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("PC0999Fa.md: it is a folder"), "{err}");
    assert_eq!(
        snapshot_dir(&w.join("out")),
        before,
        "every previous output intact, no temporary file"
    );
}

#[test]
fn two_documents_with_one_symbol_are_refused_naming_both() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("last"));
    copy_dir(&fixture("valid/minimal"), &w.join("next"));
    let run = build(w, &["last", "next", "--out", "out", "--format", "md"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("PC0999Ea.md: from last (language `en`) and from next (language `en`)"),
        "{err}"
    );
    assert!(!w.join("out").exists(), "nothing written");
}

#[test]
fn a_language_asked_for_twice_is_a_usage_error() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    for lang in ["en,en", "xx"] {
        let run = build(w, &["doc", "--out", "out", "--lang", lang]);
        assert_eq!(
            run.status.code(),
            Some(2),
            "--lang {lang}: {}",
            stderr(&run)
        );
        let run = ptcdoc(w, &["check", "doc", "--lang", lang]);
        assert_eq!(
            run.status.code(),
            Some(2),
            "--lang {lang}: {}",
            stderr(&run)
        );
    }
    assert!(!w.join("out").exists());
}

#[test]
fn a_language_listed_twice_in_the_document_never_writes_twice() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    copy_dir(&fixture("valid/minimal"), &w.join("doc"));
    let path = w.join("doc/document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            r#"languages = ["en", "fr"]"#,
            r#"languages = ["en", "fr", "en"]"#,
        ),
    )
    .unwrap();
    let run = build(w, &["doc", "--out", "out", "--format", "md"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(!w.join("out").exists(), "nothing written");
}

#[test]
fn concurrent_builds_into_one_folder_never_mix() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    doc_with_sessions(&w.join("old"), "[227, 228]");
    doc_with_sessions(&w.join("new"), "[229, 230]");
    let exe = env!("CARGO_BIN_EXE_ptcdoc");
    let spawn = |doc: &str| {
        std::process::Command::new(exe)
            .args(["build", doc, "--out", "out", "--format", "md,html"])
            .current_dir(w)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    for round in 0..12 {
        let mut children = [spawn("old"), spawn("new")];
        for child in &mut children {
            assert!(child.wait().unwrap().success());
        }
        let texts: Vec<String> = names(&w.join("out"))
            .iter()
            .map(|n| std::fs::read_to_string(w.join("out").join(n)).unwrap())
            .collect();
        assert_eq!(texts.len(), 4, "round {round}");
        // The sessions as each language writes them ("227th", "227<sup>e"):
        // a bare number could also stand in the HTML's embedded font data.
        let written = |n: u32| {
            move |t: &&String| t.contains(&format!("{n}th")) || t.contains(&format!("{n}<sup>e"))
        };
        let old = texts.iter().filter(written(227)).count();
        let new = texts.iter().filter(written(229)).count();
        assert!(
            (old, new) == (4, 0) || (old, new) == (0, 4),
            "round {round}: {old} outputs of one run, {new} of the other"
        );
    }
}
