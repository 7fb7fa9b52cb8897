//! Bad inputs as a user writes them: each gives its errors at the right
//! line and column, one error per cause, and never a hang or a panic.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A copy of the minimal valid fixture, edited by `edit` (path relative to
/// the document folder, text in, text out).
fn document(edits: &[(&str, &dyn Fn(String) -> String)]) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/minimal"), work.path());
    for (path, edit) in edits {
        let path = work.path().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }
    work
}

/// `ptcdoc check DIR`, killed and failed after 60 s: a hang is a failure.
fn check(dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
        .args(["check", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("check {} hangs", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(101), "panic: {}", stderr(&out));
    out
}

/// The errors of a run: each message with its `file:line:col`.
fn errors(out: &Output) -> Vec<(String, String)> {
    let text = stderr(out);
    let mut found = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(message) = line.strip_prefix("error: ") {
            let at = lines
                .next()
                .and_then(|l| l.split("┌─ ").nth(1))
                .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
                .unwrap_or_default();
            found.push((message.to_string(), at));
        }
    }
    found
}

fn add_block(block: &'static str) -> impl Fn(String) -> String {
    move |text| format!("{text}\n[[section.intro.blocks]]\n{block}\n")
}

/// An unknown reference written after each escape TOML has, in each of the
/// four string forms, is reported at the column of its own `[`.
#[test]
fn errors_after_every_escape_land_on_their_column() {
    let escapes = [
        "\\b",
        "\\t",
        "\\n",
        "\\f",
        "\\r",
        "\\e",
        "\\\"",
        "\\\\",
        "\\x41",
        "\\u00E9",
        "\\U0001F600",
    ];
    let forms = [
        ("\"", "\""),
        ("\"\"\"", "\"\"\""),
        ("'", "'"),
        ("'''", "'''"),
    ];
    for (open, close) in forms {
        for escape in escapes {
            let before = format!("en = {open}é {escape} ");
            let line = format!("{before}[](#nowhere){close}");
            let block = format!("{line}\nfr = \"Rien.\"");
            let doc = document(&[("document.toml", &|t: String| {
                format!("{t}\n[[section.intro.blocks]]\n{block}\n")
            })]);
            let out = check(doc.path());
            let lines = std::fs::read_to_string(doc.path().join("document.toml")).unwrap();
            let number = lines.lines().position(|l| l == line).unwrap() + 1;
            let column = before.chars().count() + 1;
            let expected = format!("document.toml:{number}:{column}");
            let errors = errors(&out);
            assert!(
                errors
                    .iter()
                    .any(|(m, at)| m.starts_with("unknown reference `#nowhere`") && *at == expected),
                "{line}: expected the reference at {expected}, got {errors:?}"
            );
        }
    }
}

/// The escapes that crashed the escape mapper: a backslash before a
/// non-ASCII character, a line-ending backslash before a no-break space.
#[test]
fn odd_escapes_are_errors_or_text_never_a_crash() {
    let doc = document(&[("document.toml", &add_block("en = \"a\\é\"\nfr = \"b\""))]);
    let found = errors(&check(doc.path()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.starts_with("TOML syntax"), "{found:?}");

    let doc = document(&[(
        "document.toml",
        &add_block("en = \"\"\"a \\\n\u{a0}é [](#nowhere)\"\"\"\nfr = \"b\""),
    )]);
    let found = errors(&check(doc.path()));
    assert!(
        found
            .iter()
            .any(|(m, at)| m.starts_with("unknown reference") && at.ends_with(":36:4")),
        "{found:?}"
    );
}

fn assert_one_error(doc: &tempfile::TempDir, message: &str, at: &str) {
    let out = check(doc.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "one error expected:\n{}", stderr(&out));
    assert!(
        errors[0].0.starts_with(message) && errors[0].1 == at,
        "expected {message:?} at {at}, got {errors:?}"
    );
}

/// One cause, one error: the follow-on errors of a syntax error, a typo
/// and a text of the wrong type are not said.
#[test]
fn one_cause_gives_one_error() {
    // The closing """ missing: before, six errors led by "this block has
    // no `fr` text" and an unknown reference in document.toml.
    let doc = document(&[("packages/revenue.toml", &|t: String| {
        t.replacen("the second.\n\"\"\"", "the second.\n", 1)
    })]);
    assert_one_error(&doc, "TOML syntax:", "revenue.toml:19:6");

    let doc = document(&[("document.toml", &|t: String| {
        t.replace("issued = 2020-10-01", "issued = 2020-13-45")
    })]);
    assert_one_error(&doc, "TOML syntax: invalid date", "document.toml:7:10");

    // A misspelt table: not also "missing `title`" and "no `en` text".
    let doc = document(&[("document.toml", &|t: String| {
        t.replace("[title]", "[titel]")
    })]);
    assert_one_error(&doc, "unknown key `titel`", "document.toml:13:2");
    let out = check(doc.path());
    assert!(stderr(&out).contains("did you mean `title`?"));

    // A misspelt key beside the key it was meant to be.
    let doc = document(&[("packages/revenue.toml", &|t: String| {
        t.replace("title.en", "titel.en")
    })]);
    assert_one_error(&doc, "unknown key `titel`", "revenue.toml:1:1");

    // A text that is not a string: not also "this block has no `fr` text".
    let doc = document(&[("document.toml", &add_block("en = \"a\"\nfr = 5"))]);
    assert_one_error(&doc, "the `fr` text must be a string", "document.toml:36:6");

    // A title missing: not also "this title has no `en` text" per language.
    let doc = document(&[("document.toml", &|t: String| {
        t.replace(
            "[title]\nen = \"Test Document\"\nfr = \"Document d'essai\"\n",
            "",
        )
    })]);
    assert_one_error(&doc, "missing `title`", "document.toml:1:1");
}

/// A file that is not UTF-8 is reported at its own first invalid byte.
#[test]
fn a_file_not_in_utf8_is_named_at_its_first_bad_byte() {
    let doc = document(&[]);
    let path = doc.path().join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut bytes = text
        .replace("Document d'essai", "Document d'essai \u{e9}t\u{e9}")
        .into_bytes();
    // é in Latin-1, as an editor set to Windows-1252 writes it.
    let at = bytes.windows(2).position(|w| w == "é".as_bytes()).unwrap();
    bytes.splice(at..at + 2, [0xE9]);
    std::fs::write(&path, bytes).unwrap();
    assert_one_error(
        &doc,
        "this file is not UTF-8: byte 0xE9",
        "document.toml:15:24",
    );
    assert!(stderr(&check(doc.path())).contains("save the file as UTF-8"));
}

/// A package or document.toml that is a FIFO, a folder or a device is
/// refused at once: before, `check` waited on the FIFO forever.
#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    let doc = document(&[]);
    let package = doc.path().join("packages/revenue.toml");
    std::fs::remove_file(&package).unwrap();
    let made = Command::new("mkfifo").arg(&package).status().unwrap();
    assert!(made.success());
    assert_one_error(&doc, "cannot read", "document.toml:11:22");
    assert!(stderr(&check(doc.path())).contains("it is a FIFO, not a regular file"));

    std::fs::remove_file(&package).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &package).unwrap();
    assert!(stderr(&check(doc.path())).contains("it is a device, not a regular file"));

    std::fs::remove_file(&package).unwrap();
    std::fs::create_dir(&package).unwrap();
    assert!(stderr(&check(doc.path())).contains("it is a folder, not a regular file"));

    let doc = document(&[]);
    let main = doc.path().join("document.toml");
    std::fs::remove_file(&main).unwrap();
    let made = Command::new("mkfifo").arg(&main).status().unwrap();
    assert!(made.success());
    // The command line refuses it as a usage error before loading.
    let out = check(doc.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("document.toml"), "{}", stderr(&out));
}

/// A `sections` entry that climbs out of packages/ is refused and the file
/// it names is never read (here it would be a syntax error).
#[test]
fn a_section_name_never_leaves_packages() {
    let doc = document(&[("document.toml", &|t: String| {
        t.replace(
            "sections = [\"intro\", \"revenue\"]",
            "sections = [\"intro\", \"revenue\", \"../outside\"]",
        )
    })]);
    std::fs::write(doc.path().join("outside.toml"), "title = \"unterminated\n").unwrap();
    assert_one_error(
        &doc,
        "invalid section name `../outside`",
        "document.toml:11:33",
    );
}

/// A section name off its charset, listed and written as a table: one
/// error, where it is listed (not also at the table, nor "not listed").
#[test]
fn an_invalid_section_name_is_reported_once() {
    let doc = document(&[("document.toml", &|t: String| {
        t.replace("\"intro\"", "\"Intro\"")
            .replace("section.intro", "section.Intro")
    })]);
    assert_one_error(&doc, "invalid section name `Intro`", "document.toml:11:13");
}
