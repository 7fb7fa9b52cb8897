//! The translation exchange end to end: XLIFF 2 out to a translator's
//! tool and back into the inputs, a TMX memory, a bilingual review page.
//! Every refusal writes nothing and says where in the XLIFF file.

mod common;

use std::path::Path;
use std::process::Output;

use common::exchange::{Work, assert_valid_xliff};
use common::*;

/// `text` with `from` replaced by `to`, which must be there once.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} is not there once");
    text.replacen(from, to, 1)
}

/// "fr.xlf:LINE:COL" of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("needle present");
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("fr.xlf:{line}:{col}")
}

/// Asserts the import was refused, said so at `located`, and wrote nothing.
fn assert_refused(
    work: &Work,
    before: &[(std::path::PathBuf, Vec<u8>)],
    out: &Output,
    message: &str,
    located: &str,
) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "expected {message:?} in:\n{err}");
    assert!(err.contains(located), "expected {located:?} in:\n{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(snapshot_dir(&work.doc()) == before, "the inputs changed");
}

#[test]
fn importing_an_untouched_export_changes_no_byte() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    assert_eq!(xliff.matches("<unit ").count(), 26);
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
}

#[test]
fn a_document_without_lock_gets_none_from_an_untouched_import() {
    let work = Work::of(&default_doc());
    std::fs::remove_file(work.doc().join("translations.lock")).unwrap();
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    assert!(xliff.contains("state=\"translated\""));
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
}

#[test]
fn an_export_with_nothing_to_translate_is_valid_and_imports_as_nothing() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("missing");
    assert!(xliff.contains("translate=\"no\""), "{xliff}");
    assert_valid_xliff(&work.path().join("fr.xlf"));
    let out = work.import(&xliff, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
}

#[test]
fn the_export_is_valid_xliff_2_core() {
    let work = Work::of(&default_doc());
    work.export("all");
    assert_valid_xliff(&work.path().join("fr.xlf"));
    // With a missing translation and a stale one too.
    make_phase_iv_stale(&work.doc());
    let revenue = work.file("packages/revenue.toml");
    let start = revenue.find("fr = \"\"\"\nLa mise à jour").unwrap();
    let end = start + revenue[start..].find("\"\"\"\n\n").unwrap() + 4;
    let without = format!("{}{}", &revenue[..start], &revenue[end..]);
    std::fs::write(work.doc().join("packages/revenue.toml"), without).unwrap();
    let xliff = work.export("all");
    assert!(xliff.contains("<note category=\"state\">missing</note>"));
    assert!(xliff.contains("<note category=\"state\">stale</note>"));
    assert_valid_xliff(&work.path().join("fr.xlf"));
}

#[test]
fn references_are_placeholders_with_their_text_and_states_come_from_the_lock() {
    let work = Work::of(&default_doc());
    let xliff = work.export("all");
    assert!(xliff.contains("srcLang=\"en\" trgLang=\"fr\""));
    assert!(xliff.contains("<unit id=\"revenue:phase-iv\" name=\"revenue/phase-iv\">"));
    assert!(xliff.contains("<note category=\"paragraph\">4</note>"));
    assert!(
        xliff.contains("subType=\"ptc:ref\" disp=\"III\""),
        "{xliff}"
    );
    assert!(xliff.contains("<data id=\"d3\">[#](#cep)</data>"));
    // The Markdown of a reference is in the unit's data, never in its text.
    assert!(
        xliff
            .lines()
            .filter(|l| l.contains("<source>") || l.contains("<target>"))
            .all(|l| !l.contains("](#")),
        "{xliff}"
    );
    assert!(xliff.contains("state=\"final\""));
    // The five items of paragraph 7 are five segments after the lead-in.
    let unit = &xliff[xliff.find("name=\"revenue/part-2-topics\"").unwrap()..];
    let unit = &unit[..unit.find("</unit>").unwrap()];
    assert_eq!(unit.matches("<segment ").count(), 6);
    assert!(
        unit.contains("<source>Illicit Financial Flows:</source>"),
        "{unit}"
    );
}

#[test]
fn one_edited_target_changes_only_that_text_and_check_passes() {
    let work = Work::of(&default_doc());
    let before_document = work.file("document.toml");
    let before_cep = work.file("packages/cep.toml");
    let before_revenue = work.file("packages/revenue.toml");
    let xliff = work.export("all");
    let edited = replace_once(
        &xliff,
        "<target>À l'issue de la Phase III,",
        "<target>Au terme de la <pc id=\"x\">Phase</pc> III,",
    );
    // A code the source does not have is refused...
    let out = work.import(&edited, false);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // ...plain words are taken.
    let edited = replace_once(
        &xliff,
        "<target>À l'issue de la Phase III,",
        "<target>Au terme de la Phase III,",
    );
    let out = work.import(&edited, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(work.file("document.toml"), before_document);
    assert_eq!(work.file("packages/cep.toml"), before_cep);
    let after = work.file("packages/revenue.toml");
    let changed: Vec<(&str, &str)> = before_revenue
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "À l'issue de la Phase III, le Secrétariat a élaboré un projet de proposition",
            "Au terme de la Phase III, le Secrétariat a élaboré un projet de proposition"
        )]
    );
    assert_eq!(before_revenue.lines().count(), after.lines().count());
    let check = work.run(&["check", "doc"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let status = work.status();
    assert!(
        status.contains("not accepted  revenue/phase-iv"),
        "{status}"
    );
    assert!(
        status.contains("25 up to date, 0 stale, 0 missing, 1 not accepted"),
        "{status}"
    );
}

#[test]
fn a_crlf_file_stays_crlf_through_an_import() {
    let work = Work::of(&default_doc());
    for name in [
        "document.toml",
        "packages/cep.toml",
        "packages/revenue.toml",
    ] {
        let path = work.doc().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    }
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
    let edited = replace_once(
        &xliff,
        "<target>À l'issue de la Phase III,",
        "<target>Au terme de la Phase III,",
    );
    let out = work.import(&edited, false);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = work.file("packages/revenue.toml");
    assert!(after.contains("\r\nAu terme de la Phase III,"), "{after}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "a line lost its CR"
    );
    assert!(!after.contains("\\r"), "a CR was written as an escape");
    let check = work.run(&["check", "doc"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn accept_records_the_imported_texts_in_the_lock() {
    let work = Work::of(&default_doc());
    let xliff = work.export("all");
    let edited = replace_once(
        &xliff,
        "<target>À l'issue de la Phase III,",
        "<target>Au terme de la Phase III,",
    );
    let out = work.import(&edited, true);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = work.status();
    assert!(
        status.contains("26 up to date, 0 stale, 0 missing, 0 not accepted"),
        "{status}"
    );
    // A segment a translator left `initial` is not accepted.
    let work = Work::of(&default_doc());
    let stale_english = replace_once(
        &work.file("packages/revenue.toml"),
        "Following the conclusion of Phase III,",
        "After the conclusion of Phase III,",
    );
    std::fs::write(work.doc().join("packages/revenue.toml"), stale_english).unwrap();
    let xliff = work.export("stale");
    assert!(xliff.contains("state=\"initial\""));
    let out = work.import(&xliff, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        work.status().contains("stale         revenue/phase-iv"),
        "{}",
        work.status()
    );
    let confirmed = xliff.replace("state=\"initial\"", "state=\"translated\"");
    let out = work.import(&confirmed, true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(work.status().contains("26 up to date"), "{}", work.status());
}

#[test]
fn only_stale_after_an_english_edit_holds_exactly_that_unit() {
    let work = Work::of(&default_doc());
    let english = replace_once(
        &work.file("packages/cep.toml"),
        "The CEP contains all",
        "The Compliance and Enforcement Package contains all",
    );
    std::fs::write(work.doc().join("packages/cep.toml"), english).unwrap();
    let xliff = work.export("stale");
    assert_eq!(xliff.matches("<unit ").count(), 1, "{xliff}");
    assert!(xliff.contains("<note category=\"state\">stale</note>"));
    assert!(xliff.contains("state=\"initial\""));
    // The old target is kept for the translator to revise.
    assert!(xliff.contains("<target>"));
}

#[test]
fn a_source_that_changed_since_the_export_is_refused() {
    let work = Work::of(&default_doc());
    let xliff = work.export("all");
    let english = replace_once(
        &work.file("packages/revenue.toml"),
        "Following the conclusion of Phase III,",
        "After the conclusion of Phase III,",
    );
    std::fs::write(work.doc().join("packages/revenue.toml"), english).unwrap();
    let before = snapshot_dir(&work.doc());
    let edited = replace_once(
        &xliff,
        "<target>À l'issue de la Phase III,",
        "<target>Au terme de la Phase III,",
    );
    let out = work.import(&edited, false);
    let located = place(&edited, "<unit id=\"revenue:phase-iv\"");
    assert_refused(
        &work,
        &before,
        &out,
        "the source of `revenue/phase-iv` no longer matches",
        &located,
    );
}

#[test]
fn broken_inline_codes_are_refused() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    let unit_at = xliff
        .find("name=\"revenue/performance-measurement\"")
        .unwrap();
    let target_at = unit_at + xliff[unit_at..].find("<target>").unwrap();
    let end = target_at + xliff[target_at..].find("</target>").unwrap();
    let target = &xliff[target_at..end];
    let ph = |id: &str| {
        let start = target.find(&format!("<ph id=\"{id}\"")).unwrap();
        let len = target[start..].find("/>").unwrap() + 2;
        target[start..start + len].to_string()
    };
    let (one, two) = (ph("1"), ph("2"));
    let cases = [
        (
            target.replacen(&one, "", 1),
            "lacks the code <ph id=\"1\"/>",
        ),
        (
            target
                .replacen(&one, "@@", 1)
                .replacen(&two, &one, 1)
                .replacen("@@", &two, 1),
            "moves the codes",
        ),
        (
            target.replacen(&one, &format!("{one}{one}"), 1),
            "repeats a code",
        ),
        (
            target.replacen(&one, "<ph id=\"9\"/>", 1),
            "does not have: <ph id=\"9\"/>",
        ),
        (
            target.replacen(&one, "<pc id=\"1\">x</pc>", 1),
            "does not have: <pc id=\"1\">",
        ),
    ];
    for (broken, message) in cases {
        let edited = format!("{}{broken}{}", &xliff[..target_at], &xliff[end..]);
        let out = work.import(&edited, false);
        assert_refused(&work, &before, &out, message, &place(&edited, &broken));
    }
}

#[test]
fn a_target_that_breaks_list_parity_is_refused() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    let edited = replace_once(
        &xliff,
        "Il s'agit des thèmes suivants:</target>",
        "Il s'agit des thèmes suivants:\n- et un sixième</target>",
    );
    let out = work.import(&edited, false);
    let located = place(&edited, "<target>Cinq thèmes");
    assert_refused(
        &work,
        &before,
        &out,
        "would break list parity: the `en` text has 1 list(s), the `fr` text 2",
        &located,
    );
}

#[test]
fn an_unknown_unit_id_is_refused() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    let edited = replace_once(
        &xliff,
        "<unit id=\"revenue:phase-iv\"",
        "<unit id=\"revenue:phase-v\"",
    );
    let out = work.import(&edited, false);
    let located = place(&edited, "<unit id=\"revenue:phase-v\"");
    assert_refused(
        &work,
        &before,
        &out,
        "no text `revenue/phase-v` in this document",
        &located,
    );
    assert!(
        stderr(&out).contains("did you mean `revenue:phase-iv`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_that_are_not_xliff_2_of_the_document_are_refused_where_they_go_wrong() {
    let work = Work::of(&default_doc());
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    let root = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">";
    let cases = [
        (
            xliff.replacen("</unit>", "</segment>", 1),
            "not well-formed XML",
            place(&xliff, "</unit>"),
        ),
        (
            "{\"not\": \"xml\"}".to_string(),
            "not XML",
            "fr.xlf:1:1".to_string(),
        ),
        (
            xliff.replace("version=\"2.0\"", "version=\"1.2\""),
            "XLIFF version `1.2` is not supported",
            "fr.xlf:2:1".to_string(),
        ),
        (
            xliff.replace("trgLang=\"fr\"", "trgLang=\"de\""),
            "translates into `de`, which is not a language of the document",
            "fr.xlf:2:1".to_string(),
        ),
        (
            xliff.replace("srcLang=\"en\"", "srcLang=\"es\""),
            "translates from `es`",
            "fr.xlf:2:1".to_string(),
        ),
    ];
    assert!(xliff.lines().nth(1).unwrap().starts_with(root));
    for (text, message, located) in cases {
        let out = work.import(&text, false);
        assert_refused(&work, &before, &out, message, &located);
    }
    // A region in the language is the language.
    let regional = xliff.replace("trgLang=\"fr\"", "trgLang=\"fr-FR\"");
    let out = work.import(&regional, false);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_missing_translation_is_exported_without_target_and_added_on_import() {
    let work = Work::of(&default_doc());
    let revenue = work.file("packages/revenue.toml");
    let start = revenue.find("fr = \"\"\"\nLa mise à jour").unwrap();
    let end = start + revenue[start..].find("\"\"\"\n\n").unwrap() + 4;
    let without = format!("{}{}", &revenue[..start], &revenue[end..]);
    std::fs::write(work.doc().join("packages/revenue.toml"), &without).unwrap();
    let xliff = work.export("missing");
    assert_eq!(xliff.matches("<unit ").count(), 1, "{xliff}");
    assert!(!xliff.contains("<target>"));
    let translated = replace_once(
        &xliff,
        "processed and analyzed.</source>",
        "processed and analyzed.</source>\n        <target>La mise à jour de l'Étude est en cours.</target>",
    )
    .replace("state=\"initial\"", "state=\"translated\"");
    let out = work.import(&translated, true);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = work.file("packages/revenue.toml");
    assert!(
        after.contains(
            "processed and analyzed.\n\"\"\"\nfr = \"\"\"\nLa mise à jour de l'Étude est en cours.\n\"\"\"\n"
        ),
        "{after}"
    );
    let check = work.run(&["check", "doc"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(work.status().contains("26 up to date"), "{}", work.status());
}

#[test]
fn the_review_page_marks_a_missing_translation() {
    let work = Work::of(&default_doc());
    let revenue = work.file("packages/revenue.toml");
    let start = revenue.find("fr = \"\"\"\nLa mise à jour").unwrap();
    let end = start + revenue[start..].find("\"\"\"\n\n").unwrap() + 4;
    let without = format!("{}{}", &revenue[..start], &revenue[end..]);
    std::fs::write(work.doc().join("packages/revenue.toml"), without).unwrap();
    let out = work.run(&["translations", "review", "doc", "--output", "review.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(work.path().join("review.html")).unwrap();
    let row = &page[page.find("<tr class=\"missing\"").expect("a missing row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<code>revenue/5</code>") && row.contains("(no translation)"),
        "{row}"
    );
}

/// Edits the English of paragraph 4 so that its translation is stale.
fn make_phase_iv_stale(doc: &Path) {
    let path = doc.join("packages/revenue.toml");
    let english = replace_once(
        &std::fs::read_to_string(&path).unwrap(),
        "Following the conclusion of Phase III,",
        "After the conclusion of Phase III,",
    );
    std::fs::write(path, english).unwrap();
}

#[test]
fn the_memory_holds_each_accepted_pair_once_and_is_the_same_every_time() {
    let work = Work::of(&default_doc());
    copy_dir(&default_doc(), &work.path().join("next"));
    make_phase_iv_stale(&work.path().join("next"));
    let run = || {
        let out = work.run(&[
            "translations",
            "tmx",
            "doc",
            "next",
            "--output",
            "memory.tmx",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            std::fs::read(work.path().join("memory.tmx")).unwrap(),
        )
    };
    let (said, first) = run();
    assert!(said.contains("wrote 26 translation unit(s)"), "{said}");
    assert!(said.contains("(25 duplicate(s) left out)"), "{said}");
    let (_, second) = run();
    assert!(first == second, "two runs wrote different memories");
    let text = String::from_utf8(first).unwrap();
    assert_eq!(text.matches("<tu ").count(), 26);
    assert!(text.contains("<tu tuid=\"PC0608/revenue/phase-iv\">"));
    // The stale English of the second document is in no pair.
    assert!(!text.contains("After the conclusion"));
    assert!(
        text.contains("<ph x=\"3\" type=\"link\">[#](#cep)</ph>"),
        "{text}"
    );
    let lint = std::process::Command::new("xmllint")
        .args(["--noout"])
        .arg(work.path().join("memory.tmx"))
        .output()
        .expect("xmllint is installed (libxml2-utils)");
    assert!(lint.status.success(), "{}", stderr(&lint));
}

#[test]
fn the_review_page_shows_each_text_beside_its_translation_and_marks_the_stale() {
    let work = Work::of(&default_doc());
    make_phase_iv_stale(&work.doc());
    let out = work.run(&["translations", "review", "doc", "--output", "review.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(work.path().join("review.html")).unwrap();
    assert_eq!(page.matches("<tr class=").count(), 26);
    assert!(page.contains("25 up to date, 1 stale, 0 missing, 0 not accepted"));
    let row = &page[page.find("<code>revenue/phase-iv</code>").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("stale") && row.contains("After the conclusion"),
        "{row}"
    );
    assert!(
        page.contains("<tr class=\"stale\" id=\"para-4\">"),
        "{page}"
    );
    // References read as in the HTML output, and lead to their row.
    assert!(
        page.contains("<a class=\"ref\" href=\"#section-cep\">III</a>"),
        "{page}"
    );
    assert!(page.contains("<td class=\"number\">9</td>"));
    // Ids are given once: the translation's copies are not ids.
    assert_eq!(page.matches(" id=\"item-e-commerce-fraud\"").count(), 1);
    let jar = std::env::var_os("VNU_JAR")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| {
                std::path::PathBuf::from(h)
                    .join(".cache/ptcdoc-ci/node_modules/vnu-jar/build/dist/vnu.jar")
            })
        })
        .filter(|p| p.is_file());
    let Some(jar) = jar else {
        assert!(std::env::var_os("CI").is_none(), "vnu.jar is missing on CI");
        eprintln!("vnu.jar not found: the review page is not checked by vnu");
        return;
    };
    let vnu = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("--errors-only")
        .arg(work.path().join("review.html"))
        .output()
        .expect("java runs");
    assert!(vnu.status.success(), "{}", stderr(&vnu));
}

#[test]
fn a_translation_keeps_the_address_of_its_own_language() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/other-shape"), &work.path().join("doc"));
    let run = |args: &[&str]| ptcdoc(work.path(), args);
    let out = run(&["translations", "export", "doc", "--output", "fr.xlf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_valid_xliff(&work.path().join("fr.xlf"));
    let xliff = std::fs::read_to_string(work.path().join("fr.xlf")).unwrap();
    // The French links to the French page: its own data, `d1t`.
    assert!(
        xliff.contains("<data id=\"d1t\">&lt;https://www.wcoomd.org/fr/"),
        "{xliff}"
    );
    assert!(
        xliff.contains("dataRef=\"d1t\"/> ainsi qu'auprès"),
        "{xliff}"
    );
    let edited = replace_once(
        &xliff,
        "Les documents mentionnés ci-après",
        "Les documents cités ci-après",
    );
    std::fs::write(work.path().join("fr.xlf"), &edited).unwrap();
    let out = run(&["translations", "import", "doc", "fr.xlf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let document = std::fs::read_to_string(work.path().join("doc/document.toml")).unwrap();
    assert!(
        document.contains("Les documents cités ci-après"),
        "{document}"
    );
    assert!(
        document.contains("\n<https://www.wcoomd.org/fr/topics/"),
        "{document}"
    );
    let check = run(&["check", "doc"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // An address no link may have is refused, where its code is used.
    let before = snapshot_dir(&work.path().join("doc"));
    let hostile = edited.replace(
        "d1t\">&lt;https://www.wcoomd.org/fr/",
        "d1t\">&lt;javascript:alert(1)/",
    );
    std::fs::write(work.path().join("fr.xlf"), &hostile).unwrap();
    let out = run(&["translations", "import", "doc", "fr.xlf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is not an address a link may have"), "{err}");
    assert!(
        err.contains(&place(&hostile, "<target>Les documents cités")),
        "{err}"
    );
    assert!(snapshot_dir(&work.path().join("doc")) == before);
}

#[test]
fn a_blank_text_is_not_exported_and_the_file_stays_valid() {
    let work = Work::of(&default_doc());
    let revenue = replace_once(
        &work.file("packages/revenue.toml"),
        "[[blocks]]\nid = \"customs-debt\"",
        "[[blocks]]\nen = \" \"\nfr = \" \"\n\n[[blocks]]\nid = \"customs-debt\"",
    );
    std::fs::write(work.doc().join("packages/revenue.toml"), revenue).unwrap();
    let before = snapshot_dir(&work.doc());
    let xliff = work.export("all");
    assert_eq!(xliff.matches("<unit ").count(), 26, "{xliff}");
    assert_valid_xliff(&work.path().join("fr.xlf"));
    let out = work.import(&xliff, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot_dir(&work.doc()) == before, "an input changed");
}
