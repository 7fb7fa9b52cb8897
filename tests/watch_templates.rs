//! `ptcdoc watch` picks up edits of the files that are not inputs: a
//! template, the stylesheet, the DOCX styles, the PDF style (whose
//! measures the DOCX shares) and a locale, each edited while it runs, each
//! seen in the outputs it changes. Renderers remember what they made
//! (fonts, compressed parts) between rebuilds: this is what checks that
//! nothing they remember outlives the file it came from.
//!
//! The waits are for liveness only (generous, never a speed assertion).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

const PATIENCE: Duration = Duration::from_secs(60);

/// Stops the watcher even when an assertion fails.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads lines until one contains `needle`; returns everything read.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let mut seen = String::new();
    loop {
        match lines.recv_timeout(PATIENCE) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(needle) {
                    return seen;
                }
            }
            Err(_) => panic!("no line with {needle:?} after {PATIENCE:?}; saw:\n{seen}"),
        }
    }
}

/// One part of a DOCX package, as text.
fn docx_part(path: &Path, part: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Replaces `from` (which must be there) by `to` in the file at `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn watch_sees_edits_of_templates_styles_and_locales() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    // A templates folder with a copy of each built-in file edited below.
    let templates = work.path().join("tpl");
    for name in [
        "document.md",
        "style.css",
        "docx/styles.xml",
        "pdf/style.toml",
        "locale/en.toml",
    ] {
        let to = templates.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("templates").join(name), &to).unwrap();
    }
    let mut watcher = Watcher(
        Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
            .args([
                "watch",
                "doc",
                "--out",
                "out",
                "--lang",
                "en",
                "--format",
                "md,html,docx",
                "--templates",
                "tpl",
            ])
            .current_dir(work.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let child = &mut watcher.0;
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let out = work.path().join("out");
    let (md, html, docx) = (
        out.join("PC0999Ea.md"),
        out.join("PC0999Ea.html"),
        out.join("PC0999Ea.docx"),
    );
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    wait_for(&lines, "watching");
    let first_html = read(&html);
    assert!(read(&md).contains("October"), "{}", read(&md));
    assert!(docx_part(&docx, "word/document.xml").contains("w:left=\"1417\""));

    // The stylesheet: the HTML changes, nothing else does.
    edit(
        &templates.join("style.css"),
        "body {",
        "body { --watched: 1;",
    );
    let seen = wait_for(&lines, "changed");
    let seen = seen + &wait_for(&lines, "built");
    assert!(seen.contains("1 changed: out/PC0999Ea.html"), "{seen}");
    assert!(read(&html).contains("--watched: 1;"));

    // A Markdown template.
    edit(
        &templates.join("document.md"),
        "{% for org in letterhead %}",
        "Watched template.\n\n{% for org in letterhead %}",
    );
    wait_for(&lines, "1 changed: out/PC0999Ea.md");
    assert!(read(&md).starts_with("Watched template."), "{}", read(&md));

    // The DOCX styles: its styles part carries the edit.
    edit(
        &templates.join("docx/styles.xml"),
        "The DOCX style part of ptcdoc",
        "The watched DOCX style part",
    );
    wait_for(&lines, "1 changed: out/PC0999Ea.docx");
    assert!(docx_part(&docx, "word/styles.xml").contains("The watched DOCX style part"));

    // The PDF style's left margin, which the DOCX's pages share.
    edit(
        &templates.join("pdf/style.toml"),
        "margin_left = \"25mm\"",
        "margin_left = \"30mm\"",
    );
    wait_for(&lines, "1 changed: out/PC0999Ea.docx");
    assert!(docx_part(&docx, "word/document.xml").contains("w:left=\"1701\""));

    // A locale: the month's name in every text format.
    edit(
        &templates.join("locale/en.toml"),
        "\"October\"",
        "\"Octŵber\"",
    );
    let seen = wait_for(&lines, "built");
    assert!(seen.contains("3 changed"), "{seen}");
    assert!(read(&md).contains("Octŵber"), "{}", read(&md));
    assert!(read(&html).contains("Octŵber"));
    assert!(docx_part(&docx, "word/document.xml").contains("Octŵber"));
    // A character new to the page (ŵ) is in its fonts: the embedded
    // subsets followed the text.
    let fonts = |page: &str| {
        let start = page.find("@font-face").unwrap();
        page[start..start + page[start..].find("@page").unwrap()].to_string()
    };
    assert_ne!(fonts(&first_html), fonts(&read(&html)));

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    wait_for(&lines, "stopped");
    assert!(child.wait().unwrap().success());
}
