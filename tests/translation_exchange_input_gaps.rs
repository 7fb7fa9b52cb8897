//! The translation exchange on the input format of issue 14 (the
//! input-gaps fixture): a reference to several parts, the document's
//! facts and a list's style marker reach the translator as codes or not
//! at all, never as text to translate; they come back byte for byte, and
//! a file that loses or changes one is refused where it does.

mod common;

use common::exchange::{Work, assert_valid_xliff};
use common::*;

/// The exchange's bench on a copy of the input-gaps fixture.
fn input_gaps() -> Work {
    Work::of(&fixture("valid/input-gaps"))
}

/// Exports every text to fr.xlf, checks it against the schema and
/// returns it.
fn export(work: &Work) -> String {
    let xliff = work.export("all");
    assert_valid_xliff(&work.path().join("fr.xlf"));
    xliff
}

/// Imports `xliff`, which must succeed, and checks the document.
fn import_and_check(work: &Work, xliff: &str) {
    let out = work.import(xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = work.run(&["check", "doc"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

/// The `<target>` of unit `name` in `xliff`: where it starts and ends.
fn target_of(xliff: &str, name: &str, nth: usize) -> std::ops::Range<usize> {
    let unit = xliff.find(&format!("name=\"{name}\"")).unwrap();
    let mut start = unit;
    for _ in 0..=nth {
        start += xliff[start..].find("<target>").unwrap() + "<target>".len();
    }
    start..start + xliff[start..].find("</target>").unwrap()
}

/// `text` with each run of blank space made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `<ph .../>` in `text` whose attributes hold `with`.
fn ph_with(text: &str, with: &str) -> String {
    let at = text.find(with).expect("the code is there");
    let start = text[..at].rfind("<ph ").unwrap();
    let len = text[start..].find("/>").unwrap() + 2;
    text[start..start + len].to_string()
}

/// "fr.xlf:LINE:COL" of byte `at` of `text`.
fn place(text: &str, at: usize) -> String {
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("fr.xlf:{line}:{col}")
}

/// Replaces the target `range` of `xliff` by `with`, imports the result
/// and asserts it was refused there, with `message`, nothing written.
fn assert_refused(
    work: &Work,
    xliff: &str,
    range: std::ops::Range<usize>,
    with: &str,
    message: &str,
) {
    let before = snapshot_dir(&work.doc());
    let edited = format!("{}{with}{}", &xliff[..range.start], &xliff[range.end..]);
    let out = work.import(&edited, false);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "expected {message:?} in:\n{err}");
    let located = place(&edited, range.start - "<target>".len());
    assert!(err.contains(&located), "expected {located:?} in:\n{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(snapshot_dir(&work.doc()) == before, "the inputs changed");
}

#[test]
fn an_untouched_export_of_the_input_gaps_imports_byte_for_byte() {
    let work = input_gaps();
    let before = snapshot_dir(&work.doc());
    let xliff = export(&work);
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
}

#[test]
fn a_reference_to_several_parts_shows_what_the_reader_reads() {
    let work = input_gaps();
    let xliff = export(&work);
    // As a reference to one part shows "paragraph 4".
    assert!(
        xliff.contains("disp=\"paragraphs\u{a0}3 and 4\""),
        "{xliff}"
    );
    assert!(xliff.contains("disp=\"2 and 5\""), "{xliff}");
    assert!(!xliff.contains("disp=\"#"), "{xliff}");
    // The words around it are the translator's.
    let at = target_of(&xliff, "summary.action", 0);
    let edited = xliff[at.clone()].replacen("est invité à prendre", "est prié de prendre", 1);
    let xliff_edited = format!("{}{edited}{}", &xliff[..at.start], &xliff[at.end..]);
    import_and_check(&work, &xliff_edited);
    // Written back wrapped, as import wraps an edited text.
    let doc = words(&work.file("document.toml"));
    assert!(
        doc.contains(
            "Le {{committee}} est prié de prendre note des paragraphes \
             [#](#dash-block,#late) et des [](#phases,#grants).\""
        ),
        "{doc}"
    );
    // Without it, or with another, the file is refused.
    let work = input_gaps();
    let xliff = export(&work);
    let at = target_of(&xliff, "summary.action", 0);
    let ph = ph_with(&xliff[at.clone()], "disp=\"paragraphs\u{a0}3 and 4\"");
    let target = &xliff[at.clone()];
    assert_refused(
        &work,
        &xliff,
        at.clone(),
        &target.replacen(&ph, "", 1),
        "lacks the code",
    );
    let other = ph.replacen("id=\"", "id=\"7", 1);
    assert_refused(
        &work,
        &xliff,
        at,
        &target.replacen(&ph, &other, 1),
        "does not have",
    );
}

#[test]
fn facts_are_codes_that_show_their_value_and_come_back_as_written() {
    let work = input_gaps();
    let xliff = export(&work);
    // No fact is text a tool could translate; braces typed as such are.
    let texts: String = xliff
        .split("<source>")
        .chain(xliff.split("<target>"))
        .skip(1)
        .map(|s| s.split("</").next().unwrap())
        .collect();
    for name in [
        "symbol",
        "previous_sessions",
        "sessions",
        "committee",
        "meeting",
    ] {
        assert!(
            !texts.contains(&format!("{{{{{name}}}}}")),
            "{{{{{name}}}}} in {texts}"
        );
    }
    assert!(xliff.contains("typed: {{ 6 * 7 }}.</source>"), "{xliff}");
    assert!(
        xliff.contains("subType=\"ptc:fact\" disp=\"PC0701Ea\""),
        "{xliff}"
    );
    assert!(xliff.contains("disp=\"239th/240th Sessions\""), "{xliff}");
    assert!(
        xliff.contains("<data id=\"d1\">{{symbol}}</data>"),
        "{xliff}"
    );
    // An edit around them, and beside braces typed as such.
    let purpose = target_of(&xliff, "summary.purpose", 0);
    let opening = target_of(&xliff, "intro/opening", 0);
    let mut edited = xliff.clone();
    edited.replace_range(
        opening.clone(),
        &xliff[opening.clone()].replacen("restent telles quelles", "restent comme écrites", 1),
    );
    edited.replace_range(
        purpose.clone(),
        &xliff[purpose.clone()].replacen("rend compte de", "relate", 1),
    );
    import_and_check(&work, &edited);
    let doc = work.file("document.toml");
    assert!(
        doc.contains(
            "Le présent document, {{symbol}}, relate ce qui s'est passé depuis les \
             {{previous_sessions}}."
        ),
        "{doc}"
    );
    assert!(
        doc.contains("le {{issued}}. Les accolades restent comme écrites"),
        "{doc}"
    );
    // Deleting or changing a fact is refused.
    let work = input_gaps();
    let xliff = export(&work);
    let at = target_of(&xliff, "summary.purpose", 0);
    let target = &xliff[at.clone()];
    let ph = ph_with(target, "disp=\"PC0701Ea\"");
    assert_refused(
        &work,
        &xliff,
        at.clone(),
        &target.replacen(&ph, "PC0701Fa", 1),
        "lacks the code",
    );
    let second = ph_with(target, "disp=\"239th/240th Sessions\"");
    let swapped = target
        .replacen(&ph, "@@", 1)
        .replacen(&second, &ph, 1)
        .replacen("@@", &second, 1);
    assert_refused(&work, &xliff, at, &swapped, "moves the codes");
}

#[test]
fn a_list_style_marker_is_structure_kept_out_of_the_text() {
    let work = input_gaps();
    let xliff = export(&work);
    for marker in ["{.bullet}", "{.alpha", "{.roman", "{#strand", "{#phase"] {
        assert!(!xliff.contains(marker), "{marker} in {xliff}");
    }
    assert!(xliff.contains("<source>a note;</source>"), "{xliff}");
    // The translator's words replace the item's, the marker stays.
    let at = target_of(&xliff, "intro/dash-block", 9);
    assert_eq!(&xliff[at.clone()], "une note ;");
    let mut edited = xliff.clone();
    edited.replace_range(at, "une remarque ;");
    import_and_check(&work, &edited);
    let doc = work.file("document.toml");
    assert!(doc.contains("  - {.bullet} une remarque ;\n"), "{doc}");
    // A translator typing a marker gets text, not a style.
    let work = input_gaps();
    let xliff = export(&work);
    let at = target_of(&xliff, "intro/dash-block", 9);
    let mut edited = xliff.clone();
    edited.replace_range(at, "{.alpha} une note ;");
    import_and_check(&work, &edited);
    assert!(
        work.file("document.toml")
            .contains("  - {.bullet} \\\\{.alpha} une note ;\n")
    );
}

#[test]
fn the_memory_and_the_review_page_show_facts_references_and_lists_as_read() {
    let work = input_gaps();
    let xliff = export(&work);
    let out = work.import(&xliff, true);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = work.run(&["translations", "tmx", "doc", "--output", "memory.tmx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tmx = std::fs::read_to_string(work.path().join("memory.tmx")).unwrap();
    assert!(tmx.contains(">{{symbol}}</ph>"), "{tmx}");
    assert!(tmx.contains(">[](#phases,#grants)</ph>"), "{tmx}");
    assert!(!tmx.contains("{.bullet}"), "{tmx}");
    assert!(tmx.contains("typed: {{ 6 * 7 }}."), "{tmx}");
    let out = work.run(&[
        "translations",
        "review",
        "doc",
        "--lang",
        "fr",
        "--output",
        "review.html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(work.path().join("review.html")).unwrap();
    assert!(page.contains("This document, PC0701Ea, reports"), "{page}");
    assert!(page.contains(">paragraphs\u{a0}3</a> and <a"), "{page}");
    assert!(
        !page.contains("{.bullet}") && !page.contains("{{symbol}}"),
        "{page}"
    );
}

/// A translation that typed a fact's value by hand (written before facts
/// existed) comes back untouched; edited, it must take the fact's code.
#[test]
fn a_translation_without_the_fact_is_kept_until_edited() {
    let work = input_gaps();
    let path = work.doc().join("document.toml");
    let typed = work.file("document.toml").replacen(
        "fr = \"Le présent document, {{symbol}},",
        "fr = \"Le présent document, PC0701Fa,",
        1,
    );
    std::fs::write(&path, typed).unwrap();
    let before = snapshot_dir(&work.doc());
    let xliff = export(&work);
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
    let at = target_of(&xliff, "summary.purpose", 0);
    let target = xliff[at.clone()].replacen("rend compte de", "relate", 1);
    assert_refused(&work, &xliff, at, &target, "lacks the code <ph id=\"1\"/>");
}
