//! End-to-end runs of the binary: building, checking, exit codes, and the
//! promise that a failed run writes nothing and never touches inputs.

mod common;

use common::*;

#[test]
fn build_writes_markdown_and_html_named_after_the_symbol() {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "inputs/pc0608",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    for name in ["PC0608Ea.md", "PC0608Ea.html"] {
        assert!(out.path().join(name).is_file(), "{name} missing");
    }
}

#[test]
fn build_without_doc_dir_builds_every_folder_under_inputs() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&default_doc(), &work.path().join("inputs/pc0608"));
    copy_dir(
        &fixture("valid/minimal"),
        &work.path().join("inputs/minimal"),
    );
    let run = ptcdoc(work.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let output = work.path().join("output");
    for name in [
        "PC0608Ea.md",
        "PC0608Ea.html",
        "PC0999Ea.md",
        "PC0999Fa.html",
    ] {
        assert!(output.join(name).is_file(), "{name} missing");
    }
}

#[test]
fn two_builds_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        let run = ptcdoc(
            &root(),
            &[
                "build",
                "inputs/pc0608",
                "--out",
                dir.path().to_str().unwrap(),
            ],
        );
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let files_a = snapshot_dir(a.path());
    let files_b = snapshot_dir(b.path());
    assert_eq!(files_a.len(), files_b.len());
    assert!(!files_a.is_empty());
    for ((_, x), (_, y)) in files_a.iter().zip(&files_b) {
        assert!(x == y, "outputs differ between two runs");
    }
}

#[test]
fn check_reports_ok_and_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&default_doc(), &work.path().join("doc"));
    let before = snapshot_dir(work.path());
    let run = ptcdoc(work.path(), &["check", "doc"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("ok: 1 document(s)"));
    assert_eq!(snapshot_dir(work.path()), before);
}

#[test]
fn invalid_input_exits_1_and_leaves_previous_outputs_and_inputs_untouched() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    let run = ptcdoc(work.path(), &["build", "doc", "--out", "out"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let good_outputs = snapshot_dir(&work.path().join("out"));

    // Break the input: a reference to nothing.
    let package = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("the second.", "see [](#nowhere).")).unwrap();
    let inputs_before = snapshot_dir(&doc);

    let run = ptcdoc(work.path(), &["build", "doc", "--out", "out"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("nothing was written"));
    assert_eq!(snapshot_dir(&work.path().join("out")), good_outputs);
    assert_eq!(snapshot_dir(&doc), inputs_before);
}

#[test]
fn one_bad_document_stops_every_document_of_the_run() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/minimal"), &work.path().join("good"));
    copy_dir(&fixture("invalid/unknown-key"), &work.path().join("bad"));
    let run = ptcdoc(work.path(), &["build", "good", "bad", "--out", "out"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        !work.path().join("out").exists(),
        "no output for any document"
    );
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 4] = [
        &["build", "inputs/pc0608", "--format", "doc"],
        &["build", "no/such/folder"],
        &["frobnicate"],
        &["build", "inputs/pc0608", "--bogus"],
    ];
    for args in cases {
        let run = ptcdoc(&root(), args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
    }
}

#[test]
fn asking_for_an_unknown_language_is_a_usage_error() {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "tests/fixtures/valid/minimal",
            "--lang",
            "de",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("unknown language `de` (known: en, fr)"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn help_is_there_for_each_command() {
    for args in [&["--help"][..], &["build", "--help"], &["check", "--help"]] {
        let run = ptcdoc(&root(), args);
        assert!(run.status.success());
        assert!(String::from_utf8_lossy(&run.stdout).contains("Usage"));
    }
}

#[test]
fn a_broken_template_is_named_with_its_line() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("document.md"),
        "# {{ title }}\n\n{% for s in sections %}\n{{ s.title }\n{% endfor %}\n",
    )
    .unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "tests/fixtures/valid/minimal",
            "--templates",
            work.path().to_str().unwrap(),
            "--out",
            work.path().join("out").to_str().unwrap(),
        ],
    );
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("document.md"), "{err}");
    assert!(
        err.contains(":4:") || err.contains("line 4") || err.contains("4 |") || err.contains("4 │"),
        "{err}"
    );
}

#[test]
fn a_template_override_replaces_the_builtin_by_name() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("document.md"),
        "{{ symbol }}: {% for s in sections %}{{ s.numeral }} {% endfor %}\n",
    )
    .unwrap();
    let out = work.path().join("out");
    let run = ptcdoc(
        &root(),
        &[
            "build",
            "inputs/pc0608",
            "--templates",
            work.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let md = std::fs::read_to_string(out.join("PC0608Ea.md")).unwrap();
    assert_eq!(md, "PC0608Ea: I II III IV\n");
}

/// Lints are warnings: `check` succeeds, and prints each with its place.
#[test]
fn lint_warnings_name_their_place_and_do_not_fail_the_check() {
    let dir = fixture("lint/all-warnings");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let run = ptcdoc(&root(), &["check", dir.to_str().unwrap()]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        assert!(err.contains(line), "expected {line:?} in:\n{err}");
    }
    assert!(err.contains("6 warning(s)"), "{err}");
}

#[test]
fn the_default_document_warns_only_of_the_originals_own_slip() {
    let run = ptcdoc(&root(), &["check", "inputs/pc0608"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("doubled word `provide provide`"), "{err}");
    assert!(err.contains("1 warning(s)"), "{err}");
}

#[test]
fn new_starts_the_next_document_and_check_names_what_to_fill() {
    let work = tempfile::tempdir().unwrap();
    let from = work.path().join("pc0608");
    copy_dir(&default_doc(), &from);
    let run = ptcdoc(work.path(), &["new", "next", "--from", "pc0608"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let next = work.path().join("next");
    assert!(next.join("packages/revenue.toml").is_file());
    assert!(
        !next.join("translations.lock").exists(),
        "the lock is reset"
    );
    let doc = std::fs::read_to_string(next.join("document.toml")).unwrap();
    assert!(doc.contains("sessions = [229, 230]"), "{doc}");

    let check = ptcdoc(work.path(), &["check", "next"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1));
    for key in ["symbol", "issued", "meeting"] {
        assert!(err.contains(&format!("error: missing `{key}`")), "{err}");
    }
    assert!(err.contains("3 error(s)"), "exactly those three: {err}");

    // Filling them in gives a document of the next sessions.
    let filled = doc
        .replace("# symbol = \"PC0608\"", "symbol = \"PC0700\"")
        .replace("# issued = 2020-03-24", "issued = 2020-10-01")
        .replace(
            "# meeting = { from = 2020-05-18, to = 2020-05-20 }",
            "meeting = { from = 2020-11-30, to = 2020-12-02 }",
        );
    std::fs::write(next.join("document.toml"), filled).unwrap();
    let build = ptcdoc(work.path(), &["build", "next", "--out", "out"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let md = std::fs::read_to_string(work.path().join("out/PC0700Ea.md")).unwrap();
    assert!(md.contains("229th/230th Sessions"), "{md}");
    assert!(
        md.contains("30\u{a0}November\u{a0}– 2\u{a0}December\u{a0}2020"),
        "{md}"
    );

    // The old document is untouched, and `new` never overwrites.
    assert!(
        snapshot_dir(&from) == snapshot_dir(&default_doc()),
        "the old document changed"
    );
    let again = ptcdoc(work.path(), &["new", "next", "--from", "pc0608"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn new_with_a_symbol_sets_it() {
    let work = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        work.path(),
        &[
            "new",
            "next",
            "--from",
            default_doc().to_str().unwrap(),
            "--symbol",
            "PC0700",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let doc = std::fs::read_to_string(work.path().join("next/document.toml")).unwrap();
    assert!(doc.contains("symbol = \"PC0700\""), "{doc}");
    let check = ptcdoc(work.path(), &["check", "next"]);
    assert!(!stderr(&check).contains("missing `symbol`"));
}

#[test]
fn house_style_decides_french_spacing() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    let build = |work: &std::path::Path| {
        let run = ptcdoc(
            work,
            &[
                "build", "doc", "--lang", "fr", "--format", "md", "--out", "out",
            ],
        );
        assert!(run.status.success(), "{}", stderr(&run));
        std::fs::read_to_string(work.join("out/PC0999Fa.md")).unwrap()
    };
    // Default for French: narrow no-break space before ; and no-break
    // space before :.
    let md = build(work.path());
    assert!(md.contains("Deux thèmes\u{a0}:"), "{md}");
    assert!(md.contains("le premier\u{202f};"), "{md}");

    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("languages =", "house_style = \"none\"\nlanguages ="),
    )
    .unwrap();
    let md = build(work.path());
    assert!(md.contains("Deux thèmes:"), "{md}");
    assert!(md.contains("le premier;"), "{md}");
    assert!(
        md.contains("DOCUMENT D’ESSAI"),
        "apostrophes stay typographic: {md}"
    );
}
