//! The PDF's cover and running header come from the template
//! `pdf/cover.toml`: overriding it changes them without code, and a
//! template that renders a bad description is an error naming it.
//!
//! The PDFs are read as a reader would, with `pdftotext` (poppler-utils).

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, default_doc, ptcdoc, root, stderr};
use ptcdoc::render::pdf::layout::{Layout, Role};
use ptcdoc::render::pdf::style::Style;

/// The default document copied into `dir`, with `cover` as its own
/// `templates/pdf/cover.toml` when given.
fn document(dir: &Path, cover: Option<&str>) -> PathBuf {
    let doc = dir.join("doc");
    copy_dir(&default_doc(), &doc);
    if let Some(cover) = cover {
        std::fs::create_dir_all(doc.join("templates/pdf")).unwrap();
        std::fs::write(doc.join("templates/pdf/cover.toml"), cover).unwrap();
    }
    doc
}

/// Builds the English PDF of `doc` (with `extra` arguments) into `out`.
fn build(doc: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        doc.to_str().unwrap(),
        "--format",
        "pdf",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    ptcdoc(doc, &args)
}

/// The lines of text of pages `first..=last`, as pdftotext gives them.
fn text(pdf: &Path, first: u32, last: u32) -> Vec<String> {
    let run = std::process::Command::new("pdftotext")
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext ({e}): install poppler-utils"));
    assert!(run.status.success(), "{}", stderr(&run));
    String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\u{c}")
        .map(String::from)
        .collect()
}

fn built_in() -> String {
    std::fs::read_to_string(root().join("templates/pdf/cover.toml")).unwrap()
}

/// The built-in template with `from` replaced by `to`, once.
fn edited(template: &str, from: &str, to: &str) -> String {
    assert_eq!(template.matches(from).count(), 1, "{from}");
    template.replacen(from, to, 1)
}

#[test]
fn an_overridden_template_changes_the_cover_and_nothing_else() {
    let base = tempfile::tempdir().unwrap();
    let plain = document(base.path(), None);
    let run = build(&plain, &base.path().join("out"), &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let before = base.path().join("out/PC0608Ea.pdf");

    // Another committee, and no agenda category line.
    let template = edited(
        &built_in(),
        "text = {{ committee | toml }}",
        "text = \"Harmonized System Committee\"",
    );
    let start = template.find("{%- if item_category %}").unwrap();
    let end = start + template[start..].find("{%- endif %}").unwrap() + "{%- endif %}".len();
    let template = format!("{}{}", &template[..start], &template[end..]);

    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path(), Some(&template));
    let run = build(&doc, &dir.path().join("out"), &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let after = dir.path().join("out/PC0608Ea.pdf");

    let (old, new) = (text(&before, 1, 1), text(&after, 1, 1));
    let category = "(“A” Item on the Agenda)";
    assert!(
        old.contains(&"PERMANENT TECHNICAL COMMITTEE".to_string()),
        "{old:#?}"
    );
    assert!(old.contains(&category.to_string()), "{old:#?}");
    assert!(
        new.contains(&"HARMONIZED SYSTEM COMMITTEE".to_string()),
        "{new:#?}"
    );
    assert!(
        !new.iter().any(|l| l.contains("PERMANENT TECHNICAL")),
        "{new:#?}"
    );
    assert!(!new.iter().any(|l| l.contains("“A” Item")), "{new:#?}");
    // The rest of page 1 is as it was, and so is every later page.
    let kept: Vec<&String> = old
        .iter()
        .filter(|l| *l != "PERMANENT TECHNICAL COMMITTEE" && *l != category)
        .collect();
    let now: Vec<&String> = new
        .iter()
        .filter(|l| *l != "HARMONIZED SYSTEM COMMITTEE")
        .collect();
    assert_eq!(kept, now);
    assert_eq!(text(&before, 2, 99), text(&after, 2, 99));
}

/// A cover written from scratch, given with `--templates`: what it does not
/// describe (letterhead, box, notice) is not there, and its running header
/// numbers the pages its own way.
#[test]
fn a_cover_written_from_scratch_replaces_the_whole_furniture() {
    let template = r#"
[header]
face = "sans"
size = 9
baseline = "12mm"
left = {{ (symbol ~ " – page {}") | toml }}

[[block]]
kind = "lines"
lines = [
  { text = {{ sessions | toml }}, face = "sans-bold", size = 14, clear = 0 },
  { slot = "title", face = "serif-bold", size = 16, align = "center", space = 40 },
]

[[block]]
kind = "rule"
space = 12
thickness = 2
width = "30mm"

[[block]]
kind = "box"
clear = 20
thickness = 1
padding = 4
content = [{ slot = "action", face = "serif" }]
"#;
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path(), None);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("pdf")).unwrap();
    std::fs::write(templates.join("pdf/cover.toml"), template).unwrap();
    let run = build(
        &doc,
        &dir.path().join("out"),
        &["--templates", templates.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let pdf = dir.path().join("out/PC0608Ea.pdf");
    let cover = text(&pdf, 1, 1);
    assert_eq!(cover[0], "227th/228th Sessions", "{cover:#?}");
    assert_eq!(cover[1], "Inter-Sessional Developments", "{cover:#?}");
    assert_eq!(cover[2], "The Permanent Technical Committee is invited to:");
    for gone in [
        "WORLD CUSTOMS",
        "SUMMARY",
        "Purpose of document",
        "Copyright",
    ] {
        assert!(
            !cover.iter().any(|l| l.contains(gone)),
            "{gone}: {cover:#?}"
        );
    }
    let second = text(&pdf, 2, 2);
    assert_eq!(second[0], "PC0608Ea – page 2", "{second:#?}");
    assert!(!second.contains(&"2.".to_string()), "{second:#?}");
}

#[test]
fn a_template_rendering_a_bad_description_is_an_error_naming_it() {
    let base = built_in();
    let cases = [
        (
            "an unknown block kind",
            edited(&base, "kind = \"rule\"", "kind = \"frame\""),
            "unknown variant `frame`, expected one of `lines`, `row`, `rule`, `box`",
        ),
        (
            "a bad face",
            edited(
                &base,
                "face = {{ c.committee_face | toml }}",
                "face = \"serif-black\"",
            ),
            "unknown variant `serif-black`",
        ),
        (
            "a bad size",
            edited(&base, "size = {{ c.title_size | toml }}", "size = -12"),
            "must be a number of points more than 0, not -12",
        ),
        (
            "a field of another kind",
            edited(
                &base,
                "thickness = {{ c.letterhead_rule | toml }}",
                "thickness = 1\npadding = 2",
            ),
            "a `rule` block has no `padding`",
        ),
        (
            "a template error",
            edited(&base, "{{ committee | toml }}", "{{ committe | toml }}"),
            "committe",
        ),
    ];
    for (what, template, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let doc = document(dir.path(), Some(&template));
        let run = build(&doc, &dir.path().join("out"), &[]);
        let err = stderr(&run);
        assert!(!run.status.success(), "{what}: {err}");
        assert!(err.contains(message), "{what}: {err}");
        assert!(err.contains("pdf/cover.toml"), "{what}: {err}");
        assert!(!dir.path().join("out/PC0608Ea.pdf").exists(), "{what}");
    }
}

#[test]
fn a_description_error_gives_the_template_file_and_the_line_of_its_output() {
    let template = edited(&built_in(), "kind = \"rule\"", "kind = \"frame\"");
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path(), Some(&template));
    let run = build(&doc, &dir.path().join("out"), &[]);
    let err = stderr(&run);
    let path = doc.join("templates/pdf/cover.toml");
    assert!(
        err.contains(&format!("template {} rendered", path.display())),
        "{err}"
    );
    assert!(err.contains("column 8 of its output"), "{err}");
    assert!(err.contains("| kind = \"frame\""), "{err}");
}

#[test]
fn blocks_that_reach_the_notice_overflow_the_first_page() {
    let template = edited(
        &built_in(),
        "clear = {{ c.asterisk_gap | toml }}",
        "clear = 400",
    );
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path(), Some(&template));
    let run = build(&doc, &dir.path().join("out"), &[]);
    let err = stderr(&run);
    assert!(!run.status.success(), "{err}");
    assert!(err.contains("the first page overflows by"), "{err}");
}

/// The default document laid out with `cover` as its cover template.
fn laid_out(cover: &str) -> (Layout, Style) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pdf")).unwrap();
    std::fs::write(dir.path().join("pdf/cover.toml"), cover).unwrap();
    let options = ptcdoc::Options {
        templates: Some(dir.path().to_path_buf()),
        languages: Some(vec!["en".to_string()]),
        pdf: true,
    };
    let project = ptcdoc::Project::load(&default_doc(), &options).unwrap();
    assert!(!project.checked.diags.has_errors(), "{}", project.report());
    let doc = &project.checked.documents[0];
    let layout = ptcdoc::render::pdf::layout_document(
        doc,
        project.context(doc).letterhead,
        &project.templates,
    )
    .unwrap();
    (
        layout,
        ptcdoc::render::pdf::style(&project.templates).unwrap(),
    )
}

/// `space` runs from the last baseline, `clear` from the bottom of what is
/// above, each a length or lengths added in turn; a text goes one line
/// down without either; a rule takes no room; a row goes on below its
/// longer column; a box holds its content inside its padding.
#[test]
fn blocks_are_placed_as_the_description_says() {
    let text = |t: &str, rest: &str| {
        format!("{{ text = \"{t}\", face = \"serif\", size = 10, leading = 12, {rest} }}")
    };
    let cover = format!(
        "[[block]]\nkind = \"lines\"\nlines = [{}, {}, {}]\n\
         [[block]]\nkind = \"rule\"\nclear = 3\nthickness = 1\n\
         [[block]]\nkind = \"row\"\ncolumns = {{ split = 0.5 }}\nleft = [{}]\nright = [{}]\n\
         [[block]]\nkind = \"box\"\nspace = 4\nthickness = 0.5\npadding = 6\ncontent = [{}]\n",
        text("A", "clear = 5"),
        text("B", "space = [10, 3]"),
        text("C", "align = \"left\""),
        text("L", "space = 20"),
        text("R", "space = \"30pt\", align = \"right\""),
        text("X", "clear = 0"),
    );
    let (layout, style) = laid_out(&cover);
    let page = &layout.pages[0];
    let line = |t: &str| {
        page.lines
            .iter()
            .find(|l| l.line.text() == t)
            .unwrap_or_else(|| panic!("{t} is not on page 1"))
    };
    let near = |a: f32, b: f32| assert!((a - b).abs() < 1e-3, "{a} is not {b}");
    let top = style.page.margin_top_first.0;
    let ascent = line("A").baseline - (top + 5.0);
    assert!(ascent > 5.0 && ascent < 12.0, "{ascent}");
    near(line("B").baseline, line("A").baseline + 13.0);
    near(line("C").baseline, line("B").baseline + 12.0);
    let rule = page.rules[0];
    near(rule.y, line("C").baseline + 12.0 - ascent + 3.0);
    near(line("L").baseline, rule.y + 20.0);
    near(line("R").baseline, rule.y + 30.0);
    let (l, r) = (line("L"), line("R"));
    near(l.x, style.page.margin_left.0);
    near(r.x + r.line.width, layout.width - style.page.margin_right.0);
    let frame = page.frames[0];
    near(frame.rect.y, line("R").baseline + 4.0);
    near(line("X").baseline, frame.rect.y + 6.0 + ascent);
    near(frame.rect.height, 6.0 + 12.0 + 6.0);
    // Nothing described, nothing set: no header, no notice.
    assert_eq!(page.lines.len(), 6);
    assert!(layout.pages[1].lines.iter().all(|l| l.role != Role::Header));
}
