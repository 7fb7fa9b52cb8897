//! Texts that are hostile or surely wrong: each gives a located error or
//! warning from `check`, never a crash, a flood or a silent loss.

mod common;

use common::*;

/// A one-section document whose section is `blocks` (TOML `[[section.s.blocks]]`
/// tables), in a fresh folder.
fn document(blocks: &str) -> tempfile::TempDir {
    document_with(
        "sections = [\"s\"]",
        &format!("[section.s]\ntitle.en = \"S\"\ntitle.fr = \"S\"\n\n{blocks}"),
    )
}

/// A document with the given `sections = ...` line and section tables.
fn document_with(sections: &str, tables: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        r#"symbol = "PC0999"
suffix = "a"
committee = "ptc"
sessions = [229, 230]
meeting = {{ from = 2020-11-30, to = 2020-12-02 }}
issued = 2020-10-01
place = "brussels"
agenda_item = "II. (a)"
languages = ["en", "fr"]
{sections}

[title]
en = "Test"
fr = "Essai"

[summary.purpose]
en = "Testing."
fr = "Essai."

[summary.action]
en = "Take note."
fr = "Prendre note."

{tables}"#
    );
    std::fs::write(dir.path().join("document.toml"), text).unwrap();
    dir
}

/// One block with the same `en` and `fr` text (a TOML basic string body).
fn block(text: &str) -> String {
    format!("[[section.s.blocks]]\nen = \"{text}\"\nfr = \"{text}\"\n")
}

/// Runs `check` on a folder: exit code and stderr.
fn check(dir: &tempfile::TempDir) -> (Option<i32>, String) {
    let run = ptcdoc(&root(), &["check", dir.path().to_str().unwrap()]);
    (run.status.code(), stderr(&run))
}

#[test]
fn case_changing_characters_do_not_crash_the_lint() {
    // The Kelvin sign (U+212A) is written as itself: the PDF fonts lack
    // it, which `check` reports as an error, but nothing crashes.
    // Each K loses 2 bytes lower-cased and each ȺȺ gains 2: the lengths
    // agree, the offsets do not.
    let dir = document(&block("\u{212A}paragraph 9ȺȺ and \u{212A} paragraph 3ȺȺ"));
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("`paragraph 3` is a paragraph number written by hand"),
        "{err}"
    );
    assert!(err.contains("document.toml:29:28"), "{err}");
}

#[test]
fn a_word_repeated_thousands_of_times_is_reported_a_few_times() {
    let words = vec!["word"; 4000].join(" ");
    let dir = document(&block(&words));
    let (code, err) = check(&dir);
    assert_eq!(code, Some(0), "{err}");
    // Three warnings per text, two texts: the line is quoted six times.
    assert_eq!(
        err.matches("doubled word `word word`").count(),
        6,
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("and 3,996 more doubled words in this text"),
        "{}",
        &err[..2000]
    );
    assert!(err.len() < 400_000, "{} bytes of report", err.len());
}

/// Nesting beyond the document family's is an error at its place, so no
/// format silently drops the deep text; input nested thousands deep is
/// the same error, not a stack overflow.
#[test]
fn nesting_too_deep_is_an_error_however_deep() {
    let list: String = (0..50)
        .map(|i| format!("{}- level {i}\\n", "  ".repeat(i)))
        .collect();
    for (text, message) in [
        (list.as_str(), "this list is nested 7 deep"),
        (&"> ".repeat(8), "this quotation is nested 4 deep"),
        (
            &format!("{}deep", ">".repeat(100_000)),
            "this quotation is nested 4 deep",
        ),
        (
            &format!("{}x{}", "*a ".repeat(20_000), " b*".repeat(20_000)),
            "this emphasis, strong text or link is nested 7 deep",
        ),
        (&"[".repeat(20_000), ""),
    ] {
        let dir = document(&block(text));
        let run = ptcdoc(
            &root(),
            &[
                "build",
                dir.path().to_str().unwrap(),
                "--out",
                dir.path().join("out").to_str().unwrap(),
            ],
        );
        let err = stderr(&run);
        let head = &err[..err.len().min(3000)];
        if message.is_empty() {
            assert_eq!(run.status.code(), Some(0), "{head}");
            continue;
        }
        assert_eq!(run.status.code(), Some(1), "{head}");
        assert!(err.contains(message), "{head}");
        assert!(err.contains("document.toml:29:"), "{head}");
        assert!(!dir.path().join("out").exists(), "nothing is written");
    }
}

/// Builds a folder in Markdown and HTML and returns the English Markdown.
fn build_markdown(dir: &tempfile::TempDir) -> String {
    let out = dir.path().join("out");
    let run = ptcdoc(
        &root(),
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--format",
            "md,html",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    std::fs::read_to_string(out.join("PC0999Ea.md")).unwrap()
}

#[test]
fn link_destinations_stay_intact_in_the_markdown() {
    let dir = document(&block(
        "See [the page](<http://a.org/x)y>), <https://www.wcoomd.org/a_(b)>, <a@wcoomd.org> and https://www.wcoomd.org/bare.",
    ));
    let md = build_markdown(&dir);
    assert!(md.contains("[the page](http://a.org/x\\)y)"), "{md}");
    assert!(md.contains("<https://www.wcoomd.org/a_(b)>"), "{md}");
    assert!(md.contains("<a@wcoomd.org>"), "{md}");
    // A bare address is a link: CommonMark reads it back only in <>.
    assert!(md.contains("<https://www.wcoomd.org/bare>."), "{md}");
    let html = std::fs::read_to_string(dir.path().join("out/PC0999Ea.html")).unwrap();
    assert!(html.contains("href=\"http://a.org/x)y\""), "{html}");
    assert!(html.contains("href=\"mailto:a@wcoomd.org\""), "{html}");
    assert!(
        html.contains("href=\"https://www.wcoomd.org/bare\""),
        "{html}"
    );
}

/// Runs `check`, expecting success, and returns stderr.
fn warnings_of(dir: &tempfile::TempDir) -> String {
    let (code, err) = check(dir);
    assert_eq!(code, Some(0), "{err}");
    err
}

#[test]
fn a_document_without_sections_is_warned_of() {
    let dir = document_with("sections = []", "");
    let err = warnings_of(&dir);
    assert!(
        err.contains("warning: the document has no sections"),
        "{err}"
    );
    assert!(err.contains("document.toml:1:1"), "{err}");
}

#[test]
fn a_section_without_blocks_is_warned_of_at_its_name() {
    let dir = document_with(
        "sections = [\"s\", \"empty\"]",
        "[section.empty]\ntitle.en = \"E\"\ntitle.fr = \"E\"\n\n[section.s]\ntitle.en = \"S\"\ntitle.fr = \"S\"\n\n[[section.s.blocks]]\nen = \"A.\"\nfr = \"A.\"\n",
    );
    let err = warnings_of(&dir);
    assert!(
        err.contains("warning: section `empty` has no blocks"),
        "{err}"
    );
    assert!(err.contains("document.toml:24:10"), "{err}");
}

#[test]
fn empty_and_blank_texts_are_warned_of_at_their_place() {
    let dir = document(&format!(
        "{}{}",
        block("A."),
        "[[section.s.blocks]]\nen = \"\"\nfr = \"  \\n \"\n"
    ));
    let err = warnings_of(&dir);
    assert!(err.contains("warning: the `en` text is empty"), "{err}");
    assert!(err.contains("document.toml:32:6"), "{err}");
    assert!(err.contains("warning: the `fr` text is empty"), "{err}");
    assert!(err.contains("document.toml:33:6"), "{err}");
}

#[test]
fn a_word_doubled_by_a_reference_is_warned_of_in_each_language() {
    let dir = document(
        "[[section.s.blocks]]\nid = \"x\"\nen = \"A.\"\nfr = \"A.\"\n\n[[section.s.blocks]]\nen = \"As in paragraph [](#x).\"\nfr = \"Comme au paragraphe [](#x).\"\n",
    );
    let err = warnings_of(&dir);
    assert!(
        err.contains(
            "warning: doubled word `paragraph paragraph` once the reference has its text (en)"
        ),
        "{err}"
    );
    assert!(err.contains("document.toml:34:23"), "{err}");
    assert!(
        err.contains(
            "warning: doubled word `paragraphe paragraphe` once the reference has its text (fr)"
        ),
        "{err}"
    );
    assert!(err.contains("document.toml:35:27"), "{err}");
}

#[test]
fn a_sub_list_read_as_a_continuation_is_warned_of_at_its_item() {
    let ten: String = (1..=10).map(|i| format!("{i}. item {i}\\n")).collect();
    let dir = document(&format!(
        "[[section.s.blocks]]\nlists = [\"roman\", \"alpha\"]\nen = \"Items:\\n\\n{ten}   1. sub a\\n   2. sub b\\n\"\nfr = \"Points :\\n\\n{ten}    1. sub a\\n    2. sub b\\n\"\n"
    ));
    // The French nests its sub-list, the English does not: parity fails
    // too, but the warning names the English item.
    let (_, err) = check(&dir);
    assert!(
        err.contains("warning: this item is indented as if nested, but continues the list above"),
        "{err}"
    );
    assert!(
        err.contains("to nest it, indent it to the text of the item above: 4 spaces"),
        "{err}"
    );
    assert_eq!(err.matches("continues the list above").count(), 2, "{err}");
}

/// The same error repeated through a text is shown three times and
/// counted, like the lint's warnings.
#[test]
fn repeated_errors_in_a_text_are_capped() {
    for (unit, message, count) in [
        (
            "<b>x</b> ",
            "raw HTML is not allowed in a text",
            "and 7,997 more like it in this text",
        ),
        (
            "[](#nope) ",
            "unknown reference `#nope`",
            "and 3,997 more like it in this text",
        ),
        (
            "[x](file:///a) ",
            "not to `file:///a`",
            "and 3,997 more like it in this text",
        ),
        (
            "{{nope}} ",
            "unknown fact `{{nope}}`",
            "and 3,997 more like it in this text",
        ),
        (
            "[](#nope,#nope) ",
            "unknown reference `#nope`",
            "and 7,997 more like it in this text",
        ),
    ] {
        let dir = document(&block(&unit.repeat(4000)));
        let (code, err) = check(&dir);
        let head = &err[..err.len().min(3000)];
        assert_eq!(code, Some(1), "{head}");
        // Three per language.
        assert_eq!(err.matches(message).count(), 6, "{head}");
        assert!(err.contains(count), "{head}");
        assert!(err.len() < 500_000, "{} bytes of report", err.len());
    }
}
