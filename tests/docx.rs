//! The DOCX judged by the programs that read it: every part well-formed
//! (xmllint), LibreOffice's rendering (paragraphs 1–19 in order with the
//! Markdown's words, the references, the running header from page 2),
//! LibreOffice's field results equal to the cached ones, Pandoc reading
//! one continuous numbered sequence, and the same bytes from every build.
//!
//! A test that needs an external program skips with a message when the
//! program is missing, unless `CI` is set: there it fails.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{default_doc, have, ptcdoc, root, stderr};

/// Builds the default document's DOCX (both languages) into a new folder.
fn build(extra: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let doc = default_doc();
    let mut args = vec![
        "build",
        doc.to_str().unwrap(),
        "--out",
        dir,
        "--format",
        "docx",
    ];
    args.extend_from_slice(extra);
    let run = ptcdoc(&root(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    let en = out.path().join("PC0608Ea.docx");
    let fr = out.path().join("PC0608Fa.docx");
    (out, en, fr)
}

/// Every entry of a package: name and bytes, in order.
fn entries(docx: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(docx).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_part_is_well_formed_xml() {
    if !have("xmllint") {
        return;
    }
    let (out, en, fr) = build(&[]);
    let mut files = vec![en, fr];
    // The fixtures of other shapes too: no list, no summary, other lists.
    for name in ["minimal", "other-shape"] {
        let dir = out.path().join(name);
        let source = common::fixture(&format!("valid/{name}"));
        let made = ptcdoc(
            &root(),
            &[
                "build",
                source.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
                "--format",
                "docx",
            ],
        );
        assert!(made.status.success(), "{name}: {}", stderr(&made));
        for entry in std::fs::read_dir(&dir).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    assert!(files.len() >= 4, "{files:?}");
    for docx in files {
        let parts = entries(&docx);
        assert_eq!(parts[0].0, "[Content_Types].xml");
        for (name, bytes) in parts {
            let path = out.path().join("part.xml");
            std::fs::write(&path, bytes).unwrap();
            let check = Command::new("xmllint")
                .arg("--noout")
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{}: {name}: {}",
                docx.display(),
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_in_any_language_order() {
    let (_a, en, fr) = build(&["--lang", "en,fr"]);
    let (_b, en2, fr2) = build(&["--lang", "fr,en"]);
    let (_c, en3, _) = build(&[]);
    let read = |p: &Path| std::fs::read(p).unwrap();
    assert_eq!(read(&en), read(&en2));
    assert_eq!(read(&fr), read(&fr2));
    assert_eq!(read(&en), read(&en3));
    assert_ne!(read(&en), read(&fr));
}

/// The language is declared where Word looks for it.
#[test]
fn the_language_is_declared_in_the_styles_and_properties() {
    let (_out, en, fr) = build(&[]);
    for (docx, lang) in [(en, "en-GB"), (fr, "fr-FR")] {
        let parts = entries(&docx);
        let part = |name: &str| {
            let (_, bytes) = parts.iter().find(|(n, _)| n == name).unwrap();
            String::from_utf8(bytes.clone()).unwrap()
        };
        let styles = part("word/styles.xml");
        let langs = styles.matches("<w:lang ").count();
        assert!(langs >= 2, "{styles}");
        assert_eq!(
            styles
                .matches(&format!(
                    "<w:lang w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\" w:val=\"{lang}\"/>"
                ))
                .count()
                + styles
                    .matches(&format!("<w:lang w:val=\"{lang}\"/>"))
                    .count(),
            langs,
            "{styles}"
        );
        let core = part("docProps/core.xml");
        assert!(
            core.contains(&format!("<dc:language>{lang}</dc:language>")),
            "{core}"
        );
        assert!(
            core.contains(">2020-03-24T00:00:00Z</dcterms:created>"),
            "{core}"
        );
    }
}

/// The words of a text as compared: letters and digits, hyphens dropped
/// (LibreOffice hyphenates where the Markdown has whole words).
fn words(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .join("\n")
        .replace("-\n", "")
        .replace(['-', '\u{ad}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .fold(Vec::new(), |mut words: Vec<String>, w| {
            // A superscript ordinal ("122e") comes out of a PDF joined to
            // its number or apart from it: it is counted joined.
            let ordinal = w.len() <= 3 && w.chars().all(|c| c.is_lowercase());
            match words.last_mut() {
                Some(last) if ordinal && last.ends_with(|c: char| c.is_ascii_digit()) => {
                    last.push_str(w)
                }
                _ => words.push(w.to_string()),
            }
            words
        })
}

/// The body of the Markdown: from the first section heading to the
/// notice after the last rule (which the DOCX has on page 1).
fn markdown_body(md: &str) -> String {
    let at = md.find("\n## I. ").expect("a first section");
    let end = md.rfind("\n---\n").expect("the notice's rule");
    md[at..end]
        .replace('\\', "")
        .replace("<sup>", " ")
        .replace("</sup>", "")
}

#[test]
fn libreoffice_renders_the_paragraphs_references_and_running_header() {
    if !have("soffice") || !have("pdftotext") {
        return;
    }
    let (out, en, fr) = build(&[]);
    let md_out = tempfile::tempdir().unwrap();
    let doc = default_doc();
    let made = ptcdoc(
        &root(),
        &[
            "build",
            doc.to_str().unwrap(),
            "--out",
            md_out.path().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert!(made.status.success());
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        out.path().display()
    );
    let dir = out.path().to_str().unwrap();
    run(
        "soffice",
        &[
            "--headless",
            &profile,
            "--convert-to",
            "pdf",
            "--outdir",
            dir,
            en.to_str().unwrap(),
            fr.to_str().unwrap(),
        ],
    );
    for (lang, short, refs) in [
        ("E", "PC0608E", "topics (i) and (iv) above"),
        ("F", "PC0608F", "thèmes i) et iv) ci-dessus"),
    ] {
        let pdf = out.path().join(format!("PC0608{lang}a.pdf"));
        let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 3, "{lang}: {} pages", pages.len());
        let header = |page: &str| {
            let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            first.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        assert!(
            !header(pages[0]).starts_with(&format!("{short} ")),
            "{lang}: page 1 has a header"
        );
        let mut body = String::new();
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert_eq!(
                header(page),
                format!("{short} {}.", i + 1),
                "{lang} page {}",
                i + 1
            );
            let first = page.find(short).unwrap() + short.len();
            let rest = &page[first..];
            body.push_str(&rest[rest.find('\n').unwrap_or(rest.len())..]);
            body.push('\n');
        }
        let md = std::fs::read_to_string(md_out.path().join(format!("PC0608{lang}a.md"))).unwrap();
        let (ours, theirs) = (words(&body), words(&markdown_body(&md)));
        let same = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        assert!(
            same == ours.len() && same == theirs.len(),
            "{lang}: the body's words differ after {:?}: LibreOffice {:?}, Markdown {:?}",
            &ours[same.saturating_sub(8)..same],
            &ours[same..(same + 8).min(ours.len())],
            &theirs[same..(same + 8).min(theirs.len())],
        );
        let lines: Vec<&str> = body.lines().map(str::trim_start).collect();
        let nine = lines
            .iter()
            .position(|l| l.starts_with("9. "))
            .expect("paragraph 9");
        let ten = lines
            .iter()
            .position(|l| l.starts_with("10. "))
            .expect("paragraph 10");
        let nine = lines[nine..ten].join(" ");
        let nine = nine.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(nine.contains(refs), "{lang}: paragraph 9 reads: {nine}");
    }
}

#[test]
fn the_cached_field_results_are_what_libreoffice_computes() {
    if !have("soffice") || !have("/usr/bin/python3") {
        return;
    }
    let (out, en, fr) = build(&[]);
    let script = root().join("tools/lo_text.py");
    for docx in [en, fr] {
        let cached = out.path().join("cached.txt");
        let fresh = out.path().join("fresh.txt");
        let d = docx.to_str().unwrap();
        run(
            "/usr/bin/python3",
            &[script.to_str().unwrap(), d, cached.to_str().unwrap()],
        );
        run(
            "/usr/bin/python3",
            &[
                script.to_str().unwrap(),
                "--refresh",
                d,
                fresh.to_str().unwrap(),
            ],
        );
        let cached = std::fs::read_to_string(cached).unwrap();
        let fresh = std::fs::read_to_string(fresh).unwrap();
        assert_eq!(cached, fresh, "{}", docx.display());
        assert!(
            cached.contains("(i) and (iv)") || cached.contains("i) et iv)"),
            "{cached}"
        );
    }
}

#[test]
fn pandoc_reads_one_continuous_numbered_sequence() {
    if !have("pandoc") {
        return;
    }
    let (_out, en, fr) = build(&[]);
    for docx in [en, fr] {
        let md = run(
            "pandoc",
            &["-f", "docx", "-t", "markdown", docx.to_str().unwrap()],
        );
        let numbers: Vec<u32> = md
            .lines()
            .filter_map(|l| {
                let (n, rest) = l.split_once('.')?;
                rest.starts_with(' ').then(|| n.parse().ok()).flatten()
            })
            .collect();
        assert_eq!(
            numbers,
            (1..=19).collect::<Vec<u32>>(),
            "{}:\n{md}",
            docx.display()
        );
    }
}

/// The text of a package part.
fn part(docx: &Path, name: &str) -> String {
    let (_, bytes) = entries(docx)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in {}", docx.display()));
    String::from_utf8(bytes).unwrap()
}

/// A one-word change in the inputs changes one paragraph of the body, so
/// Word's Compare shows that paragraph and nothing else.
#[test]
fn a_one_word_change_changes_only_its_paragraph() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    common::copy_dir(&default_doc(), &doc);
    let build = |out: &str| {
        let run = ptcdoc(
            work.path(),
            &[
                "build", "doc", "--out", out, "--format", "docx", "--lang", "en",
            ],
        );
        assert!(run.status.success(), "{}", stderr(&run));
        part(
            &work.path().join(out).join("PC0608Ea.docx"),
            "word/document.xml",
        )
    };
    let before = build("before");
    let file = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Five topics were identified"));
    std::fs::write(
        &file,
        text.replace("Five topics were identified", "Six topics were identified"),
    )
    .unwrap();
    let after = build("after");
    let paragraphs =
        |xml: &str| -> Vec<String> { xml.split("<w:p>").map(str::to_string).collect() };
    let (old, new) = (paragraphs(&before), paragraphs(&after));
    assert_eq!(old.len(), new.len());
    let changed: Vec<&String> = new
        .iter()
        .zip(&old)
        .filter(|(n, o)| n != o)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].contains("Six topics were identified"));
}

/// The style part is a template: an override is used as written, with the
/// document's language set on its `w:lang`; one that is not XML is an
/// error naming it, and nothing is written.
#[test]
fn the_style_part_can_be_overridden() {
    let work = tempfile::tempdir().unwrap();
    let templates = work.path().join("templates/docx");
    std::fs::create_dir_all(&templates).unwrap();
    let builtin = std::fs::read_to_string(root().join("templates/docx/styles.xml")).unwrap();
    let custom = builtin.replace("w:val=\"Numbered Paragraph\"", "w:val=\"WCO Paragraph\"");
    assert_ne!(custom, builtin);
    std::fs::write(templates.join("styles.xml"), &custom).unwrap();
    let doc = default_doc();
    let tpl = work.path().join("templates");
    let args = |out: &str| {
        vec![
            "build".to_string(),
            doc.display().to_string(),
            "--out".into(),
            work.path().join(out).display().to_string(),
            "--format".into(),
            "docx".into(),
            "--templates".into(),
            tpl.display().to_string(),
        ]
    };
    let run = |v: Vec<String>| {
        let a: Vec<&str> = v.iter().map(String::as_str).collect();
        ptcdoc(&root(), &a)
    };
    let made = run(args("good"));
    assert!(made.status.success(), "{}", stderr(&made));
    let fr = part(&work.path().join("good/PC0608Fa.docx"), "word/styles.xml");
    assert!(fr.contains("w:val=\"WCO Paragraph\""), "{fr}");
    assert!(fr.contains("<w:lang w:val=\"fr-FR\"/>"), "{fr}");
    assert!(
        !fr.contains("\"en-GB\"/>") || fr.contains("w:eastAsia=\"en-GB\""),
        "{fr}"
    );

    std::fs::write(
        templates.join("styles.xml"),
        "<w:styles><w:style></w:styles>",
    )
    .unwrap();
    let failed = run(args("bad"));
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("docx/styles.xml"),
        "{}",
        stderr(&failed)
    );
    assert!(!work.path().join("bad").exists());
}
