//! The PDF variant, end to end and by its layout.
//!
//! Layout tests read the engine's pages without writing PDF: lines inside
//! the text block, justified lines flush right, headings never last on a
//! page, no widows or orphans, at most two hyphenated lines in a row, last
//! lines unstretched, the default document's page count.
//!
//! File tests run the built binary and check its output with the tools a
//! reader would use: `qpdf --check`, `pdffonts`, `pdftotext` (poppler-utils
//! and qpdf; .ci/run installs them), and the bytes themselves.

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_dir, load_project, root};

use ptcdoc::Project;
use ptcdoc::model::{Document, Flow, Inline};
use ptcdoc::render::pdf::layout::{Layout, Role};
use ptcdoc::render::pdf::paragraph::ADDED_HYPHEN;
use ptcdoc::render::pdf::style::Style;

/// The default document loaded in one language.
fn model(lang: &str) -> Project {
    load_project(&root().join("inputs/pc0608"), Some(&[lang]))
}

/// The default document's model and layout in one language.
fn layout(lang: &str) -> (Document, Layout, Style) {
    let mut project = model(lang);
    let ctx = project.context(&project.checked.documents[0]);
    let layout =
        ptcdoc::render::pdf::layout_document(ctx.document, ctx.letterhead, ctx.templates).unwrap();
    let style = ptcdoc::render::pdf::style(ctx.templates).unwrap();
    (project.checked.documents.remove(0), layout, style)
}

/// Runs `ptcdoc build --format pdf` on the default document into `out`.
fn build(out: &Path, langs: &str) {
    let run = Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
        .args([
            "build",
            "inputs/pc0608",
            "--format",
            "pdf",
            "--lang",
            langs,
            "--out",
        ])
        .arg(out)
        .current_dir(root())
        .output()
        .expect("the ptcdoc binary runs");
    assert!(
        run.status.success(),
        "ptcdoc build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn tool(name: &str, args: &[&str], file: &Path) -> std::process::Output {
    let mut command = Command::new(name);
    command.args(args).arg(file);
    if name == "pdftotext" {
        // To standard output.
        command.arg("-");
    }
    command.output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install poppler-utils and qpdf (.ci/run does)")
    })
}

/// Whitespace runs as one space; the no-break spaces too, since poppler
/// extracts them as spaces.
fn normalize(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{A0}' || c == '\u{202F}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body as a reader sees it: headings and blocks, numbers included.
fn model_body(doc: &Document) -> Vec<(Option<u32>, String)> {
    let mut parts = Vec::new();
    for s in &doc.sections {
        parts.push((None, format!("{}. {}", s.numeral, Inline::plain(&s.title))));
        for b in &s.blocks {
            let text = Flow::plain(&b.content);
            match b.number {
                Some(n) => parts.push((Some(n), normalize(&format!("{n}. {text}")))),
                None => parts.push((None, normalize(&text))),
            }
        }
    }
    parts
}

// ---------------------------------------------------------------------------
// Layout

#[test]
fn every_line_stays_in_the_text_block() {
    for lang in ["en", "fr"] {
        let (_, layout, style) = layout(lang);
        let left = style.page.margin_left.0;
        let right = layout.width - style.page.margin_right.0;
        for (p, page) in layout.pages.iter().enumerate() {
            for l in &page.lines {
                assert!(
                    l.x >= left - 0.01 && l.x + l.line.width <= right + 0.01,
                    "{lang} page {}: {:?} runs from {} to {}",
                    p + 1,
                    l.line.text(),
                    l.x,
                    l.x + l.line.width
                );
                assert!(l.x + l.line.width <= l.right + 0.01, "{:?}", l.line.text());
            }
        }
    }
}

#[test]
fn justified_lines_end_at_the_right_margin() {
    let (_, layout, style) = layout("en");
    let margin = layout.width - style.page.margin_right.0;
    let mut body_lines = 0;
    for page in &layout.pages {
        for l in page.lines.iter().filter(|l| l.line.justified) {
            let end = l.x + l.line.width;
            assert!(
                (end - l.right).abs() <= 0.5,
                "{:?} ends at {end}",
                l.line.text()
            );
            if l.role == Role::Text && (l.right - margin).abs() < 0.01 {
                body_lines += 1;
            }
        }
    }
    assert!(body_lines > 100, "{body_lines} justified body lines");
}

#[test]
fn last_lines_are_not_stretched() {
    let (_, layout, _) = layout("en");
    // Liberation Serif's space at 12 pt is 3 pt; a last line's spaces may
    // shrink, never stretch.
    for page in &layout.pages {
        for l in page
            .lines
            .iter()
            .filter(|l| l.role == Role::Text && !l.line.justified)
        {
            for pair in l.line.glyphs.windows(2) {
                if pair[0].ch() == ' ' {
                    let gap = pair[1].x - pair[0].x;
                    assert!(gap <= 3.0 + 0.01, "{:?}: space of {gap}", l.line.text());
                }
            }
        }
    }
}

#[test]
fn headings_are_never_last_on_a_page() {
    for lang in ["en", "fr"] {
        let (_, layout, _) = layout(lang);
        for (p, page) in layout.pages.iter().enumerate().skip(1) {
            let last = page
                .lines
                .iter()
                .filter(|l| matches!(l.role, Role::Text | Role::Heading))
                .max_by(|a, b| a.baseline.total_cmp(&b.baseline))
                .unwrap();
            assert_ne!(
                last.role,
                Role::Heading,
                "{lang} page {} ends with {:?}",
                p + 1,
                last.line.text()
            );
        }
    }
}

#[test]
fn no_widows_or_orphans() {
    for lang in ["en", "fr"] {
        let (_, layout, style) = layout(lang);
        let mut per_block: std::collections::BTreeMap<usize, Vec<(usize, bool)>> =
            Default::default();
        for (p, page) in layout.pages.iter().enumerate() {
            for l in page.lines.iter().filter(|l| l.role == Role::Text) {
                if let Some(b) = l.block {
                    per_block.entry(b).or_default().push((p, l.line.hyphenated));
                }
            }
        }
        let mut split = 0;
        for (block, lines) in per_block {
            let pages: std::collections::BTreeSet<usize> = lines.iter().map(|l| l.0).collect();
            if pages.len() > 1 {
                split += 1;
            }
            for p in &pages {
                let n = lines.iter().filter(|l| l.0 == *p).count();
                assert!(
                    n >= style.pagination.orphans.min(style.pagination.widows),
                    "{lang}: block {block} has {n} line(s) on page {}",
                    p + 1
                );
            }
            // The line before a page break never ends with a hyphen.
            for pair in lines.windows(2) {
                if pair[0].0 != pair[1].0 {
                    assert!(
                        !pair[0].1,
                        "{lang}: block {block} breaks the page after a hyphen"
                    );
                }
            }
        }
        assert!(
            split > 0,
            "{lang}: no block crosses a page; the test tests nothing"
        );
    }
}

#[test]
fn at_most_two_hyphenated_lines_in_a_row() {
    for lang in ["en", "fr"] {
        let (_, layout, _) = layout(lang);
        let mut run = 0;
        let mut hyphens = 0;
        for page in &layout.pages {
            for l in page.lines.iter().filter(|l| l.role == Role::Text) {
                run = if l.line.hyphenated { run + 1 } else { 0 };
                hyphens += usize::from(l.line.hyphenated);
                assert!(
                    run <= 2,
                    "{lang}: three hyphens in a row at {:?}",
                    l.line.text()
                );
            }
        }
        assert!(hyphens > 0, "{lang}: nothing was hyphenated");
    }
}

#[test]
fn paragraph_text_survives_layout() {
    for lang in ["en", "fr"] {
        let (doc, layout, _) = layout(lang);
        let mut by_paragraph: std::collections::BTreeMap<u32, String> = Default::default();
        for page in &layout.pages {
            let mut lines: Vec<_> = page
                .lines
                .iter()
                .filter(|l| l.paragraph.is_some())
                .collect();
            lines.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x.total_cmp(&b.x)));
            for l in lines {
                let text = by_paragraph.entry(l.paragraph.unwrap()).or_default();
                let t = l.line.text();
                if l.line.hyphenated {
                    text.push_str(t.strip_suffix(ADDED_HYPHEN).unwrap());
                } else if l.line.splits_word {
                    // A URL or "121st/122nd" cut without a hyphen.
                    text.push_str(&t);
                } else {
                    text.push_str(&t);
                    text.push(' ');
                }
            }
        }
        for (n, expected) in model_body(&doc)
            .into_iter()
            .filter_map(|(n, t)| n.map(|n| (n, t)))
        {
            assert_eq!(
                normalize(&by_paragraph[&n]),
                expected,
                "{lang} paragraph {n}"
            );
        }
    }
}

#[test]
fn default_document_page_count() {
    let (_, layout, _) = layout("en");
    assert_eq!(layout.pages.len(), 7);
}

#[test]
fn outline_and_destinations_land_on_headings() {
    let (doc, layout, _) = layout("en");
    assert_eq!(layout.outline.len(), doc.sections.len());
    for (entry, section) in layout.outline.iter().zip(&doc.sections) {
        assert!(entry.title.starts_with(&format!("{}. ", section.numeral)));
        let page = &layout.pages[entry.dest.page];
        let heading = page
            .lines
            .iter()
            .find(|l| l.role == Role::Heading && l.line.text() == Inline::plain(&section.title))
            .expect("the heading is on the destination page");
        assert!(heading.baseline > entry.dest.y && heading.baseline - entry.dest.y < 15.0);
    }
}

#[test]
fn no_page_ends_inside_a_word() {
    for lang in ["en", "fr"] {
        let (_, layout, _) = layout(lang);
        for (p, page) in layout.pages.iter().enumerate().skip(1) {
            let last = page.lines.iter().rfind(|l| l.role == Role::Text);
            if let Some(l) = last {
                assert!(
                    !l.line.splits_word,
                    "{lang} page {}: {:?}",
                    p + 1,
                    l.line.text()
                );
            }
        }
    }
}

/// Paragraph 3 of the default document, its content replaced.
fn with_paragraph_3(content: impl FnOnce(Vec<Flow>) -> Vec<Flow>) -> Result<Layout, String> {
    let mut project = model("en");
    let mut doc = project.checked.documents.remove(0);
    let block = doc
        .sections
        .iter_mut()
        .flat_map(|s| s.blocks.iter_mut())
        .find(|b| b.number == Some(3))
        .unwrap();
    block.content = content(std::mem::take(&mut block.content));
    let ctx = project.context(&doc);
    ptcdoc::render::pdf::layout_document(ctx.document, ctx.letterhead, ctx.templates)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn content_nested_deeper_than_the_page_allows_is_an_error_naming_it() {
    // The model may refuse such inputs first; the layout still never
    // sets them into nothing.
    let quoted = with_paragraph_3(|mut flows| {
        for _ in 0..12 {
            flows = vec![Flow::Quote(flows)];
        }
        flows
    });
    let err = quoted.unwrap_err();
    assert!(
        err.contains("in paragraph 3 (id `revenue-aim`) of section `revenue`"),
        "{err}"
    );
    assert!(err.contains("inside 0 lists and 7 quotations"), "{err}");
    assert!(err.contains("at least 40 pt"), "{err}");
    let listed = with_paragraph_3(|mut flows| {
        for _ in 0..40 {
            flows = vec![Flow::List(ptcdoc::model::List {
                style: ptcdoc::input::ListStyle::Bullet,
                items: vec![ptcdoc::model::ListItem {
                    label: "•".into(),
                    id: None,
                    anchor: None,
                    content: flows,
                }],
            })];
        }
        flows
    });
    let err = listed.unwrap_err();
    assert!(
        err.contains("in paragraph 3 (id `revenue-aim`) of section `revenue`"),
        "{err}"
    );
    assert!(err.contains("lists and 0 quotations"), "{err}");
}

#[test]
fn an_empty_paragraph_keeps_its_number_on_its_own_line() {
    let layout = with_paragraph_3(|_| Vec::new()).unwrap();
    let number = |n: &str| {
        layout
            .pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| page.lines.iter().map(move |l| (p, l)))
            .find(|(_, l)| l.role == Role::Number && l.line.text() == n)
            .map(|(p, l)| (p, l.baseline, l.paragraph))
            .unwrap_or_else(|| panic!("{n} is not set"))
    };
    let (three, four) = (number("3."), number("4."));
    // Its own line, not beside paragraph 4's first.
    assert_eq!(three.2, Some(3));
    assert_ne!((three.0, three.1.to_bits()), (four.0, four.1.to_bits()));
}

// ---------------------------------------------------------------------------
// The file

#[test]
fn qpdf_finds_no_errors() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en,fr");
    for name in ["PC0608Ea.pdf", "PC0608Fa.pdf"] {
        let run = tool("qpdf", &["--check"], &out.path().join(name));
        let text = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{name}: {text}");
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en");
    let run = tool("pdffonts", &[], &out.path().join("PC0608Ea.pdf"));
    let text = String::from_utf8_lossy(&run.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{text}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        let (tag, family) = name.split_once('+').unwrap_or(("", name));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{row}"
        );
        assert!(family.starts_with("Liberation"), "{row}");
        // emb, sub, uni
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

/// The body's text as pdftotext gives it: pages 2 onwards, without the
/// running header (cropped away).
fn extracted_body(pdf: &Path, style: &Style, height: f32) -> String {
    // pdftotext takes whole points (pixels at 72 dpi).
    let top = style.header.baseline.0 as i32 + 12;
    let (top, h) = (top.to_string(), (height as i32 - top).to_string());
    let run = tool(
        "pdftotext",
        &[
            "-f", "2", "-x", "0", "-y", &top, "-W", "600", "-H", &h, "-enc", "UTF-8",
        ],
        pdf,
    );
    assert!(run.status.success());
    let mut text = String::from_utf8(run.stdout).unwrap();
    text.push(' ');
    text
}

#[test]
fn pdftotext_gives_back_every_paragraph() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en,fr");
    for (lang, name) in [("en", "PC0608Ea.pdf"), ("fr", "PC0608Fa.pdf")] {
        let (doc, layout, style) = layout(lang);
        let text = normalize(&extracted_body(
            &out.path().join(name),
            &style,
            layout.height,
        ));
        let parts = model_body(&doc);
        for (n, expected) in parts.iter().filter_map(|(n, t)| n.map(|n| (n, t))) {
            assert!(
                text.contains(expected.as_str()),
                "{lang} paragraph {n} does not come back from pdftotext:\n{expected}\n\nextracted:\n{text}"
            );
        }
        // And nothing else: the whole body, in order.
        let expected = parts.into_iter().map(|p| p.1).collect::<Vec<_>>().join(" ");
        if text != expected {
            let at = text
                .chars()
                .zip(expected.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let from = at.saturating_sub(60);
            panic!(
                "{lang}: the body differs at character {at}:\n  pdf:   {}\n  model: {}",
                text.chars().skip(from).take(120).collect::<String>(),
                expected.chars().skip(from).take(120).collect::<String>()
            );
        }
    }
}

#[test]
fn hyphenated_words_come_back_whole() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en");
    let (_, layout, _) = layout("en");
    let run = tool(
        "pdftotext",
        &["-enc", "UTF-8"],
        &out.path().join("PC0608Ea.pdf"),
    );
    let text = String::from_utf8(run.stdout).unwrap();
    let mut checked = 0;
    for page in &layout.pages {
        let lines: Vec<_> = page.lines.iter().filter(|l| l.role == Role::Text).collect();
        for pair in lines.windows(2) {
            if pair[0].line.hyphenated && pair[0].block == pair[1].block {
                let head = pair[0].line.text();
                let head = head
                    .trim_end_matches(ADDED_HYPHEN)
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap()
                    .to_string();
                let tail = pair[1].line.text();
                let tail = tail.split(char::is_whitespace).next().unwrap();
                let word = format!("{head}{tail}");
                assert!(text.contains(&word), "`{word}` does not come back whole");
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}

/// Line boxes as poppler reads them from the file: (page, xMin, xMax).
fn pdf_lines(pdf: &Path) -> Vec<(usize, f32, f32)> {
    let run = tool("pdftotext", &["-bbox-layout"], pdf);
    let html = String::from_utf8(run.stdout).unwrap();
    let mut out = Vec::new();
    let mut page = 0;
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            page += 1;
        } else if let Some(attrs) = part.strip_prefix("line ") {
            let get = |name: &str| -> f32 {
                let at = attrs.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                attrs[at..].split('"').next().unwrap().parse().unwrap()
            };
            out.push((page, get("xMin"), get("xMax")));
        }
    }
    out
}

#[test]
fn justified_lines_in_the_file_end_at_the_margin() {
    // What a viewer draws: glyph advances from /W plus TJ adjustments.
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en");
    let (_, layout, style) = layout("en");
    let left = style.page.margin_left.0;
    let margin = layout.width - style.page.margin_right.0;
    let lines = pdf_lines(&out.path().join("PC0608Ea.pdf"));
    for &(page, x0, x1) in &lines {
        assert!(
            x0 >= left - 0.5 && x1 <= margin + 0.5,
            "page {page}: {x0}..{x1}"
        );
    }
    let flush = lines.iter().filter(|l| (l.2 - margin).abs() <= 0.5).count();
    let justified = layout
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.line.justified && (l.right - margin).abs() < 0.01)
        .count();
    assert!(justified > 100);
    assert!(
        flush >= justified,
        "{flush} lines end at the margin, {justified} are justified"
    );
}

#[test]
fn same_inputs_same_bytes_in_any_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    build(a.path(), "en");
    build(b.path(), "en");
    build(c.path(), "fr,en");
    let en = std::fs::read(a.path().join("PC0608Ea.pdf")).unwrap();
    assert_eq!(en, std::fs::read(b.path().join("PC0608Ea.pdf")).unwrap());
    assert_eq!(
        en,
        std::fs::read(c.path().join("PC0608Ea.pdf")).unwrap(),
        "building French first changed the English bytes"
    );
}

#[test]
fn a_character_the_fonts_lack_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc");
    copy_dir(&root().join("inputs/pc0608"), &doc);
    let cep = doc.join("packages/cep.toml");
    let text = std::fs::read_to_string(&cep).unwrap();
    // A snowman at the start of the package's first English text.
    let text = text.replacen("en = \"\"\"\n", "en = \"\"\"\n\u{2603} ", 1);
    std::fs::write(&cep, text).unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
        .args(["build", "--format", "pdf", "--lang", "en", "--out"])
        .arg(&out)
        .arg(&doc)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("no glyph for U+2603 '\u{2603}'"),
        "{stderr}"
    );
    // Named at its place: the file, line and column of the character.
    assert!(stderr.contains("packages/cep.toml:9:1"), "{stderr}");
    assert!(!out.join("PC0608Ea.pdf").exists(), "nothing is written");
}

#[test]
fn catalog_metadata_and_outline() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "en,fr");
    for (name, lang) in [("PC0608Ea.pdf", "en-GB"), ("PC0608Fa.pdf", "fr-FR")] {
        let doc = lopdf::Document::load(out.path().join(name)).unwrap();
        assert_eq!(doc.version, "1.7");
        let catalog = doc.catalog().unwrap();
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            lang.as_bytes()
        );
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info_id).unwrap();
        assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X claim");
        assert!(info.get(b"CreationDate").is_err(), "no clock");
        for key in [&b"Title"[..], b"Author", b"Subject"] {
            assert!(info.get(key).is_ok(), "{}", String::from_utf8_lossy(key));
        }
        let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(id.len(), 2);
        // Outline: one entry per section, in order, landing below the page top.
        let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
        let outlines = doc.get_dictionary(outlines).unwrap();
        let mut item = outlines.get(b"First").unwrap().as_reference().ok();
        let mut count = 0;
        while let Some(id) = item {
            let entry = doc.get_dictionary(id).unwrap();
            let dest = entry.get(b"Dest").unwrap().as_array().unwrap();
            assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
            let top = dest[3].as_float().unwrap();
            assert!(
                top < 780.0,
                "lands on the heading, not the page top ({top})"
            );
            count += 1;
            item = entry.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
        assert_eq!(count, 4);
    }
}
